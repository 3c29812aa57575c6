//! A crafted fleet for the runbook tests: a primary with a DR replica in us-west-2, an Aurora
//! cluster with two readers, two groups, two alarms (one with its actions paused) — as plain
//! values, and as the view planners read.

use chrono::{TimeZone, Utc};

use crate::cloud::model::{
    Alarm, AlarmState, ClusterMember, DbCluster, DbFleet, DbInstance, DbMetric, DbRole, DbSeries, DbStatus, Hardening,
    Metrics, ResourceKey, ScalingGroup, Scope, Series, Timestamp,
};
use crate::feed::{Feeds, Snapshot};
use crate::judging::Thresholds;

use super::fleet::FleetView;
use super::plan::{Action, Plan, Step};

pub(crate) fn at() -> Timestamp {
    Utc.with_ymd_and_hms(2026, 11, 27, 15, 0, 0).unwrap()
}

pub(crate) fn east() -> Scope {
    Scope::region("us-east-1")
}

pub(crate) fn key(id: &str) -> ResourceKey {
    ResourceKey::new(east(), id)
}

pub(crate) fn db(id: &str, region: &str, role: DbRole) -> DbInstance {
    DbInstance {
        id: id.into(),
        resource_id: None,
        engine: "postgres".into(),
        engine_version: None,
        class: None,
        role,
        replicas: Vec::new(),
        region: region.into(),
        az: Some(format!("{region}a")),
        secondary_az: Some(format!("{region}b")),
        status: DbStatus::Available,
        multi_az: Some(true),
        storage_encrypted: Some(true),
        kms_key_id: Some(format!("arn:aws:kms:{region}:123456789012:key/k")),
        kms_key_aws_managed: Some(false),
        backup_replica_regions: None,
        publicly_accessible: Some(false),
        backup_retention_days: Some(7),
        deletion_protection: Some(true),
        performance_insights: Some(true),
        ca_certificate: None,
        master_secret_arn: None,
        allocated_storage_gib: Some(100),
        created: None,
        hardening: Hardening::default(),
    }
}

pub(crate) fn group(name: &str, desired: u32, max: u32) -> ScalingGroup {
    ScalingGroup {
        name: name.into(),
        region: "us-east-1".into(),
        min: 1,
        desired,
        max,
        in_service: desired,
        pending: 0,
        terminating: 0,
        instances_by_az: Vec::new(),
        activities: Vec::new(),
        scheduled: Vec::new(),
        below_desired_since: None,
    }
}

/// An alarm in ALARM in us-east-1, its actions running or paused.
pub(crate) fn alarm(name: &str, actions_enabled: bool) -> Alarm {
    Alarm {
        name: name.into(),
        region: "us-east-1".into(),
        state: AlarmState::Alarm,
        reason: None,
        updated: Some(at()),
        namespace: Some("AWS/RDS".into()),
        metric: Some("CPUUtilization".into()),
        dimensions: vec![("DBInstanceIdentifier".into(), "main".into())],
        comparison: None,
        threshold: None,
        actions_enabled,
    }
}

pub(crate) fn lag(value: f64) -> DbSeries {
    DbSeries { series: [(DbMetric::ReplicaLag, Series::new([(at(), value)]))].into_iter().collect() }
}

/// The fleet, one value per feed and scope.
#[derive(Debug, Clone)]
pub(crate) struct Sample {
    pub fleets: Vec<(Scope, DbFleet)>,
    pub groups: Vec<(Scope, Vec<ScalingGroup>)>,
    pub metrics: Vec<(Scope, Metrics)>,
    pub alarms: Vec<(Scope, Vec<Alarm>)>,
}

/// The sample as fetched: what a `FleetView` borrows.
#[derive(Debug)]
pub(crate) struct Fetched {
    pub fleet: Feeds<DbFleet>,
    pub metrics: Feeds<Metrics>,
    pub groups: Feeds<Vec<ScalingGroup>>,
    pub alarms: Feeds<Vec<Alarm>>,
    pub thresholds: Thresholds,
    /// Targets with a run in progress.
    pub busy: Vec<ResourceKey>,
}

