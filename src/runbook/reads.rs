//! What the runner reads, each from the one resource it concerns: the re-check of a plan's
//! assumptions just before a call, what a wait sees, and — when a write got no answer —
//! whether it took effect.

use crate::cloud::model::{
    DbMetric, DbRole, DbStatus, MetricTargets, ReportSummary, ResourceKey, Scope, SnapshotKind, Timestamp,
};
use crate::cloud::{CloudError, Inventory};
use crate::judging::format_secs;

use super::fleet::LAG_MAX_PERIODS;
use super::plan::{Action, Assumption, Wait};

/// What a wait saw.
pub(super) enum Seen {
    Done(String),
    NotYet(String),
}

/// Re-reads one fact; `Err` says what changed (or why it could not be read).
pub(super) async fn check(
    inv: &dyn Inventory,
    scope: &Scope,
    assumption: &Assumption,
    now: Timestamp,
) -> Result<(), String> {
    let unreadable = |e: CloudError| format!("could not re-read ({e})");
    let key = |id: &str| ResourceKey::new(scope.clone(), id);
    match assumption {
        Assumption::GroupDesired { group, desired } | Assumption::GroupMax { group, max: desired } => {
            let g = inv.scaling_group(&key(group)).await.map_err(unreadable)?;
            let (name, now) = match assumption {
                Assumption::GroupMax { .. } => ("max", g.max),
                _ => ("desired", g.desired),
            };
            if now == *desired { Ok(()) } else { Err(format!("{group} {name} changed from {desired} to {now}")) }
        }
        Assumption::DbAvailable { instance } => {
            let db = inv.db_instance(&key(instance)).await.map_err(unreadable)?;
            available(instance, &db.status)
        }
        Assumption::ClusterAvailable { cluster } | Assumption::ClusterWriter { cluster, .. } => {
            let c = inv.db_cluster(&key(cluster)).await.map_err(unreadable)?;
            match assumption {
                Assumption::ClusterWriter { writer, .. } if c.writer() != Some(writer.as_str()) => {
                    Err(format!("the writer of {cluster} is now {}", c.writer().unwrap_or("none")))
                }
                _ => available(cluster, &c.status),
            }
        }
        Assumption::Ahead { what, time } if *time <= now => {
            Err(format!("{what} at {}, which is no longer ahead", crate::runbook::book::time::show(*time)))
        }
        Assumption::Ahead { .. } => Ok(()),
        Assumption::ScheduledWaiting { group, name } => {
            let g = inv.scaling_group(&key(group)).await.map_err(unreadable)?;
            if g.scheduled.iter().any(|a| a.name == *name) {
                Ok(())
            } else {
                Err(format!("{group} no longer lists the scheduled action {name} (it ran, or was removed)"))
            }
        }
        Assumption::LagBelow { instance, limit_secs } => {
            let targets = MetricTargets { instances: vec![instance.clone()], groups: Vec::new() };
            let metrics = inv.metrics(scope, &targets).await.map_err(unreadable)?;
            let series = metrics.db.get(instance).ok_or_else(|| format!("{instance} reports no replica lag"))?;
            match series.recent(DbMetric::ReplicaLag, now, LAG_MAX_PERIODS) {
                Ok(lag) if lag < *limit_secs => Ok(()),
                Ok(lag) => {
                    Err(format!("{instance} lag is now {} (limit {})", format_secs(lag), format_secs(*limit_secs)))
                }
                Err(why) => Err(format!("{instance} replica lag cannot be vouched for: {why}")),
            }
        }
        Assumption::AlarmActions { alarm, enabled } => {
            let now = inv.alarm(&key(alarm)).await.map_err(unreadable)?.actions_enabled;
            if now == *enabled { Ok(()) } else { Err(format!("the actions of {alarm} are now {}", actions(now))) }
        }
    }
}

/// An alarm's actions in a word: "enabled" or "disabled".
fn actions(enabled: bool) -> &'static str {
    if enabled { "enabled" } else { "disabled" }
}

fn available(id: &str, status: &DbStatus) -> Result<(), String> {
    if *status == DbStatus::Available { Ok(()) } else { Err(format!("{id} is now {status}")) }
}

