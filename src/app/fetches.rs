//! The reads a view asks for once (an alarm's history, a statement's detail, a window of an
//! instance's metrics, the blocking tree, analysis reports), each made off the loop with the
//! pollers' timeout; the answer comes back as an event like a poller's.

use std::future::Future;
use std::sync::Arc;

use super::App;
use crate::cloud::CloudError;
use crate::cloud::model::{PiQuery, ResourceKey, Window};
use crate::event::{Event, Polled};
use crate::feed::{FeedResult, stamped};

impl App {
    /// Spawns `read`; its result, stamped with the backend's clock, goes back as `polled` of it.
    fn fetch<T, R, P>(&self, read: R, polled: P)
    where
        T: Send + 'static,
        R: Future<Output = Result<T, CloudError>> + Send + 'static,
        P: FnOnce(FeedResult<T>) -> Polled + Send + 'static,
    {
        let (clock, tx, timeout) = (Arc::clone(&self.clock), self.events_tx.clone(), self.call_timeout);
        tokio::spawn(async move {
            let result = tokio::time::timeout(timeout, read).await.unwrap_or_else(|_| {
                Err(CloudError::Network { message: format!("no answer within {}s", timeout.as_secs()) })
            });
            // The console may have quit meanwhile; then nobody needs the answer.
            tx.send(Event::Polled(polled(stamped(result, clock.now())))).ok();
        });
    }

    pub(super) fn fetch_reports(&self, key: ResourceKey) {
        let (inventory, asked) = (Arc::clone(&self.inventory), key.clone());
        self.fetch(async move { inventory.analysis_reports(&asked).await }, move |r| Polled::Reports(key, r));
    }

    pub(super) fn fetch_report(&self, key: ResourceKey, id: String) {
        let (inventory, asked) = (Arc::clone(&self.inventory), (key.clone(), id.clone()));
        self.fetch(async move { inventory.analysis_report(&asked.0, &asked.1).await }, move |r| {
            Polled::Report(key, id, r)
        });
    }

    pub(super) fn fetch_blocking(&self, query: PiQuery) {
        let (inventory, asked) = (Arc::clone(&self.inventory), query.clone());
        self.fetch(async move { inventory.blocking(&asked).await }, move |r| Polled::Blocking(query, r));
    }

    pub(super) fn fetch_sql_detail(&self, query: PiQuery, id: String) {
        let (inventory, asked) = (Arc::clone(&self.inventory), (query.clone(), id.clone()));
        self.fetch(async move { inventory.sql_detail(&asked.0, &asked.1).await }, move |r| {
            Polled::SqlDetail(query, id, r)
        });
    }

    pub(super) fn fetch_db_history(&self, key: ResourceKey, window: Window) {
        let (inventory, asked) = (Arc::clone(&self.inventory), key.clone());
        self.fetch(async move { inventory.db_history(&asked, window).await }, move |r| {
            Polled::DbHistory(key, window, r)
        });
    }

    pub(super) fn fetch_alarm_history(&self, key: ResourceKey) {
        let (inventory, asked) = (Arc::clone(&self.inventory), key.clone());
        self.fetch(async move { inventory.alarm_history(&asked).await }, move |r| Polled::AlarmHistory(key, r));
    }
}
