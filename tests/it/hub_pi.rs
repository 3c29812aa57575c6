//! Performance Insights on interest, on a real nats-server: a console on the hub asking for an
//! instance's PI registers its interest, the hub polls PI for it and publishes the result, and
//! every console on the hub reads that one result.

use std::time::{Duration, Instant};

use opsdeck::cloud::model::PiQuery;
use opsdeck::cloud::{CloudError, Inventory as _};
use opsdeck::hub;

use crate::hub::{fleet, joined, serving};
use crate::nats::Nats;

/// Asks the console's backend for `query` until the hub's answer is there; bounded.
async fn published(console: &hub::HubInventory, query: &PiQuery) -> opsdeck::cloud::model::Performance {
    let deadline = Instant::now() + Duration::from_mins(1);
    loop {
        match console.performance(query).await {
            Ok(performance) => return performance,
            Err(CloudError::NotFound { what }) => assert!(what.contains("asked the hub"), "{what}"),
            Err(error) => panic!("{error}"),
        }
        assert!(Instant::now() < deadline, "the hub never published the instance's PI");
        // Polling a real server on a condition, bounded by the deadline above.
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
#[ignore = "needs nats-server: bash tests/run runs it"]
async fn a_focused_instances_performance_insights_come_from_the_hub() {
    let nats = Nats::start();
    let (clock, sim) = fleet();
    let hub = serving(&nats.url, &sim).await;
    let (alice, bob) = (joined(&nats.url, &clock).await, joined(&nats.url, &clock).await);
    let scope = sim.scopes()[0].clone();
    let instance = sim.db_fleet(&scope).await.unwrap().instances[0].id.clone();
    let query = PiQuery::new(opsdeck::cloud::model::ResourceKey::new(scope, instance));

    // The first ask registers the interest; the hub's next PI round answers it.
    let from_hub = published(&alice, &query).await;
    let direct = sim.performance(&query).await.unwrap();
    assert_eq!(serde_json::to_value(&from_hub).unwrap(), serde_json::to_value(&direct).unwrap(), "what PI says");
    let other = published(&bob, &query).await;
    assert_eq!(serde_json::to_value(&other).unwrap(), serde_json::to_value(&direct).unwrap(), "the same for bob");
    hub.abort();
}

#[tokio::test]
#[ignore = "needs nats-server: bash tests/run runs it"]
async fn a_newly_focused_instance_is_polled_at_once_not_at_the_next_round() {
    let nats = Nats::start();
    let (clock, sim) = fleet();
    // The hub's PI round comes once, at its start, and not again within the test.
    let intervals = opsdeck::feed::Intervals { performance: Duration::from_hours(1), ..crate::hub::fast() };
    let config = hub::HubConfig { intervals, ..crate::hub::config(&nats.url) };
    let mut keyframes = crate::hub::watch(&nats.url, "opsdeck.v2.state.*.*.key").await;
    let hub = tokio::spawn(hub::serve(std::sync::Arc::clone(&sim) as _, config));
    crate::hub::distinct(&mut keyframes, sim.scopes().len() * 5).await;
    let console = joined(&nats.url, &clock).await;
    let scope = sim.scopes()[0].clone();
    let instance = sim.db_fleet(&scope).await.unwrap().instances[1].id.clone();
    let query = PiQuery::new(opsdeck::cloud::model::ResourceKey::new(scope, instance));

    // The console's first PI poll has the answer: the hub polled it at once, and the console
    // waited for it.
    let from_hub = console.performance(&query).await.unwrap();
    let direct = sim.performance(&query).await.unwrap();
    assert_eq!(serde_json::to_value(&from_hub).unwrap(), serde_json::to_value(&direct).unwrap(), "what PI says");
    hub.abort();
}
