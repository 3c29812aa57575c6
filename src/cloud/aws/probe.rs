//! Probes: the cheapest request of each feed's API, sent once with the SDK's retries off.
//!
//! While a feed is throttled or unreachable its poller sends one of these per interval instead
//! of the full poll (every page, every batch, each retried by the SDK), and polls in full again
//! as soon as one is answered: a trickle while AWS is struggling, and fresh data within an
//! interval of it recovering.

use aws_config::retry::RetryConfig;
use aws_sdk_cloudwatch::types::{Metric, MetricDataQuery, MetricStat};

use super::Clients;
use super::convert::sdk_time;
use super::errors::classify;
use crate::cloud::model::Timestamp;
use crate::cloud::{CloudError, Probe};

/// The probe for one feed of one scope.
pub async fn probe(clients: &Clients, probe: Probe, now: Timestamp) -> Result<(), CloudError> {
    match probe {
        Probe::Fleet => {
            let once = aws_sdk_rds::config::Builder::default().retry_config(RetryConfig::disabled());
            // 20 is the smallest page DescribeDBInstances accepts.
            let call = clients.rds.describe_db_instances().max_records(20).customize().config_override(once);
            call.send().await.map(drop).map_err(|e| classify(&e, "rds:DescribeDBInstances"))
        }
        Probe::Groups => {
            let once = aws_sdk_autoscaling::config::Builder::default().retry_config(RetryConfig::disabled());
            let call = clients.autoscaling.describe_auto_scaling_groups().max_records(1).customize();
            let call = call.config_override(once);
            call.send().await.map(drop).map_err(|e| classify(&e, "autoscaling:DescribeAutoScalingGroups"))
        }
        Probe::Alarms => {
            let once = aws_sdk_cloudwatch::config::Builder::default().retry_config(RetryConfig::disabled());
            let call = clients.cloudwatch.describe_alarms().max_records(1).customize().config_override(once);
            call.send().await.map(drop).map_err(|e| classify(&e, "cloudwatch:DescribeAlarms"))
        }
        Probe::Metrics => {
            // One series of five minutes: an answer (even an empty one) says GetMetricData is back.
            let once = aws_sdk_cloudwatch::config::Builder::default().retry_config(RetryConfig::disabled());
            let metric = Metric::builder().namespace("AWS/RDS").metric_name("CPUUtilization").build();
            let stat = MetricStat::builder().metric(metric).period(60).stat("Average").build();
            let query = MetricDataQuery::builder().id("probe").metric_stat(stat).return_data(true).build();
            let call = clients
                .cloudwatch
                .get_metric_data()
                .metric_data_queries(query)
                .start_time(sdk_time(now - chrono::Duration::minutes(5)))
                .end_time(sdk_time(now))
                .customize()
                .config_override(once);
            call.send().await.map(drop).map_err(|e| classify(&e, "cloudwatch:GetMetricData"))
        }
    }
}
