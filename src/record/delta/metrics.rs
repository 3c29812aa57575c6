//! What changed in a scope's metrics: the points that are new (or whose value moved) in each
//! series since the last record, and how far the hour's window slid. A series is written
//! whole only when that would not rebuild it. Points are runs of consecutive periods
//! (`[start, [v, v, …]]`), so a minute of a thousand instances is one short run per series.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::cloud::model::{DbMetric, DbSeries, METRIC_PERIOD_SECS, Metrics, Series};

/// Consecutive datapoints, one period apart, from `.0`.
pub type Run = (i64, Vec<f64>);

/// One instance's series as runs.
pub type SeriesRuns = BTreeMap<DbMetric, Vec<Run>>;

/// A scope's metrics' change since the last record of them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct MetricsDelta {
    /// Points older than this (epoch seconds) have left the window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<i64>,
    /// New or changed points per instance and metric.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub db: BTreeMap<String, SeriesRuns>,
    /// Instances whose series are replaced whole.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub db_whole: BTreeMap<String, SeriesRuns>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub db_gone: Vec<String>,
    /// New or changed points of each group's CPU.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub groups: BTreeMap<String, Vec<Run>>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub groups_whole: BTreeMap<String, Vec<Run>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups_gone: Vec<String>,
}

/// Points as runs of consecutive periods.
pub fn runs(points: &[(i64, f64)]) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    for &(t, v) in points {
        match out.last_mut() {
            Some((start, values))
                if *start + METRIC_PERIOD_SECS * i64::try_from(values.len()).unwrap_or(i64::MAX) == t =>
            {
                values.push(v);
            }
            _ => out.push((t, vec![v])),
        }
    }
    out
}

fn points(runs: &[Run]) -> impl Iterator<Item = (i64, f64)> + '_ {
    runs.iter().flat_map(|(start, values)| {
        values
            .iter()
            .enumerate()
            .map(move |(i, &v)| (start + METRIC_PERIOD_SECS * i64::try_from(i).unwrap_or(i64::MAX), v))
    })
}

/// The points of `new` that `old` does not hold with the same value.
fn fresh(old: Option<&Series>, new: &Series) -> Vec<(i64, f64)> {
    let old = old.map_or(&[][..], Series::raw);
    new.raw()
        .iter()
        .filter(|&&(t, v)| old.binary_search_by_key(&t, |p| p.0).map_or(true, |i| old[i].1.to_bits() != v.to_bits()))
        .copied()
        .collect()
}

/// A series with the window trimmed and new points merged in, oldest first.
fn merged(old: Option<&Series>, from: Option<i64>, runs: &[Run]) -> Series {
    let mut by_time: BTreeMap<i64, f64> = old.map(|s| s.raw().iter().copied().collect()).unwrap_or_default();
    by_time.extend(points(runs));
    if let Some(from) = from {
        by_time.retain(|&t, _| t >= from);
    }
    Series::from_secs(by_time)
}

fn whole(series: &DbSeries) -> SeriesRuns {
    series.series.iter().map(|(m, s)| (*m, runs(s.raw()))).collect()
}

fn apply_db(old: Option<&DbSeries>, from: Option<i64>, runs: &SeriesRuns) -> DbSeries {
    let mut out = DbSeries::default();
    for metric in DbMetric::ALL {
        let before = old.and_then(|o| o.get(metric));
        let added = runs.get(&metric);
        if before.is_some() || added.is_some() {
            out.series.insert(metric, merged(before, from, added.map_or(&[][..], Vec::as_slice)));
        }
    }
    out
}

