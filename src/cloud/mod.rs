//! The cloud boundary: the read and write traits every backend implements, and their errors.
//!
//! Reads (`Inventory`) and writes (`Operations`) are separate traits so that a read-only
//! console can be handed an inventory alone. Calls are scoped (profile + region) so that one
//! failing region never fails the others. Futures are boxed to keep the traits object-safe:
//! the app holds `Arc<dyn Inventory>` whatever the backend.

pub mod aws;
mod checkup;
#[cfg(test)]
pub(crate) mod forward;
pub mod model;
mod read_only;
pub mod sim;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use thiserror::Error;

pub use checkup::{Checked, Checkup};
pub use read_only::ReadOnly;

use model::{
    Alarm, AlarmHistoryItem, AnalysisReport, ApiUsage, Blocking, DbCluster, DbEvent, DbFleet, DbInstance, DbSeries,
    DbSnapshot, Identity, MetricTargets, Metrics, Performance, PiQuery, ReportSummary, ResourceKey, ScalingGroup,
    ScheduledAction, Scope, SnapshotKind, SqlDetail, Timestamp, Window,
};

/// The future every cloud call returns.
pub type CloudFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, CloudError>> + Send + 'a>>;

/// Why a cloud call failed, classified so the screens can say what to do.
#[derive(Debug, Clone, PartialEq, Eq, Error, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CloudError {
    #[error("throttled by {service}: {message}")]
    Throttled { service: String, message: String },
    #[error("access denied: {action} is not allowed ({message})")]
    AccessDenied { action: String, message: String },
    #[error("credentials expired or missing: {message}")]
    ExpiredCredentials { message: String },
    #[error("not found: {what}")]
    NotFound { what: String },
    #[error("timed out or unreachable: {message}")]
    Network { message: String },
    #[error("refused: {message}")]
    Refused { message: String },
    #[error("{message}")]
    Other { message: String },
}

impl CloudError {
    /// A short label for status bars and stale markers.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Throttled { .. } => "throttled",
            Self::AccessDenied { .. } => "access denied",
            Self::ExpiredCredentials { .. } => "credentials",
            Self::NotFound { .. } => "not found",
            Self::Network { .. } => "network",
            Self::Refused { .. } => "refused",
            Self::Other { .. } => "error",
        }
    }

    /// What the user can do about it.
    pub fn hint(&self) -> String {
        match self {
            Self::Throttled { .. } => "backing off; the pane recovers by itself".to_owned(),
            Self::AccessDenied { action, .. } => format!("grant {action} to this role"),
            Self::ExpiredCredentials { .. } => "run `aws sso login` (or refresh credentials)".to_owned(),
            Self::NotFound { .. } => "the resource may have been deleted".to_owned(),
            Self::Network { .. } => "retrying; check the network or the endpoint".to_owned(),
            Self::Refused { .. } => "start opsdeck without --read-only to act".to_owned(),
            Self::Other { .. } => "retrying".to_owned(),
        }
    }

    /// Whether the caller should slow down before trying again.
    pub fn wants_backoff(&self) -> bool {
        matches!(self, Self::Throttled { .. } | Self::Network { .. })
    }
}

/// The time source of a backend: wall time for AWS, a virtual clock for the simulator.
pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> Timestamp;

    /// Clock seconds per real second: poll intervals are real time, data ages are clock time.
    fn rate(&self) -> f64 {
        1.0
    }
}

/// The wall clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        chrono::Utc::now()
    }
}

/// A feed's API, for probing it while it fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Probe {
    Fleet,
    Metrics,
    Alarms,
    Groups,
    Events,
}

/// The error for a resource that is not there (any more).
pub fn not_found(key: &ResourceKey) -> CloudError {
    CloudError::NotFound { what: key.to_string() }
}

/// The error of a backend that has no analysis reports.
fn no_reports(instance: &ResourceKey) -> CloudError {
    CloudError::NotFound { what: format!("analysis reports of {instance}: not available from this backend") }
}

