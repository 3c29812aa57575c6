//! The add-aurora-reader and resize-instance writes through the adapter against moto: each sent
//! once, answered with a request id, and shown by the next describe.
//!
//! What moto (5.2.5) does and fakes here: `CreateDBInstance` with a `DBClusterIdentifier` adds
//! the instance to the cluster's `DBClusterMembers` as a reader at once, and `ModifyDBInstance`
//! with `ApplyImmediately` changes `DBInstanceClass` at once: there are no status transitions
//! (no `creating` or `modifying`, everything is `available` straight away), no standby modified
//! first and no failover for a Multi-AZ instance, and any class string is accepted. The runner's
//! waits therefore pass at their first look against moto; the transitions are the simulator's
//! (tests/it/rds_runbooks.rs).

use opsdeck::cloud::model::{DbStatus, ResourceKey, Scope};
use opsdeck::cloud::{Inventory, NewMember, Operations};

use super::{adapter, moto, sdk, seed};

#[tokio::test]
#[ignore = "needs moto_server: bash tests/run runs it"]
async fn a_reader_added_through_the_adapter_is_a_member_of_its_cluster() {
    let moto = moto();
    let region = "eu-west-3";
    let rds = aws_sdk_rds::Client::new(&sdk(moto, region).await);
    seed::aurora(&rds, "grow-aurora").await;
    let aws = adapter(moto, &[region]).await;
    let cluster = ResourceKey::new(Scope::region(region), "grow-aurora");
    let new = NewMember {
        instance_id: "grow-aurora-reader-3",
        engine: "aurora-postgresql",
        class: "db.r6g.xlarge",
        az: "eu-west-3b",
    };
    let receipt = aws.create_cluster_instance(&cluster, new).await.unwrap();
    assert!(receipt.request_id.is_some());
    let described = aws.db_cluster(&cluster).await.unwrap();
    let members: Vec<(&str, bool)> = described.members.iter().map(|m| (m.instance_id.as_str(), m.is_writer)).collect();
    assert!(members.contains(&("grow-aurora-reader-3", false)), "a member, as a reader: {members:?}");
    let reader = aws.db_instance(&ResourceKey::new(cluster.scope.clone(), "grow-aurora-reader-3")).await.unwrap();
    assert_eq!(reader.class.as_deref(), Some("db.r6g.xlarge"));
    assert_eq!(reader.status, DbStatus::Available, "moto: available at once");
    let again = aws.create_cluster_instance(&cluster, new).await;
    assert!(again.is_err(), "the same identifier twice is refused: {again:?}");
}

#[tokio::test]
#[ignore = "needs moto_server: bash tests/run runs it"]
async fn a_class_modified_through_the_adapter_is_what_describe_shows() {
    let moto = moto();
    let region = "us-east-2";
    let rds = aws_sdk_rds::Client::new(&sdk(moto, region).await);
    seed::postgres(&rds, "resize-db", None, true).await;
    let aws = adapter(moto, &[region]).await;
    let key = ResourceKey::new(Scope::region(region), "resize-db");
    let before = aws.db_instance(&key).await.unwrap().class;
    assert_ne!(before.as_deref(), Some("db.r6g.4xlarge"));
    let receipt = aws.modify_instance_class(&key, "db.r6g.4xlarge").await.unwrap();
    assert!(receipt.request_id.is_some());
    let after = aws.db_instance(&key).await.unwrap();
    assert_eq!((after.class.as_deref(), after.status), (Some("db.r6g.4xlarge"), DbStatus::Available));
}
