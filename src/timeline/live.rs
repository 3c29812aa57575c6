//! The console's timeline: every entry the console applies (poll results, audit lines, notes)
//! goes through one `Deriver`, and the events it finds are kept here in `order`, oldest first.
//! Memory is bounded: the newest `CAP` events are kept (a replay keeps the newest
//! `REPLAYED_CAP` of its recording), older ones are dropped and counted.
//!
//! A replay does not derive: it loads the events of its whole recording once (`recorded`),
//! found by the same `Deriver` the export uses, and shows those up to its clock.

use std::collections::VecDeque;
use std::path::Path;
use std::sync::Arc;

use super::{Deriver, Event, order};
use crate::cloud::model::{Scope, Timestamp};
use crate::judging::Thresholds;
use crate::record::file::{ReadError, open, shown};
use crate::record::{Decoder, Entry, PayloadRef};

/// Events a live console keeps.
pub const CAP: usize = 5_000;

/// Events a replay keeps of its recording.
pub const REPLAYED_CAP: usize = 50_000;

/// The events found so far.
#[derive(Debug, Clone, PartialEq)]
pub struct Live {
    /// Boxed: what it holds is many maps, and `State` is cloned and moved whole.
    deriver: Box<Deriver>,
    events: VecDeque<Arc<Event>>,
    cap: usize,
    /// Events dropped to keep the cap.
    pub dropped: usize,
    /// Whether the events are a recording's, loaded whole (a replay).
    pub recorded: bool,
}

impl Default for Live {
    fn default() -> Self {
        Self::with_cap(CAP)
    }
}

impl Live {
    pub fn with_cap(cap: usize) -> Self {
        Self { deriver: Box::default(), events: VecDeque::new(), cap: cap.max(1), dropped: 0, recorded: false }
    }

    /// Feeds one entry; returns how many events it brought.
    pub fn feed(&mut self, entry: &Entry, thresholds: &Thresholds) -> usize {
        let found = self.deriver.feed(entry, thresholds);
        self.keep(found)
    }

    /// Feeds one poll result's data where it is held (no copy of it); returns how many events
    /// it brought, as `feed` of the result recorded would.
    pub fn observe(&mut self, at: Timestamp, scope: &Scope, data: PayloadRef<'_>, thresholds: &Thresholds) -> usize {
        let found = self.deriver.observe(at, scope, data, thresholds);
        self.keep(found)
    }

    /// Whether the verdicts were judged against other thresholds than `thresholds` (or never).
    pub fn stale(&self, thresholds: &Thresholds) -> bool {
        !self.deriver.judged_with(thresholds)
    }

    fn keep(&mut self, found: Vec<Event>) -> usize {
        let count = found.len();
        for event in found {
            self.insert(event);
        }
        count
    }

    /// Puts an event in its place (most go last; an alarm's own update time can be earlier).
    fn insert(&mut self, event: Event) {
        let at = self.events.partition_point(|e| order(e, &event).is_le());
        self.events.insert(at, Arc::new(event));
        while self.events.len() > self.cap {
            self.events.pop_front();
            self.dropped += 1;
        }
    }

    /// A recording's events (in `order`), replacing what was held.
    pub fn load(&mut self, mut events: Vec<Event>) {
        self.cap = self.cap.max(REPLAYED_CAP);
        let skip = events.len().saturating_sub(self.cap);
        self.dropped = skip;
        self.events = events.drain(skip..).map(Arc::new).collect();
        self.recorded = true;
    }

    /// The events, oldest first.
    pub fn events(&self) -> &VecDeque<Arc<Event>> {
        &self.events
    }

    /// How many events happened at or before `t`.
    pub fn until(&self, t: Timestamp) -> usize {
        self.events.partition_point(|e| e.at <= t)
    }

    /// The time of the first event after `t`.
    pub fn next_after(&self, t: Timestamp) -> Option<Timestamp> {
        self.events.get(self.until(t)).map(|e| e.at)
    }

    /// The time of the last event before `t`.
    pub fn last_before(&self, t: Timestamp) -> Option<Timestamp> {
        let before = self.events.partition_point(|e| e.at < t);
        before.checked_sub(1).and_then(|i| self.events.get(i)).map(|e| e.at)
    }
}

/// The events of a recording, read line by line (never the whole file in memory) through the
/// same `Deriver` as the export.
pub fn recorded(path: &Path, thresholds: &Thresholds) -> Result<Vec<Event>, ReadError> {
    let (_, mut lines) = open(path)?;
    let mut decoder = Decoder::new();
    let mut deriver = Deriver::default();
    let mut events = Vec::new();
    while let Some((n, _, line)) = lines.next_line()? {
        let entry = decoder.read(line).map_err(|why| ReadError::BadLine { path: shown(path), line: n, why })?;
        if let Some(entry) = entry {
            events.extend(deriver.feed(&entry, thresholds));
        }
    }
    events.sort_by(order);
    Ok(events)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::Source;
    use chrono::{TimeZone, Utc};

    fn note(secs: i64, text: &str) -> Entry {
        let at = Utc.timestamp_opt(1_800_000_000 + secs, 0).single().unwrap();
        Entry::Note { at, who: "ops".into(), text: text.into() }
    }

    #[test]
    fn events_stay_in_order_and_the_oldest_go_past_the_cap() {
        let t = Thresholds::default();
        let mut live = Live::with_cap(3);
        for (secs, text) in [(10, "b"), (30, "d"), (5, "a"), (20, "c")] {
            assert_eq!(live.feed(&note(secs, text), &t), 1);
        }
        let texts: Vec<&str> = live.events().iter().map(|e| e.what.as_str()).collect();
        assert_eq!(texts, ["b", "c", "d"]);
        assert_eq!(live.dropped, 1);
        assert!(live.events().iter().all(|e| e.source == Source::Note));
    }

    #[test]
    fn the_next_and_previous_event_from_a_time() {
        let t = Thresholds::default();
        let mut live = Live::default();
        for secs in [10, 20, 20, 30] {
            live.feed(&note(secs, "x"), &t);
        }
        let at = |secs: i64| Utc.timestamp_opt(1_800_000_000 + secs, 0).single().unwrap();
        assert_eq!(live.next_after(at(10)), Some(at(20)));
        assert_eq!(live.next_after(at(30)), None);
        assert_eq!(live.last_before(at(20)), Some(at(10)));
        assert_eq!(live.last_before(at(10)), None);
        assert_eq!(live.until(at(20)), 3);
    }
}
