//! How the staged scenarios bend the fleet over virtual time: extra traffic, the slow query's
//! growth, and the AZ outage's failovers and stranded instances.
//!
//! Everything is timed by `tau`, the virtual seconds since the simulator started, and each
//! effect settles into a stable state after its peak so a screen left open keeps making sense.
//! The user's operations (`db_events`) are folded in here, so a failover made before the outage
//! changes what the outage hits, and one asked for during it meets the outage's state.

use crate::cloud::model::{ClusterMember, DbCluster, DbFleet, DbInstance, DbRole, DbStatus, Timestamp};

use super::config::Scenario;
use super::noise::{ramp, secs_of, smoothstep_integral};
use super::spec::EAST;
use super::world::{Moment, World};

/// The AZ that fails in the az-outage scenario.
pub(super) const OUTAGE_AZ: &str = "us-east-1a";
/// When it fails.
pub(super) const OUTAGE_START: f64 = 120.0;
/// A Multi-AZ instance fails over, then reboots in its standby's AZ.
pub(super) const FAILOVER_END: f64 = 190.0;
pub(super) const REBOOT_END: f64 = 240.0;
/// Aurora promotes a reader faster than Multi-AZ flips a standby.
pub(super) const CLUSTER_FAILOVER_END: f64 = 150.0;
/// Instances with no copy outside the AZ wait for it to come back.
pub(super) const STRANDED_END: f64 = 1200.0;
/// Black Friday: how much traffic grows and how long the climb takes.
const SURGE: f64 = 9.0;
pub(super) const SURGE_RAMP: f64 = 600.0;
/// Slow query: when the bad statement appears and how long it takes to take over.
const SLOW_START: f64 = 60.0;
const SLOW_RAMP: f64 = 300.0;
pub(super) const BACKUP_MINUTES: u32 = 20;
/// How far the DR region's newest restorable time trails the primary.
const DR_BACKUP_BEHIND_MINUTES: i64 = 10;
/// How often a replicated backup's latest restorable time moves.
const DR_RESTORABLE_STEP_SECS: i64 = 300;

/// What the outage does to one instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum OutageRole {
    /// Multi-AZ: fails over to the standby's AZ.
    FailsOver,
    /// Single-AZ or an Aurora member in the failed AZ: down until the AZ recovers.
    Stranded,
}

/// Whether an instance serves traffic, and for how long since it came back.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Availability {
    pub up: bool,
    pub back_for: Option<f64>,
}

impl Availability {
    const UP: Self = Self { up: true, back_for: None };
    const DOWN: Self = Self { up: false, back_for: None };

    /// Up only when both say so; back for as long as the more recent return.
    fn and(self, other: Self) -> Self {
        let up = self.up && other.up;
        let back_for = match (self.back_for, other.back_for) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        Self { up, back_for: back_for.filter(|_| up) }
    }

    fn down_between(tau: f64, from: f64, until: f64) -> Self {
        if tau < from {
            Self::UP
        } else if tau < until {
            Self::DOWN
        } else {
            Self { up: true, back_for: Some(tau - until) }
        }
    }
}

impl World {
    /// How much the scenario multiplies traffic for a resource with this sensitivity.
    pub fn traffic_multiplier(&self, sensitivity: f64, tau: f64) -> f64 {
        match self.scenario {
            Scenario::BlackFriday => 1.0 + SURGE * sensitivity * ramp(tau, 0.0, SURGE_RAMP),
            _ => 1.0,
        }
    }

    /// `∫ multiplier dτ` from the start (before it, traffic ran at 1): what has been written.
    pub fn traffic_integral(&self, sensitivity: f64, tau: f64) -> f64 {
        if tau <= 0.0 || self.scenario != Scenario::BlackFriday {
            return tau;
        }
        tau + SURGE * sensitivity * SURGE_RAMP * smoothstep_integral(tau / SURGE_RAMP)
    }

    /// How far the slow statement has grown on this instance, 0–1.
    pub fn slow_query(&self, idx: usize, tau: f64) -> f64 {
        if self.scenario == Scenario::SlowQuery && self.dbs[idx].slow_query {
            ramp(tau, SLOW_START, SLOW_RAMP)
        } else {
            0.0
        }
    }

    /// Whether the instance stood in the failed AZ when it failed (user failovers may have moved it).
    fn in_outage_az(&self, idx: usize) -> bool {
        if self.scenario != Scenario::AzOutage || self.dbs[idx].base.region != EAST {
            return false;
        }
        // A member a runbook created is where it was asked to be.
        match self.added(idx) {
            Some(added) => added.az == OUTAGE_AZ,
            None => self.user_az(idx, OUTAGE_START) == Some(OUTAGE_AZ),
        }
    }

