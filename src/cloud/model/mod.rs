//! Domain types: what opsdeck knows about a fleet, independent of where it came from.
//!
//! Both backends (the simulator and the AWS adapter) map into these types; nothing above
//! `cloud` ever sees an SDK type, and each backend maps its own answers (RDS statuses, for one,
//! are read in the AWS adapter). Values that AWS may omit are `Option` so that the screens can
//! draw "—" for them instead of a misleading zero.
//!
//! One file per resource family; every type is re-exported here, so that the rest of the crate
//! names them as `cloud::model::X` whichever file holds them.

mod alarms;
mod analysis;
mod blocking;
mod db;
mod events;
mod hardening;
mod history;
mod id_index;
mod id_map;
mod identity;
mod metrics;
mod network;
mod performance;
mod pi_view;
mod plans;
mod scaling;
mod scope;
mod series;
mod series_log;
mod snapshots;
mod usage;

pub use alarms::{Alarm, AlarmHistoryItem, AlarmHistoryKind, AlarmState, Comparison};
pub use analysis::{AnalysisReport, Insight, Recommendation, ReportStatus, ReportSummary, Severity};
pub use blocking::{Blocker, Blocking, LockSnapshot, Waiter};
pub use db::{
    CaCertificate, ClusterMember, DbCluster, DbFleet, DbInstance, DbRole, DbStatus, class_vcpus, replica_source,
};
pub use events::{DbEvent, EVENTS_KEPT, EVENTS_OVERLAP, EventLog, EventSource, FIRST_WINDOW};
pub use hardening::{DrBackup, Hardening, TlsRequirement};
pub use history::{MAX_HISTORY_POINTS, ONE_MINUTE_RETENTION_SECS};
pub use id_map::{IdHasher, IdMap, id_map};
pub use identity::{Identity, SIMULATED_ACCOUNT};
pub use metrics::{DbMetric, DbSeries, METRIC_PERIOD_SECS, MetricTargets, Metrics, Series};
pub use network::{Ingress, OpenToWorld, SecurityGroup};
pub use performance::{KeyLoad, LoadSample, Performance, SqlDetail, SqlLoad, SqlStats};
pub use pi_view::{Capabilities, Dimension, InsightsMode, PiQuery, PiView, Window};
pub use plans::{ExecutionPlan, SqlPlans};
pub use scaling::{ScalingActivity, ScalingGroup, ScheduledAction};
pub use scope::{ResourceKey, Scope, Timestamp};
pub use snapshots::{DbSnapshot, SnapshotKind};
pub use usage::{ApiUsage, OperationUsage};
