//! The static shape of the simulated fleet: every resource with the parameters its behaviour is
//! computed from (see `spec`), indexed by region and id (see `fleet`).
//!
//! A `World` is built once from the config and never mutated; all motion comes from evaluating
//! it at a virtual time (see `Moment`). That is what makes the simulator deterministic and lets
//! any call run concurrently with any other. The one thing that grows is the journal of the
//! user's operations, which evaluation consults for those made by the moment it evaluates.

use crate::cloud::model::Timestamp;

use super::config::{Scenario, SimConfig};
use super::fleet::{Fleet, Region, Regions};
use super::interventions::Journal;
use super::noise::{at_secs, diurnal, secs_of};
use super::spec::{AlarmSpec, ClusterSpec, DbSpec, GroupSpec};
use super::{generated, platform_db, platform_ops};

/// One evaluation time with what every resource shares at it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Moment {
    pub at: Timestamp,
    /// Seconds since the epoch.
    pub secs: f64,
    /// Seconds since the simulator started; scenarios are timed by it.
    pub tau: f64,
    pub diurnal: f64,
}

/// The whole simulated fleet.
#[derive(Debug)]
pub(super) struct World {
    pub seed: u64,
    pub scenario: Scenario,
    pub t0: Timestamp,
    pub dbs: Vec<DbSpec>,
    pub clusters: Vec<ClusterSpec>,
    pub groups: Vec<GroupSpec>,
    pub alarms: Vec<AlarmSpec>,
    /// What runbooks did, with when (see `interventions`).
    pub journal: Journal,
    regions: Regions,
}

impl World {
    /// The platform fleet, topped up with generated resources to the configured size.
    pub fn build(config: &SimConfig, t0: Timestamp) -> Self {
        let mut fleet = Fleet::default();
        platform_db::populate(&mut fleet, t0);
        platform_ops::populate(&mut fleet);
        // Spare cluster slots are not instances (yet): the size counts the listed ones.
        let spares: usize = fleet.clusters.iter().map(|c| c.spares.len()).sum();
        let missing = config.fleet_size.unwrap_or(0).saturating_sub(fleet.dbs.len() - spares);
        generated::populate(&mut fleet, config.seed, t0, missing);
        let Fleet { mut dbs, mut clusters, mut groups, mut alarms, regions } = fleet;
        // Grown by doubling: at ten thousand instances the spare room was 4.6 MB.
        dbs.shrink_to_fit();
        clusters.shrink_to_fit();
        groups.shrink_to_fit();
        alarms.shrink_to_fit();
        Self {
            seed: config.seed,
            scenario: config.scenario,
            t0,
            dbs,
            clusters,
            groups,
            alarms,
            journal: Journal::default(),
            regions,
        }
    }

    pub fn region(&self, region: &str) -> Option<&Region> {
        self.regions.get(region)
    }

    pub fn db_index(&self, region: &str, id: &str) -> Option<usize> {
        self.regions.db_index(region, id).or_else(|| self.added_index(region, id))
    }

    pub fn group_index(&self, region: &str, name: &str) -> Option<usize> {
        self.regions.group_index(region, name)
    }

    /// Seconds since the epoch of the simulator's start.
    pub fn t0_secs(&self) -> f64 {
        secs_of(self.t0)
    }

    pub fn moment(&self, secs: f64) -> Moment {
        Moment { at: at_secs(secs), secs, tau: secs - self.t0_secs(), diurnal: diurnal(secs) }
    }

    /// The moment `now` exactly, as the calls that describe the fleet evaluate it.
    pub fn moment_at(&self, now: Timestamp) -> Moment {
        Moment { at: now, ..self.moment(secs_of(now)) }
    }

    /// The minute knots of the last hour up to `now`, oldest first: CloudWatch's one-minute
    /// datapoints, so the series (and the alarms evaluated on them) move once a minute, as they
    /// do on AWS, however often they are polled.
    pub fn timeline(&self, now: Timestamp) -> Vec<Moment> {
        let (first, last) = Self::minutes(now);
        (first..=last).map(|m| self.moment(m as f64 * 60.0)).collect()
    }

    /// Whether the fleet (`db_fleet`) stands still within each minute, so that one answer per
    /// minute is every answer of that minute. It is so while no runbook has written (an
    /// operation's windows start and end at any second) and outside the AZ outage (its phases
    /// end at given seconds, and a failed-over instance's DR backups age by the second): what
    /// is left moves on minutes, a backup window by the minute of the day and the DR region's
    /// restorable time in five-minute steps.
    pub fn fleet_by_minute(&self) -> bool {
        self.scenario != Scenario::AzOutage && self.journal.count() == 0
    }

    /// The first and last minute (since the epoch) of the sixty that end with the one `now` is in.
    pub fn minutes(now: Timestamp) -> (i64, i64) {
        let last = (secs_of(now) / 60.0).floor() as i64;
        (last - 59, last)
    }
}
