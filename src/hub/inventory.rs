//! The hub backend: an `Inventory` answered from what the console has read from the hub
//! (`view`), so a console on the hub makes no AWS calls of its own. A read waits until the
//! catch-up on joining is read; once a scope has not been heard of for a while (no message of
//! it, no heartbeat of the hub polling it: a standby's beats do not count) every read of it
//! fails with how long (and whether NATS itself is out of reach), and the panes keep their
//! last data, stale.

use std::sync::{Arc, Mutex};

use chrono::Duration;
use tokio::sync::watch;

use super::join::{self, Joined};
use super::view::View;
use crate::cloud::model::{
    Alarm, AlarmHistoryItem, Blocking, DbEvent, DbFleet, DbSnapshot, MetricTargets, Metrics, Performance, PiQuery,
    ResourceKey, ScalingGroup, Scope, SnapshotKind, SqlDetail,
};
use crate::cloud::{Clock, CloudError, CloudFuture, Inventory};
use crate::record::replay::targeted;
use crate::record::{FeedName, Payload, Stream};

/// How long the hub may stay silent before the panes go stale, unless configured.
pub const DEFAULT_STALE_AFTER: Duration = Duration::seconds(15);

/// A console's reads, from the hub.
#[derive(Debug)]
pub struct HubInventory {
    url: String,
    scopes: Vec<Scope>,
    view: Arc<Mutex<View>>,
    clock: Arc<dyn Clock>,
    synced: watch::Receiver<bool>,
    stale_after: Duration,
    task: tokio::task::JoinHandle<()>,
    /// The operator's own credentials (for runbooks), which say who the operator is.
    pub identities: Option<Arc<dyn Inventory>>,
    interest: Option<async_nats::jetstream::kv::Store>,
    client: async_nats::Client,
}

impl Drop for HubInventory {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl HubInventory {
    /// Reads on from what `join` found, on the hub's clock.
    pub fn new(url: &str, joined: Joined, stale_after: Duration) -> Self {
        let clock = Arc::clone(&joined.clock) as Arc<dyn Clock>;
        Self::on_clock(url, joined, stale_after, clock)
    }

