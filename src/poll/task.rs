//! One poller's task: fetch, send the stamped result, wait; while its feed is throttled or
//! unreachable, probe once an interval instead of polling in full (or back off where the
//! backend has no probe), and poll in full again once a probe is answered.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Notify, mpsc};

use super::backoff::{Backoff, jitter};
use crate::cloud::model::Scope;
use crate::cloud::{Clock, CloudError, Inventory, Probe};
use crate::event::{Event, Polled};
use crate::feed::{FeedResult, stamped};

/// A cloud call in flight.
pub(super) type Call<T> = Pin<Box<dyn Future<Output = Result<T, CloudError>> + Send>>;

/// One fetch to make, with what it is for (`C`: the PI instance, so that a late result is
/// never filed under a newer focus); `None` when there is nothing to fetch (no PI focus yet).
pub(super) type Fetch<C, T> = Option<(C, Call<T>)>;

/// How a poller loop behaves.
#[derive(Debug, Clone)]
pub struct Cadence {
    pub interval: Duration,
    /// A call that takes longer counts as a network failure.
    pub timeout: Duration,
    /// Spreads pollers' retries apart.
    pub salt: u64,
    /// How many times `interval` to wait between two polls now (the hub halves its RDS and
    /// Auto Scaling rate in a region while a run holds a lock there); 1 when absent.
    pub slow: Option<tokio::sync::watch::Receiver<u32>>,
}

/// A probe of a feed's API; `None` when the backend has none.
pub(super) type ProbeCall = Option<Box<dyn FnMut() -> Call<()> + Send>>;

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
pub(super) async fn poll_loop<C: Clone + Send + 'static, T: Send + 'static>(
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
            let factor = cadence.slow.as_ref().map_or(1, |slow| (*slow.borrow()).max(1));
            let delay = if struggling { backoff.next_delay() } else { cadence.interval * factor };
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
pub(super) fn probe_of(inventory: &Arc<dyn Inventory>, scope: &Scope, api: Probe) -> ProbeCall {
    if !inventory.has_probe(api) {
        return None;
    }
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

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    use super::*;
    use crate::cloud::CloudFuture;
    use crate::cloud::forward::forward;
    use crate::cloud::model::ScalingGroup;
    use crate::cloud::sim::{SimConfig, Simulator};
    use crate::feed::Intervals;
    use crate::poll::Pollers;

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
        forward!(sim => label, scopes, clock, db_fleet, metrics, alarms, db_events, performance, blocking, sql_detail,
            db_snapshot, alarm_history);
        fn scaling_groups<'a>(&'a self, scope: &'a Scope) -> CloudFuture<'a, Vec<ScalingGroup>> {
            Box::pin(async move {
                self.polls.fetch_add(usize::from(scope.region == "us-east-1"), Ordering::SeqCst);
                self.answer()?;
                self.sim.scaling_groups(scope).await
            })
        }
        fn probe<'a>(&'a self, scope: &'a Scope, probe: Probe) -> Option<CloudFuture<'a, ()>> {
            self.has_probe(probe).then(|| -> CloudFuture<'a, ()> {
                Box::pin(async move {
                    self.probes.fetch_add(usize::from(scope.region == "us-east-1"), Ordering::SeqCst);
                    self.answer()
                })
            })
        }
        fn has_probe(&self, probe: Probe) -> bool {
            probe == Probe::Groups
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
        let intervals =
            Intervals { fleet: hour, metrics: hour, alarms: hour, groups: interval, performance: hour, events: hour };
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
}
