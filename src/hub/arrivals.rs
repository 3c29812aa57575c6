//! New interest as it arrives: a watch on the interest bucket that yields a query the moment a
//! console focuses an instance (or changes its view) that was not asked for before, so that the
//! hub polls it at once instead of at its next Performance Insights round. Renewals of the same
//! interest yield nothing; the round polls those. At most `interest::MAX_INSTANCES` arrivals
//! are polled between two rounds, so that scrolling through a fleet costs a bounded number of
//! calls.

use std::collections::HashMap;

use async_nats::jetstream::kv;
use futures_util::StreamExt as _;

use super::interest::MAX_INSTANCES;
use crate::cloud::model::PiQuery;

/// The watch and what it has seen.
pub struct Arrivals {
    watch: Option<kv::Watch>,
    /// The last value seen per key: a put of the same value is a renewal.
    seen: HashMap<String, Vec<u8>>,
    /// Arrivals still to poll before the next round.
    left: usize,
}

impl std::fmt::Debug for Arrivals {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Arrivals")
            .field("watching", &self.watch.is_some())
            .field("left", &self.left)
            .finish_non_exhaustive()
    }
}

impl Arrivals {
    /// Watches `store` for new puts (what it holds already is the round's to poll).
    pub async fn open(store: &kv::Store) -> Self {
        let mut arrivals = Self { watch: None, seen: HashMap::new(), left: MAX_INSTANCES };
        arrivals.reopen(store).await;
        arrivals
    }

    /// A new round: the budget is whole again, and a watch that ended is opened again.
    pub async fn round(&mut self, store: &kv::Store, polled: &[PiQuery]) {
        self.left = MAX_INSTANCES;
        for query in polled {
            self.seen.insert(super::subject::lock_key(&query.instance), serde_json::to_vec(query).unwrap_or_default());
        }
        if self.watch.is_none() {
            self.reopen(store).await;
        }
    }

    async fn reopen(&mut self, store: &kv::Store) {
        match store.watch_all().await {
            Ok(watch) => self.watch = Some(watch),
            Err(error) => tracing::debug!(%error, "interest not watched; the round polls it"),
        }
    }

    /// The next query to poll at once; pending while there is none (cancel-safe: nothing is
    /// taken from the watch but what is returned or skipped).
    pub async fn next(&mut self) -> PiQuery {
        loop {
            let Some(watch) = self.watch.as_mut() else { return std::future::pending().await };
            let entry = match watch.next().await {
                Some(Ok(entry)) => entry,
                Some(Err(error)) => {
                    tracing::debug!(%error, "interest watch");
                    continue;
                }
                None => {
                    self.watch = None;
                    continue;
                }
            };
            if entry.operation != kv::Operation::Put
                || self.seen.get(&entry.key).is_some_and(|seen| seen[..] == entry.value[..])
            {
                continue;
            }
            self.seen.insert(entry.key.clone(), entry.value.to_vec());
            if self.left == 0 {
                continue;
            }
            if let Ok(query) = serde_json::from_slice::<PiQuery>(&entry.value) {
                self.left -= 1;
                return query;
            }
        }
    }
}
