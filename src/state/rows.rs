//! Table rows derived from the feeds, rebuilt only when a feed changes (never per frame).
//!
//! Each tab draws from its row list; a frame formats only the visible slice of it, so drawing
//! costs the same whether the fleet has a hundred instances or ten thousand.

use std::collections::HashMap;

use crate::cloud::model::{
    Alarm, DbCluster, DbFleet, DbInstance, DbMetric, DbRole, DbStatus, Metrics, ResourceKey, ScalingGroup, Scope,
    Series, replica_source,
};

use crate::feed::{Feed, Feeds};
use crate::judging::{GIB, Level, Thresholds, Verdict, db_verdict, status_verdict};
use crate::posture::db::DbContext;
use crate::posture::scope::members;
use crate::posture::{Policy, Posture, PostureSettings};
use crate::runbook::readiness::Readiness;

use super::failover::Preflight;

/// Whether a Fleet row is an Aurora cluster or a DB instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FleetKind {
    Cluster,
    Instance,
    /// An instance shown under its Aurora cluster.
    Member,
}

/// One row of the Fleet tab.
#[derive(Debug, Clone, PartialEq)]
pub struct FleetRow {
    pub key: ResourceKey,
    pub kind: FleetKind,
    pub role: &'static str,
    pub engine: String,
    pub class: Option<String>,
    pub az: Option<String>,
    pub multi_az: Option<bool>,
    pub status: DbStatus,
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

/// One row of the Capacity tab.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupRow {
    pub key: ResourceKey,
    pub min: u32,
    pub desired: u32,
    pub max: u32,
    pub in_service: u32,
    pub pending: u32,
    pub terminating: u32,
    pub cpu: Option<f64>,
    pub verdict: Verdict,
}

/// One row of the Alarms tab.
#[derive(Debug, Clone, PartialEq)]
pub struct AlarmRow {
    pub scope: Scope,
    pub alarm: Alarm,
}

impl AlarmRow {
    pub fn key(&self) -> ResourceKey {
        ResourceKey::new(self.scope.clone(), self.alarm.name.clone())
    }
}

fn engine_label(engine: &str, version: Option<&String>) -> String {
    match version {
        Some(v) => format!("{engine} {v}"),
        None => engine.to_owned(),
    }
}

fn instance_row(scope: &Scope, db: &DbInstance, kind: FleetKind, ctx: &DbContext<'_>, pre: &Preflight<'_>) -> FleetRow {
    let series = ctx.metrics.and_then(|m| m.db.get(&db.id));
    let latest = |metric| series.and_then(|s| s.latest(metric));
    let key = ResourceKey::new(scope.clone(), db.id.clone());
    let mut posture = ctx.instance(db);
    let failover = pre.record(&mut posture, &ctx.policy, &key);
    FleetRow {
        key,
        kind,
        role: db.role.label(),
        engine: engine_label(&db.engine, db.engine_version.as_ref()),
        class: db.class.clone(),
        az: db.az.clone(),
        multi_az: db.multi_az,
        status: db.status.clone(),
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
    scope: &Scope,
    cluster: &DbCluster,
    member_rows: &[FleetRow],
    (posture, failover): (Posture, Option<Readiness>),
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
        key: ResourceKey::new(scope.clone(), cluster.id.clone()),
        kind: FleetKind::Cluster,
        role: "cluster",
        engine: engine_label(&cluster.engine, cluster.engine_version.as_ref()),
        class: Some(format!("{} members", cluster.members.len())),
        az: None,
        multi_az: cluster.multi_az,
        status: cluster.status.clone(),
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
    let mut rows = Vec::new();
    let pre = Preflight::new(fleet, metrics, t);
    for (scope, snapshot) in fleet.iter().filter_map(|(scope, feed)| Some((scope, feed.snapshot()?))) {
        let data = &snapshot.data;
        let policy = Policy { settings, thresholds: t, now: snapshot.fetched_at };
        let scope_metrics = metrics.get(scope).and_then(Feed::data);
        let scope_alarms = alarms.get(scope).and_then(Feed::data).map(Vec::as_slice);
        let ctx = DbContext::new(policy, scope_metrics, scope_alarms);
        let by_id: HashMap<&str, &DbInstance> = data.instances.iter().map(|i| (i.id.as_str(), i)).collect();
        let mut clusters: Vec<&DbCluster> = data.clusters.iter().collect();
        clusters.sort_by(|a, b| a.id.cmp(&b.id));
        for cluster in clusters {
            let member_rows: Vec<FleetRow> = cluster
                .members
                .iter()
                .filter_map(|m| by_id.get(m.instance_id.as_str()))
                .map(|db| instance_row(scope, db, FleetKind::Member, &ctx, &pre))
                .collect();
            let mut posture = ctx.cluster(cluster, &members(cluster, |id| by_id.get(id).copied()));
            let failover = pre.record(&mut posture, &ctx.policy, &ResourceKey::new(scope.clone(), cluster.id.clone()));
            rows.push(cluster_row(scope, cluster, &member_rows, (posture, failover)));
            rows.extend(member_rows);
        }
        let mut standalone: Vec<&DbInstance> = data
            .instances
            .iter()
            .filter(|i| !matches!(i.role, DbRole::ClusterWriter { .. } | DbRole::ClusterReader { .. }))
            .collect();
        standalone.sort_by(|a, b| a.id.cmp(&b.id));
        rows.extend(standalone.into_iter().map(|db| instance_row(scope, db, FleetKind::Instance, &ctx, &pre)));
    }
    rows
}

fn replication_row(
    scope: &Scope,
    db: &DbInstance,
    depth: u8,
    cross_region: bool,
    pre: &Preflight<'_>,
) -> ReplicationRow {
    let (m, t) = (pre.metrics, pre.thresholds);
    let key = ResourceKey::new(scope.clone(), db.id.clone());
    // An Aurora writer stands for its cluster, the target of a cluster failover.
    let target = match &db.role {
        DbRole::ClusterWriter { cluster } => ResourceKey::new(scope.clone(), cluster.clone()),
        _ => key.clone(),
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
        failover: pre.readiness(&target),
    }
}

/// Replication rows: each primary (or Aurora writer) followed by its replicas (or readers),
/// same-region and cross-region; replicas whose source is not in view come last.
pub fn replication_rows(fleet: &Feeds<DbFleet>, metrics: &Feeds<Metrics>, t: &Thresholds) -> Vec<ReplicationRow> {
    let pre = Preflight::new(fleet, metrics, t);
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
        let mut row = replication_row(scope, source, 0, false, &pre);
        row.replica_count = replicas.len();
        rows.push(row);
        for (replica_scope, replica) in replicas {
            let cross = replica.region != source.region;
            rows.push(replication_row(replica_scope, replica, 1, cross, &pre));
        }
    }
    let mut orphans: Vec<(&Scope, &DbInstance)> = children.into_values().flatten().collect();
    orphans.sort_by(|a, b| (a.0, &a.1.id).cmp(&(b.0, &b.1.id)));
    rows.extend(orphans.into_iter().map(|(scope, db)| replication_row(scope, db, 0, false, &pre)));
    rows
}

