//! What forced failovers, Aurora failovers and promotions do to the databases while and after
//! they run: statuses, short unavailability, swapped AZs, moved writers and replica lag.
//!
//! A forced failover reboots the instance for 60–90 s and brings it back in its standby's AZ;
//! an Aurora failover keeps the cluster `failing-over` for 30–60 s, then the chosen reader is
//! the writer; a promotion keeps the replica `modifying` for one to two minutes, then it stands
//! alone. Replicas of whatever failed over stall meanwhile and catch up over a couple of
//! minutes. The scenario hooks in `scenario` call these, so both kinds of event combine.

use crate::cloud::model::{DbInstance, DbRole, DbStatus};

use super::interventions::{Action, Window};
use super::names::db_arn;
use super::scenario::Availability;
use super::snapshot_record::Origin;
use super::spec::Lag;
use super::world::World;

/// Replica lag (s) gained per second of a Multi-AZ source's reboot, and per second of an Aurora
/// failover; afterwards it decays with this time constant.
const REBOOT_LAG_RATE: f64 = 1.25;
const FAILOVER_LAG_RATE: f64 = 0.5;
const CATCH_UP_SECS: f64 = 60.0;

/// One user failover of an Aurora cluster.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct ClusterFailover {
    pub window: Window,
    pub from: usize,
    pub to: usize,
}

/// Lag built up during a stall at `rate`, then worked off.
fn stall(w: Window, rate: f64, tau: f64) -> f64 {
    if tau < w.start {
        0.0
    } else if tau < w.end {
        (tau - w.start) * rate
    } else {
        (w.end - w.start) * rate * (-(tau - w.end) / CATCH_UP_SECS).exp()
    }
}

impl World {
    /// Forced failovers of instance `idx` asked for by `tau`.
    pub fn reboots(&self, idx: usize, tau: f64) -> Vec<Window> {
        self.journal.find(tau, |at, action| match *action {
            Action::Reboot { db, takes } if db == idx => Some(Window::new(at, takes)),
            _ => None,
        })
    }

    /// The promotion of replica `idx`, if one was asked for by `tau`.
    pub fn promotion(&self, idx: usize, tau: f64) -> Option<Window> {
        let found = self.journal.find(tau, |at, action| match *action {
            Action::Promote { db, takes } if db == idx => Some(Window::new(at, takes)),
            _ => None,
        });
        found.first().copied()
    }

    /// Whether `idx` has been promoted to a standalone primary by `tau`.
    pub fn detached(&self, idx: usize, tau: f64) -> bool {
        self.dbs[idx].source.is_some() && self.promotion(idx, tau).is_some_and(|w| w.done(tau))
    }

    /// User failovers of cluster `c` asked for by `tau`.
    pub fn cluster_failovers(&self, c: usize, tau: f64) -> Vec<ClusterFailover> {
        self.journal.find(tau, |at, action| match *action {
            Action::Failover { cluster, from, to, takes } if cluster == c => {
                Some(ClusterFailover { window: Window::new(at, takes), from, to })
            }
            _ => None,
        })
    }

    /// The writer after the user's failovers that finished by `tau`, ignoring the scenario.
    pub fn user_writer(&self, c: usize, tau: f64) -> Option<usize> {
        let first = self.clusters[c].members.first().copied();
        self.cluster_failovers(c, tau).iter().filter(|f| f.window.done(tau)).fold(first, |_, f| Some(f.to))
    }

    /// Whether the user's finished failovers leave `idx` on its standby's side at `tau`.
    pub fn user_swapped(&self, idx: usize, tau: f64) -> bool {
        (self.reboots(idx, tau).iter().filter(|w| w.done(tau)).count() + self.resize_swaps(idx, tau)) % 2 == 1
    }

    /// The instance's AZ at `tau`, as the user's failovers left it.
    pub fn user_az(&self, idx: usize, tau: f64) -> Option<&str> {
        let base = &self.dbs[idx].base;
        if self.user_swapped(idx, tau) { base.secondary_az.as_deref() } else { base.az.as_deref() }
    }

    /// The standby's AZ at `tau`, as the user's failovers left it.
    pub fn user_standby_az(&self, idx: usize, tau: f64) -> Option<&str> {
        let base = &self.dbs[idx].base;
        if self.user_swapped(idx, tau) { base.az.as_deref() } else { base.secondary_az.as_deref() }
    }

