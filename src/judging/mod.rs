//! The judging vocabulary: levels (ok / warn / critical), the limits and thresholds a measure
//! is judged by, verdicts with their reason, and the units they are said in.
//!
//! The bottom of the console's own layers: state, posture, runbooks, checks and screens all
//! judge in these words, and this module imports nothing of theirs (only the cloud model).

mod health;
mod units;

use std::fmt;

pub use health::{db_level, db_verdict, status_verdict};
pub use units::{GIB, format_age, format_secs};

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
    /// DB load relative to the instance's vCPUs (`DBLoadRelativeToNumVCPUs`): above 1,
    /// sessions queue for CPU.
    pub db_load: Limit,
    /// ASG in-service share of desired, percent (below is bad).
    pub group_in_service_pct: Limit,
    /// How old the newest restorable backup in the DR region may be, seconds.
    pub dr_backup_rpo_secs: u64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            cpu: Limit::above(70.0, 90.0),
            connections: Limit::above(600.0, 900.0),
            free_storage_gib: Limit::below(20.0, 5.0),
            replica_lag: Limit::above(30.0, 300.0),
            db_load: Limit::above(1.0, 2.0),
            group_in_service_pct: Limit::below(80.0, 50.0),
            dr_backup_rpo_secs: 3600,
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
