//! One fetch of every feed `check` needs, for every scope, each call bounded by the timeout.
//!
//! Scopes are fetched concurrently and their feeds too, except metrics, which need the instance
//! and group names first. A failed call is kept as a `FetchError` naming the scope and feed;
//! the rest of the scope is still judged (PI is not fetched: no rule needs it).

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use futures_util::future::join_all;

use super::progress::{Progress, Silent};
use crate::cloud::model::{Alarm, DbFleet, MetricTargets, Metrics, ScalingGroup, Scope, Timestamp};
use crate::cloud::{CloudError, Inventory};
use crate::feed::FeedKind;

/// A feed of a scope that could not be fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchError {
    pub scope: Scope,
    pub feed: FeedKind,
    pub error: CloudError,
}

/// What was fetched for one scope.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScopeFetch {
    pub fleet: Option<DbFleet>,
    pub metrics: Option<Metrics>,
    pub alarms: Option<Vec<Alarm>>,
    pub groups: Option<Vec<ScalingGroup>>,
}

/// Everything `check` judges.
#[derive(Debug, Clone, PartialEq)]
pub struct Fetched {
    pub backend: String,
    /// Every scope, in the inventory's order, with what arrived.
    pub scopes: Vec<(Scope, ScopeFetch)>,
    pub errors: Vec<FetchError>,
    /// The backend's clock once everything arrived: ages and expiries count from here.
    pub at: Timestamp,
}

async fn bounded<T>(call: impl Future<Output = Result<T, CloudError>>, timeout: Duration) -> Result<T, CloudError> {
    tokio::time::timeout(timeout, call)
        .await
        .unwrap_or_else(|_| Err(CloudError::Network { message: format!("no answer within {}s", timeout.as_secs()) }))
}

/// Keeps the data, or files the error under its scope and feed.
fn keep<T>(result: Result<T, CloudError>, scope: &Scope, feed: FeedKind, errors: &mut Vec<FetchError>) -> Option<T> {
    result.map_err(|error| errors.push(FetchError { scope: scope.clone(), feed, error })).ok()
}

async fn fetch_scope(
    inventory: &dyn Inventory,
    scope: Scope,
    timeout: Duration,
) -> (Scope, ScopeFetch, Vec<FetchError>) {
    let mut errors = Vec::new();
    let (fleet, alarms, groups) = tokio::join!(
        bounded(inventory.db_fleet(&scope), timeout),
        bounded(inventory.alarms(&scope), timeout),
        bounded(inventory.scaling_groups(&scope), timeout),
    );
    let mut data = ScopeFetch {
        fleet: keep(fleet, &scope, FeedKind::Fleet, &mut errors),
        metrics: None,
        alarms: keep(alarms, &scope, FeedKind::Alarms, &mut errors),
        groups: keep(groups, &scope, FeedKind::Groups, &mut errors),
    };
    let targets = MetricTargets {
        instances: data.fleet.iter().flat_map(|f| f.instances.iter().map(|i| i.id.clone())).collect(),
        groups: data.groups.iter().flatten().map(|g| g.name.clone()).collect(),
    };
    if !targets.instances.is_empty() || !targets.groups.is_empty() {
        let metrics = bounded(inventory.metrics(&scope, &targets), timeout).await;
        data.metrics = keep(metrics, &scope, FeedKind::Metrics, &mut errors);
    } else if data.fleet.is_some() && data.groups.is_some() {
        // Nothing to measure is not a failure: the scope is simply empty.
        data.metrics = Some(Metrics::default());
    }
    (scope, data, errors)
}

/// Fetches every feed of every scope once.
pub async fn fetch(inventory: &dyn Inventory, timeout: Duration) -> Fetched {
    fetch_with(inventory, timeout, &Silent).await
}

/// Fetches every feed of every scope once, telling `progress` as each scope is done.
pub async fn fetch_with(inventory: &dyn Inventory, timeout: Duration, progress: &dyn Progress) -> Fetched {
    let scopes = inventory.scopes();
    let total = scopes.len();
    let done = AtomicUsize::new(0);
    let results = join_all(scopes.into_iter().map(|scope| async {
        let result = fetch_scope(inventory, scope, timeout).await;
        progress.fetched(done.fetch_add(1, Ordering::Relaxed) + 1, total, &result.0);
        result
    }))
    .await;
    let mut fetched =
        Fetched { backend: inventory.label(), scopes: Vec::new(), errors: Vec::new(), at: inventory.clock().now() };
    for (scope, data, errors) in results {
        fetched.scopes.push((scope, data));
        fetched.errors.extend(errors);
    }
    fetched
}
