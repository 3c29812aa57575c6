//! The `alarms-missing` rule: is someone told when a database runs hot, fills up or falls behind?
//!
//! A primary needs alarms on CPU and free storage, a replica on replica lag, an Aurora cluster on
//! CPU (on the cluster or on any member; its volume grows by itself, so free storage is not asked
//! for). Alarms are indexed once per scope by what they watch, so judging ten thousand
//! instances costs ten thousand lookups, not ten thousand scans.

use std::collections::HashSet;

use super::{Outcome, RuleId};
use crate::cloud::model::{Alarm, DbCluster, DbInstance, DbRole};

const INSTANCE: &str = "DBInstanceIdentifier";
const CLUSTER: &str = "DBClusterIdentifier";

/// A digest of what a scope's alarms watch (namespace, metric, dimensions): all the posture
/// rules read of them. Their states, which move every minute, judge nothing here.
pub fn watches(alarms: &[Alarm]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for alarm in alarms {
        (&alarm.namespace, &alarm.metric, &alarm.dimensions).hash(&mut hasher);
    }
    hasher.finish()
}

/// Which (dimension, resource id, metric) triples some RDS alarm watches.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AlarmIndex {
    watched: HashSet<(String, String, String)>,
}

impl AlarmIndex {
    pub fn new(alarms: &[Alarm]) -> Self {
        let rds = |a: &&Alarm| a.namespace.as_deref().is_none_or(|ns| ns == "AWS/RDS");
        let watched = alarms
            .iter()
            .filter(rds)
            .filter_map(|a| Some((a.metric.clone()?, &a.dimensions)))
            .flat_map(|(metric, dims)| {
                dims.iter().map(move |(name, value)| (name.clone(), value.clone(), metric.clone()))
            })
            .collect();
        Self { watched }
    }

    fn watches(&self, dimension: &str, id: &str, metric: &str) -> bool {
        self.watched.contains(&(dimension.to_owned(), id.to_owned(), metric.to_owned()))
    }
}

/// The (CloudWatch metric, words) pairs a resource must have alarms on.
fn required(role: &DbRole) -> &'static [(&'static str, &'static str)] {
    match role {
        DbRole::Primary => &[("CPUUtilization", "CPU"), ("FreeStorageSpace", "free storage")],
        DbRole::Replica { .. } => &[("ReplicaLag", "replica lag")],
        DbRole::ClusterWriter { .. } | DbRole::ClusterReader { .. } => &[],
    }
}

fn verdict(missing: &[&str]) -> Outcome {
    if missing.is_empty() {
        return Outcome::Pass;
    }
    let noun = if missing.len() == 1 { "alarm" } else { "alarms" };
    Outcome::fail(RuleId::AlarmsMissing, format!("no CloudWatch {noun} on {}", missing.join(", ")))
}

/// A primary's CPU and free storage alarms, a replica's lag alarm.
pub fn instance_alarms(db: &DbInstance, index: Option<&AlarmIndex>) -> Outcome {
    let Some(index) = index else { return Outcome::unknown("alarms were not fetched") };
    let missing: Vec<&str> = required(&db.role)
        .iter()
        .filter(|(metric, _)| !index.watches(INSTANCE, &db.id, metric))
        .map(|(_, w)| *w)
        .collect();
    verdict(&missing)
}

/// An Aurora cluster's CPU alarm, on the cluster or any of its members.
pub fn cluster_alarms(cluster: &DbCluster, index: Option<&AlarmIndex>) -> Outcome {
    let Some(index) = index else { return Outcome::unknown("alarms were not fetched") };
    let metric = "CPUUtilization";
    let covered = index.watches(CLUSTER, &cluster.id, metric)
        || cluster.members.iter().any(|m| index.watches(INSTANCE, &m.instance_id, metric));
    verdict(if covered { &[] } else { &["CPU"] })
}
