//! Failovers and promotions on the simulator: a period of unavailability, then the new shape
//! (swapped AZs, a moved writer, a detached replica), lag spikes on the replicas, refusals that
//! read like RDS's, the combination with the AZ outage, and determinism.

use std::time::Duration;

use super::*;
use crate::cloud::Operations;
use crate::cloud::model::{DbRole, SnapshotKind};

fn key(scope: Scope, id: &str) -> ResourceKey {
    ResourceKey::new(scope, id)
}

fn refused_with(result: &Result<crate::cloud::Receipt, CloudError>, words: &str) -> bool {
    matches!(result, Err(CloudError::Other { message }) if message.contains(words))
}

async fn writer(s: &Simulator) -> Option<String> {
    let fleet = s.db_fleet(&east()).await.unwrap_or_default();
    fleet.clusters.iter().find(|c| c.id == "shop-catalog").and_then(|c| c.writer().map(str::to_owned))
}

async fn has_lag(s: &Simulator, scope: &Scope, id: &str) -> bool {
    let targets = MetricTargets { instances: vec![id.to_owned()], groups: vec![] };
    let metrics = s.metrics(scope, &targets).await.unwrap_or_default();
    metrics.db.get(id).is_some_and(|d| d.get(DbMetric::ReplicaLag).is_some())
}

#[tokio::test(start_paused = true)]
async fn a_forced_failover_reboots_then_swaps_azs_and_spikes_lag() {
    let (s, clock) = sim(Scenario::Steady);
    let (twin, twin_clock) = sim(Scenario::Steady);
    let prod = key(east(), "shop-prod-db");
    assert!(s.reboot_with_failover(&prod).await.is_ok());
    let rebooting = instance(&s, &east(), "shop-prod-db").await;
    assert_eq!((rebooting.status, rebooting.az.as_deref()), (DbStatus::Rebooting, Some("us-east-1a")));
    assert!(refused_with(&s.reboot_with_failover(&prod).await, "InvalidDBInstanceState"));
    // The first datapoint after the reboot began is the next minute's.
    clock.advance(Duration::from_mins(1));
    twin_clock.advance(Duration::from_mins(1));
    assert_eq!(instance(&s, &east(), "shop-prod-db").await.status, DbStatus::Rebooting);
    assert!(latest(&s, &east(), "shop-prod-db", DbMetric::Connections).await.abs() < f64::EPSILON);
    let spike = latest(&s, &east(), "shop-prod-analytics", DbMetric::ReplicaLag).await;
    let calm = latest(&twin, &east(), "shop-prod-analytics", DbMetric::ReplicaLag).await;
    assert!(spike > calm + 50.0, "lag {spike} vs {calm}");
    clock.advance(Duration::from_secs(35));
    let moved = instance(&s, &east(), "shop-prod-db").await;
    assert_eq!(moved.status, DbStatus::Available);
    assert_eq!((moved.az.as_deref(), moved.secondary_az.as_deref()), (Some("us-east-1b"), Some("us-east-1a")));
    clock.advance(MINUTE * 10);
    twin_clock.advance(Duration::from_secs(40) + MINUTE * 10);
    let settled = latest(&s, &west(), "shop-prod-db-dr", DbMetric::ReplicaLag).await;
    let normal = latest(&twin, &west(), "shop-prod-db-dr", DbMetric::ReplicaLag).await;
    assert!((settled - normal).abs() < 1.0, "DR lag {settled} vs {normal}");
    assert!(s.reboot_with_failover(&prod).await.is_ok());
    clock.advance(Duration::from_secs(91));
    assert_eq!(instance(&s, &east(), "shop-prod-db").await.az.as_deref(), Some("us-east-1a"));
}

#[tokio::test(start_paused = true)]
async fn failovers_and_promotions_are_refused_where_rds_refuses_them() {
    let (s, _) = sim(Scenario::Steady);
    assert!(refused_with(&s.reboot_with_failover(&key(east(), "legacy-reports-2014")).await, "is not Multi-AZ"));
    assert!(refused_with(&s.reboot_with_failover(&key(east(), "shop-catalog-2")).await, "is not Multi-AZ"));
    assert!(matches!(s.reboot_with_failover(&key(east(), "ghost")).await, Err(CloudError::NotFound { .. })));
    let catalog = key(east(), "shop-catalog");
    assert!(refused_with(&s.failover_cluster(&catalog, "shop-catalog-1").await, "is the writer"));
    assert!(refused_with(&s.failover_cluster(&catalog, "shop-prod-db").await, "is not a member"));
    assert!(matches!(s.failover_cluster(&key(east(), "ghost"), "x").await, Err(CloudError::NotFound { .. })));
    for not_replica in ["shop-prod-db", "shop-catalog-2"] {
        assert!(refused_with(&s.promote_read_replica(&key(east(), not_replica)).await, "is not a read replica"));
    }
}

