//! Events waiting for the UI task, with poll results that a newer one makes pointless left out.
//!
//! When the pollers outpace the UI (a refresh pressed while fetches are in flight, thousands of
//! instances whose results each take milliseconds to apply) the same feed can be queued twice.
//! Applying the older result would rebuild rows that the newer one replaces before anything is
//! drawn, and keep its data alive meanwhile; so a result is dropped when a later *successful*
//! result of the same feed is queued behind it. A later failure supersedes nothing: the feed
//! keeps the last good data it had, and that should be the newest.

use std::collections::VecDeque;

use crate::cloud::model::{PiQuery, Scope};
use crate::event::{Event, Polled};
use crate::feed::FeedKind;

/// Which feed a poll result updates.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Feed<'a> {
    Scoped(FeedKind, &'a Scope),
    Focus(&'a PiQuery),
}

fn feed(event: &Event) -> Option<(Feed<'_>, bool)> {
    let Event::Polled(polled) = event else { return None };
    let (feed, ok) = match polled {
        Polled::Fleet(scope, result) => (Feed::Scoped(FeedKind::Fleet, scope), result.is_ok()),
        Polled::Metrics(scope, result) => (Feed::Scoped(FeedKind::Metrics, scope), result.is_ok()),
        Polled::Alarms(scope, result) => (Feed::Scoped(FeedKind::Alarms, scope), result.is_ok()),
        Polled::Groups(scope, result) => (Feed::Scoped(FeedKind::Groups, scope), result.is_ok()),
        Polled::Events(scope, result) => (Feed::Scoped(FeedKind::Events, scope), result.is_ok()),
        Polled::Performance(key, result) => (Feed::Focus(key), result.is_ok()),
        // One-shot fetches for a detail view: each is wanted.
        Polled::AlarmHistory(..)
        | Polled::DbHistory(..)
        | Polled::SqlDetail(..)
        | Polled::Blocking(..)
        | Polled::Reports(..)
        | Polled::Report(..) => return None,
    };
    Some((feed, ok))
}

/// Drops every poll result that a later successful result of the same feed supersedes; all
/// other events keep their order.
pub fn supersede(events: &mut VecDeque<Event>) {
    let mut keep = vec![true; events.len()];
    let mut newer: Vec<Feed<'_>> = Vec::new();
    for (i, event) in events.iter().enumerate().rev() {
        let Some((feed, ok)) = feed(event) else { continue };
        if newer.contains(&feed) {
            keep[i] = false;
        } else if ok {
            newer.push(feed);
        }
    }
    let mut keep = keep.into_iter();
    events.retain(|_| keep.next().unwrap_or(true));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloud::CloudError;
    use crate::cloud::model::Metrics;
    use crate::feed::stamped;
    use chrono::{TimeZone, Utc};

    fn metrics(scope: &Scope, ok: bool, n: i64) -> Event {
        let at = Utc.timestamp_opt(1_700_000_000 + n, 0).single().unwrap_or_default();
        let result = if ok { Ok(Metrics::default()) } else { Err(CloudError::Network { message: n.to_string() }) };
        Event::Polled(Polled::Metrics(scope.clone(), stamped(result, at)))
    }

    fn stamps(events: &VecDeque<Event>) -> Vec<i64> {
        events
            .iter()
            .map(|e| match e {
                Event::Polled(Polled::Metrics(_, Ok(s))) => s.fetched_at.timestamp() - 1_700_000_000,
                Event::Polled(Polled::Metrics(_, Err(f))) => -(f.at.timestamp() - 1_700_000_000),
                _ => 0,
            })
            .collect()
    }

    #[test]
    fn a_later_success_of_the_same_feed_supersedes_the_earlier_result() {
        let (east, west) = (Scope::region("us-east-1"), Scope::region("us-west-2"));
        let mut events: VecDeque<Event> = [
            metrics(&east, true, 1),
            Event::Text('x'),
            metrics(&west, true, 2),
            metrics(&east, false, 3),
            metrics(&east, true, 4),
            metrics(&west, false, 5),
        ]
        .into();
        supersede(&mut events);
        // East's first success and its failure give way to its later success; west's success
        // stays because only a failure follows it; the other event keeps its place.
        assert_eq!(stamps(&events), [0, 2, 4, -5]);
        assert_eq!(events[0], Event::Text('x'));
    }

    #[test]
    fn nothing_is_dropped_without_a_newer_success() {
        let east = Scope::region("us-east-1");
        let mut events: VecDeque<Event> = [metrics(&east, true, 1), metrics(&east, false, 2)].into();
        supersede(&mut events);
        assert_eq!(stamps(&events), [1, -2]);
    }
}
