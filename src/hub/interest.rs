//! Performance Insights on interest: PI is per instance, so a console registers interest in
//! the instance it focuses (a key in the key-value bucket `OPSDECK_INTEREST`, renewed at every
//! PI poll of its own, the bucket's `max_age` its TTL), and the hub polls PI for the instances
//! anyone is looking at — at most `MAX_INSTANCES` of them, once per PI interval whatever the
//! number of consoles looking — and publishes each result on the instance's own subject.

use std::time::Duration;

use async_nats::jetstream::{self, kv};
use futures_util::TryStreamExt as _;

use super::{HubError, subject};
use crate::cloud::model::PiQuery;

/// The bucket of interest.
pub const BUCKET: &str = "OPSDECK_INTEREST";

/// How long an interest outlives its last renewal.
pub const TTL: Duration = Duration::from_mins(2);

/// The most instances a hub polls Performance Insights for (the ones focused most recently).
pub const MAX_INSTANCES: usize = 20;

/// The bucket, created if missing; see `bucket` for `replicas`.
pub async fn bucket(js: &jetstream::Context, url: &str, replicas: Option<usize>) -> Result<kv::Store, HubError> {
    super::bucket::open(js, url, BUCKET, TTL, replicas).await
}

/// Says (again) that a console looks at `query`'s instance: the last console to focus an
/// instance chooses the window and the slice the hub polls.
pub async fn register(store: &kv::Store, query: &PiQuery) {
    let value = serde_json::to_vec(query).unwrap_or_default();
    if let Err(error) = store.put(subject::lock_key(&query.instance), value.into()).await {
        tracing::debug!(%error, "interest not registered");
    }
}

/// What the consoles look at now, the most recently registered first, at most `MAX_INSTANCES`.
pub async fn wanted(store: &kv::Store) -> Vec<PiQuery> {
    let Ok(keys) = store.keys().await else { return Vec::new() };
    let keys: Vec<String> = keys.try_collect().await.unwrap_or_default();
    let mut found = Vec::new();
    for key in keys {
        if let Ok(Some(entry)) = store.entry(&key).await
            && let Ok(query) = serde_json::from_slice::<PiQuery>(&entry.value)
        {
            found.push((entry.revision, query));
        }
    }
    found.sort_by_key(|(revision, _)| std::cmp::Reverse(*revision));
    found.into_iter().take(MAX_INSTANCES).map(|(_, q)| q).collect()
}
