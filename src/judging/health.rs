//! Health verdicts: what a DB's status and latest metrics say, against the thresholds.

use crate::cloud::model::{DbMetric, DbSeries, DbStatus};

use super::{GIB, Level, Limit, Thresholds, Verdict, format_secs};

/// Words for a metric value past its limit.
type Describe = fn(f64) -> String;

/// What a DB status alone says about health.
pub fn status_verdict(status: &DbStatus) -> Verdict {
    let level = match status {
        DbStatus::Available | DbStatus::BackingUp | DbStatus::Modifying | DbStatus::Creating => Level::Ok,
        DbStatus::Rebooting | DbStatus::FailingOver | DbStatus::Stopped | DbStatus::Other(_) => Level::Warn,
        DbStatus::StorageFull | DbStatus::Failed => Level::Critical,
    };
    let reason = if level == Level::Ok { String::new() } else { status.to_string() };
    Verdict { level, reason }
}

/// The health of a DB instance from its status and latest metrics.
pub fn db_verdict(status: &DbStatus, series: Option<&DbSeries>, t: &Thresholds) -> Verdict {
    let mut verdict = status_verdict(status);
    let Some(series) = series else { return verdict };
    let checks: [(DbMetric, Limit, Describe); 5] = [
        (DbMetric::ReplicaLag, t.replica_lag, |v| format!("lag {}", format_secs(v))),
        (DbMetric::Cpu, t.cpu, |v| format!("CPU {v:.0}%")),
        (DbMetric::DbLoadRelative, t.db_load, |v| format!("load {v:.1}× vCPUs")),
        (DbMetric::FreeStorage, t.free_storage_gib, |v| format!("free {v:.1} GiB")),
        (DbMetric::Connections, t.connections, |v| format!("{v:.0} conns")),
    ];
    for (metric, limit, describe) in checks {
        let Some(mut value) = series.latest(metric) else { continue };
        if metric == DbMetric::FreeStorage {
            value /= GIB;
        }
        let level = limit.level(value);
        if level > Level::Ok {
            verdict = verdict.worst(Verdict { level, reason: describe(value) });
        }
    }
    verdict
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
}