    /// The status an operation in progress gives instance `idx`, if any.
    pub fn op_status(&self, idx: usize, tau: f64) -> Option<DbStatus> {
        if self.reboots(idx, tau).iter().any(|w| w.covers(tau)) {
            return Some(DbStatus::Rebooting);
        }
        if self.promotion(idx, tau).is_some_and(|w| w.covers(tau)) {
            return Some(DbStatus::Modifying);
        }
        if let Some(status) = self.change_status(idx, tau) {
            return Some(status);
        }
        if let Some(c) = self.dbs[idx].cluster {
            for f in self.cluster_failovers(c, tau).iter().filter(|f| f.window.covers(tau)) {
                if f.to == idx {
                    return Some(DbStatus::FailingOver);
                }
                if f.from == idx {
                    return Some(DbStatus::Rebooting);
                }
            }
        }
        self.snapshot_starting(&Origin::Instance(idx), tau).then_some(DbStatus::BackingUp)
    }

    /// The status an operation in progress gives cluster `c`, if any.
    pub fn cluster_op_status(&self, c: usize, tau: f64) -> Option<DbStatus> {
        if self.cluster_failovers(c, tau).iter().any(|f| f.window.covers(tau)) {
            return Some(DbStatus::FailingOver);
        }
        self.snapshot_starting(&Origin::Cluster(c), tau).then_some(DbStatus::BackingUp)
    }

    /// Down while rebooting or handing over the writer; `back_for` since the last such window.
    pub fn op_availability(&self, idx: usize, tau: f64) -> Availability {
        let mut windows = self.reboots(idx, tau);
        windows.extend(self.resize_downs(idx, tau));
        if let Some(c) = self.dbs[idx].cluster {
            let failovers = self.cluster_failovers(c, tau);
            windows.extend(failovers.iter().filter(|f| f.from == idx || f.to == idx).map(|f| f.window));
        }
        let up = !windows.iter().any(|w| w.covers(tau));
        let back_for = windows.iter().filter(|w| w.done(tau)).map(|w| tau - w.end).reduce(f64::min);
        Availability { up, back_for: back_for.filter(|_| up) }
    }

    /// Extra lag on `idx` from its source's forced failovers and its cluster's failovers.
    pub fn op_lag_spike(&self, idx: usize, tau: f64) -> f64 {
        let spec = &self.dbs[idx];
        let from_source = spec
            .source
            .map_or(0.0, |s| self.reboots(s, tau).into_iter().map(|w| stall(w, REBOOT_LAG_RATE, tau)).sum::<f64>());
        let from_cluster = spec.cluster.map_or(0.0, |c| {
            self.cluster_failovers(c, tau).into_iter().map(|f| stall(f.window, FAILOVER_LAG_RATE, tau)).sum::<f64>()
        });
        from_source + from_cluster
    }

    /// How replica lag behaves for `idx` at `tau`; `None` for writers and promoted replicas.
    pub fn lag_model(&self, idx: usize, tau: f64) -> Option<Lag> {
        if self.detached(idx, tau) { None } else { self.profile_at(idx, tau).lag }
    }

    /// A promoted replica stands alone, and its source no longer lists it.
    pub fn apply_promotions(&self, idx: usize, instance: &mut DbInstance, tau: f64) {
        if self.detached(idx, tau) {
            instance.role = DbRole::Primary;
        }
        if instance.replicas.is_empty() {
            return;
        }
        let promoted = self.journal.find(tau, |at, action| match *action {
            Action::Promote { db, takes } if self.dbs[db].source == Some(idx) && tau >= at + takes => Some(db),
            _ => None,
        });
        for db in promoted {
            let (id, region) = (&self.dbs[db].base.id, &self.dbs[db].base.region);
            let arn = db_arn(region, id);
            instance.replicas.retain(|r| r != id && *r != arn);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lag_builds_during_the_stall_and_is_worked_off() {
        let w = Window::new(100.0, 60.0);
        assert!(stall(w, 1.25, 99.0).abs() < f64::EPSILON);
        assert!((stall(w, 1.25, 130.0) - 37.5).abs() < 1e-9);
        assert!((stall(w, 1.25, 160.0) - 75.0).abs() < 1e-9);
        assert!(stall(w, 1.25, 500.0) < 1.0);
    }
}
