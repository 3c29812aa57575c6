//! The static shape of the simulated fleet: every resource with the parameters its behaviour is
//! computed from, indexed by region and id.
//!
//! A `World` is built once from the config and never mutated; all motion comes from evaluating
//! it at a virtual time (see `Moment`). That is what makes the simulator deterministic and lets
//! any call run concurrently with any other. The one thing that grows is the journal of the
//! user's operations, which evaluation consults for those made by the moment it evaluates.

use std::collections::HashMap;

use crate::cloud::model::{Comparison, DbCluster, DbInstance, DbMetric, DbRole, Timestamp};

use super::config::{Scenario, SimConfig};
use super::interventions::Journal;
use super::noise::{at_secs, diurnal, secs_of};
use super::{generated, platform_db, platform_ops};

pub(super) const ACCOUNT: &str = "123456789012";
pub(super) const EAST: &str = "us-east-1";
pub(super) const WEST: &str = "us-west-2";

/// How replica lag behaves: its normal level and how steeply it grows with extra traffic.
#[derive(Debug, Clone, Copy)]
pub(super) struct Lag {
    pub base: f64,
    pub exponent: f64,
}

/// The numbers a DB instance's metrics are computed from, at a traffic level of 1.
#[derive(Debug, Clone)]
pub(super) struct Profile {
    /// CPU percent at traffic 1; CPU saturates towards 100 as traffic grows.
    pub cpu_base: f64,
    pub conns_base: f64,
    pub max_conns: f64,
    pub read_iops: f64,
    pub write_iops: f64,
    pub lag: Option<Lag>,
    pub storage_bytes: f64,
    /// Share of `storage_bytes` free when the simulation starts.
    pub free_frac: f64,
    pub growth_per_day: f64,
    /// How much of a scenario's extra traffic reaches this resource (0 = none, 1 = all).
    pub sensitivity: f64,
}

/// Which statement catalogue Performance Insights shows for an instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Workload {
    Oltp,
    Reporting,
    Catalog,
    Generic,
}

/// One DB instance: its static description plus what drives it.
#[derive(Debug, Clone)]
pub(super) struct DbSpec {
    /// Everything RDS reports that does not move; status, AZs and role are set per moment.
    pub base: DbInstance,
    pub key: u64,
    pub profile: Profile,
    pub workload: Workload,
    /// Index of the replication source, resolved when the instance is added.
    pub source: Option<usize>,
    pub cluster: Option<usize>,
    pub stopped: bool,
    /// Minute of the UTC day the daily backup starts.
    pub backup_minute: Option<u32>,
    /// Whether the slow-query scenario lands on this instance.
    pub slow_query: bool,
}

/// An Aurora cluster; `members[0]` is the writer before any failover.
#[derive(Debug, Clone)]
pub(super) struct ClusterSpec {
    pub base: DbCluster,
    pub members: Vec<usize>,
    /// Whoever is writer carries this load; readers keep their own profile.
    pub writer_profile: Profile,
}

/// An Auto Scaling Group with a target-tracking policy.
#[derive(Debug, Clone)]
pub(super) struct GroupSpec {
    pub name: String,
    pub region: String,
    pub key: u64,
    pub min: u32,
    pub max: u32,
    /// Instances needed at traffic 1 to sit at the 50% CPU target.
    pub base_units: f64,
    pub azs: Vec<String>,
    pub sensitivity: f64,
    pub policy: String,
}

/// Where an alarm's metric comes from.
#[derive(Debug, Clone, Copy)]
pub(super) enum AlarmSource {
    Db {
        idx: usize,
        metric: DbMetric,
    },
    ClusterCpu(usize),
    GroupCpu(usize),
    QueueDepth(usize),
    /// A metric the simulator does not model; the alarm stays `INSUFFICIENT_DATA`.
    Unsimulated,
}

/// A `CloudWatch` metric alarm.
#[derive(Debug, Clone)]
pub(super) struct AlarmSpec {
    pub name: String,
    pub region: String,
    pub namespace: String,
    pub metric: String,
    pub dimensions: Vec<(String, String)>,
    pub comparison: Comparison,
    pub threshold: f64,
    pub source: AlarmSource,
}

/// The resources of one region, in display order, and their ids.
#[derive(Debug, Default)]
pub(super) struct Region {
    pub dbs: Vec<usize>,
    pub clusters: Vec<usize>,
    pub groups: Vec<usize>,
    pub alarms: Vec<usize>,
    db_ids: HashMap<String, usize>,
    group_ids: HashMap<String, usize>,
}

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
    regions: HashMap<String, Region>,
}

impl World {
    /// The platform fleet, topped up with generated resources to the configured size.
    pub fn build(config: &SimConfig, t0: Timestamp) -> Self {
        let mut world = Self {
            seed: config.seed,
            scenario: config.scenario,
            t0,
            dbs: Vec::new(),
            clusters: Vec::new(),
            groups: Vec::new(),
            alarms: Vec::new(),
            journal: Journal::default(),
            regions: HashMap::new(),
        };
        platform_db::populate(&mut world);
        platform_ops::populate(&mut world);
        let missing = config.fleet_size.unwrap_or(0).saturating_sub(world.dbs.len());
        generated::populate(&mut world, missing);
        world
    }

    pub fn region(&self, region: &str) -> Option<&Region> {
        self.regions.get(region)
    }

    pub fn db_index(&self, region: &str, id: &str) -> Option<usize> {
        self.region(region).and_then(|r| r.db_ids.get(id).copied())
    }

    pub fn group_index(&self, region: &str, name: &str) -> Option<usize> {
        self.region(region).and_then(|r| r.group_ids.get(name).copied())
    }

    /// Adds an instance, resolving its replication source (by id, or by ARN across regions).
    pub fn add_db(&mut self, mut spec: DbSpec) -> usize {
        let idx = self.dbs.len();
        if let DbRole::Replica { source } = &spec.base.role {
            spec.source = self.resolve_source(&spec.base.region, source);
        }
        let region = self.regions.entry(spec.base.region.clone()).or_default();
        region.dbs.push(idx);
        region.db_ids.insert(spec.base.id.clone(), idx);
        self.dbs.push(spec);
        idx
    }

    fn resolve_source(&self, region: &str, source: &str) -> Option<usize> {
        match source.strip_prefix("arn:aws:rds:") {
            Some(rest) => {
                let source_region = rest.split(':').next()?;
                let id = rest.rsplit(':').next()?;
                self.db_index(source_region, id)
            }
            None => self.db_index(region, source),
        }
    }

    pub fn add_cluster(&mut self, spec: ClusterSpec) -> usize {
        let idx = self.clusters.len();
        self.regions.entry(spec.base.region.clone()).or_default().clusters.push(idx);
        self.clusters.push(spec);
        idx
    }

    pub fn add_group(&mut self, spec: GroupSpec) -> usize {
        let idx = self.groups.len();
        let region = self.regions.entry(spec.region.clone()).or_default();
        region.groups.push(idx);
        region.group_ids.insert(spec.name.clone(), idx);
        self.groups.push(spec);
        idx
    }

    pub fn add_alarm(&mut self, spec: AlarmSpec) {
        self.regions.entry(spec.region.clone()).or_default().alarms.push(self.alarms.len());
        self.alarms.push(spec);
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

    /// The first and last minute (since the epoch) of the sixty that end with the one `now` is in.
    pub fn minutes(now: Timestamp) -> (i64, i64) {
        let last = (secs_of(now) / 60.0).floor() as i64;
        (last - 59, last)
    }
}
