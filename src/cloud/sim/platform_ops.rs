//! The platform's Auto Scaling Groups and the `CloudWatch` alarms the on-call team set up.
//!
//! Alarms point at simulated metrics wherever one exists, so they fire when the scenario says
//! they should; the load balancer's 5xx count is not simulated and stays `INSUFFICIENT_DATA`.

use crate::cloud::model::{Comparison, DbMetric};

use super::fleet::Fleet;
use super::noise::key_of;
use super::spec::{AlarmSource, AlarmSpec, EAST, GroupSpec, WEST};

const GIB: f64 = 1024.0 * 1024.0 * 1024.0;

/// (name, min, max, instances needed at traffic 1)
const GROUPS: [(&str, u32, u32, f64); 4] = [
    ("storefront-web", 3, 24, 6.0),
    ("checkout-api", 2, 12, 3.0),
    ("search-api", 2, 40, 3.0),
    ("order-workers", 2, 20, 4.0),
];

/// (name, instance, metric, comparison, threshold)
const DB_ALARMS: [(&str, &str, DbMetric, Comparison, f64); 8] = [
    ("shop-prod-db-cpu-high", "shop-prod-db", DbMetric::Cpu, Comparison::Greater, 80.0),
    ("shop-prod-db-free-storage-low", "shop-prod-db", DbMetric::FreeStorage, Comparison::Less, 20.0 * GIB),
    ("shop-prod-db-connections-high", "shop-prod-db", DbMetric::Connections, Comparison::Greater, 800.0),
    ("shop-prod-db-read-iops-high", "shop-prod-db", DbMetric::ReadIops, Comparison::Greater, 8000.0),
    ("shop-prod-analytics-replica-lag", "shop-prod-analytics", DbMetric::ReplicaLag, Comparison::Greater, 120.0),
    ("legacy-reports-connections", "legacy-reports-2014", DbMetric::Connections, Comparison::GreaterOrEqual, 100.0),
    ("legacy-reports-free-storage-low", "legacy-reports-2014", DbMetric::FreeStorage, Comparison::Less, 10.0 * GIB),
    ("shop-prod-db-dr-replica-lag", "shop-prod-db-dr", DbMetric::ReplicaLag, Comparison::Greater, 120.0),
];

pub(super) fn group(name: &str, region: &str, (min, max, base_units): (u32, u32, f64), sensitivity: f64) -> GroupSpec {
    GroupSpec {
        name: name.to_owned(),
        region: region.to_owned(),
        key: key_of(&format!("{region}/{name}")),
        min,
        max,
        base_units,
        azs: ["a", "b", "c"].iter().map(|s| format!("{region}{s}")).collect(),
        sensitivity,
        policy: format!("{name}-target-cpu-50"),
    }
}

/// A CPU, storage, connections, IOPS or lag alarm on one instance, if the instance exists.
pub(super) fn db_alarm(
    fleet: &Fleet,
    region: &str,
    name: &str,
    id: &str,
    metric: DbMetric,
    rule: (Comparison, f64),
) -> Option<AlarmSpec> {
    let idx = fleet.regions.db_index(region, id)?;
    let aurora = fleet.dbs[idx].base.engine.starts_with("aurora");
    Some(AlarmSpec {
        name: name.to_owned(),
        region: region.to_owned(),
        namespace: "AWS/RDS".to_owned(),
        metric: metric.cloudwatch_name(aurora).to_owned(),
        dimensions: vec![("DBInstanceIdentifier".to_owned(), id.to_owned())],
        comparison: rule.0,
        threshold: rule.1,
        source: AlarmSource::Db { idx, metric },
    })
}

/// Average CPU of an Auto Scaling Group above `threshold`.
pub(super) fn group_cpu_alarm(fleet: &Fleet, region: &str, group: &str, threshold: f64) -> Option<AlarmSpec> {
    let g = fleet.regions.group_index(region, group)?;
    Some(AlarmSpec {
        name: format!("{group}-cpu-high"),
        region: region.to_owned(),
        namespace: "AWS/EC2".to_owned(),
        metric: "CPUUtilization".to_owned(),
        dimensions: vec![("AutoScalingGroupName".to_owned(), group.to_owned())],
        comparison: Comparison::Greater,
        threshold,
        source: AlarmSource::GroupCpu(g),
    })
}

/// An alarm on a metric outside the per-instance RDS ones.
struct OtherAlarm {
    name: &'static str,
    namespace: &'static str,
    metric: &'static str,
    dimension: (&'static str, &'static str),
    threshold: f64,
}

const OTHER_ALARMS: [OtherAlarm; 3] = [
    OtherAlarm {
        name: "shop-catalog-cpu-high",
        namespace: "AWS/RDS",
        metric: "CPUUtilization",
        dimension: ("DBClusterIdentifier", "shop-catalog"),
        threshold: 75.0,
    },
    OtherAlarm {
        name: "storefront-web-5xx",
        namespace: "AWS/ApplicationELB",
        metric: "HTTPCode_Target_5XX_Count",
        dimension: ("LoadBalancer", "app/storefront-web/50dc6c495c0c9188"),
        threshold: 50.0,
    },
    OtherAlarm {
        name: "order-workers-queue-depth",
        namespace: "AWS/SQS",
        metric: "ApproximateNumberOfMessagesVisible",
        dimension: ("QueueName", "order-events"),
        threshold: 1000.0,
    },
];

/// What feeds one of `OTHER_ALARMS`; `None` when its resource is missing.
fn other_source(fleet: &Fleet, name: &str) -> Option<AlarmSource> {
    match name {
        "shop-catalog-cpu-high" => fleet.regions.get(EAST)?.clusters.first().map(|&c| AlarmSource::ClusterCpu(c)),
        "order-workers-queue-depth" => fleet.regions.group_index(EAST, "order-workers").map(AlarmSource::QueueDepth),
        _ => Some(AlarmSource::Unsimulated),
    }
}

fn other_alarms(fleet: &Fleet) -> Vec<AlarmSpec> {
    let mut alarms: Vec<AlarmSpec> = OTHER_ALARMS
        .iter()
        .filter_map(|a| {
            Some(AlarmSpec {
                name: a.name.to_owned(),
                region: EAST.to_owned(),
                namespace: a.namespace.to_owned(),
                metric: a.metric.to_owned(),
                dimensions: vec![(a.dimension.0.to_owned(), a.dimension.1.to_owned())],
                comparison: Comparison::Greater,
                threshold: a.threshold,
                source: other_source(fleet, a.name)?,
            })
        })
        .collect();
    alarms.extend(group_cpu_alarm(fleet, EAST, "checkout-api", 70.0));
    alarms
}

/// Adds the platform's groups and alarms; call after the databases.
pub(super) fn populate(fleet: &mut Fleet) {
    for (name, min, max, base_units) in GROUPS {
        fleet.add_group(group(name, EAST, (min, max, base_units), 1.0));
    }
    let mut alarms: Vec<AlarmSpec> = DB_ALARMS
        .iter()
        .filter_map(|&(name, id, metric, comparison, threshold)| {
            let region = if id.ends_with("-dr") { WEST } else { EAST };
            db_alarm(fleet, region, name, id, metric, (comparison, threshold))
        })
        .collect();
    alarms.extend(other_alarms(fleet));
    for alarm in alarms {
        fleet.add_alarm(alarm);
    }
}