impl Fetched {
    pub fn view(&self) -> FleetView<'_> {
        FleetView {
            fleet: &self.fleet,
            metrics: &self.metrics,
            groups: &self.groups,
            alarms: &self.alarms,
            thresholds: &self.thresholds,
            busy: &self.busy,
            now: Some(at()),
            reads: None,
        }
    }

    /// Replaces a scope's metrics.
    pub fn set_metrics(&mut self, scope: Scope, metrics: Metrics) {
        self.metrics.apply(scope, Ok(Snapshot { data: metrics, fetched_at: at() }));
    }
}

impl Sample {
    pub fn scopes() -> Vec<Scope> {
        vec![east(), Scope::region("us-west-2")]
    }

    pub fn fetched(&self) -> Fetched {
        let scopes = Self::scopes();
        let mut fetched = Fetched {
            fleet: Feeds::new(&scopes),
            metrics: Feeds::new(&scopes),
            groups: Feeds::new(&scopes),
            alarms: Feeds::new(&scopes),
            thresholds: Thresholds::default(),
            busy: Vec::new(),
        };
        let snap = |data| Ok(Snapshot { data, fetched_at: at() });
        for (scope, fleet) in &self.fleets {
            fetched.fleet.apply(scope.clone(), snap(fleet.clone()));
        }
        for (scope, groups) in &self.groups {
            fetched.groups.apply(scope.clone(), Ok(Snapshot { data: groups.clone(), fetched_at: at() }));
        }
        for (scope, alarms) in &self.alarms {
            fetched.alarms.apply(scope.clone(), Ok(Snapshot { data: alarms.clone(), fetched_at: at() }));
        }
        for (scope, metrics) in &self.metrics {
            fetched.set_metrics(scope.clone(), metrics.clone());
        }
        fetched
    }
}

/// A primary with a DR replica in us-west-2, an Aurora cluster with two readers, two groups.
pub(crate) fn sample() -> Sample {
    let west = Scope::region("us-west-2");
    let mut cluster_dbs = vec![
        db("cat-1", "us-east-1", DbRole::ClusterWriter { cluster: "cat".into() }),
        db("cat-2", "us-east-1", DbRole::ClusterReader { cluster: "cat".into() }),
        db("cat-3", "us-east-1", DbRole::ClusterReader { cluster: "cat".into() }),
    ];
    let mut single = db("single", "us-east-1", DbRole::Primary);
    single.multi_az = Some(false);
    cluster_dbs.extend([db("main", "us-east-1", DbRole::Primary), single]);
    let cluster = DbCluster {
        id: "cat".into(),
        engine: "aurora-postgresql".into(),
        engine_version: None,
        region: "us-east-1".into(),
        status: DbStatus::Available,
        members: ["cat-1", "cat-2", "cat-3"]
            .iter()
            .enumerate()
            .map(|(i, id)| ClusterMember { instance_id: (*id).into(), is_writer: i == 0 })
            .collect(),
        multi_az: Some(true),
        storage_encrypted: Some(true),
        kms_key_id: None,
        kms_key_aws_managed: None,
        master_secret_arn: None,
        hardening: Hardening::default(),
        backup_retention_days: Some(7),
        deletion_protection: Some(true),
    };
    let east_fleet = DbFleet::new(cluster_dbs, vec![cluster]);
    let source = "arn:aws:rds:us-east-1:123456789012:db:main".to_owned();
    let west_fleet = DbFleet::new(vec![db("main-dr", "us-west-2", DbRole::Replica { source })], vec![]);
    let east_metrics = Metrics::new(
        [("cat-2".to_owned(), lag(0.5)), ("cat-3".to_owned(), lag(0.02))].into_iter().collect(),
        std::collections::HashMap::new(),
    );
    let west_metrics =
        Metrics::new([("main-dr".to_owned(), lag(12.0))].into_iter().collect(), std::collections::HashMap::new());
    Sample {
        fleets: vec![(east(), east_fleet), (west.clone(), west_fleet)],
        groups: vec![(east(), vec![group("web", 4, 12), group("full", 12, 12)])],
        metrics: vec![(east(), east_metrics), (west, west_metrics)],
        alarms: vec![(east(), vec![alarm("main-cpu-high", true), alarm("main-connections-high", false)])],
    }
}

/// The calls a plan makes, in order.
pub(crate) fn calls(plan: &Plan) -> Vec<&Action> {
    plan.steps.iter().filter_map(|s| if let Step::Call { action, .. } = s { Some(action) } else { None }).collect()
}
