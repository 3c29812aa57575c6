//! Domain types: what opsdeck knows about a fleet, independent of where it came from.
//!
//! Both backends (the simulator and the AWS adapter) map into these types; nothing above
//! `cloud` ever sees an SDK type. Values that AWS may omit are `Option` so that the screens can
//! draw "—" for them instead of a misleading zero.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, Utc};

/// A point in time, always UTC.
pub type Timestamp = DateTime<Utc>;

/// Where a resource lives: an optional named profile (account) and a region.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct Scope {
    pub profile: Option<String>,
    pub region: String,
}

impl Scope {
    pub fn region(region: impl Into<String>) -> Self {
        Self { profile: None, region: region.into() }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.profile {
            Some(profile) => write!(f, "{profile}/{}", self.region),
            None => f.write_str(&self.region),
        }
    }
}

/// A resource identifier qualified by the scope it lives in (ids are unique per region).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct ResourceKey {
    pub scope: Scope,
    pub id: String,
}

impl ResourceKey {
    pub fn new(scope: Scope, id: impl Into<String>) -> Self {
        Self { scope, id: id.into() }
    }
}

impl fmt::Display for ResourceKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.id, self.scope)
    }
}

/// What part an instance plays in replication.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbRole {
    /// A standalone (possibly Multi-AZ) instance that accepts writes.
    Primary,
    /// A read replica of `source` (an identifier, or an ARN when cross-region).
    Replica { source: String },
    /// The writer of an Aurora cluster.
    ClusterWriter { cluster: String },
    /// A reader of an Aurora cluster.
    ClusterReader { cluster: String },
}

impl DbRole {
    pub fn label(&self) -> &'static str {
        match self {
            Self::Primary => "primary",
            Self::Replica { .. } => "replica",
            Self::ClusterWriter { .. } => "writer",
            Self::ClusterReader { .. } => "reader",
        }
    }

    pub fn is_replica(&self) -> bool {
        matches!(self, Self::Replica { .. } | Self::ClusterReader { .. })
    }
}

/// The (region, id) a replica's source names: a plain id in the replica's own region, or an
/// ARN (`arn:aws:rds:REGION:ACCOUNT:db:ID`) for a cross-region source.
pub fn replica_source<'a>(source: &'a str, own_region: &'a str) -> (&'a str, &'a str) {
    let parts: Vec<&str> = source.split(':').collect();
    match parts.as_slice() {
        ["arn", _, "rds", region, _, "db", id] => (region, id),
        _ => (own_region, source),
    }
}

/// The lifecycle status RDS reports (`DBInstanceStatus` / cluster `Status`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbStatus {
    Available,
    BackingUp,
    Modifying,
    Rebooting,
    Creating,
    FailingOver,
    Stopped,
    StorageFull,
    Failed,
    /// Any status opsdeck has no special meaning for, kept verbatim.
    Other(String),
}

impl DbStatus {
    /// Maps the RDS wire string to a status.
    pub fn from_aws(raw: &str) -> Self {
        match raw {
            "available" => Self::Available,
            "backing-up" => Self::BackingUp,
            "modifying" => Self::Modifying,
            "rebooting" => Self::Rebooting,
            "creating" => Self::Creating,
            "failing-over" => Self::FailingOver,
            "stopped" => Self::Stopped,
            "storage-full" => Self::StorageFull,
            "failed" | "incompatible-parameters" | "incompatible-restore" | "inaccessible-encryption-credentials" => {
                Self::Failed
            }
            other => Self::Other(other.to_owned()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::Available => "available",
            Self::BackingUp => "backing-up",
            Self::Modifying => "modifying",
            Self::Rebooting => "rebooting",
            Self::Creating => "creating",
            Self::FailingOver => "failing-over",
            Self::Stopped => "stopped",
            Self::StorageFull => "storage-full",
            Self::Failed => "failed",
            Self::Other(raw) => raw,
        }
    }
}

impl fmt::Display for DbStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The CA certificate an instance's TLS endpoint uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaCertificate {
    pub id: String,
    pub valid_until: Option<Timestamp>,
}

