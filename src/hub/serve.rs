//! `opsdeck hub`: the console's pollers run headless against the backend, every result is
//! published to JetStream (`publish`), the hub's header is stated at start, and a heartbeat
//! goes out every few seconds so that consoles know the hub is there.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use async_nats::HeaderMap;
use async_nats::jetstream::{self, Context, stream};
use tokio::sync::mpsc;

use super::clock::Beat;
use super::locks;
use super::publish::Publisher;
use super::status::{self, HubStatus, Meter};
use super::wire::{FORMAT_HEADER, Outgoing, PART_HEADER};
use super::{HubError, STREAM, subject};
use crate::cloud::Inventory;
use crate::cloud::model::{MetricTargets, Scope};
use crate::event::{Event, Polled};
use crate::feed::Intervals;
use crate::poll::Pollers;
use crate::record::{Header, VERSION};

/// How a hub runs.
#[derive(Debug, Clone)]
pub struct HubConfig {
    /// `nats://HOST:4222`.
    pub url: String,
    /// This hub's name, in its subjects (`hub.<name>`, `beat.<name>`).
    pub name: String,
    /// How long the stream keeps messages.
    pub retention: Duration,
    /// The hub's clock time between two keyframes of a stream.
    pub keyframe_every: chrono::Duration,
    /// The wall time between two heartbeats.
    pub beat_every: Duration,
    pub intervals: Intervals,
    pub call_timeout: Duration,
    /// Extra words for the header (the demo's scenario and speed).
    pub detail: Option<String>,
}

/// Creates the stream, or brings its subjects and retention to this hub's.
async fn ensure_stream(js: &Context, config: &HubConfig) -> Result<(), HubError> {
    let wanted = stream::Config {
        name: STREAM.to_owned(),
        subjects: subject::stored(),
        max_age: config.retention,
        storage: stream::StorageType::File,
        allow_direct: true,
        ..stream::Config::default()
    };
    js.create_or_update_stream(wanted).await.map(drop).map_err(|e| HubError::Stream {
        url: config.url.clone(),
        message: format!("cannot create stream {STREAM}: {e}"),
    })
}

async fn send(js: &Context, out: Outgoing) {
    let mut headers = HeaderMap::new();
    headers.insert(FORMAT_HEADER, VERSION.to_string().as_str());
    if let Some(part) = out.part {
        headers.insert(PART_HEADER, part.header().as_str());
    }
    let stored = match js.publish_with_headers(out.subject.clone(), headers, out.body.into()).await {
        Ok(ack) => ack.await.map(drop).map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    };
    if let Err(error) = stored {
        tracing::warn!(subject = %out.subject, %error, "not published");
    }
}

/// The metrics each scope's poller asks for: its instances and groups, as last fetched.
#[derive(Debug, Default)]
struct Targets(HashMap<Scope, MetricTargets>);

impl Targets {
    fn update(&mut self, polled: &Polled, pollers: &Pollers) {
        let (scope, targets) = match polled {
            Polled::Fleet(scope, Ok(fleet)) => {
                let ids = fleet.data.instances.iter().map(|i| i.id.clone()).collect();
                let entry = self.0.entry(scope.clone()).or_default();
                entry.instances = ids;
                (scope, entry.clone())
            }
            Polled::Groups(scope, Ok(groups)) => {
                let names = groups.data.iter().map(|g| g.name.clone()).collect();
                let entry = self.0.entry(scope.clone()).or_default();
                entry.groups = names;
                (scope, entry.clone())
            }
            _ => return,
        };
        pollers.set_metric_targets(scope, targets);
    }
}

/// Halves the RDS and Auto Scaling poll rate of the scopes in `slowed` (regions where a run
/// holds a lock), and restores the others'.
fn slow_down(pollers: &Pollers, scopes: &[Scope], slowed: &[String]) {
    for scope in scopes {
        let factor = if slowed.contains(&scope.region) { 2 } else { 1 };
        pollers.slow_down(scope, factor);
    }
}

/// Runs the hub until the pollers stop: publishes every poll result of every scope of
/// `inventory`, and a heartbeat every `beat_every`.
pub async fn serve(inventory: Arc<dyn Inventory>, config: HubConfig) -> Result<(), HubError> {
    let client = super::connect::connect(&config.url, true).await?;
    let js = jetstream::new(client.clone());
    ensure_stream(&js, &config).await?;
    let lock_store = locks::bucket(&js, &config.url, locks::DEFAULT_TTL).await?;
    let hubs = status::bucket(&js, &config.url, status::HUBS).await?;
    let consoles = status::bucket(&js, &config.url, status::CONSOLES).await?;
    let clock = inventory.clock();
    let header = Header::new(clock.now(), inventory.label(), config.detail.clone(), inventory.scopes());
    let body = serde_json::to_vec(&header).unwrap_or_default();
    send(&js, Outgoing { subject: subject::header(&config.name), part: None, body }).await;
    tracing::info!(url = %config.url, name = %config.name, scopes = header.scopes.len(), "hub publishing");

    let (tx, mut rx) = mpsc::unbounded_channel();
    let pollers = Pollers::start(&inventory, &config.intervals, config.call_timeout, &tx);
    let mut targets = Targets::default();
    let mut publisher = Publisher::new(config.keyframe_every);
    let mut beat = tokio::time::interval(config.beat_every);
    let beat_subject = subject::beat(&config.name);
    let mut last_slowed: Vec<String> = Vec::new();
    let mut meter = Meter::default();
    let mut logged = std::time::Instant::now();
    loop {
        tokio::select! {
            event = rx.recv() => {
                let Some(event) = event else { return Ok(()) };
                let Event::Polled(polled) = event else { continue };
                meter.count(&polled, std::time::Instant::now());
                targets.update(&polled, &pollers);
                let Some(observation) = polled.observation() else { continue };
                for out in publisher.publish(&observation) {
                    send(&js, out).await;
                }
            }
            _ = beat.tick() => {
                let slowed = locks::locked_regions(&lock_store).await;
                if slowed != last_slowed {
                    tracing::info!(?slowed, "RDS and Auto Scaling polls halved where a run holds a lock");
                    last_slowed.clone_from(&slowed);
                }
                slow_down(&pollers, &header.scopes, &slowed);
                let usage = inventory.usage();
                let state = HubStatus {
                    name: config.name.clone(),
                    opsdeck: env!("CARGO_PKG_VERSION").to_owned(),
                    at: chrono::Utc::now(),
                    backend: inventory.label(),
                    scopes: meter.scopes(inventory.as_ref(), &|_| true),
                    aws_calls_per_minute: usage.as_ref().map(|u| u.calls_last_minute),
                    aws_throttled: usage.as_ref().map(|u| u.recent_throttles),
                    viewers: status::count(&consoles).await,
                    slowed: slowed.clone(),
                };
                if let Err(error) = hubs.put(subject::name_token(&config.name), serde_json::to_vec(&state).unwrap_or_default().into()).await {
                    tracing::warn!(%error, "hub status not written");
                }
                if logged.elapsed() >= Duration::from_mins(1) {
                    logged = std::time::Instant::now();
                    tracing::info!("{}", status::render(&state, chrono::Utc::now()).trim_end());
                }
                let beat = Beat { at: clock.now(), rate: clock.rate(), slowed };
                let body = serde_json::to_vec(&beat).unwrap_or_default();
                if let Err(error) = client.publish(beat_subject.clone(), body.into()).await {
                    tracing::warn!(%error, "heartbeat not sent");
                }
            }
        }
    }
}
