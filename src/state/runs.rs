//! Runbook state as the screens see it: the confirm dialog being filled in, and the runs in
//! progress or finished, fed by the runner's events.

use crate::cloud::model::Timestamp;
use crate::runbook::catalog::Request;
use crate::runbook::plan::Plan;

use super::health::Level;

/// Which field of the confirm dialog takes typed characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ConfirmField {
    /// The scale-up target.
    #[default]
    Number,
    /// The identifier typed to confirm a high-risk plan.
    Word,
}

/// The confirm dialog: the request (whose plan is rebuilt from live data) and what was typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    pub request: Request,
    pub typed: String,
    pub field: ConfirmField,
}

impl Confirm {
    pub fn new(request: Request) -> Self {
        let field = if matches!(request, Request::ScaleUp { .. }) { ConfirmField::Number } else { ConfirmField::Word };
        Self { request, typed: String::new(), field }
    }
}

/// Where a run is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunStatus {
    Running,
    Succeeded,
    /// A step failed; the reason.
    Failed(String),
    /// A re-check found that what the plan assumed had changed; the reason.
    Stopped(String),
}

/// One run of a confirmed plan.
#[derive(Debug, Clone, PartialEq)]
pub struct RunView {
    pub id: u64,
    pub plan: Plan,
    /// The step being worked on (or the last one, once finished).
    pub step: usize,
    /// What the current wait last saw, e.g. "5/9 in service" or "42 %".
    pub progress: Option<String>,
    pub status: RunStatus,
    pub started: Timestamp,
    pub finished: Option<Timestamp>,
}

impl RunView {
    pub fn is_active(&self) -> bool {
        self.status == RunStatus::Running
    }
}

/// What the runner reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunUpdate {
    /// A step began.
    Step(usize),
    /// A wait saw something.
    Progress(String),
    Finished(RunStatus),
}

/// A runner report for one run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunEvent {
    pub id: u64,
    pub at: Timestamp,
    pub update: RunUpdate,
}

/// A one-line message for the status bar, until the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub level: Level,
}

impl Notice {
    pub fn warn(text: impl Into<String>) -> Self {
        Self { text: text.into(), level: Level::Warn }
    }

    pub fn info(text: impl Into<String>) -> Self {
        Self { text: text.into(), level: Level::Ok }
    }
}
