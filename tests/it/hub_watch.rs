//! Watching what a hub publishes, for the hub tests: a subscription made before the hub starts,
//! and a bounded wait for so many distinct subjects.

use std::collections::HashSet;
use std::time::Duration;

use futures_util::StreamExt as _;

/// The hub's messages on `filter` as they are published (subscribed before the hub starts).
pub(crate) async fn watch(url: &str, filter: &str) -> async_nats::Subscriber {
    let client = async_nats::connect(url).await.unwrap();
    let subscriber = client.subscribe(filter.to_owned()).await.unwrap();
    // A round trip: the server has the subscription before anything is published.
    client.flush().await.unwrap();
    subscriber
}

/// Reads published messages until `n` distinct subjects have been seen; bounded.
pub(crate) async fn distinct(messages: &mut async_nats::Subscriber, n: usize) {
    let mut seen = HashSet::new();
    for _ in 0..100_000 {
        let message = tokio::time::timeout(Duration::from_mins(1), messages.next()).await.unwrap().unwrap();
        seen.insert(message.subject.to_string());
        if seen.len() >= n {
            return;
        }
    }
    panic!("only {} subjects published", seen.len());
}
