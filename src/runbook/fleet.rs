//! What the planners read: a borrowed, read-only view of the fleet as fetched (instances,
//! clusters, groups, alarms, metrics), the thresholds it is judged by, and the targets busy with a run.
//!
//! Built by the console from its state, or by a test from plain values: a plan needs no more.

use std::cell::{Cell, RefCell};

use crate::cloud::model::{
    Alarm, DbCluster, DbFleet, DbInstance, DbMetric, DbRole, DbSeries, Metrics, ResourceKey, ScalingGroup, Timestamp,
    replica_source,
};
use crate::feed::Feeds;
use crate::judging::Thresholds;

/// The fleet as the planners see it.
#[derive(Debug, Clone, Copy)]
pub struct FleetView<'a> {
    pub fleet: &'a Feeds<DbFleet>,
    pub metrics: &'a Feeds<Metrics>,
    pub groups: &'a Feeds<Vec<ScalingGroup>>,
    pub alarms: &'a Feeds<Vec<Alarm>>,
    pub thresholds: &'a Thresholds,
    /// The targets of runs in progress.
    pub busy: &'a [ResourceKey],
    /// The backend's clock, for the age of what was fetched (`None` before the first tick).
    pub now: Option<Timestamp>,
    /// Told when a plan reads metrics or the clock, so a plan that read neither can be kept
    /// until the fleet itself changes (the console's failover readiness).
    pub reads: Option<&'a Reads>,
}

/// What the plans built on a view read: whether they read what moves every minute (metrics
/// or the clock), and what of the fleet they read.
#[derive(Debug, Default)]
pub struct Reads {
    moving: Cell<bool>,
    fleet: RefCell<FleetReads>,
}

/// What plans read of the fleet: the instances and clusters they looked up by key, the
/// instances whose cross-region replicas they looked for, and whether they went through every
/// instance. A plan that read none of what a new fleet snapshot changed is the same plan on it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FleetReads {
    pub resources: Vec<ResourceKey>,
    /// Sources as (region, id), as a replica names its source.
    pub replicas_of: Vec<(String, String)>,
    pub every: bool,
}

impl Reads {
    /// Whether anything read metrics or the clock since the last `take`; clears it.
    pub fn take(&self) -> bool {
        self.moving.replace(false)
    }

    /// What was read of the fleet since the last `take_fleet`; clears it.
    pub fn take_fleet(&self) -> FleetReads {
        self.fleet.take()
    }

    fn resource(&self, key: &ResourceKey) {
        let mut fleet = self.fleet.borrow_mut();
        if !fleet.resources.contains(key) {
            fleet.resources.push(key.clone());
        }
    }
}

/// How many metric periods old a lag datapoint may be and still vouch for a failover.
pub const LAG_MAX_PERIODS: i64 = 2;

impl FleetView<'_> {
    /// Notes that a plan read metrics or the clock. Every read of `metrics` or `now` by a
    /// planner goes through here, or through a method that calls it.
    pub fn moving(&self) {
        if let Some(reads) = self.reads {
            reads.moving.set(true);
        }
    }

    /// A plan's clock, noted as read.
    pub fn moving_clock(&self, clock: Option<Timestamp>) -> Option<Timestamp> {
        self.moving();
        clock
    }

    /// The metrics of a DB instance as fetched.
    pub fn db_series(&self, key: &ResourceKey) -> Option<&DbSeries> {
        self.moving();
        self.metrics.db_series(key)
    }

    pub fn instance(&self, key: &ResourceKey) -> Option<&DbInstance> {
        self.read(key);
        self.fleet.instance(key)
    }

    pub fn cluster(&self, key: &ResourceKey) -> Option<&DbCluster> {
        self.read(key);
        self.fleet.cluster(key)
    }

    fn read(&self, key: &ResourceKey) {
        if let Some(reads) = self.reads {
            reads.resource(key);
        }
    }

    pub fn group(&self, key: &ResourceKey) -> Option<&ScalingGroup> {
        self.groups.group(key)
    }

    pub fn alarm(&self, key: &ResourceKey) -> Option<&Alarm> {
        self.alarms.alarm(key)
    }

    /// The other alarms of `key`'s region on the resource it watches (the same value of its
    /// metric's first dimension, e.g. `DBInstanceIdentifier=shop-prod-db`), in the feed's order.
    pub fn sibling_alarms(&self, key: &ResourceKey) -> Vec<&Alarm> {
        let Some(alarm) = self.alarm(key) else { return Vec::new() };
        let Some(resource) = alarm.dimensions.first() else { return Vec::new() };
        let all = self.alarms.get(&key.scope).and_then(|f| f.data()).map_or(&[][..], Vec::as_slice);
        all.iter().filter(|a| a.name != alarm.name && a.dimensions.first() == Some(resource)).collect()
    }

    /// Every DB instance of every scope.
    pub fn instances(&self) -> impl Iterator<Item = &DbInstance> {
        if let Some(reads) = self.reads {
            reads.fleet.borrow_mut().every = true;
        }
        self.fleet.instances()
    }

    /// The replicas of `db` in other regions, in the fleets' order.
    pub fn cross_region_replicas<'s>(&'s self, db: &'s DbInstance) -> impl Iterator<Item = &'s DbInstance> {
        if let Some(reads) = self.reads {
            let source = (db.region.clone(), db.id.clone());
            let mut fleet = reads.fleet.borrow_mut();
            if !fleet.replicas_of.contains(&source) {
                fleet.replicas_of.push(source);
            }
        }
        self.fleet.instances().filter(move |other| match &other.role {
            DbRole::Replica { source } => {
                let (region, id) = replica_source(source, &other.region);
                id == db.id && region == db.region && other.region != db.region
            }
            _ => false,
        })
    }

    /// The latest replica lag of an instance, if known, however old (for showing and ranking).
    pub fn lag(&self, key: &ResourceKey) -> Option<f64> {
        self.db_series(key).and_then(|s| s.latest(DbMetric::ReplicaLag))
    }

    /// The replica lag of an instance if its datapoint is recent enough to vouch for a
    /// failover (`LAG_MAX_PERIODS`); otherwise why not.
    pub fn recent_lag(&self, key: &ResourceKey) -> Result<f64, String> {
        let now = self.now.ok_or("no clock yet")?;
        let series = self.db_series(key).ok_or("no replica lag reported")?;
        series.recent(DbMetric::ReplicaLag, now, LAG_MAX_PERIODS)
    }

    /// What a run on `key` acts on: an Aurora member's cluster, else `key` itself. A failover
    /// or snapshot of a cluster and one of its members are the same target.
    pub fn run_target(&self, key: &ResourceKey) -> ResourceKey {
        match self.instance(key).map(|db| &db.role) {
            Some(DbRole::ClusterWriter { cluster } | DbRole::ClusterReader { cluster }) => {
                ResourceKey::new(key.scope.clone(), cluster.clone())
            }
            _ => key.clone(),
        }
    }

    /// Whether a run is in progress on `key`'s target.
    pub fn is_busy(&self, key: &ResourceKey) -> bool {
        let target = self.run_target(key);
        self.busy.iter().any(|busy| self.run_target(busy) == target)
    }
}
