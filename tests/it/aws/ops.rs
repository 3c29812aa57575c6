//! Writes, as runbooks make them: each returns AWS's request id and changes what the next read
//! shows (where moto models the change at all).

use opsdeck::cloud::model::{DbRole, ResourceKey, Scope, SnapshotKind};
use opsdeck::cloud::{CloudError, Inventory, Operations};

use super::{adapter, moto, sdk, seed};

#[tokio::test]
#[ignore = "needs moto_server: bash tests/run runs it"]
async fn operations_change_the_fleet_and_return_request_ids() {
    let moto = moto();
    let (region, dr) = ("ca-central-1", "sa-east-1");
    let config = sdk(moto, region).await;
    let rds = aws_sdk_rds::Client::new(&config);
    seed::postgres(&rds, "ops-db", None, true).await;
    seed::replica(&rds, "ops-replica", "ops-db", None).await;
    seed::aurora(&rds, "ops-aurora").await;
    seed::groups(&aws_sdk_autoscaling::Client::new(&config), region).await;
    let aws = adapter(moto, &[region, dr]).await;
    let (scope, dr_scope) = (Scope::region(region), Scope::region(dr));
    let key = |id: &str| ResourceKey::new(scope.clone(), id);

    let receipt = aws.set_desired_capacity(&key("web"), 3).await.unwrap();
    assert!(receipt.request_id.is_some());
    aws.set_max_size(&key("web"), 6).await.unwrap();
    let groups = aws.scaling_groups(&scope).await.unwrap();
    let web = groups.iter().find(|g| g.name == "web").unwrap();
    assert_eq!((web.desired, web.max), (3, 6));

    aws.create_db_snapshot(&key("ops-db"), "ops-db-snap").await.unwrap();
    let snapshot = aws.db_snapshot(&key("ops-db-snap"), SnapshotKind::Instance).await.unwrap();
    assert!(snapshot.is_available(), "{snapshot:?}");
    aws.create_cluster_snapshot(&key("ops-aurora"), "ops-aurora-snap").await.unwrap();
    let cluster_snapshot = aws.db_snapshot(&key("ops-aurora-snap"), SnapshotKind::Cluster).await.unwrap();
    assert_eq!(cluster_snapshot.kind, SnapshotKind::Cluster);
    // No KMS key: moto checks keys against its KMS, which these tests do not seed.
    let copy = aws.copy_db_snapshot(&key("ops-db-snap"), dr, "ops-db-snap-dr", None).await.unwrap();
    assert!(copy.request_id.is_some());
    let copied = ResourceKey::new(dr_scope, "ops-db-snap-dr");
    assert_eq!(aws.db_snapshot(&copied, SnapshotKind::Instance).await.unwrap().id, "ops-db-snap-dr");
    let missing = aws.db_snapshot(&key("no-such-snap"), SnapshotKind::Instance).await.unwrap_err();
    assert!(matches!(missing, CloudError::NotFound { .. }), "{missing:?}");

    aws.failover_cluster(&key("ops-aurora"), "ops-aurora-2").await.unwrap();
    let fleet = aws.db_fleet(&scope).await.unwrap();
    let writer = fleet.clusters.iter().find(|c| c.id == "ops-aurora").and_then(|c| c.writer().map(str::to_owned));
    assert_eq!(writer.as_deref(), Some("ops-aurora-2"), "moto moves the Aurora writer for real");
    let role = |id: &str| fleet.instances.iter().find(|i| i.id == id).map(|i| i.role.clone());
    assert_eq!(role("ops-aurora-2"), Some(DbRole::ClusterWriter { cluster: "ops-aurora".to_owned() }));

    // moto gaps: a ForceFailover reboot changes nothing, and promotion is partial; both answer.
    assert!(aws.reboot_with_failover(&key("ops-db")).await.unwrap().request_id.is_some());
    assert!(aws.promote_read_replica(&key("ops-replica")).await.is_ok());
    // moto has no alarm history: the failure is typed, never a panic or an exit.
    let history = aws.alarm_history(&key("any-alarm")).await;
    assert!(history.is_err(), "{history:?}");
}
