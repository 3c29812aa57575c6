//! The hub's stream as a recording: `opsdeck replay nats://… --from T --to T` (and
//! `opsdeck timeline nats://…`) read what the stream kept between two times into a recording
//! file, then replay it as any other. Reading starts a keyframe interval before `--from` so
//! that every stream is known whole there; the recording starts at `--from` with every
//! stream's state, then what the hub published (and the consoles' audit lines and notes) up to
//! `--to` or now.

use std::path::Path;

use async_nats::jetstream::consumer::{DeliverPolicy, pull};
use async_nats::jetstream::{self, Message};
use chrono::{Duration, NaiveTime, Utc};
use futures_util::StreamExt as _;

use super::join::{header_value, headers, last_of_each, scopes};
use super::view::View;
use super::war::Shared;
use super::wire::{self, FORMAT_HEADER, PART_HEADER, Part};
use super::{HubError, STREAM, subject};
use crate::cloud::model::Timestamp;
use crate::config::hub::NatsAuth;
use crate::record::{Entry, Header, Line, Observation, Recorder, VERSION};

/// How far before `--from` reading starts: a keyframe of every stream is within it.
const BEFORE: Duration = Duration::minutes(15);

/// Whether a replay or timeline path is the hub's URL.
pub fn is_url(path: &str) -> bool {
    ["nats://", "tls://", "ws://", "wss://"].iter().any(|scheme| path.starts_with(scheme))
}

/// `--from`/`--to` for the hub's stream: an RFC 3339 time, a time of day (UTC, today; the last
/// one passed), or a duration before now (`90m`, `2h`, `1d`).
pub fn when(text: &str, now: Timestamp) -> Result<Timestamp, String> {
    if let Ok(at) = chrono::DateTime::parse_from_rfc3339(text) {
        return Ok(at.with_timezone(&Utc));
    }
    for format in ["%H:%M", "%H:%M:%S"] {
        if let Ok(time) = NaiveTime::parse_from_str(text, format) {
            let today = now.date_naive().and_time(time).and_utc();
            return Ok(if today > now { today - Duration::days(1) } else { today });
        }
    }
    let (number, unit) = text.split_at(text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len()));
    let n: i64 = number
        .parse()
        .map_err(|_| format!("`{text}`: not a time (14:32, 2026-11-27T14:32:00Z) or a duration (90m)"))?;
    let back = match unit {
        "s" => Duration::seconds(n),
        "m" => Duration::minutes(n),
        "h" => Duration::hours(n),
        "d" => Duration::days(n),
        _ => return Err(format!("`{text}`: a duration is a number and s, m, h or d")),
    };
    Ok(now - back)
}

fn failed(url: &str, message: impl std::fmt::Display) -> HubError {
    HubError::Stream { url: super::connect::shown(url), message: message.to_string() }
}

fn line_of(message: &Message) -> Option<(Line, Option<Part>)> {
    if wire::version(header_value(message, FORMAT_HEADER), &message.subject) != Some(VERSION) {
        return None;
    }
    let part = header_value(message, PART_HEADER).and_then(Part::parse);
    wire::read(&message.payload).ok().map(|line| (line, part))
}

/// Reads what the stream stored between `from` and `to` (wall time) into a recording at `path`; returns
/// how many entries it holds.
pub async fn fetch(
    url: &str,
    auth: &NatsAuth,
    from: Option<Timestamp>,
    to: Option<Timestamp>,
    path: &Path,
) -> Result<usize, HubError> {
    let client = super::connect::connect(url, auth, false).await?;
    let js = jetstream::new(client);
    let stream = js.get_stream(STREAM).await.map_err(|e| failed(url, format!("no stream {STREAM}: {e}")))?;
    let hubs = headers(url, &last_of_each(&stream, url, subject::all_headers()).await?)?;
    let deliver_policy = match from {
        None => DeliverPolicy::All,
        Some(from) => {
            let start =
                time::OffsetDateTime::from_unix_timestamp((from - BEFORE).timestamp()).map_err(|e| failed(url, e))?;
            DeliverPolicy::ByStartTime { start_time: start }
        }
    };
    let config =
        pull::OrderedConfig { filter_subject: subject::all_of_version(), deliver_policy, ..Default::default() };
    let consumer = stream.create_consumer(config).await.map_err(|e| failed(url, e))?;
    let started = from.unwrap_or_else(|| hubs.iter().map(|h| h.started).min().unwrap_or_else(Utc::now));
    let detail = Some(format!("from the hub's stream, {}", super::connect::shown(url)));
    let header = Header::new(started, format!("HUB {}", super::connect::shown(url)), detail, scopes(&hubs));
    let recorder = Recorder::start(path, &header).map_err(|e| failed(url, e))?;
    let mut view = View::default();
    let (mut entries, mut begun) = (0, from.is_none());
    if consumer.cached_info().num_pending > 0 {
        let mut messages = consumer.messages().await.map_err(|e| failed(url, e))?;
        while let Some(message) = messages.next().await {
            let message = message.map_err(|e| failed(url, e))?;
            let last = message.info().map_or(true, |i| i.pending == 0);
            entries += read_one(&message, &mut view, &recorder, (from, to), &mut begun);
            if last || to.is_some_and(|to| message_at(&message).is_some_and(|at| at > to)) {
                break;
            }
        }
    }
    recorder.finish();
    Ok(entries)
}

/// When the stream stored a message (wall time): what `--from` and `--to` are compared with.
fn message_at(message: &Message) -> Option<Timestamp> {
    let published = message.info().ok()?.published;
    chrono::DateTime::from_timestamp(published.unix_timestamp(), published.nanosecond())
}

/// Applies one message; records what it changed once `from` is reached (then first every
/// stream's state). Returns how many entries it recorded.
fn read_one(
    message: &Message,
    view: &mut View,
    recorder: &Recorder,
    (from, to): (Option<Timestamp>, Option<Timestamp>),
    begun: &mut bool,
) -> usize {
    let shared = message.subject.ends_with(".war.audit");
    let (at, entry) = if shared {
        let Ok(shared) = serde_json::from_slice::<Shared>(&message.payload) else { return 0 };
        (shared.at, Some(shared.entry()))
    } else {
        let Some((line, part)) = line_of(message) else { return 0 };
        let (at, stream) = match &line {
            Line::Whole { at, stream, .. } | Line::Delta { at, stream, .. } | Line::Failed { at, stream, .. } => {
                (*at, stream.clone())
            }
            _ => return 0,
        };
        view.read(line, part);
        let result = view.current(&stream).map(|r| r.cloned().map_err(Clone::clone));
        (at, result.map(|result| Entry::Observed(Observation { at, stream, result })))
    };
    let stored = message_at(message).unwrap_or(at);
    if to.is_some_and(|to| stored > to) || from.is_some_and(|from| stored < from) {
        return 0;
    }
    let mut n = 0;
    if !*begun {
        *begun = true;
        for (stream, result) in view.all() {
            recorder.record(Entry::Observed(Observation { at, stream, result }));
            n += 1;
        }
        if !shared {
            return n;
        }
    }
    if let Some(entry) = entry {
        recorder.record(entry);
        n += 1;
    }
    n
}
