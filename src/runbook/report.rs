//! What the runner tells the console about a run, on a channel of its own: a step began, a
//! wait saw something, the run finished (and how).

use crate::cloud::model::Timestamp;

/// Where a run is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunStatus {
    Running,
    Succeeded,
    /// A step failed; the reason.
    Failed(String),
    /// A re-check found that what the plan assumed had changed; the reason.
    Stopped(String),
    /// The console quit while the run was in progress; in which step.
    Abandoned(String),
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
pub struct RunReport {
    pub id: u64,
    pub at: Timestamp,
    pub update: RunUpdate,
}
