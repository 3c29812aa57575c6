//! Replication rows: each source followed by its replicas, same-region and cross-region, with
//! the lag and whether each failover target could fail over now.

use std::collections::HashMap;

use crate::cloud::model::{
    DbCluster, DbFleet, DbInstance, DbMetric, DbRole, DbStatus, Metrics, ResourceKey, Scope, replica_source,
};
use crate::feed::Feeds;
use crate::judging::{Level, Thresholds, status_verdict};
use crate::runbook::readiness::Readiness;
use crate::state::failover::{ReadinessCache, ScopeReadiness};

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

/// A scope with a fleet, with what its Replication rows read that moves: its latest metrics and
/// its failover targets' readiness, looked up once for the scope rather than once per row.
#[derive(Debug, Clone, Copy)]
pub struct Reading<'a> {
    pub scope: &'a Scope,
    pub data: &'a DbFleet,
    metrics: Option<&'a Metrics>,
    ready: Option<&'a ScopeReadiness>,
}

/// Every scope with a fleet, in the feeds' order (the order a `Slot` names its scope by).
pub fn readings<'a>(
    fleet: &'a Feeds<DbFleet>,
    metrics: &'a Feeds<Metrics>,
    ready: &'a ReadinessCache,
) -> Vec<Reading<'a>> {
    fleet
        .data()
        .map(|(scope, data)| Reading {
            scope,
            data,
            metrics: metrics.get(scope).and_then(|f| f.data()),
            ready: ready.scope(scope),
        })
        .collect()
}

/// What a replication row reads that moves with the metrics: the latest lag and the readiness.
fn moving<'a>(reading: &Reading<'a>, db: &DbInstance) -> (Option<f64>, Option<&'a Readiness>) {
    (lag(reading, db), failover(reading, db))
}

/// A replica's latest lag (a source has none, and is not looked up).
fn lag(reading: &Reading<'_>, db: &DbInstance) -> Option<f64> {
    if !db.role.is_replica() {
        return None;
    }
    reading.metrics.and_then(|d| d.db.get(&db.id)).and_then(|s| s.latest(DbMetric::ReplicaLag))
}

fn failover<'a>(reading: &Reading<'a>, db: &DbInstance) -> Option<&'a Readiness> {
    // An Aurora writer stands for its cluster, the target of a cluster failover.
    reading.ready.and_then(|ready| match &db.role {
        DbRole::ClusterWriter { cluster } => ready.get(true, cluster),
        _ => ready.get(false, &db.id),
    })
}

fn replication_row(
    reading: &Reading<'_>,
    db: &DbInstance,
    depth: u8,
    cross_region: bool,
    t: &Thresholds,
) -> ReplicationRow {
    let (lag_secs, failover) = moving(reading, db);
    let lag_level = lag_secs.map_or(Level::Ok, |lag| t.replica_lag.level(lag));
    ReplicationRow {
        key: ResourceKey::new(reading.scope.clone(), db.id.clone()),
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
fn replication_rows_with(
    fleet: &Feeds<DbFleet>,
    metrics: &Feeds<Metrics>,
    t: &Thresholds,
    ready: &ReadinessCache,
) -> Vec<ReplicationRow> {
    let scopes = readings(fleet, metrics, ready);
    layout(fleet).iter().map(|slot| slot.row(&scopes, t)).collect()
}

/// Where a row stands, which only the fleets decide: its instance (the index of its scope among
/// the scopes with a fleet, and of the instance in that fleet), its depth, whether it is a
/// cross-region replica and, for a source, how many replicas follow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub scope: usize,
    pub instance: usize,
    depth: u8,
    cross_region: bool,
    replica_count: usize,
}

impl Slot {
    /// The slot's row, judged from the metrics and readiness now.
    pub fn row(&self, scopes: &[Reading<'_>], t: &Thresholds) -> ReplicationRow {
        let reading = &scopes[self.scope];
        let mut row =
            replication_row(reading, &reading.data.instances[self.instance], self.depth, self.cross_region, t);
        row.replica_count = self.replica_count;
        row
    }

    /// The slot's row judged again from new metrics (of the same fleet and thresholds as
    /// `row`): `None` when its lag and readiness are as `row` has them, which is most rows.
    ///
    /// Which instances are failover targets only the fleets decide, so a row judged without
    /// readiness still has none; a target's readiness is compared without its target, which is
    /// the slot's own.
    pub fn changed(&self, row: &ReplicationRow, scopes: &[Reading<'_>], t: &Thresholds) -> Option<ReplicationRow> {
        let reading = &scopes[self.scope];
        let db = &reading.data.instances[self.instance];
        let same_lag = lag(reading, db).map(f64::to_bits) == row.lag_secs.map(f64::to_bits);
        let same_failover = row.failover.as_ref().is_none_or(|was| {
            failover(reading, db).is_some_and(|now| now.runbook == was.runbook && now.failed == was.failed)
        });
        (!(same_lag && same_failover)).then(|| self.row(scopes, t))
    }
}

/// An instance: its scope's index, the scope, its index in the fleet, the instance.
type Placed<'a> = (usize, &'a Scope, usize, &'a DbInstance);

/// The slots of the Replication rows, in order: each source followed by its replicas, then the
/// replicas whose source is not in view.
pub fn layout(fleet: &Feeds<DbFleet>) -> Vec<Slot> {
    let mut children: HashMap<(&str, &str), Vec<Placed<'_>>> = HashMap::new();
    let mut sources: Vec<Placed<'_>> = Vec::new();
    for (s, (scope, data)) in fleet.data().enumerate() {
        for (i, db) in data.instances.iter().enumerate() {
            let placed = (s, scope, i, db);
            match &db.role {
                DbRole::Primary | DbRole::ClusterWriter { .. } => sources.push(placed),
                DbRole::Replica { source } => {
                    children.entry(replica_source(source, &db.region)).or_default().push(placed);
                }
                DbRole::ClusterReader { cluster } => {
                    let writer = data.clusters.iter().find(|c| &c.id == cluster).and_then(DbCluster::writer);
                    let parent = writer.unwrap_or(cluster.as_str());
                    children.entry((db.region.as_str(), parent)).or_default().push(placed);
                }
            }
        }
    }
    let by_name = |a: &Placed<'_>, b: &Placed<'_>| (a.1, &a.3.id).cmp(&(b.1, &b.3.id));
    let slot = |(scope, _, instance, _): Placed<'_>, depth, cross_region, replica_count| Slot {
        scope,
        instance,
        depth,
        cross_region,
        replica_count,
    };
    sources.sort_by(by_name);
    let mut slots = Vec::with_capacity(sources.len() + children.len());
    for source in sources {
        let mut replicas = children.remove(&(source.3.region.as_str(), source.3.id.as_str())).unwrap_or_default();
        replicas.sort_by(by_name);
        slots.push(slot(source, 0, false, replicas.len()));
        for replica in replicas {
            let cross = replica.3.region != source.3.region;
            slots.push(slot(replica, 1, cross, 0));
        }
    }
    let mut orphans: Vec<Placed<'_>> = children.into_values().flatten().collect();
    orphans.sort_by(by_name);
    slots.extend(orphans.into_iter().map(|o| slot(o, 0, false, 0)));
    slots
}
