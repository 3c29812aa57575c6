//! What the planners read: a borrowed, read-only view of the fleet as fetched (instances,
//! clusters, groups, metrics), the thresholds it is judged by, and the targets busy with a run.
//!
//! Built by the console from its state, or by a test from plain values: a plan needs no more.

use crate::cloud::model::{DbCluster, DbFleet, DbInstance, DbMetric, Metrics, ResourceKey, ScalingGroup};
use crate::feed::Feeds;
use crate::judging::Thresholds;

/// The fleet as the planners see it.
#[derive(Debug, Clone, Copy)]
pub struct FleetView<'a> {
    pub fleet: &'a Feeds<DbFleet>,
    pub metrics: &'a Feeds<Metrics>,
    pub groups: &'a Feeds<Vec<ScalingGroup>>,
    pub thresholds: &'a Thresholds,
    /// The targets of runs in progress.
    pub busy: &'a [ResourceKey],
}

impl FleetView<'_> {
    pub fn instance(&self, key: &ResourceKey) -> Option<&DbInstance> {
        self.fleet.instance(key)
    }

    pub fn cluster(&self, key: &ResourceKey) -> Option<&DbCluster> {
        self.fleet.cluster(key)
    }

    pub fn group(&self, key: &ResourceKey) -> Option<&ScalingGroup> {
        self.groups.group(key)
    }

    /// Every DB instance of every scope.
    pub fn instances(&self) -> impl Iterator<Item = &DbInstance> {
        self.fleet.instances()
    }

    /// The latest replica lag of an instance, if known.
    pub fn lag(&self, key: &ResourceKey) -> Option<f64> {
        self.metrics.db_series(key).and_then(|s| s.latest(DbMetric::ReplicaLag))
    }

    /// Whether a run is in progress on `key`.
    pub fn is_busy(&self, key: &ResourceKey) -> bool {
        self.busy.contains(key)
    }
}
