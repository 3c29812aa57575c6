//! A console joining the hub: the hubs' headers (their scopes, and their format version, which
//! must be one this opsdeck reads), then each stream's last keyframe, found as the last message
//! of its keyframe subject, and everything from the oldest of those on; then live. The
//! console's reads wait until that catch-up is read, so that every feed is there at once.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_nats::jetstream::consumer::{DeliverPolicy, pull};
use async_nats::jetstream::{self, Message};
use futures_util::StreamExt as _;
use tokio::sync::watch;

use super::clock::{Beat, HubClock};
use super::view::View;
use super::wire::{self, FORMAT_HEADER, PART_HEADER, Part};
use super::{HubError, STREAM, subject};
use crate::cloud::model::Scope;
use crate::record::line::OLDEST_READ;
use crate::record::{Header, VERSION};

/// What joining found, and the task that reads on.
#[derive(Debug)]
pub struct Joined {
    pub headers: Vec<Header>,
    pub view: Arc<Mutex<View>>,
    pub clock: Arc<HubClock>,
    pub synced: watch::Receiver<bool>,
    pub task: tokio::task::JoinHandle<()>,
    /// Where the console registers its interest in an instance's Performance Insights.
    pub interest: Option<async_nats::jetstream::kv::Store>,
    /// The connection (reconnecting by itself), which says whether NATS is reachable now.
    pub client: async_nats::Client,
}

fn stream_error(url: &str, message: impl std::fmt::Display) -> HubError {
    HubError::Stream { url: url.to_owned(), message: message.to_string() }
}

pub(super) fn header_value<'a>(message: &'a Message, name: &str) -> Option<&'a str> {
    message.headers.as_ref()?.get(name).map(async_nats::HeaderValue::as_str)
}

/// The last message of every subject matching `filter`.
pub(super) async fn last_of_each(
    stream: &jetstream::stream::Stream,
    url: &str,
    filter: &str,
) -> Result<Vec<Message>, HubError> {
    last_of_each_with(stream, url, filter, false).await
}

/// The same, with only each message's headers and metadata when `headers_only` (where to start
/// reading, without the payloads: a keyframe part is up to 1 MB, and a message held pins its
/// part of the connection's read buffer).
async fn last_of_each_with(
    stream: &jetstream::stream::Stream,
    url: &str,
    filter: &str,
    headers_only: bool,
) -> Result<Vec<Message>, HubError> {
    let config = pull::OrderedConfig {
        filter_subject: filter.to_owned(),
        deliver_policy: DeliverPolicy::LastPerSubject,
        headers_only,
        ..pull::OrderedConfig::default()
    };
    let consumer = stream.create_consumer(config).await.map_err(|e| stream_error(url, e))?;
    if consumer.cached_info().num_pending == 0 {
        return Ok(Vec::new());
    }
    let mut messages = consumer.messages().await.map_err(|e| stream_error(url, e))?;
    let mut out = Vec::new();
    while let Some(message) = messages.next().await {
        let message = message.map_err(|e| stream_error(url, e))?;
        let pending = message.info().map_err(|e| stream_error(url, e))?.pending;
        out.push(message);
        if pending == 0 {
            break;
        }
    }
    Ok(out)
}

/// The headers of the hubs of this format version; another version's is an error naming both.
pub(super) fn headers(url: &str, messages: &[Message]) -> Result<Vec<Header>, HubError> {
    let mut ours = Vec::new();
    let mut other = None;
    for message in messages {
        let version = wire::version(header_value(message, FORMAT_HEADER), &message.subject).unwrap_or(0);
        if (OLDEST_READ..=VERSION).contains(&version)
            && let Ok(header) = serde_json::from_slice::<Header>(&message.payload)
        {
            ours.push(header);
        } else {
            let value: serde_json::Value = serde_json::from_slice(&message.payload).unwrap_or_default();
            let opsdeck = value.get("opsdeck").and_then(|v| v.as_str()).unwrap_or("unknown").to_owned();
            other = Some((version, opsdeck));
        }
    }
    match (ours.is_empty(), other) {
        (true, Some((theirs, opsdeck))) => {
            Err(HubError::Version { url: url.to_owned(), theirs, opsdeck, oldest: OLDEST_READ, ours: VERSION })
        }
        (true, None) => Err(stream_error(url, "no hub has published here yet")),
        (false, _) => Ok(ours),
    }
}

/// The scopes of every hub, each once.
pub fn scopes(headers: &[Header]) -> Vec<Scope> {
    let mut scopes: Vec<Scope> = Vec::new();
    for scope in headers.iter().flat_map(|h| &h.scopes) {
        if !scopes.contains(scope) {
            scopes.push(scope.clone());
        }
    }
    scopes
}

/// How many messages the console asks the hub's stream for at a time. The client reads what
/// arrives into one buffer that each message it hands out keeps alive until it is dropped, so
/// a catch-up asked for whole (the client's default is 500) holds every keyframe at once while
/// they are decoded one by one; a few at a time (each at most `wire::MAX_BODY`) bounds that.
const READ_AHEAD: i64 = 4;