/// The delta from `old` to `new`; `None` when nothing changed.
pub fn diff(old: &Metrics, new: &Metrics) -> Option<MetricsDelta> {
    if std::sync::Arc::ptr_eq(&old.db, &new.db) && std::sync::Arc::ptr_eq(&old.group_cpu, &new.group_cpu) {
        return None;
    }
    let firsts = new.db.values().flat_map(|s| s.series.values()).chain(new.group_cpu.values());
    let from = firsts.filter_map(|s| s.raw().first().map(|p| p.0)).min();
    let mut delta = MetricsDelta { from, ..MetricsDelta::default() };
    for (id, series) in new.db.iter() {
        let before = old.db.get(id);
        let changes: SeriesRuns = series
            .series
            .iter()
            .map(|(m, s)| (*m, runs(&fresh(before.and_then(|b| b.get(*m)), s))))
            .filter(|(_, r)| !r.is_empty() || before.is_none())
            .collect();
        if apply_db(before, from, &changes) != *series {
            delta.db_whole.insert(id.clone(), whole(series));
        } else if !changes.is_empty() || before.is_none() {
            delta.db.insert(id.clone(), changes);
        }
    }
    delta.db_gone = old.db.keys().filter(|id| !new.db.contains_key(*id)).cloned().collect();
    for (name, series) in new.group_cpu.iter() {
        let before = old.group_cpu.get(name);
        let changes = runs(&fresh(before, series));
        if merged(before, from, &changes) != *series {
            delta.groups_whole.insert(name.clone(), runs(series.raw()));
        } else if !changes.is_empty() || before.is_none() {
            delta.groups.insert(name.clone(), changes);
        }
    }
    delta.groups_gone = old.group_cpu.keys().filter(|n| !new.group_cpu.contains_key(*n)).cloned().collect();
    delta.db_gone.sort();
    delta.groups_gone.sort();
    let nothing_new = delta.db.is_empty()
        && delta.db_whole.is_empty()
        && delta.db_gone.is_empty()
        && delta.groups.is_empty()
        && delta.groups_whole.is_empty()
        && delta.groups_gone.is_empty();
    // With no point new, only the window's slide can have changed anything.
    (!nothing_new || old != new).then_some(delta)
}

/// Applies a delta to a scope's metrics.
pub fn apply(old: &Metrics, delta: &MetricsDelta) -> Metrics {
    let mut db: HashMap<String, DbSeries> = HashMap::with_capacity(old.db.len());
    for (id, series) in old.db.iter() {
        if delta.db_gone.contains(id) || delta.db_whole.contains_key(id) {
            continue;
        }
        let runs = delta.db.get(id).cloned().unwrap_or_default();
        db.insert(id.clone(), apply_db(Some(series), delta.from, &runs));
    }
    for (id, runs) in &delta.db {
        if !db.contains_key(id) {
            db.insert(id.clone(), apply_db(None, delta.from, runs));
        }
    }
    for (id, runs) in &delta.db_whole {
        db.insert(id.clone(), apply_db(None, None, runs));
    }
    let mut groups: HashMap<String, Series> = HashMap::with_capacity(old.group_cpu.len());
    for (name, series) in old.group_cpu.iter() {
        if delta.groups_gone.contains(name) || delta.groups_whole.contains_key(name) {
            continue;
        }
        let runs = delta.groups.get(name).map_or(&[][..], Vec::as_slice);
        groups.insert(name.clone(), merged(Some(series), delta.from, runs));
    }
    for (name, runs) in &delta.groups {
        groups.entry(name.clone()).or_insert_with(|| merged(None, delta.from, runs));
    }
    for (name, runs) in &delta.groups_whole {
        groups.insert(name.clone(), Series::from_secs(points(runs)));
    }
    Metrics::new(db, groups)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(points: &[(i64, f64)]) -> Series {
        Series::from_secs(points.iter().copied())
    }

    fn metrics(cpu: &[(i64, f64)], group: &[(i64, f64)]) -> Metrics {
        let db = DbSeries { series: [(DbMetric::Cpu, series(cpu))].into_iter().collect() };
        Metrics::new([("db-1".to_owned(), db)].into_iter().collect(), [("web".to_owned(), series(group))].into())
    }

    #[test]
    fn only_the_new_minute_is_recorded_and_the_window_slides() {
        let old = metrics(&[(0, 1.0), (60, 2.0), (120, 3.0)], &[(0, 5.0)]);
        let new = metrics(&[(60, 2.0), (120, 3.5), (180, 4.0)], &[(60, 6.0)]);
        let delta = diff(&old, &new).unwrap();
        assert_eq!(delta.from, Some(60));
        assert_eq!(delta.db["db-1"][&DbMetric::Cpu], vec![(120, vec![3.5, 4.0])]);
        assert!(delta.db_whole.is_empty());
        assert_eq!(apply(&old, &delta), new);
    }

    #[test]
    fn a_series_that_lost_points_is_written_whole() {
        let old = metrics(&[(0, 1.0), (60, 2.0), (120, 3.0)], &[]);
        let new = metrics(&[(0, 1.0), (120, 3.0)], &[]);
        let delta = diff(&old, &new).unwrap();
        assert!(delta.db_whole.contains_key("db-1"));
        assert_eq!(apply(&old, &delta), new);
    }

    #[test]
    fn the_same_maps_again_are_no_record() {
        let old = metrics(&[(0, 1.0)], &[]);
        assert_eq!(diff(&old, &old.clone()), None);
        let from_nothing = diff(&Metrics::default(), &old).unwrap();
        assert_eq!(apply(&Metrics::default(), &from_nothing), old);
    }
}
