//! `[hub] replicas` (and `--replicas`) on a real nats-server, which is one server, not a
//! cluster: with 1 the hub creates its stream and every bucket with one replica; with 3 it
//! stops at once with an error naming the replicas and the server's reason, not a panic.

use std::sync::Arc;

use opsdeck::hub::{self, HubConfig};

use crate::check::{opsdeck, scratch};
use crate::hub::{config, fleet, serving};
use crate::nats::Nats;

const BUCKETS: [&str; 5] = ["OPSDECK_LOCKS", "OPSDECK_HUBS", "OPSDECK_CONSOLES", "OPSDECK_INTEREST", "OPSDECK_LEASES"];

#[tokio::test]
#[ignore = "needs nats-server: bash tests/run runs it"]
async fn replicas_go_to_the_stream_and_every_bucket_and_too_many_are_a_clear_error() {
    let nats = Nats::start();
    let (_clock, sim) = fleet();

    let three = HubConfig { replicas: 3, ..config(&nats.url) };
    let error = hub::serve(Arc::clone(&sim) as _, three).await.unwrap_err().to_string();
    assert!(error.contains("cannot create stream OPSDECK with 3 replicas"), "{error}");
    assert!(error.contains("replicas > 1 not supported in non-clustered mode"), "the server's reason: {error}");

    let (url, home) = (nats.url.clone(), scratch("hub-replicas"));
    let run = move || opsdeck(&["hub", "--demo", "--nats", &url, "--replicas", "3"], &home);
    let out = tokio::task::spawn_blocking(run).await.unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!matches!(out.status.code(), Some(0 | 101) | None), "an error, not a panic: {stderr}");
    assert!(stderr.contains("with 3 replicas") && !stderr.contains("panicked"), "{stderr}");

    let hub = serving(&nats.url, &sim).await;
    let client = async_nats::connect(&nats.url).await.unwrap();
    let js = async_nats::jetstream::new(client);
    let mut stream = js.get_stream("OPSDECK").await.unwrap();
    assert_eq!(stream.info().await.unwrap().config.num_replicas, 1);
    for bucket in BUCKETS {
        let mut stream = js.get_stream(format!("KV_{bucket}")).await.unwrap();
        assert_eq!(stream.info().await.unwrap().config.num_replicas, 1, "{bucket}");
    }
    hub.abort();
}