/// One RDS DB instance (standalone, replica or Aurora cluster member).
#[derive(Debug, Clone, PartialEq)]
pub struct DbInstance {
    pub id: String,
    /// `DbiResourceId`, the key Performance Insights uses.
    pub resource_id: Option<String>,
    pub engine: String,
    pub engine_version: Option<String>,
    pub class: Option<String>,
    pub role: DbRole,
    /// Identifiers (or ARNs, cross-region) of this instance's read replicas.
    pub replicas: Vec<String>,
    pub region: String,
    pub az: Option<String>,
    /// The standby's AZ of a Multi-AZ instance.
    pub secondary_az: Option<String>,
    pub status: DbStatus,
    pub multi_az: Option<bool>,
    pub storage_encrypted: Option<bool>,
    pub kms_key_id: Option<String>,
    /// Whether `kms_key_id` is the AWS managed default key (`aws/rds`) rather than a customer
    /// managed one (KMS `DescribeKey` `KeyManager`); None when not looked up.
    pub kms_key_aws_managed: Option<bool>,
    pub publicly_accessible: Option<bool>,
    pub backup_retention_days: Option<u32>,
    /// Regions the automated backups are replicated to (`DBInstanceAutomatedBackupsReplications`);
    /// `Some(empty)` means none, None that it is not known.
    pub backup_replica_regions: Option<Vec<String>>,
    pub deletion_protection: Option<bool>,
    pub performance_insights: Option<bool>,
    pub ca_certificate: Option<CaCertificate>,
    /// ARN of the Secrets Manager secret holding the master password, when RDS manages it.
    pub master_secret_arn: Option<String>,
    pub allocated_storage_gib: Option<u32>,
    pub created: Option<Timestamp>,
}

/// One member of an Aurora cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterMember {
    pub instance_id: String,
    pub is_writer: bool,
}

/// An Aurora DB cluster.
#[derive(Debug, Clone, PartialEq)]
pub struct DbCluster {
    pub id: String,
    pub engine: String,
    pub engine_version: Option<String>,
    pub region: String,
    pub status: DbStatus,
    pub members: Vec<ClusterMember>,
    pub multi_az: Option<bool>,
    pub storage_encrypted: Option<bool>,
    pub kms_key_id: Option<String>,
    /// As for `DbInstance::kms_key_aws_managed`.
    pub kms_key_aws_managed: Option<bool>,
    pub backup_retention_days: Option<u32>,
    pub deletion_protection: Option<bool>,
    /// ARN of the Secrets Manager secret holding the master password, when RDS manages it
    /// (for Aurora it belongs to the cluster, not to the members).
    pub master_secret_arn: Option<String>,
}

impl DbCluster {
    pub fn writer(&self) -> Option<&str> {
        self.members.iter().find(|m| m.is_writer).map(|m| m.instance_id.as_str())
    }
}

/// Everything RDS reports for one scope.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DbFleet {
    pub instances: Vec<DbInstance>,
    pub clusters: Vec<DbCluster>,
}

/// The per-instance metrics opsdeck follows, all from the `AWS/RDS` namespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
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
}

impl DbMetric {
    pub const ALL: [Self; 6] =
        [Self::Cpu, Self::Connections, Self::FreeStorage, Self::ReadIops, Self::WriteIops, Self::ReplicaLag];

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
        }
    }
}

/// A time series of one metric, oldest point first, to the second (as CloudWatch reports).
///
/// Points are kept as (epoch seconds, value): 16 bytes rather than a `Timestamp`'s 24, which
/// is a third of the memory of thousands of instances' hours of metrics.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Series {
    points: Vec<(i64, f64)>,
}

impl Series {
    pub fn new(points: impl IntoIterator<Item = (Timestamp, f64)>) -> Self {
        Self::from_secs(points.into_iter().map(|(at, v)| (at.timestamp(), v)))
    }

    /// From (epoch seconds, value) pairs.
    pub fn from_secs(points: impl IntoIterator<Item = (i64, f64)>) -> Self {
        Self { points: points.into_iter().collect() }
    }

    pub fn latest(&self) -> Option<f64> {
        self.points.last().map(|&(_, v)| v)
    }

