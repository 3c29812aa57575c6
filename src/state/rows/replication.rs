//! Replication rows: each source followed by its replicas, same-region and cross-region, with
//! the lag and whether each failover target could fail over now.

use std::collections::HashMap;

use crate::cloud::model::{
    DbCluster, DbFleet, DbInstance, DbMetric, DbRole, DbStatus, Metrics, ResourceKey, Scope, replica_source,
};
use crate::feed::Feeds;
use crate::judging::{Level, Thresholds, status_verdict};
use crate::runbook::readiness::Readiness;
use crate::state::failover::ReadinessCache;

/// One row of the Replication tab: a source (depth 0) or one of its replicas (depth 1).
#[derive(Debug, Clone, PartialEq)]
pub struct ReplicationRow {
    pub key: ResourceKey,
    pub depth: u8,
    pub role: &'static str,
    pub cross_region: bool,
    pub status: DbStatus,
    pub lag_secs: Option<f64>,
    pub level: Level,
    /// For a source: how many replicas it has.
    pub replica_count: usize,
    /// For a failover target (a Multi-AZ primary, an Aurora writer's cluster, a DR replica):
    /// whether its failover runbook could run now.
    pub failover: Option<Readiness>,
}

fn replication_row(
    scope: &Scope,
    db: &DbInstance,
    depth: u8,
    cross_region: bool,
    (m, t, ready): (&Feeds<Metrics>, &Thresholds, &ReadinessCache),
) -> ReplicationRow {
    let key = ResourceKey::new(scope.clone(), db.id.clone());
    // An Aurora writer stands for its cluster, the target of a cluster failover.
    let failover = match &db.role {
        DbRole::ClusterWriter { cluster } => ready.get(scope, true, cluster),
        _ => ready.get(scope, false, &db.id),
    };
    let lag_secs =
        m.get(scope).and_then(|f| f.data()).and_then(|d| d.db.get(&db.id)).and_then(|s| s.latest(DbMetric::ReplicaLag));
    let lag_level = lag_secs.map_or(Level::Ok, |lag| t.replica_lag.level(lag));
    ReplicationRow {
        key,
        depth,
        role: db.role.label(),
        cross_region,
        status: db.status.clone(),
        lag_secs,
        level: status_verdict(&db.status).level.max(lag_level),
        replica_count: 0,
        failover: failover.cloned(),
    }
}

/// Replication rows: each primary (or Aurora writer) followed by its replicas (or readers),
/// same-region and cross-region; replicas whose source is not in view come last.
pub fn replication_rows(fleet: &Feeds<DbFleet>, metrics: &Feeds<Metrics>, t: &Thresholds) -> Vec<ReplicationRow> {
    let mut ready = ReadinessCache::default();
    ready.refresh(fleet, metrics, t);
    replication_rows_with(fleet, metrics, t, &ready)
}

/// `replication_rows` with the readiness already judged for the same feeds.
pub fn replication_rows_with(
    fleet: &Feeds<DbFleet>,
    metrics: &Feeds<Metrics>,
    t: &Thresholds,
    ready: &ReadinessCache,
) -> Vec<ReplicationRow> {
    let pre = (metrics, t, ready);
    let mut children: HashMap<(&str, &str), Vec<(&Scope, &DbInstance)>> = HashMap::new();
    let mut sources: Vec<(&Scope, &DbInstance)> = Vec::new();
    for (scope, data) in fleet.data() {
        for db in &data.instances {
            match &db.role {
                DbRole::Primary | DbRole::ClusterWriter { .. } => sources.push((scope, db)),
                DbRole::Replica { source } => {
                    children.entry(replica_source(source, &db.region)).or_default().push((scope, db));
                }
                DbRole::ClusterReader { cluster } => {
                    let writer = data.clusters.iter().find(|c| &c.id == cluster).and_then(DbCluster::writer);
                    let parent = writer.unwrap_or(cluster.as_str());
                    children.entry((db.region.as_str(), parent)).or_default().push((scope, db));
                }
            }
        }
    }
    sources.sort_by(|a, b| (a.0, &a.1.id).cmp(&(b.0, &b.1.id)));
    let mut rows = Vec::with_capacity(sources.len() + children.len());
    for (scope, source) in sources {
        let mut replicas = children.remove(&(source.region.as_str(), source.id.as_str())).unwrap_or_default();
        replicas.sort_by(|a, b| (a.0, &a.1.id).cmp(&(b.0, &b.1.id)));
        let mut row = replication_row(scope, source, 0, false, pre);
        row.replica_count = replicas.len();
        rows.push(row);
        for (replica_scope, replica) in replicas {
            let cross = replica.region != source.region;
            rows.push(replication_row(replica_scope, replica, 1, cross, pre));
        }
    }
    let mut orphans: Vec<(&Scope, &DbInstance)> = children.into_values().flatten().collect();
    orphans.sort_by(|a, b| (a.0, &a.1.id).cmp(&(b.0, &b.1.id)));
    rows.extend(orphans.into_iter().map(|(scope, db)| replication_row(scope, db, 0, false, pre)));
    rows
}
