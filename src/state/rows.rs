//! Table rows derived from the feeds, rebuilt only when a feed changes (never per frame).
//!
//! Each tab draws from its row list; a frame formats only the visible slice of it, so drawing
//! costs the same whether the fleet has a hundred instances or ten thousand.

use std::sync::Arc;

use crate::cloud::model::{Alarm, DbCluster, DbFleet, DbInstance, DbMetric, DbStatus, Metrics, ResourceKey, Scope};

use crate::feed::{Feed, Feeds, Snapshot};
use crate::judging::{GIB, Level, Thresholds, Verdict, db_verdict, status_verdict};
use crate::parallel::in_parallel;
use crate::posture::db::DbContext;
use crate::posture::{Policy, Posture, PostureSettings};
use crate::runbook::readiness::Readiness;

use super::failover::{ReadinessCache, ScopeReadiness, record};

mod alarms;
mod capacity;
mod fixed;
mod replication;

pub use alarms::{AlarmRow, alarm_rows};
pub use capacity::{GroupRow, group_rows};
use fixed::Fixed;
pub use fixed::FixedPostures;
pub use replication::{Reading, ReplicationRow, Slot, layout, readings, replication_rows};

/// Whether a Fleet row is an Aurora cluster or a DB instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FleetKind {
    Cluster,
    Instance,
    /// An instance shown under its Aurora cluster.
    Member,
}

/// What a Fleet row shows that its fleet snapshot alone decides: built once per snapshot and
/// shared by the rows of every minute after, which change only in what the metrics move.
#[derive(Debug, PartialEq)]
pub struct FleetFacts {
    pub key: ResourceKey,
    pub kind: FleetKind,
    pub role: &'static str,
    pub engine: String,
    pub class: Option<String>,
    pub az: Option<String>,
    pub multi_az: Option<bool>,
    pub status: DbStatus,
    /// Where its id comes among the ids of its scope's instances (0 for a cluster): what the
    /// wall orders otherwise equal cells by, a minute at a time, without comparing names.
    pub name_rank: u32,
    /// How many columns its id takes.
    pub name_width: usize,
}

impl FleetFacts {
    fn instance(scope: &Scope, db: &DbInstance, name_rank: u32) -> Self {
        let member = db.role.is_cluster_member();
        Self {
            name_rank,
            name_width: crate::printable::width(&db.id),
            key: ResourceKey::new(scope.clone(), db.id.clone()),
            kind: if member { FleetKind::Member } else { FleetKind::Instance },
            role: db.role.label(),
            engine: engine_label(&db.engine, db.engine_version.as_ref()),
            class: db.class.clone(),
            az: db.az.clone(),
            multi_az: db.multi_az,
            status: db.status.clone(),
        }
    }

    fn cluster(scope: &Scope, cluster: &DbCluster) -> Self {
        Self {
            name_rank: 0,
            name_width: crate::printable::width(&cluster.id),
            key: ResourceKey::new(scope.clone(), cluster.id.clone()),
            kind: FleetKind::Cluster,
            role: "cluster",
            engine: engine_label(&cluster.engine, cluster.engine_version.as_ref()),
            class: Some(format!("{} members", cluster.members.len())),
            az: None,
            multi_az: cluster.multi_az,
            status: cluster.status.clone(),
        }
    }
}

/// One row of the Fleet tab.
#[derive(Debug, Clone, PartialEq)]
pub struct FleetRow {
    /// Shared with the rows built from the same fleet snapshot.
    pub facts: Arc<FleetFacts>,
    pub cpu: Option<f64>,
    pub connections: Option<f64>,
    pub free_gib: Option<f64>,
    pub lag_secs: Option<f64>,
    /// DB load, average active sessions, and relative to the vCPUs (`None` without PI).
    pub load: Option<f64>,
    pub load_relative: Option<f64>,
    pub verdict: Verdict,
    /// What the posture and health rules found, judged when the row was built.
    pub posture: Posture,
    /// For a failover target: whether its failover runbook could run now.
    pub failover: Option<Readiness>,
}

impl FleetRow {
    pub fn key(&self) -> &ResourceKey {
        &self.facts.key
    }
}

fn engine_label(engine: &str, version: Option<&String>) -> String {
    match version {
        Some(v) => format!("{engine} {v}"),
        None => engine.to_owned(),
    }
}

