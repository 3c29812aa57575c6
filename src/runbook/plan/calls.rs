//! The calls a plan makes, the facts they depend on and the waits between them, each shown as
//! the exact API call (or condition) it is.

use std::fmt;

use serde::Serialize;

use crate::cloud::model::{ResourceKey, SnapshotKind, Timestamp};

/// A fact a call depends on; re-read just before the call is made. `AlarmActions`: the
/// alarm's actions are enabled (or not) as the plan saw them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "fact", rename_all = "snake_case")]
pub enum Assumption {
    GroupDesired {
        group: String,
        desired: u32,
    },
    GroupMax {
        group: String,
        max: u32,
    },
    DbAvailable {
        instance: String,
    },
    ClusterAvailable {
        cluster: String,
    },
    ClusterWriter {
        cluster: String,
        writer: String,
    },
    LagBelow {
        instance: String,
        limit_secs: f64,
    },
    /// A time the call schedules for is still ahead.
    Ahead {
        what: String,
        time: Timestamp,
    },
    /// The group still lists the scheduled action (it has not run or been removed).
    ScheduledWaiting {
        group: String,
        name: String,
    },
    AlarmActions {
        alarm: String,
        enabled: bool,
    },
}

/// One mutating API call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "call", rename_all = "snake_case")]
pub enum Action {
    SetMaxSize {
        group: ResourceKey,
        from: u32,
        to: u32,
    },
    SetDesiredCapacity {
        group: ResourceKey,
        from: u32,
        to: u32,
    },
    CreateDbSnapshot {
        instance: ResourceKey,
        snapshot_id: String,
    },
    CreateClusterSnapshot {
        cluster: ResourceKey,
        snapshot_id: String,
    },
    CopyDbSnapshot {
        source: ResourceKey,
        target_region: String,
        target_snapshot_id: String,
        kms_key_id: Option<String>,
    },
    RebootWithFailover {
        instance: ResourceKey,
    },
    FailoverCluster {
        cluster: ResourceKey,
        target: String,
    },
    PromoteReadReplica {
        instance: ResourceKey,
    },
    /// `alarm` and the other alarms of its region in `also`, in one call.
    DisableAlarmActions {
        alarm: ResourceKey,
        also: Vec<String>,
    },
    EnableAlarmActions {
        alarm: ResourceKey,
        also: Vec<String>,
    },
    CreateAnalysisReport {
        instance: ResourceKey,
        resource_id: String,
        start: Timestamp,
        end: Timestamp,
    },
    /// At `start`, the group's min, desired and max become these.
    PutScheduledAction {
        group: ResourceKey,
        name: String,
        start: Timestamp,
        min: u32,
        desired: u32,
        max: u32,
    },
    DeleteScheduledAction {
        group: ResourceKey,
        name: String,
    },
    /// `CreateDBInstance` of a new member (a reader) of an Aurora cluster.
    CreateClusterInstance {
        cluster: ResourceKey,
        instance_id: String,
        engine: String,
        class: String,
        az: String,
    },
    /// `ModifyDBInstance` with a new `DBInstanceClass`, applied immediately.
    ModifyInstanceClass {
        instance: ResourceKey,
        from: String,
        to: String,
    },
}

/// What a wait step waits for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "until", rename_all = "snake_case")]
pub enum Wait {
    InService {
        group: ResourceKey,
        target: u32,
    },
    SnapshotAvailable {
        snapshot: ResourceKey,
        kind: SnapshotKindName,
    },
    /// Available again, in an AZ other than `left_az` (a forced failover moved it).
    FailedOver {
        instance: ResourceKey,
        left_az: Option<String>,
    },
    ClusterWriter {
        cluster: ResourceKey,
        writer: String,
    },
    Standalone {
        instance: ResourceKey,
    },
    /// `DescribeAlarms` shows the alarm (and those in `also`) with `ActionsEnabled` as `enabled`.
    AlarmActions {
        alarm: ResourceKey,
        also: Vec<String>,
        enabled: bool,
    },
    /// PI has run the analysis report of this instance and window (succeeded or failed).
    ReportDone {
        instance: ResourceKey,
        start: Timestamp,
        end: Timestamp,
    },
    /// `instance` is available and listed as a member of the cluster.
    ClusterMember {
        cluster: ResourceKey,
        instance: String,
    },
    /// The instance is available with class `class`.
    InstanceClass {
        instance: ResourceKey,
        class: String,
    },
}

/// `SnapshotKind` as it is written into plans and the audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SnapshotKindName {
    Instance,
    Cluster,
}