fn group_verdict(group: &ScalingGroup, cpu: Option<f64>, t: &Thresholds) -> Verdict {
    let mut verdict = Verdict::ok();
    if group.desired > 0 {
        let share = f64::from(group.in_service) * 100.0 / f64::from(group.desired);
        let level = t.group_in_service_pct.level(share);
        if level > Level::Ok {
            let reason = format!("{}/{} in service", group.in_service, group.desired);
            verdict = verdict.worst(Verdict { level, reason });
        }
    }
    if group.desired >= group.max && group.max > 0 {
        verdict = verdict.worst(Verdict { level: Level::Warn, reason: "at max".to_owned() });
    }
    if let Some(cpu) = cpu {
        let level = t.cpu.level(cpu);
        if level > Level::Ok {
            verdict = verdict.worst(Verdict { level, reason: format!("CPU {cpu:.0}%") });
        }
    }
    verdict
}

/// Capacity rows: every Auto Scaling Group, by scope then name.
pub fn group_rows(groups: &Feeds<Vec<ScalingGroup>>, metrics: &Feeds<Metrics>, t: &Thresholds) -> Vec<GroupRow> {
    let mut rows = Vec::new();
    for (scope, data) in groups.data() {
        let cpus = metrics.get(scope).and_then(|f| f.data()).map(|m| &m.group_cpu);
        let mut sorted: Vec<&ScalingGroup> = data.iter().collect();
        sorted.sort_by(|a, b| a.name.cmp(&b.name));
        rows.extend(sorted.into_iter().map(|g| {
            let cpu = cpus.and_then(|c| c.get(&g.name)).and_then(Series::latest);
            GroupRow {
                key: ResourceKey::new(scope.clone(), g.name.clone()),
                min: g.min,
                desired: g.desired,
                max: g.max,
                in_service: g.in_service,
                pending: g.pending,
                terminating: g.terminating,
                cpu,
                verdict: group_verdict(g, cpu, t),
            }
        }));
    }
    rows
}

/// Alarm rows: ALARM first, then INSUFFICIENT_DATA, then OK; most recently changed first.
pub fn alarm_rows(alarms: &Feeds<Vec<Alarm>>) -> Vec<AlarmRow> {
    let mut rows: Vec<AlarmRow> = alarms
        .data()
        .flat_map(|(scope, list)| list.iter().map(|a| AlarmRow { scope: scope.clone(), alarm: a.clone() }))
        .collect();
    rows.sort_by(|a, b| {
        (a.alarm.state, std::cmp::Reverse(a.alarm.updated), &a.alarm.name).cmp(&(
            b.alarm.state,
            std::cmp::Reverse(b.alarm.updated),
            &b.alarm.name,
        ))
    });
    rows
}
