//! Judging a whole scope (one profile and region) at once: every cluster, instance and group in
//! the data that was fetched, in a stable order (clusters, instances, groups; each by id).
//!
//! `opsdeck check` uses this directly; the Fleet tab builds the same postures row by row
//! through `DbContext` as it derives its rows.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::alarms::AlarmIndex;
use super::db::DbContext;
use super::{Assessed, Policy, ResourceKind, capacity};
use crate::cloud::model::{Alarm, DbCluster, DbFleet, DbInstance, Metrics, ResourceKey, ScalingGroup, Scope};

/// What was fetched for one scope; None for a feed that could not be.
#[derive(Debug, Clone, Copy, Default)]
pub struct ScopeData<'a> {
    pub fleet: Option<&'a DbFleet>,
    pub metrics: Option<&'a Metrics>,
    pub alarms: Option<&'a [Alarm]>,
    pub groups: Option<&'a [ScalingGroup]>,
}

impl<'a> DbContext<'a> {
    pub fn new(policy: Policy<'a>, metrics: Option<&'a Metrics>, alarms: Option<&'a [Alarm]>) -> Self {
        Self { policy, metrics, alarms, watched: OnceLock::new() }
    }

    /// The index of what the scope's alarms watch (None when they were not fetched).
    pub fn watched(&self) -> Option<&AlarmIndex> {
        self.watched.get_or_init(|| self.alarms.map(AlarmIndex::new)).as_ref()
    }
}

/// The instances of a cluster that are in the data.
pub fn members<'d>(cluster: &DbCluster, find: impl Fn(&str) -> Option<&'d DbInstance>) -> Vec<&'d DbInstance> {
    cluster.members.iter().filter_map(|m| find(&m.instance_id)).collect()
}

/// Every resource of the scope with its posture.
pub fn assess(scope: &Scope, data: ScopeData<'_>, policy: Policy<'_>) -> Vec<Assessed> {
    let mut out = Vec::new();
    let assessed = |id: &str, kind, posture| Assessed { key: ResourceKey::new(scope.clone(), id), kind, posture };
    if let Some(fleet) = data.fleet {
        let ctx = DbContext::new(policy, data.metrics, data.alarms);
        let by_id: HashMap<&str, &DbInstance> = fleet.instances.iter().map(|i| (i.id.as_str(), i)).collect();
        let mut clusters: Vec<&DbCluster> = fleet.clusters.iter().collect();
        clusters.sort_by(|a, b| a.id.cmp(&b.id));
        for cluster in clusters {
            let posture = ctx.cluster(cluster, &members(cluster, |id| by_id.get(id).copied()));
            out.push(assessed(&cluster.id, ResourceKind::DbCluster, posture));
        }
        let mut instances: Vec<&DbInstance> = fleet.instances.iter().collect();
        instances.sort_by(|a, b| a.id.cmp(&b.id));
        out.extend(instances.into_iter().map(|db| assessed(&db.id, ResourceKind::DbInstance, ctx.instance(db))));
    }
    if let Some(groups) = data.groups {
        let mut sorted: Vec<&ScalingGroup> = groups.iter().collect();
        sorted.sort_by(|a, b| a.name.cmp(&b.name));
        out.extend(
            sorted.into_iter().map(|g| assessed(&g.name, ResourceKind::AutoScalingGroup, capacity::group(g, &policy))),
        );
    }
    out
}