impl From<SnapshotKindName> for SnapshotKind {
    fn from(kind: SnapshotKindName) -> Self {
        match kind {
            SnapshotKindName::Instance => Self::Instance,
            SnapshotKindName::Cluster => Self::Cluster,
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::SetMaxSize { group, to, .. } => write!(
                f,
                "autoscaling:UpdateAutoScalingGroup AutoScalingGroupName={} MaxSize={to} ({})",
                group.id, group.scope
            ),
            Self::SetDesiredCapacity { group, to, .. } => write!(
                f,
                "autoscaling:SetDesiredCapacity AutoScalingGroupName={} DesiredCapacity={to} HonorCooldown=false ({})",
                group.id, group.scope
            ),
            Self::CreateDbSnapshot { instance, snapshot_id } => write!(
                f,
                "rds:CreateDBSnapshot DBInstanceIdentifier={} DBSnapshotIdentifier={snapshot_id} ({})",
                instance.id, instance.scope
            ),
            Self::CreateClusterSnapshot { cluster, snapshot_id } => write!(
                f,
                "rds:CreateDBClusterSnapshot DBClusterIdentifier={} DBClusterSnapshotIdentifier={snapshot_id} ({})",
                cluster.id, cluster.scope
            ),
            Self::CopyDbSnapshot { source, target_region, target_snapshot_id, kms_key_id } => write!(
                f,
                "rds:CopyDBSnapshot SourceDBSnapshotIdentifier={} SourceRegion={} TargetDBSnapshotIdentifier={target_snapshot_id} KmsKeyId={} ({target_region})",
                source.id,
                source.scope.region,
                kms_key_id.as_deref().unwrap_or("—")
            ),
            Self::RebootWithFailover { instance } => write!(
                f,
                "rds:RebootDBInstance DBInstanceIdentifier={} ForceFailover=true ({})",
                instance.id, instance.scope
            ),
            Self::FailoverCluster { cluster, target } => write!(
                f,
                "rds:FailoverDBCluster DBClusterIdentifier={} TargetDBInstanceIdentifier={target} ({})",
                cluster.id, cluster.scope
            ),
            Self::PromoteReadReplica { instance } => {
                write!(f, "rds:PromoteReadReplica DBInstanceIdentifier={} ({})", instance.id, instance.scope)
            }
            Self::PutScheduledAction { group, name, start, min, desired, max } => write!(
                f,
                "autoscaling:PutScheduledUpdateGroupAction AutoScalingGroupName={} ScheduledActionName={name} StartTime={} MinSize={min} DesiredCapacity={desired} MaxSize={max} ({})",
                group.id,
                start.format("%FT%TZ"),
                group.scope
            ),
            Self::DeleteScheduledAction { group, name } => write!(
                f,
                "autoscaling:DeleteScheduledAction AutoScalingGroupName={} ScheduledActionName={name} ({})",
                group.id, group.scope
            ),
            Self::DisableAlarmActions { alarm, also } => {
                write!(f, "cloudwatch:DisableAlarmActions AlarmNames={} ({})", names(alarm, also), alarm.scope)
            }
            Self::EnableAlarmActions { alarm, also } => {
                write!(f, "cloudwatch:EnableAlarmActions AlarmNames={} ({})", names(alarm, also), alarm.scope)
            }
            Self::CreateAnalysisReport { instance, resource_id, start, end } => write!(
                f,
                "pi:CreatePerformanceAnalysisReport ServiceType=RDS Identifier={resource_id} StartTime={} EndTime={} ({}, {})",
                start.format("%FT%TZ"),
                end.format("%FT%TZ"),
                instance.id,
                instance.scope
            ),
            Self::CreateClusterInstance { cluster, instance_id, engine, class, az } => write!(
                f,
                "rds:CreateDBInstance DBClusterIdentifier={} DBInstanceIdentifier={instance_id} Engine={engine} DBInstanceClass={class} AvailabilityZone={az} ({})",
                cluster.id, cluster.scope
            ),
            Self::ModifyInstanceClass { instance, to, .. } => write!(
                f,
                "rds:ModifyDBInstance DBInstanceIdentifier={} DBInstanceClass={to} ApplyImmediately=true ({})",
                instance.id, instance.scope
            ),
        }
    }
}

impl fmt::Display for Wait {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InService { group, target } => write!(f, "wait until {} has {target} instances InService", group.id),
            Self::SnapshotAvailable { snapshot, .. } => {
                write!(f, "wait until snapshot {} is available ({})", snapshot.id, snapshot.scope)
            }
            Self::FailedOver { instance, left_az } => match left_az {
                Some(az) => write!(f, "wait until {} is available outside {az}", instance.id),
                None => write!(f, "wait until {} is available again", instance.id),
            },
            Self::ClusterWriter { cluster, writer } => write!(f, "wait until {writer} is the writer of {}", cluster.id),
            Self::Standalone { instance } => write!(f, "wait until {} is a standalone primary", instance.id),
            Self::AlarmActions { alarm, also, enabled } => {
                let words = if *enabled { "enabled" } else { "disabled" };
                match also.len() {
                    0 => write!(f, "wait until alarm {} shows its actions {words}", alarm.id),
                    n => write!(f, "wait until alarm {} and {n} more show their actions {words}", alarm.id),
                }
            }
            Self::ReportDone { instance, .. } => write!(f, "wait until PI has run the report of {}", instance.id),
            Self::ClusterMember { cluster, instance } => {
                write!(f, "wait until {instance} is available as a member of {}", cluster.id)
            }
            Self::InstanceClass { instance, class } => {
                write!(f, "wait until {} is available as {class}", instance.id)
            }
        }
    }
}

/// An alarm and the others of the call, as `AlarmNames` lists them.
fn names(alarm: &ResourceKey, also: &[String]) -> String {
    std::iter::once(alarm.id.as_str()).chain(also.iter().map(String::as_str)).collect::<Vec<_>>().join(",")
}