    /// The same on another clock (a test's manual clock, shared with the hub's simulator).
    pub fn on_clock(url: &str, joined: Joined, stale_after: Duration, clock: Arc<dyn Clock>) -> Self {
        let Joined { headers, view, synced, task, interest, client, .. } = joined;
        Self {
            url: url.to_owned(),
            scopes: join::scopes(&headers),
            view,
            clock,
            synced,
            stale_after,
            task,
            identities: None,
            interest,
            client,
        }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// How many streams have data so far.
    pub fn streams(&self) -> usize {
        self.lock().streams()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, View> {
        self.view.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    async fn read(&self, feed: FeedName, scope: &Scope) -> Result<Payload, CloudError> {
        self.read_stream(Stream::scoped(feed, scope.clone())).await
    }

    async fn read_stream(&self, stream: Stream) -> Result<Payload, CloudError> {
        let mut synced = self.synced.clone();
        // The task ending (the connection gone for good) leaves what was read.
        let _ = synced.wait_for(|s| *s).await;
        let (feed, scope) = (stream.feed, &stream.scope);
        let view = self.lock();
        let now = self.clock.now();
        // Judged per scope: a standby hub's heartbeats say nothing of a scope it does not poll.
        let silent = view.last_heard_of(scope).map(|at| now - at);
        if silent.is_none_or(|s| s > self.stale_after) {
            let secs = silent.map_or(0, |s| (s.num_milliseconds() as f64 / 1000.0 / self.clock.rate()).round() as i64);
            // The client reconnects by itself; until then, say that NATS is what is missing.
            let reachable = self.client.connection_state() == async_nats::connection::State::Connected;
            let hubs_heard = view.last_heard().is_some_and(|at| now - at <= self.stale_after);
            let message = match (silent, reachable) {
                (Some(_), true) if hubs_heard => format!("hub: no update for {secs} s (no hub polls this scope now)"),
                (Some(_), true) => format!("hub: no update for {secs} s"),
                (Some(_), false) => format!("hub: NATS not reachable, no update for {secs} s"),
                (None, _) => "hub: nothing heard from it yet".to_owned(),
            };
            return Err(CloudError::Other { message });
        }
        match view.current(&stream) {
            Some(Ok(data)) => Ok(data.clone()),
            Some(Err(error)) => Err(error.clone()),
            None => {
                Err(CloudError::NotFound { what: format!("{feed:?} of {scope}: the hub has not published it yet") })
            }
        }
    }
}

pub use super::connect::shown;

/// How long a console's PI poll waits for the hub's first answer on an instance it has just
/// focused (the hub polls a new interest at once; a round trip to AWS and back through NATS).
const FIRST_ANSWER: std::time::Duration = std::time::Duration::from_secs(5);

fn wrong() -> CloudError {
    CloudError::Other { message: "the hub sent other data for this feed".to_owned() }
}

fn not_shared(what: &str) -> CloudError {
    CloudError::NotFound { what: format!("{what}: not shared by the hub") }
}

impl Inventory for HubInventory {
    fn label(&self) -> String {
        format!("HUB {}", shown(&self.url))
    }

    fn scopes(&self) -> Vec<Scope> {
        self.scopes.clone()
    }

    fn clock(&self) -> Arc<dyn Clock> {
        Arc::clone(&self.clock)
    }

    fn identity(&self, scope: &Scope) -> Option<crate::cloud::model::Identity> {
        self.identities.as_ref()?.identity(scope)
    }

    fn db_fleet<'a>(&'a self, scope: &'a Scope) -> CloudFuture<'a, DbFleet> {
        Box::pin(async move {
            match self.read(FeedName::Fleet, scope).await? {
                Payload::Fleet(fleet) => Ok(fleet),
                _ => Err(wrong()),
            }
        })
    }

    fn metrics<'a>(&'a self, scope: &'a Scope, targets: &'a MetricTargets) -> CloudFuture<'a, Metrics> {
        Box::pin(async move {
            match self.read(FeedName::Metrics, scope).await? {
                Payload::Metrics(metrics) => Ok(targeted(metrics, targets)),
                _ => Err(wrong()),
            }
        })
    }

    fn alarms<'a>(&'a self, scope: &'a Scope) -> CloudFuture<'a, Vec<Alarm>> {
        Box::pin(async move {
            match self.read(FeedName::Alarms, scope).await? {
                Payload::Alarms(alarms) => Ok(alarms),
                _ => Err(wrong()),
            }
        })
    }

    fn scaling_groups<'a>(&'a self, scope: &'a Scope) -> CloudFuture<'a, Vec<ScalingGroup>> {
        Box::pin(async move {
            match self.read(FeedName::Groups, scope).await? {
                Payload::Groups(groups) => Ok(groups),
                _ => Err(wrong()),
            }
        })
    }

    fn db_events<'a>(&'a self, scope: &'a Scope) -> CloudFuture<'a, Vec<DbEvent>> {
        Box::pin(async move {
            match self.read(FeedName::Events, scope).await? {
                Payload::Events(events) => Ok(events),
                _ => Err(wrong()),
            }
        })
    }

    fn performance<'a>(&'a self, query: &'a PiQuery) -> CloudFuture<'a, Performance> {
        Box::pin(async move {
            let Some(interest) = &self.interest else {
                return Err(not_shared(&format!("Performance Insights of {}", query.instance)));
            };
            // Each PI poll of the console renews its interest; the hub polls what anyone looks at,
            // a newly focused instance at once: its first answer is waited for, a little.
            super::interest::register(interest, query).await;
            let stream = Stream::of(FeedName::Performance, &query.instance);
            let arrived = self.lock().arrivals();
            let deadline = tokio::time::Instant::now() + FIRST_ANSWER;
            loop {
                let notified = arrived.notified();
                tokio::pin!(notified);
                notified.as_mut().enable();
                match self.read_stream(stream.clone()).await {
                    Ok(Payload::Performance(performance)) => return Ok(*performance),
                    Ok(_) => return Err(wrong()),
                    Err(CloudError::NotFound { .. }) if tokio::time::Instant::now() < deadline => {
                        let _ = tokio::time::timeout_at(deadline, notified).await;
                    }
                    Err(CloudError::NotFound { .. }) => {
                        return Err(CloudError::NotFound {
                            what: format!(
                                "Performance Insights of {}: asked the hub, which polls it from its next round",
                                query.instance
                            ),
                        });
                    }
                    Err(error) => return Err(error),
                }
            }
        })
    }

    fn blocking<'a>(&'a self, query: &'a PiQuery) -> CloudFuture<'a, Blocking> {
        Box::pin(async move { Err(not_shared(&format!("blocking of {}", query.instance))) })
    }

    fn sql_detail<'a>(&'a self, query: &'a PiQuery, sql_id: &'a str) -> CloudFuture<'a, SqlDetail> {
        Box::pin(async move { Err(not_shared(&format!("statement {sql_id} of {}", query.instance))) })
    }

    fn db_snapshot<'a>(&'a self, snapshot: &'a ResourceKey, _: SnapshotKind) -> CloudFuture<'a, DbSnapshot> {
        Box::pin(async move { Err(not_shared(&format!("snapshot {snapshot}"))) })
    }

    fn alarm_history<'a>(&'a self, alarm: &'a ResourceKey) -> CloudFuture<'a, Vec<AlarmHistoryItem>> {
        Box::pin(async move { Err(not_shared(&format!("the history of {alarm}"))) })
    }
}
