//! Behaviour of the simulator through its `Inventory` face, on a manual clock: determinism,
//! the shape of series and the fleet. Scenario behaviour is in `scenarios`; what runbooks'
//! writes do is in `capacity`, `snapshots` and `failovers`.

mod capacity;
mod events;
mod failovers;
mod fleet_cache;
mod history;
mod members;
mod perf;
mod scenarios;
mod snapshots;

use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};

use super::*;
use crate::cloud::model::{AlarmState, DbInstance, DbMetric, DbStatus, MetricTargets, PiQuery, ResourceKey, Timestamp};

pub(super) fn start() -> Timestamp {
    Utc.with_ymd_and_hms(2026, 11, 27, 15, 0, 0).single().unwrap_or_default()
}

pub(super) fn sim_with(scenario: Scenario, seed: u64, fleet_size: Option<usize>) -> (Simulator, Arc<SimClock>) {
    let clock = Arc::new(SimClock::manual(start()));
    let config = SimConfig { seed, speed: 1.0, scenario, fleet_size, start: None };
    (Simulator::with_clock(config, Arc::clone(&clock)), clock)
}

pub(super) fn sim(scenario: Scenario) -> (Simulator, Arc<SimClock>) {
    sim_with(scenario, 42, None)
}

pub(super) fn east() -> Scope {
    Scope::region("us-east-1")
}

pub(super) fn west() -> Scope {
    Scope::region("us-west-2")
}

pub(super) async fn instance(s: &Simulator, scope: &Scope, id: &str) -> DbInstance {
    let fleet = s.db_fleet(scope).await.unwrap_or_default();
    let found = fleet.instances.iter().find(|i| i.id == id).cloned();
    assert!(found.is_some(), "{id} missing from {scope}");
    found.unwrap_or_else(|| unreachable!())
}

pub(super) async fn all_targets(s: &Simulator, scope: &Scope) -> MetricTargets {
    let fleet = s.db_fleet(scope).await.unwrap_or_default();
    let groups = s.scaling_groups(scope).await.unwrap_or_default();
    MetricTargets {
        instances: fleet.instances.iter().map(|i| i.id.clone()).collect(),
        groups: groups.iter().map(|g| g.name.clone()).collect(),
    }
}

pub(super) async fn latest(s: &Simulator, scope: &Scope, id: &str, metric: DbMetric) -> f64 {
    let targets = MetricTargets { instances: vec![id.to_owned()], groups: vec![] };
    let metrics = s.metrics(scope, &targets).await.unwrap_or_default();
    metrics.db.get(id).and_then(|d| d.latest(metric)).unwrap_or(f64::NAN)
}

pub(super) async fn alarm_state(s: &Simulator, scope: &Scope, name: &str) -> Option<AlarmState> {
    s.alarms(scope).await.unwrap_or_default().into_iter().find(|a| a.name == name).map(|a| a.state)
}

pub(super) async fn group(s: &Simulator, name: &str) -> crate::cloud::model::ScalingGroup {
    let groups = s.scaling_groups(&east()).await.unwrap_or_default();
    let found = groups.into_iter().find(|g| g.name == name);
    assert!(found.is_some(), "{name} missing");
    found.unwrap_or_else(|| unreachable!())
}

pub(super) const MINUTE: Duration = Duration::from_mins(1);

#[tokio::test(start_paused = true)]
async fn same_seed_gives_the_same_fleet_and_series() {
    let (a, clock_a) = sim_with(Scenario::BlackFriday, 7, Some(60));
    let (b, clock_b) = sim_with(Scenario::BlackFriday, 7, Some(60));
    clock_a.advance(MINUTE * 12);
    clock_b.advance(MINUTE * 12);
    for scope in a.scopes() {
        let targets = all_targets(&a, &scope).await;
        assert_eq!(a.db_fleet(&scope).await, b.db_fleet(&scope).await);
        assert_eq!(a.metrics(&scope, &targets).await, b.metrics(&scope, &targets).await);
        assert_eq!(a.alarms(&scope).await, b.alarms(&scope).await);
        assert_eq!(a.scaling_groups(&scope).await, b.scaling_groups(&scope).await);
    }
    let key = ResourceKey::new(east(), "shop-prod-db");
    let key = PiQuery::new(key);
    assert_eq!(a.performance(&key).await, b.performance(&key).await);
}

