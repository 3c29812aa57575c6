//! Recording files end to end: what is written reads back as the same entries, and every kind
//! of broken file gets a clear outcome naming the file and line.

use std::path::PathBuf;

use chrono::{Duration, TimeZone, Utc};

use super::delta::Change;
use super::envelope::{Entry, FeedName, Observation, Payload, Stream};
use super::file::ReadError;
use super::line::{Header, Line};
use super::replay::Replay;
use super::{Recorder, read_all};
use crate::cloud::CloudError;
use crate::cloud::model::{Alarm, AlarmState, Scope, Timestamp};

pub(super) fn temp(name: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("opsdeck-record-{}-{name}", std::process::id()));
    let _ = std::fs::remove_file(&path);
    path
}

pub(super) fn at(minutes: i64) -> Timestamp {
    Utc.with_ymd_and_hms(2026, 11, 27, 14, 0, 0).unwrap() + Duration::minutes(minutes)
}

pub(super) fn alarm(name: &str, state: AlarmState) -> Alarm {
    Alarm {
        name: name.to_owned(),
        region: "us-east-1".to_owned(),
        state,
        reason: None,
        updated: None,
        namespace: None,
        metric: None,
        dimensions: Vec::new(),
        comparison: None,
        threshold: None,
        actions_enabled: true,
    }
}

pub(super) fn observed(minute: i64, result: Result<Vec<Alarm>, CloudError>) -> Entry {
    let stream = Stream::scoped(FeedName::Alarms, Scope::region("us-east-1"));
    Entry::Observed(Observation { at: at(minute), stream, result: result.map(Payload::Alarms) })
}

/// Forty minutes of alarms (a keyframe every twenty), a failure and a note.
fn entries() -> Vec<Entry> {
    let mut out = Vec::new();
    for minute in 0..40 {
        let state = if (10..23).contains(&minute) { AlarmState::Alarm } else { AlarmState::Ok };
        let result = if minute == 30 {
            Err(CloudError::Throttled { service: "cloudwatch".into(), message: "slow down".into() })
        } else {
            Ok(vec![alarm("cpu-high", state), alarm("lag", AlarmState::Ok)])
        };
        out.push(observed(minute, result));
    }
    out.push(Entry::Note { at: at(39), who: "ana".into(), text: "failover done".into() });
    out
}

pub(super) fn record(path: &std::path::Path, entries: &[Entry]) {
    let header = Header::new(at(0), "DEMO".into(), None, vec![Scope::region("us-east-1")]);
    let recorder = Recorder::start(path, &header).unwrap();
    for entry in entries {
        recorder.record(entry.clone());
    }
    recorder.finish();
}

/// What reading gives back: the entries that brought something new (the same data again is
/// not stored), keyframes' restatements left out.
fn changes(entries: &[Entry]) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    for entry in entries {
        if out.last().is_some_and(
            |last| matches!((last, entry), (Entry::Observed(a), Entry::Observed(b)) if a.result == b.result),
        ) {
            continue;
        }
        out.push(entry.clone());
    }
    out
}

#[test]
fn what_is_recorded_reads_back_as_it_was() {
    let path = temp("roundtrip.odr");
    let written = entries();
    record(&path, &written);
    let (header, read, torn) = read_all(&path).unwrap();
    assert_eq!((header.version, header.backend.as_str(), torn), (2, "DEMO", None));
    let mut read = read;
    // A keyframe restates the stream at its own time: drop what only repeats.
    read.dedup_by(|b, a| matches!((a, b), (Entry::Observed(x), Entry::Observed(y)) if x.result == y.result));
    assert_eq!(read, changes(&written));
    let lines = std::fs::read_to_string(&path).unwrap().lines().count();
    assert!(lines < 20, "only changes and keyframes are written: {lines} lines");
    let _ = std::fs::remove_file(&path);
}

