//! The runbooks: each turns a request and the fleet as fetched into a `Plan`, with no I/O.
//! Scale-up and snapshot live here; the failovers in `failover`.
//!
//! `update` builds the plan and the confirm dialog holds it: what is shown is what runs.

use std::time::Duration;

use chrono::Utc;

use crate::cloud::model::{DbCluster, DbInstance, DbRole, ResourceKey, ScalingGroup, Scope, replica_source};

use super::checks::{available_check, empty_plan, missing};
use super::fleet::FleetView;
use super::plan::{Action, Assumption, Check, Plan, Request, Risk, RunbookKind, SnapshotKindName, Step, Wait};

const SCALE_TIMEOUT: Duration = Duration::from_mins(15);
const SNAPSHOT_TIMEOUT: Duration = Duration::from_hours(1);

/// The suggested scale-up target: +50 % of desired, capped at max unless already at max.
pub fn suggest_capacity(group: &ScalingGroup) -> u32 {
    let up = group.desired + (group.desired.div_ceil(2)).max(1);
    if group.desired < group.max { up.min(group.max) } else { up }
}

/// A snapshot identifier RDS accepts: `opsdeck-<db>-<UTC timestamp>`.
pub fn snapshot_id(db: &str, at: chrono::DateTime<Utc>) -> String {
    format!("opsdeck-{db}-{}", at.format("%Y%m%d-%H%M%S"))
}

/// Builds the plan for a request from the fleet as fetched.
pub fn plan(fleet: &FleetView<'_>, request: &Request) -> Plan {
    let mut plan = match request {
        Request::ScaleUp { group, target } => scale_up(fleet, group, *target),
        Request::Snapshot { target, snapshot_id, copy_to_dr } => snapshot(fleet, target, snapshot_id, *copy_to_dr),
        Request::Failover { target, reader } => super::failover::plan(fleet, target, reader.as_deref()),
        Request::AnalysisReport { target, start, end } => super::analysis::plan(fleet, target, (*start, *end)),
    };
    let busy = fleet.is_busy(request.target());
    let why = if busy { "a run on this target is in progress" } else { "none" };
    plan.checks.push(Check::new("no other run in progress on the target", !busy, why));
    plan
}

fn scale_up(fleet: &FleetView<'_>, key: &ResourceKey, target: u32) -> Plan {
    let Some(group) = fleet.group(key) else { return missing(RunbookKind::ScaleUp, key, "the group") };
    let beyond_max = target > group.max;
    let risk = if beyond_max { Risk::High } else { Risk::Low };
    let mut plan = empty_plan(RunbookKind::ScaleUp, key, format!("Scale up {} to {target}", key.id), risk);
    plan.checks.push(Check::new(
        "target above current desired",
        target > group.desired,
        format!("desired is {}, target {target}", group.desired),
    ));
    if beyond_max {
        let call = Action::SetMaxSize { group: key.clone(), from: group.max, to: target };
        let expect = vec![Assumption::GroupMax { group: key.id.clone(), max: group.max }];
        plan.steps.push(Step::Call { action: call, expect });
        plan.effects.push(format!("max {} → {target} (beyond the configured maximum)", group.max));
    }
    let call = Action::SetDesiredCapacity { group: key.clone(), from: group.desired, to: target };
    let expect = vec![Assumption::GroupDesired { group: key.id.clone(), desired: group.desired }];
    plan.steps.push(Step::Call { action: call, expect });
    plan.steps.push(Step::wait(Wait::InService { group: key.clone(), target }, SCALE_TIMEOUT));
    plan.effects.push(format!("desired {} → {target}", group.desired));
    plan.effects.push(format!("{} more instances in service", target.saturating_sub(group.in_service)));
    plan
}

/// The region and KMS key of a cross-region replica of `db`, where snapshots are copied to.
fn dr_target(fleet: &FleetView<'_>, db: &DbInstance) -> Option<(String, Option<String>)> {
    fleet.instances().find_map(|other| match &other.role {
        DbRole::Replica { source } => {
            let (region, id) = replica_source(source, &other.region);
            (id == db.id && region == db.region && other.region != db.region)
                .then(|| (other.region.clone(), other.kms_key_id.clone()))
        }
        _ => None,
    })
}

