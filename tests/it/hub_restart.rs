//! NATS restarted under a hub and a console (same port, same store): while it is down the
//! console shows its feeds stale, saying NATS is not reachable; once it is back the hub and the
//! console reconnect by themselves and the console's feeds are fresh again, with the minute the
//! simulated fleet moved on to meanwhile. Neither is restarted.

use std::sync::Arc;
use std::time::Duration;

use opsdeck::cloud::model::{DbMetric, Metrics, Timestamp};
use opsdeck::feed::Feed;
use opsdeck::state::State;

use crate::hub::{Console, answered, fleet, joined, serving};
use crate::nats::Nats;

/// The newest CPU minute of any scope's metrics the console holds as ready.
pub(crate) fn newest_minute(state: &State) -> Option<Timestamp> {
    let newest = |m: &Metrics| m.db.values().filter_map(|s| s.get(DbMetric::Cpu)?.latest_point()).map(|p| p.0).max();
    state
        .fetched
        .metrics
        .iter()
        .filter_map(|(_, feed)| match feed {
            Feed::Ready(snapshot) => newest(&snapshot.data),
            _ => None,
        })
        .max()
}

fn every_feed_stale_because(state: &State, words: &[&str]) -> bool {
    let says = |error: String| words.iter().all(|w| error.contains(w));
    let f = &state.fetched;
    let failed = |feed: &Feed<_>| matches!(feed, Feed::Failed { last: Some(_), .. });
    f.fleet.iter().all(|(_, x)| matches!(x, Feed::Failed { failure, last: Some(_) } if says(failure.error.to_string())))
        && f.metrics.iter().all(|(_, x)| failed(x))
}

#[tokio::test]
#[ignore = "needs nats-server: bash tests/run runs it"]
async fn nats_restarted_under_a_console_the_hub_and_the_console_reconnect_by_themselves() {
    let mut nats = Nats::start();
    let (clock, sim) = fleet();
    let hub = serving(&nats.url, &sim).await;
    let mut console = Console::new(Arc::new(joined(&nats.url, &clock).await));
    console.until("every feed answered", answered).await;
    let before = newest_minute(&console.app.state).expect("a minute of CPU");

    nats.stop();
    clock.advance(Duration::from_mins(1));
    console
        .until("every feed stale: NATS not reachable", |s| {
            every_feed_stale_because(s, &["not reachable", "no update for 60 s"])
        })
        .await;

    nats.start_again();
    console
        .until("fresh again, with the new minute", |s| {
            answered(s)
                && s.fetched.fleet.iter().all(|(_, f)| matches!(f, Feed::Ready(_)))
                && newest_minute(s).is_some_and(|m| m > before)
        })
        .await;
    assert!(!hub.is_finished(), "the hub went on through the restart");
    hub.abort();
}
