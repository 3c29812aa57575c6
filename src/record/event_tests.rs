//! RDS events in a recording: each event is stored once however many polls bring it again,
//! and they read back and replay as the console had them.

use std::path::PathBuf;

use chrono::{Duration, TimeZone, Utc};

use super::envelope::{Entry, FeedName, Observation, Payload, Stream};
use super::line::Header;
use super::replay::Replay;
use super::{Recorder, read_all};
use crate::cloud::model::{DbEvent, EventSource, Scope, Timestamp};

pub(crate) fn at(minutes: i64) -> Timestamp {
    Utc.with_ymd_and_hms(2026, 11, 27, 14, 0, 0).unwrap() + Duration::minutes(minutes)
}

pub(crate) fn event(minute: i64) -> DbEvent {
    DbEvent {
        at: at(minute),
        source: EventSource::Instance,
        source_id: "shop-prod-db".to_owned(),
        categories: vec!["backup".to_owned()],
        message: format!("event of minute {minute}"),
        arn: None,
    }
}

/// Forty one-minute polls of a scope's events: a new one every five minutes, each poll
/// bringing every event so far again.
pub(crate) fn polls() -> Vec<Entry> {
    (0..40)
        .map(|minute| {
            let held: Vec<DbEvent> = (0..=minute).filter(|m| m % 5 == 0).map(event).collect();
            let stream = Stream::scoped(FeedName::Events, Scope::region("us-east-1"));
            Entry::Observed(Observation { at: at(minute), stream, result: Ok(Payload::Events(held)) })
        })
        .collect()
}

fn recorded(name: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("opsdeck-events-{}-{name}", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let header = Header::new(at(0), "DEMO".into(), None, vec![Scope::region("us-east-1")]);
    let recorder = Recorder::start(&path, &header).unwrap();
    for entry in polls() {
        recorder.record(entry);
    }
    recorder.finish();
    path
}

#[test]
fn an_event_is_stored_once_and_restated_only_by_keyframes() {
    let path = recorded("once.odr");
    let text = std::fs::read_to_string(&path).unwrap();
    // Eight events, each written when it came; the keyframe at minute 20 restates the 4 held
    // then.
    assert_eq!(text.matches("event of minute").count(), 8 + 4, "{text}");
    let (_, read, torn) = read_all(&path).unwrap();
    assert_eq!(torn, None);
    let last = read.iter().rev().find_map(|e| match e {
        Entry::Observed(Observation { result: Ok(Payload::Events(events)), .. }) => Some(events.clone()),
        _ => None,
    });
    assert_eq!(last, Some((0..40).filter(|m| m % 5 == 0).map(event).collect()));
    let _ = std::fs::remove_file(&path);
}

#[tokio::test(start_paused = true)]
async fn the_replay_has_the_events_of_its_time() {
    use crate::cloud::Inventory as _;
    let path = recorded("replay.odr");
    let replay = Replay::open(&path).unwrap();
    let scope = Scope::region("us-east-1");
    replay.replay_clock().seek(at(12));
    let then: Vec<i64> = replay.db_events(&scope).await.unwrap().iter().map(|e| (e.at - at(0)).num_minutes()).collect();
    assert_eq!(then, [0, 5, 10]);
    let _ = std::fs::remove_file(&path);
}