/// One look for a wait.
pub(super) async fn observe(inv: &dyn Inventory, wait: &Wait) -> Result<Seen, CloudError> {
    let seen = |done: bool, text: String| if done { Seen::Done(text) } else { Seen::NotYet(text) };
    match wait {
        Wait::InService { group, target } => {
            let g = inv.scaling_group(group).await?;
            Ok(seen(g.in_service >= *target, format!("{}/{target} in service, {} pending", g.in_service, g.pending)))
        }
        Wait::SnapshotAvailable { snapshot, kind } => match inv.db_snapshot(snapshot, (*kind).into()).await {
            Ok(s) => {
                let pct = s.progress_percent.map(|p| format!(" {p}%")).unwrap_or_default();
                Ok(seen(s.is_available(), format!("{} {}{pct}", s.id, s.status)))
            }
            // Right after creation a snapshot may not be listed yet.
            Err(CloudError::NotFound { .. }) => Ok(Seen::NotYet(format!("{} not listed yet", snapshot.id))),
            Err(e) => Err(e),
        },
        Wait::FailedOver { instance, left_az } => {
            let db = inv.db_instance(instance).await?;
            let moved = left_az.is_none() || db.az != *left_az;
            let az = db.az.as_deref().unwrap_or("—");
            Ok(seen(moved && db.status == DbStatus::Available, format!("{} in {az}", db.status)))
        }
        Wait::ClusterWriter { cluster, writer } => {
            let c = inv.db_cluster(cluster).await?;
            let done = c.writer() == Some(writer.as_str()) && c.status == DbStatus::Available;
            Ok(seen(done, format!("{}, writer {}", c.status, c.writer().unwrap_or("none"))))
        }
        Wait::Standalone { instance } => {
            let db = inv.db_instance(instance).await?;
            let done = db.role == DbRole::Primary && db.status == DbStatus::Available;
            Ok(seen(done, format!("{} as {}", db.status, db.role.label())))
        }
        Wait::AlarmActions { alarm, also, enabled } => {
            let a = inv.alarm(alarm).await?;
            let text = format!("{} {}, actions {}", a.name, a.state.as_str(), actions(a.actions_enabled));
            let mut done = a.actions_enabled == *enabled;
            let mut behind = 0;
            for name in also {
                let other = inv.alarm(&ResourceKey::new(alarm.scope.clone(), name.as_str())).await?;
                behind += usize::from(other.actions_enabled != *enabled);
            }
            if also.is_empty() {
                return Ok(seen(done, text));
            }
            done &= behind == 0;
            Ok(seen(done, format!("{text}; {} of {} more", also.len() - behind, also.len())))
        }
        Wait::ClusterMember { cluster, instance } => {
            let c = inv.db_cluster(cluster).await?;
            if !c.members.iter().any(|m| m.instance_id == *instance) {
                return Ok(Seen::NotYet(format!("{instance} not a member of {} yet", cluster.id)));
            }
            match inv.db_instance(&ResourceKey::new(cluster.scope.clone(), instance.as_str())).await {
                Ok(db) => Ok(seen(db.status == DbStatus::Available, format!("{instance} {}, a member", db.status))),
                // Listed by the cluster before DescribeDBInstances has it.
                Err(CloudError::NotFound { .. }) => Ok(Seen::NotYet(format!("{instance} not listed yet"))),
                Err(e) => Err(e),
            }
        }
        Wait::InstanceClass { instance, class } => {
            let db = inv.db_instance(instance).await?;
            let now = db.class.as_deref().unwrap_or("—");
            Ok(seen(db.status == DbStatus::Available && now == class, format!("{} as {now}", db.status)))
        }
        Wait::ReportDone { instance, start, end } => match report_of(inv, instance, *start, *end).await? {
            Some(r) => Ok(seen(!r.status.is_running(), format!("report {} {}", r.id, r.status.label()))),
            // Right after creation a report may not be listed yet.
            None => Ok(Seen::NotYet("the report is not listed yet".to_owned())),
        },
    }
}

/// The newest report of an instance over exactly this window.
async fn report_of(
    inv: &dyn Inventory,
    instance: &ResourceKey,
    start: Timestamp,
    end: Timestamp,
) -> Result<Option<ReportSummary>, CloudError> {
    let reports = inv.analysis_reports(instance).await?;
    Ok(reports.into_iter().find(|r| r.start == Some(start) && r.end == Some(end)))
}