#[tokio::test(start_paused = true)]
async fn different_seeds_give_different_series() {
    let (a, _) = sim_with(Scenario::Steady, 1, None);
    let (b, _) = sim_with(Scenario::Steady, 2, None);
    let targets = MetricTargets { instances: vec!["shop-prod-db".into()], groups: vec![] };
    let series = |m: crate::cloud::model::Metrics| m.db.get("shop-prod-db").and_then(|d| d.get(DbMetric::Cpu).cloned());
    let (sa, sb) = (
        series(a.metrics(&east(), &targets).await.unwrap_or_default()),
        series(b.metrics(&east(), &targets).await.unwrap_or_default()),
    );
    assert!(sa.is_some() && sb.is_some());
    assert_ne!(sa, sb);
    // The fleet itself is the platform's either way.
    assert_eq!(a.db_fleet(&east()).await, b.db_fleet(&east()).await);
}

#[tokio::test(start_paused = true)]
async fn fleet_size_fills_up_to_the_requested_count() {
    let (s, _) = sim_with(Scenario::Steady, 3, Some(5000));
    let mut instances = 0;
    let mut groups = 0;
    for scope in s.scopes() {
        let fleet = s.db_fleet(&scope).await.unwrap_or_default();
        assert!(fleet.instances.iter().all(|i| i.region == scope.region));
        instances += fleet.instances.len();
        groups += s.scaling_groups(&scope).await.unwrap_or_default().len();
    }
    assert_eq!(instances, 5000);
    assert!((450..=550).contains(&groups), "{groups} groups");
    let fleet = s.db_fleet(&east()).await.unwrap_or_default();
    let replicas = fleet.instances.iter().filter(|i| i.id.starts_with("svc-") && i.role.is_replica()).count();
    let generated = fleet.instances.iter().filter(|i| i.id.starts_with("svc-")).count();
    let share = replicas as f64 / generated as f64;
    assert!((0.1..0.3).contains(&share), "replica share {share}");
    assert!(
        fleet.instances.iter().any(|i| i.id == "svc-0042-db")
            || s.db_fleet(&west()).await.is_ok_and(|f| f.instances.iter().any(|i| i.id == "svc-0042-db"))
    );
    // Replicas point at primaries that exist and list them back.
    for replica in fleet.instances.iter().filter(|i| i.id.starts_with("svc-") && i.role.is_replica()) {
        let crate::cloud::model::DbRole::Replica { source } = &replica.role else { unreachable!() };
        let primary = fleet.instances.iter().find(|i| &i.id == source);
        assert!(primary.is_some_and(|p| p.replicas.contains(&replica.id)), "{} -> {source}", replica.id);
    }
}

#[tokio::test(start_paused = true)]
async fn stopped_instances_report_empty_series() {
    let (s, _) = sim_with(Scenario::Steady, 3, Some(2000));
    let fleet = s.db_fleet(&east()).await.unwrap_or_default();
    let stopped: Vec<String> =
        fleet.instances.iter().filter(|i| i.status == DbStatus::Stopped).map(|i| i.id.clone()).collect();
    assert!(!stopped.is_empty());
    let targets = MetricTargets { instances: stopped.clone(), groups: vec![] };
    let metrics = s.metrics(&east(), &targets).await.unwrap_or_default();
    let series = &metrics.db[&stopped[0]];
    assert!(series.get(DbMetric::Cpu).is_some_and(crate::cloud::model::Series::is_empty));
    assert_eq!(series.latest(DbMetric::Cpu), None);
}

#[tokio::test(start_paused = true)]
async fn series_end_at_the_last_whole_minute_and_span_an_hour() {
    let (s, clock) = sim(Scenario::Steady);
    clock.advance(Duration::from_millis(90_500));
    let now = clock.now();
    let targets = all_targets(&s, &east()).await;
    let metrics = s.metrics(&east(), &targets).await.unwrap_or_default();
    assert_eq!(metrics.db.len(), targets.instances.len());
    assert_eq!(metrics.group_cpu.len(), targets.groups.len());
    for series in metrics.db.values().flat_map(|d| d.series.values()).chain(metrics.group_cpu.values()) {
        let points: Vec<_> = series.points().collect();
        let (first, last) = (points[0].0, points[points.len() - 1].0);
        // CloudWatch's one-minute datapoints: the newest is the minute `now` falls in.
        assert_eq!(last.timestamp(), now.timestamp() / 60 * 60);
        let span = (now - first).num_seconds();
        assert!((59 * 60..=3600).contains(&span), "span {span}s");
        assert_eq!(points.len(), 60);
        assert!(points.windows(2).all(|w| w[0].0 < w[1].0));
    }
}