#[test]
fn a_torn_last_record_is_skipped_with_a_warning_and_cut_before_appending() {
    let path = temp("torn.odr");
    record(&path, &entries());
    let whole = read_all(&path).unwrap().1;
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend_from_slice(br#"{"k":"whole","at":"2026-11-27T14:41:00Z","stream":{"fe"#);
    std::fs::write(&path, &bytes).unwrap();
    let (_, read, torn) = read_all(&path).unwrap();
    assert_eq!(read, whole);
    let torn = torn.unwrap();
    assert!(torn.contains("opsdeck-record-") && torn.contains("cut short"), "{torn}");
    let replay = Replay::open(&path).unwrap();
    assert!(replay.torn.is_some());
    // Recording on into the same file cuts the torn line first.
    record(&path, &[observed(45, Ok(vec![alarm("cpu-high", AlarmState::Alarm)]))]);
    let (_, read, torn) = read_all(&path).unwrap();
    assert_eq!((read.len(), torn), (whole.len() + 1, None));
    let _ = std::fs::remove_file(&path);
}

fn error_of(content: &[u8]) -> String {
    let path = temp("broken.odr");
    std::fs::write(&path, content).unwrap();
    let error = read_all(&path).unwrap_err();
    let replay = Replay::open(&path).unwrap_err();
    let place = |e: &ReadError| e.to_string().split(": ").next().unwrap_or("").to_owned();
    assert_eq!(place(&error), place(&replay), "replay and timeline name the same file and line");
    let _ = std::fs::remove_file(&path);
    error.to_string()
}

#[test]
fn broken_files_are_clear_errors_naming_file_and_line() {
    assert!(error_of(b"").ends_with("broken.odr: the file is empty: not an opsdeck recording"));
    let cut = error_of(br#"{"format":"opsdeck-recording","vers"#);
    assert!(cut.ends_with("broken.odr:1: not an opsdeck recording: the header line is cut short"), "{cut}");
    let other = error_of(b"{\"hello\":1}\n");
    assert!(other.contains(":1: not an opsdeck recording: the first line does not say"), "{other}");
    let newer = error_of(b"{\"format\":\"opsdeck-recording\",\"version\":3,\"opsdeck\":\"9.0.0\"}\n");
    assert!(
        newer.contains(":1: recording format version 3 (written by opsdeck 9.0.0); this opsdeck reads versions 1 to 2"),
        "{newer}"
    );
    let path = temp("middle.odr");
    record(&path, &entries());
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.insert_str(text.find('\n').unwrap() + 1, "garbage\n");
    let middle = error_of(text.as_bytes());
    assert!(middle.contains("broken.odr:2: not a record:"), "{middle}");
    let _ = std::fs::remove_file(&path);
    let missing = read_all(&temp("missing.odr")).unwrap_err();
    assert!(matches!(missing, ReadError::Io { .. }), "{missing}");
}

#[tokio::test(start_paused = true)]
async fn the_replay_answers_with_the_state_at_its_clock() {
    use crate::cloud::Inventory as _;
    let path = temp("replay.odr");
    record(&path, &entries());
    let replay = Replay::open(&path).unwrap();
    let clock = replay.replay_clock();
    let scope = Scope::region("us-east-1");
    let state = |alarms: Vec<Alarm>| alarms[0].state;
    assert_eq!(state(replay.alarms(&scope).await.unwrap()), AlarmState::Ok);
    clock.seek(at(15));
    assert_eq!(state(replay.alarms(&scope).await.unwrap()), AlarmState::Alarm);
    clock.seek(at(30));
    assert!(matches!(replay.alarms(&scope).await, Err(CloudError::Throttled { .. })), "the failure is replayed");
    clock.seek(at(5));
    assert_eq!(state(replay.alarms(&scope).await.unwrap()), AlarmState::Ok, "back in time");
    clock.seek(at(39));
    assert_eq!(state(replay.alarms(&scope).await.unwrap()), AlarmState::Ok);
    assert!(replay.db_fleet(&scope).await.unwrap_err().to_string().contains("nothing recorded"));
    let _ = std::fs::remove_file(&path);
}

#[test]
fn a_version_1_recording_still_reads() {
    let path = temp("v1.odr");
    let scope = r#"{"profile":null,"region":"us-east-1"}"#;
    let text = [
        format!(
            r#"{{"format":"opsdeck-recording","version":1,"opsdeck":"0.1.0","started":"2026-11-27T14:00:00Z","backend":"DEMO","scopes":[{scope}]}}"#
        ),
        r#"{"k":"keyframe","at":"2026-11-27T14:00:00Z"}"#.to_owned(),
        format!(
            r#"{{"k":"delta","at":"2026-11-27T14:00:00Z","stream":{{"feed":"metrics","scope":{scope}}},"change":{{"feed":"metrics","from":60,"db":{{"db-1":{{"Cpu":[[60,[1.5,2.5]]]}}}}}}}}"#
        ),
    ]
    .join("\n");
    std::fs::write(&path, text + "\n").unwrap();
    let (header, read, torn) = read_all(&path).unwrap();
    assert_eq!((header.version, read.len(), torn), (1, 1, None));
    // Read, but never extended with records of a newer version.
    let newer = Header::new(at(0), "DEMO".into(), None, vec![Scope::region("us-east-1")]);
    let refused = Recorder::start(&path, &newer).unwrap_err().to_string();
    assert!(
        refused.ends_with(
            "v1.odr:1: recording format version 1; this opsdeck appends to version 2 only: record to a new file"
        ),
        "{refused}"
    );
    let Entry::Observed(Observation { result: Ok(Payload::Metrics(metrics)), .. }) = &read[0] else {
        panic!("{read:?}")
    };
    let cpu = metrics.db["db-1"].get(crate::cloud::model::DbMetric::Cpu).unwrap();
    assert_eq!(cpu.raw(), [(60, 1.5), (120, 2.5)]);
    let _ = std::fs::remove_file(&path);
}

// Lines are read kind first (`tagged`); a kind written later still reads.
#[test]
fn a_line_reads_the_same_with_its_kind_first_or_last() {
    let first = r#"{"k":"note","at":"2026-11-27T14:41:00Z","who":"alice@jump-1","text":"failing over"}"#;
    let last = r#"{"at":"2026-11-27T14:41:00Z","who":"alice@jump-1","text":"failing over","k":"note"}"#;
    let a: Line = serde_json::from_str(first).unwrap();
    assert_eq!(a, serde_json::from_str::<Line>(last).unwrap());
    assert_eq!(serde_json::to_string(&a).unwrap(), first, "written with its kind first");
}

#[test]
fn a_change_with_its_feed_anywhere_reads_back() {
    let change = r#"{"instances":{"gone":["a"]},"feed":"fleet","clusters":{}}"#;
    let read: Change = serde_json::from_str(change).unwrap();
    let written = serde_json::to_string(&read).unwrap();
    assert!(written.starts_with(r#"{"feed":"fleet","#), "{written}");
    assert_eq!(serde_json::from_str::<Change>(&written).unwrap(), read);
}

#[test]
fn an_unknown_or_missing_kind_is_a_clear_error() {
    let unknown = serde_json::from_str::<Line>(r#"{"k":"snapshot","at":"2026-11-27T14:41:00Z"}"#).unwrap_err();
    assert!(unknown.to_string().contains("unknown variant `snapshot`"), "{unknown}");
    assert!(unknown.to_string().contains("`keyframe`"), "{unknown}");
    let missing = serde_json::from_str::<Line>(r#"{"at":"2026-11-27T14:41:00Z"}"#).unwrap_err();
    assert!(missing.to_string().contains("missing field `k`"), "{missing}");
    let not_text = serde_json::from_str::<Line>(r#"{"at":"2026-11-27T14:41:00Z","k":3}"#).unwrap_err();
    assert!(not_text.to_string().contains("expected a string"), "{not_text}");
    let field = serde_json::from_str::<Line>(r#"{"k":"note","at":"2026-11-27T14:41:00Z","who":"a"}"#).unwrap_err();
    assert!(field.to_string().contains("missing field `text`"), "{field}");
}
