//! CloudWatch metrics through `GetMetricData` only: every series of a region (all instances'
//! metrics and every group's CPU) in as few calls as the planner can pack them, a few calls at a
//! time. The first fetch asks for the hour; later ones ask only for the newest periods and
//! splice them into the history kept here.
//!
//! The history lives behind a mutex inside the adapter: it is a cache of what CloudWatch said,
//! not UI state, and it is never held across an `await`.

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, MutexGuard, PoisonError};

use aws_sdk_cloudwatch::Client;
use aws_sdk_cloudwatch::operation::get_metric_data::GetMetricDataOutput;
use aws_sdk_cloudwatch::types::{Dimension, Metric, MetricDataQuery, MetricStat, ScanBy};
use futures_util::StreamExt;

use super::convert::sdk_time;
use super::errors::classify;
use super::planner::{self, Batch, HISTORY_SECS, InstanceTarget, PERIOD_SECS, Query, SeriesKey, Window};
use crate::cloud::CloudError;
use crate::cloud::model::{DbSeries, IdMap, Metrics, Scope, Series, Timestamp};

/// `GetMetricData` calls in flight at once per region: fast, and far below the API's limit.
const CONCURRENT_CALLS: usize = 4;

/// (epoch seconds, value), oldest first.
pub(super) type Points = Vec<(i64, f64)>;

/// What is known of one region's series.
#[derive(Debug, Default)]
struct Known {
    /// Shared with the answers handed back: one copy of the hour between them.
    series: HashMap<SeriesKey, Series>,
    /// The end (exclusive) of the last window fetched per series.
    until: HashMap<SeriesKey, i64>,
    /// The last answer and the series it was asked for, handed back as it is (shared, so the
    /// UI's comparison is a pointer check) while no series changed: five of six refreshes
    /// against one-minute datapoints.
    answer: Option<(HashSet<SeriesKey>, Metrics)>,
}

impl Known {
    /// Replaces the fetched window of each series with the new points and forgets what fell
    /// out of the hour.
    fn merge(&mut self, fetched: Fetched) {
        let oldest = fetched.window.end - HISTORY_SECS;
        for (key, new_points) in fetched.series {
            let points = self.series.entry(key.clone()).or_default();
            let merged = spliced(points, oldest, fetched.window.start, new_points);
            if *points != merged {
                *points = merged;
                self.answer = None;
            }
            self.until.insert(key, fetched.window.end);
        }
    }

    /// Keeps only the series still asked for, so a deleted instance's history goes too.
    fn retain(&mut self, wanted: &HashSet<SeriesKey>) {
        self.series.retain(|key, _| wanted.contains(key));
        self.until.retain(|key, _| wanted.contains(key));
    }

    /// The last hour of the `wanted` series: the last answer again if nothing changed since.
    fn answer(&mut self, wanted: HashSet<SeriesKey>) -> Metrics {
        match &self.answer {
            Some((asked, metrics)) if *asked == wanted => metrics.clone(),
            _ => {
                let metrics = self.metrics(&wanted);
                self.answer = Some((wanted, metrics.clone()));
                metrics
            }
        }
    }

    fn metrics(&self, wanted: &HashSet<SeriesKey>) -> Metrics {
        let (mut db, mut group_cpu) = (IdMap::default(), HashMap::new());
        for key in wanted {
            let points = self.series.get(key).cloned().unwrap_or_default();
            match key {
                SeriesKey::Db { instance, metric } => {
                    db.entry(instance.clone()).or_insert_with(DbSeries::default).series.insert(*metric, points);
                }
                SeriesKey::GroupCpu { group } => {
                    group_cpu.insert(group.clone(), points);
                }
            }
        }
        Metrics::new(db, group_cpu)
    }
}

/// `old`'s points from `oldest` to before `start`, then `new` (the window fetched from
/// `start` on) from `oldest` on, in time order, one point per time (the kept one first).
/// Where the new points follow the kept ones a minute apart they go at the end of `old`'s
/// log, which the answers handed back share.
fn spliced(old: &Series, oldest: i64, start: i64, mut new: Points) -> Series {
    new.sort_by_key(|&(t, _)| t);
    new.dedup_by_key(|&mut (t, _)| t);
    if old.is_ascending() && new.first().is_none_or(|&(t, _)| t >= start) {
        new.retain(|&(t, _)| t >= oldest);
        return old.slid(oldest..start, &new);
    }
    let mut merged: Points = old.secs().filter(|&(t, _)| t < start).collect();
    merged.extend(new);
    merged.retain(|&(t, _)| t >= oldest);
    merged.sort_by_key(|&(t, _)| t);
    merged.dedup_by_key(|&mut (t, _)| t);
    Series::from_secs(merged)
}