/// Whether a write that got no answer took effect: `Some(what was seen)` if the resource
/// shows it, `None` if it shows no sign of it.
pub(super) async fn effect(inv: &dyn Inventory, action: &Action) -> Result<Option<String>, CloudError> {
    let shows = |done: bool, text: String| done.then_some(text);
    match action {
        Action::SetMaxSize { group, to, .. } => {
            let g = inv.scaling_group(group).await?;
            Ok(shows(g.max == *to, format!("max is {}", g.max)))
        }
        Action::SetDesiredCapacity { group, to, .. } => {
            let g = inv.scaling_group(group).await?;
            Ok(shows(g.desired == *to, format!("desired is {}", g.desired)))
        }
        Action::CreateDbSnapshot { instance, snapshot_id } => {
            snapshot_exists(
                inv,
                &ResourceKey::new(instance.scope.clone(), snapshot_id.as_str()),
                SnapshotKind::Instance,
            )
            .await
        }
        Action::CreateClusterSnapshot { cluster, snapshot_id } => {
            snapshot_exists(inv, &ResourceKey::new(cluster.scope.clone(), snapshot_id.as_str()), SnapshotKind::Cluster)
                .await
        }
        Action::CopyDbSnapshot { source, target_region, target_snapshot_id, .. } => {
            let scope = Scope { profile: source.scope.profile.clone(), region: target_region.clone() };
            snapshot_exists(inv, &ResourceKey::new(scope, target_snapshot_id.as_str()), SnapshotKind::Instance).await
        }
        Action::RebootWithFailover { instance } | Action::PromoteReadReplica { instance } => {
            // Either write takes the instance out of `available` for a while (rebooting,
            // failing over, modifying); a promoted replica is a primary afterwards.
            let db = inv.db_instance(instance).await?;
            let promoted = matches!(action, Action::PromoteReadReplica { .. }) && db.role == DbRole::Primary;
            Ok(shows(db.status != DbStatus::Available || promoted, format!("{} as {}", db.status, db.role.label())))
        }
        Action::FailoverCluster { cluster, target } => {
            let c = inv.db_cluster(cluster).await?;
            let moved = c.writer() == Some(target.as_str()) || c.status != DbStatus::Available;
            Ok(shows(moved, format!("{}, writer {}", c.status, c.writer().unwrap_or("none"))))
        }
        Action::PutScheduledAction { group, name, start, min, desired, max } => {
            let g = inv.scaling_group(group).await?;
            let listed = g.scheduled.iter().find(|a| a.name == *name);
            let same = listed.is_some_and(|a| {
                a.start == Some(*start) && (a.min, a.desired, a.max) == (Some(*min), Some(*desired), Some(*max))
            });
            Ok(shows(same, format!("{name} is listed for {}", crate::runbook::book::time::show(*start))))
        }
        Action::DeleteScheduledAction { group, name } => {
            let g = inv.scaling_group(group).await?;
            let gone = !g.scheduled.iter().any(|a| a.name == *name);
            Ok(shows(gone, format!("{name} is no longer listed")))
        }
        Action::DisableAlarmActions { alarm, also } | Action::EnableAlarmActions { alarm, also } => {
            let wanted = matches!(action, Action::EnableAlarmActions { .. });
            let a = inv.alarm(alarm).await?;
            let mut took = a.actions_enabled == wanted;
            for name in also {
                took &=
                    inv.alarm(&ResourceKey::new(alarm.scope.clone(), name.as_str())).await?.actions_enabled == wanted;
            }
            Ok(shows(took, format!("actions {}", actions(a.actions_enabled))))
        }
        Action::CreateAnalysisReport { instance, start, end, .. } => {
            let report = report_of(inv, instance, *start, *end).await?;
            Ok(report.map(|r| format!("report {} is listed, {}", r.id, r.status.label())))
        }
        Action::CreateClusterInstance { cluster, instance_id, .. } => {
            let c = inv.db_cluster(cluster).await?;
            let member = c.members.iter().any(|m| m.instance_id == *instance_id);
            Ok(shows(member, format!("{instance_id} is a member of {}", cluster.id)))
        }
        Action::ModifyInstanceClass { instance, to, .. } => {
            // Taken: the instance is modifying, or already of the new class.
            let db = inv.db_instance(instance).await?;
            let now = db.class.as_deref().unwrap_or("—");
            Ok(shows(db.status == DbStatus::Modifying || now == to, format!("{} as {now}", db.status)))
        }
    }
}

async fn snapshot_exists(
    inv: &dyn Inventory,
    key: &ResourceKey,
    kind: SnapshotKind,
) -> Result<Option<String>, CloudError> {
    match inv.db_snapshot(key, kind).await {
        Ok(s) => Ok(Some(format!("snapshot {} is {}", s.id, s.status))),
        Err(CloudError::NotFound { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}