#[tokio::test(start_paused = true)]
async fn an_aurora_failover_moves_the_writer() {
    let (s, clock) = sim(Scenario::Steady);
    let catalog = key(east(), "shop-catalog");
    assert!(s.failover_cluster(&catalog, "shop-catalog-3").await.is_ok());
    let fleet = s.db_fleet(&east()).await.unwrap_or_default();
    assert_eq!(fleet.clusters[0].status, DbStatus::FailingOver);
    assert_eq!(writer(&s).await.as_deref(), Some("shop-catalog-1"));
    assert_eq!(instance(&s, &east(), "shop-catalog-3").await.status, DbStatus::FailingOver);
    assert!(refused_with(&s.failover_cluster(&catalog, "shop-catalog-2").await, "InvalidDBClusterStateFault"));
    clock.advance(Duration::from_secs(61));
    let fleet = s.db_fleet(&east()).await.unwrap_or_default();
    assert_eq!(fleet.clusters[0].status, DbStatus::Available);
    assert_eq!(writer(&s).await.as_deref(), Some("shop-catalog-3"));
    let new_writer = instance(&s, &east(), "shop-catalog-3").await;
    assert_eq!(new_writer.role, DbRole::ClusterWriter { cluster: "shop-catalog".into() });
    assert_eq!(
        instance(&s, &east(), "shop-catalog-1").await.role,
        DbRole::ClusterReader { cluster: "shop-catalog".into() }
    );
    assert!(!has_lag(&s, &east(), "shop-catalog-3").await && has_lag(&s, &east(), "shop-catalog-1").await);
    assert!(refused_with(&s.failover_cluster(&catalog, "shop-catalog-3").await, "is the writer"));
}

#[tokio::test(start_paused = true)]
async fn promotion_detaches_the_dr_replica() {
    let (s, clock) = sim(Scenario::Steady);
    let dr = key(west(), "shop-prod-db-dr");
    assert!(s.promote_read_replica(&dr).await.is_ok());
    let promoting = instance(&s, &west(), "shop-prod-db-dr").await;
    assert_eq!(promoting.status, DbStatus::Modifying);
    assert!(matches!(promoting.role, DbRole::Replica { .. }));
    assert!(refused_with(&s.promote_read_replica(&dr).await, "InvalidDBInstanceState"));
    clock.advance(Duration::from_secs(121));
    let promoted = instance(&s, &west(), "shop-prod-db-dr").await;
    assert_eq!((promoted.status, promoted.role), (DbStatus::Available, DbRole::Primary));
    assert_eq!(instance(&s, &east(), "shop-prod-db").await.replicas, vec!["shop-prod-analytics".to_owned()]);
    assert!(!has_lag(&s, &west(), "shop-prod-db-dr").await && has_lag(&s, &east(), "shop-prod-analytics").await);
    assert!(refused_with(&s.promote_read_replica(&dr).await, "is not a read replica"));
}

#[tokio::test(start_paused = true)]
async fn failovers_during_the_az_outage_meet_its_state() {
    let (s, clock) = sim(Scenario::AzOutage);
    let (prod, catalog) = (key(east(), "shop-prod-db"), key(east(), "shop-catalog"));
    clock.advance(Duration::from_secs(130));
    assert!(refused_with(&s.failover_cluster(&catalog, "shop-catalog-3").await, "InvalidDBClusterStateFault"));
    assert!(refused_with(&s.reboot_with_failover(&prod).await, "InvalidDBInstanceState"));
    clock.advance(Duration::from_secs(170));
    // shop-prod-db now runs in us-east-1b and its standby sits in the failed AZ.
    assert!(refused_with(&s.reboot_with_failover(&prod).await, "us-east-1a is not available"));
    assert!(refused_with(&s.failover_cluster(&catalog, "shop-catalog-1").await, "InvalidDBInstanceState"));
    assert!(s.failover_cluster(&catalog, "shop-catalog-3").await.is_ok());
    clock.advance(Duration::from_secs(61));
    assert_eq!(writer(&s).await.as_deref(), Some("shop-catalog-3"));
    clock.advance(Duration::from_secs(1000));
    assert!(s.reboot_with_failover(&prod).await.is_ok());
    clock.advance(Duration::from_secs(91));
    assert_eq!(instance(&s, &east(), "shop-prod-db").await.az.as_deref(), Some("us-east-1a"));
}

