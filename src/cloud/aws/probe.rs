//! Probes: the cheapest request of each feed's API, sent once with the SDK's retries off.
//!
//! While a feed is throttled or unreachable its poller sends one of these per interval instead
//! of the full poll (every page, every batch, each retried by the SDK), and polls in full again
//! as soon as one is answered: a trickle while AWS is struggling, and fresh data within an
//! interval of it recovering. Each needs the IAM permission its feed's poll needs, no other.

use aws_sdk_cloudwatch::types::{Metric, MetricDataQuery, MetricStat};

use super::Clients;
use super::convert::sdk_time;
use super::errors::classify;
use super::once::send_once;
use crate::cloud::model::Timestamp;
use crate::cloud::{CloudError, Probe};

/// The probe for one feed of one scope.
pub async fn probe(clients: &Clients, probe: Probe, now: Timestamp) -> Result<(), CloudError> {
    match probe {
        // 20 is the smallest page DescribeDBInstances accepts.
        Probe::Fleet => {
            send_once!(aws_sdk_rds, clients.rds.describe_db_instances().max_records(20), "rds:DescribeDBInstances")
                .map(drop)
        }
        // 20 is the smallest page DescribeEvents accepts; one minute asks for next to nothing.
        Probe::Events => {
            send_once!(aws_sdk_rds, clients.rds.describe_events().duration(1).max_records(20), "rds:DescribeEvents")
                .map(drop)
        }
        Probe::Groups => send_once!(
            aws_sdk_autoscaling,
            clients.autoscaling.describe_auto_scaling_groups().max_records(1),
            "autoscaling:DescribeAutoScalingGroups"
        )
        .map(drop),
        Probe::Alarms => send_once!(
            aws_sdk_cloudwatch,
            clients.cloudwatch.describe_alarms().max_records(1),
            "cloudwatch:DescribeAlarms"
        )
        .map(drop),
        Probe::Metrics => {
            // One series over five minutes: any answer, even an empty one, says GetMetricData is back.
            let metric = Metric::builder().namespace("AWS/RDS").metric_name("CPUUtilization").build();
            let stat = MetricStat::builder().metric(metric).period(60).stat("Average").build();
            let query = MetricDataQuery::builder().id("probe").metric_stat(stat).return_data(true).build();
            let request = clients
                .cloudwatch
                .get_metric_data()
                .metric_data_queries(query)
                .start_time(sdk_time(now - chrono::Duration::minutes(5)))
                .end_time(sdk_time(now));
            send_once!(aws_sdk_cloudwatch, request, "cloudwatch:GetMetricData").map(drop)
        }
    }
}
