//! The three ways to fail over, chosen by what the target is: a Multi-AZ instance (forced
//! reboot onto its standby), an Aurora cluster (a reader becomes the writer), or a read replica
//! (promoted to a standalone primary, e.g. the cross-region DR replica).

use std::time::Duration;

use crate::cloud::model::{DbInstance, DbRole, DbStatus, ResourceKey, replica_source};
use crate::judging::format_secs;

use super::checks::{available_check, empty_plan, lag_check, missing};
use super::fleet::FleetView;
use super::plan::{Action, Assumption, Check, Plan, Risk, RunbookKind, Step, Wait};

const FAILOVER_TIMEOUT: Duration = Duration::from_mins(15);
const PROMOTE_TIMEOUT: Duration = Duration::from_mins(30);

/// The failover plan for a target: an Aurora cluster (or one of its members) fails over to a
/// reader, a read replica is promoted, any other instance is failed over onto its standby.
pub(super) fn plan(fleet: &FleetView<'_>, key: &ResourceKey, reader: Option<&str>) -> Plan {
    let cluster_key = match fleet.instance(key).map(|db| &db.role) {
        Some(DbRole::ClusterWriter { cluster } | DbRole::ClusterReader { cluster }) => {
            Some(ResourceKey::new(key.scope.clone(), cluster.clone()))
        }
        _ => fleet.cluster(key).map(|_| key.clone()),
    };
    if let Some(cluster_key) = cluster_key {
        return cluster(fleet, &cluster_key, reader);
    }
    let Some(db) = fleet.instance(key) else { return missing(RunbookKind::ForcedFailover, key, "the instance") };
    match &db.role {
        DbRole::Replica { .. } => promote(fleet, key, db),
        _ => forced(key, db),
    }
}

/// A Multi-AZ instance: `RebootDBInstance` with `ForceFailover` moves it onto its standby.
fn forced(key: &ResourceKey, db: &DbInstance) -> Plan {
    let title = format!("Fail over {} to its standby", key.id);
    let mut plan = empty_plan(RunbookKind::ForcedFailover, key, title, Risk::High);
    plan.checks.push(available_check("the instance", &db.status));
    let multi_az = db.multi_az == Some(true);
    let why = if multi_az {
        format!("standby in {}", db.secondary_az.as_deref().unwrap_or("an unreported AZ"))
    } else {
        "not Multi-AZ: there is no standby to fail over to".to_owned()
    };
    plan.checks.push(Check::new("Multi-AZ", multi_az, why));
    let expect = vec![Assumption::DbAvailable { instance: key.id.clone() }];
    plan.steps.push(Step::Call { action: Action::RebootWithFailover { instance: key.clone() }, expect });
    let wait = Wait::FailedOver { instance: key.clone(), left_az: db.az.clone() };
    plan.steps.push(Step::wait(wait, FAILOVER_TIMEOUT));
    let from = db.az.as_deref().unwrap_or("its AZ");
    let to = db.secondary_az.as_deref().unwrap_or("the standby's AZ");
    plan.effects.push(format!("primary moves {from} → {to}"));
    plan.effects.push("connections drop for about one to two minutes while the endpoint moves".to_owned());
    plan
}

/// A read replica: `PromoteReadReplica` makes it a standalone primary.
fn promote(fleet: &FleetView<'_>, key: &ResourceKey, db: &DbInstance) -> Plan {
    let title = format!("Promote {} to a standalone primary", key.id);
    let mut plan = empty_plan(RunbookKind::Promote, key, title, Risk::High);
    plan.checks.push(available_check("the replica", &db.status));
    plan.checks.push(lag_check(fleet, key));
    let limit_secs = fleet.thresholds.replica_lag.warn;
    let expect = vec![
        Assumption::DbAvailable { instance: key.id.clone() },
        Assumption::LagBelow { instance: key.id.clone(), limit_secs },
    ];
    plan.steps.push(Step::Call { action: Action::PromoteReadReplica { instance: key.clone() }, expect });
    plan.steps.push(Step::wait(Wait::Standalone { instance: key.clone() }, PROMOTE_TIMEOUT));
    let source = match &db.role {
        DbRole::Replica { source } => {
            let (region, id) = replica_source(source, &db.region);
            format!("{id} ({region})")
        }
        _ => "its source".to_owned(),
    };
    plan.data_at_risk = Some(match fleet.lag(key) {
        Some(lag) => format!("≈ {} of writes on {source} not yet replicated (current lag)", format_secs(lag)),
        None => format!("unknown: no replica lag reported for {}", key.id),
    });
    plan.effects.push(format!("{} stops replicating from {source} and accepts writes", key.id));
    plan.effects.push("the application must be pointed at the new primary".to_owned());
    plan
}