/// Reads: everything the console shows.
pub trait Inventory: Send + Sync + std::fmt::Debug {
    /// What the header shows for this backend, e.g. "DEMO" or a profile name.
    fn label(&self) -> String;
    /// The scopes this inventory covers, in display order.
    fn scopes(&self) -> Vec<Scope>;
    /// The backend's clock; snapshots are stamped with it.
    fn clock(&self) -> Arc<dyn Clock>;
    /// DB instances and Aurora clusters.
    fn db_fleet<'a>(&'a self, scope: &'a Scope) -> CloudFuture<'a, DbFleet>;
    /// The last hour of metrics for the given instances and groups.
    fn metrics<'a>(&'a self, scope: &'a Scope, targets: &'a MetricTargets) -> CloudFuture<'a, Metrics>;
    /// The metrics of one DB instance over a window longer than the metrics feed's hour, at the
    /// window's period (`Window::metric_period_secs`), for its detail view's sparklines. A
    /// backend without them (a replay: they are not recorded) says so.
    fn db_history<'a>(&'a self, instance: &'a ResourceKey, window: Window) -> CloudFuture<'a, DbSeries> {
        Box::pin(async move {
            let what = format!("the last {} of metrics of {instance}: not available from this backend", window.label());
            Err(CloudError::NotFound { what })
        })
    }
    /// CloudWatch alarms.
    fn alarms<'a>(&'a self, scope: &'a Scope) -> CloudFuture<'a, Vec<Alarm>>;
    /// Auto Scaling Groups with their recent activities.
    fn scaling_groups<'a>(&'a self, scope: &'a Scope) -> CloudFuture<'a, Vec<ScalingGroup>>;
    /// The recent RDS events of DB instances and clusters, oldest first, at most
    /// `model::EVENTS_KEPT` of them: the last hour at first, then whatever is new as well (a
    /// backend whose API charges by the call asks only for that, see `model::EventLog`).
    fn db_events<'a>(&'a self, scope: &'a Scope) -> CloudFuture<'a, Vec<DbEvent>>;
    /// Performance Insights for one instance over a window, sliced by one dimension.
    fn performance<'a>(&'a self, query: &'a PiQuery) -> CloudFuture<'a, Performance>;
    /// Who blocked whom on one instance over the query's window.
    fn blocking<'a>(&'a self, query: &'a PiQuery) -> CloudFuture<'a, Blocking>;
    /// One top-SQL statement (by digest id) in full, with its own load over the query's window.
    fn sql_detail<'a>(&'a self, query: &'a PiQuery, sql_id: &'a str) -> CloudFuture<'a, SqlDetail>;
    /// The performance analysis reports of one instance, newest first. A backend without them
    /// (a replay: they are not recorded) says so.
    fn analysis_reports<'a>(&'a self, instance: &'a ResourceKey) -> CloudFuture<'a, Vec<ReportSummary>> {
        Box::pin(async move { Err(no_reports(instance)) })
    }
    /// One performance analysis report of an instance, with its insights.
    fn analysis_report<'a>(&'a self, instance: &'a ResourceKey, id: &'a str) -> CloudFuture<'a, AnalysisReport> {
        let _ = id;
        Box::pin(async move { Err(no_reports(instance)) })
    }
    /// One DB snapshot (`DescribeDBSnapshots`) or cluster snapshot (`DescribeDBClusterSnapshots`).
    fn db_snapshot<'a>(&'a self, snapshot: &'a ResourceKey, kind: SnapshotKind) -> CloudFuture<'a, DbSnapshot>;
    /// The recent history of one alarm (its key's id is the alarm name), newest first.
    fn alarm_history<'a>(&'a self, alarm: &'a ResourceKey) -> CloudFuture<'a, Vec<AlarmHistoryItem>>;

    /// One DB instance, read on its own: what a runbook's re-checks and waits look at. The
    /// default finds it in its scope's fleet; a backend that can ask for one resource does.
    fn db_instance<'a>(&'a self, key: &'a ResourceKey) -> CloudFuture<'a, DbInstance> {
        Box::pin(async move {
            let fleet = self.db_fleet(&key.scope).await?;
            fleet.instance(&key.id).cloned().ok_or_else(|| not_found(key))
        })
    }

    /// One Aurora cluster, read on its own (see `db_instance`).
    fn db_cluster<'a>(&'a self, key: &'a ResourceKey) -> CloudFuture<'a, DbCluster> {
        Box::pin(async move {
            let fleet = self.db_fleet(&key.scope).await?;
            fleet.clusters.into_iter().find(|c| c.id == key.id).ok_or_else(|| not_found(key))
        })
    }

    /// One Auto Scaling Group's sizes, read on its own (see `db_instance`); its activities may
    /// be left out.
    fn scaling_group<'a>(&'a self, key: &'a ResourceKey) -> CloudFuture<'a, ScalingGroup> {
        Box::pin(async move {
            let groups = self.scaling_groups(&key.scope).await?;
            groups.into_iter().find(|g| g.name == key.id).ok_or_else(|| not_found(key))
        })
    }

    /// One alarm (its key's id is the alarm name), read on its own (see `db_instance`): what
    /// a runbook on it re-checks and waits for.
    fn alarm<'a>(&'a self, key: &'a ResourceKey) -> CloudFuture<'a, Alarm> {
        Box::pin(async move {
            let alarms = self.alarms(&key.scope).await?;
            alarms.into_iter().find(|a| a.name == key.id).ok_or_else(|| not_found(key))
        })
    }
    /// One cheap request to the API behind a feed, sent once, without retries: a throttled or
    /// unreachable feed is probed at its interval rather than polled in full, and polled again
    /// as soon as a probe is answered. `None` when there is nothing cheaper than the poll
    /// itself (then `has_probe` says false for it); the feed then backs off. Futures are lazy:
    /// building one sends nothing.
    fn probe<'a>(&'a self, scope: &'a Scope, probe: Probe) -> Option<CloudFuture<'a, ()>> {
        let _ = (scope, probe);
        None
    }
    /// Whether `probe` gives a probe for this feed, in every scope: a poller asks once, when it
    /// starts, so as to know whether to probe or to back off while its feed fails, without
    /// building a probe to find out. An inventory that implements or forwards `probe` says so
    /// here too.
    fn has_probe(&self, probe: Probe) -> bool {
        let _ = probe;
        false
    }
    /// `opsdeck doctor`: one cheap request of `call`'s API in `scope`, sent once without
    /// retries; `Checked::NotApplicable` when there is nothing to ask (no instance has
    /// Performance Insights on). `None` when the backend has no such request: doctor then says
    /// the call was not checked.
    fn checkup<'a>(&'a self, scope: &'a Scope, call: Checkup) -> Option<CloudFuture<'a, Checked>> {
        let _ = (scope, call);
        None
    }
    /// The API calls made so far, for the budget meter; `None` when the backend does not count.
    fn usage(&self) -> Option<ApiUsage> {
        None
    }
    /// Who a scope's credentials are (resolved when the backend connected); `None` when the
    /// backend does not know. An inventory that wraps another forwards it.
    fn identity(&self, scope: &Scope) -> Option<Identity> {
        let _ = scope;
        None
    }
    /// Why a backend that asks who its credentials are could not tell for this scope (AWS
    /// unreachable at start, say): the console then writes nothing there.
    fn identity_unknown(&self, scope: &Scope) -> Option<String> {
        let _ = scope;
        None
    }
}

