//! Health verdicts: what a DB's status and latest metrics say, against the thresholds.

use crate::cloud::model::{DbMetric, DbSeries, DbStatus};

use super::{GIB, Level, Limit, Thresholds, Verdict, format_secs};

/// Words for a metric value past its limit.
type Describe = fn(f64) -> String;

fn status_level(status: &DbStatus) -> Level {
    match status {
        DbStatus::Available | DbStatus::BackingUp | DbStatus::Modifying | DbStatus::Creating => Level::Ok,
        DbStatus::Rebooting | DbStatus::FailingOver | DbStatus::Stopped | DbStatus::Other(_) => Level::Warn,
        DbStatus::StorageFull | DbStatus::Failed => Level::Critical,
    }
}

/// What a DB status alone says about health.
pub fn status_verdict(status: &DbStatus) -> Verdict {
    let level = status_level(status);
    let reason = if level == Level::Ok { String::new() } else { status.to_string() };
    Verdict { level, reason }
}

/// The metrics a DB's health reads, with their limits and the words for a value past them.
fn checks(t: &Thresholds) -> [(DbMetric, Limit, Describe); 5] {
    [
        (DbMetric::ReplicaLag, t.replica_lag, |v| format!("lag {}", format_secs(v))),
        (DbMetric::Cpu, t.cpu, |v| format!("CPU {v:.0}%")),
        (DbMetric::DbLoadRelative, t.db_load, |v| format!("load {v:.1}× vCPUs")),
        (DbMetric::FreeStorage, t.free_storage_gib, |v| format!("free {v:.1} GiB")),
        (DbMetric::Connections, t.connections, |v| format!("{v:.0} conns")),
    ]
}

/// The latest value of `metric`, in the unit its limit is in.
fn latest(series: &DbSeries, metric: DbMetric) -> Option<f64> {
    let value = series.latest(metric)?;
    Some(if metric == DbMetric::FreeStorage { value / GIB } else { value })
}

/// The health of a DB instance from its status and latest metrics.
pub fn db_verdict(status: &DbStatus, series: Option<&DbSeries>, t: &Thresholds) -> Verdict {
    let mut verdict = status_verdict(status);
    let Some(series) = series else { return verdict };
    for (metric, limit, describe) in checks(t) {
        let Some(value) = latest(series, metric) else { continue };
        let level = limit.level(value);
        // Words only for a worse level: an equal one keeps the first reason.
        if level > verdict.level {
            verdict = Verdict { level, reason: describe(value) };
        }
    }
    verdict
}

/// The level of `db_verdict`, without its words: what a change of health is noticed by.
pub fn db_level(status: &DbStatus, series: Option<&DbSeries>, t: &Thresholds) -> Level {
    let status = status_level(status);
    let Some(series) = series else { return status };
    checks(t)
        .iter()
        .filter_map(|(metric, limit, _)| latest(series, *metric).map(|v| limit.level(v)))
        .fold(status, Level::max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloud::model::Series;
    use chrono::Utc;

    fn series(values: &[(DbMetric, f64)]) -> DbSeries {
        DbSeries { series: values.iter().map(|&(m, v)| (m, Series::new([(Utc::now(), v)]))).collect() }
    }

    #[test]
    fn worst_metric_wins_with_its_reason() {
        let t = Thresholds::default();
        let s = series(&[(DbMetric::Cpu, 75.0), (DbMetric::ReplicaLag, 400.0)]);
        let v = db_verdict(&DbStatus::Available, Some(&s), &t);
        assert_eq!(v.level, Level::Critical);
        assert_eq!(v.reason, "lag 6m40s");
    }

    #[test]
    fn status_alone_and_missing_metrics() {
        let t = Thresholds::default();
        assert_eq!(db_verdict(&DbStatus::Available, None, &t), Verdict::ok());
        assert_eq!(db_verdict(&DbStatus::StorageFull, None, &t).level, Level::Critical);
        assert_eq!(db_verdict(&DbStatus::Rebooting, None, &t).reason, "rebooting");
    }

    #[test]
    fn free_storage_is_judged_in_gib() {
        let t = Thresholds::default();
        let s = series(&[(DbMetric::FreeStorage, 3.0 * GIB)]);
        assert_eq!(db_verdict(&DbStatus::Available, Some(&s), &t).reason, "free 3.0 GiB");
    }

    #[test]
    fn the_level_alone_is_the_verdicts_level() {
        let t = Thresholds::default();
        let cases = [
            (DbStatus::Available, vec![]),
            (DbStatus::Available, vec![(DbMetric::Cpu, 75.0)]),
            (DbStatus::Available, vec![(DbMetric::Cpu, 99.0), (DbMetric::FreeStorage, 50.0 * GIB)]),
            (DbStatus::Rebooting, vec![(DbMetric::Cpu, 10.0)]),
            (DbStatus::Failed, vec![(DbMetric::ReplicaLag, 400.0)]),
            (DbStatus::Available, vec![(DbMetric::FreeStorage, 3.0 * GIB)]),
        ];
        for (status, values) in cases {
            let s = series(&values);
            assert_eq!(
                db_level(&status, Some(&s), &t),
                db_verdict(&status, Some(&s), &t).level,
                "{status:?} {values:?}"
            );
            assert_eq!(db_level(&status, None, &t), db_verdict(&status, None, &t).level);
        }
    }

    #[test]
    fn of_two_metrics_at_one_level_the_first_gives_the_reason() {
        let t = Thresholds::default();
        let s = series(&[(DbMetric::Cpu, 99.0), (DbMetric::ReplicaLag, 400.0)]);
        assert_eq!(db_verdict(&DbStatus::Available, Some(&s), &t).reason, "lag 6m40s");
    }
}
