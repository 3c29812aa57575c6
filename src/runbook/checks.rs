//! What every planner builds with: an empty plan, the plan for a target not in the data, and
//! the preconditions more than one runbook checks (available, replica lag under the limit).

use crate::cloud::model::{DbStatus, ResourceKey};
use crate::judging::format_secs;

use super::fleet::FleetView;
use super::plan::{Check, Plan, Risk, RunbookKind};

pub(super) fn empty_plan(runbook: RunbookKind, target: &ResourceKey, title: String, risk: Risk) -> Plan {
    Plan {
        runbook,
        target: target.clone(),
        title,
        risk,
        checks: Vec::new(),
        steps: Vec::new(),
        effects: Vec::new(),
        data_at_risk: None,
    }
}

/// The plan for a target the data on screen does not (yet) hold: it cannot be confirmed.
pub(super) fn missing(runbook: RunbookKind, target: &ResourceKey, what: &str) -> Plan {
    let mut plan = empty_plan(runbook, target, format!("{} {}", runbook.label(), target.id), Risk::High);
    plan.checks.push(Check::new(format!("{what} is known"), false, "not in the data on screen (yet)"));
    plan
}

/// Passing, the reason is "status is available"; failing, it names the subject ("the replica is
/// modifying"), so that it reads alone in a readiness finding.
pub(super) fn available_check(what: &str, status: &DbStatus) -> Check {
    let ok = *status == DbStatus::Available;
    let why = if ok { format!("status is {status}") } else { format!("{what} is {status}") };
    Check::new(format!("{what} is available"), ok, why)
}

/// A lag check against the warn threshold: unknown or old lag fails, because it cannot be
/// vouched for. A failing reason reads alone ("replica lag 6m10s over 5m").
pub(super) fn lag_check(fleet: &FleetView<'_>, key: &ResourceKey) -> Check {
    let limit = fleet.thresholds.replica_lag.warn;
    let what = format!("replica lag under {}", format_secs(limit));
    match fleet.recent_lag(key) {
        Ok(lag) if lag < limit => Check::new(what, true, format!("lag is {}", format_secs(lag))),
        Ok(lag) => Check::new(what, false, format!("replica lag {} over {}", format_secs(lag), format_secs(limit))),
        Err(why) => Check::new(what, false, format!("replica lag unknown: {why}")),
    }
}