/// The row of the instance at place `at` of its fleet.
fn instance_row(
    scope: &Scope,
    (at, db): (usize, &DbInstance),
    (ctx, ready): (&DbContext<'_>, Option<&ScopeReadiness>),
    fixed: &FixedPostures,
) -> FleetRow {
    let series = ctx.metrics.and_then(|m| m.db.get(&db.id));
    let latest = |metric| series.and_then(|s| s.latest(metric));
    let Fixed { facts, mut posture } = fixed.instance(scope, ctx, (at, db));
    ctx.instance_health_of(db, series, &mut posture);
    posture.sort();
    let failover = record(&mut posture, &ctx.policy, ready.and_then(|r| r.get(false, &db.id)).cloned());
    FleetRow {
        facts,
        cpu: latest(DbMetric::Cpu),
        connections: latest(DbMetric::Connections),
        free_gib: latest(DbMetric::FreeStorage).map(|b| b / GIB),
        lag_secs: latest(DbMetric::ReplicaLag),
        load: latest(DbMetric::DbLoad),
        load_relative: latest(DbMetric::DbLoadRelative),
        verdict: db_verdict(&db.status, series, ctx.policy.thresholds),
        posture,
        failover,
    }
}

fn cluster_row(
    cluster: &DbCluster,
    member_rows: &[Arc<FleetRow>],
    (facts, posture, failover): (Arc<FleetFacts>, Posture, Option<Readiness>),
) -> FleetRow {
    let mut verdict = status_verdict(&cluster.status);
    if cluster.writer().is_none() {
        verdict = verdict.worst(Verdict { level: Level::Critical, reason: "no writer".to_owned() });
    }
    if let Some(worst) = member_rows.iter().map(|r| &r.verdict).max_by_key(|v| v.level)
        && worst.level > verdict.level
    {
        verdict = worst.clone();
    }
    FleetRow {
        facts,
        cpu: None,
        connections: None,
        free_gib: None,
        lag_secs: None,
        load: None,
        load_relative: None,
        verdict,
        posture,
        failover,
    }
}

/// Fleet rows: per scope, each cluster followed by its members, then the other instances by id.
/// Postures are judged as of each scope's fleet snapshot, against its latest metrics and alarms.
pub fn fleet_rows(
    fleet: &Feeds<DbFleet>,
    metrics: &Feeds<Metrics>,
    alarms: &Feeds<Vec<Alarm>>,
    t: &Thresholds,
    settings: &PostureSettings,
) -> Vec<FleetRow> {
    let mut ready = ReadinessCache::default();
    ready.refresh(fleet, metrics, t);
    let inputs = Inputs { metrics, alarms, t, settings, ready: &ready };
    fleet
        .iter()
        .filter_map(|(scope, feed)| {
            Some(scope_fleet_rows(scope, feed.snapshot()?, &inputs, &mut FixedPostures::default()))
        })
        .flatten()
        .map(Arc::unwrap_or_clone)
        .collect()
}

/// What a scope's Fleet rows are judged from besides its fleet.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    pub metrics: &'a Feeds<Metrics>,
    pub alarms: &'a Feeds<Vec<Alarm>>,
    pub t: &'a Thresholds,
    pub settings: &'a PostureSettings,
    /// Refreshed for the same feeds.
    pub ready: &'a ReadinessCache,
}

/// The Fleet rows of one scope, as `fleet_rows` orders them, with the postures in `fixed`
/// (judged there when missing).
pub fn scope_fleet_rows(
    scope: &Scope,
    snapshot: &Snapshot<DbFleet>,
    inputs: &Inputs<'_>,
    fixed: &mut FixedPostures,
) -> Vec<Arc<FleetRow>> {
    let data = &snapshot.data;
    // Each row goes to the heap as it is built, and only its pointer moves on: a row is a few
    // hundred bytes, and at ten thousand instances copying rows through growing vectors and
    // the threads' parts was an eighth of a minute's work on the UI thread.
    let mut rows = Vec::with_capacity(data.instances.len() + data.clusters.len());
    let policy = Policy { settings: inputs.settings, thresholds: inputs.t, now: snapshot.fetched_at };
    let scope_metrics = inputs.metrics.get(scope).and_then(Feed::data);
    let scope_alarms = inputs.alarms.get(scope).and_then(Feed::data).map(Vec::as_slice);
    let ctx = DbContext::new(policy, scope_metrics, scope_alarms);
    // The scope's readiness, found once rather than once per row.
    let ready = inputs.ready.scope(scope);
    let judge = (&ctx, ready);
    fixed.judge(scope, &ctx, data);
    // An instance with its place in the fleet, which is where its kept posture is.
    let placed = |at: usize| Some((at, data.instances.get(at)?));
    let mut clusters: Vec<&DbCluster> = data.clusters.iter().collect();
    clusters.sort_by(|a, b| a.id.cmp(&b.id));
    for cluster in clusters {
        let member_rows: Vec<Arc<FleetRow>> = cluster
            .members
            .iter()
            .filter_map(|m| data.position(&m.instance_id).and_then(placed))
            .map(|db| Arc::new(instance_row(scope, db, judge, &*fixed)))
            .collect();
        let Fixed { facts, mut posture } = fixed.cluster((scope, &ctx), cluster, |id| data.instance(id));
        let failover = record(&mut posture, &ctx.policy, ready.and_then(|r| r.get(true, &cluster.id)).cloned());
        rows.push(Arc::new(cluster_row(cluster, &member_rows, (facts, posture, failover))));
        rows.extend(member_rows);
    }
    let fixed = &*fixed;
    let standalone: Vec<(usize, &DbInstance)> = fixed.standalone().iter().filter_map(|&at| placed(at)).collect();
    rows.extend(in_parallel(&standalone, |&db| Arc::new(instance_row(scope, db, judge, fixed))));
    rows
}