/// How long one of the live read's pull requests waits; the server sends a heartbeat at half
/// of it while nothing comes, and two missed heartbeats make the client recreate the reader.
/// The client's default (30 s, a heartbeat at 15) left a console on a three-node cluster 30 s
/// behind after the node holding its reader was lost; at 5 s it reads again within seconds of
/// the stream's new leader, for one small request every 5 s while the hub is quiet.
const LIVE_EXPIRES: Duration = Duration::from_secs(5);

fn apply(view: &Mutex<View>, message: &Message) {
    let version = wire::version(header_value(message, FORMAT_HEADER), &message.subject);
    if version != Some(VERSION) || !message.subject.starts_with(&format!("{}.state.", subject::prefix())) {
        return;
    }
    let part = header_value(message, PART_HEADER).and_then(Part::parse);
    match wire::read(&message.payload) {
        Ok(line) => view.lock().unwrap_or_else(std::sync::PoisonError::into_inner).read(line, part),
        Err(error) => tracing::warn!(subject = %message.subject, %error, "unreadable message from the hub"),
    }
}

/// Joins the hub at `url`; waits (at most `beat_wait`) for the hub's clock — a first heartbeat,
/// or the catch-up read (its newest message's time, until a heartbeat) — so that the
/// console starts on the hub's clock.
pub async fn join(url: &str, auth: &crate::config::hub::NatsAuth, beat_wait: Duration) -> Result<Joined, HubError> {
    let client = super::connect::connect(url, auth, false).await?;
    let js = jetstream::new(client.clone());
    let stream = js.get_stream(STREAM).await.map_err(|e| stream_error(url, format!("no stream {STREAM}: {e}")))?;
    let headers = headers(url, &last_of_each(&stream, url, subject::all_headers()).await?)?;
    let keyframes = last_of_each_with(&stream, url, &subject::all_keyframes(), true).await?;
    let start = keyframes
        .iter()
        .filter_map(|m| {
            let seq = m.info().ok()?.stream_sequence;
            let index = header_value(m, PART_HEADER).and_then(Part::parse).map_or(0, |p| p.index);
            Some(seq.saturating_sub(u64::try_from(index).unwrap_or(0)))
        })
        .min();
    drop(keyframes);
    let deliver_policy =
        start.map_or(DeliverPolicy::All, |start_sequence| DeliverPolicy::ByStartSequence { start_sequence });
    let config = pull::OrderedConfig {
        filter_subject: subject::all_of_version(),
        deliver_policy,
        max_batch: READ_AHEAD,
        max_expires: LIVE_EXPIRES,
        ..pull::OrderedConfig::default()
    };
    let consumer = stream.create_consumer(config).await.map_err(|e| stream_error(url, e))?;
    let caught_up = consumer.cached_info().num_pending == 0;
    let mut messages = consumer.messages().await.map_err(|e| stream_error(url, e))?;
    let mut beats = client.subscribe(subject::all_beats()).await.map_err(|e| stream_error(url, e))?;
    let (view, clock) = (Arc::new(Mutex::new(View::default())), Arc::new(HubClock::default()));
    let (synced_tx, synced) = watch::channel(caught_up);
    let (first_beat_tx, mut first_beat) = watch::channel(false);
    let (v, c, connection) = (Arc::clone(&view), Arc::clone(&clock), client.clone());
    let task = tokio::spawn(async move {
        // Owned by the task: the connection lives as long as the console reads.
        let _client = connection;
        loop {
            tokio::select! {
                message = messages.next() => match message {
                    Some(Ok(message)) => {
                        apply(&v, &message);
                        if message.info().is_ok_and(|i| i.pending == 0) {
                            synced_tx.send_replace(true);
                            // Until the first heartbeat the hub's clock is its newest message's.
                            let newest = v.lock().unwrap_or_else(std::sync::PoisonError::into_inner).last_heard();
                            if let Some(at) = newest {
                                c.seed(at);
                            }
                            first_beat_tx.send_replace(true);
                        }
                    }
                    Some(Err(error)) => tracing::warn!(%error, "reading the hub"),
                    None => return,
                },
                beat = beats.next() => match beat.map(|b| serde_json::from_slice::<Beat>(&b.payload)) {
                    Some(Ok(beat)) => {
                        v.lock().unwrap_or_else(std::sync::PoisonError::into_inner).beat(beat.at, beat.polls.as_deref());
                        c.beat(beat);
                        first_beat_tx.send_replace(true);
                    }
                    Some(Err(error)) => tracing::warn!(%error, "unreadable heartbeat"),
                    None => return,
                },
            }
        }
    });
    let _ = tokio::time::timeout(beat_wait, first_beat.wait_for(|b| *b)).await;
    let interest = super::interest::bucket(&js, url, None).await.ok();
    Ok(Joined { headers, view, clock, synced, task, interest, client })
}
