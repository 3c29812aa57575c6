//! The polling plan, measured: a thousand instances × six metrics in one region cost
//! ceil(6,000 / 500) = 12 `GetMetricData` calls per refresh, where asking per metric costs 6,000.

use opsdeck::cloud::Inventory;
use opsdeck::cloud::aws::planner::{MAX_QUERIES_PER_CALL, calls_per_refresh};
use opsdeck::cloud::model::{DbRole, MetricTargets, Scope};

use super::{adapter, moto, sdk, seed};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs moto_server: bash tests/run runs it"]
async fn a_thousand_instances_refresh_in_twelve_calls() {
    let moto = moto();
    let region = "eu-central-1";
    let rds = aws_sdk_rds::Client::new(&sdk(moto, region).await);
    // 8 primaries with 124 replicas each: 1,000 instances, 5 series per primary, 6 per replica.
    seed::many(&rds, "plan", 8, 124).await;
    let aws = adapter(moto, &[region]).await;
    let scope = Scope::region(region);
    let fleet = aws.db_fleet(&scope).await.unwrap();
    assert_eq!(fleet.instances.len(), 1000);
    let replicas = fleet.instances.iter().filter(|i| matches!(i.role, DbRole::Replica { .. })).count();
    let series = 5 * fleet.instances.len() + replicas;
    assert_eq!(series, 5992);
    let targets = MetricTargets { instances: fleet.instances.iter().map(|i| i.id.clone()).collect(), groups: vec![] };

    let calls = || aws.usage().unwrap().calls("CloudWatch", "GetMetricData");
    let metrics = aws.metrics(&scope, &targets).await.unwrap();
    assert_eq!(metrics.db.len(), 1000);
    assert_eq!(calls(), calls_per_refresh(series) as u64);
    assert_eq!(calls(), series.div_ceil(MAX_QUERIES_PER_CALL) as u64);
    assert_eq!(calls(), 12);
    aws.metrics(&scope, &targets).await.unwrap();
    assert_eq!(calls(), 24, "a refresh costs the same twelve calls, for minutes instead of the hour");
    assert_eq!(aws.usage().unwrap().calls("RDS", "DescribeDBInstances"), 10);
}
