//! Reads: RDS instances and clusters (replicas same-region and cross-region, Aurora roles,
//! paging), CloudWatch metrics and alarms, Auto Scaling Groups — and a dead endpoint.

use std::time::Duration;

use aws_sdk_cloudwatch::types::{ComparisonOperator, StateValue};
use opsdeck::cloud::aws::{Aws, Settings, StaticCredentials, Timeouts};
use opsdeck::cloud::model::{AlarmState, Comparison, DbMetric, DbRole, MetricTargets, Scope, Series};
use opsdeck::cloud::{CloudError, Inventory, Probe};

use super::seed::{self, ACCOUNT};
use super::{adapter, moto, sdk};

#[tokio::test]
#[ignore = "needs moto_server: bash tests/run runs it"]
async fn instances_replicas_and_aurora_map_to_the_domain() {
    let moto = moto();
    let east = aws_sdk_rds::Client::new(&sdk(moto, "us-east-1").await);
    let west = aws_sdk_rds::Client::new(&sdk(moto, "us-west-2").await);
    seed::postgres(&east, "shop-primary", Some("us-east-1a"), true).await;
    seed::replica(&east, "shop-replica", "shop-primary", Some("us-east-1b")).await;
    let source_arn = format!("arn:aws:rds:us-east-1:{ACCOUNT}:db:shop-primary");
    seed::replica(&west, "shop-dr", &source_arn, Some("us-west-2a")).await;
    seed::aurora(&east, "orders").await;

    let aws = adapter(moto, &["us-east-1", "us-west-2"]).await;
    assert_eq!(aws.scopes(), [Scope::region("us-east-1"), Scope::region("us-west-2")]);
    let fleet = aws.db_fleet(&Scope::region("us-east-1")).await.unwrap();
    let db = |id: &str| fleet.instances.iter().find(|i| i.id == id).unwrap();
    let primary = db("shop-primary");
    assert_eq!(primary.role, DbRole::Primary);
    assert_eq!((primary.multi_az, primary.storage_encrypted), (Some(true), Some(true)));
    assert!(primary.kms_key_id.as_deref().is_some_and(|k| k.ends_with("key/shop-data")));
    assert_eq!((primary.backup_retention_days, primary.deletion_protection), (Some(7), Some(true)));
    assert_eq!((primary.publicly_accessible, primary.allocated_storage_gib), (Some(false), Some(100)));
    assert_eq!((primary.engine.as_str(), primary.engine_version.as_deref()), ("postgres", Some("16.3")));
    assert_eq!(primary.az.as_deref(), Some("us-east-1a"));
    assert!(primary.replicas.contains(&"shop-replica".to_owned()));
    assert!(primary.resource_id.is_some() && primary.created.is_some() && primary.ca_certificate.is_some());
    // moto gaps: no standby AZ, no PI flag (both None, shown as "—", never as false).
    assert_eq!((primary.secondary_az.as_deref(), primary.performance_insights), (None, None));
    let replica = db("shop-replica");
    assert_eq!(replica.role, DbRole::Replica { source: "shop-primary".to_owned() });
    assert_eq!(replica.az.as_deref(), Some("us-east-1b"));
    assert_eq!(db("orders-1").role, DbRole::ClusterWriter { cluster: "orders".to_owned() });
    assert_eq!(db("orders-2").role, DbRole::ClusterReader { cluster: "orders".to_owned() });
    let orders = fleet.clusters.iter().find(|c| c.id == "orders").unwrap();
    assert_eq!((orders.writer(), orders.members.len()), (Some("orders-1"), 2));
    assert_eq!((orders.engine.as_str(), orders.backup_retention_days), ("aurora-postgresql", Some(14)));

    let west_fleet = aws.db_fleet(&Scope::region("us-west-2")).await.unwrap();
    let dr = west_fleet.instances.iter().find(|i| i.id == "shop-dr").unwrap();
    assert_eq!((dr.role.clone(), dr.region.as_str()), (DbRole::Replica { source: source_arn }, "us-west-2"));
}

