//! Performance Insights for the one instance in focus, over the window and slice asked for:
//! `GetResourceMetrics` (DB load grouped by the dimension, the total, and the vCPU count, in
//! one call), `DescribeDimensionKeys` for top SQL (`db.sql_tokenized`, partitioned by wait
//! event, with the engine's per-statement statistics as `AdditionalMetrics`), and
//! `DescribeDimensionKeys` for the top keys of the dimension (not sent when slicing by SQL:
//! top SQL is that list). What the engine reports is asked once per instance (`pi_meta`).
//!
//! So a refresh, and a change of window or slice, is three calls (two when sliced by SQL),
//! plus two the first time an instance is in focus.
//!
//! The window is aligned to whole periods, the period PI is asked for, so that PI returns the
//! same buckets whatever the second the poll runs.

use std::collections::BTreeMap;

use aws_sdk_pi::Client;
use aws_sdk_pi::types::{DimensionKeyDescription, MetricKeyDataPoints, MetricQuery, ServiceType};

use super::errors::classify;
use super::pi_meta::{self, Known, StatNames};
use super::pi_query::{DIGEST_ID, LOAD, TOP, Target, dimension, dimension_keys, group, request_error, window};
use crate::cloud::CloudError;
use crate::cloud::model::{
    Capabilities, Dimension, KeyLoad, LoadSample, Performance, PiView, SqlLoad, SqlStats, Timestamp, class_vcpus,
};

const VCPUS: &str = "os.general.numVCPUs.avg";
const WAIT_NAME: &str = "db.wait_event.name";
const DIGEST_STATEMENT: &str = "db.sql_tokenized.statement";
/// The slice of load beyond the keys PI lists, so the columns still add up to the total.
const OTHER: &str = "Other";

/// Load samples by the keys of `name` (a dimension such as `db.host.name`), and the highest
/// vCPU count, from `GetResourceMetrics`. Load beyond the listed keys becomes "Other".
pub fn load_samples(metrics: &[MetricKeyDataPoints], name: &str) -> (Vec<LoadSample>, Option<f64>) {
    let mut by_time: BTreeMap<i64, Vec<(String, f64)>> = BTreeMap::new();
    let mut totals: BTreeMap<i64, f64> = BTreeMap::new();
    let mut vcpus: Option<f64> = None;
    for series in metrics {
        let Some(key) = series.key() else { continue };
        let points = series.data_points().iter().map(|p| (p.timestamp().secs(), p.value()));
        match (key.metric(), key.dimensions().and_then(|d| d.get(name))) {
            (VCPUS, _) => vcpus = points.map(|(_, v)| v).fold(vcpus, |m, v| Some(m.map_or(v, |m: f64| m.max(v)))),
            (LOAD, Some(slice)) => points.for_each(|(t, v)| by_time.entry(t).or_default().push((slice.clone(), v))),
            (LOAD, None) if key.dimensions().is_none_or(std::collections::HashMap::is_empty) => totals.extend(points),
            _ => {}
        }
    }
    for (t, total) in totals {
        let slices = by_time.entry(t).or_default();
        let rest = total - slices.iter().map(|(_, v)| v).sum::<f64>();
        if rest > 0.005 {
            slices.push((OTHER.to_owned(), rest));
        }
    }
    let samples = by_time
        .into_iter()
        .filter_map(|(t, slices)| Some(LoadSample { at: Timestamp::from_timestamp(t, 0)?, slices }))
        .collect();
    (samples, vcpus)
}

async fn load(
    client: &Client,
    target: Target<'_>,
    (now, view): (Timestamp, PiView),
    sliced: bool,
) -> Result<(Vec<LoadSample>, Option<f64>), CloudError> {
    let (start, end, period) = window(now, view);
    let dimension = view.dimension;
    let mut queries = vec![MetricQuery::builder().metric(LOAD).build(), MetricQuery::builder().metric(VCPUS).build()];
    if sliced {
        let by = group(dimension.group(), &[dimension.name_dimension()])?;
        queries.insert(0, MetricQuery::builder().metric(LOAD).group_by(by).build());
    }
    let queries = queries.into_iter().collect::<Result<Vec<_>, _>>().map_err(request_error)?;
    let output = client
        .get_resource_metrics()
        .service_type(ServiceType::Rds)
        .identifier(target.resource_id)
        .set_metric_queries(Some(queries))
        .start_time(start)
        .end_time(end)
        .period_in_seconds(period)
        .send()
        .await
        .map_err(|e| classify(&e, "pi:GetResourceMetrics"))?;
    Ok(load_samples(output.metric_list(), dimension.name_dimension()))
}

