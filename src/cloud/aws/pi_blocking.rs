//! Blocking on the instance in focus, when its view opens: `DescribeDimensionKeys` three times
//! over the window — the blocking statements (`db.blocking_sql`) partitioned by the digests
//! waiting on them, then the sessions (`db.blocking_session`) and the objects
//! (`db.blocking_object`) partitioned by blocking statement, to name what each one held. An
//! engine whose dimensions lack `db.blocking_sql` is not asked: it reports no blocking.
//! Where the engine takes lock snapshots (Aurora PostgreSQL), two calls more: the busiest
//! second of the window's last five minutes (`GetResourceMetrics` at a one-second period),
//! then the lock trees PI snapshotted then (`GetDimensionKeyDetails`, `db.lock_snapshot`,
//! whose identifier is that second, `db.lock_snapshot.lock_trees`).

use std::collections::HashMap;

use aws_sdk_pi::Client;
use aws_sdk_pi::operation::describe_dimension_keys::DescribeDimensionKeysOutput;

use super::errors::classify;
use aws_sdk_pi::types::ServiceType;
use aws_smithy_types::DateTime;

use super::pi_meta::{self, BLOCKING_SQL, Known, LOCK_SNAPSHOT};
use super::pi_query::{TOP, Target, dimension, dimension_keys, group};
use crate::cloud::CloudError;
use crate::cloud::model::{Blocker, Blocking, LockSnapshot, PiView, Timestamp, Waiter};

const BLOCKING_ID: &str = "db.blocking_sql.id";
const BLOCKING_TEXT: &str = "db.blocking_sql.sql";
const SESSION_ID: &str = "db.blocking_session.id";
const OBJECT_TYPE: &str = "db.blocking_object.type";
const OBJECT_VALUE: &str = "db.blocking_object.value";
const WAITING: &str = "db.sql_tokenized.statement";

async fn describe(
    client: &Client,
    target: Target<'_>,
    (now, view): (Timestamp, PiView),
    (by, by_dimensions): (&str, &[&str]),
    (partition, partition_dimension): (&str, &str),
) -> Result<DescribeDimensionKeysOutput, CloudError> {
    dimension_keys(client, target, (now, view))
        .group_by(group(by, by_dimensions)?)
        .partition_by(group(partition, &[partition_dimension])?)
        .max_results(TOP)
        .send()
        .await
        .map_err(|e| classify(&e, "pi:DescribeDimensionKeys"))
}

/// For each blocking statement (a partition), the key that held it most, named by `name`.
pub fn held_most(
    output: &DescribeDimensionKeysOutput,
    name: impl Fn(&HashMap<String, String>) -> Option<String>,
) -> HashMap<String, String> {
    let mut most: HashMap<String, (f64, String)> = HashMap::new();
    for (j, partition) in output.partition_keys().iter().enumerate() {
        let Some(blocker) = partition.dimensions().get(BLOCKING_ID) else { continue };
        for key in output.keys() {
            let (Some(&load), Some(named)) = (key.partitions().get(j), key.dimensions().and_then(&name)) else {
                continue;
            };
            if load > 0.0 && most.get(blocker).is_none_or(|(best, _)| load > *best) {
                most.insert(blocker.clone(), (load, named));
            }
        }
    }
    most.into_iter().map(|(k, (_, v))| (k, v)).collect()
}

/// The blockers and their waiters from `db.blocking_sql` partitioned by waiting digest.
pub fn blockers(output: &DescribeDimensionKeysOutput) -> Vec<Blocker> {
    let waiting: Vec<Option<&String>> = output.partition_keys().iter().map(|p| p.dimensions().get(WAITING)).collect();
    let mut blockers: Vec<Blocker> = output
        .keys()
        .iter()
        .filter_map(|key| {
            let id = dimension(key, BLOCKING_ID)?.to_owned();
            let statement = dimension(key, BLOCKING_TEXT).map_or_else(|| id.clone(), str::to_owned);
            let mut waiters: Vec<Waiter> = key
                .partitions()
                .iter()
                .zip(&waiting)
                .filter(|&(&load, _)| load > 0.0)
                .filter_map(|(&load, s)| Some(Waiter { statement: (*s)?.clone(), load }))
                .collect();
            waiters.sort_by(|a, b| b.load.total_cmp(&a.load));
            Some(Blocker { id, statement, session: None, object: None, load: key.total().unwrap_or(0.0), waiters })
        })
        .collect();
    blockers.sort_by(|a, b| b.load.total_cmp(&a.load));
    blockers
}

