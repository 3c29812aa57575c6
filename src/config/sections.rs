//! The `[poll]` and `[thresholds]` sections of config.toml (profiles are in `profiles`).
//!
//! Each value checks itself as it is read (through `try_from`), so a bad one is reported at its
//! own line and column, like a typo.

use std::time::Duration;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::feed::Intervals;
use crate::judging::{Limit, Thresholds};

/// Seconds between two polls of a feed: at least 5 (AWS bills and throttles every call), at most
/// an hour (older data would be stale on screen anyway).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(into = "u64")]
pub struct PollSecs(u64);

impl PollSecs {
    pub const MIN: u64 = 5;
    pub const MAX: u64 = 3600;

    fn of(duration: Duration) -> Self {
        Self(duration.as_secs().clamp(Self::MIN, Self::MAX))
    }

    pub fn duration(self) -> Duration {
        Duration::from_secs(self.0)
    }
}

impl TryFrom<u64> for PollSecs {
    type Error = String;

    fn try_from(secs: u64) -> Result<Self, String> {
        if (Self::MIN..=Self::MAX).contains(&secs) {
            Ok(Self(secs))
        } else {
            Err(format!("expected a poll interval of {} to {} seconds, found {secs}", Self::MIN, Self::MAX))
        }
    }
}

impl<'de> Deserialize<'de> for PollSecs {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Seconds;
        impl serde::de::Visitor<'_> for Seconds {
            type Value = PollSecs;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "a whole number of seconds from {} to {}", PollSecs::MIN, PollSecs::MAX)
            }
            fn visit_u64<E: serde::de::Error>(self, secs: u64) -> Result<PollSecs, E> {
                PollSecs::try_from(secs).map_err(E::custom)
            }
            fn visit_i64<E: serde::de::Error>(self, secs: i64) -> Result<PollSecs, E> {
                u64::try_from(secs).map_err(|_| E::invalid_value(serde::de::Unexpected::Signed(secs), &self))?;
                self.visit_u64(secs.unsigned_abs())
            }
        }
        deserializer.deserialize_u64(Seconds)
    }
}

impl From<PollSecs> for u64 {
    fn from(secs: PollSecs) -> Self {
        secs.0
    }
}

/// `[poll]`: seconds between polls, per feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct PollSettings {
    /// RDS instances and clusters.
    pub fleet: PollSecs,
    /// CloudWatch metrics.
    pub metrics: PollSecs,
    /// CloudWatch alarms.
    pub alarms: PollSecs,
    /// Auto Scaling Groups.
    pub groups: PollSecs,
    /// Performance Insights of the instance in focus.
    pub performance: PollSecs,
    /// RDS events (each poll asks only for what is new).
    pub events: PollSecs,
}

impl Default for PollSettings {
    fn default() -> Self {
        let d = Intervals::default();
        Self {
            fleet: PollSecs::of(d.fleet),
            metrics: PollSecs::of(d.metrics),
            alarms: PollSecs::of(d.alarms),
            groups: PollSecs::of(d.groups),
            performance: PollSecs::of(d.performance),
            events: PollSecs::of(d.events),
        }
    }
}

impl PollSettings {
    pub fn intervals(&self) -> Intervals {
        Intervals {
            fleet: self.fleet.duration(),
            metrics: self.metrics.duration(),
            alarms: self.alarms.duration(),
            groups: self.groups.duration(),
            performance: self.performance.duration(),
            events: self.events.duration(),
        }
    }
}

/// A threshold as written: `{ warn = 70, critical = 90 }`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitSpec {
    pub warn: f64,
    pub critical: f64,
}

/// Checks a threshold: finite, not negative, at most `max`, and warn before critical in the
/// direction that is bad.
fn limit(spec: LimitSpec, above: bool, max: f64) -> Result<Limit, String> {
    let LimitSpec { warn, critical } = spec;
    for value in [warn, critical] {
        if !value.is_finite() || value < 0.0 || value > max {
            return Err(format!("expected a threshold from 0 to {max}, found {value}"));
        }
    }
    if above && warn > critical {
        return Err(format!("expected warn ≤ critical (higher is worse), found warn = {warn}, critical = {critical}"));
    }
    if !above && warn < critical {
        return Err(format!("expected warn ≥ critical (lower is worse), found warn = {warn}, critical = {critical}"));
    }
    Ok(Limit { warn, critical, above })
}

