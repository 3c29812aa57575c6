//! Staleness while a standby hub takes over, on a real nats-server: two hubs for the same
//! scopes, one polling them; the polling hub is killed, and while the standby still beats the
//! console shows the scopes' feeds stale (the standby's heartbeats say it polls none of them);
//! once the standby has taken the leases the feeds are fresh again, with no restart.

use std::sync::Arc;
use std::time::Duration;

use opsdeck::cloud::Inventory as _;
use opsdeck::feed::Feed;
use opsdeck::hub::{self, HubConfig};
use opsdeck::state::State;

use crate::hub::{Console, answered, config, distinct, fleet, joined, watch};
use crate::hub_status::status_until;
use crate::nats::Nats;

fn every_fleet(state: &State, judge: impl Fn(&Feed<opsdeck::cloud::model::DbFleet>) -> bool) -> bool {
    state.fetched.fleet.iter().count() > 0 && state.fetched.fleet.iter().all(|(_, f)| judge(f))
}

#[tokio::test]
#[ignore = "needs nats-server: bash tests/run runs it"]
async fn a_scope_is_stale_while_no_hub_polls_it_and_fresh_once_the_standby_does() {
    let nats = Nats::start();
    let (clock, sim) = fleet();
    let feeds = sim.scopes().len() * 5;
    // Leases of a few seconds: the gap between the polling hub's death and the standby's
    // takeover is long enough for the console to be seen in it.
    let named =
        |name: &str| HubConfig { name: name.to_owned(), lease_ttl: Duration::from_secs(4), ..config(&nats.url) };
    let mut keyframes = watch(&nats.url, "opsdeck.v2.state.*.*.key").await;
    let a = tokio::spawn(hub::serve(Arc::clone(&sim) as _, named("hub-a")));
    distinct(&mut keyframes, feeds).await;
    let b = tokio::spawn(hub::serve(Arc::clone(&sim) as _, named("hub-b")));
    let standby = status_until(&nats.url, |s| s.name == "hub-b").await;
    assert!(standby.scopes.iter().all(|x| !x.polling), "hub-a polls every scope: {standby:?}");

    let mut console = Console::new(Arc::new(joined(&nats.url, &clock).await));
    console.until("every feed answered", answered).await;

    a.abort();
    let _ = a.await;
    clock.advance(Duration::from_mins(1));
    let reason = "hub: no update for 60 s (no hub polls this scope now)";
    console
        .until("every scope stale while hub-b still beats", |s| {
            every_fleet(
                s,
                |f| matches!(f, Feed::Failed { failure, last: Some(_) } if failure.error.to_string() == reason),
            )
        })
        .await;
    assert!(!b.is_finished(), "the standby beats on");

    console.until("fresh again once hub-b polls", |s| every_fleet(s, |f| matches!(f, Feed::Ready(_)))).await;
    let status = status_until(&nats.url, |s| s.name == "hub-b" && s.scopes.iter().all(|x| x.polling)).await;
    assert_eq!(status.scopes.len(), sim.scopes().len());
    b.abort();
}
