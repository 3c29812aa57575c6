//! `opsdeck hub status` on a real nats-server: a hub on the simulated fleet writes its status
//! (its scopes, polled; the consoles connected; calls per minute per scope), and the command
//! prints it; with no hub it fails, saying so.

use std::sync::Arc;
use std::time::{Duration, Instant};

use opsdeck::cloud::Inventory as _;
use opsdeck::config::hub::NatsAuth;
use opsdeck::hub::status::HubStatus;
use opsdeck::hub::war::WarRoom;
use opsdeck::hub::{self, HubConfig};

use crate::check::{opsdeck, scratch};
use crate::hub::{config, distinct, fleet, watch};
use crate::nats::Nats;

/// Reads the hubs' status until `done` holds; bounded (a real server, real time).
pub(crate) async fn status_until(url: &str, done: impl Fn(&HubStatus) -> bool) -> HubStatus {
    let deadline = Instant::now() + Duration::from_mins(1);
    loop {
        let hubs = hub::status::read(url, &NatsAuth::default()).await.unwrap_or_default();
        if let Some(status) = hubs.into_iter().find(|s| done(s)) {
            return status;
        }
        assert!(Instant::now() < deadline, "the hub's status never showed what was expected");
        // Polling a real server on a condition, bounded by the deadline above.
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
#[ignore = "needs nats-server: bash tests/run runs it"]
async fn hub_status_says_scopes_viewers_and_calls_per_scope() {
    let nats = Nats::start();
    let home = scratch("hub-status");
    let url = nats.url.clone();
    let none = tokio::task::spawn_blocking(move || opsdeck(&["hub", "status", "--nats", &url], &home)).await.unwrap();
    assert_ne!(none.status.code(), Some(0), "no hub yet: an error");
    assert!(String::from_utf8_lossy(&none.stderr).contains("no hub"), "{}", String::from_utf8_lossy(&none.stderr));

    let (_clock, sim) = fleet();
    let scopes = sim.scopes();
    let hub = tokio::spawn(hub::serve(Arc::clone(&sim) as _, config(&nats.url)));
    let _viewer = WarRoom::join(&nats.url, &NatsAuth::default(), "alice@jump-1").await.unwrap();
    let status = status_until(&nats.url, |s| {
        s.viewers == 1 && s.scopes.len() == scopes.len() && s.scopes.iter().all(|x| x.calls_per_minute > 0)
    })
    .await;
    assert_eq!(status.name, "test-hub");
    assert!(status.scopes.iter().all(|s| s.polling && s.throttled == 0), "{status:?}");

    let (url, home) = (nats.url.clone(), scratch("hub-status-2"));
    let out = tokio::task::spawn_blocking(move || opsdeck(&["hub", "status", "--nats", &url], &home)).await.unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.starts_with("hub `test-hub` (opsdeck "), "{stdout}");
    assert!(
        stdout.contains(&format!("polls {n} of {n} scope(s); 1 viewer(s) connected", n = scopes.len())),
        "{stdout}"
    );
    assert!(stdout.contains("us-east-1") && stdout.contains("calls/min"), "{stdout}");
    hub.abort();
}

#[tokio::test]
#[ignore = "needs nats-server: bash tests/run runs it"]
async fn a_standby_hub_takes_over_the_scopes_of_a_hub_that_is_gone() {
    let nats = Nats::start();
    let (_clock, sim) = fleet();
    let feeds = sim.scopes().len() * 5;
    let named = |name: &str| HubConfig { name: name.to_owned(), ..config(&nats.url) };
    let a = tokio::spawn(hub::serve(Arc::clone(&sim) as _, named("hub-a")));
    status_until(&nats.url, |s| s.name == "hub-a" && s.scopes.iter().all(|x| x.polling)).await;
    let b = tokio::spawn(hub::serve(Arc::clone(&sim) as _, named("hub-b")));
    let standby = status_until(&nats.url, |s| s.name == "hub-b").await;
    assert!(standby.scopes.iter().all(|x| !x.polling), "exactly one hub polls each scope: {standby:?}");
    assert!(status_until(&nats.url, |s| s.name == "hub-a").await.scopes.iter().all(|x| x.polling));

    // Killed: its leases are not renewed, and expire after their TTL (a second here).
    a.abort();
    let _ = a.await;
    let mut keyframes = watch(&nats.url, "opsdeck.v2.state.*.*.key").await;
    status_until(&nats.url, |s| s.name == "hub-b" && s.scopes.iter().all(|x| x.polling)).await;
    // Taking a scope over, the standby states every feed of it whole.
    distinct(&mut keyframes, feeds).await;
    b.abort();
}
