//! `[hub] replicas = 3` on a real three-node JetStream cluster (see `nats::Cluster`): the hub
//! creates its stream and every bucket with three replicas, placed on the three nodes; the node
//! the hub is connected to, which also leads the stream, is killed; the hub reconnects to
//! another node by itself and goes on publishing, a console on another node sees the next
//! minute with no restart, and a console joining late through the third node has every feed
//! at once, read from the replicas that outlived the node.

use std::sync::Arc;
use std::time::{Duration, Instant};

use async_nats::jetstream;

use crate::hub::{Console, answered, config, fleet, joined, serving_with};
use crate::hub_restart::newest_minute;
use crate::nats::Cluster;

const BUCKETS: [&str; 5] = ["OPSDECK_LOCKS", "OPSDECK_HUBS", "OPSDECK_CONSOLES", "OPSDECK_INTEREST", "OPSDECK_LEASES"];

/// The stream's leader and its followers, by server name.
async fn placed(js: &jetstream::Context, stream: &str) -> (Option<String>, Vec<String>) {
    let mut found = js.get_stream(stream).await.unwrap();
    let info = found.info().await.unwrap();
    assert_eq!(info.config.num_replicas, 3, "{stream}");
    let cluster = info.cluster.clone().expect("a clustered stream says where it is");
    (cluster.leader, cluster.replicas.iter().map(|p| p.name.clone()).collect())
}

/// Asks the stream's leader to step down in favour of `node`, until it has.
async fn lead_on(js: &jetstream::Context, stream: &str, node: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    let body = format!(r#"{{"placement":{{"preferred":"{node}"}}}}"#);
    while placed(js, stream).await.0.as_deref() != Some(node) {
        assert!(Instant::now() < deadline, "{stream} never came to be led by {node}");
        let subject = format!("$JS.API.STREAM.LEADER.STEPDOWN.{stream}");
        let _ = js.client().request(subject, body.clone().into()).await;
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
#[ignore = "needs nats-server: bash tests/run runs it"]
async fn on_three_nodes_the_hub_keeps_three_replicas_and_outlives_the_node_it_was_on() {
    let mut cluster = Cluster::start(3);
    cluster.ready(3).await;
    let (clock, sim) = fleet();
    let (n0, n1, n2) = (cluster.nodes[0].url.clone(), cluster.nodes[1].url.clone(), cluster.nodes[2].url.clone());
    let hub = serving_with(opsdeck::hub::HubConfig { replicas: 3, ..config(&n0) }, &sim).await;

    let js = jetstream::new(async_nats::connect(&n1).await.unwrap());
    for stream in std::iter::once("OPSDECK".to_owned()).chain(BUCKETS.iter().map(|b| format!("KV_{b}"))) {
        let (leader, followers) = placed(&js, &stream).await;
        let mut nodes: Vec<_> = leader.into_iter().chain(followers).collect();
        nodes.sort();
        assert_eq!(nodes, ["n0", "n1", "n2"], "{stream}: a replica on each node");
    }
    lead_on(&js, "OPSDECK", "n0").await;

    let mut console = Console::new(Arc::new(joined(&n1, &clock).await));
    console.until("every feed answered", answered).await;
    let before = newest_minute(&console.app.state).expect("a minute of CPU");

    cluster.nodes[0].kill();
    clock.advance(Duration::from_mins(1));
    console
        .until("the next minute, through the node left to the console", |s| {
            answered(s) && newest_minute(s).is_some_and(|m| m > before)
        })
        .await;
    assert!(!hub.is_finished(), "the hub reconnected to another node by itself");
    let (leader, _) = placed(&js, "OPSDECK").await;
    assert!(leader.is_some_and(|l| l != "n0"), "a new leader for the stream");

    let mut late = Console::new(Arc::new(joined(&n2, &clock).await));
    late.until("every feed answered, joining through the third node", answered).await;
    assert_eq!(newest_minute(&late.app.state), newest_minute(&console.app.state), "the same minute");
    hub.abort();
}
