//! Plans: exactly what a runbook will do, built from the data on screen with no I/O.
//!
//! Plain data at the bottom of the runbook layer: the planners build plans, the confirm dialog
//! holds and shows one, the runner carries one out, the audit log records one.
//!
//! A plan lists its preconditions (each ✓ or ✗ with the reason), its steps as the exact API
//! calls with their parameters, the waits between them with their timeouts, the expected
//! effect and the risk. The confirm view shows it; only a confirmed plan runs, and the runner
//! re-checks each call's assumptions just before making it.

use std::fmt;
use std::time::Duration;

use serde::Serialize;

use crate::cloud::model::{ResourceKey, Timestamp};

mod calls;

pub use calls::{Action, Assumption, SnapshotKindName, Wait};

/// How careful the confirmation must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Risk {
    /// `y` confirms; the default is No.
    Low,
    /// The user types the target's identifier.
    High,
}

/// The runbooks opsdeck can run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RunbookKind {
    ScaleUp,
    Snapshot,
    /// `RebootDBInstance` with `ForceFailover` on a Multi-AZ instance.
    ForcedFailover,
    /// `FailoverDBCluster` to a chosen reader.
    ClusterFailover,
    /// `PromoteReadReplica`.
    Promote,
    /// `CreatePerformanceAnalysisReport`.
    AnalysisReport,
    /// `PutScheduledUpdateGroupAction` and `DeleteScheduledAction` on a group.
    ScheduleCapacity,
    /// `DisableAlarmActions`: an alarm keeps changing state but runs no actions.
    PauseAlarmActions,
    /// `EnableAlarmActions`.
    ResumeAlarmActions,
    /// `CreateDBInstance` into an Aurora cluster: one more reader.
    AddReader,
    /// `ModifyDBInstance` to another instance class, applied immediately.
    Resize,
}

impl RunbookKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::ScaleUp => "scale up",
            Self::Snapshot => "snapshot",
            Self::ForcedFailover => "fail over (Multi-AZ)",
            Self::ClusterFailover => "fail over (Aurora)",
            Self::Promote => "promote replica",
            Self::AnalysisReport => "analysis report",
            Self::ScheduleCapacity => "scheduled capacity",
            Self::PauseAlarmActions => "pause alarm actions",
            Self::ResumeAlarmActions => "resume alarm actions",
            Self::AddReader => "add Aurora reader",
            Self::Resize => "resize instance",
        }
    }
}

/// What the user asked for; the parameters the confirm dialog lets them change live here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    ScaleUp {
        group: ResourceKey,
        target: u32,
    },
    Snapshot {
        target: ResourceKey,
        snapshot_id: String,
        copy_to_dr: bool,
    },
    Failover {
        target: ResourceKey,
        reader: Option<String>,
    },
    /// A performance analysis report of an instance over a window.
    AnalysisReport {
        target: ResourceKey,
        start: Timestamp,
        end: Timestamp,
    },
    /// A runbook file by name (`:runbook NAME`), its parameters at their defaults but those
    /// given (as text, e.g. the scheduled action to remove), planned as of `at` when set (the
    /// time the dialog opened: `now`, `stamp` and the times made from them stay put).
    Runbook {
        name: String,
        target: ResourceKey,
        at: Option<Timestamp>,
        given: Vec<(String, String)>,
    },
}

impl Request {
    pub fn target(&self) -> &ResourceKey {
        match self {
            Self::ScaleUp { group, .. } => group,
            Self::Snapshot { target, .. }
            | Self::Failover { target, .. }
            | Self::AnalysisReport { target, .. }
            | Self::Runbook { target, .. } => target,
        }
    }
}

/// A precondition and whether it holds now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    pub what: String,
    pub ok: bool,
    /// What was seen, e.g. "status is available" or "lag 6m40s ≥ 30s".
    pub why: String,
}

impl Check {
    pub fn new(what: impl Into<String>, ok: bool, why: impl Into<String>) -> Self {
        Self { what: what.into(), ok, why: why.into() }
    }
}

/// One step of a plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    Call { action: Action, expect: Vec<Assumption> },
    Wait { wait: Wait, timeout_secs: u64 },
}

impl Step {
    pub fn wait(wait: Wait, timeout: Duration) -> Self {
        Self::Wait { wait, timeout_secs: timeout.as_secs() }
    }
}

/// A complete plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    pub runbook: RunbookKind,
    pub target: ResourceKey,
    pub title: String,
    pub risk: Risk,
    pub checks: Vec<Check>,
    pub steps: Vec<Step>,
    /// Expected effect, one line each ("desired 4 → 6").
    pub effects: Vec<String>,
    /// For promotion: the writes that may be lost.
    pub data_at_risk: Option<String>,
    /// A team's runbook file the plan was built from, as "NAME (FILE)"; `None` for a built-in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runbook_file: Option<String>,
}

impl Plan {
    /// A plan with a failed precondition cannot be confirmed.
    pub fn can_confirm(&self) -> bool {
        self.checks.iter().all(|c| c.ok) && !self.steps.is_empty()
    }

    /// What the user types to confirm a high-risk plan.
    pub fn confirm_word(&self) -> &str {
        &self.target.id
    }

    /// The reader a cluster failover plan fails over to.
    pub fn failover_reader(&self) -> Option<&str> {
        self.steps.iter().find_map(|step| match step {
            Step::Call { action: Action::FailoverCluster { target, .. }, .. } => Some(target.as_str()),
            _ => None,
        })
    }

    /// Whether `other` acts as this plan does: the same target, risk, calls with what they
    /// assume, waits, and preconditions passing or failing. Words that only describe (a lag
    /// figure in a precondition's reason) may differ.
    pub fn acts_like(&self, other: &Self) -> bool {
        let verdicts = |plan: &Self| plan.checks.iter().map(|c| (c.what.clone(), c.ok)).collect::<Vec<_>>();
        self.runbook == other.runbook
            && self.target == other.target
            && self.risk == other.risk
            && self.steps == other.steps
            && verdicts(self) == verdicts(other)
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Call { action, .. } => action.fmt(f),
            Self::Wait { wait, timeout_secs } => write!(f, "{wait} (timeout {})", format_timeout(*timeout_secs)),
        }
    }
}

fn format_timeout(secs: u64) -> String {
    if secs.is_multiple_of(60) { format!("{} min", secs / 60) } else { format!("{secs} s") }
}
