//! Instances runbooks add to a cluster (`CreateDBInstance`) and resize (`ModifyDBInstance` with
//! a new class), checked as RDS checks them and applied from the journal.
//!
//! The world never grows: each Aurora cluster is built with a few spare member slots, not
//! listed anywhere, and a `CreateDBInstance` fills one with the identifier, class and AZ asked
//! for. The new member is `creating` for 6–10 minutes, then an available reader with metrics and
//! Performance Insights like the cluster's other readers. A resize keeps the instance
//! `modifying` for 8–15 minutes: a single-AZ instance is down throughout; a Multi-AZ one has its
//! standby modified first, then fails over to it (down 60–120 s at the end, AZs swapped).

use crate::cloud::model::{DbInstance, DbStatus, ResourceKey, class_vcpus};
use crate::cloud::{CloudError, NewMember};

use super::fleet::Region;
use super::interventions::{Action, Window};
use super::names::resource_id;
use super::noise::hash;
use super::spec::SPARES;
use super::world::{Moment, World};

/// A member a runbook created.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Added {
    pub cluster: usize,
    pub slot: usize,
    pub id: String,
    pub class: String,
    pub az: String,
    pub window: Window,
}

/// A class change a runbook asked for.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Resize {
    pub class: String,
    pub window: Window,
    /// When the instance is unreachable: the whole window single-AZ, the failover Multi-AZ.
    pub down: Window,
    pub multi_az: bool,
}

fn refuse<T>(message: String) -> Result<T, CloudError> {
    Err(CloudError::Other { message })
}

/// Whether RDS knows `class` (`db.` and a size the simulator can give vCPUs).
fn known_class(class: &str) -> bool {
    class.starts_with("db.") && class.matches('.').count() == 2 && class_vcpus(class).is_some()
}

impl World {
    /// Every member runbooks created so far, whenever.
    fn added_all(&self) -> Vec<Added> {
        self.journal.find(f64::INFINITY, |at, action| match action {
            Action::AddMember { cluster, slot, id, class, az, takes } => Some(Added {
                cluster: *cluster,
                slot: *slot,
                id: id.clone(),
                class: class.clone(),
                az: az.clone(),
                window: Window::new(at, *takes),
            }),
            _ => None,
        })
    }

    /// The member created in slot `idx`, if there is one.
    pub fn added(&self, idx: usize) -> Option<Added> {
        // Only a cluster's slots are ever filled.
        self.dbs[idx].cluster?;
        self.added_all().into_iter().find(|a| a.slot == idx)
    }

    /// The slot of the member `id` created in `region`.
    pub fn added_index(&self, region: &str, id: &str) -> Option<usize> {
        let r = self.region(region)?;
        self.added_all().into_iter().find(|a| a.id == id && r.clusters.contains(&a.cluster)).map(|a| a.slot)
    }

    /// The identifier of instance `idx`: a filled slot's is the one it was created with.
    pub fn db_id(&self, idx: usize) -> String {
        self.added(idx).map_or_else(|| self.dbs[idx].base.id.clone(), |a| a.id)
    }

    /// The members of cluster `c` at `tau`: as built, then those created by then.
    pub fn members_at(&self, c: usize, tau: f64) -> Vec<usize> {
        let mut members = self.clusters[c].members.clone();
        members
            .extend(self.added_all().into_iter().filter(|a| a.cluster == c && a.window.start <= tau).map(|a| a.slot));
        members
    }

    /// The instances of a region at `tau`, in display order: as built, then those created.
    pub fn region_dbs(&self, r: &Region, tau: f64) -> Vec<usize> {
        let mut dbs = r.dbs.clone();
        for &c in &r.clusters {
            dbs.extend(self.members_at(c, tau).into_iter().filter(|idx| !self.clusters[c].members.contains(idx)));
        }
        dbs
    }

    /// Whether instance `idx` reports datapoints at `tau`: a created member only once it is up.
    pub fn reporting(&self, idx: usize, tau: f64) -> bool {
        self.added(idx).is_none_or(|a| a.window.done(tau))
    }

    /// The class changes of instance `idx` asked for by `tau`, oldest first.
    pub fn resizes(&self, idx: usize, tau: f64) -> Vec<Resize> {
        self.journal.find(tau, |at, action| match action {
            Action::Resize { db, class, takes, down, multi_az } if *db == idx => {
                let window = Window::new(at, *takes);
                let down = if *multi_az { Window::new(window.end - down, *down) } else { window };
                Some(Resize { class: class.clone(), window, down, multi_az: *multi_az })
            }
            _ => None,
        })
    }

    /// The class of instance `idx` at `tau`: as built or created, then each finished resize's.
    pub fn class_at(&self, idx: usize, tau: f64) -> Option<String> {
        let built = self.added(idx).map(|a| a.class).or_else(|| self.dbs[idx].base.class.clone());
        self.resizes(idx, tau).into_iter().filter(|r| r.window.done(tau)).fold(built, |_, r| Some(r.class))
    }

