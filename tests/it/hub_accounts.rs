//! The NATS account configuration the README gives, on a real nats-server: the hub publishes,
//! a console reads every feed, shares its audit lines and takes locks, and cannot publish state.

use std::sync::Arc;
use std::time::Duration;

use opsdeck::cloud::Inventory as _;
use opsdeck::config::hub::NatsAuth;
use opsdeck::hub::war::WarRoom;
use opsdeck::hub::{self, HubConfig, HubInventory};

use crate::check::scratch;
use crate::hub::{config, distinct, fleet};
use crate::nats::Nats;

/// The README's configuration, with its passwords filled in.
const CONFIG: &str = r#"accounts: {
  OPSDECK: {
    jetstream: enabled
    users: [
      # The hub: everything in its account (its stream, its buckets, its state subjects).
      { user: hub, password: hub-pass }
      { user: console, password: console-pass, permissions: {
          publish: { allow: [
            "opsdeck.*.war.audit",                       # audit lines and notes
            "$KV.OPSDECK_LOCKS.>", "$KV.OPSDECK_CONSOLES.>", "$KV.OPSDECK_INTEREST.>",
            "$JS.API.INFO", "$JS.API.STREAM.INFO.*",
            "$JS.API.CONSUMER.CREATE.OPSDECK", "$JS.API.CONSUMER.CREATE.OPSDECK.>",
            "$JS.API.CONSUMER.CREATE.KV_OPSDECK_LOCKS.>", "$JS.API.CONSUMER.CREATE.KV_OPSDECK_INTEREST.>",
            "$JS.API.CONSUMER.CREATE.KV_OPSDECK_CONSOLES.>",
            "$JS.API.CONSUMER.INFO.*.>", "$JS.API.CONSUMER.DELETE.*.>", "$JS.API.CONSUMER.MSG.NEXT.*.>",
            "$JS.API.DIRECT.GET.KV_OPSDECK_LOCKS.>", "$JS.API.DIRECT.GET.KV_OPSDECK_INTEREST.>",
            "$JS.API.DIRECT.GET.KV_OPSDECK_CONSOLES.>", "$JS.ACK.>" ] }
          subscribe: { allow: [ "opsdeck.*.beat.*", "_INBOX.>" ] } } }
    ]
  }
}
"#;

fn user(name: &str, password: &str) -> NatsAuth {
    NatsAuth { user: Some(name.to_owned()), password: Some(password.to_owned()), ..NatsAuth::default() }
}

#[tokio::test]
#[ignore = "needs nats-server: bash tests/run runs it"]
async fn consoles_read_state_and_publish_only_what_is_theirs() {
    let dir = scratch("nats-accounts");
    let file = dir.join("opsdeck.conf");
    std::fs::write(&file, CONFIG).unwrap();
    let nats = Nats::start_with(&["-c", file.to_str().unwrap()]);
    let (hub_user, console) = (user("hub", "hub-pass"), user("console", "console-pass"));
    let (clock, sim) = fleet();
    let client = hub::connect::connect(&nats.url, &hub_user, false).await.unwrap();
    let mut keyframes = client.subscribe("opsdeck.v2.state.*.*.key").await.unwrap();
    let serving = tokio::spawn(hub::serve(Arc::clone(&sim) as _, HubConfig { auth: hub_user, ..config(&nats.url) }));
    distinct(&mut keyframes, sim.scopes().len() * 5).await;

    let joined = hub::join::join(&nats.url, &console, Duration::from_secs(10)).await.unwrap();
    let inventory = HubInventory::on_clock(&nats.url, joined, chrono::Duration::seconds(30), Arc::clone(&clock) as _);
    for scope in inventory.scopes() {
        inventory.db_fleet(&scope).await.unwrap();
    }
    let war = WarRoom::join(&nats.url, &console, "alice@jump-1").await.unwrap();
    let target = opsdeck::cloud::model::ResourceKey::new(sim.scopes()[0].clone(), "orders-db");
    let claim = opsdeck::runbook::lock::Claim { run_id: "r1", title: "Fail over orders-db" };
    let held = opsdeck::runbook::lock::TargetLocks::take(&war.locks, &target, claim).await.unwrap();
    drop(held);

    let js = async_nats::jetstream::new(hub::connect::connect(&nats.url, &console, false).await.unwrap());
    let subject = format!("opsdeck.v2.state.{}.fleet", hub::subject::scope_token(&sim.scopes()[0]));
    let forged = match js.publish(subject, "{}".into()).await {
        Ok(ack) => tokio::time::timeout(Duration::from_secs(10), ack).await.is_ok_and(|a| a.is_ok()),
        Err(_) => false,
    };
    assert!(!forged, "a console may not publish state");
    serving.abort();
    let _ = std::fs::remove_dir_all(&dir);
}
