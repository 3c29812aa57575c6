//! The checks RDS makes before a forced failover, an Aurora failover or a promotion, against
//! the fleet as it is at the moment of the call; a write that passes becomes an intervention.
//!
//! Refusals carry RDS's error code and wording, so a runbook on the simulator fails the way
//! it would against AWS: not Multi-AZ, not available, not a replica, not a reader. How long
//! each operation takes is drawn from the seed and the time of the call, so runs reproduce.

use crate::cloud::CloudError;
use crate::cloud::model::{DbInstance, DbRole, DbStatus, ResourceKey};

use super::interventions::Action;
use super::noise::hash;
use super::world::{Moment, World};

fn refuse<T>(message: String) -> Result<T, CloudError> {
    Err(CloudError::Other { message })
}

fn require_available(instance: &DbInstance) -> Result<(), CloudError> {
    if instance.status == DbStatus::Available {
        return Ok(());
    }
    refuse(format!(
        "InvalidDBInstanceState: DB instance {} is not in available state (it is {}).",
        instance.id, instance.status
    ))
}

impl World {
    /// The instance `key` as it is at `m`.
    pub fn db_now(&self, key: &ResourceKey, m: &Moment) -> Result<(usize, DbInstance), CloudError> {
        let idx = self
            .db_index(&key.scope.region, &key.id)
            .ok_or_else(|| CloudError::NotFound { what: format!("DB instance {key}") })?;
        Ok((idx, self.instance_at(idx, m)))
    }

    /// The index of the cluster `key`.
    pub fn cluster_for(&self, key: &ResourceKey) -> Result<usize, CloudError> {
        self.region(&key.scope.region)
            .and_then(|r| r.clusters.iter().copied().find(|&c| self.clusters[c].base.id == key.id))
            .ok_or_else(|| CloudError::NotFound { what: format!("DB cluster {key}") })
    }

    /// Virtual seconds an operation on `key` asked for at `tau` takes: `least` plus up to `spread`.
    fn takes(&self, key: u64, tau: f64, least: f64, spread: u64) -> f64 {
        least + (hash(&[self.seed, key, (tau * 1000.0) as u64, 0x0B5]) % (spread + 1)) as f64
    }

    /// Checks `RebootDBInstance` with `ForceFailover` at `m`.
    pub fn plan_reboot(&self, key: &ResourceKey, m: &Moment) -> Result<Action, CloudError> {
        let (idx, instance) = self.db_now(key, m)?;
        if instance.multi_az != Some(true) || self.dbs[idx].cluster.is_some() {
            return refuse(format!(
                "InvalidParameterCombination: Cannot do a forced failover: DB instance {} is not Multi-AZ.",
                instance.id
            ));
        }
        require_available(&instance)?;
        if let Some(standby) = instance.secondary_az.as_deref().filter(|az| self.az_down(&instance.region, az, m.tau)) {
            return refuse(format!(
                "InvalidDBInstanceState: The standby of DB instance {} in {standby} is not available to take over.",
                instance.id
            ));
        }
        Ok(Action::Reboot { db: idx, takes: self.takes(self.dbs[idx].key, m.tau, 60.0, 30) })
    }

    /// Checks `FailoverDBCluster` to `target` at `m`.
    pub fn plan_failover(&self, key: &ResourceKey, target: &str, m: &Moment) -> Result<Action, CloudError> {
        let c = self.cluster_for(key)?;
        let cluster = self.cluster_at(c, m);
        if !matches!(cluster.status, DbStatus::Available | DbStatus::BackingUp) {
            return refuse(format!(
                "InvalidDBClusterStateFault: DB cluster {} is not in available state (it is {}).",
                cluster.id, cluster.status
            ));
        }
        let Some(to) = self.members_at(c, m.tau).into_iter().find(|&i| self.db_id(i) == target) else {
            return refuse(format!("InvalidParameterValue: {target} is not a member of DB cluster {}.", cluster.id));
        };
        let Some(from) = self.cluster_writer(c, m.tau).filter(|&w| w != to) else {
            return refuse(format!(
                "InvalidParameterValue: {target} is the writer of DB cluster {}; choose one of its readers.",
                cluster.id
            ));
        };
        require_available(&self.instance_at(to, m))?;
        Ok(Action::Failover { cluster: c, from, to, takes: self.takes(self.dbs[to].key, m.tau, 30.0, 30) })
    }

    /// Checks `PromoteReadReplica` at `m`.
    pub fn plan_promote(&self, key: &ResourceKey, m: &Moment) -> Result<Action, CloudError> {
        let (idx, instance) = self.db_now(key, m)?;
        if !matches!(instance.role, DbRole::Replica { .. }) {
            return refuse(format!("InvalidDBInstanceState: DB instance {} is not a read replica.", instance.id));
        }
        require_available(&instance)?;
        Ok(Action::Promote { db: idx, takes: self.takes(self.dbs[idx].key, m.tau, 60.0, 60) })
    }
}
