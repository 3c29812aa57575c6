//! How each staged scenario bends the fleet, seen through the `Inventory` calls.

use std::time::Duration;

use super::*;

#[tokio::test(start_paused = true)]
async fn black_friday_heats_the_databases_and_scales_out() {
    let (steady, steady_clock) = sim(Scenario::Steady);
    let (surge, surge_clock) = sim(Scenario::BlackFriday);
    steady_clock.advance(MINUTE * 20);
    surge_clock.advance(MINUTE * 20);
    let calm_cpu = latest(&steady, &east(), "shop-prod-db", DbMetric::Cpu).await;
    let hot_cpu = latest(&surge, &east(), "shop-prod-db", DbMetric::Cpu).await;
    assert!(calm_cpu < 60.0 && (85.0..=99.5).contains(&hot_cpu), "steady {calm_cpu}, black friday {hot_cpu}");
    // CPU stops at 100 %; DB load goes on past the vCPUs, where sessions queue.
    let calm_load = latest(&steady, &east(), "shop-prod-db", DbMetric::DbLoadRelative).await;
    let hot_load = latest(&surge, &east(), "shop-prod-db", DbMetric::DbLoadRelative).await;
    assert!(calm_load < 0.8 && hot_load > 1.2, "DB load per vCPU: steady {calm_load}, black friday {hot_load}");
    let calm = group(&steady, "storefront-web").await;
    let hot = group(&surge, "storefront-web").await;
    assert!(hot.desired > calm.desired, "{} vs {}", hot.desired, calm.desired);
    assert_eq!(hot.desired, hot.max, "storefront-web should hit its max");
    assert!(latest(&surge, &east(), "shop-prod-analytics", DbMetric::ReplicaLag).await > 120.0);
    assert_eq!(alarm_state(&surge, &east(), "shop-prod-db-cpu-high").await, Some(AlarmState::Alarm));
    assert_eq!(alarm_state(&steady, &east(), "shop-prod-db-cpu-high").await, Some(AlarmState::Ok));
}

#[tokio::test(start_paused = true)]
async fn scale_out_shows_pending_instances_then_activities() {
    let (s, clock) = sim(Scenario::BlackFriday);
    clock.advance(MINUTE * 8);
    let g = group(&s, "checkout-api").await;
    assert!(g.pending > 0 && g.in_service + g.pending == g.desired, "{g:?}");
    let in_service: u32 = g.instances_by_az.iter().map(|(_, n)| n).sum();
    assert_eq!(in_service, g.in_service);
    clock.advance(MINUTE * 12);
    let g = group(&s, "checkout-api").await;
    assert!(!g.activities.is_empty() && g.activities.len() <= 10);
    assert!(g.activities.windows(2).all(|w| w[0].started >= w[1].started), "newest first");
    let newest = &g.activities[0];
    assert!(newest.description.starts_with("Launching"), "{}", newest.description);
    assert!(newest.cause.as_deref().is_some_and(|c| c.contains("changing the desired capacity from")));
}

#[tokio::test(start_paused = true)]
async fn az_outage_fails_shop_prod_db_over_to_us_east_1b() {
    let (s, clock) = sim(Scenario::AzOutage);
    assert_eq!(instance(&s, &east(), "shop-prod-db").await.az.as_deref(), Some("us-east-1a"));
    clock.advance(Duration::from_secs(150));
    let failing = instance(&s, &east(), "shop-prod-db").await;
    assert!(matches!(failing.status, DbStatus::FailingOver | DbStatus::Rebooting), "{}", failing.status);
    assert!(group(&s, "storefront-web").await.in_service < group(&s, "storefront-web").await.desired);
    clock.advance(MINUTE * 8);
    let moved = instance(&s, &east(), "shop-prod-db").await;
    assert_eq!(moved.status, DbStatus::Available);
    assert_eq!((moved.az.as_deref(), moved.secondary_az.as_deref()), (Some("us-east-1b"), Some("us-east-1a")));
    let fleet = s.db_fleet(&east()).await.unwrap_or_default();
    let catalog = fleet.clusters.iter().find(|c| c.id == "shop-catalog");
    assert_eq!(catalog.and_then(|c| c.writer()), Some("shop-catalog-2"));
    let web = group(&s, "storefront-web").await;
    assert_eq!(web.in_service, web.desired);
    assert_eq!(web.instances_by_az.iter().find(|(az, _)| az == "us-east-1a").map(|(_, n)| *n), Some(0));
}

