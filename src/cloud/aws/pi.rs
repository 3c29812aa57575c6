//! Performance Insights for the one instance in focus: `GetResourceMetrics` (DB load by wait
//! event over the hour, and the vCPU count), `DescribeDimensionKeys` twice (top SQL with each
//! statement's load split by wait, and top waits), and `GetDimensionKeyDetails` for the full
//! text of statements the list truncated — once per statement, then from memory.
//!
//! The hour is aligned to whole minutes, the period PI is asked for, so that PI returns the
//! same sixty buckets whatever the second the poll runs.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, PoisonError};

use aws_sdk_pi::Client;
use aws_sdk_pi::types::{DimensionGroup, DimensionKeyDescription, MetricKeyDataPoints, MetricQuery, ServiceType};
use aws_smithy_types::DateTime;

use super::convert::floor_to;
use super::errors::classify;
use crate::cloud::CloudError;
use crate::cloud::model::{LoadSample, Performance, ResourceKey, SqlLoad, Timestamp, WaitLoad};

const PERIOD_SECS: i64 = 60;
const HOUR_SECS: i64 = 3600;
const TOP: i32 = 10;
/// `DescribeDimensionKeys` cuts statements at 500 bytes; longer text needs the details call.
const TRUNCATED_AT: usize = 500;
const LOAD: &str = "db.load.avg";
const VCPUS: &str = "os.general.numVCPUs.avg";
const WAIT_NAME: &str = "db.wait_event.name";
const SQL_ID: &str = "db.sql.id";
const SQL_STATEMENT: &str = "db.sql.statement";

/// Full statement texts already fetched, by (DbiResourceId, db.sql.id).
pub type SqlTexts = Mutex<HashMap<(String, String), String>>;

/// The instance to ask about: its key, `DbiResourceId`, and class (for a vCPU fallback).
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    pub key: &'a ResourceKey,
    pub resource_id: &'a str,
    pub class: Option<&'a str>,
}

/// The last hour, in whole minutes.
fn hour(now: Timestamp) -> (DateTime, DateTime) {
    let end = floor_to(now.timestamp(), PERIOD_SECS);
    (DateTime::from_secs(end - HOUR_SECS), DateTime::from_secs(end))
}

fn group(name: &str, dimensions: &[&str]) -> Result<DimensionGroup, CloudError> {
    let mut builder = DimensionGroup::builder().group(name).limit(TOP);
    for d in dimensions {
        builder = builder.dimensions(*d);
    }
    builder.build().map_err(|e| CloudError::Other { message: format!("pi request: {e}") })
}

fn dimension<'a>(key: &'a DimensionKeyDescription, name: &str) -> Option<&'a str> {
    key.dimensions().and_then(|d| d.get(name)).map(String::as_str)
}

/// vCPUs from the instance class size: large = 2, xlarge = 4, Nxlarge = 4N (micro to medium: 2).
pub fn class_vcpus(class: &str) -> Option<f64> {
    let size = class.rsplit('.').next()?;
    match size {
        "micro" | "small" | "medium" | "large" => Some(2.0),
        "xlarge" => Some(4.0),
        _ => size.strip_suffix("xlarge")?.parse::<f64>().ok().map(|n| n * 4.0),
    }
}