/// The history of every region's series.
#[derive(Debug, Default)]
pub struct MetricHistory {
    regions: Mutex<HashMap<Scope, Known>>,
}

impl MetricHistory {
    fn regions(&self) -> MutexGuard<'_, HashMap<Scope, Known>> {
        self.regions.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The batches to send for `queries` at `now`, given what is known.
    fn plan(&self, scope: &Scope, queries: Vec<Query>, now: i64) -> Vec<Batch> {
        let regions = self.regions();
        let known = regions.get(scope);
        let until = |key: &SeriesKey| known.and_then(|k| k.until.get(key).copied());
        planner::plan(queries.into_iter().map(|q| (planner::window(until(&q.key), now), q)))
    }
}

/// One batch's answer.
#[derive(Debug)]
struct Fetched {
    window: Window,
    series: Vec<(SeriesKey, Points)>,
}

/// Query `index` (its id is `q{index}`) as `GetMetricData` takes it: the average per `period`.
pub(super) fn to_sdk(index: usize, query: &Query, period: i64) -> MetricDataQuery {
    let dimension = Dimension::builder().name(query.dimension.0).value(&query.dimension.1).build();
    let metric =
        Metric::builder().namespace(query.namespace).metric_name(query.metric_name).dimensions(dimension).build();
    let stat = MetricStat::builder().metric(metric).period(period as i32).stat("Average").build();
    MetricDataQuery::builder().id(format!("q{index}")).metric_stat(stat).return_data(true).build()
}

/// Adds one answer page's datapoints to the series of the queries they answer (by id);
/// results for ids never asked are dropped.
pub(super) fn absorb(page: &GetMetricDataOutput, points: &mut [Points]) {
    for result in page.metric_data_results() {
        let index = result.id().and_then(|id| id.strip_prefix('q')).and_then(|i| i.parse::<usize>().ok());
        let Some(series) = index.and_then(|i| points.get_mut(i)) else { continue };
        series.extend(
            result.timestamps().iter().map(aws_smithy_types::DateTime::secs).zip(result.values().iter().copied()),
        );
    }
}

/// Sends `queries` for `start`..`end`, following `NextToken` until every datapoint is in: each
/// query's points, in the queries' order.
pub(super) async fn get_metric_data(
    client: &Client,
    queries: Vec<MetricDataQuery>,
    start: Timestamp,
    end: Timestamp,
) -> Result<Vec<Points>, CloudError> {
    let mut points: Vec<Points> = vec![Vec::new(); queries.len()];
    let mut pages = client
        .get_metric_data()
        .set_metric_data_queries(Some(queries))
        .start_time(sdk_time(start))
        .end_time(sdk_time(end))
        .scan_by(ScanBy::TimestampAscending)
        .into_paginator()
        .send();
    while let Some(page) = pages.try_next().await.map_err(|e| classify(&e, "cloudwatch:GetMetricData"))? {
        absorb(&page, &mut points);
    }
    Ok(points)
}

/// Sends one batch.
async fn run(client: &Client, batch: Batch) -> Result<Fetched, CloudError> {
    let queries: Vec<MetricDataQuery> =
        batch.queries.iter().enumerate().map(|(i, q)| to_sdk(i, q, PERIOD_SECS)).collect();
    let start = Timestamp::from_timestamp(batch.window.start, 0).unwrap_or_default();
    let end = Timestamp::from_timestamp(batch.window.end, 0).unwrap_or_default();
    let points = get_metric_data(client, queries, start, end).await?;
    let series = batch.queries.into_iter().map(|q| q.key).zip(points).collect();
    Ok(Fetched { window: batch.window, series })
}