macro_rules! threshold {
    ($(#[$doc:meta])* $name:ident, above = $above:expr, max = $max:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
        #[serde(try_from = "LimitSpec", into = "LimitSpec")]
        pub struct $name(pub Limit);

        impl $name {
            pub const MAX: f64 = $max;
        }

        impl TryFrom<LimitSpec> for $name {
            type Error = String;
            fn try_from(spec: LimitSpec) -> Result<Self, String> {
                limit(spec, $above, Self::MAX).map(Self)
            }
        }

        impl From<$name> for LimitSpec {
            fn from(t: $name) -> Self {
                Self { warn: t.0.warn, critical: t.0.critical }
            }
        }
    };
}

threshold!(
    /// Higher is worse, e.g. replica lag in seconds or connections.
    Rising, above = true, max = 1e12
);
threshold!(
    /// A percentage where higher is worse (CPU).
    Percent, above = true, max = 100.0
);
threshold!(
    /// Lower is worse (free storage in GiB).
    Falling, above = false, max = 1e12
);

/// Seconds of DR backups that may be lost: from 5 minutes (replication itself trails) to a week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "u64", into = "u64")]
pub struct RpoSecs(u64);

impl RpoSecs {
    pub const MIN: u64 = 300;
    pub const MAX: u64 = 7 * 24 * 3600;
}

impl TryFrom<u64> for RpoSecs {
    type Error = String;

    fn try_from(secs: u64) -> Result<Self, String> {
        if (Self::MIN..=Self::MAX).contains(&secs) {
            Ok(Self(secs))
        } else {
            Err(format!("expected a DR backup RPO of {} to {} seconds, found {secs}", Self::MIN, Self::MAX))
        }
    }
}

impl From<RpoSecs> for u64 {
    fn from(rpo: RpoSecs) -> Self {
        rpo.0
    }
}

/// `[thresholds]`: when a measure turns warn and critical.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ThresholdSettings {
    /// Replica lag, seconds.
    pub replica_lag: Rising,
    /// CPU utilisation, percent.
    pub cpu: Percent,
    /// Free storage, GiB (lower is worse).
    pub free_storage_gib: Falling,
    /// Database connections.
    pub connections: Rising,
    /// DB load relative to vCPUs (average active sessions per vCPU; above 1, sessions queue).
    pub db_load: Rising,
    /// How old the newest restorable backup in the DR region may be, seconds.
    pub dr_backup_rpo: RpoSecs,
}

impl Default for ThresholdSettings {
    fn default() -> Self {
        let d = Thresholds::default();
        Self {
            replica_lag: Rising(d.replica_lag),
            cpu: Percent(d.cpu),
            free_storage_gib: Falling(d.free_storage_gib),
            connections: Rising(d.connections),
            db_load: Rising(d.db_load),
            dr_backup_rpo: RpoSecs(d.dr_backup_rpo_secs),
        }
    }
}

impl ThresholdSettings {
    /// The console's thresholds with these in place (the others keep their defaults).
    pub fn thresholds(&self) -> Thresholds {
        Thresholds {
            replica_lag: self.replica_lag.0,
            cpu: self.cpu.0,
            free_storage_gib: self.free_storage_gib.0,
            connections: self.connections.0,
            db_load: self.db_load.0,
            dr_backup_rpo_secs: self.dr_backup_rpo.0,
            ..Thresholds::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_check_themselves() {
        assert!(PollSecs::try_from(4).is_err());
        assert!(PollSecs::try_from(3601).is_err());
        assert_eq!(PollSecs::try_from(60).map(PollSecs::duration), Ok(Duration::from_mins(1)));
        assert!(limit(LimitSpec { warn: 90.0, critical: 70.0 }, true, 100.0).is_err());
        assert!(limit(LimitSpec { warn: 5.0, critical: 20.0 }, false, 1e12).is_err());
        assert!(limit(LimitSpec { warn: f64::NAN, critical: 20.0 }, true, 1e12).is_err());
        assert!(limit(LimitSpec { warn: 50.0, critical: 120.0 }, true, 100.0).is_err());
    }

    #[test]
    fn defaults_are_the_console_defaults() {
        assert_eq!(PollSettings::default().intervals(), Intervals::default());
        assert_eq!(ThresholdSettings::default().thresholds(), Thresholds::default());
    }
}

/// `[record]`: recording what the console sees, for replay and post-mortems.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct RecordSettings {
    /// Record every console session (as `--record` does) into `folder`.
    pub enabled: bool,
    /// Where recordings go; `~/` is the home directory, a relative path is relative to the
    /// config dir. Unset: `$XDG_DATA_HOME/opsdeck/recordings`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub folder: Option<std::path::PathBuf>,
    /// Recordings in the folder older than this many hours are deleted when a console starts
    /// recording there (0 keeps them all).
    pub retention_hours: u32,
}

impl Default for RecordSettings {
    fn default() -> Self {
        Self { enabled: false, folder: None, retention_hours: 72 }
    }
}
