//! Health verdicts: turning a resource's status and latest metrics into ok / warn / critical
//! with the reason, against warn and critical thresholds.

use std::fmt;

use crate::cloud::model::{DbMetric, DbSeries, DbStatus};

/// How bad something is. Ordered so that `max` gives the worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Level {
    #[default]
    Ok,
    Warn,
    Critical,
}

impl Level {
    pub fn label(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Warn => "warn",
            Self::Critical => "crit",
        }
    }
}

/// A pair of levels for one measure. `above` says which direction is bad.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limit {
    pub warn: f64,
    pub critical: f64,
    pub above: bool,
}

impl Limit {
    pub const fn above(warn: f64, critical: f64) -> Self {
        Self { warn, critical, above: true }
    }

    pub const fn below(warn: f64, critical: f64) -> Self {
        Self { warn, critical, above: false }
    }

    pub fn level(&self, value: f64) -> Level {
        let past = |limit: f64| if self.above { value >= limit } else { value <= limit };
        if past(self.critical) {
            Level::Critical
        } else if past(self.warn) {
            Level::Warn
        } else {
            Level::Ok
        }
    }
}

/// The thresholds the console judges by.
#[derive(Debug, Clone, PartialEq)]
pub struct Thresholds {
    /// CPU utilisation, percent.
    pub cpu: Limit,
    /// Database connections, count.
    pub connections: Limit,
    /// Free storage, GiB.
    pub free_storage_gib: Limit,
    /// Replica lag, seconds.
    pub replica_lag: Limit,
    /// ASG in-service share of desired, percent (below is bad).
    pub group_in_service_pct: Limit,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            cpu: Limit::above(70.0, 90.0),
            connections: Limit::above(600.0, 900.0),
            free_storage_gib: Limit::below(20.0, 5.0),
            replica_lag: Limit::above(30.0, 300.0),
            group_in_service_pct: Limit::below(80.0, 50.0),
        }
    }
}

/// A level with the reason for it, e.g. "CPU 93%".
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Verdict {
    pub level: Level,
    pub reason: String,
}

impl Verdict {
    pub fn ok() -> Self {
        Self::default()
    }

    /// Keeps the worse of two verdicts (the first on a tie).
    #[must_use]
    pub fn worst(self, other: Self) -> Self {
        if other.level > self.level { other } else { self }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.reason.is_empty() { f.write_str(self.level.label()) } else { f.write_str(&self.reason) }
    }
}

/// Bytes per GiB, for `FreeStorageSpace`.
pub const GIB: f64 = 1024.0 * 1024.0 * 1024.0;

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
    let checks: [(DbMetric, Limit, Describe); 4] = [
        (DbMetric::ReplicaLag, t.replica_lag, |v| format!("lag {}", format_secs(v))),
        (DbMetric::Cpu, t.cpu, |v| format!("CPU {v:.0}%")),
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

/// Seconds as people read them: "850ms", "42s", "3m05s", "2h10m".
pub fn format_secs(secs: f64) -> String {
    if secs < 1.0 {
        return format!("{:.0}ms", secs * 1000.0);
    }
    let whole = secs.round() as u64;
    match whole {
        s if s < 60 => format!("{s}s"),
        s if s < 3600 => format!("{}m{:02}s", s / 60, s % 60),
        s => format!("{}h{:02}m", s / 3600, (s % 3600) / 60),
    }
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
    fn limits_in_both_directions() {
        let cpu = Limit::above(70.0, 90.0);
        assert_eq!(cpu.level(50.0), Level::Ok);
        assert_eq!(cpu.level(70.0), Level::Warn);
        assert_eq!(cpu.level(95.0), Level::Critical);
        let free = Limit::below(20.0, 5.0);
        assert_eq!(free.level(100.0), Level::Ok);
        assert_eq!(free.level(10.0), Level::Warn);
        assert_eq!(free.level(1.0), Level::Critical);
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
    fn seconds_read_like_people_write_them() {
        assert_eq!(format_secs(0.25), "250ms");
        assert_eq!(format_secs(42.0), "42s");
        assert_eq!(format_secs(185.0), "3m05s");
        assert_eq!(format_secs(7800.0), "2h10m");
    }
}
