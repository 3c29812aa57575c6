//! Feeds with time: what a poller last delivered, when, and whether it is still good.
//!
//! The vocabulary of fetched data, below everything that reads it (state, posture, runbook
//! planners, pollers): imports nothing but the cloud model.
//!
//! A failure never throws data away: `Feed::Failed` keeps the last good snapshot so the screen
//! can keep showing it, marked stale with its age and the reason.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use crate::cloud::CloudError;
use crate::cloud::model::{Scope, Timestamp};

mod kind;
mod lookup;

pub use kind::{FeedKind, Intervals};

/// Data as a poller fetched it, stamped with the backend's clock.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot<T> {
    pub data: T,
    pub fetched_at: Timestamp,
}

/// A failed fetch.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub error: CloudError,
    pub at: Timestamp,
}

/// What a poller publishes.
pub type FeedResult<T> = Result<Snapshot<T>, Failure>;

/// Stamps a cloud call's outcome with the time it completed.
pub fn stamped<T>(result: Result<T, CloudError>, at: Timestamp) -> FeedResult<T> {
    result.map(|data| Snapshot { data, fetched_at: at }).map_err(|error| Failure { error, at })
}

/// The state of one feed.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Feed<T> {
    #[default]
    Loading,
    Ready(Snapshot<T>),
    Failed {
        failure: Failure,
        last: Option<Snapshot<T>>,
    },
}

/// How fresh a feed is, as the status bar and stale markers show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Freshness {
    Loading,
    Fresh,
    /// No fetch has succeeded for longer than expected, without an error (e.g. a hung call).
    Stale {
        age_secs: i64,
    },
    /// The last fetch failed; `age_secs` is the age of the data still shown, if any.
    Failed {
        reason: &'static str,
        age_secs: Option<i64>,
    },
}

impl<T> Feed<T> {
    /// Folds a poller's result in, keeping the last good data on failure.
    pub fn apply(&mut self, result: FeedResult<T>) {
        *self = match (std::mem::take(self), result) {
            (_, Ok(snapshot)) => Self::Ready(snapshot),
            (Self::Ready(last), Err(failure)) => Self::Failed { failure, last: Some(last) },
            (Self::Failed { last, .. }, Err(failure)) => Self::Failed { failure, last },
            (Self::Loading, Err(failure)) => Self::Failed { failure, last: None },
        };
    }

    /// Folds a result in like `apply`, except that a success bringing exactly the data already
    /// held only moves its time. Returns whether the data changed, i.e. whether what was
    /// derived from it (table rows) must be rebuilt.
    pub fn apply_changed(&mut self, result: FeedResult<T>) -> bool
    where
        T: PartialEq,
    {
        if let (Self::Ready(held), Ok(new)) = (&mut *self, &result)
            && held.data == new.data
        {
            held.fetched_at = new.fetched_at;
            return false;
        }
        self.apply(result);
        true
    }

    /// The snapshot to show: the current one, or the last good one after a failure.
    pub fn snapshot(&self) -> Option<&Snapshot<T>> {
        match self {
            Self::Ready(snapshot) => Some(snapshot),
            Self::Failed { last, .. } => last.as_ref(),
            Self::Loading => None,
        }
    }

    pub fn data(&self) -> Option<&T> {
        self.snapshot().map(|s| &s.data)
    }

    pub fn failure(&self) -> Option<&Failure> {
        match self {
            Self::Failed { failure, .. } => Some(failure),
            _ => None,
        }
    }

    /// Fresh while the data is younger than two poll intervals.
    pub fn freshness(&self, now: Timestamp, interval: Duration) -> Freshness {
        let age = |s: &Snapshot<T>| (now - s.fetched_at).num_seconds().max(0);
        match self {
            Self::Loading => Freshness::Loading,
            Self::Ready(snapshot) => {
                let age_secs = age(snapshot);
                let limit = i64::try_from(interval.as_secs().saturating_mul(2).max(5)).unwrap_or(i64::MAX);
                if age_secs > limit { Freshness::Stale { age_secs } } else { Freshness::Fresh }
            }
            Self::Failed { failure, last } => {
                Freshness::Failed { reason: failure.error.kind(), age_secs: last.as_ref().map(age) }
            }
        }
    }
}

impl Freshness {
    /// Ordering for "the worst of several feeds": failed > stale > loading > fresh.
    fn rank(&self) -> u8 {
        match self {
            Self::Fresh => 0,
            Self::Loading => 1,
            Self::Stale { .. } => 2,
            Self::Failed { .. } => 3,
        }
    }

    pub fn is_fresh(&self) -> bool {
        *self == Self::Fresh
    }

    /// The worse of two.
    #[must_use]
    pub fn worst(self, other: Self) -> Self {
        if other.rank() > self.rank() { other } else { self }
    }
}

/// Which version of a scope's data a feed holds: a new stamp, unique in the process, each
/// time its data may have changed, so what was derived from one scope's data (its table rows,
/// its failover readiness) is kept until its stamp moves. Clones share stamps, as they share data.
pub type Stamp = u64;

