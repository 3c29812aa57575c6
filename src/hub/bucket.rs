//! The key-value buckets of the hub (locks, leases, interest, hub statuses, consoles): each
//! created when missing, with the hub's replicas (`[hub] replicas`: 3 on a three-node
//! JetStream cluster, so that a bucket outlives a node), keys aging out after `max_age`. A hub
//! finding a bucket with other replicas brings it to its own; a console (`replicas` `None`)
//! takes the bucket as it is, or creates it with one replica when no hub has run yet.

use std::time::Duration;

use async_nats::jetstream::{self, kv};

use super::HubError;

fn failed(url: &str, message: String) -> HubError {
    HubError::Stream { url: url.to_owned(), message }
}

/// The bucket `name`, created when missing with `max_age` and `replicas` (one when `None`).
pub async fn open(
    js: &jetstream::Context,
    url: &str,
    name: &str,
    max_age: Duration,
    replicas: Option<usize>,
) -> Result<kv::Store, HubError> {
    if let Ok(store) = js.get_key_value(name).await {
        if let Some(replicas) = replicas {
            set_replicas(js, url, name, replicas).await?;
        }
        return Ok(store);
    }
    let wanted = replicas.unwrap_or(1);
    let config =
        kv::Config { bucket: name.to_owned(), history: 1, max_age, num_replicas: wanted, ..kv::Config::default() };
    js.create_key_value(config)
        .await
        .map_err(|e| failed(url, format!("cannot create bucket {name} with {}: {e}", count(wanted))))
}

/// "1 replica", "3 replicas".
pub fn count(replicas: usize) -> String {
    format!("{replicas} replica{}", if replicas == 1 { "" } else { "s" })
}

/// Brings an existing bucket's stream to `replicas`.
async fn set_replicas(js: &jetstream::Context, url: &str, name: &str, replicas: usize) -> Result<(), HubError> {
    let stream = format!("KV_{name}");
    let Ok(mut found) = js.get_stream(&stream).await else { return Ok(()) };
    let Ok(info) = found.info().await else { return Ok(()) };
    if info.config.num_replicas == replicas {
        return Ok(());
    }
    let config = jetstream::stream::Config { num_replicas: replicas, ..info.config.clone() };
    js.update_stream(config)
        .await
        .map(drop)
        .map_err(|e| failed(url, format!("cannot bring bucket {name} to {}: {e}", count(replicas))))
}