/// The second of the last `LOCK_LOOK_BACK` seconds with the most load, from one-second
/// `GetResourceMetrics`.
pub fn busiest_second(metrics: &[aws_sdk_pi::types::MetricKeyDataPoints]) -> Option<i64> {
    metrics
        .iter()
        .flat_map(aws_sdk_pi::types::MetricKeyDataPoints::data_points)
        .filter(|p| p.value().is_finite())
        .max_by(|a, b| a.value().total_cmp(&b.value()))
        .map(|p| p.timestamp().secs())
}

/// How far back the lock snapshot is looked for.
const LOCK_LOOK_BACK: i64 = 300;

/// The lock trees at the busiest second of the last minutes; `None` when PI has none (or a
/// call failed: the tree above stands without them).
async fn lock_snapshot(client: &Client, target: Target<'_>, now: Timestamp) -> Option<LockSnapshot> {
    let end = now.timestamp();
    let query = aws_sdk_pi::types::MetricQuery::builder().metric(super::pi_query::LOAD).build().ok()?;
    let metrics = client
        .get_resource_metrics()
        .service_type(ServiceType::Rds)
        .identifier(target.resource_id)
        .metric_queries(query)
        .start_time(DateTime::from_secs(end - LOCK_LOOK_BACK))
        .end_time(DateTime::from_secs(end))
        .period_in_seconds(1)
        .send()
        .await
        .map_err(|e| tracing::warn!(error = %classify(&e, "pi:GetResourceMetrics"), "no lock snapshot"))
        .ok()?;
    let second = busiest_second(metrics.metric_list())?;
    let details = client
        .get_dimension_key_details()
        .service_type(ServiceType::Rds)
        .identifier(target.resource_id)
        .group(LOCK_SNAPSHOT)
        .group_identifier(second.to_string())
        .requested_dimensions("db.lock_snapshot.lock_trees")
        .send()
        .await
        .map_err(|e| tracing::warn!(error = %classify(&e, "pi:GetDimensionKeyDetails"), "no lock snapshot"))
        .ok()?;
    let trees = super::pi_plans::available(&details)?;
    Some(LockSnapshot { at: Timestamp::from_timestamp(second, 0)?, trees: super::pi_reports::clean(&trees) })
}

/// Who blocked whom on one instance over a window.
pub async fn blocking(
    client: &Client,
    target: Target<'_>,
    at: (Timestamp, PiView),
    known: &Known,
) -> Result<Blocking, CloudError> {
    let capabilities = pi_meta::capabilities(client, target, known).await;
    let lock_snapshot = if capabilities.lock_snapshots { lock_snapshot(client, target, at.0).await } else { None };
    let mut blocking = Blocking {
        instance: target.key.clone(),
        view: at.1,
        blockers: Vec::new(),
        not_reported: capabilities.no_blocking,
        lock_snapshot,
    };
    if blocking.not_reported.is_some() {
        return Ok(blocking);
    }
    let by_sql = (BLOCKING_SQL, &[BLOCKING_ID, BLOCKING_TEXT][..]);
    let (tree, sessions, objects) = tokio::join!(
        describe(client, target, at, by_sql, ("db.sql_tokenized", WAITING)),
        describe(client, target, at, ("db.blocking_session", &[SESSION_ID]), (BLOCKING_SQL, BLOCKING_ID)),
        describe(client, target, at, ("db.blocking_object", &[OBJECT_TYPE, OBJECT_VALUE]), (BLOCKING_SQL, BLOCKING_ID)),
    );
    blocking.blockers = blockers(&tree?);
    // Sessions and objects only name what the tree shows: without them the tree still stands.
    let sessions = sessions.map(|o| held_most(&o, |d| d.get(SESSION_ID).cloned())).unwrap_or_default();
    let objects = objects
        .map(|o| {
            held_most(&o, |d| match (d.get(OBJECT_TYPE), d.get(OBJECT_VALUE)) {
                (Some(kind), Some(value)) => Some(format!("{kind} · {value}")),
                (kind, value) => kind.or(value).cloned(),
            })
        })
        .unwrap_or_default();
    for blocker in &mut blocking.blockers {
        blocker.session = sessions.get(&blocker.id).cloned();
        blocker.object = objects.get(&blocker.id).cloned();
    }
    Ok(blocking)
}