/// Fetches what is new of every series of one region and returns the whole last hour.
pub async fn fetch(
    client: &Client,
    history: &MetricHistory,
    scope: &Scope,
    (instances, groups): (&[InstanceTarget], &[String]),
    now: Timestamp,
) -> Result<Metrics, CloudError> {
    let queries = planner::queries(instances, groups);
    let wanted: HashSet<SeriesKey> = queries.iter().map(|q| q.key.clone()).collect();
    let batches = history.plan(scope, queries, now.timestamp());
    let results: Vec<Result<Fetched, CloudError>> =
        futures_util::stream::iter(batches.into_iter().map(|batch| run(client, batch)))
            .buffer_unordered(CONCURRENT_CALLS)
            .collect()
            .await;
    let mut regions = history.regions();
    let known = regions.entry(scope.clone()).or_default();
    let mut failure = None;
    for result in results {
        match result {
            Ok(fetched) => known.merge(fetched),
            Err(error) => failure = Some(error),
        }
    }
    known.retain(&wanted);
    match failure {
        Some(error) => Err(error),
        None => Ok(known.answer(wanted)),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::cloud::model::DbMetric;

    fn key() -> SeriesKey {
        SeriesKey::Db { instance: "db".into(), metric: DbMetric::Cpu }
    }

    #[test]
    fn updates_replace_their_window_and_the_hour_slides() {
        let mut known = Known::default();
        let first = Window { start: 0, end: HISTORY_SECS };
        let points: Points = (0..60).map(|m| (m * PERIOD_SECS, m as f64)).collect();
        known.merge(Fetched { window: first, series: vec![(key(), points)] });
        assert_eq!(known.until.get(&key()), Some(&HISTORY_SECS));
        // The next minute re-asks the last three and corrects the newest (late datapoints).
        let update = Window { start: HISTORY_SECS - 180, end: HISTORY_SECS + 60 };
        let newer: Points = vec![(HISTORY_SECS - 60, 100.0), (HISTORY_SECS, 101.0)];
        known.merge(Fetched { window: update, series: vec![(key(), newer)] });
        let series = known.series[&key()].raw();
        assert_eq!(series.first(), Some(&(60, 1.0)), "the oldest minute slid out");
        assert_eq!(series.last(), Some(&(HISTORY_SECS, 101.0)));
        assert!(series.iter().all(|&(t, _)| t != HISTORY_SECS - 120), "re-asked minutes with no answer are gone");
        assert_eq!(known.until.get(&key()), Some(&(HISTORY_SECS + 60)));
        let wanted = HashSet::from([key()]);
        let metrics = known.metrics(&wanted);
        assert_eq!(metrics.db["db"].latest(DbMetric::Cpu), Some(101.0));
        let answered = metrics.db["db"].get(DbMetric::Cpu);
        assert!(answered.is_some_and(|s| s.shares(&known.series[&key()])), "one copy of the hour, not two");
        known.retain(&HashSet::new());
        assert!(known.series.is_empty() && known.until.is_empty());
    }

    #[test]
    fn an_answer_is_handed_back_shared_until_a_series_changes() {
        let mut known = Known::default();
        let hour = Window { start: 0, end: HISTORY_SECS };
        let points: Points = (0..60).map(|m| (m * PERIOD_SECS, m as f64)).collect();
        known.merge(Fetched { window: hour, series: vec![(key(), points.clone())] });
        let wanted = HashSet::from([key()]);
        let first = known.answer(wanted.clone());
        // The same minutes asked again, the same datapoints: the same answer, not a copy.
        let again = Window { start: HISTORY_SECS - 180, end: HISTORY_SECS };
        known.merge(Fetched { window: again, series: vec![(key(), points[57..].to_vec())] });
        let same = known.answer(wanted.clone());
        assert!(Arc::ptr_eq(&first.db, &same.db));
        // A late datapoint corrected: a new answer with it.
        let corrected = vec![(57 * PERIOD_SECS, 57.0), (58 * PERIOD_SECS, 58.0), (59 * PERIOD_SECS, 99.0)];
        known.merge(Fetched { window: again, series: vec![(key(), corrected)] });
        let changed = known.answer(wanted);
        assert!(!Arc::ptr_eq(&first.db, &changed.db));
        assert_eq!(changed.db["db"].latest(DbMetric::Cpu), Some(99.0));
        // Other series asked for: another answer, even with nothing merged.
        let other = known.answer(HashSet::new());
        assert!(other.db.is_empty());
    }
}
