//! Members runbooks create and instances they resize, on the simulator: the new member's
//! status over time, where it stands in the AZ outage, the spare slots running out, and a
//! resize's class and AZs before and after.

use super::*;
use crate::cloud::model::DbStatus;
use crate::cloud::{NewMember, Operations};

fn new(id: &'static str, az: &'static str) -> NewMember<'static> {
    NewMember { instance_id: id, engine: "aurora-postgresql", class: "db.r6g.large", az }
}

fn cluster() -> ResourceKey {
    ResourceKey::new(east(), "shop-catalog")
}

#[tokio::test(start_paused = true)]
async fn a_member_is_creating_then_available_and_the_spares_run_out() {
    let (s, clock) = sim(Scenario::Steady);
    assert!(s.create_cluster_instance(&cluster(), new("extra-1", "us-east-1b")).await.is_ok());
    assert_eq!(instance(&s, &east(), "extra-1").await.status, DbStatus::Creating);
    clock.advance(Duration::from_mins(11));
    let extra = instance(&s, &east(), "extra-1").await;
    assert_eq!(
        (extra.status, extra.az.as_deref(), extra.class.as_deref()),
        (DbStatus::Available, Some("us-east-1b"), Some("db.r6g.large"))
    );
    assert!(s.create_cluster_instance(&cluster(), new("extra-2", "us-east-1c")).await.is_ok());
    assert!(s.create_cluster_instance(&cluster(), new("extra-3", "us-east-1c")).await.is_ok());
    let full = s.create_cluster_instance(&cluster(), new("extra-4", "us-east-1c")).await;
    assert!(matches!(full, Err(CloudError::Other { message }) if message.starts_with("InstanceQuotaExceeded")));
    let fleet = s.db_fleet(&east()).await.unwrap();
    let members = fleet.clusters.iter().find(|c| c.id == "shop-catalog").map(|c| c.members.len());
    assert_eq!(members, Some(6));
}

#[tokio::test(start_paused = true)]
async fn the_az_outage_strands_a_new_member_only_in_the_failed_az() {
    let (s, clock) = sim(Scenario::AzOutage);
    assert!(s.create_cluster_instance(&cluster(), new("in-b", "us-east-1b")).await.is_ok());
    clock.advance(Duration::from_mins(11));
    let in_b = instance(&s, &east(), "in-b").await;
    assert_eq!(in_b.status, DbStatus::Available, "1b is not the failed AZ");
}

#[tokio::test(start_paused = true)]
async fn a_single_az_resize_is_down_while_modifying_and_keeps_its_az() {
    let (s, clock) = sim(Scenario::Steady);
    let key = ResourceKey::new(east(), "shop-prod-analytics");
    assert!(s.modify_instance_class(&key, "db.r6g.2xlarge").await.is_ok());
    clock.advance(Duration::from_mins(2));
    let during = instance(&s, &east(), &key.id).await;
    assert_eq!((during.status, during.class.as_deref()), (DbStatus::Modifying, Some("db.r6g.xlarge")));
    assert!(latest(&s, &east(), &key.id, DbMetric::Connections).await < 1.0, "down while it is resized");
    clock.advance(Duration::from_mins(15));
    let after = instance(&s, &east(), &key.id).await;
    assert_eq!(
        (after.status, after.class.as_deref(), after.az),
        (DbStatus::Available, Some("db.r6g.2xlarge"), during.az)
    );
}
