//! One metric's time series, stored compactly: a fleet of thousands of instances holds an hour
//! of six to ten series each, so a point's size is most of the console's memory.
//!
//! A point is 8 bytes: the seconds since the series' first point (`u32`, 136 years) and the
//! value as `f32` (seven significant digits: more than CloudWatch's averages carry, and
//! storage in bytes is off by at most 64 KiB in a terabyte). The points are shared
//! (`Arc<[_]>`), so the adapter's history, the snapshot it hands back and the rows built from it
//! hold one copy between them, and a clone is a reference count.

use std::sync::Arc;

use serde::de::Deserializer;
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

use super::Timestamp;

/// A time series of one metric, oldest point first, to the second (as CloudWatch reports).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Series {
    /// Epoch seconds of the oldest point (0 when empty).
    start: i64,
    points: Arc<[(u32, f32)]>,
}

impl Series {
    pub fn new(points: impl IntoIterator<Item = (Timestamp, f64)>) -> Self {
        Self::from_secs(points.into_iter().map(|(at, v)| (at.timestamp(), v)))
    }

    /// From (epoch seconds, value) pairs, oldest first. Values are kept as `f32`.
    pub fn from_secs(points: impl IntoIterator<Item = (i64, f64)>) -> Self {
        let points: Vec<(i64, f64)> = points.into_iter().collect();
        let start = points.iter().map(|p| p.0).min().unwrap_or_default();
        let offset = |t: i64| u32::try_from(t - start).unwrap_or(u32::MAX);
        #[expect(clippy::cast_possible_truncation, reason = "values are kept as f32 on purpose")]
        let points = points.iter().map(|&(t, v)| (offset(t), v as f32)).collect();
        Self { start, points }
    }

    fn at(&self, (offset, value): (u32, f32)) -> (i64, f64) {
        (self.start + i64::from(offset), f64::from(value))
    }

    /// The (epoch seconds, value) pairs, oldest first.
    pub fn secs(&self) -> impl DoubleEndedIterator<Item = (i64, f64)> + ExactSizeIterator + '_ {
        self.points.iter().map(|&p| self.at(p))
    }

    /// The (epoch seconds, value) pairs at or after `since`.
    pub fn secs_since(&self, since: i64) -> impl DoubleEndedIterator<Item = (i64, f64)> + '_ {
        let from = self.points.partition_point(|&(offset, _)| self.start + i64::from(offset) < since);
        self.points[from..].iter().map(|&p| self.at(p))
    }

    /// The (epoch seconds, value) pairs, oldest first, as a list of their own.
    pub fn raw(&self) -> Vec<(i64, f64)> {
        self.secs().collect()
    }

    /// The value of the point at `t` (epoch seconds), if there is one.
    pub fn value_at(&self, t: i64) -> Option<f64> {
        let offset = u32::try_from(t.checked_sub(self.start)?).ok()?;
        let i = self.points.binary_search_by_key(&offset, |p| p.0).ok()?;
        Some(f64::from(self.points[i].1))
    }

    pub fn first_secs(&self) -> Option<i64> {
        self.points.first().map(|&p| self.at(p).0)
    }

    pub fn last_secs(&self) -> Option<i64> {
        self.points.last().map(|&p| self.at(p).0)
    }

    pub fn latest(&self) -> Option<f64> {
        self.points.last().map(|&(_, v)| f64::from(v))
    }

    /// The newest datapoint with the start of its period.
    pub fn latest_point(&self) -> Option<(Timestamp, f64)> {
        let (t, v) = self.at(*self.points.last()?);
        Some((Timestamp::from_timestamp(t, 0)?, v))
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = f64> + ExactSizeIterator + '_ {
        self.points.iter().map(|&(_, v)| f64::from(v))
    }

    pub fn points(&self) -> impl Iterator<Item = (Timestamp, f64)> + '_ {
        self.secs().filter_map(|(t, v)| Some((Timestamp::from_timestamp(t, 0)?, v)))
    }

    pub fn len(&self) -> usize {
        self.points.len()
    }

    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// Whether every point is later than the one before it.
    pub fn is_ascending(&self) -> bool {
        self.points.windows(2).all(|w| w[0].0 < w[1].0)
    }

    /// Whether the two hold the very same points (not a copy of them).
    pub fn shares(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.points, &other.points)
    }
}

/// The points as written: `[[epoch seconds, value], …]`, each value in its shortest form.
struct Wire<'a>(&'a Series);

impl Serialize for Wire<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let series = self.0;
        serializer.collect_seq(series.points.iter().map(|&(offset, v)| (series.start + i64::from(offset), v)))
    }
}

impl Serialize for Series {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Series", 1)?;
        s.serialize_field("points", &Wire(self))?;
        s.end()
    }
}

impl<'de> Deserialize<'de> for Series {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Read {
            points: Vec<(i64, f64)>,
        }
        Ok(Self::from_secs(Read::deserialize(deserializer)?.points))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_come_back_in_order_with_their_times() {
        let s = Series::from_secs([(1_700_000_000, 1.5), (1_700_000_060, 2.25), (1_700_000_180, -3.0)]);
        assert_eq!(s.raw(), [(1_700_000_000, 1.5), (1_700_000_060, 2.25), (1_700_000_180, -3.0)]);
        assert_eq!((s.first_secs(), s.last_secs(), s.latest()), (Some(1_700_000_000), Some(1_700_000_180), Some(-3.0)));
        assert_eq!(s.value_at(1_700_000_060), Some(2.25));
        assert_eq!(s.value_at(1_700_000_120), None);
        assert_eq!(s.value_at(0), None);
        assert_eq!(s.secs_since(1_700_000_001).collect::<Vec<_>>(), [(1_700_000_060, 2.25), (1_700_000_180, -3.0)]);
        assert_eq!(std::mem::size_of::<(u32, f32)>(), 8);
    }

    #[test]
    fn a_clone_shares_the_points_and_equal_points_compare_equal() {
        let s = Series::from_secs([(60, 1.0), (120, 2.0)]);
        assert!(s.clone().shares(&s));
        let copy = Series::from_secs(s.raw());
        assert!(!copy.shares(&s));
        assert_eq!(copy, s);
        assert_eq!(Series::default(), Series::from_secs([]));
    }

    #[test]
    fn values_are_kept_to_seven_digits_and_written_in_their_shortest_form() {
        let s = Series::from_secs([(60, 12.345_678_9), (120, 5.4e11)]);
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, r#"{"points":[[60,12.345679],[120,540000000000.0]]}"#);
        let back: Series = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s, "what is written reads back to the same points");
        let free = s.value_at(120).unwrap();
        assert!((free - 5.4e11).abs() <= 65_536.0, "{free}");
    }
}
