//! The war room: what consoles on the hub share besides the hub's data. Every audit line a
//! console writes (a run's confirmation, steps and end; an operator's note) is published to
//! `opsdeck.v<n>.war.audit`, stored in the stream, and every other console reads it back into
//! its Runs panel and Timeline, named by who wrote it (`alice@jump-1`). Runs take their locks
//! through `locks`. A hub that slows its polls while a lock is held says so in its heartbeat,
//! and the console shows it; the heartbeat also says how many consoles share the hub (each
//! keeps a key in `OPSDECK_CONSOLES` while it runs), which the console's header shows.

use async_nats::HeaderMap;
use async_nats::jetstream::consumer::{DeliverPolicy, pull};
use async_nats::jetstream::{self, Message};
use futures_util::StreamExt as _;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::sync::mpsc;

use super::clock::Beat;
use super::locks::{self, Locks};
use super::wire::FORMAT_HEADER;
use super::{HubError, STREAM, subject};
use crate::cloud::model::Timestamp;
use crate::event::Event;
use crate::record::{Entry, VERSION};
use crate::state::Notice;

/// The header naming the console that published a line (its own lines are not read back).
pub const CONSOLE_HEADER: &str = "Opsdeck-Console";

/// One shared line.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Shared {
    /// `user@host` of the console that wrote it.
    pub origin: String,
    /// On the backend's clock, as the timeline places it.
    pub at: Timestamp,
    pub line: Value,
}

impl Shared {
    /// The line as the console applies it: a note as a note by its origin, an audit line
    /// with its origin in it.
    pub fn entry(self) -> Entry {
        if self.line.get("event").and_then(Value::as_str) == Some("note") {
            let text = self.line.get("text").and_then(Value::as_str).unwrap_or("").to_owned();
            return Entry::Note { at: self.at, who: self.origin, text };
        }
        let mut line = self.line;
        if let Some(object) = line.as_object_mut() {
            object.insert("origin".to_owned(), Value::String(self.origin));
        }
        Entry::Audit { at: self.at, line }
    }
}

/// A console's place in the war room.
#[derive(Debug, Clone)]
pub struct WarRoom {
    pub origin: String,
    /// Unique to this console (two consoles of one user on one host are two).
    console: String,
    client: async_nats::Client,
    js: jetstream::Context,
    pub locks: Locks,
    /// Keeps this console's key in `OPSDECK_CONSOLES` while it runs.
    _presence: std::sync::Arc<Presence>,
}

/// The task renewing a console's presence; ended with the last clone of its war room, which
/// deletes the console's key so that the others count one console fewer at once (a console
/// killed ages out instead).
#[derive(Debug)]
struct Presence {
    renew: tokio::task::JoinHandle<()>,
    store: async_nats::jetstream::kv::Store,
    console: String,
}

impl Drop for Presence {
    fn drop(&mut self) {
        self.renew.abort();
        let (store, console) = (self.store.clone(), std::mem::take(&mut self.console));
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                if let Err(error) = store.delete(&console).await {
                    tracing::debug!(%error, "presence not deleted: it ages out");
                }
            });
        }
    }
}

fn present(store: async_nats::jetstream::kv::Store, console: String, origin: String) -> Presence {
    let (kept, key) = (store.clone(), console.clone());
    let renew = tokio::spawn(async move {
        let mut tick = tokio::time::interval(super::status::AGE / 3);
        loop {
            tick.tick().await;
            if let Err(error) = store.put(&console, origin.clone().into_bytes().into()).await {
                tracing::debug!(%error, "presence not renewed");
            }
        }
    });
    Presence { renew, store: kept, console: key }
}

/// `user@host` of this console.
pub fn origin() -> String {
    let host = std::env::var("HOSTNAME").ok().filter(|h| !h.is_empty()).or_else(|| whoami::hostname().ok());
    format!("{}@{}", crate::runbook::audit::os_user(), host.unwrap_or_else(|| "unknown".to_owned()))
}

impl WarRoom {
    /// Joins the war room of the hub at `url` as `origin`.
    pub async fn join(url: &str, auth: &crate::config::hub::NatsAuth, origin: &str) -> Result<Self, HubError> {
        let client = super::connect::connect(url, auth, false).await?;
        let js = jetstream::new(client.clone());
        let store = locks::bucket(&js, url, locks::DEFAULT_TTL, None).await?;
        let ttl = store.status().await.ok().map(|s| s.max_age()).filter(|d| !d.is_zero()).unwrap_or(locks::DEFAULT_TTL);
        let console = crate::runbook::audit::new_run_id();
        let consoles = super::status::bucket(&js, url, super::status::CONSOLES, None).await?;
        let presence = std::sync::Arc::new(present(consoles, console.clone(), origin.to_owned()));
        let locks = Locks { store, origin: origin.to_owned(), ttl };
        Ok(Self { origin: origin.to_owned(), console, client, js, locks, _presence: presence })
    }