    /// Whether an instance in `az` of `region` is cut off at `tau` by the outage.
    pub fn az_down(&self, region: &str, az: &str, tau: f64) -> bool {
        self.scenario == Scenario::AzOutage
            && region == EAST
            && az == OUTAGE_AZ
            && (OUTAGE_START..STRANDED_END).contains(&tau)
    }

    pub(super) fn outage_role(&self, idx: usize) -> Option<OutageRole> {
        if !self.in_outage_az(idx) {
            return None;
        }
        let spec = &self.dbs[idx];
        let standby_elsewhere =
            spec.base.multi_az == Some(true) && self.user_standby_az(idx, OUTAGE_START) != Some(OUTAGE_AZ);
        Some(if spec.cluster.is_none() && standby_elsewhere { OutageRole::FailsOver } else { OutageRole::Stranded })
    }

    /// The reader the outage promotes: the first member outside the failed AZ, when the writer
    /// sits in it as the AZ fails.
    pub(super) fn outage_promotion(&self, cluster: usize) -> Option<usize> {
        if self.scenario != Scenario::AzOutage {
            return None;
        }
        let writer = self.user_writer(cluster, OUTAGE_START)?;
        if !self.in_outage_az(writer) {
            return None;
        }
        self.clusters[cluster].members.iter().copied().find(|&m| !self.in_outage_az(m))
    }

    fn cluster_fails_over(&self, cluster: usize) -> bool {
        self.outage_promotion(cluster).is_some()
    }

    /// The instance that is the cluster's writer at `tau`: the first member, moved by every
    /// failover finished by then, the outage's and the user's, in the order they happened.
    pub fn cluster_writer(&self, cluster: usize, tau: f64) -> Option<usize> {
        let mut writer = self.clusters[cluster].members.first().copied();
        let mut promotion = if tau >= OUTAGE_START { self.outage_promotion(cluster) } else { None };
        for failover in self.cluster_failovers(cluster, tau).iter().filter(|f| f.window.done(tau)) {
            if failover.window.end > OUTAGE_START {
                // The outage's promotion came first; this failover moves on from it.
                promotion = None;
            }
            writer = Some(failover.to);
        }
        promotion.or(writer)
    }

    pub fn is_writer(&self, idx: usize, tau: f64) -> bool {
        self.dbs[idx].cluster.is_some_and(|c| self.cluster_writer(c, tau) == Some(idx))
    }

    /// Whether a reader was promoted in this cluster's failover.
    fn promoted(&self, idx: usize) -> bool {
        self.dbs[idx].cluster.is_some_and(|c| self.outage_promotion(c) == Some(idx))
    }

    pub fn availability(&self, idx: usize, tau: f64) -> Availability {
        if self.dbs[idx].stopped {
            return Availability::DOWN;
        }
        let scenario = match self.outage_role(idx) {
            Some(OutageRole::FailsOver) => Availability::down_between(tau, OUTAGE_START, REBOOT_END),
            Some(OutageRole::Stranded) => Availability::down_between(tau, OUTAGE_START, STRANDED_END),
            None if self.promoted(idx) => Availability::down_between(tau, OUTAGE_START, CLUSTER_FAILOVER_END),
            None => Availability::UP,
        };
        scenario.and(self.op_availability(idx, tau))
    }

    /// Extra replica lag from failovers, the outage's and the user's.
    pub fn lag_spike(&self, idx: usize, tau: f64) -> f64 {
        self.outage_lag_spike(idx, tau) + self.op_lag_spike(idx, tau)
    }

    /// Extra replica lag from the source's failover: replication stalls, then catches up.
    fn outage_lag_spike(&self, idx: usize, tau: f64) -> f64 {
        let spec = &self.dbs[idx];
        let (stall_end, rate) = if spec.source.is_some_and(|s| self.outage_role(s) == Some(OutageRole::FailsOver)) {
            (REBOOT_END, 1.25)
        } else if spec.cluster.is_some_and(|c| self.cluster_fails_over(c)) {
            (CLUSTER_FAILOVER_END, 0.5)
        } else {
            return 0.0;
        };
        if tau < OUTAGE_START {
            0.0
        } else if tau < stall_end {
            (tau - OUTAGE_START) * rate
        } else {
            (stall_end - OUTAGE_START) * rate * (-(tau - stall_end) / 150.0).exp()
        }
    }

