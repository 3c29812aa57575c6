//! The fleet's hardening facts from KMS and the parameter groups, looked up per distinct key
//! and group and cached: these change rarely, so an answer is kept for `REFRESH` and a failed
//! lookup is asked again only after `RETRY`. A lookup that fails (AccessDenied, a timeout of the
//! scope's clients) leaves its facts None, which the rules report as not evaluated; the fleet
//! itself is never failed by it.
//!
//! KMS: `ListAliases` once per region and refresh (a key an `alias/aws/*` alias points at is
//! AWS managed), `DescribeKey` (`KeyManager`) for the other keys, `GetKeyRotationStatus` for
//! customer keys. Parameter groups: `DescribeDBParameters` / `DescribeDBClusterParameters` with
//! `Source=user`, one page, the parameters set in the group; a `default.*` group sets none, so
//! it is not asked: the engine default holds, and the finding says so. Security groups are
//! looked up alongside, in `security_groups`, with the same freshness.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use chrono::Duration;
use futures_util::StreamExt as _;

use super::clients::Clients;
use super::errors::classify;
use super::security_groups::{GroupsRead, SecurityGroups};
use crate::cloud::CloudError;
use crate::cloud::model::{DbCluster, DbFleet, DbInstance, Scope, Timestamp, TlsRequirement};

/// How long a fact is kept.
const REFRESH: Duration = Duration::hours(1);
/// How long a failed lookup waits before it is tried again.
const RETRY: Duration = Duration::minutes(5);

/// What KMS says of one key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct KeyFacts {
    aws_managed: Option<bool>,
    rotation: Option<bool>,
}

/// A cached answer and when it goes stale.
#[derive(Debug, Clone)]
struct Cached<T> {
    until: Timestamp,
    value: T,
}