    /// How many finished Multi-AZ resizes moved instance `idx` onto its standby by `tau`.
    pub fn resize_swaps(&self, idx: usize, tau: f64) -> usize {
        self.resizes(idx, tau).iter().filter(|r| r.multi_az && r.window.done(tau)).count()
    }

    /// The windows in which resizes keep instance `idx` unreachable.
    pub fn resize_downs(&self, idx: usize, tau: f64) -> Vec<Window> {
        self.resizes(idx, tau).into_iter().map(|r| r.down).collect()
    }

    /// `creating` or `modifying`, while a runbook's change of instance `idx` is in progress.
    pub fn change_status(&self, idx: usize, tau: f64) -> Option<DbStatus> {
        if self.added(idx).is_some_and(|a| a.window.covers(tau)) {
            return Some(DbStatus::Creating);
        }
        self.resizes(idx, tau).iter().any(|r| r.window.covers(tau)).then_some(DbStatus::Modifying)
    }

    /// A created member's identity, class and AZ, and the class after resizes, on `instance`.
    pub fn apply_changes(&self, idx: usize, instance: &mut DbInstance, tau: f64) {
        if let Some(a) = self.added(idx) {
            instance.resource_id = Some(resource_id(&a.id));
            instance.id = a.id;
            instance.az = Some(a.az);
            instance.secondary_az = None;
            instance.created = Some(self.t0 + chrono::Duration::milliseconds((a.window.start * 1000.0) as i64));
        }
        instance.class = self.class_at(idx, tau);
    }

    /// Checks `CreateDBInstance` into cluster `key` at `m`.
    pub fn plan_add_member(&self, key: &ResourceKey, new: NewMember<'_>, m: &Moment) -> Result<Action, CloudError> {
        let c = self.cluster_for(key)?;
        let cluster = self.cluster_at(c, m);
        if self.db_index(&key.scope.region, new.instance_id).is_some() {
            return refuse(format!("DBInstanceAlreadyExists: DB instance {} already exists.", new.instance_id));
        }
        if new.engine != cluster.engine {
            return refuse(format!(
                "InvalidParameterCombination: The engine name requested for your DB instance ({}) doesn't match the engine name of your DB cluster ({}).",
                new.engine, cluster.engine
            ));
        }
        if !known_class(new.class) {
            return refuse(format!(
                "InvalidParameterCombination: RDS does not support creating a DB instance with the following combination: DBInstanceClass={}, Engine={}.",
                new.class, new.engine
            ));
        }
        let zone = new.az.strip_prefix(key.scope.region.as_str()).unwrap_or_default();
        if !matches!(zone, "a" | "b" | "c" | "d" | "e" | "f") {
            return refuse(format!(
                "InvalidParameterValue: Availability zone '{}' is unavailable in this region, please choose another zone set.",
                new.az
            ));
        }
        if cluster.status != DbStatus::Available {
            return refuse(format!(
                "InvalidDBClusterStateFault: DB cluster {} is not in available state (it is {}).",
                cluster.id, cluster.status
            ));
        }
        let used = self.members_at(c, m.tau);
        let Some(slot) = self.clusters[c].spares.iter().copied().find(|s| !used.contains(s)) else {
            return refuse(format!(
                "InstanceQuotaExceeded: the simulated cluster {} takes at most {SPARES} more instances.",
                cluster.id
            ));
        };
        let takes = 360.0 + (hash(&[self.seed, self.dbs[slot].key, (m.tau * 1000.0) as u64, 0xADD]) % 241) as f64;
        Ok(Action::AddMember {
            cluster: c,
            slot,
            id: new.instance_id.to_owned(),
            class: new.class.to_owned(),
            az: new.az.to_owned(),
            takes,
        })
    }

    /// Checks `ModifyDBInstance` with `DBInstanceClass` (applied immediately) at `m`.
    pub fn plan_resize(&self, key: &ResourceKey, class: &str, m: &Moment) -> Result<Action, CloudError> {
        let (idx, instance) = self.db_now(key, m)?;
        if !known_class(class) {
            return refuse(format!("InvalidParameterCombination: DB instance class {class} is not supported."));
        }
        if instance.class.as_deref() == Some(class) {
            return refuse(format!("InvalidParameterCombination: DB instance {} is {class} already.", instance.id));
        }
        if instance.status != DbStatus::Available {
            return refuse(format!(
                "InvalidDBInstanceState: DB instance {} is not in available state (it is {}).",
                instance.id, instance.status
            ));
        }
        let h = hash(&[self.seed, self.dbs[idx].key, (m.tau * 1000.0) as u64, 0x512E]);
        let multi_az = instance.multi_az == Some(true) && self.dbs[idx].cluster.is_none();
        Ok(Action::Resize {
            db: idx,
            class: class.to_owned(),
            takes: 480.0 + (h % 421) as f64,
            down: 60.0 + (h / 421 % 61) as f64,
            multi_az,
        })
    }
}