    fn db_status(&self, idx: usize, m: &Moment) -> DbStatus {
        let spec = &self.dbs[idx];
        if spec.stopped {
            return DbStatus::Stopped;
        }
        let tau = m.tau;
        let outage = (OUTAGE_START..).contains(&tau);
        match self.outage_role(idx) {
            Some(OutageRole::FailsOver) if outage && tau < FAILOVER_END => return DbStatus::FailingOver,
            Some(OutageRole::FailsOver) if outage && tau < REBOOT_END => return DbStatus::Rebooting,
            Some(OutageRole::Stranded) if outage && tau < STRANDED_END => return DbStatus::Rebooting,
            None if outage && tau < CLUSTER_FAILOVER_END && self.promoted(idx) => return DbStatus::FailingOver,
            _ => {}
        }
        if let Some(status) = self.op_status(idx, tau) {
            return status;
        }
        let minute_of_day = ((m.secs / 60.0).floor() as i64).rem_euclid(1440) as u32;
        match spec.backup_minute {
            Some(start) if (minute_of_day + 1440 - start) % 1440 < BACKUP_MINUTES => DbStatus::BackingUp,
            _ => DbStatus::Available,
        }
    }

    /// The instance as RDS would describe it at `m`.
    pub fn instance_at(&self, idx: usize, m: &Moment) -> DbInstance {
        let spec = &self.dbs[idx];
        let mut instance = spec.base.clone();
        instance.status = self.db_status(idx, m);
        self.apply_changes(idx, &mut instance, m.tau);
        let outage_swapped = self.outage_role(idx) == Some(OutageRole::FailsOver) && m.tau >= FAILOVER_END;
        if outage_swapped != self.user_swapped(idx, m.tau) {
            std::mem::swap(&mut instance.az, &mut instance.secondary_az);
        }
        self.apply_promotions(idx, &mut instance, m.tau);
        if let Some(dr) = &mut instance.hardening.dr_backup {
            dr.latest_restorable = Some(self.dr_restorable(idx, m));
        }
        if let Some(c) = spec.cluster {
            let cluster = self.clusters[c].base.id.clone();
            instance.role = if self.is_writer(idx, m.tau) {
                DbRole::ClusterWriter { cluster }
            } else {
                DbRole::ClusterReader { cluster }
            };
        }
        instance
    }

    /// The newest restorable time of an instance's backups in its DR region: a few minutes
    /// behind, except that the AZ outage stalls the replication of an instance that fails over
    /// (it is not restarted), so its DR backups age from then on.
    fn dr_restorable(&self, idx: usize, m: &Moment) -> Timestamp {
        let behind = chrono::Duration::minutes(DR_BACKUP_BEHIND_MINUTES);
        let stalled_for = m.tau - OUTAGE_START;
        if self.outage_role(idx) == Some(OutageRole::FailsOver) && stalled_for > 0.0 {
            return m.at - chrono::Duration::seconds(stalled_for as i64) - behind;
        }
        // RDS moves a replicated backup's latest restorable time in steps of about five
        // minutes, not with every call: so does the simulator (and its fleet stands still
        // between steps, as a real one does).
        let at = m.at - behind;
        let step = DR_RESTORABLE_STEP_SECS;
        chrono::DateTime::from_timestamp(at.timestamp().div_euclid(step) * step, 0).unwrap_or(at)
    }

    /// The cluster as RDS would describe it at `m`.
    pub fn cluster_at(&self, cluster: usize, m: &Moment) -> DbCluster {
        let spec = &self.clusters[cluster];
        let writer = self.cluster_writer(cluster, m.tau);
        let mut described = spec.base.clone();
        described.members = self
            .members_at(cluster, m.tau)
            .into_iter()
            .map(|idx| ClusterMember { instance_id: self.db_id(idx), is_writer: Some(idx) == writer })
            .collect();
        let failing_over = self.cluster_fails_over(cluster) && (OUTAGE_START..CLUSTER_FAILOVER_END).contains(&m.tau);
        described.status = if failing_over {
            DbStatus::FailingOver
        } else {
            self.cluster_op_status(cluster, m.tau).unwrap_or(DbStatus::Available)
        };
        described
    }

    /// Everything RDS would report for one region at `now`.
    pub fn db_fleet(&self, region: &str, now: Timestamp) -> DbFleet {
        let Some(r) = self.region(region) else { return DbFleet::default() };
        let m = Moment { at: now, ..self.moment(secs_of(now)) };
        DbFleet::new(
            self.region_dbs(r, m.tau).into_iter().map(|idx| self.instance_at(idx, &m)).collect(),
            r.clusters.iter().map(|&c| self.cluster_at(c, &m)).collect(),
        )
    }
}
