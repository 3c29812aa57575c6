//! `opsdeck doctor`'s calls against AWS: the smallest request of each API, sent once with the
//! SDK's retries off (the feeds' probes where there is one), so a denied action is named per
//! call and a struggling API is asked for little.

use aws_sdk_pi::types::{MetricQuery, ServiceType};

use super::Clients;
use super::convert::sdk_time;
use super::errors::classify;
use super::once::send_once;
use super::probe::probe;
use crate::cloud::model::Timestamp;
use crate::cloud::{Checked, Checkup, CloudError, Probe};

/// One call of `checkup` in the scope of `clients`.
pub async fn checkup(clients: &Clients, call: Checkup, now: Timestamp) -> Result<Checked, CloudError> {
    let answered = match call {
        Checkup::DbInstances => probe(clients, Probe::Fleet, now).await,
        Checkup::MetricData => probe(clients, Probe::Metrics, now).await,
        Checkup::Alarms => probe(clients, Probe::Alarms, now).await,
        Checkup::ScalingGroups => probe(clients, Probe::Groups, now).await,
        Checkup::Events => probe(clients, Probe::Events, now).await,
        Checkup::DbClusters => {
            let request = clients.rds.describe_db_clusters().max_records(20);
            send_once!(aws_sdk_rds, request, "rds:DescribeDBClusters").map(drop)
        }
        Checkup::ScalingActivities => {
            let request = clients.autoscaling.describe_scaling_activities().max_records(1);
            send_once!(aws_sdk_autoscaling, request, "autoscaling:DescribeScalingActivities").map(drop)
        }
        Checkup::Performance => return performance(clients, now).await,
    };
    answered.map(|()| Checked::Ok)
}

/// Five minutes of DB load of the first instance (of 20) that has Performance Insights on.
async fn performance(clients: &Clients, now: Timestamp) -> Result<Checked, CloudError> {
    let request = clients.rds.describe_db_instances().max_records(20);
    let page = send_once!(aws_sdk_rds, request, "rds:DescribeDBInstances")?;
    let with_pi = page
        .db_instances()
        .iter()
        .find(|db| db.performance_insights_enabled() == Some(true))
        .and_then(|db| db.dbi_resource_id());
    let Some(resource_id) = with_pi else {
        return Ok(Checked::NotApplicable("no DB instance (of the first 20) has Performance Insights on".to_owned()));
    };
    let query = MetricQuery::builder()
        .metric("db.load.avg")
        .build()
        .map_err(|e| CloudError::Other { message: format!("pi request: {e}") })?;
    let request = clients
        .pi
        .get_resource_metrics()
        .service_type(ServiceType::Rds)
        .identifier(resource_id)
        .metric_queries(query)
        .start_time(sdk_time(now - chrono::Duration::minutes(5)))
        .end_time(sdk_time(now))
        .period_in_seconds(60);
    send_once!(aws_sdk_pi, request, "pi:GetResourceMetrics").map(|_| Checked::Ok)
}
