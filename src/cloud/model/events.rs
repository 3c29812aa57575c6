//! RDS events (`DescribeEvents`): failovers, reboots, backups, maintenance, storage and
//! configuration changes of DB instances and clusters, and the bounded log of them a backend
//! keeps per scope so that each refresh asks only for what is new.

use std::time::Duration;

use super::Timestamp;

/// What an event is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventSource {
    /// A DB instance (`db-instance`).
    Instance,
    /// An Aurora or Multi-AZ DB cluster (`db-cluster`).
    Cluster,
}

impl EventSource {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Instance => "db-instance",
            Self::Cluster => "db-cluster",
        }
    }
}

/// One RDS event.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DbEvent {
    /// When it happened.
    pub at: Timestamp,
    pub source: EventSource,
    /// The instance's or cluster's identifier.
    pub source_id: String,
    /// RDS's event categories, e.g. "failover", "availability", "backup".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<String>,
    pub message: String,
    /// The source's ARN, when RDS gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
}

impl DbEvent {
    /// Whether two events are one (seen again in an overlapping fetch).
    pub fn same(&self, other: &Self) -> bool {
        self.at == other.at
            && self.source == other.source
            && self.source_id == other.source_id
            && self.message == other.message
    }

    /// Whether the event is about `id` of that kind.
    pub fn is_about(&self, source: EventSource, id: &str) -> bool {
        self.source == source && self.source_id == id
    }
}

/// How many events a scope keeps: the newest.
pub const EVENTS_KEPT: usize = 500;
/// How far back the first fetch looks.
pub const FIRST_WINDOW: Duration = Duration::from_hours(1);
/// How far before the newest event seen a later fetch starts again, for events that reach the
/// API a little after their time; what comes twice is kept once.
pub const EVENTS_OVERLAP: Duration = Duration::from_mins(2);

/// The events of one scope fetched so far, oldest first, bounded to the newest `EVENTS_KEPT`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventLog {
    events: Vec<DbEvent>,
    /// When the last fetch that succeeded was asked for.
    asked: Option<Timestamp>,
}

impl EventLog {
    /// Where the next fetch at `now` starts: the last hour the first time; then the newest event
    /// seen or the last fetch, whichever is later, less the overlap. A clock that went back
    /// (a replay seeking) starts over.
    pub fn since(&self, now: Timestamp) -> Timestamp {
        let first = now - chrono::Duration::from_std(FIRST_WINDOW).unwrap_or_default();
        let overlap = chrono::Duration::from_std(EVENTS_OVERLAP).unwrap_or_default();
        let newest = self.events.last().map(|e| e.at);
        match self.asked.into_iter().chain(newest).max() {
            Some(seen) if seen <= now => seen - overlap,
            _ => first,
        }
    }

    /// Folds in what a fetch asked at `asked` brought (any order): new events are added in time
    /// order, those already held are not added again, and the oldest go beyond `EVENTS_KEPT`.
    pub fn merge(&mut self, asked: Timestamp, fetched: Vec<DbEvent>) {
        if self.asked.is_some_and(|before| asked < before) {
            self.events.clear();
        }
        self.asked = Some(asked);
        let mut added: Vec<DbEvent> = Vec::new();
        for event in fetched {
            if !self.events.iter().chain(&added).any(|held| held.same(&event)) {
                added.push(event);
            }
        }
        if added.is_empty() {
            return;
        }
        self.events.extend(added);
        // Stable: events of one second keep the order they came in.
        self.events.sort_by_key(|e| e.at);
        let extra = self.events.len().saturating_sub(EVENTS_KEPT);
        self.events.drain(..extra);
    }

    /// The events held, oldest first.
    pub fn events(&self) -> &[DbEvent] {
        &self.events
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn at(secs: i64) -> Timestamp {
        Utc.timestamp_opt(1_800_000_000 + secs, 0).single().unwrap_or_default()
    }

    fn event(secs: i64, message: &str) -> DbEvent {
        DbEvent {
            at: at(secs),
            source: EventSource::Instance,
            source_id: "shop-prod-db".to_owned(),
            categories: vec!["failover".to_owned()],
            message: message.to_owned(),
            arn: None,
        }
    }

    #[test]
    fn the_first_fetch_asks_for_the_last_hour_and_later_ones_from_the_newest_seen() {
        let mut log = EventLog::default();
        assert_eq!(log.since(at(10_000)), at(10_000 - 3600));
        log.merge(at(10_000), vec![event(9_000, "a")]);
        assert_eq!(log.since(at(10_030)), at(10_000 - 120), "from the last fetch, less the overlap");
        log.merge(at(10_030), vec![event(10_020, "b")]);
        assert_eq!(log.since(at(10_060)), at(10_030 - 120));
        assert_eq!(log.since(at(5_000)), at(5_000 - 3600), "a clock that went back starts over");
    }

    #[test]
    fn events_seen_again_are_kept_once_in_time_order_and_the_oldest_go_first() {
        let mut log = EventLog::default();
        log.merge(at(100), vec![event(50, "b"), event(10, "a")]);
        log.merge(at(200), vec![event(50, "b"), event(150, "c"), event(50, "b2")]);
        let messages: Vec<&str> = log.events().iter().map(|e| e.message.as_str()).collect();
        assert_eq!(messages, ["a", "b", "b2", "c"]);

        let many: Vec<DbEvent> = (0..520).map(|i| event(1_000 + i, "n")).collect();
        assert_eq!(many.len(), EVENTS_KEPT + 20);
        log.merge(at(3_000), many);
        assert_eq!(log.events().len(), EVENTS_KEPT);
        assert_eq!(log.events().first().map(|e| e.at), Some(at(1_020)), "the newest are kept");
    }
}
