//! Plans: exactly what a runbook will do, built from the data on screen with no I/O.
//!
//! A plan lists its preconditions (each ✓ or ✗ with the reason), its steps as the exact API
//! calls with their parameters, the waits between them with their timeouts, the expected
//! effect and the risk. The confirm view shows it; only a confirmed plan runs, and the runner
//! re-checks each call's assumptions just before making it.

use std::fmt;
use std::time::Duration;

use serde::Serialize;

use crate::cloud::model::{ResourceKey, SnapshotKind};

/// How careful the confirmation must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Risk {
    /// `y` confirms; the default is No.
    Low,
    /// The user types the target's identifier.
    High,
}

/// The runbooks opsdeck can run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RunbookKind {
    ScaleUp,
    Snapshot,
    /// `RebootDBInstance` with `ForceFailover` on a Multi-AZ instance.
    ForcedFailover,
    /// `FailoverDBCluster` to a chosen reader.
    ClusterFailover,
    /// `PromoteReadReplica`.
    Promote,
}

impl RunbookKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::ScaleUp => "scale up",
            Self::Snapshot => "snapshot",
            Self::ForcedFailover => "fail over (Multi-AZ)",
            Self::ClusterFailover => "fail over (Aurora)",
            Self::Promote => "promote replica",
        }
    }
}

/// A precondition and whether it holds now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    pub what: String,
    pub ok: bool,
    /// What was seen, e.g. "status is available" or "lag 6m40s ≥ 30s".
    pub why: String,
}

impl Check {
    pub fn new(what: impl Into<String>, ok: bool, why: impl Into<String>) -> Self {
        Self { what: what.into(), ok, why: why.into() }
    }
}

/// A fact a call depends on; re-read just before the call is made.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "fact", rename_all = "snake_case")]
pub enum Assumption {
    GroupDesired { group: String, desired: u32 },
    GroupMax { group: String, max: u32 },
    DbAvailable { instance: String },
    ClusterAvailable { cluster: String },
    ClusterWriter { cluster: String, writer: String },
    LagBelow { instance: String, limit_secs: f64 },
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

/// One step of a plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    Call { action: Action, expect: Vec<Assumption> },
    Wait { wait: Wait, timeout_secs: u64 },
}

impl Step {
    pub fn wait(wait: Wait, timeout: Duration) -> Self {
        Self::Wait { wait, timeout_secs: timeout.as_secs() }
    }
}

/// A complete plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    pub runbook: RunbookKind,
    pub target: ResourceKey,
    pub title: String,
    pub risk: Risk,
    pub checks: Vec<Check>,
    pub steps: Vec<Step>,
    /// Expected effect, one line each ("desired 4 → 6").
    pub effects: Vec<String>,
    /// For promotion: the writes that may be lost.
    pub data_at_risk: Option<String>,
}

impl Plan {
    /// A plan with a failed precondition cannot be confirmed.
    pub fn can_confirm(&self) -> bool {
        self.checks.iter().all(|c| c.ok) && !self.steps.is_empty()
    }

    /// What the user types to confirm a high-risk plan.
    pub fn confirm_word(&self) -> &str {
        &self.target.id
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
        }
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Call { action, .. } => action.fmt(f),
            Self::Wait { wait, timeout_secs } => write!(f, "{wait} (timeout {})", format_timeout(*timeout_secs)),
        }
    }
}

fn format_timeout(secs: u64) -> String {
    if secs.is_multiple_of(60) { format!("{} min", secs / 60) } else { format!("{secs} s") }
}
