//! Metrics: the DB metrics opsdeck follows, their time series, what the metrics feed is asked
//! for (`MetricTargets`) and what it answers (`Metrics`), shared rather than copied because a
//! large fleet's hour of series is tens of megabytes.
//!
//! A metric's CloudWatch name stays here, not in the AWS adapter: alarms name their metric as
//! CloudWatch does, so the simulator needs it for its alarms as much as the adapter does for
//! its queries.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

pub use super::series::Series;
use super::{IdMap, Timestamp};

/// The per-instance metrics opsdeck follows, all from the `AWS/RDS` namespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum DbMetric {
    /// `CPUUtilization`, percent.
    Cpu,
    /// `DatabaseConnections`, count.
    Connections,
    /// `FreeStorageSpace`, bytes.
    FreeStorage,
    /// `ReadIOPS`, operations per second.
    ReadIops,
    /// `WriteIOPS`, operations per second.
    WriteIops,
    /// `ReplicaLag` (or `AuroraReplicaLag`), seconds.
    ReplicaLag,
    /// `DBLoad`: average active sessions (Performance Insights' counter, published to
    /// CloudWatch; absent while PI is off or the instance is idle).
    DbLoad,
    /// `DBLoadCPU`: the sessions of `DBLoad` on CPU.
    DbLoadCpu,
    /// `DBLoadNonCPU`: the sessions of `DBLoad` waiting (I/O, locks, …).
    DbLoadNonCpu,
    /// `DBLoadRelativeToNumVCPUs`: `DBLoad` over the instance's vCPUs; above 1, sessions queue.
    DbLoadRelative,
}

impl DbMetric {
    pub const ALL: [Self; 10] = [
        Self::Cpu,
        Self::Connections,
        Self::FreeStorage,
        Self::ReadIops,
        Self::WriteIops,
        Self::ReplicaLag,
        Self::DbLoad,
        Self::DbLoadCpu,
        Self::DbLoadNonCpu,
        Self::DbLoadRelative,
    ];

    /// Whether the metric is one of Performance Insights' DB load counters (published only for
    /// instances with PI on).
    pub fn is_db_load(self) -> bool {
        matches!(self, Self::DbLoad | Self::DbLoadCpu | Self::DbLoadNonCpu | Self::DbLoadRelative)
    }

    /// The CloudWatch name (`AWS/RDS`) of the metric; Aurora instances have local storage, not
    /// volumes, and their own replica lag.
    pub fn cloudwatch_name(self, aurora: bool) -> &'static str {
        match self {
            Self::Cpu => "CPUUtilization",
            Self::Connections => "DatabaseConnections",
            Self::FreeStorage if aurora => "FreeLocalStorage",
            Self::FreeStorage => "FreeStorageSpace",
            Self::ReadIops => "ReadIOPS",
            Self::WriteIops => "WriteIOPS",
            Self::ReplicaLag if aurora => "AuroraReplicaLag",
            Self::ReplicaLag => "ReplicaLag",
            Self::DbLoad => "DBLoad",
            Self::DbLoadCpu => "DBLoadCPU",
            Self::DbLoadNonCpu => "DBLoadNonCPU",
            Self::DbLoadRelative => "DBLoadRelativeToNumVCPUs",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Cpu => "CPU",
            Self::Connections => "Connections",
            Self::FreeStorage => "Free storage",
            Self::ReadIops => "Read IOPS",
            Self::WriteIops => "Write IOPS",
            Self::ReplicaLag => "Replica lag",
            Self::DbLoad => "DB load",
            Self::DbLoadCpu => "Load on CPU",
            Self::DbLoadNonCpu => "Load waiting",
            Self::DbLoadRelative => "Load per vCPU",
        }
    }
}

/// The period of every metric datapoint, in seconds: CloudWatch's one minute, which the
/// simulator keeps too. A datapoint is stamped with the start of its period.
pub const METRIC_PERIOD_SECS: i64 = 60;

/// All series of one DB instance.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DbSeries {
    /// By metric: ten keys at most, found faster in order than by hash, and smaller.
    pub series: BTreeMap<DbMetric, Series>,
}

impl DbSeries {
    pub fn get(&self, metric: DbMetric) -> Option<&Series> {
        self.series.get(&metric)
    }

    pub fn latest(&self, metric: DbMetric) -> Option<f64> {
        self.get(metric).and_then(Series::latest)
    }

    /// The newest value of `metric` if its period ended no more than `max_periods` periods
    /// before `now`; otherwise why not (no datapoint, or how old the newest is).
    pub fn recent(&self, metric: DbMetric, now: Timestamp, max_periods: i64) -> Result<f64, String> {
        let (start, value) = self.get(metric).and_then(Series::latest_point).ok_or("no datapoint")?;
        let age = (now - start).num_seconds() - METRIC_PERIOD_SECS;
        if age <= max_periods * METRIC_PERIOD_SECS {
            Ok(value)
        } else {
            Err(format!("its newest datapoint is {age}s old"))
        }
    }
}

/// What the metrics poller needs to know to ask for metrics.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MetricTargets {
    pub instances: Vec<String>,
    pub groups: Vec<String>,
}

/// Metrics for one scope: DB instances by id, ASG CPU by group name.
///
/// A snapshot is shared, not copied: thousands of instances make tens of megabytes of series,
/// and a poll that brings what is already held (five of six against one-minute datapoints)
/// hands back the same maps, so cloning is a reference count and comparing is a pointer check.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Metrics {
    /// Looked up once per instance by every rebuild of a minute's rows: an `IdMap`.
    pub db: Arc<IdMap<DbSeries>>,
    pub group_cpu: Arc<HashMap<String, Series>>,
}

impl Metrics {
    pub fn new(db: IdMap<DbSeries>, group_cpu: HashMap<String, Series>) -> Self {
        Self { db: Arc::new(db), group_cpu: Arc::new(group_cpu) }
    }
}

impl PartialEq for Metrics {
    fn eq(&self, other: &Self) -> bool {
        (Arc::ptr_eq(&self.db, &other.db) || self.db == other.db)
            && (Arc::ptr_eq(&self.group_cpu, &other.group_cpu) || self.group_cpu == other.group_cpu)
    }
}
