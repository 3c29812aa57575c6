//! `opsdeck replay nats://…` and `opsdeck timeline nats://…` on a real nats-server: what the
//! hub's stream kept (every feed of every scope, the consoles' notes) read back as a
//! recording, from a time on.

use opsdeck::cloud::Inventory as _;
use opsdeck::config::hub::NatsAuth;
use opsdeck::hub;
use opsdeck::hub::war::WarRoom;
use opsdeck::record::Entry;

use crate::check::{opsdeck, scratch};
use crate::hub::{fleet, serving};
use crate::nats::Nats;

#[tokio::test]
#[ignore = "needs nats-server: bash tests/run runs it"]
async fn the_hubs_stream_reads_back_as_a_recording() {
    let nats = Nats::start();
    let (clock, sim) = fleet();
    let feeds = sim.scopes().len() * 5;
    let hub = serving(&nats.url, &sim).await;
    let war = WarRoom::join(&nats.url, &NatsAuth::default(), "alice@jump-1").await.unwrap();
    let note = serde_json::json!({"event": "note", "text": "failing over orders at 15:10", "user": "alice"});
    war.publisher().send((opsdeck::cloud::Clock::now(clock.as_ref()), note)).unwrap();
    hub.abort();

    let dir = scratch("hub-replay");
    let path = dir.join("from-hub.odr");
    let from = Some(chrono::Utc::now() - chrono::Duration::hours(1));
    let is_note =
        |e: &Entry| matches!(e, Entry::Note { who, text, .. } if who == "alice@jump-1" && text.contains("15:10"));
    // The note is published by a task of the war room: read until it is stored; bounded.
    let deadline = std::time::Instant::now() + std::time::Duration::from_mins(1);
    let (n, (header, entries, warning)) = loop {
        let n = hub::history::fetch(&nats.url, &NatsAuth::default(), from, None, &path).await.unwrap();
        let read = opsdeck::record::read_all(&path).unwrap();
        if read.1.iter().any(is_note) {
            break (n, read);
        }
        assert!(std::time::Instant::now() < deadline, "the note never reached the stream");
        // Polling a real server on a condition, bounded by the deadline above.
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert!(warning.is_none(), "{warning:?}");
    assert_eq!((entries.len(), header.scopes), (n, sim.scopes()));
    let streams: std::collections::HashSet<_> = entries
        .iter()
        .filter_map(|e| match e {
            Entry::Observed(o) if o.result.is_ok() => Some(o.stream.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(streams.len(), feeds, "every feed of every scope");
    assert!(
        entries
            .iter()
            .any(|e| matches!(e, Entry::Note { who, text, .. } if who == "alice@jump-1" && text.contains("15:10"))),
        "the note"
    );

    // What `opsdeck replay nats://…` opens.
    opsdeck::record::replay::Replay::open(&path).unwrap();

    let url = nats.url.clone();
    let out = tokio::task::spawn_blocking(move || opsdeck(&["timeline", &url, "--from", "1h"], &dir)).await.unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("failing over orders at 15:10"), "{stdout}");
    let (url, home) = (nats.url.clone(), scratch("hub-replay-2"));
    let bad = tokio::task::spawn_blocking(move || opsdeck(&["timeline", &url, "--from", "soon"], &home)).await.unwrap();
    assert_ne!(bad.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("--from: `soon`"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
}
