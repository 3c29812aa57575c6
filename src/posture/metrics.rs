//! Health rules: the latest CPU, free storage, connections, DB load and replica lag against the
//! thresholds the console already colours by (`state::health::Thresholds`).
//!
//! A rule fires at the level of the line it crossed and names both the value and the line, so a
//! report read without the console still says how far past it is.

use super::{Outcome, RuleId};
use crate::cloud::model::{DbMetric, DbSeries};
use crate::judging::{GIB, Level, Limit, Thresholds, format_secs};

/// How a metric reads in a finding.
struct Measure {
    metric: DbMetric,
    name: &'static str,
    /// Divides the raw value into the unit the limit is in.
    scale: f64,
    show: fn(f64) -> String,
}

fn judge(series: Option<&DbSeries>, measure: &Measure, limit: &Limit) -> Outcome {
    let Some(raw) = series.and_then(|s| s.latest(measure.metric)) else {
        return Outcome::unknown(format!("no {} datapoint in the last hour", measure.metric.label()));
    };
    let value = raw / measure.scale;
    let level = limit.level(value);
    if level == Level::Ok {
        return Outcome::Pass;
    }
    let (line, word) = if level == Level::Critical { (limit.critical, "critical") } else { (limit.warn, "warn") };
    let side = if limit.above { "≥" } else { "≤" };
    let (name, show) = (measure.name, measure.show);
    Outcome::Fail(level, format!("{name} {} now ({word} {side} {})", show(value), show(line)))
}

/// CPU, free storage and connections, for any running instance.
pub fn health_rules(series: Option<&DbSeries>, t: &Thresholds) -> [(RuleId, Outcome); 3] {
    let cpu = Measure { metric: DbMetric::Cpu, name: "CPU", scale: 1.0, show: |v| format!("{v:.0}%") };
    let free =
        Measure { metric: DbMetric::FreeStorage, name: "free storage", scale: GIB, show: |v| format!("{v:.1} GiB") };
    let conns = Measure { metric: DbMetric::Connections, name: "connections", scale: 1.0, show: |v| format!("{v:.0}") };
    [
        (RuleId::CpuHigh, judge(series, &cpu, &t.cpu)),
        (RuleId::FreeStorageLow, judge(series, &free, &t.free_storage_gib)),
        (RuleId::ConnectionsHigh, judge(series, &conns, &t.connections)),
    ]
}

/// DB load relative to the vCPUs, for instances with Performance Insights on (RDS publishes
/// the counter for no others). No datapoint means no sessions were active: nothing queues.
pub fn load_rule(series: Option<&DbSeries>, t: &Thresholds) -> Outcome {
    if series.and_then(|s| s.latest(DbMetric::DbLoadRelative)).is_none() {
        return Outcome::Pass;
    }
    let load =
        Measure { metric: DbMetric::DbLoadRelative, name: "DB load", scale: 1.0, show: |v| format!("{v:.1}× vCPUs") };
    judge(series, &load, &t.db_load)
}

/// Replica lag, for replicas and Aurora readers.
pub fn lag_rule(series: Option<&DbSeries>, t: &Thresholds) -> Outcome {
    let lag = Measure { metric: DbMetric::ReplicaLag, name: "replica lag", scale: 1.0, show: format_secs };
    judge(series, &lag, &t.replica_lag)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloud::model::Series;
    use chrono::Utc;

    fn series(values: &[(DbMetric, f64)]) -> DbSeries {
        DbSeries { series: values.iter().map(|&(m, v)| (m, Series::new([(Utc::now(), v)]))).collect() }
    }

    fn outcome(rules: &[(RuleId, Outcome)], rule: RuleId) -> Outcome {
        rules.iter().find(|(r, _)| *r == rule).map(|(_, o)| o.clone()).unwrap()
    }

    #[test]
    fn db_load_fires_past_the_vcpus() {
        let t = Thresholds::default();
        let queued = load_rule(Some(&series(&[(DbMetric::DbLoadRelative, 2.5)])), &t);
        assert_eq!(queued, Outcome::Fail(Level::Critical, "DB load 2.5× vCPUs now (critical ≥ 2.0× vCPUs)".into()));
        assert_eq!(load_rule(Some(&series(&[(DbMetric::DbLoadRelative, 0.4)])), &t), Outcome::Pass);
        assert_eq!(load_rule(Some(&series(&[(DbMetric::Cpu, 40.0)])), &t), Outcome::Pass, "idle: no datapoint");
    }

    #[test]
    fn cpu_fires_at_the_line_it_crossed() {
        let t = Thresholds::default();
        let hot = health_rules(Some(&series(&[(DbMetric::Cpu, 93.0)])), &t);
        assert_eq!(
            outcome(&hot, RuleId::CpuHigh),
            Outcome::Fail(Level::Critical, "CPU 93% now (critical ≥ 90%)".into())
        );
        let warm = health_rules(Some(&series(&[(DbMetric::Cpu, 75.0)])), &t);
        assert!(matches!(outcome(&warm, RuleId::CpuHigh), Outcome::Fail(Level::Warn, _)));
        let cool = health_rules(Some(&series(&[(DbMetric::Cpu, 20.0)])), &t);
        assert_eq!(outcome(&cool, RuleId::CpuHigh), Outcome::Pass);
    }

    #[test]
    fn free_storage_is_judged_in_gib_below_the_line() {
        let t = Thresholds::default();
        let low = health_rules(Some(&series(&[(DbMetric::FreeStorage, 14.5 * GIB)])), &t);
        let Outcome::Fail(level, text) = outcome(&low, RuleId::FreeStorageLow) else { panic!("did not fire") };
        assert_eq!(level, Level::Warn);
        assert!(text.starts_with("free storage 14.5 GiB now (warn ≤"), "{text}");
        let plenty = health_rules(Some(&series(&[(DbMetric::FreeStorage, 400.0 * GIB)])), &t);
        assert_eq!(outcome(&plenty, RuleId::FreeStorageLow), Outcome::Pass);
    }

    #[test]
    fn connections_and_lag() {
        let t = Thresholds::default();
        let busy = health_rules(Some(&series(&[(DbMetric::Connections, 950.0)])), &t);
        assert!(matches!(outcome(&busy, RuleId::ConnectionsHigh), Outcome::Fail(Level::Critical, _)));
        let calm = health_rules(Some(&series(&[(DbMetric::Connections, 100.0)])), &t);
        assert_eq!(outcome(&calm, RuleId::ConnectionsHigh), Outcome::Pass);
        let behind = lag_rule(Some(&series(&[(DbMetric::ReplicaLag, 400.0)])), &t);
        assert_eq!(behind, Outcome::Fail(Level::Critical, "replica lag 6m40s now (critical ≥ 5m00s)".into()));
        assert_eq!(lag_rule(Some(&series(&[(DbMetric::ReplicaLag, 0.4)])), &t), Outcome::Pass);
    }

    #[test]
    fn a_missing_metric_is_unknown_not_zero() {
        let t = Thresholds::default();
        let rules = health_rules(None, &t);
        assert!(rules.iter().all(|(_, o)| matches!(o, Outcome::Unknown(_))));
        assert_eq!(lag_rule(Some(&series(&[])), &t), Outcome::unknown("no Replica lag datapoint in the last hour"));
    }
}