    pub fn values(&self) -> impl Iterator<Item = f64> + '_ {
        self.points.iter().map(|&(_, v)| v)
    }

    pub fn points(&self) -> impl Iterator<Item = (Timestamp, f64)> + '_ {
        self.points.iter().filter_map(|&(t, v)| Some((Timestamp::from_timestamp(t, 0)?, v)))
    }

    pub fn len(&self) -> usize {
        self.points.len()
    }

    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }
}

/// All series of one DB instance.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DbSeries {
    pub series: HashMap<DbMetric, Series>,
}

impl DbSeries {
    pub fn get(&self, metric: DbMetric) -> Option<&Series> {
        self.series.get(&metric)
    }

    pub fn latest(&self, metric: DbMetric) -> Option<f64> {
        self.get(metric).and_then(Series::latest)
    }
}

/// What the metrics poller needs to know to ask for metrics.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MetricTargets {
    pub instances: Vec<String>,
    pub groups: Vec<String>,
}

/// Metrics for one scope: DB instances by id, ASG CPU by group name.
///
/// A snapshot is shared, not copied: thousands of instances make tens of megabytes of series,
/// and a poll that brings what is already held (five of six against one-minute datapoints)
/// hands back the same maps, so cloning is a reference count and comparing is a pointer check.
#[derive(Debug, Clone, Default)]
pub struct Metrics {
    pub db: Arc<HashMap<String, DbSeries>>,
    pub group_cpu: Arc<HashMap<String, Series>>,
}

impl Metrics {
    pub fn new(db: HashMap<String, DbSeries>, group_cpu: HashMap<String, Series>) -> Self {
        Self { db: Arc::new(db), group_cpu: Arc::new(group_cpu) }
    }
}

impl PartialEq for Metrics {
    fn eq(&self, other: &Self) -> bool {
        (Arc::ptr_eq(&self.db, &other.db) || self.db == other.db)
            && (Arc::ptr_eq(&self.group_cpu, &other.group_cpu) || self.group_cpu == other.group_cpu)
    }
}

/// A CloudWatch alarm state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AlarmState {
    /// Ordered first: what needs attention sorts to the top.
    Alarm,
    InsufficientData,
    Ok,
}

impl AlarmState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Alarm => "ALARM",
            Self::InsufficientData => "INSUFFICIENT_DATA",
            Self::Ok => "OK",
        }
    }
}

/// A CloudWatch metric alarm.
#[derive(Debug, Clone, PartialEq)]
pub struct Alarm {
    pub name: String,
    pub region: String,
    pub state: AlarmState,
    pub reason: Option<String>,
    /// When the alarm last changed state.
    pub updated: Option<Timestamp>,
    pub namespace: Option<String>,
    pub metric: Option<String>,
    /// `Name=Value` pairs of the metric's dimensions.
    pub dimensions: Vec<(String, String)>,
    pub comparison: Option<Comparison>,
    pub threshold: Option<f64>,
}

/// How an alarm compares its metric with the threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
}

impl Comparison {
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Greater => ">",
            Self::GreaterOrEqual => "≥",
            Self::Less => "<",
            Self::LessOrEqual => "≤",
        }
    }
}

/// One entry of an Auto Scaling Group's activity history.
#[derive(Debug, Clone, PartialEq)]
pub struct ScalingActivity {
    pub started: Option<Timestamp>,
    pub description: String,
    pub cause: Option<String>,
    /// `StatusCode`: Successful, InProgress, Failed, …
    pub status: String,
}

/// An EC2 Auto Scaling Group.
#[derive(Debug, Clone, PartialEq)]
pub struct ScalingGroup {
    pub name: String,
    pub region: String,
    pub min: u32,
    pub desired: u32,
    pub max: u32,
    pub in_service: u32,
    pub pending: u32,
    pub terminating: u32,
    /// Since when fewer instances than desired have been in service, while that is so; None
    /// when in service meets desired, or when the backend cannot tell.
    pub below_desired_since: Option<Timestamp>,
    /// Instances per Availability Zone, sorted by AZ.
    pub instances_by_az: Vec<(String, u32)>,
    /// Most recent first.
    pub activities: Vec<ScalingActivity>,
}

/// One sample of DB load (average active sessions) split by wait event.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadSample {
    pub at: Timestamp,
    pub by_wait: Vec<(String, f64)>,
}

