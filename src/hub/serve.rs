//! `opsdeck hub`: the console's pollers run headless against the backend, every result is
//! published to JetStream (`publish`), the hub's header is stated at start, and a heartbeat
//! goes out every few seconds so that consoles know the hub is there. NATS going away (a
//! restart, a network cut) stops neither: the client reconnects by itself, and whatever the
//! stream did not store is stated whole once it is back.

use std::sync::Arc;
use std::time::Duration;

use async_nats::HeaderMap;
use async_nats::jetstream::{self, Context, stream};
use tokio::sync::mpsc;

use super::clock::Beat;
use super::lease::Leases;
use super::locks;
use super::polling::Polling;
use super::publish::Publisher;
use super::status::{self, HubStatus, Meter};
use super::wire::{FORMAT_HEADER, Outgoing, PART_HEADER};
use super::{HubError, STREAM, subject};
use crate::cloud::Inventory;
use crate::event::Event;
use crate::feed::Intervals;
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
    /// NATS credentials and TLS.
    pub auth: crate::config::hub::NatsAuth,
    /// How long a scope's lease outlives its last renewal (see `lease`).
    pub lease_ttl: Duration,
    /// Extra words for the header (the demo's scenario and speed).
    pub detail: Option<String>,
    /// Replicas of the stream and of every bucket (1 to 5; 3 on a three-node cluster).
    pub replicas: usize,
}

/// Creates the stream, or brings its subjects and retention to this hub's.
async fn ensure_stream(js: &Context, config: &HubConfig) -> Result<(), HubError> {
    let wanted = stream::Config {
        name: STREAM.to_owned(),
        subjects: subject::stored(),
        max_age: config.retention,
        storage: stream::StorageType::File,
        allow_direct: true,
        num_replicas: config.replicas,
        ..stream::Config::default()
    };
    js.create_or_update_stream(wanted).await.map(drop).map_err(|e| HubError::Stream {
        url: config.url.clone(),
        message: format!("cannot create stream {STREAM} with {}: {e}", super::bucket::count(config.replicas)),
    })
}

/// Publishes one message and waits for the stream to store it; false when it was not stored
/// (NATS out of reach: not even tried, the client would only queue it).
async fn send(client: &async_nats::Client, js: &Context, out: Outgoing) -> bool {
    if client.connection_state() != async_nats::connection::State::Connected {
        return false;
    }
    let mut headers = HeaderMap::new();
    headers.insert(FORMAT_HEADER, VERSION.to_string().as_str());
    if let Some(part) = out.part {
        headers.insert(PART_HEADER, part.header().as_str());
    }
    let stored = match js.publish_with_headers(out.subject.clone(), headers, out.body.into()).await {
        Ok(ack) => ack.await.map(drop).map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    };
    if let Err(error) = &stored {
        tracing::warn!(subject = %out.subject, %error, "not published");
    }
    stored.is_ok()
}

/// Runs the hub until it is stopped: polls every scope of `inventory` whose lease it holds
/// (see `lease`), publishes every poll result, and a heartbeat every `beat_every`.
pub async fn serve(inventory: Arc<dyn Inventory>, config: HubConfig) -> Result<(), HubError> {
    // The loop's state is large (every bucket, poller and timer): on the heap, not the caller's stack.
    Box::pin(run(inventory, config)).await
}

/// What this hub says of itself at a heartbeat (`opsdeck hub status`).
fn hub_status(
    config: &HubConfig,
    inventory: &dyn Inventory,
    meter: &mut Meter,
    polling: &Polling,
    viewers: usize,
    slowed: &[String],
) -> HubStatus {
    let usage = inventory.usage();
    HubStatus {
        name: config.name.clone(),
        opsdeck: env!("CARGO_PKG_VERSION").to_owned(),
        at: chrono::Utc::now(),
        backend: inventory.label(),
        scopes: meter.scopes(inventory, &|scope| polling.polls(scope)),
        aws_calls_per_minute: usage.as_ref().map(|u| u.calls_last_minute),
        aws_throttled: usage.as_ref().map(|u| u.recent_throttles),
        viewers,
        slowed: slowed.to_vec(),
    }
}

