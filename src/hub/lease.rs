//! Standby hubs: several hubs may be configured for the same scopes, and exactly one polls each
//! at a time. A scope's lease is a key in the JetStream key-value bucket `OPSDECK_LEASES`
//! (`<profile>.<region>`, escaped as subject tokens are); the bucket's `max_age` is the lease's
//! TTL. A hub creates the key atomically to take a scope, renews it (an update at the revision
//! it holds) every third of the TTL, and a hub that stops renewing loses it within the TTL:
//! another hub's next round creates the key again and starts polling.

use std::collections::HashMap;
use std::time::Duration;

use async_nats::jetstream::{self, kv};

use super::{HubError, subject};
use crate::cloud::model::Scope;

/// The bucket of leases.
pub const BUCKET: &str = "OPSDECK_LEASES";

/// The leases a hub holds, and where.
#[derive(Debug)]
pub struct Leases {
    store: kv::Store,
    /// This hub's name, the value of the keys it holds.
    name: String,
    held: HashMap<Scope, u64>,
}

/// What a round changed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub gained: Vec<Scope>,
    pub lost: Vec<Scope>,
}

/// The TTL of a lease for these poll intervals: the shortest, so that a standby hub takes a
/// scope over within two of them (the TTL, then a third of it until its next round).
pub fn ttl(shortest_interval: Duration) -> Duration {
    shortest_interval.max(Duration::from_secs(1))
}

impl Leases {
    /// The bucket (created with `ttl` and `replicas` if it is not there yet).
    pub async fn open(
        js: &jetstream::Context,
        url: &str,
        name: &str,
        ttl: Duration,
        replicas: usize,
    ) -> Result<Self, HubError> {
        let store = super::bucket::open(js, url, BUCKET, ttl, Some(replicas)).await?;
        Ok(Self { store, name: name.to_owned(), held: HashMap::new() })
    }

    /// How often a round should run: a third of the bucket's TTL.
    pub async fn round_every(&self, fallback: Duration) -> Duration {
        let ttl = self.store.status().await.ok().map(|s| s.max_age()).filter(|d| !d.is_zero()).unwrap_or(fallback);
        ttl / 3
    }

    pub fn holds(&self, scope: &Scope) -> bool {
        self.held.contains_key(scope)
    }

    /// Renews the leases held and tries to take the others of `scopes`.
    pub async fn round(&mut self, scopes: &[Scope]) -> Changes {
        let mut changes = Changes::default();
        let value = self.name.clone().into_bytes();
        for scope in scopes {
            let key = subject::scope_key(scope);
            match self.held.get(scope).copied() {
                Some(revision) => match self.store.update(&key, value.clone().into(), revision).await {
                    Ok(next) => {
                        self.held.insert(scope.clone(), next);
                    }
                    Err(error) => {
                        tracing::warn!(%scope, %error, "lease lost");
                        self.held.remove(scope);
                        changes.lost.push(scope.clone());
                    }
                },
                None => {
                    if let Ok(revision) = self.store.create(&key, value.clone().into()).await {
                        tracing::info!(%scope, "lease taken: polling");
                        self.held.insert(scope.clone(), revision);
                        changes.gained.push(scope.clone());
                    }
                }
            }
        }
        changes
    }
}