    /// Where this console's audit lines go: each is published, in order, by a task.
    pub fn publisher(&self) -> mpsc::UnboundedSender<(Timestamp, Value)> {
        let (tx, mut rx) = mpsc::unbounded_channel::<(Timestamp, Value)>();
        let (js, origin, console) = (self.js.clone(), self.origin.clone(), self.console.clone());
        tokio::spawn(async move {
            while let Some((at, line)) = rx.recv().await {
                let body = serde_json::to_vec(&Shared { origin: origin.clone(), at, line }).unwrap_or_default();
                let mut headers = HeaderMap::new();
                headers.insert(FORMAT_HEADER, VERSION.to_string().as_str());
                headers.insert(CONSOLE_HEADER, console.as_str());
                let sent = match js.publish_with_headers(subject::war_audit(), headers, body.into()).await {
                    Ok(ack) => ack.await.map(drop).map_err(|e| e.to_string()),
                    Err(e) => Err(e.to_string()),
                };
                if let Err(error) = sent {
                    tracing::warn!(%error, "audit line not shared with the war room");
                }
            }
        });
        tx
    }

    fn theirs(&self, message: &Message) -> Option<Shared> {
        let headers = message.headers.as_ref();
        let console = headers.and_then(|h| h.get(CONSOLE_HEADER)).map(async_nats::HeaderValue::as_str);
        if console == Some(self.console.as_str()) {
            return None;
        }
        serde_json::from_slice(&message.payload).ok()
    }

    /// Reads the other consoles' lines (all the stream keeps, then live) and the hubs'
    /// slowdowns into the console's events, until the console is gone.
    pub fn follow(&self, tx: mpsc::UnboundedSender<Event>) -> tokio::task::JoinHandle<()> {
        let war = self.clone();
        tokio::spawn(async move {
            if let Err(error) = war.follow_until_gone(&tx).await {
                tracing::warn!(%error, "not following the war room");
                tx.send(Event::Notice(Notice::warn(format!("war room: {error}")))).ok();
            }
        })
    }

    async fn follow_until_gone(&self, tx: &mpsc::UnboundedSender<Event>) -> Result<(), String> {
        let stream = self.js.get_stream(STREAM).await.map_err(|e| e.to_string())?;
        let config = pull::OrderedConfig {
            filter_subject: subject::all_war(),
            deliver_policy: DeliverPolicy::All,
            ..pull::OrderedConfig::default()
        };
        let consumer = stream.create_consumer(config).await.map_err(|e| e.to_string())?;
        let mut lines = consumer.messages().await.map_err(|e| e.to_string())?;
        let mut beats = self.client.subscribe(subject::all_beats()).await.map_err(|e| e.to_string())?;
        let mut slowed: Vec<String> = Vec::new();
        let mut consoles = None;
        loop {
            let sent = tokio::select! {
                line = lines.next() => match line {
                    Some(Ok(message)) => match self.theirs(&message) {
                        Some(shared) => tx.send(Event::Logged(shared.entry())).is_ok(),
                        None => true,
                    },
                    Some(Err(error)) => {
                        tracing::warn!(%error, "reading the war room");
                        true
                    }
                    None => return Ok(()),
                },
                beat = beats.next() => match beat.map(|b| serde_json::from_slice::<Beat>(&b.payload)) {
                    Some(Ok(beat)) => {
                        let mut sent = true;
                        if let Some(n) = beat.consoles && consoles != Some(n) {
                            consoles = Some(n);
                            sent &= tx.send(Event::Consoles(n)).is_ok();
                        }
                        if beat.slowed != slowed {
                            slowed = beat.slowed;
                            sent &= tx.send(Event::Notice(slowdown(&slowed))).is_ok();
                        }
                        sent
                    }
                    Some(Err(_)) => true,
                    None => return Ok(()),
                },
                // The console is gone: its presence goes with this task.
                () = tx.closed() => return Ok(()),
            };
            if !sent {
                return Ok(());
            }
        }
    }
}

/// What the console says of the hub's slowdown.
pub fn slowdown(regions: &[String]) -> Notice {
    if regions.is_empty() {
        return Notice::info("hub: RDS and Auto Scaling polls at full rate again");
    }
    let regions: Vec<String> = regions.iter().map(|r| crate::printable::escape(r).into_owned()).collect();
    Notice::warn(format!(
        "hub: RDS and Auto Scaling polls halved in {} while a run holds a lock there (the API budget is the runbook's)",
        regions.join(", ")
    ))
}
