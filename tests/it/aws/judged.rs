//! `opsdeck check` of one moto region, and what it said of one resource and rule: the reading
//! the posture tests against moto share.

use std::time::Duration;

use opsdeck::check::{self, Report};
use opsdeck::judging::Thresholds;
use opsdeck::posture::{Finding, PostureSettings, RuleId};

use super::{adapter, moto};

/// The check of `region`, fetched without errors and judged with the default settings.
pub async fn report(region: &str) -> Report {
    let aws = adapter(moto(), &[region]).await;
    let fetched = check::fetch(&aws, Duration::from_mins(1)).await;
    assert!(fetched.errors.is_empty(), "{:?}", fetched.errors);
    check::judge(&fetched, &PostureSettings::default(), &Thresholds::default())
}

/// The finding of `rule` on resource `id`, if it fired.
pub fn finding<'r>(report: &'r Report, id: &str, rule: RuleId) -> Option<&'r Finding> {
    let judged = report.assessed.iter().find(|r| r.key.id == id).unwrap_or_else(|| panic!("{id} not judged"));
    judged.posture.findings.iter().find(|f| f.rule == rule)
}

/// Its message alone.
pub fn message<'r>(report: &'r Report, id: &str, rule: RuleId) -> Option<&'r str> {
    finding(report, id, rule).map(|f| &*f.message)
}

/// Whether `rule` could not be evaluated on `id`.
pub fn not_evaluated(report: &Report, id: &str, rule: RuleId) -> bool {
    report.unknown().iter().any(|(r, u)| r.key.id == id && u.rule == rule)
}