/// A parameter group asked about: (group, the TLS parameter, a cluster group or not).
type GroupAsk = (String, &'static str, bool);
/// A parameter group asked about in a scope.
type GroupKey = (Scope, String, &'static str, bool);
/// The TLS parameter's value as a group sets it (`Ok(None)`: not set); `Err` when the lookup
/// failed.
type GroupValue = Result<Option<String>, ()>;

/// One cache per kind of fact, keyed by scope and key or group.
#[derive(Debug, Default)]
pub struct HardeningCache {
    keys: Mutex<HashMap<(Scope, String), Cached<KeyFacts>>>,
    groups: Mutex<HashMap<GroupKey, Cached<GroupValue>>>,
    security_groups: SecurityGroups,
}

fn fresh<K: std::hash::Hash + Eq, T: Clone>(
    cache: &Mutex<HashMap<K, Cached<T>>>,
    key: &K,
    now: Timestamp,
) -> Option<T> {
    let cache = cache.lock().unwrap_or_else(PoisonError::into_inner);
    cache.get(key).filter(|c| c.until > now).map(|c| c.value.clone())
}

fn keep<K: std::hash::Hash + Eq, T>(cache: &Mutex<HashMap<K, Cached<T>>>, key: K, value: T, until: Timestamp) {
    cache.lock().unwrap_or_else(PoisonError::into_inner).insert(key, Cached { until, value });
}

/// The key id of an ARN (`arn:aws:kms:REGION:ACCOUNT:key/ID`), or the id itself.
fn key_id(key: &str) -> &str {
    key.rsplit_once("key/").map_or(key, |(_, id)| id)
}

/// Key ids that an `alias/aws/*` alias points at.
async fn aws_managed_keys(kms: &aws_sdk_kms::Client) -> Result<Vec<String>, CloudError> {
    let mut pages = kms.list_aliases().into_paginator().send();
    let mut ids = Vec::new();
    while let Some(page) = pages.try_next().await.map_err(|e| classify(&e, "kms:ListAliases"))? {
        for alias in page.aliases() {
            if alias.alias_name().is_some_and(|n| n.starts_with("alias/aws/"))
                && let Some(target) = alias.target_key_id()
            {
                ids.push(target.to_owned());
            }
        }
    }
    Ok(ids)
}

async fn customer_key(kms: &aws_sdk_kms::Client, key: &str) -> KeyFacts {
    let managed = kms.describe_key().key_id(key).send().await.map_err(|e| classify(&e, "kms:DescribeKey"));
    let aws_managed = match managed {
        Ok(out) => out.key_metadata().and_then(|m| m.key_manager()).map(|m| m.as_str() == "AWS"),
        Err(e) => {
            tracing::debug!("KMS key {key}: {e}");
            None
        }
    };
    if aws_managed != Some(false) {
        return KeyFacts { aws_managed, rotation: None };
    }
    let rotation = kms.get_key_rotation_status().key_id(key).send().await;
    let rotation = rotation
        .map_err(|e| tracing::debug!("rotation of {key}: {}", classify(&e, "kms:GetKeyRotationStatus")))
        .ok()
        .map(|out| out.key_rotation_enabled());
    KeyFacts { aws_managed, rotation }
}

/// What KMS says of `key`: AWS managed when an `alias/aws/*` alias (`managed`) points at it,
/// else as `DescribeKey` and the rotation status say.
async fn key_facts(
    kms: &aws_sdk_kms::Client,
    managed: Result<&Vec<String>, &CloudError>,
    key: &str,
) -> (String, KeyFacts) {
    let facts = match managed {
        Ok(ids) if ids.iter().any(|id| id == key_id(key)) => KeyFacts { aws_managed: Some(true), rotation: None },
        _ => customer_key(kms, key).await,
    };
    (key.to_owned(), facts)
}

/// The value a group sets for `param`, if any (`Source=user`: only what was set in it).
async fn group_value(clients: &Clients, group: &str, param: &str, cluster: bool) -> Result<Option<String>, CloudError> {
    let rds = &clients.rds;
    let found = if cluster {
        let out = rds
            .describe_db_cluster_parameters()
            .db_cluster_parameter_group_name(group)
            .source("user")
            .send()
            .await
            .map_err(|e| classify(&e, "rds:DescribeDBClusterParameters"))?;
        out.parameters()
            .iter()
            .find(|p| p.parameter_name() == Some(param))
            .map(|p| p.parameter_value().map(str::to_owned))
    } else {
        let out = rds
            .describe_db_parameters()
            .db_parameter_group_name(group)
            .source("user")
            .send()
            .await
            .map_err(|e| classify(&e, "rds:DescribeDBParameters"))?;
        out.parameters()
            .iter()
            .find(|p| p.parameter_name() == Some(param))
            .map(|p| p.parameter_value().map(str::to_owned))
    };
    Ok(found.flatten())
}

/// At most this many KMS keys or parameter groups are asked about at once.
const LOOKUPS_AT_ONCE: usize = 8;

/// What a fleet's hardening lookups found, to set on it with `apply`.
#[derive(Debug, Default)]
pub struct HardeningRead {
    groups: GroupsRead,
    keys: HashMap<String, KeyFacts>,
    /// The TLS parameter's value by (group, parameter, a cluster group or not).
    tls: HashMap<GroupAsk, GroupValue>,
}

/// The parameter group an instance's TLS is judged on: none for an Aurora member, whose
/// cluster's group decides.
fn instance_group(db: &DbInstance) -> Option<GroupAsk> {
    if db.engine.starts_with("aurora") {
        return None;
    }
    Some((db.hardening.parameter_group.clone()?, TlsRequirement::parameter(&db.engine)?, false))
}

/// The parameter group a cluster's TLS is judged on.
fn cluster_group(c: &DbCluster) -> Option<GroupAsk> {
    Some((c.hardening.parameter_group.clone()?, TlsRequirement::parameter(&c.engine)?, true))
}

/// Every parameter group the fleet's instances and clusters are judged on, once each.
fn tls_groups(fleet: &DbFleet) -> Vec<GroupAsk> {
    let instances = fleet.instances.iter().filter_map(instance_group);
    let mut wanted: Vec<_> = instances.chain(fleet.clusters.iter().filter_map(cluster_group)).collect();
    wanted.sort_unstable();
    wanted.dedup();
    wanted
}

impl HardeningRead {
    /// Sets the facts on the fleet they were looked up for.
    pub fn apply(&self, fleet: &mut DbFleet) {
        self.groups.apply(fleet);
        let facts = |key: Option<&String>| key.and_then(|k| self.keys.get(k)).copied().unwrap_or_default();
        let tls = |ask: Option<GroupAsk>, engine: &str, version: Option<&str>| {
            let ask = ask?;
            let value = self.tls.get(&ask)?.as_ref().ok()?;
            TlsRequirement::from_group(engine, version, &ask.0, value.as_deref())
        };
        for db in fleet.instances_mut() {
            let f = facts(db.kms_key_id.as_ref());
            db.kms_key_aws_managed = f.aws_managed;
            db.hardening.kms_rotation = f.rotation;
            db.hardening.tls = tls(instance_group(db), &db.engine, db.engine_version.as_deref());
        }
        for c in &mut fleet.clusters {
            let f = facts(c.kms_key_id.as_ref());
            c.kms_key_aws_managed = f.aws_managed;
            c.hardening.kms_rotation = f.rotation;
            c.hardening.tls = tls(cluster_group(c), &c.engine, c.engine_version.as_deref());
        }
    }
}

impl HardeningCache {
    /// What KMS says of each distinct key of the fleet, from the cache or asked now.
    async fn keys(
        &self,
        clients: &Clients,
        scope: &Scope,
        fleet: &DbFleet,
        now: Timestamp,
    ) -> HashMap<String, KeyFacts> {
        let mut wanted: Vec<&str> = fleet
            .instances
            .iter()
            .filter(|i| i.storage_encrypted == Some(true))
            .filter_map(|i| i.kms_key_id.as_deref())
            .chain(
                fleet
                    .clusters
                    .iter()
                    .filter(|c| c.storage_encrypted == Some(true))
                    .filter_map(|c| c.kms_key_id.as_deref()),
            )
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        let mut out = HashMap::new();
        let mut missing = Vec::new();
        for key in wanted {
            match fresh(&self.keys, &(scope.clone(), key.to_owned()), now) {
                Some(facts) => {
                    out.insert(key.to_owned(), facts);
                }
                None => missing.push(key),
            }
        }
        if missing.is_empty() {
            return out;
        }
        let managed = aws_managed_keys(&clients.kms).await;
        let asked: Vec<_> = missing.into_iter().map(|key| key_facts(&clients.kms, managed.as_ref(), key)).collect();
        let mut asked = futures_util::stream::iter(asked).buffer_unordered(LOOKUPS_AT_ONCE);
        while let Some((key, facts)) = asked.next().await {
            let until = if facts.aws_managed.is_some() && (facts.aws_managed == Some(true) || facts.rotation.is_some())
            {
                now + REFRESH
            } else {
                now + RETRY
            };
            keep(&self.keys, (scope.clone(), key.clone()), facts, until);
            out.insert(key, facts);
        }
        out
    }

    /// The TLS parameter's value in a group: `Ok(None)` when the group does not set it.
    async fn tls_value(
        &self,
        clients: &Clients,
        scope: &Scope,
        key: GroupAsk,
        now: Timestamp,
    ) -> (GroupAsk, GroupValue) {
        let cached = (scope.clone(), key.0.clone(), key.1, key.2);
        if let Some(value) = fresh(&self.groups, &cached, now) {
            return (key, value);
        }
        let (group, param, cluster) = (&key.0, key.1, key.2);
        let value = if group.starts_with("default.") {
            Ok(None)
        } else {
            group_value(clients, group, param, cluster)
                .await
                .map_err(|e| tracing::debug!("parameter group {group}: {e}"))
        };
        keep(&self.groups, cached, value.clone(), now + if value.is_ok() { REFRESH } else { RETRY });
        (key, value)
    }

    /// The hardening facts of a scope's fleet: its security groups, KMS keys and parameter
    /// groups, each kind asked at the same time as the others, and the keys and groups not
    /// cached up to `LOOKUPS_AT_ONCE` at a time, so that a first poll waits for the slowest
    /// lookup, not for the sum of them.
    pub async fn look_up(&self, clients: &Clients, scope: &Scope, fleet: &DbFleet, now: Timestamp) -> HardeningRead {
        let asked: Vec<_> = tls_groups(fleet).into_iter().map(|key| self.tls_value(clients, scope, key, now)).collect();
        let tls = async {
            let mut found = HashMap::new();
            let mut asked = futures_util::stream::iter(asked).buffer_unordered(LOOKUPS_AT_ONCE);
            while let Some((key, value)) = asked.next().await {
                found.insert(key, value);
            }
            found
        };
        let (groups, keys, tls) = futures_util::future::join3(
            self.security_groups.look_up(&clients.ec2, scope, fleet, (now, REFRESH, RETRY)),
            self.keys(clients, scope, fleet, now),
            tls,
        )
        .await;
        HardeningRead { groups, keys, tls }
    }
}

#[cfg(test)]
mod tests {
    use super::key_id;

    #[test]
    fn a_key_arn_names_its_id() {
        assert_eq!(key_id("arn:aws:kms:us-east-1:123456789012:key/f5f30938-abed"), "f5f30938-abed");
        assert_eq!(key_id("f5f30938-abed"), "f5f30938-abed");
    }
}
