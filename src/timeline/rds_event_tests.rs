//! RDS events on the timeline: every poll brings a scope's recent events again, and each event
//! is one timeline event, at its own time.

use chrono::{Duration, TimeZone, Utc};

use super::{Source, events as timeline};
use crate::cloud::model::{DbEvent, EventSource, Scope, Timestamp};
use crate::judging::Thresholds;
use crate::record::{Entry, FeedName, Observation, Payload, Stream};

fn at(minutes: i64) -> Timestamp {
    Utc.with_ymd_and_hms(2026, 11, 27, 14, 0, 0).unwrap() + Duration::minutes(minutes)
}

fn event(minute: i64) -> DbEvent {
    DbEvent {
        at: at(minute),
        source: EventSource::Instance,
        source_id: "shop-prod-db".to_owned(),
        categories: vec!["backup".to_owned()],
        message: format!("event of minute {minute}"),
        arn: None,
    }
}

/// Forty one-minute polls, a new event every five minutes, each poll bringing all so far.
fn polls() -> Vec<Entry> {
    (0..40)
        .map(|minute| {
            let held: Vec<DbEvent> = (0..=minute).filter(|m| m % 5 == 0).map(event).collect();
            let stream = Stream::scoped(FeedName::Events, Scope::region("us-east-1"));
            Entry::Observed(Observation { at: at(minute), stream, result: Ok(Payload::Events(held)) })
        })
        .collect()
}

#[test]
fn each_rds_event_is_one_timeline_event_however_often_it_was_polled() {
    let derived = timeline(&polls(), &Thresholds::default());
    let rds: Vec<_> = derived.iter().filter(|e| e.source == Source::RdsEvent).collect();
    assert_eq!(rds.len(), 8);
    assert!(rds.iter().all(|e| e.resource == "shop-prod-db" && e.scope == "us-east-1"));
    assert_eq!(rds[1].at, at(5), "at the event's own time, not the poll's");
    assert_eq!(rds[1].what, "event of minute 5");
    assert_eq!(Source::RdsEvent.label(), "rds event");
}
