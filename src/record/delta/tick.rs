//! The newest minute of a scope's metrics as rows: most of what a metrics record holds is
//! one new point per series at one time, so that time is written once, and each instance's
//! points as one row of values in the order of a column list, with no time or metric name per
//! point. What does not fit a row (a backfill, a changed point) is written as runs.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::cloud::model::DbMetric;

use super::series::Run;

/// One instance's series changes as runs, by metric.
pub type SeriesRuns = BTreeMap<DbMetric, Vec<Run>>;

/// The points of one time, a row per instance and a value per group.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Tick {
    /// The points' time (epoch seconds).
    pub at: i64,
    /// The metric of each place in a row.
    pub cols: Vec<DbMetric>,
    /// Per instance, its point of each column (`null`: none); trailing nulls are left off.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub db: BTreeMap<String, Vec<Option<f64>>>,
    /// Per group, its CPU's point.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub groups: BTreeMap<String, f64>,
}

impl Tick {
    pub fn new(at: i64) -> Self {
        Self { at, cols: DbMetric::ALL.to_vec(), ..Self::default() }
    }

    /// The row of `changes` when each is one point at this tick's time.
    pub fn row(&self, changes: &SeriesRuns) -> Option<Vec<Option<f64>>> {
        let mut row = vec![None; self.cols.len()];
        for (metric, runs) in changes {
            let value = self.point(runs)?;
            let place = self.cols.iter().position(|c| c == metric)?;
            row[place] = Some(value);
        }
        while row.last() == Some(&None) {
            row.pop();
        }
        Some(row)
    }

    /// A row as runs again; `None` when it has more values than columns.
    pub fn changes(&self, row: &[Option<f64>]) -> Option<SeriesRuns> {
        if row.len() > self.cols.len() {
            return None;
        }
        Some(
            self.cols
                .iter()
                .zip(row)
                .filter_map(|(metric, value)| value.map(|v| (*metric, vec![(self.at, vec![v])])))
                .collect(),
        )
    }

    /// The one point a series' change is, when it is one at this tick's time.
    pub fn point(&self, runs: &[Run]) -> Option<f64> {
        let [(at, values)] = runs else { return None };
        let [value] = values.as_slice() else { return None };
        (*at == self.at).then_some(*value)
    }

    pub fn is_empty(&self) -> bool {
        self.db.is_empty() && self.groups.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_minute_of_points_is_a_row_and_back() {
        let tick = Tick::new(120);
        let changes: SeriesRuns =
            [(DbMetric::Cpu, vec![(120, vec![5.5])]), (DbMetric::ReadIops, vec![(120, vec![7.0])])].into();
        let row = tick.row(&changes).unwrap();
        assert_eq!(row, vec![Some(5.5), None, None, Some(7.0)]);
        assert_eq!(tick.changes(&row), Some(changes));
        // Two points, or a point at another time, are not a row.
        assert_eq!(tick.row(&[(DbMetric::Cpu, vec![(120, vec![1.0, 2.0])])].into()), None);
        assert_eq!(tick.row(&[(DbMetric::Cpu, vec![(60, vec![1.0])])].into()), None);
        assert_eq!(tick.changes(&[None; 11]), None);
    }
}