/// The readers of an Aurora cluster, lowest replica lag first (unknown lag last).
pub fn readers(fleet: &FleetView<'_>, cluster: &ResourceKey) -> Vec<String> {
    let Some(c) = fleet.cluster(cluster) else { return Vec::new() };
    let mut readers: Vec<(Option<f64>, String)> = c
        .members
        .iter()
        .filter(|m| !m.is_writer)
        .map(|m| (fleet.lag(&ResourceKey::new(cluster.scope.clone(), m.instance_id.clone())), m.instance_id.clone()))
        .collect();
    readers.sort_by(|a, b| match (a.0, b.0) {
        (Some(x), Some(y)) => x.total_cmp(&y).then_with(|| a.1.cmp(&b.1)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.1.cmp(&b.1),
    });
    readers.into_iter().map(|(_, id)| id).collect()
}

/// An Aurora cluster: `FailoverDBCluster` to the chosen reader (default: the lowest lag).
fn cluster(fleet: &FleetView<'_>, key: &ResourceKey, reader: Option<&str>) -> Plan {
    let Some(c) = fleet.cluster(key) else { return missing(RunbookKind::ClusterFailover, key, "the cluster") };
    let candidates = readers(fleet, key);
    let chosen = reader.filter(|r| candidates.iter().any(|c| c == r)).or(candidates.first().map(String::as_str));
    let writer = c.writer().unwrap_or("—").to_owned();
    let title = format!("Fail over cluster {} to {}", key.id, chosen.unwrap_or("—"));
    let mut plan = empty_plan(RunbookKind::ClusterFailover, key, title, Risk::High);
    plan.checks.push(available_check("the cluster", &c.status));
    let Some(chosen) = chosen else {
        plan.checks.push(Check::new("a reader to fail over to", false, "the cluster has no reader"));
        return plan;
    };
    let reader_key = ResourceKey::new(key.scope.clone(), chosen);
    let status = fleet.instance(&reader_key).map_or(DbStatus::Other("unknown".into()), |db| db.status.clone());
    plan.checks.push(available_check(&format!("reader {chosen}"), &status));
    plan.checks.push(lag_check(fleet, &reader_key));
    // The re-check covers all the plan assumed: the cluster, its writer, and the reader chosen
    // (available, and its lag recent and under the limit).
    let expect = vec![
        Assumption::ClusterAvailable { cluster: key.id.clone() },
        Assumption::ClusterWriter { cluster: key.id.clone(), writer: writer.clone() },
        Assumption::DbAvailable { instance: chosen.to_owned() },
        Assumption::LagBelow { instance: chosen.to_owned(), limit_secs: fleet.thresholds.replica_lag.warn },
    ];
    let action = Action::FailoverCluster { cluster: key.clone(), target: chosen.to_owned() };
    plan.steps.push(Step::Call { action, expect });
    let wait = Wait::ClusterWriter { cluster: key.clone(), writer: chosen.to_owned() };
    plan.steps.push(Step::wait(wait, FAILOVER_TIMEOUT));
    plan.effects.push(format!("writer {writer} → {chosen}; {writer} becomes a reader"));
    plan.effects.push("writes pause for about 30 seconds while the cluster endpoint moves".to_owned());
    plan
}
