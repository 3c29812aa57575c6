//! Pollers: one task per feed and scope, each with its own interval, a refresh-now trigger,
//! a per-call timeout, backoff with jitter when throttled, and cancellation on drop.
//!
//! A poller owns nothing of the UI: it sends owned, timestamped snapshots on the event channel.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Notify, mpsc, watch};
use tokio::task::JoinHandle;

use crate::cloud::model::{MetricTargets, ResourceKey, Scope};
use crate::cloud::{Clock, CloudError, Inventory};
use crate::event::{Event, Polled};
use crate::state::feed::{FeedResult, stamped};
use crate::state::{FeedKind, Intervals};

/// A cloud call in flight.
type Call<T> = Pin<Box<dyn Future<Output = Result<T, CloudError>> + Send>>;

/// One fetch to make, with what it is for (`C`: the PI instance, so that a late result is
/// never filed under a newer focus); `None` when there is nothing to fetch (no PI focus yet).
type Fetch<C, T> = Option<(C, Call<T>)>;

/// The longest a throttled or unreachable feed waits between attempts.
const MAX_BACKOFF: Duration = Duration::from_mins(5);

/// How a poller loop behaves.
#[derive(Debug, Clone)]
pub struct Cadence {
    pub interval: Duration,
    /// A call that takes longer counts as a network failure.
    pub timeout: Duration,
}

/// Exponential backoff with deterministic jitter (±20 %), reset by a success.
#[derive(Debug, Clone)]
pub struct Backoff {
    base: Duration,
    failures: u32,
    salt: u64,
}

impl Backoff {
    pub fn new(base: Duration, salt: u64) -> Self {
        Self { base, failures: 0, salt }
    }

    /// The wait after one more failure.
    pub fn next_delay(&mut self) -> Duration {
        self.failures = self.failures.saturating_add(1);
        let factor = 2u32.saturating_pow(self.failures.min(10));
        let raw = self.base.saturating_mul(factor).min(MAX_BACKOFF);
        // splitmix64 of (salt, failures): spreads pollers apart without a random source.
        let mut z = self.salt.wrapping_add(u64::from(self.failures).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        let jitter = 0.8 + 0.4 * ((z ^ (z >> 31)) % 1000) as f64 / 1000.0;
        raw.mul_f64(jitter)
    }

    pub fn reset(&mut self) {
        self.failures = 0;
    }
}

/// Runs one poller until the channel closes.
async fn poll_loop<C: Send + 'static, T: Send + 'static>(
    cadence: Cadence,
    refresh: Arc<Notify>,
    clock: Arc<dyn Clock>,
    tx: mpsc::UnboundedSender<Event>,
    mut fetch: impl FnMut() -> Fetch<C, T> + Send,
    wrap: impl Fn(C, FeedResult<T>) -> Polled + Send,
) {
    let mut backoff = Backoff::new(cadence.interval, tx_salt(&cadence));
    loop {
        let Some((context, call)) = fetch() else {
            refresh.notified().await;
            continue;
        };
        let result = tokio::time::timeout(cadence.timeout, call).await.unwrap_or_else(|_| {
            Err(CloudError::Network { message: format!("no answer within {}s", cadence.timeout.as_secs()) })
        });
        let at = clock.now();
        let delay = match &result {
            Err(error) if error.wants_backoff() => backoff.next_delay(),
            Err(_) => cadence.interval,
            Ok(_) => {
                backoff.reset();
                cadence.interval
            }
        };
        if let Err(error) = &result {
            tracing::warn!(%error, "poll failed");
        }
        if tx.send(Event::Polled(wrap(context, stamped(result, at)))).is_err() {
            return;
        }
        tokio::select! {
            () = tokio::time::sleep(delay) => {}
            () = refresh.notified() => {}
        }
    }
}

fn tx_salt(cadence: &Cadence) -> u64 {
    cadence.interval.as_millis() as u64 ^ cadence.timeout.as_millis() as u64
}

/// The running pollers. Dropping it stops them all.
#[derive(Debug)]
pub struct Pollers {
    tasks: Vec<JoinHandle<()>>,
    refresh: Vec<(FeedKind, Arc<Notify>)>,
    targets: HashMap<Scope, (watch::Sender<MetricTargets>, Arc<Notify>)>,
    focus: (watch::Sender<Option<ResourceKey>>, Arc<Notify>),
}

impl Pollers {
    /// Starts every poller: fleet, metrics, alarms and groups per scope, and one for PI.
    pub fn start(
        inventory: &Arc<dyn Inventory>,
        intervals: &Intervals,
        timeout: Duration,
        tx: &mpsc::UnboundedSender<Event>,
    ) -> Self {
        let (focus_tx, focus_rx) = watch::channel(None);
        let mut pollers = Self {
            tasks: Vec::new(),
            refresh: Vec::new(),
            targets: HashMap::new(),
            focus: (focus_tx, Arc::new(Notify::new())),
        };
        for scope in inventory.scopes() {
            pollers.start_scope(inventory, intervals, timeout, tx, &scope);
        }
        let cadence = Cadence { interval: intervals.performance, timeout };
        let inv = Arc::clone(inventory);
        let fetch = move || -> Fetch<ResourceKey, _> {
            let key = focus_rx.borrow().clone()?;
            let inv = Arc::clone(&inv);
            let for_call = key.clone();
            Some((key, Box::pin(async move { inv.performance(&for_call).await })))
        };
        let notify = Arc::clone(&pollers.focus.1);
        let wrap = Polled::Performance;
        pollers.spawn(FeedKind::Performance, cadence, notify, inventory.clock(), tx, fetch, wrap);
        pollers
    }