#[tokio::test(start_paused = true)]
async fn az_outage_spikes_replica_lag() {
    let (s, clock) = sim(Scenario::AzOutage);
    let before = latest(&s, &west(), "shop-prod-db-dr", DbMetric::ReplicaLag).await;
    clock.advance(Duration::from_mins(4));
    let during = latest(&s, &west(), "shop-prod-db-dr", DbMetric::ReplicaLag).await;
    assert!(during > before + 100.0, "before {before}, during {during}");
}

#[tokio::test(start_paused = true)]
async fn slow_query_takes_over_shop_prod_db() {
    let (s, clock) = sim(Scenario::SlowQuery);
    clock.advance(MINUTE * 20);
    let perf = s.performance(&PiQuery::new(ResourceKey::new(east(), "shop-prod-db"))).await;
    let perf = perf.unwrap_or_else(|e| panic!("PI failed: {e}"));
    assert!(perf.top_sql[0].statement.contains("lower(customer_email)"), "{}", perf.top_sql[0].statement);
    assert_eq!(perf.top_keys[0].name, "IO:DataFileRead");
    assert_eq!(perf.max_vcpu, Some(8.0));
    assert!(perf.top_sql.windows(2).all(|w| w[0].load >= w[1].load));
    assert_eq!(alarm_state(&s, &east(), "shop-prod-db-read-iops-high").await, Some(AlarmState::Alarm));
    let (calm, _) = sim(Scenario::Steady);
    let calm_perf = calm
        .performance(&PiQuery::new(ResourceKey::new(east(), "shop-prod-db")))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(calm_perf.top_sql.iter().all(|q| !q.statement.contains("lower(customer_email)")));
}

#[tokio::test(start_paused = true)]
async fn alarm_states_match_their_thresholds() {
    let (s, clock) = sim(Scenario::BlackFriday);
    clock.advance(MINUTE * 20);
    let targets = all_targets(&s, &east()).await;
    let metrics = s.metrics(&east(), &targets).await.unwrap_or_default();
    let alarms = s.alarms(&east()).await.unwrap_or_default();
    assert!((8..=12).contains(&alarms.len()));
    let mut checked = 0;
    for alarm in &alarms {
        let Some((_, id)) = alarm.dimensions.iter().find(|(k, _)| k == "DBInstanceIdentifier") else { continue };
        let metric = match alarm.metric.as_deref() {
            Some("CPUUtilization") => DbMetric::Cpu,
            Some("DatabaseConnections") => DbMetric::Connections,
            Some("FreeStorageSpace") => DbMetric::FreeStorage,
            Some("ReadIOPS") => DbMetric::ReadIops,
            Some("ReplicaLag") => DbMetric::ReplicaLag,
            other => panic!("unexpected metric {other:?}"),
        };
        let value = metrics.db[id].latest(metric).unwrap_or(f64::NAN);
        let threshold = alarm.threshold.unwrap_or(f64::NAN);
        let above = matches!(
            alarm.comparison,
            Some(crate::cloud::model::Comparison::Greater | crate::cloud::model::Comparison::GreaterOrEqual)
        );
        let crossed = if above { value > threshold } else { value < threshold };
        let expected = if crossed { AlarmState::Alarm } else { AlarmState::Ok };
        assert_eq!(alarm.state, expected, "{} at {value}", alarm.name);
        assert!(alarm.updated.is_some() && alarm.reason.is_some());
        checked += 1;
    }
    assert!(checked >= 6);
    assert!(alarms.iter().filter(|a| a.state == AlarmState::Alarm).count() >= 4);
    assert_eq!(alarm_state(&s, &east(), "storefront-web-5xx").await, Some(AlarmState::InsufficientData));
    assert_eq!(alarm_state(&s, &west(), "shop-prod-db-dr-replica-lag").await, Some(AlarmState::Alarm));
}
