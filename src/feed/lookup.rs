//! Finding one resource in the feeds that hold it, by key: what the screens, `update` and the
//! runbook planners all look things up with.

use crate::cloud::model::{Alarm, DbCluster, DbFleet, DbInstance, DbSeries, Metrics, ResourceKey, ScalingGroup};

use super::Feeds;

impl Feeds<DbFleet> {
    /// A DB instance by key.
    pub fn instance(&self, key: &ResourceKey) -> Option<&DbInstance> {
        self.get(&key.scope)?.data()?.instance(&key.id)
    }

    /// An Aurora cluster by key.
    pub fn cluster(&self, key: &ResourceKey) -> Option<&DbCluster> {
        self.get(&key.scope)?.data()?.clusters.iter().find(|c| c.id == key.id)
    }

    /// Every DB instance of every scope.
    pub fn instances(&self) -> impl Iterator<Item = &DbInstance> {
        self.data().flat_map(|(_, fleet)| fleet.instances.iter())
    }
}

impl Feeds<Vec<ScalingGroup>> {
    /// An Auto Scaling Group by key.
    pub fn group(&self, key: &ResourceKey) -> Option<&ScalingGroup> {
        self.get(&key.scope)?.data()?.iter().find(|g| g.name == key.id)
    }
}

impl Feeds<Vec<Alarm>> {
    /// A CloudWatch alarm by key (its id is the alarm name).
    pub fn alarm(&self, key: &ResourceKey) -> Option<&Alarm> {
        self.get(&key.scope)?.data()?.iter().find(|a| a.name == key.id)
    }
}

impl Feeds<Metrics> {
    /// The metrics of a DB instance, if any.
    pub fn db_series(&self, key: &ResourceKey) -> Option<&DbSeries> {
        self.get(&key.scope)?.data()?.db.get(&key.id)
    }
}