#[tokio::test(start_paused = true)]
async fn polls_within_a_minute_share_one_answer_and_it_is_the_world_s() {
    let (s, clock) = sim(Scenario::Steady);
    let targets = all_targets(&s, &east()).await;
    let first = s.metrics(&east(), &targets).await.unwrap_or_default();
    clock.advance(Duration::from_secs(40));
    let again = s.metrics(&east(), &targets).await.unwrap_or_default();
    assert!(Arc::ptr_eq(&first.db, &again.db) && Arc::ptr_eq(&first.group_cpu, &again.group_cpu));
    // Whatever was cached is what the world says now: a fresh evaluation agrees.
    assert!(again == s.world.metrics("us-east-1", &targets, clock.now()));

    let fewer = MetricTargets { instances: targets.instances[..2].to_vec(), groups: vec![] };
    let other = s.metrics(&east(), &fewer).await.unwrap_or_default();
    assert_eq!(other.db.len(), 2, "other targets, another answer");
    let back = s.metrics(&east(), &targets).await.unwrap_or_default();
    assert!(back == first);

    clock.advance(Duration::from_secs(20));
    let next = s.metrics(&east(), &targets).await.unwrap_or_default();
    assert!(!Arc::ptr_eq(&next.db, &first.db) && next != first, "a new minute, new datapoints");
    assert!(
        crate::cloud::Operations::set_desired_capacity(&s, &ResourceKey::new(east(), "storefront-web"), 12)
            .await
            .is_ok()
    );
    let after = s.metrics(&east(), &targets).await.unwrap_or_default();
    assert!(!Arc::ptr_eq(&after.db, &next.db), "an intervention is a new world");
    assert!(after == s.world.metrics("us-east-1", &targets, clock.now()));
}

#[tokio::test(start_paused = true)]
async fn values_hold_within_a_minute_and_move_with_the_next() {
    let (s, clock) = sim(Scenario::Steady);
    clock.advance(Duration::from_secs(30));
    let a = latest(&s, &east(), "shop-prod-db", DbMetric::Cpu).await;
    clock.advance(Duration::from_secs(20));
    let b = latest(&s, &east(), "shop-prod-db", DbMetric::Cpu).await;
    clock.advance(Duration::from_secs(20));
    let c = latest(&s, &east(), "shop-prod-db", DbMetric::Cpu).await;
    assert!((a - b).abs() < f64::EPSILON, "{a} -> {b} within one minute");
    assert!((b - c).abs() > 0.0 && (b - c).abs() < 5.0, "{b} -> {c} across a minute: a step, not a jump");
}

#[tokio::test(start_paused = true)]
async fn replicas_have_lag_and_primaries_do_not() {
    let (s, _) = sim(Scenario::Steady);
    let targets = all_targets(&s, &east()).await;
    let metrics = s.metrics(&east(), &targets).await.unwrap_or_default();
    let has_lag = |id: &str| metrics.db.get(id).is_some_and(|d| d.get(DbMetric::ReplicaLag).is_some());
    assert!(has_lag("shop-prod-analytics") && has_lag("shop-catalog-2") && has_lag("shop-catalog-3"));
    assert!(!has_lag("shop-prod-db") && !has_lag("shop-catalog-1") && !has_lag("legacy-reports-2014"));
    let primary = &metrics.db["shop-prod-db"];
    // Five CloudWatch metrics and the four DB load counters (its Performance Insights is on).
    assert_eq!(primary.series.len(), 9);
    let legacy = &metrics.db["legacy-reports-2014"];
    assert_eq!(legacy.series.len(), 5, "no DB load without Performance Insights");
    let relative = primary.latest(DbMetric::DbLoadRelative).unwrap_or(0.0);
    assert!((0.05..1.0).contains(&relative), "steady DB load per vCPU {relative}");
    let free = primary.latest(DbMetric::FreeStorage).unwrap_or(0.0);
    assert!(free > 100.0 * 1024.0 * 1024.0 * 1024.0, "free storage is in bytes: {free}");
    let dr = latest(&s, &west(), "shop-prod-db-dr", DbMetric::ReplicaLag).await;
    assert!((8.0..60.0).contains(&dr), "DR lag {dr}");
}

