//! What changed in a scope's metrics: the points that are new (or whose value moved) in each
//! series since the last record, and how far the hour's window slid. The newest minute's
//! points go in one `Tick` of rows; other new points as runs (`series`); a series is written
//! whole only when that would not rebuild it.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::cloud::model::{DbMetric, DbSeries, IdMap, Metrics, Series, id_map};

use super::series::{Run, fresh, merged, points, runs};
pub use super::tick::{SeriesRuns, Tick};

/// A scope's metrics' change since the last record of them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct MetricsDelta {
    /// Points older than this (epoch seconds) have left the window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<i64>,
    /// The newest minute's points, for the series whose only new point it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tick: Option<Box<Tick>>,
    /// Other new or changed points per instance and metric.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub db: BTreeMap<String, SeriesRuns>,
    /// Instances whose series are replaced whole.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub db_whole: BTreeMap<String, SeriesRuns>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub db_gone: Vec<String>,
    /// Other new or changed points of each group's CPU.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub groups: BTreeMap<String, Vec<Run>>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub groups_whole: BTreeMap<String, Vec<Run>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups_gone: Vec<String>,
}

fn whole(series: &DbSeries) -> SeriesRuns {
    series.series.iter().map(|(m, s)| (*m, runs(&s.raw()))).collect()
}

fn apply_db(old: Option<&DbSeries>, from: Option<i64>, runs: &SeriesRuns) -> DbSeries {
    let mut out = DbSeries::default();
    for metric in DbMetric::ALL {
        let before = old.and_then(|o| o.get(metric));
        let added = runs.get(&metric);
        if before.is_some() || added.is_some() {
            let added: Vec<(i64, f64)> = added.map(|r| points(r).collect()).unwrap_or_default();
            out.series.insert(metric, merged(before, from, &added));
        }
    }
    out
}

/// The delta from `old` to `new`; `None` when nothing changed.
pub fn diff(old: &Metrics, new: &Metrics) -> Option<MetricsDelta> {
    if std::sync::Arc::ptr_eq(&old.db, &new.db) && std::sync::Arc::ptr_eq(&old.group_cpu, &new.group_cpu) {
        return None;
    }
    let every = || new.db.values().flat_map(|s| s.series.values()).chain(new.group_cpu.values());
    let from = every().filter_map(Series::first_secs).min();
    let mut tick = Tick::new(every().filter_map(Series::last_secs).max().unwrap_or_default());
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
        } else if changes.is_empty() && before.is_some() {
            // Nothing new for this instance.
        } else if let Some(row) = tick.row(&changes).filter(|_| before.is_some()) {
            tick.db.insert(id.clone(), row);
        } else {
            delta.db.insert(id.clone(), changes);
        }
    }
    delta.db_gone = old.db.keys().filter(|id| !new.db.contains_key(*id)).cloned().collect();
    for (name, series) in new.group_cpu.iter() {
        let before = old.group_cpu.get(name);
        let added = fresh(before, series);
        let changes = runs(&added);
        if merged(before, from, &added) != *series {
            delta.groups_whole.insert(name.clone(), runs(&series.raw()));
        } else if changes.is_empty() && before.is_some() {
            // Nothing new for this group.
        } else if let Some(value) = tick.point(&changes).filter(|_| before.is_some()) {
            tick.groups.insert(name.clone(), value);
        } else {
            delta.groups.insert(name.clone(), changes);
        }
    }
    delta.groups_gone = old.group_cpu.keys().filter(|n| !new.group_cpu.contains_key(*n)).cloned().collect();
    delta.db_gone.sort();
    delta.groups_gone.sort();
    delta.tick = (!tick.is_empty()).then(|| Box::new(tick));
    let nothing_new = delta.tick.is_none()
        && delta.db.is_empty()
        && delta.db_whole.is_empty()
        && delta.db_gone.is_empty()
        && delta.groups.is_empty()
        && delta.groups_whole.is_empty()
        && delta.groups_gone.is_empty();
    // With no point new, only the window's slide can have changed anything.
    (!nothing_new || old != new).then_some(delta)
}

