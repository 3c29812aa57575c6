//! Pollers: one task per feed and scope, each with its own interval, a refresh-now trigger,
//! a per-call timeout, and cancellation on drop.
//!
//! When a feed is throttled or unreachable, its poller stops polling in full (every page, every
//! batch, each retried by the SDK) and sends one probe per interval, jittered, with no retries:
//! the API is asked for little while it struggles, and the pane is fresh again within an
//! interval of it recovering. A feed whose backend has no probe backs off exponentially.
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
use crate::cloud::{Clock, CloudError, Inventory, Probe};
use crate::event::{Event, Polled};
use crate::feed::{FeedKind, Intervals};
use crate::feed::{FeedResult, stamped};

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
    /// Spreads pollers' retries apart.
    pub salt: u64,
}

/// A factor in 0.8..1.2, the same for the same (salt, n): spreads pollers apart without a
/// random source (splitmix64).
fn jitter(salt: u64, n: u32) -> f64 {
    let mut z = salt.wrapping_add(u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    0.8 + 0.4 * ((z ^ (z >> 31)) % 1000) as f64 / 1000.0
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
        raw.mul_f64(jitter(self.salt, self.failures))
    }

    pub fn reset(&mut self) {
        self.failures = 0;
    }
}

/// A probe of a feed's API; `None` when the backend has none.
type ProbeCall = Option<Box<dyn FnMut() -> Call<()> + Send>>;

/// Awaits a call, or gives up after the timeout with a network error.
async fn within<T>(timeout: Duration, call: Call<T>) -> Result<T, CloudError> {
    tokio::time::timeout(timeout, call)
        .await
        .unwrap_or_else(|_| Err(CloudError::Network { message: format!("no answer within {}s", timeout.as_secs()) }))
}

/// Waits `delay`, or less if a refresh is asked for.
async fn wait(delay: Duration, refresh: &Notify) {
    tokio::select! {
        () = tokio::time::sleep(delay) => {}
        () = refresh.notified() => {}
    }
}

/// Runs one poller until the channel closes.
async fn poll_loop<C: Clone + Send + 'static, T: Send + 'static>(
    cadence: Cadence,
    refresh: Arc<Notify>,
    clock: Arc<dyn Clock>,
    tx: mpsc::UnboundedSender<Event>,
    (mut fetch, mut probe): (impl FnMut() -> Fetch<C, T> + Send, ProbeCall),
    wrap: impl Fn(C, FeedResult<T>) -> Polled + Send,
) {
    let mut backoff = Backoff::new(cadence.interval, cadence.salt);
    loop {
        let Some((context, call)) = fetch() else {
            refresh.notified().await;
            continue;
        };
        let result = within(cadence.timeout, call).await;
        let at = clock.now();
        let struggling = matches!(&result, Err(error) if error.wants_backoff());
        match &result {
            Ok(_) => backoff.reset(),
            Err(error) => tracing::warn!(%error, "poll failed"),
        }
        if tx.send(Event::Polled(wrap(context.clone(), stamped(result, at)))).is_err() {
            return;
        }
        let Some(probe) = probe.as_mut().filter(|_| struggling) else {
            let delay = if struggling { backoff.next_delay() } else { cadence.interval };
            wait(delay, &refresh).await;
            continue;
        };
        // Probing: one request per interval (or at once on a refresh) until one is answered,
        // then the full poll. A failed probe is the feed's news too: its error may have changed
        // (throttled, then credentials expired).
        for n in 1u32.. {
            wait(cadence.interval.mul_f64(jitter(cadence.salt, n)), &refresh).await;
            let Err(error) = within(cadence.timeout, probe()).await else { break };
            tracing::debug!(%error, "probe failed");
            if tx.send(Event::Polled(wrap(context.clone(), stamped(Err(error), clock.now())))).is_err() {
                return;
            }
        }
    }
}