#[tokio::test(start_paused = true)]
async fn the_platform_fleet_is_described_in_full() {
    let (s, _) = sim(Scenario::Steady);
    assert_eq!(s.label(), "DEMO");
    assert_eq!(s.scopes(), vec![east(), west()]);
    let prod = instance(&s, &east(), "shop-prod-db").await;
    assert_eq!(
        prod.replicas,
        vec!["shop-prod-analytics".to_owned(), "arn:aws:rds:us-west-2:123456789012:db:shop-prod-db-dr".to_owned()]
    );
    assert_eq!((prod.multi_az, prod.storage_encrypted, prod.backup_retention_days), (Some(true), Some(true), Some(14)));
    assert!(prod.kms_key_id.as_deref().is_some_and(|k| k.starts_with("arn:aws:kms:us-east-1:")));
    let legacy = instance(&s, &east(), "legacy-reports-2014").await;
    assert_eq!(
        (legacy.storage_encrypted, legacy.publicly_accessible, legacy.performance_insights),
        (Some(false), Some(true), Some(false))
    );
    let expires = legacy.ca_certificate.and_then(|c| c.valid_until).map(|t| (t - start()).num_days());
    assert!(expires.is_some_and(|d| (1..=30).contains(&d)));
    let dr = instance(&s, &west(), "shop-prod-db-dr").await;
    assert_eq!(
        dr.role,
        crate::cloud::model::DbRole::Replica { source: "arn:aws:rds:us-east-1:123456789012:db:shop-prod-db".into() }
    );
    let west_fleet = s.db_fleet(&west()).await.unwrap_or_default();
    assert_eq!(west_fleet.instances.len(), 1);
    assert!(s.scaling_groups(&west()).await.unwrap_or_default().is_empty());
    assert!(s.db_fleet(&Scope::region("eu-west-1")).await.is_ok_and(|f| f.instances.is_empty()));
}

#[tokio::test(start_paused = true)]
async fn unknown_ids_are_skipped_and_pi_needs_pi() {
    let (s, _) = sim(Scenario::Steady);
    let targets = MetricTargets { instances: vec!["nope".into(), "shop-prod-db".into()], groups: vec!["ghost".into()] };
    let metrics = s.metrics(&east(), &targets).await.unwrap_or_default();
    assert_eq!(metrics.db.keys().collect::<Vec<_>>(), vec!["shop-prod-db"]);
    assert!(metrics.group_cpu.is_empty());
    let legacy = s.performance(&PiQuery::new(ResourceKey::new(east(), "legacy-reports-2014"))).await;
    assert!(matches!(&legacy, Err(CloudError::Other { message }) if message.contains("not enabled")), "{legacy:?}");
    let ghost = s.performance(&PiQuery::new(ResourceKey::new(east(), "ghost"))).await;
    assert!(matches!(ghost, Err(CloudError::NotFound { .. })));
    let catalog = s
        .performance(&PiQuery::new(ResourceKey::new(east(), "shop-catalog-2")))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(catalog.load.len(), 60);
    assert!(catalog.top_keys.iter().any(|w| w.name == "IO:XactSync"));
}

#[tokio::test(start_paused = true)]
async fn a_settled_alarm_keeps_when_it_last_changed_so_its_age_grows() {
    let (s, clock) = sim(Scenario::Steady);
    let before = s.alarms(&east()).await.unwrap_or_default();
    clock.advance(Duration::from_mins(5));
    let after = s.alarms(&east()).await.unwrap_or_default();
    let settled: Vec<_> = before.iter().zip(&after).filter(|(b, _)| b.updated.is_some_and(|u| u < start())).collect();
    assert!(!settled.is_empty());
    for (b, a) in settled {
        assert_eq!((&b.name, b.updated), (&a.name, a.updated), "moved with the window");
    }
}
