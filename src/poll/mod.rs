//! Pollers: one task per feed and scope, each with its own interval, a refresh-now trigger,
//! a per-call timeout, and cancellation on drop.
//!
//! When a feed is throttled or unreachable, its poller stops polling in full (every page, every
//! batch, each retried by the SDK) and sends one probe per interval, jittered, with no retries:
//! the API is asked for little while it struggles, and the pane is fresh again within an
//! interval of it recovering. A feed whose backend has no probe backs off exponentially.
//!
//! A poller owns nothing of the UI: it sends owned, timestamped snapshots on the event channel.
//!
//! `task` runs one poller and `backoff` times its retries; this file starts one per feed and
//! scope and holds their triggers.

mod backoff;
mod task;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Notify, mpsc, watch};
use tokio::task::JoinHandle;

pub use backoff::Backoff;
pub use task::Cadence;
use task::{Fetch, ProbeCall, poll_loop, probe_of};

use crate::cloud::model::{MetricTargets, PiQuery, Scope};
use crate::cloud::{Clock, Inventory, Probe};
use crate::event::{Event, Polled};
use crate::feed::FeedResult;
use crate::feed::{FeedKind, Intervals};

/// The running pollers. Dropping it stops them all.
#[derive(Debug)]
pub struct Pollers {
    tasks: Vec<JoinHandle<()>>,
    refresh: Vec<(FeedKind, Arc<Notify>)>,
    targets: HashMap<Scope, (watch::Sender<MetricTargets>, Arc<Notify>)>,
    focus: (watch::Sender<Option<PiQuery>>, Arc<Notify>),
    /// Per scope, how many times their interval the RDS and Auto Scaling pollers wait.
    slow: HashMap<Scope, watch::Sender<u32>>,
}

impl Pollers {
    /// Starts every poller: fleet, metrics, alarms, groups and RDS events per scope, and one
    /// for PI.
    pub fn start(
        inventory: &Arc<dyn Inventory>,
        intervals: &Intervals,
        timeout: Duration,
        tx: &mpsc::UnboundedSender<Event>,
    ) -> Self {
        Self::start_scopes(inventory, &inventory.scopes(), intervals, timeout, tx)
    }

    /// The same for some of the inventory's scopes only (a hub polls those it holds the lease
    /// of).
    pub fn start_scopes(
        inventory: &Arc<dyn Inventory>,
        scopes: &[Scope],
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
            slow: HashMap::new(),
        };
        for scope in scopes {
            pollers.start_scope(inventory, intervals, timeout, tx, scope);
        }
        let cadence = pollers.cadence(intervals.performance, timeout);
        let inv = Arc::clone(inventory);
        let fetch = move || -> Fetch<PiQuery, _> {
            let query = focus_rx.borrow().clone()?;
            let inv = Arc::clone(&inv);
            let for_call = query.clone();
            Some((query, Box::pin(async move { inv.performance(&for_call).await })))
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
        Cadence { interval, timeout, salt: 0x0D5D_ECC0_FFEE ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15), slow: None }
    }

    fn start_scope(
        &mut self,
        inventory: &Arc<dyn Inventory>,
        intervals: &Intervals,
        timeout: Duration,
        tx: &mpsc::UnboundedSender<Event>,
        scope: &Scope,
    ) {
        let slow = self.slow.entry(scope.clone()).or_insert_with(|| watch::channel(1).0).subscribe();
        macro_rules! feed {
            ($kind:expr, $interval:expr, $method:ident, $variant:ident, $slowed:expr) => {{
                let (inv, s) = (Arc::clone(inventory), scope.clone());
                let fetch = move || -> Fetch<(), _> {
                    let (inv, s) = (Arc::clone(&inv), s.clone());
                    Some(((), Box::pin(async move { inv.$method(&s).await })))
                };
                let s = scope.clone();
                let cadence = Cadence { slow: $slowed.then(|| slow.clone()), ..self.cadence($interval, timeout) };
                let wrap = move |(), r| Polled::$variant(s.clone(), r);
                let calls = (fetch, probe_of(inventory, scope, Probe::$variant));
                self.spawn($kind, cadence, Arc::new(Notify::new()), inventory.clock(), tx, calls, wrap);
            }};
        }
        // RDS and Auto Scaling: the APIs a runbook needs, slowed while one holds a lock.
        feed!(FeedKind::Fleet, intervals.fleet, db_fleet, Fleet, true);
        feed!(FeedKind::Alarms, intervals.alarms, alarms, Alarms, false);
        feed!(FeedKind::Groups, intervals.groups, scaling_groups, Groups, true);
        feed!(FeedKind::Events, intervals.events, db_events, Events, true);

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

    /// Makes a scope's RDS and Auto Scaling pollers wait `factor` times their interval
    /// (from their next wait on).
    pub fn slow_down(&self, scope: &Scope, factor: u32) {
        if let Some(slow) = self.slow.get(scope) {
            slow.send_if_modified(|current| std::mem::replace(current, factor.max(1)) != factor.max(1));
        }
    }

    /// Points Performance Insights at an instance, window and slice, and fetches at once.
    pub fn focus(&self, query: Option<PiQuery>) {
        self.focus.0.send_replace(query);
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