fn snapshot(fleet: &FleetView<'_>, key: &ResourceKey, snapshot_id: &str, copy_to_dr: bool) -> Plan {
    if let Some(cluster) = fleet.cluster(key) {
        return cluster_snapshot(key, cluster, snapshot_id);
    }
    let Some(db) = fleet.instance(key) else { return missing(RunbookKind::Snapshot, key, "the instance") };
    if let DbRole::ClusterWriter { cluster } | DbRole::ClusterReader { cluster } = &db.role
        && let Some(c) = fleet.cluster(&ResourceKey::new(key.scope.clone(), cluster.clone()))
    {
        return cluster_snapshot(&ResourceKey::new(key.scope.clone(), cluster.clone()), c, snapshot_id);
    }
    let mut plan = empty_plan(RunbookKind::Snapshot, key, format!("Snapshot {}", key.id), Risk::Low);
    plan.checks.push(available_check("the instance", &db.status));
    let snap = ResourceKey::new(key.scope.clone(), snapshot_id);
    let action = Action::CreateDbSnapshot { instance: key.clone(), snapshot_id: snapshot_id.to_owned() };
    let expect = vec![Assumption::DbAvailable { instance: key.id.clone() }];
    plan.steps.push(Step::Call { action, expect });
    plan.steps.push(Step::wait(
        Wait::SnapshotAvailable { snapshot: snap.clone(), kind: SnapshotKindName::Instance },
        SNAPSHOT_TIMEOUT,
    ));
    plan.effects.push(format!("manual snapshot {snapshot_id} in {}", key.scope.region));
    if copy_to_dr {
        add_copy(&mut plan, fleet, db, &snap);
    }
    plan
}

fn add_copy(plan: &mut Plan, fleet: &FleetView<'_>, db: &DbInstance, snap: &ResourceKey) {
    let Some((region, kms)) = dr_target(fleet, db) else {
        plan.checks.push(Check::new("a DR region to copy to", false, "no cross-region replica of this instance"));
        return;
    };
    let encrypted = db.storage_encrypted == Some(true);
    let why = match (&kms, encrypted) {
        (Some(k), _) => format!("KMS key {k}"),
        (None, true) => "no KMS key known in the DR region".to_owned(),
        (None, false) => "not encrypted".to_owned(),
    };
    plan.checks.push(Check::new(format!("a KMS key in {region} for the copy"), kms.is_some() || !encrypted, why));
    let copy = ResourceKey::new(Scope { profile: snap.scope.profile.clone(), region: region.clone() }, snap.id.clone());
    let action = Action::CopyDbSnapshot {
        source: snap.clone(),
        target_region: region.clone(),
        target_snapshot_id: snap.id.clone(),
        kms_key_id: kms,
    };
    plan.steps.push(Step::Call { action, expect: Vec::new() });
    plan.steps.push(Step::wait(
        Wait::SnapshotAvailable { snapshot: copy, kind: SnapshotKindName::Instance },
        SNAPSHOT_TIMEOUT,
    ));
    plan.effects.push(format!("a copy of {} in {region}", snap.id));
}

fn cluster_snapshot(key: &ResourceKey, cluster: &DbCluster, snapshot_id: &str) -> Plan {
    let mut plan = empty_plan(RunbookKind::Snapshot, key, format!("Snapshot cluster {}", key.id), Risk::Low);
    plan.checks.push(available_check("the cluster", &cluster.status));
    let action = Action::CreateClusterSnapshot { cluster: key.clone(), snapshot_id: snapshot_id.to_owned() };
    let expect = vec![Assumption::ClusterAvailable { cluster: key.id.clone() }];
    plan.steps.push(Step::Call { action, expect });
    let snap = ResourceKey::new(key.scope.clone(), snapshot_id);
    plan.steps.push(Step::wait(
        Wait::SnapshotAvailable { snapshot: snap, kind: SnapshotKindName::Cluster },
        SNAPSHOT_TIMEOUT,
    ));
    plan.effects.push(format!("manual cluster snapshot {snapshot_id} in {}", key.scope.region));
    plan
}