#[tokio::test(start_paused = true)]
async fn failing_over_before_the_outage_keeps_the_primaries_out_of_it() {
    let (s, clock) = sim(Scenario::AzOutage);
    assert!(s.reboot_with_failover(&key(east(), "shop-prod-db")).await.is_ok());
    assert!(s.failover_cluster(&key(east(), "shop-catalog"), "shop-catalog-2").await.is_ok());
    clock.advance(Duration::from_secs(135));
    let prod = instance(&s, &east(), "shop-prod-db").await;
    assert_eq!((prod.status, prod.az.as_deref()), (DbStatus::Available, Some("us-east-1b")));
    let fleet = s.db_fleet(&east()).await.unwrap_or_default();
    assert_eq!(
        (fleet.clusters[0].status.clone(), writer(&s).await.as_deref()),
        (DbStatus::Available, Some("shop-catalog-2"))
    );
    assert_eq!(instance(&s, &east(), "shop-catalog-1").await.status, DbStatus::Rebooting);
}

/// One script of operations, run the same way on any simulator.
async fn script(s: &Simulator, clock: &SimClock) -> Vec<Option<String>> {
    let mut ids = Vec::new();
    clock.advance(MINUTE);
    ids.push(s.set_max_size(&key(east(), "storefront-web"), 36).await.ok().and_then(|r| r.request_id));
    ids.push(s.set_desired_capacity(&key(east(), "storefront-web"), 30).await.ok().and_then(|r| r.request_id));
    ids.push(s.create_db_snapshot(&key(east(), "shop-prod-db"), "snap-a").await.ok().and_then(|r| r.request_id));
    clock.advance(Duration::from_secs(45));
    ids.push(s.reboot_with_failover(&key(east(), "shop-prod-db")).await.ok().and_then(|r| r.request_id));
    ids.push(s.failover_cluster(&key(east(), "shop-catalog"), "shop-catalog-2").await.ok().and_then(|r| r.request_id));
    ids.push(s.promote_read_replica(&key(west(), "shop-prod-db-dr")).await.ok().and_then(|r| r.request_id));
    clock.advance(MINUTE * 5);
    ids
}

#[tokio::test(start_paused = true)]
async fn the_same_operations_at_the_same_times_give_the_same_fleet() {
    let (a, clock_a) = sim_with(Scenario::BlackFriday, 7, Some(60));
    let (b, clock_b) = sim_with(Scenario::BlackFriday, 7, Some(60));
    let (ids_a, ids_b) = (script(&a, &clock_a).await, script(&b, &clock_b).await);
    assert!(ids_a.iter().all(Option::is_some), "{ids_a:?}");
    assert_eq!(ids_a, ids_b);
    for scope in a.scopes() {
        let targets = all_targets(&a, &scope).await;
        assert_eq!(a.db_fleet(&scope).await, b.db_fleet(&scope).await);
        assert_eq!(a.metrics(&scope, &targets).await, b.metrics(&scope, &targets).await);
        assert_eq!(a.alarms(&scope).await, b.alarms(&scope).await);
        assert_eq!(a.scaling_groups(&scope).await, b.scaling_groups(&scope).await);
    }
    let snap = key(east(), "snap-a");
    assert_eq!(a.db_snapshot(&snap, SnapshotKind::Instance).await, b.db_snapshot(&snap, SnapshotKind::Instance).await);
    let (untouched, clock_c) = sim_with(Scenario::BlackFriday, 7, Some(60));
    clock_c.advance(MINUTE * 6 + Duration::from_secs(45));
    assert_ne!(a.scaling_groups(&east()).await, untouched.scaling_groups(&east()).await);
}