impl LoadSample {
    pub fn total(&self) -> f64 {
        self.by_wait.iter().map(|(_, v)| v).sum()
    }
}

/// One statement in the Performance Insights top-SQL list.
#[derive(Debug, Clone, PartialEq)]
pub struct SqlLoad {
    /// The statement's digest id.
    pub id: String,
    pub statement: String,
    /// Average active sessions attributed to the statement.
    pub load: f64,
    pub top_wait: Option<String>,
}

/// Load attributed to one wait event.
#[derive(Debug, Clone, PartialEq)]
pub struct WaitLoad {
    pub event: String,
    pub load: f64,
}

/// Performance Insights data for one instance over the last hour.
#[derive(Debug, Clone, PartialEq)]
pub struct Performance {
    pub instance: ResourceKey,
    pub max_vcpu: Option<f64>,
    pub load: Vec<LoadSample>,
    /// Heaviest first.
    pub top_sql: Vec<SqlLoad>,
    /// Heaviest first.
    pub top_waits: Vec<WaitLoad>,
}

impl Performance {
    /// The share (0–1) of the total top-SQL load a statement accounts for.
    pub fn share(&self, sql: &SqlLoad) -> Option<f64> {
        let total: f64 = self.top_sql.iter().map(|s| s.load).sum();
        (total > 0.0).then(|| sql.load / total)
    }
}

/// Whether a snapshot is of a DB instance or of an Aurora cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SnapshotKind {
    Instance,
    Cluster,
}

/// A manual DB (or cluster) snapshot as RDS reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbSnapshot {
    pub id: String,
    pub kind: SnapshotKind,
    /// `creating`, `available`, `copying`, `failed`, …
    pub status: String,
    /// `PercentProgress`, 0–100.
    pub progress_percent: Option<u8>,
    pub created: Option<Timestamp>,
}

impl DbSnapshot {
    pub fn is_available(&self) -> bool {
        self.status == "available"
    }
}

/// What an alarm history entry records (`HistoryItemType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlarmHistoryKind {
    /// The alarm changed state.
    StateUpdate,
    /// Someone changed the alarm's definition.
    ConfigurationUpdate,
    /// The alarm ran one of its actions (notification, scaling policy, …).
    Action,
}

impl AlarmHistoryKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::StateUpdate => "state",
            Self::ConfigurationUpdate => "config",
            Self::Action => "action",
        }
    }
}

/// One entry of a CloudWatch alarm's history (`DescribeAlarmHistory`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlarmHistoryItem {
    pub at: Option<Timestamp>,
    pub kind: AlarmHistoryKind,
    /// CloudWatch's one-line summary, e.g. "Alarm updated from OK to ALARM".
    pub summary: String,
    /// (from, to) for a state update.
    pub transition: Option<(AlarmState, AlarmState)>,
}

/// Calls, throttles and errors of one API operation since the console started.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OperationUsage {
    /// The service as the SDK names it, e.g. "RDS", "CloudWatch".
    pub service: String,
    /// The operation, e.g. "GetMetricData".
    pub operation: String,
    /// Requests sent, retries included: what counts against the account's rate limits.
    pub calls: u64,
    pub throttles: u64,
    pub errors: u64,
}

/// How much of the cloud's API the console has used: what the status bar's budget meter shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiUsage {
    /// Requests sent in the last 60 seconds.
    pub calls_last_minute: u64,
    /// Throttled answers in the last 10 minutes.
    pub recent_throttles: u64,
    /// Per service and operation since the start, sorted by service then operation.
    pub operations: Vec<OperationUsage>,
}

impl ApiUsage {
    /// Requests sent to one operation since the start.
    pub fn calls(&self, service: &str, operation: &str) -> u64 {
        self.operations.iter().find(|o| o.service == service && o.operation == operation).map_or(0, |o| o.calls)
    }

    pub fn total_calls(&self) -> u64 {
        self.operations.iter().map(|o| o.calls).sum()
    }

    pub fn total_throttles(&self) -> u64 {
        self.operations.iter().map(|o| o.throttles).sum()
    }

    /// The figures the status bar shows; the screen changes only when these do.
    pub fn shown(&self) -> (u64, u64) {
        (self.calls_last_minute, self.recent_throttles)
    }
}