/// Load samples by wait event, and the highest vCPU count, from `GetResourceMetrics`.
pub fn load_samples(metrics: &[MetricKeyDataPoints]) -> (Vec<LoadSample>, Option<f64>) {
    let mut by_time: BTreeMap<i64, Vec<(String, f64)>> = BTreeMap::new();
    let mut totals: BTreeMap<i64, f64> = BTreeMap::new();
    let mut vcpus: Option<f64> = None;
    for series in metrics {
        let Some(key) = series.key() else { continue };
        let points = series.data_points().iter().map(|p| (p.timestamp().secs(), p.value()));
        match (key.metric(), key.dimensions().and_then(|d| d.get(WAIT_NAME))) {
            (VCPUS, _) => vcpus = points.map(|(_, v)| v).fold(vcpus, |m, v| Some(m.map_or(v, |m: f64| m.max(v)))),
            (LOAD, Some(wait)) => points.for_each(|(t, v)| by_time.entry(t).or_default().push((wait.clone(), v))),
            (LOAD, None) => totals.extend(points),
            _ => {}
        }
    }
    for (t, total) in totals {
        let waits = by_time.entry(t).or_default();
        let rest = total - waits.iter().map(|(_, v)| v).sum::<f64>();
        // Load beyond the top wait events, so the columns still add up to the total.
        if rest > 0.005 {
            waits.push(("Other".to_owned(), rest));
        }
    }
    let samples = by_time
        .into_iter()
        .filter_map(|(t, by_wait)| Some(LoadSample { at: Timestamp::from_timestamp(t, 0)?, by_wait }))
        .collect();
    (samples, vcpus)
}

async fn load(
    client: &Client,
    resource_id: &str,
    now: Timestamp,
) -> Result<(Vec<LoadSample>, Option<f64>), CloudError> {
    let (start, end) = hour(now);
    let by_wait = MetricQuery::builder().metric(LOAD).group_by(group("db.wait_event", &[WAIT_NAME])?).build();
    let total = MetricQuery::builder().metric(LOAD).build();
    let vcpus = MetricQuery::builder().metric(VCPUS).build();
    let queries = [by_wait, total, vcpus]
        .into_iter()
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| CloudError::Other { message: format!("pi request: {e}") })?;
    let output = client
        .get_resource_metrics()
        .service_type(ServiceType::Rds)
        .identifier(resource_id)
        .set_metric_queries(Some(queries))
        .start_time(start)
        .end_time(end)
        .period_in_seconds(PERIOD_SECS as i32)
        .send()
        .await
        .map_err(|e| classify(&e, "pi:GetResourceMetrics"))?;
    Ok(load_samples(output.metric_list()))
}

/// The heaviest statements, each with its heaviest wait event.
pub fn top_sql(keys: &[DimensionKeyDescription], partition_waits: &[Option<String>]) -> Vec<SqlLoad> {
    keys.iter()
        .filter_map(|key| {
            let statement = dimension(key, SQL_STATEMENT)?.to_owned();
            let id = dimension(key, SQL_ID).map_or_else(|| statement.clone(), str::to_owned);
            let top_wait = key
                .partitions()
                .iter()
                .zip(partition_waits)
                .filter(|&(&v, _)| v > 0.0)
                .max_by(|a, b| a.0.total_cmp(b.0))
                .and_then(|(_, wait)| wait.clone());
            Some(SqlLoad { id, statement, load: key.total().unwrap_or(0.0), top_wait })
        })
        .collect()
}

async fn describe(
    client: &Client,
    resource_id: &str,
    now: Timestamp,
    (by, partition): (DimensionGroup, Option<DimensionGroup>),
) -> Result<aws_sdk_pi::operation::describe_dimension_keys::DescribeDimensionKeysOutput, CloudError> {
    let (start, end) = hour(now);
    client
        .describe_dimension_keys()
        .service_type(ServiceType::Rds)
        .identifier(resource_id)
        .metric(LOAD)
        .start_time(start)
        .end_time(end)
        .period_in_seconds(PERIOD_SECS as i32)
        .group_by(by)
        .set_partition_by(partition)
        .max_results(TOP)
        .send()
        .await
        .map_err(|e| classify(&e, "pi:DescribeDimensionKeys"))
}

async fn statements(client: &Client, resource_id: &str, now: Timestamp) -> Result<Vec<SqlLoad>, CloudError> {
    let by = group("db.sql", &[SQL_ID, SQL_STATEMENT])?;
    let partition = group("db.wait_event", &[WAIT_NAME])?;
    let output = describe(client, resource_id, now, (by, Some(partition))).await?;
    let waits: Vec<Option<String>> =
        output.partition_keys().iter().map(|p| p.dimensions().get(WAIT_NAME).cloned()).collect();
    Ok(top_sql(output.keys(), &waits))
}

