//! The simulator's RDS events: the az-outage's failovers at their virtual times, black-friday's
//! connection warnings, and what runbooks did, each once and in time order.

use super::*;
use crate::cloud::Operations;
use crate::cloud::model::{DbEvent, EventSource};

async fn events(s: &Simulator, scope: &Scope) -> Vec<DbEvent> {
    s.db_events(scope).await.unwrap_or_default()
}

fn about<'a>(events: &'a [DbEvent], id: &str) -> Vec<&'a str> {
    events.iter().filter(|e| e.source_id == id).map(|e| e.message.as_str()).collect()
}

#[tokio::test(start_paused = true)]
async fn the_az_outage_reports_the_failover_within_its_window_on_the_virtual_clock() {
    let (s, clock) = sim(Scenario::AzOutage);
    assert!(about(&events(&s, &east()).await, "shop-prod-db").iter().all(|m| !m.contains("failover")));
    clock.advance(Duration::from_secs(150));
    let during = events(&s, &east()).await;
    let started = during.iter().find(|e| e.source_id == "shop-prod-db" && e.message.contains("failover started"));
    let at = started.map(|e| (e.at - start()).num_seconds());
    assert_eq!(at, Some(120), "when the AZ fails");
    assert!(started.is_some_and(|e| e.source == EventSource::Instance && e.categories == ["failover"]));
    assert!(!about(&during, "shop-prod-db").iter().any(|m| m.contains("completed")), "not yet");

    clock.advance(MINUTE * 30);
    let after = events(&s, &east()).await;
    assert!(after.windows(2).all(|w| w[0].at <= w[1].at), "oldest first");
    let prod = about(&after, "shop-prod-db");
    let wanted =
        ["Multi-AZ instance failover started.", "Multi-AZ instance failover completed.", "DB instance restarted"];
    assert_eq!(prod.iter().filter(|m| wanted.contains(m)).copied().collect::<Vec<_>>(), wanted);
    let catalog: Vec<&DbEvent> = after.iter().filter(|e| e.source == EventSource::Cluster).collect();
    assert!(catalog.iter().any(|e| e.source_id == "shop-catalog" && e.message.ends_with("shop-catalog-2")));
    assert!(events(&s, &west()).await.iter().all(|e| !e.categories.contains(&"failover".to_owned())));
}

#[tokio::test(start_paused = true)]
async fn a_forced_failover_and_a_snapshot_by_a_runbook_are_events_at_their_times() {
    let (s, clock) = sim(Scenario::Steady);
    clock.advance(MINUTE);
    let prod = ResourceKey::new(east(), "shop-prod-db");
    assert!(s.reboot_with_failover(&prod).await.is_ok());
    assert!(s.create_db_snapshot(&ResourceKey::new(east(), "legacy-reports-2014"), "before-upgrade").await.is_ok());
    let now = events(&s, &east()).await;
    let started: Vec<&DbEvent> = now.iter().filter(|e| e.message.contains("failover started")).collect();
    assert_eq!(started.len(), 1);
    assert_eq!(started[0].at, start() + chrono::Duration::minutes(1));
    assert!(about(&now, "legacy-reports-2014").contains(&"Backing up DB instance"));
    clock.advance(MINUTE * 30);
    let later = events(&s, &east()).await;
    assert!(about(&later, "shop-prod-db").contains(&"Multi-AZ instance failover completed."));
    assert!(about(&later, "legacy-reports-2014").contains(&"Finished DB Instance backup"));
    let again = events(&s, &east()).await;
    assert_eq!(later, again, "the same time gives the same events");
}

#[tokio::test(start_paused = true)]
async fn black_friday_reports_the_connection_surge() {
    let (s, clock) = sim(Scenario::BlackFriday);
    let notices = |events: &[DbEvent]| events.iter().filter(|e| e.categories == ["notification"]).count();
    assert_eq!(notices(&events(&s, &east()).await), 0);
    clock.advance(MINUTE * 15);
    let surge = events(&s, &east()).await;
    assert!(notices(&surge) > 0, "{:?}", about(&surge, "shop-prod-db"));
}