/// The heaviest statements, each with its heaviest wait event and the statistics the engine
/// reported (a statistic PI left out is `None`).
pub fn top_sql(keys: &[DimensionKeyDescription], partition_waits: &[Option<String>], stats: StatNames) -> Vec<SqlLoad> {
    keys.iter()
        .filter_map(|key| {
            let statement = dimension(key, DIGEST_STATEMENT)?.to_owned();
            let id = dimension(key, DIGEST_ID).map_or_else(|| statement.clone(), str::to_owned);
            let top_wait = key
                .partitions()
                .iter()
                .zip(partition_waits)
                .filter(|&(&v, _)| v > 0.0)
                .max_by(|a, b| a.0.total_cmp(b.0))
                .and_then(|(_, wait)| wait.clone());
            let metric = |name: Option<&str>| name.and_then(|n| key.additional_metrics()?.get(n).copied());
            let stats = SqlStats {
                calls_per_sec: metric(stats.calls_per_sec),
                rows_per_call: metric(stats.rows_per_call),
                latency_ms: metric(stats.latency_ms),
            };
            Some(SqlLoad { id, statement, load: key.total().unwrap_or(0.0), top_wait, stats })
        })
        .collect()
}

/// Top keys of a dimension from `DescribeDimensionKeys`.
pub fn top_keys(keys: &[DimensionKeyDescription], name: &str) -> Vec<KeyLoad> {
    keys.iter()
        .filter_map(|k| Some(KeyLoad { name: dimension(k, name)?.to_owned(), load: k.total().unwrap_or(0.0) }))
        .collect()
}

async fn statements(
    client: &Client,
    target: Target<'_>,
    (now, view): (Timestamp, PiView),
    stats: StatNames,
) -> Result<Vec<SqlLoad>, CloudError> {
    let output = dimension_keys(client, target, (now, view))
        .group_by(group(Dimension::Sql.group(), &[DIGEST_ID, DIGEST_STATEMENT])?)
        .partition_by(group(Dimension::WaitEvent.group(), &[WAIT_NAME])?)
        .set_additional_metrics(stats.requested())
        .max_results(TOP)
        .send()
        .await
        .map_err(|e| classify(&e, "pi:DescribeDimensionKeys"))?;
    let waits: Vec<Option<String>> =
        output.partition_keys().iter().map(|p| p.dimensions().get(WAIT_NAME).cloned()).collect();
    Ok(top_sql(output.keys(), &waits, stats))
}

async fn keys(
    client: &Client,
    target: Target<'_>,
    (now, view): (Timestamp, PiView),
) -> Result<Vec<KeyLoad>, CloudError> {
    let name = view.dimension.name_dimension();
    let output = dimension_keys(client, target, (now, view))
        .group_by(group(view.dimension.group(), &[name])?)
        .max_results(TOP)
        .send()
        .await
        .map_err(|e| classify(&e, "pi:DescribeDimensionKeys"))?;
    Ok(top_keys(output.keys(), name))
}

/// Performance Insights for one instance over a window, sliced as asked.
pub async fn performance(
    client: &Client,
    target: Target<'_>,
    (now, view): (Timestamp, PiView),
    known: &Known,
) -> Result<Performance, CloudError> {
    let capabilities: Capabilities = pi_meta::capabilities(client, target, known).await;
    let sliced = capabilities.why_not(view.dimension).is_none();
    let stats = StatNames::for_engine(target.engine, &capabilities);
    let by_sql = view.dimension == Dimension::Sql;
    let top = async { if sliced && !by_sql { keys(client, target, (now, view)).await } else { Ok(Vec::new()) } };
    let (load, sql, top) =
        tokio::join!(load(client, target, (now, view), sliced), statements(client, target, (now, view), stats), top);
    let ((load, vcpus), mut top_sql, mut top_keys) = (load?, sql?, top?);
    top_sql.sort_by(|a, b| b.load.total_cmp(&a.load));
    if by_sql && sliced {
        top_keys = top_sql.iter().map(|s| KeyLoad { name: s.statement.clone(), load: s.load }).collect();
    }
    top_keys.sort_by(|a, b| b.load.total_cmp(&a.load));
    Ok(Performance {
        instance: target.key.clone(),
        view,
        capabilities,
        max_vcpu: vcpus.or_else(|| target.class.and_then(class_vcpus)),
        load,
        top_sql,
        top_keys,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloud::model::Window;

    #[test]
    fn windows_are_whole_periods() {
        let now = Timestamp::from_timestamp(1_795_000_030, 0).unwrap_or_default();
        for w in Window::ALL {
            let (start, end, period) = window(now, PiView { window: w, ..PiView::default() });
            assert_eq!(end.secs() % i64::from(period), 0, "{w:?}");
            assert_eq!(end.secs() - start.secs(), w.secs());
            assert!(end.secs() <= now.timestamp());
            assert!((end.secs() - start.secs()) / i64::from(period) <= 360);
        }
    }
}
