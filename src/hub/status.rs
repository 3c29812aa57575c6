//! What `opsdeck hub status` shows, and the hub's log line each minute: each hub's scopes (and
//! whether it polls them), the consoles connected, and the calls it makes per scope (account
//! and region), with the throttled answers. Each hub writes its status into the key-value
//! bucket `OPSDECK_HUBS` at every heartbeat (a hub gone ages out of it); each console keeps a
//! key of its own in `OPSDECK_CONSOLES` while it runs.

use std::collections::{BTreeMap, VecDeque};
use std::fmt::Write as _;
use std::time::{Duration, Instant};

use async_nats::jetstream::{self, kv};
use futures_util::TryStreamExt as _;
use serde::{Deserialize, Serialize};

use super::HubError;
use crate::cloud::model::{Scope, Timestamp};
use crate::cloud::{CloudError, Inventory};
use crate::event::Polled;

/// The bucket of hub statuses.
pub const HUBS: &str = "OPSDECK_HUBS";
/// The bucket of the consoles connected.
pub const CONSOLES: &str = "OPSDECK_CONSOLES";
/// A status or a console not renewed for this long is gone.
pub const AGE: Duration = Duration::from_secs(30);

/// One scope as a hub sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScopeStatus {
    pub scope: Scope,
    pub account: Option<String>,
    /// Whether this hub polls it now (a standby hub does not).
    pub polling: bool,
    /// Backend calls (feed polls) in the last minute.
    pub calls_per_minute: u64,
    /// Throttled answers in the last ten minutes.
    pub throttled: u64,
}

/// One hub's status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HubStatus {
    pub name: String,
    pub opsdeck: String,
    /// Wall time when it was written.
    pub at: Timestamp,
    pub backend: String,
    pub scopes: Vec<ScopeStatus>,
    /// AWS requests in the last minute, as the AWS backend counts them (every page and retry).
    pub aws_calls_per_minute: Option<u64>,
    pub aws_throttled: Option<u64>,
    /// Consoles connected to this NATS.
    pub viewers: usize,
    /// Regions where it polls RDS and Auto Scaling at half rate.
    pub slowed: Vec<String>,
}

/// The calls and throttles per scope, over sliding windows.
#[derive(Debug, Default)]
pub struct Meter {
    calls: BTreeMap<Scope, VecDeque<Instant>>,
    throttles: BTreeMap<Scope, VecDeque<Instant>>,
}

fn prune(times: &mut VecDeque<Instant>, now: Instant, window: Duration) {
    while times.front().is_some_and(|t| now.duration_since(*t) > window) {
        times.pop_front();
    }
}

impl Meter {
    /// One poll result.
    pub fn count(&mut self, polled: &Polled, now: Instant) {
        let Some(observation) = polled.observation() else { return };
        let scope = observation.stream.scope.clone();
        if matches!(observation.result, Err(CloudError::Throttled { .. })) {
            self.throttles.entry(scope.clone()).or_default().push_back(now);
        }
        self.calls.entry(scope).or_default().push_back(now);
    }

    /// (calls in the last minute, throttles in the last ten) of a scope.
    pub fn of(&mut self, scope: &Scope, now: Instant) -> (u64, u64) {
        let calls = self.calls.get_mut(scope).map_or(0, |t| {
            prune(t, now, Duration::from_mins(1));
            t.len() as u64
        });
        let throttles = self.throttles.get_mut(scope).map_or(0, |t| {
            prune(t, now, Duration::from_mins(10));
            t.len() as u64
        });
        (calls, throttles)
    }

    /// The scopes' lines of a status.
    pub fn scopes(&mut self, inventory: &dyn Inventory, polling: &dyn Fn(&Scope) -> bool) -> Vec<ScopeStatus> {
        let now = Instant::now();
        let scopes = inventory.scopes();
        scopes
            .into_iter()
            .map(|scope| {
                let (calls_per_minute, throttled) = self.of(&scope, now);
                let account = inventory.identity(&scope).map(|i| i.account);
                ScopeStatus { polling: polling(&scope), scope, account, calls_per_minute, throttled }
            })
            .collect()
    }
}

/// A bucket of keys that age out, created if missing; see `bucket` for `replicas`.
pub async fn bucket(
    js: &jetstream::Context,
    url: &str,
    name: &str,
    replicas: Option<usize>,
) -> Result<kv::Store, HubError> {
    super::bucket::open(js, url, name, AGE, replicas).await
}

/// How many keys a bucket holds now.
pub async fn count(store: &kv::Store) -> usize {
    match store.keys().await {
        Ok(keys) => keys.try_collect::<Vec<String>>().await.map_or(0, |k| k.len()),
        Err(_) => 0,
    }
}

/// Every hub's status, by name.
pub async fn read(url: &str, auth: &crate::config::hub::NatsAuth) -> Result<Vec<HubStatus>, HubError> {
    let client = super::connect::connect(url, auth, false).await?;
    let js = jetstream::new(client);
    let store = js
        .get_key_value(HUBS)
        .await
        .map_err(|e| HubError::Stream { url: url.to_owned(), message: format!("no hub has run here ({e})") })?;
    let keys: Vec<String> = match store.keys().await {
        Ok(keys) => keys.try_collect().await.unwrap_or_default(),
        Err(_) => Vec::new(),
    };
    let mut out = Vec::new();
    for key in keys {
        if let Ok(Some(value)) = store.get(&key).await
            && let Ok(status) = serde_json::from_slice::<HubStatus>(&value)
        {
            out.push(status);
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// A status as `opsdeck hub status` prints it (and the hub logs each minute).
pub fn render(status: &HubStatus, now: Timestamp) -> String {
    let p = |t: &str| crate::printable::escape(t).into_owned();
    let polled = status.scopes.iter().filter(|s| s.polling).count();
    let mut out = format!(
        "hub `{}` (opsdeck {}, {}), heard {} s ago: polls {polled} of {} scope(s); {} viewer(s) connected",
        p(&status.name),
        p(&status.opsdeck),
        p(&status.backend),
        (now - status.at).num_seconds().max(0),
        status.scopes.len(),
        status.viewers
    );
    if let Some(calls) = status.aws_calls_per_minute {
        let _ = write!(out, "; AWS requests {calls}/min, {} throttled (10 min)", status.aws_throttled.unwrap_or(0));
    }
    if !status.slowed.is_empty() {
        let _ = write!(out, "; RDS and Auto Scaling at half rate in {}", p(&status.slowed.join(", ")));
    }
    out.push('\n');
    for s in &status.scopes {
        let account = s.account.as_deref().map_or_else(|| "-".to_owned(), p);
        let role = if s.polling { "polling" } else { "standby" };
        let scope = p(&s.scope.to_string());
        let _ = writeln!(
            out,
            "  {scope:<28} account {account:<14} {role:<8} {:>5} calls/min  {:>3} throttled (10 min)",
            s.calls_per_minute, s.throttled
        );
    }
    out
}
