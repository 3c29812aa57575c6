//! Locks on runbook targets, war-room wide, in a JetStream key-value bucket (`OPSDECK_LOCKS`):
//! a run creates its target's key atomically (refused, naming the holder, when it exists),
//! renews it while it runs (the bucket's `max_age` is the lock's TTL, so a console that dies
//! lets it go within that) and deletes it at the end.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use async_nats::jetstream::{self, kv};
use serde::{Deserialize, Serialize};

use super::{HubError, subject};
use crate::cloud::model::{ResourceKey, Timestamp};
use crate::runbook::lock::{Claim, Held, Taking, TargetLocks};

/// The bucket of locks.
pub const BUCKET: &str = "OPSDECK_LOCKS";

/// How long a lock outlives its last renewal, unless the bucket says otherwise.
pub const DEFAULT_TTL: Duration = Duration::from_secs(30);

/// A lock's value: who holds it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Holder {
    /// `user@host` of the console whose run holds it.
    pub holder: String,
    pub run_id: String,
    pub title: String,
    pub since: Timestamp,
}

/// The locks bucket, as the hub creates it (or finds it); see `bucket` for `replicas`.
pub async fn bucket(
    js: &jetstream::Context,
    url: &str,
    ttl: Duration,
    replicas: Option<usize>,
) -> Result<kv::Store, HubError> {
    super::bucket::open(js, url, BUCKET, ttl, replicas).await
}

/// The regions where some run holds a lock now.
pub async fn locked_regions(store: &kv::Store) -> Vec<String> {
    use futures_util::TryStreamExt as _;
    let Ok(keys) = store.keys().await else { return Vec::new() };
    let keys: Vec<String> = keys.try_collect().await.unwrap_or_default();
    let mut regions: Vec<String> = keys.iter().filter_map(|k| subject::lock_region(k)).collect();
    regions.sort();
    regions.dedup();
    regions
}

/// A console's locks: taken as `origin` (`alice@jump-1`).
#[derive(Debug, Clone)]
pub struct Locks {
    pub store: kv::Store,
    pub origin: String,
    pub ttl: Duration,
}

#[derive(Debug)]
struct Lock {
    renew: tokio::task::JoinHandle<()>,
    release: Option<(kv::Store, String, Arc<AtomicU64>)>,
}

impl Held for Lock {}

impl Drop for Lock {
    fn drop(&mut self) {
        self.renew.abort();
        let Some((store, key, revision)) = self.release.take() else { return };
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                let revision = revision.load(Ordering::SeqCst);
                if let Err(error) = store.delete_expect_revision(&key, Some(revision)).await {
                    tracing::warn!(%key, %error, "lock not released: it expires by itself");
                }
            });
        }
    }
}

impl Locks {
    async fn refusal(&self, key: &str, target: &ResourceKey) -> String {
        let holder = match self.store.get(key).await {
            Ok(Some(value)) => serde_json::from_slice::<Holder>(&value).ok(),
            _ => None,
        };
        match holder {
            Some(h) => format!(
                "{target} is locked by {} (its run of {}, since {} UTC): one run per target in the war room",
                crate::printable::escape(&h.holder),
                crate::printable::escape(&h.title),
                h.since.format("%H:%M:%S")
            ),
            None => format!("{target} is locked by another console's run: one run per target in the war room"),
        }
    }

    async fn take_lock(&self, target: &ResourceKey, claim: Claim<'_>) -> Result<Box<dyn Held>, String> {
        let key = subject::lock_key(target);
        let holder = Holder {
            holder: self.origin.clone(),
            run_id: claim.run_id.to_owned(),
            title: claim.title.to_owned(),
            since: chrono::Utc::now(),
        };
        let value = serde_json::to_vec(&holder).unwrap_or_default();
        let revision = match self.store.create(&key, value.clone().into()).await {
            Ok(revision) => Arc::new(AtomicU64::new(revision)),
            Err(e) if matches!(e.kind(), kv::CreateErrorKind::AlreadyExists) => {
                return Err(self.refusal(&key, target).await);
            }
            Err(e) => return Err(format!("cannot take the war-room lock on {target}: {e}")),
        };
        let (store, k, rev) = (self.store.clone(), key.clone(), Arc::clone(&revision));
        let every = self.ttl / 3;
        let renew = tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.tick().await;
            loop {
                tick.tick().await;
                match store.update(&k, value.clone().into(), rev.load(Ordering::SeqCst)).await {
                    Ok(next) => rev.store(next, Ordering::SeqCst),
                    Err(error) => tracing::warn!(key = %k, %error, "lock not renewed"),
                }
            }
        });
        tracing::info!(%key, "lock taken");
        Ok(Box::new(Lock { renew, release: Some((self.store.clone(), key, revision)) }))
    }
}

impl TargetLocks for Locks {
    fn take<'a>(&'a self, target: &'a ResourceKey, claim: Claim<'a>) -> Taking<'a> {
        Box::pin(self.take_lock(target, claim))
    }
}
