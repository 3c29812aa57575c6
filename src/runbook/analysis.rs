//! The analysis-report runbook: `CreatePerformanceAnalysisReport` for the window the
//! Performance tab shows, on the instance in focus, then a wait until PI has run it. A write
//! like the others: planned here with no I/O, confirmed, audited, refused where writes are.

use std::time::Duration;

use crate::cloud::model::{ResourceKey, Timestamp};

use super::checks::{empty_plan, missing};
use super::fleet::FleetView;
use super::plan::{Action, Check, Plan, Risk, RunbookKind, Step, Wait};

/// How long PI may take to run a report before the run stops waiting (the report goes on).
const REPORT_TIMEOUT: Duration = Duration::from_mins(15);
/// The shortest and longest windows PI analyses.
const MIN_WINDOW_SECS: i64 = 5 * 60;
const MAX_WINDOW_SECS: i64 = 6 * 24 * 3600;

/// The plan for an analysis report of `target` over `start`..`end`.
pub fn plan(fleet: &FleetView<'_>, target: &ResourceKey, (start, end): (Timestamp, Timestamp)) -> Plan {
    let Some(db) = fleet.instance(target) else { return missing(RunbookKind::AnalysisReport, target, "the instance") };
    let title = format!("Analysis report of {}, {} – {} UTC", target.id, start.format("%F %R"), end.format("%R"));
    let mut plan = empty_plan(RunbookKind::AnalysisReport, target, title, Risk::Low);
    let on = db.performance_insights == Some(true);
    plan.checks.push(Check::new("Performance Insights is on", on, if on { "on" } else { "off or unknown" }));
    let secs = (end - start).num_seconds();
    let fits = (MIN_WINDOW_SECS..=MAX_WINDOW_SECS).contains(&secs);
    let why = format!("the window is {}; PI analyses 5 minutes to 6 days", crate::judging::format_secs(secs as f64));
    plan.checks.push(Check::new("the window is one PI analyses", fits, why));
    let Some(resource_id) = db.resource_id.clone() else {
        plan.checks.push(Check::new("its DbiResourceId is known", false, "RDS did not say"));
        return plan;
    };
    plan.checks.push(Check::new("its DbiResourceId is known", true, resource_id.clone()));
    let action = Action::CreateAnalysisReport { instance: target.clone(), resource_id, start, end };
    plan.steps.push(Step::Call { action, expect: Vec::new() });
    plan.steps.push(Step::wait(Wait::ReportDone { instance: target.clone(), start, end }, REPORT_TIMEOUT));
    plan.effects.push(format!("a performance analysis report of {} kept by PI until deleted", target.id));
    plan.effects.push("R lists the reports; Enter opens one's insights".to_owned());
    plan
}