/// Applies a delta to a scope's metrics; `None` when a row of its tick does not fit its
/// columns.
pub fn apply(old: &Metrics, delta: &MetricsDelta) -> Option<Metrics> {
    let mut db_changes: BTreeMap<&str, SeriesRuns> = BTreeMap::new();
    if let Some(tick) = &delta.tick {
        for (id, row) in &tick.db {
            db_changes.insert(id, tick.changes(row)?);
        }
    }
    db_changes.extend(delta.db.iter().map(|(id, runs)| (id.as_str(), runs.clone())));
    let none = SeriesRuns::new();
    let mut db: IdMap<DbSeries> = id_map(old.db.len());
    for (id, series) in old.db.iter() {
        if delta.db_gone.contains(id) || delta.db_whole.contains_key(id) {
            continue;
        }
        let runs = db_changes.get(id.as_str()).unwrap_or(&none);
        db.insert(id.clone(), apply_db(Some(series), delta.from, runs));
    }
    for (id, runs) in &db_changes {
        if !db.contains_key(*id) {
            db.insert((*id).to_owned(), apply_db(None, delta.from, runs));
        }
    }
    for (id, runs) in &delta.db_whole {
        db.insert(id.clone(), apply_db(None, None, runs));
    }
    let mut group_changes: BTreeMap<&str, Vec<(i64, f64)>> = BTreeMap::new();
    if let Some(tick) = &delta.tick {
        group_changes.extend(tick.groups.iter().map(|(name, v)| (name.as_str(), vec![(tick.at, *v)])));
    }
    group_changes.extend(delta.groups.iter().map(|(name, runs)| (name.as_str(), points(runs).collect())));
    let mut groups: HashMap<String, Series> = HashMap::with_capacity(old.group_cpu.len());
    for (name, series) in old.group_cpu.iter() {
        if delta.groups_gone.contains(name) || delta.groups_whole.contains_key(name) {
            continue;
        }
        let added = group_changes.get(name.as_str()).map_or(&[][..], Vec::as_slice);
        groups.insert(name.clone(), merged(Some(series), delta.from, added));
    }
    for (name, added) in &group_changes {
        if !groups.contains_key(*name) {
            groups.insert((*name).to_owned(), merged(None, delta.from, added));
        }
    }
    for (name, runs) in &delta.groups_whole {
        groups.insert(name.clone(), Series::from_secs(points(runs)));
    }
    Some(Metrics::new(db, groups))
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
        assert_eq!(apply(&old, &delta), Some(new));
    }

    #[test]
    fn the_newest_minute_is_one_row_per_instance() {
        let old = metrics(&[(0, 1.0), (60, 2.0)], &[(0, 4.0), (60, 5.0)]);
        let new = metrics(&[(60, 2.0), (120, 3.0)], &[(60, 5.0), (120, 6.0)]);
        let delta = diff(&old, &new).unwrap();
        let tick = delta.tick.clone().unwrap();
        assert_eq!((tick.at, tick.cols.len()), (120, DbMetric::ALL.len()));
        assert_eq!(tick.db["db-1"], vec![Some(3.0)]);
        assert_eq!(tick.groups["web"].to_bits(), 6.0_f64.to_bits());
        assert!(delta.db.is_empty() && delta.groups.is_empty());
        let json = serde_json::to_string(&delta).unwrap();
        assert!(json.contains(r#""db":{"db-1":[3.0]}"#), "{json}");
        assert_eq!(apply(&old, &delta), Some(new));
        // A row longer than the columns does not fit.
        let mut bad = delta;
        bad.tick.as_mut().unwrap().db.insert("db-1".to_owned(), vec![Some(1.0); 11]);
        assert_eq!(apply(&old, &bad), None);
    }

    #[test]
    fn a_series_that_lost_points_is_written_whole() {
        let old = metrics(&[(0, 1.0), (60, 2.0), (120, 3.0)], &[]);
        let new = metrics(&[(0, 1.0), (120, 3.0)], &[]);
        let delta = diff(&old, &new).unwrap();
        assert!(delta.db_whole.contains_key("db-1"));
        assert_eq!(apply(&old, &delta), Some(new));
    }

    #[test]
    fn the_same_maps_again_are_no_record() {
        let old = metrics(&[(0, 1.0)], &[]);
        assert_eq!(diff(&old, &old.clone()), None);
        let from_nothing = diff(&Metrics::default(), &old).unwrap();
        assert_eq!(apply(&Metrics::default(), &from_nothing), Some(old));
    }
}