fn next_stamp() -> Stamp {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// One feed per scope, so a failing region never hides the others.
#[derive(Debug, Clone)]
pub struct Feeds<T> {
    by_scope: BTreeMap<Scope, Feed<T>>,
    stamps: BTreeMap<Scope, Stamp>,
}

/// Feeds are equal when they hold the same feeds, whatever their stamps.
impl<T: PartialEq> PartialEq for Feeds<T> {
    fn eq(&self, other: &Self) -> bool {
        self.by_scope == other.by_scope
    }
}

impl<T> Default for Feeds<T> {
    fn default() -> Self {
        Self { by_scope: BTreeMap::new(), stamps: BTreeMap::new() }
    }
}

impl<T> Feeds<T> {
    pub fn new(scopes: &[Scope]) -> Self {
        Self { by_scope: scopes.iter().map(|s| (s.clone(), Feed::Loading)).collect(), stamps: BTreeMap::new() }
    }

    pub fn apply(&mut self, scope: Scope, result: FeedResult<T>) {
        self.stamps.insert(scope.clone(), next_stamp());
        self.by_scope.entry(scope).or_default().apply(result);
    }

    /// `Feed::apply_changed` for one scope: whether the scope's data changed. The data's time
    /// moving alone keeps its stamp.
    pub fn apply_changed(&mut self, scope: Scope, result: FeedResult<T>) -> bool
    where
        T: PartialEq,
    {
        let changed = self.by_scope.entry(scope.clone()).or_default().apply_changed(result);
        if changed {
            self.stamps.insert(scope, next_stamp());
        }
        changed
    }

    /// The stamp of a scope's data: 0 until something was applied to it.
    pub fn stamp(&self, scope: &Scope) -> Stamp {
        self.stamps.get(scope).copied().unwrap_or_default()
    }

    /// Every scope's stamp, in scope order: equal while no scope's data changed.
    pub fn stamps(&self) -> Vec<Stamp> {
        self.by_scope.keys().map(|s| self.stamp(s)).collect()
    }

    pub fn get(&self, scope: &Scope) -> Option<&Feed<T>> {
        self.by_scope.get(scope)
    }

    /// Every scope's data that can be shown, in scope order.
    pub fn data(&self) -> impl Iterator<Item = (&Scope, &T)> {
        self.by_scope.iter().filter_map(|(scope, feed)| feed.data().map(|d| (scope, d)))
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Scope, &Feed<T>)> {
        self.by_scope.iter()
    }

    /// The worst freshness across scopes (what the status bar shows for the feed).
    pub fn freshness(&self, now: Timestamp, interval: Duration) -> Freshness {
        self.by_scope.values().map(|f| f.freshness(now, interval)).fold(Freshness::Fresh, Freshness::worst)
    }

    pub fn is_loading(&self) -> bool {
        self.by_scope.values().all(|f| matches!(f, Feed::Loading))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn at(secs: i64) -> Timestamp {
        Utc.timestamp_opt(1_700_000_000 + secs, 0).single().unwrap_or_default()
    }

    fn failure(secs: i64) -> Failure {
        Failure { error: CloudError::Throttled { service: "rds".into(), message: "slow down".into() }, at: at(secs) }
    }

    #[test]
    fn failure_keeps_last_good_data() {
        let mut feed = Feed::Loading;
        feed.apply(Ok(Snapshot { data: 7, fetched_at: at(0) }));
        feed.apply(Err(failure(30)));
        feed.apply(Err(failure(60)));
        assert_eq!(feed.data(), Some(&7));
        assert_eq!(
            feed.freshness(at(90), Duration::from_secs(10)),
            Freshness::Failed { reason: "throttled", age_secs: Some(90) }
        );
        feed.apply(Ok(Snapshot { data: 8, fetched_at: at(100) }));
        assert_eq!(feed.data(), Some(&8));
        assert!(feed.freshness(at(101), Duration::from_secs(10)).is_fresh());
    }

    #[test]
    fn the_same_data_again_only_moves_its_time() {
        let mut feed = Feed::Loading;
        assert!(feed.apply_changed(Ok(Snapshot { data: 7, fetched_at: at(0) })), "first data");
        assert!(!feed.apply_changed(Ok(Snapshot { data: 7, fetched_at: at(30) })), "same data");
        assert_eq!(feed.snapshot().map(|s| s.fetched_at), Some(at(30)), "fresh as of the new fetch");
        assert!(feed.apply_changed(Ok(Snapshot { data: 8, fetched_at: at(60) })), "new data");
        assert!(feed.apply_changed(Err(failure(90))), "a failure changes what is shown");
        assert!(feed.apply_changed(Ok(Snapshot { data: 8, fetched_at: at(120) })), "recovered");
        assert_eq!(feed, Feed::Ready(Snapshot { data: 8, fetched_at: at(120) }));
    }

    #[test]
    fn failure_before_any_data_has_nothing_to_show() {
        let mut feed: Feed<u8> = Feed::Loading;
        feed.apply(Err(failure(1)));
        assert_eq!(feed.data(), None);
        assert_eq!(
            feed.freshness(at(2), Duration::from_secs(10)),
            Freshness::Failed { reason: "throttled", age_secs: None }
        );
    }

    #[test]
    fn old_data_without_errors_is_stale() {
        let feed = Feed::Ready(Snapshot { data: 1, fetched_at: at(0) });
        assert!(feed.freshness(at(20), Duration::from_secs(10)).is_fresh());
        assert_eq!(feed.freshness(at(21), Duration::from_secs(10)), Freshness::Stale { age_secs: 21 });
    }

    #[test]
    fn one_failing_scope_makes_the_feed_failed_but_keeps_the_other() {
        let east = Scope::region("us-east-1");
        let west = Scope::region("us-west-2");
        let mut feeds = Feeds::new(&[east.clone(), west.clone()]);
        feeds.apply(east.clone(), Ok(Snapshot { data: 1, fetched_at: at(0) }));
        feeds.apply(west, Err(failure(0)));
        assert_eq!(feeds.data().map(|(s, d)| (s.clone(), *d)).collect::<Vec<_>>(), vec![(east, 1)]);
        assert!(matches!(feeds.freshness(at(1), Duration::from_secs(10)), Freshness::Failed { .. }));
    }
}
