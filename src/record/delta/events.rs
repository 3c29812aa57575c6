//! RDS events are append-only: a scope's list only gains new events at its end and loses its
//! oldest beyond the bound, so a change is the number dropped from the front and the events
//! added, and an event is stored once however many polls bring it.

use serde::{Deserialize, Serialize};

use crate::cloud::model::DbEvent;

/// What a scope's events gained since the last record of them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventsDelta {
    /// How many of the oldest went.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub dropped: usize,
    /// The new events, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub added: Vec<DbEvent>,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// The delta from `old` to `new`: the fewest of the oldest dropped that leave the rest of `old`
/// at the start of `new`, and what follows it. (A list that is no append drops all of `old`.)
pub fn diff(old: &[DbEvent], new: &[DbEvent]) -> EventsDelta {
    let dropped = (0..=old.len()).find(|&k| new.starts_with(&old[k..])).unwrap_or(old.len());
    let kept = old.len() - dropped;
    EventsDelta { dropped, added: new[kept..].to_vec() }
}

/// Applies a delta; `None` when it drops more than the list holds.
pub fn apply(old: &[DbEvent], delta: &EventsDelta) -> Option<Vec<DbEvent>> {
    let mut events = old.get(delta.dropped..)?.to_vec();
    events.extend(delta.added.iter().cloned());
    Some(events)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloud::model::EventSource;
    use chrono::{TimeZone, Utc};

    fn event(secs: i64) -> DbEvent {
        DbEvent {
            at: Utc.timestamp_opt(1_800_000_000 + secs, 0).single().unwrap_or_default(),
            source: EventSource::Instance,
            source_id: "db".to_owned(),
            categories: Vec::new(),
            message: format!("event {secs}"),
            arn: None,
        }
    }

    #[test]
    fn only_new_events_are_kept_and_dropped_old_ones_counted() {
        let old: Vec<DbEvent> = (0..4).map(event).collect();
        let new: Vec<DbEvent> = (2..6).map(event).collect();
        let delta = diff(&old, &new);
        assert_eq!(delta.dropped, 2);
        assert_eq!(delta.added, vec![event(4), event(5)]);
        assert_eq!(apply(&old, &delta).unwrap(), new);
        assert_eq!(diff(&old, &old), EventsDelta::default(), "nothing new: an empty change");
    }

    #[test]
    fn a_list_that_is_not_an_append_is_added_whole() {
        let old = vec![event(1), event(2)];
        let new = vec![event(3), event(1)];
        let delta = diff(&old, &new);
        assert_eq!((delta.dropped, delta.added.len()), (2, 2), "all new: everything is added");
        assert_eq!(apply(&old, &EventsDelta { dropped: 3, added: Vec::new() }), None);
    }
}