/// What a write call returns: the request id AWS assigned, where there is one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Receipt {
    pub request_id: Option<String>,
}

/// Writes: what runbooks do. Every method mutates the fleet.
pub trait Operations: Send + Sync + std::fmt::Debug {
    fn set_desired_capacity<'a>(&'a self, group: &'a ResourceKey, desired: u32) -> CloudFuture<'a, Receipt>;
    fn set_max_size<'a>(&'a self, group: &'a ResourceKey, max: u32) -> CloudFuture<'a, Receipt>;
    fn create_db_snapshot<'a>(&'a self, instance: &'a ResourceKey, snapshot_id: &'a str) -> CloudFuture<'a, Receipt>;
    fn create_cluster_snapshot<'a>(
        &'a self,
        cluster: &'a ResourceKey,
        snapshot_id: &'a str,
    ) -> CloudFuture<'a, Receipt>;
    fn reboot_with_failover<'a>(&'a self, instance: &'a ResourceKey) -> CloudFuture<'a, Receipt>;
    fn failover_cluster<'a>(&'a self, cluster: &'a ResourceKey, target_reader: &'a str) -> CloudFuture<'a, Receipt>;
    fn promote_read_replica<'a>(&'a self, instance: &'a ResourceKey) -> CloudFuture<'a, Receipt>;
    /// `DisableAlarmActions` of an alarm (its key's id is the alarm name) and the other alarms
    /// of its region in `also`, in one call: they still change state, but run none of their
    /// actions until they are enabled again.
    fn disable_alarm_actions<'a>(&'a self, alarm: &'a ResourceKey, also: &'a [String]) -> CloudFuture<'a, Receipt>;
    /// `EnableAlarmActions` of an alarm and those in `also`.
    fn enable_alarm_actions<'a>(&'a self, alarm: &'a ResourceKey, also: &'a [String]) -> CloudFuture<'a, Receipt>;
    /// `CopyDBSnapshot` of `source` (an instance snapshot) into `target_region`, encrypted with
    /// `kms_key_id` there when given. The copy is named `target_snapshot_id`.
    fn copy_db_snapshot<'a>(
        &'a self,
        source: &'a ResourceKey,
        target_region: &'a str,
        target_snapshot_id: &'a str,
        kms_key_id: Option<&'a str>,
    ) -> CloudFuture<'a, Receipt>;
    /// `CreatePerformanceAnalysisReport` for `instance` (its `DbiResourceId` is
    /// `resource_id`) over `start`..`end`.
    fn create_analysis_report<'a>(
        &'a self,
        instance: &'a ResourceKey,
        resource_id: &'a str,
        window: (Timestamp, Timestamp),
    ) -> CloudFuture<'a, Receipt>;
    /// `PutScheduledUpdateGroupAction` on `group`: `action`'s start time and sizes, under its
    /// name (the same name replaces the action).
    fn put_scheduled_action<'a>(
        &'a self,
        group: &'a ResourceKey,
        action: &'a ScheduledAction,
    ) -> CloudFuture<'a, Receipt>;
    /// `DeleteScheduledAction` of the action named `name` on `group`.
    fn delete_scheduled_action<'a>(&'a self, group: &'a ResourceKey, name: &'a str) -> CloudFuture<'a, Receipt>;
    /// `CreateDBInstance` of a new member of the Aurora cluster `cluster` (it joins as a reader).
    fn create_cluster_instance<'a>(&'a self, cluster: &'a ResourceKey, new: NewMember<'a>) -> CloudFuture<'a, Receipt>;
    /// `ModifyDBInstance` to instance class `class`, with `ApplyImmediately`.
    fn modify_instance_class<'a>(&'a self, instance: &'a ResourceKey, class: &'a str) -> CloudFuture<'a, Receipt>;
}

/// A new member of an Aurora cluster, as `CreateDBInstance` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewMember<'a> {
    pub instance_id: &'a str,
    /// The cluster's engine (`aurora-postgresql`, `aurora-mysql`): RDS requires it.
    pub engine: &'a str,
    pub class: &'a str,
    pub az: &'a str,
}
