//! What every planner builds with: an empty plan, and the plan for a target not in the data.

use crate::cloud::model::ResourceKey;

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
        runbook_file: None,
    }
}

/// The plan for a target the data on screen does not (yet) hold: it cannot be confirmed.
pub(super) fn missing(runbook: RunbookKind, target: &ResourceKey, what: &str) -> Plan {
    let mut plan = empty_plan(runbook, target, format!("{} {}", runbook.label(), target.id), Risk::High);
    plan.checks.push(Check::new(format!("{what} is known"), false, "not in the data on screen (yet)"));
    plan
}
