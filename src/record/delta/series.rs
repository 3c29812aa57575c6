//! One series' points as a recording writes them: runs of consecutive periods
//! (`[start, [v, v, …]]`), the points new since the last record, and the series rebuilt from
//! the last record and what is new.

use std::collections::BTreeMap;

use crate::cloud::model::{METRIC_PERIOD_SECS, Series};

/// Consecutive datapoints, one period apart, from `.0`.
pub type Run = (i64, Vec<f64>);

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

/// The points of runs, in their order.
pub fn points(runs: &[Run]) -> impl Iterator<Item = (i64, f64)> + '_ {
    runs.iter().flat_map(|(start, values)| {
        values
            .iter()
            .enumerate()
            .map(move |(i, &v)| (start + METRIC_PERIOD_SECS * i64::try_from(i).unwrap_or(i64::MAX), v))
    })
}

/// The points of `new` that `old` does not hold with the same value.
pub fn fresh(old: Option<&Series>, new: &Series) -> Vec<(i64, f64)> {
    new.secs()
        .filter(|&(t, v)| old.and_then(|o| o.value_at(t)).is_none_or(|was| was.to_bits() != v.to_bits()))
        .collect()
}

fn ascending(points: &[(i64, f64)]) -> bool {
    points.windows(2).all(|w| w[0].0 < w[1].0)
}

/// A series with the window trimmed (points before `from` dropped) and `added` merged in,
/// oldest first; an added point replaces the old one of the same time.
pub fn merged(old: Option<&Series>, from: Option<i64>, added: &[(i64, f64)]) -> Series {
    let empty = Series::default();
    let old = old.unwrap_or(&empty);
    // The common case, and the cheap one: the window slid and the new points follow the old.
    if old.is_ascending() && ascending(added) {
        let since = from.unwrap_or(i64::MIN);
        let kept_last = old.last_secs().filter(|&last| last >= since);
        if added.first().zip(kept_last).is_none_or(|(new, last)| new.0 > last) {
            let added: Vec<_> = added.iter().filter(|p| from.is_none_or(|from| p.0 >= from)).copied().collect();
            return old.slid(since..i64::MAX, &added);
        }
    }
    let mut by_time: BTreeMap<i64, f64> = old.secs().collect();
    by_time.extend(added.iter().copied());
    if let Some(from) = from {
        by_time.retain(|&t, _| t >= from);
    }
    Series::from_secs(by_time)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(points: &[(i64, f64)]) -> Series {
        Series::from_secs(points.iter().copied())
    }

    #[test]
    fn points_in_periods_make_one_run_and_come_back() {
        let p = [(0, 1.0), (60, 2.0), (180, 3.0)];
        let r = runs(&p);
        assert_eq!(r, vec![(0, vec![1.0, 2.0]), (180, vec![3.0])]);
        assert_eq!(points(&r).collect::<Vec<_>>(), p);
    }

    #[test]
    fn merging_slides_the_window_appends_and_replaces() {
        let old = series(&[(0, 1.0), (60, 2.0), (120, 3.0)]);
        assert_eq!(merged(Some(&old), Some(60), &[(180, 4.0)]), series(&[(60, 2.0), (120, 3.0), (180, 4.0)]));
        // A changed point (the slow path) and a window past every old point.
        assert_eq!(merged(Some(&old), Some(60), &[(120, 9.0)]), series(&[(60, 2.0), (120, 9.0)]));
        assert_eq!(merged(Some(&old), Some(600), &[(180, 4.0)]), series(&[]));
        assert_eq!(merged(None, None, &[(60, 1.0), (0, 2.0)]), series(&[(0, 2.0), (60, 1.0)]));
    }
}