/// The probe of one feed of one scope, if the backend has one.
fn probe_of(inventory: &Arc<dyn Inventory>, scope: &Scope, api: Probe) -> ProbeCall {
    drop(inventory.probe(scope, api)?); // lazy: building it sent nothing
    let (inv, s) = (Arc::clone(inventory), scope.clone());
    Some(Box::new(move || {
        let (inv, s) = (Arc::clone(&inv), s.clone());
        Box::pin(async move {
            match inv.probe(&s, api) {
                Some(call) => call.await,
                None => Ok(()),
            }
        })
    }))
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
        let cadence = pollers.cadence(intervals.performance, timeout);
        let inv = Arc::clone(inventory);
        let fetch = move || -> Fetch<ResourceKey, _> {
            let key = focus_rx.borrow().clone()?;
            let inv = Arc::clone(&inv);
            let for_call = key.clone();
            Some((key, Box::pin(async move { inv.performance(&for_call).await })))
        };
        let notify = Arc::clone(&pollers.focus.1);
        let wrap = Polled::Performance;
        let calls = (fetch, None);
        pollers.spawn(FeedKind::Performance, cadence, notify, inventory.clock(), tx, calls, wrap);
        pollers
    }

    /// A cadence with a salt of its own, so that pollers' probes and backoffs spread apart.
    fn cadence(&self, interval: Duration, timeout: Duration) -> Cadence {
        let n = self.tasks.len() as u64;
        Cadence { interval, timeout, salt: 0x0D5D_ECC0_FFEE ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15) }
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
                let cadence = self.cadence($interval, timeout);
                let wrap = move |(), r| Polled::$variant(s.clone(), r);
                let calls = (fetch, probe_of(inventory, scope, Probe::$variant));
                self.spawn($kind, cadence, Arc::new(Notify::new()), inventory.clock(), tx, calls, wrap);
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
        let cadence = self.cadence(intervals.metrics, timeout);
        let wrap = move |(), r| Polled::Metrics(s.clone(), r);
        let calls = (fetch, probe_of(inventory, scope, Probe::Metrics));
        self.spawn(FeedKind::Metrics, cadence, notify, inventory.clock(), tx, calls, wrap);
    }

    #[allow(clippy::too_many_arguments)] // one call per feed, each naming every part
    fn spawn<C: Clone + Send + 'static, T: Send + 'static>(
        &mut self,
        kind: FeedKind,
        cadence: Cadence,
        refresh: Arc<Notify>,
        clock: Arc<dyn Clock>,
        tx: &mpsc::UnboundedSender<Event>,
        calls: (impl FnMut() -> Fetch<C, T> + Send + 'static, ProbeCall),
        wrap: impl Fn(C, FeedResult<T>) -> Polled + Send + 'static,
    ) {
        self.refresh.push((kind, Arc::clone(&refresh)));
        self.tasks.push(tokio::spawn(poll_loop(cadence, refresh, clock, tx.clone(), calls, wrap)));
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
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    use super::*;
    use crate::cloud::CloudFuture;
    use crate::cloud::model::{
        Alarm, AlarmHistoryItem, DbFleet, DbSnapshot, Metrics, Performance, ScalingGroup, SnapshotKind,
    };
    use crate::cloud::sim::{SimConfig, Simulator};

    /// The simulator, with Auto Scaling throttled while `throttled` is set, counting the polls
    /// and the probes of the groups feed of us-east-1.
    #[derive(Debug)]
    struct Flaky {
        sim: Simulator,
        throttled: AtomicBool,
        polls: AtomicUsize,
        probes: AtomicUsize,
    }

    impl Flaky {
        fn answer(&self) -> Result<(), CloudError> {
            if self.throttled.load(Ordering::SeqCst) {
                return Err(CloudError::Throttled { service: "autoscaling".into(), message: "Rate exceeded".into() });
            }
            Ok(())
        }
    }

    impl Inventory for Flaky {
        fn label(&self) -> String {
            self.sim.label()
        }
        fn scopes(&self) -> Vec<Scope> {
            self.sim.scopes()
        }
        fn clock(&self) -> Arc<dyn Clock> {
            self.sim.clock()
        }
        fn db_fleet<'a>(&'a self, scope: &'a Scope) -> CloudFuture<'a, DbFleet> {
            self.sim.db_fleet(scope)
        }
        fn metrics<'a>(&'a self, scope: &'a Scope, targets: &'a MetricTargets) -> CloudFuture<'a, Metrics> {
            self.sim.metrics(scope, targets)
        }
        fn alarms<'a>(&'a self, scope: &'a Scope) -> CloudFuture<'a, Vec<Alarm>> {
            self.sim.alarms(scope)
        }
        fn scaling_groups<'a>(&'a self, scope: &'a Scope) -> CloudFuture<'a, Vec<ScalingGroup>> {
            Box::pin(async move {
                self.polls.fetch_add(usize::from(scope.region == "us-east-1"), Ordering::SeqCst);
                self.answer()?;
                self.sim.scaling_groups(scope).await
            })
        }
        fn performance<'a>(&'a self, instance: &'a ResourceKey) -> CloudFuture<'a, Performance> {
            self.sim.performance(instance)
        }
        fn db_snapshot<'a>(&'a self, snapshot: &'a ResourceKey, kind: SnapshotKind) -> CloudFuture<'a, DbSnapshot> {
            self.sim.db_snapshot(snapshot, kind)
        }
        fn alarm_history<'a>(&'a self, alarm: &'a ResourceKey) -> CloudFuture<'a, Vec<AlarmHistoryItem>> {
            self.sim.alarm_history(alarm)
        }
        fn probe<'a>(&'a self, scope: &'a Scope, probe: Probe) -> Option<CloudFuture<'a, ()>> {
            (probe == Probe::Groups).then(|| -> CloudFuture<'a, ()> {
                Box::pin(async move {
                    self.probes.fetch_add(usize::from(scope.region == "us-east-1"), Ordering::SeqCst);
                    self.answer()
                })
            })
        }
    }

    /// The next groups result of us-east-1, and when it came.
    async fn next_groups(rx: &mut mpsc::UnboundedReceiver<Event>) -> (bool, tokio::time::Instant) {
        loop {
            if let Some(Event::Polled(Polled::Groups(scope, result))) = rx.recv().await
                && scope.region == "us-east-1"
            {
                return (result.is_ok(), tokio::time::Instant::now());
            }
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_throttled_feed_is_probed_once_an_interval_and_polled_again_when_a_probe_is_answered() {
        let flaky = Arc::new(Flaky {
            sim: Simulator::new(SimConfig::default()),
            throttled: AtomicBool::new(false),
            polls: AtomicUsize::new(0),
            probes: AtomicUsize::new(0),
        });
        let inventory: Arc<dyn Inventory> = Arc::clone(&flaky) as Arc<dyn Inventory>;
        let hour = Duration::from_hours(1);
        let interval = Duration::from_secs(10);
        let intervals = Intervals { fleet: hour, metrics: hour, alarms: hour, groups: interval, performance: hour };
        let (tx, mut rx) = mpsc::unbounded_channel();
        let _pollers = Pollers::start(&inventory, &intervals, Duration::from_secs(5), &tx);
        assert!(next_groups(&mut rx).await.0, "healthy at first");

        flaky.throttled.store(true, Ordering::SeqCst);
        let (ok, throttled_at) = next_groups(&mut rx).await;
        assert!(!ok);
        let polls = flaky.polls.load(Ordering::SeqCst);
        // Ten minutes of throttling: one probe an interval (±20 %), each reported, no full poll.
        let mut last = throttled_at;
        while last - throttled_at < Duration::from_mins(10) {
            let (ok, at) = next_groups(&mut rx).await;
            assert!(!ok);
            let gap = at - last;
            assert!(gap >= interval.mul_f64(0.8) && gap <= interval.mul_f64(1.2), "{gap:?}");
            last = at;
        }
        let probes = flaky.probes.load(Ordering::SeqCst);
        assert!((50..=75).contains(&probes), "{probes} probes in ten minutes at a 10 s interval");
        assert_eq!(flaky.polls.load(Ordering::SeqCst), polls, "no full poll while probes fail");

        flaky.throttled.store(false, Ordering::SeqCst);
        let lifted = tokio::time::Instant::now();
        let (ok, fresh) = next_groups(&mut rx).await;
        assert!(ok, "the first answered probe brings the full poll");
        assert!(fresh - lifted <= interval.mul_f64(1.2) + Duration::from_millis(100), "{:?}", fresh - lifted);
        assert_eq!(flaky.polls.load(Ordering::SeqCst), polls + 1);
        // Healthy again: polled once an interval, with no probes.
        let (ok, next) = next_groups(&mut rx).await;
        assert!(ok && next - fresh >= interval);
        assert_eq!(flaky.probes.load(Ordering::SeqCst), probes + 1);
    }

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