    fn start_scope(
        &mut self,
        inventory: &Arc<dyn Inventory>,
        intervals: &Intervals,
        timeout: Duration,
        tx: &mpsc::UnboundedSender<Event>,
        scope: &Scope,
    ) {
        macro_rules! feed {
            ($kind:expr, $interval:expr, $method:ident, $variant:ident) => {{
                let (inv, s) = (Arc::clone(inventory), scope.clone());
                let fetch = move || -> Fetch<(), _> {
                    let (inv, s) = (Arc::clone(&inv), s.clone());
                    Some(((), Box::pin(async move { inv.$method(&s).await })))
                };
                let s = scope.clone();
                let cadence = Cadence { interval: $interval, timeout };
                let wrap = move |(), r| Polled::$variant(s.clone(), r);
                self.spawn($kind, cadence, Arc::new(Notify::new()), inventory.clock(), tx, fetch, wrap);
            }};
        }
        feed!(FeedKind::Fleet, intervals.fleet, db_fleet, Fleet);
        feed!(FeedKind::Alarms, intervals.alarms, alarms, Alarms);
        feed!(FeedKind::Groups, intervals.groups, scaling_groups, Groups);

        let (targets_tx, targets_rx) = watch::channel(MetricTargets::default());
        let notify = Arc::new(Notify::new());
        self.targets.insert(scope.clone(), (targets_tx, Arc::clone(&notify)));
        let (inv, s) = (Arc::clone(inventory), scope.clone());
        let fetch = move || -> Fetch<(), _> {
            let targets = targets_rx.borrow().clone();
            if targets.instances.is_empty() && targets.groups.is_empty() {
                return None;
            }
            let (inv, s) = (Arc::clone(&inv), s.clone());
            Some(((), Box::pin(async move { inv.metrics(&s, &targets).await })))
        };
        let s = scope.clone();
        let cadence = Cadence { interval: intervals.metrics, timeout };
        let wrap = move |(), r| Polled::Metrics(s.clone(), r);
        self.spawn(FeedKind::Metrics, cadence, notify, inventory.clock(), tx, fetch, wrap);
    }

    #[allow(clippy::too_many_arguments)] // one call per feed, each naming every part
    fn spawn<C: Send + 'static, T: Send + 'static>(
        &mut self,
        kind: FeedKind,
        cadence: Cadence,
        refresh: Arc<Notify>,
        clock: Arc<dyn Clock>,
        tx: &mpsc::UnboundedSender<Event>,
        fetch: impl FnMut() -> Fetch<C, T> + Send + 'static,
        wrap: impl Fn(C, FeedResult<T>) -> Polled + Send + 'static,
    ) {
        self.refresh.push((kind, Arc::clone(&refresh)));
        self.tasks.push(tokio::spawn(poll_loop(cadence, refresh, clock, tx.clone(), fetch, wrap)));
    }

    /// Wakes every poller for an immediate fetch.
    pub fn refresh_all(&self) {
        for (_, notify) in &self.refresh {
            notify.notify_one();
        }
    }

    /// Wakes the pollers of one feed (every scope) for an immediate fetch.
    pub fn refresh(&self, kind: FeedKind) {
        for (_, notify) in self.refresh.iter().filter(|(k, _)| *k == kind) {
            notify.notify_one();
        }
    }

    /// Tells a scope's metrics poller what to fetch; fetches at once when that changed.
    pub fn set_metric_targets(&self, scope: &Scope, targets: MetricTargets) {
        if let Some((sender, notify)) = self.targets.get(scope)
            && sender.send_if_modified(|current| {
                let changed = *current != targets;
                if changed {
                    *current = targets;
                }
                changed
            })
        {
            notify.notify_one();
        }
    }

    /// Points Performance Insights at an instance and fetches at once.
    pub fn focus(&self, key: Option<ResourceKey>) {
        self.focus.0.send_replace(key);
        self.focus.1.notify_one();
    }
}

impl Drop for Pollers {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_caps_and_resets() {
        let mut backoff = Backoff::new(Duration::from_secs(10), 7);
        let first = backoff.next_delay();
        assert!(first >= Duration::from_secs(16) && first <= Duration::from_secs(24), "{first:?}");
        let second = backoff.next_delay();
        assert!(second > first);
        for _ in 0..20 {
            assert!(backoff.next_delay() <= MAX_BACKOFF.mul_f64(1.2));
        }
        backoff.reset();
        assert!(backoff.next_delay() <= Duration::from_secs(24));
    }
}