async fn waits(client: &Client, resource_id: &str, now: Timestamp) -> Result<Vec<WaitLoad>, CloudError> {
    let output = describe(client, resource_id, now, (group("db.wait_event", &[WAIT_NAME])?, None)).await?;
    Ok(output
        .keys()
        .iter()
        .filter_map(|k| Some(WaitLoad { event: dimension(k, WAIT_NAME)?.to_owned(), load: k.total().unwrap_or(0.0) }))
        .collect())
}

async fn full_text(client: &Client, resource_id: &str, sql_id: &str) -> Result<Option<String>, CloudError> {
    let output = client
        .get_dimension_key_details()
        .service_type(ServiceType::Rds)
        .identifier(resource_id)
        .group("db.sql")
        .group_identifier(sql_id)
        .requested_dimensions("statement")
        .send()
        .await
        .map_err(|e| classify(&e, "pi:GetDimensionKeyDetails"))?;
    Ok(output
        .dimensions()
        .iter()
        .find(|d| d.status().is_some_and(|s| s.as_str() == "AVAILABLE"))
        .and_then(|d| d.value())
        .map(str::to_owned))
}

/// Replaces truncated statements with their full text, fetching each one only once. A failure
/// here keeps the truncated text: the list is still worth showing.
async fn complete(client: &Client, resource_id: &str, sql: &mut [SqlLoad], texts: &SqlTexts) {
    for statement in sql.iter_mut().filter(|s| s.statement.len() >= TRUNCATED_AT) {
        let key = (resource_id.to_owned(), statement.id.clone());
        let known = texts.lock().unwrap_or_else(PoisonError::into_inner).get(&key).cloned();
        let text = match known {
            Some(text) => Some(text),
            None => match full_text(client, resource_id, &statement.id).await {
                Ok(text) => text,
                Err(error) => {
                    tracing::warn!(%error, sql = %statement.id, "full SQL text unavailable");
                    None
                }
            },
        };
        if let Some(text) = text {
            texts.lock().unwrap_or_else(PoisonError::into_inner).insert(key, text.clone());
            statement.statement = text;
        }
    }
}

/// Performance Insights for one instance over the last hour.
pub async fn performance(
    client: &Client,
    target: Target<'_>,
    now: Timestamp,
    texts: &SqlTexts,
) -> Result<Performance, CloudError> {
    let id = target.resource_id;
    let (load, sql, waits) = tokio::join!(load(client, id, now), statements(client, id, now), waits(client, id, now));
    let ((load, vcpus), mut top_sql, mut top_waits) = (load?, sql?, waits?);
    complete(client, id, &mut top_sql, texts).await;
    top_sql.sort_by(|a, b| b.load.total_cmp(&a.load));
    top_waits.sort_by(|a, b| b.load.total_cmp(&a.load));
    Ok(Performance {
        instance: target.key.clone(),
        max_vcpu: vcpus.or_else(|| target.class.and_then(class_vcpus)),
        load,
        top_sql,
        top_waits,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vcpus_follow_the_class_size() {
        assert_eq!(class_vcpus("db.r6g.large"), Some(2.0));
        assert_eq!(class_vcpus("db.m5.xlarge"), Some(4.0));
        assert_eq!(class_vcpus("db.r6g.16xlarge"), Some(64.0));
        assert_eq!(class_vcpus("db.t3.micro"), Some(2.0));
        assert_eq!(class_vcpus("db.serverless"), None);
    }

    #[test]
    fn the_hour_is_whole_minutes() {
        let now = Timestamp::from_timestamp(1_795_000_030, 0).unwrap_or_default();
        let (start, end) = hour(now);
        assert_eq!(end.secs() % 60, 0);
        assert_eq!(end.secs() - start.secs(), 3600);
        assert!(end.secs() <= now.timestamp());
    }
}