#[tokio::test]
#[ignore = "needs moto_server: bash tests/run runs it"]
async fn metrics_alarms_and_groups_of_a_region() {
    let moto = moto();
    let region = "eu-west-2";
    let config = sdk(moto, region).await;
    let (rds, cw) = (aws_sdk_rds::Client::new(&config), aws_sdk_cloudwatch::Client::new(&config));
    seed::postgres(&rds, "cw-primary", None, false).await;
    seed::replica(&rds, "cw-replica", "cw-primary", None).await;
    seed::groups(&aws_sdk_autoscaling::Client::new(&config), region).await;
    let ramp: Vec<f64> = (0..30).map(|i| 40.0 + f64::from(i)).collect();
    seed::series(&cw, "AWS/RDS", ("DBInstanceIdentifier", "cw-primary"), "CPUUtilization", &ramp).await;
    seed::series(&cw, "AWS/RDS", ("DBInstanceIdentifier", "cw-replica"), "ReplicaLag", &[3.0; 30]).await;
    seed::series(&cw, "AWS/EC2", ("AutoScalingGroupName", "web"), "CPUUtilization", &[55.0; 30]).await;
    let high = (ComparisonOperator::GreaterThanThreshold, 80.0);
    seed::alarm(&cw, "cw-primary-cpu-high", ("cw-primary", "CPUUtilization"), high, StateValue::Alarm).await;
    let low = (ComparisonOperator::LessThanThreshold, 1e10);
    seed::alarm(&cw, "cw-primary-storage-low", ("cw-primary", "FreeStorageSpace"), low, StateValue::Ok).await;

    let aws = adapter(moto, &[region]).await;
    let scope = Scope::region(region);
    aws.db_fleet(&scope).await.unwrap();
    let targets = MetricTargets {
        instances: vec!["cw-primary".into(), "cw-replica".into()],
        groups: vec!["web".into(), "api".into()],
    };
    let metrics = aws.metrics(&scope, &targets).await.unwrap();
    let primary = &metrics.db["cw-primary"];
    assert_eq!(primary.get(DbMetric::Cpu).map(Series::len), Some(30));
    assert_eq!(primary.latest(DbMetric::Cpu), Some(69.0));
    assert!(primary.get(DbMetric::ReplicaLag).is_none(), "a primary has no lag metric to ask for");
    assert_eq!(primary.latest(DbMetric::Connections), None, "nothing reported: none, not zero");
    assert_eq!(metrics.db["cw-replica"].latest(DbMetric::ReplicaLag), Some(3.0));
    assert_eq!(metrics.group_cpu["web"].latest(), Some(55.0));
    assert!(metrics.group_cpu["api"].is_empty());
    // 2 instances (5 + 6 series) and 2 groups: one GetMetricData call; the refresh asks only
    // for the newest minutes and keeps the hour.
    assert_eq!(aws.usage().unwrap().calls("CloudWatch", "GetMetricData"), 1);
    let again = aws.metrics(&scope, &targets).await.unwrap();
    assert_eq!(aws.usage().unwrap().calls("CloudWatch", "GetMetricData"), 2);
    assert_eq!(again.db["cw-primary"].get(DbMetric::Cpu), primary.get(DbMetric::Cpu));

    let mut alarms = aws.alarms(&scope).await.unwrap();
    alarms.sort_by(|a, b| a.name.cmp(&b.name));
    assert_eq!(alarms.iter().map(|a| a.state).collect::<Vec<_>>(), [AlarmState::Alarm, AlarmState::Ok]);
    assert_eq!((alarms[0].comparison, alarms[0].threshold), (Some(Comparison::Greater), Some(80.0)));
    assert_eq!(alarms[0].dimensions, [("DBInstanceIdentifier".to_owned(), "cw-primary".to_owned())]);
    assert_eq!(alarms[0].reason.as_deref(), Some("seeded cw-primary-cpu-high"));
    assert_eq!((alarms[1].metric.as_deref(), alarms[1].comparison), (Some("FreeStorageSpace"), Some(Comparison::Less)));

    let mut groups = aws.scaling_groups(&scope).await.unwrap();
    groups.sort_by(|a, b| b.name.cmp(&a.name));
    let web = &groups[0];
    assert_eq!((web.name.as_str(), web.min, web.desired, web.max), ("web", 1, 2, 4));
    assert_eq!(web.in_service + web.pending, 2);
    assert_eq!(web.instances_by_az.iter().map(|(_, n)| n).sum::<u32>(), 2);
    assert!(web.activities.is_empty(), "moto gap: scaling activities are always empty");
    assert_eq!((groups[1].name.as_str(), groups[1].desired), ("api", 1));
}

#[tokio::test]
#[ignore = "needs moto_server: bash tests/run runs it"]
async fn every_page_of_instances_is_read() {
    let moto = moto();
    let rds = aws_sdk_rds::Client::new(&sdk(moto, "eu-west-1").await);
    seed::many(&rds, "page", 250, 0).await;
    let aws = adapter(moto, &["eu-west-1"]).await;
    let fleet = aws.db_fleet(&Scope::region("eu-west-1")).await.unwrap();
    assert_eq!(fleet.instances.len(), 250);
    assert_eq!(aws.usage().unwrap().calls("RDS", "DescribeDBInstances"), 3, "pages of 100");
}

#[tokio::test]
async fn an_unreachable_endpoint_is_a_network_error_not_an_exit() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).unwrap().port();
    let settings = Settings {
        regions: vec!["us-east-1".to_owned()],
        timeouts: Timeouts { attempt: Duration::from_secs(1), operation: Duration::from_secs(5) },
        endpoint_url: Some(format!("http://127.0.0.1:{port}")),
        static_credentials: Some(StaticCredentials { access_key_id: "a".into(), secret_access_key: "b".into() }),
        ..Settings::default()
    };
    let aws = Aws::connect(&settings).await.unwrap();
    let error = aws.db_fleet(&Scope::region("us-east-1")).await.unwrap_err();
    assert!(matches!(error, CloudError::Network { .. }), "{error:?}");
    assert!(error.wants_backoff());
    let usage = aws.usage().unwrap();
    assert!(usage.operations.iter().all(|o| o.errors == o.calls), "{usage:?}");
}

#[tokio::test]
#[ignore = "needs moto_server: bash tests/run runs it"]
async fn every_feed_has_a_probe_of_one_request_that_moto_answers() {
    let moto = moto();
    let aws = adapter(moto, &["ca-central-1"]).await;
    let scope = Scope::region("ca-central-1");
    for probe in [Probe::Fleet, Probe::Metrics, Probe::Alarms, Probe::Groups] {
        let before = aws.usage().unwrap().total_calls();
        let answer = aws.probe(&scope, probe).expect("AWS has probes").await;
        assert!(answer.is_ok(), "{probe:?}: {answer:?}");
        assert_eq!(aws.usage().unwrap().total_calls(), before + 1, "{probe:?} is one request");
    }
}