async fn run(inventory: Arc<dyn Inventory>, config: HubConfig) -> Result<(), HubError> {
    let client = super::connect::connect(&config.url, &config.auth, true).await?;
    let js = jetstream::new(client.clone());
    ensure_stream(&js, &config).await?;
    let replicas = Some(config.replicas);
    let lock_store = locks::bucket(&js, &config.url, locks::DEFAULT_TTL, replicas).await?;
    let hubs = status::bucket(&js, &config.url, status::HUBS, replicas).await?;
    let consoles = status::bucket(&js, &config.url, status::CONSOLES, replicas).await?;
    let interest = super::interest::bucket(&js, &config.url, replicas).await?;
    let clock = inventory.clock();
    let header = Header::new(clock.now(), inventory.label(), config.detail.clone(), inventory.scopes());
    let body = serde_json::to_vec(&header).unwrap_or_default();
    let header_out = Outgoing { subject: subject::header(&config.name), part: None, body };
    let mut header_stored = send(&client, &js, header_out.clone()).await;
    tracing::info!(url = %config.url, name = %config.name, scopes = header.scopes.len(), "hub publishing");

    let (tx, mut rx) = mpsc::unbounded_channel();
    let mut polling = Polling::new(Arc::clone(&inventory), config.intervals.clone(), config.call_timeout, tx);
    let mut leases = Leases::open(&js, &config.url, &config.name, config.lease_ttl, config.replicas).await?;
    let mut pi_round = tokio::time::interval(config.intervals.performance);
    let mut arrivals = super::arrivals::Arrivals::open(&interest).await;
    let mut lease_round = tokio::time::interval(leases.round_every(config.lease_ttl).await);
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
                let Some(observation) = polled.observation() else { continue };
                // A result of a scope whose lease was lost meanwhile is the other hub's to say.
                if !polling.polls(&observation.stream.scope) {
                    continue;
                }
                meter.count(&polled, std::time::Instant::now());
                polling.update(&polled);
                let mut stored = true;
                for out in publisher.publish(&observation) {
                    stored &= send(&client, &js, out).await;
                }
                // What the stream missed is stated whole with the next result, not as a change
                // from it (NATS away longer than a publish waits, or restarted).
                if !stored {
                    publisher.forget_stream(&observation.stream);
                }
            }
            _ = pi_round.tick() => {
                let wanted = super::interest::wanted(&interest).await;
                arrivals.round(&interest, &wanted).await;
                polling.poll_performance(wanted);
            }
            // A console focusing an instance no one asked for: its PI now, not at the next round.
            query = arrivals.next() => polling.poll_performance(vec![query]),
            _ = lease_round.tick() => {
                let changes = leases.round(&header.scopes).await;
                for scope in &changes.lost {
                    polling.stop(scope);
                }
                for scope in &changes.gained {
                    // What this hub published of it before is older than the other hub's.
                    publisher.forget(scope);
                    polling.start(scope);
                }
            }
            _ = beat.tick() => {
                if client.connection_state() != async_nats::connection::State::Connected {
                    continue;
                }
                if !header_stored {
                    header_stored = send(&client, &js, header_out.clone()).await;
                }
                let slowed = locks::locked_regions(&lock_store).await;
                if slowed != last_slowed {
                    tracing::info!(?slowed, "RDS and Auto Scaling polls halved where a run holds a lock");
                    last_slowed.clone_from(&slowed);
                }
                polling.slow_down(&slowed);
                let viewers = status::count(&consoles).await;
                let state = hub_status(&config, inventory.as_ref(), &mut meter, &polling, viewers, &slowed);
                if let Err(error) = hubs.put(subject::name_token(&config.name), serde_json::to_vec(&state).unwrap_or_default().into()).await {
                    tracing::warn!(%error, "hub status not written");
                }
                if logged.elapsed() >= Duration::from_mins(1) {
                    logged = std::time::Instant::now();
                    tracing::info!("{}", status::render(&state, chrono::Utc::now()).trim_end());
                }
                let polls = header.scopes.iter().filter(|s| polling.polls(s)).cloned().collect();
                let beat =
                    Beat { at: clock.now(), rate: clock.rate(), slowed, consoles: Some(state.viewers), polls: Some(polls) };
                let body = serde_json::to_vec(&beat).unwrap_or_default();
                if let Err(error) = client.publish(beat_subject.clone(), body.into()).await {
                    tracing::warn!(%error, "heartbeat not sent");
                }
            }
        }
    }
}
