//! What the simulated fleet is made of, as plain data: the account, its regions, and each
//! resource with the parameters its behaviour is computed from.
//!
//! These types sit below everything else in the simulator: the builders (`platform_db`,
//! `platform_ops`, `generated`) write them, `fleet` indexes them, and `World` and the modules
//! that evaluate it only read them. Indices (`source`, `members`, `AlarmSource`) point into the
//! vectors of the fleet the spec was added to.

use crate::cloud::model::{Comparison, DbCluster, DbInstance, DbMetric};

pub(super) const ACCOUNT: &str = "123456789012";
pub(super) const EAST: &str = "us-east-1";
pub(super) const WEST: &str = "us-west-2";
/// Spare member slots each simulated Aurora cluster is built with (see `members`).
pub(super) const SPARES: u32 = 3;

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
    /// Instances not in the cluster (nor anywhere) until a `CreateDBInstance` fills one.
    pub spares: Vec<usize>,
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
