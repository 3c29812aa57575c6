//! One metric's time series, stored compactly: a fleet of thousands of instances holds an hour
//! of six to ten series each, so a point's size is most of the console's memory.
//!
//! Values are kept as `f32` (seven significant digits: more than CloudWatch's averages carry,
//! and storage in bytes is off by at most 64 KiB in a terabyte). A series whose points come at
//! one step (CloudWatch's one-minute periods, with no gap) keeps only its values, 4 bytes a
//! point; any other keeps each point's seconds since the first (`u32`, 136 years) beside it,
//! 8 bytes. The points are shared (`Arc`), so the adapter's history, the snapshot it hands
//! back and the rows built from it hold one copy between them, and a clone is a reference
//! count; the next minute's series (`slid`) is the same values with the new point at their
//! end, in the same log (`series_log`).

use std::ops::Range;
use std::sync::Arc;

use serde::de::Deserializer;
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

use super::Timestamp;
use super::series_log::{self, Window};

/// A time series of one metric, oldest point first, to the second (as CloudWatch reports).
#[derive(Debug, Clone)]
pub struct Series {
    /// Epoch seconds of the oldest point (0 when empty).
    start: i64,
    /// The newest point's value (0 when empty), kept beside the points: a minute's rows read
    /// the newest value of every series of every instance, and the points are elsewhere on
    /// the heap, a cache miss each at ten thousand instances.
    last: f32,
    points: Points,
}

#[derive(Debug, Clone)]
enum Points {
    /// A point every `step` seconds from the first, none missing.
    Regular { step: u32, values: Window },
    /// Each point's seconds since the first, and its value.
    Irregular(Arc<[(u32, f32)]>),
}

impl Default for Series {
    fn default() -> Self {
        Self { start: 0, last: 0.0, points: Points::Regular { step: 0, values: Window::default() } }
    }
}

/// Two series are equal when they hold the same points (values compared as `f32`), however
/// they are stored.
impl PartialEq for Series {
    fn eq(&self, other: &Self) -> bool {
        if self.len() != other.len() {
            return false;
        }
        match (&self.points, &other.points) {
            // The common case, a poll that brought the same hour again: one slice comparison.
            (Points::Regular { step: a, values: x }, Points::Regular { step: b, values: y }) => {
                (self.is_empty() || self.start == other.start)
                    && (self.len() < 2 || a == b)
                    && (x.same(y) || (0..x.len()).all(|i| x.get(i) == y.get(i)))
            }
            (Points::Irregular(x), Points::Irregular(y)) => self.start == other.start && x == y,
            _ => (0..self.len()).all(|i| self.at(self.nth(i)) == other.at(other.nth(i))),
        }
    }
}

impl Series {
    pub fn new(points: impl IntoIterator<Item = (Timestamp, f64)>) -> Self {
        Self::from_secs(points.into_iter().map(|(at, v)| (at.timestamp(), v)))
    }

    /// From (epoch seconds, value) pairs, oldest first. Values are kept as `f32`.
    pub fn from_secs(points: impl IntoIterator<Item = (i64, f64)>) -> Self {
        Self::with_room(points, 0)
    }

    /// The same, for a series whose next minutes will come (`slid`): an hour a backend answers
    /// or a feed's data read whole. A series at one step gets room at its end for some of
    /// them, so that the first minute after it is not a copy of the hour.
    pub fn growing(points: impl IntoIterator<Item = (i64, f64)>) -> Self {
        Self::with_room(points, series_log::room())
    }

    /// As `from_secs`, with room for `room` more points at the end of a series at one step.
    fn with_room(points: impl IntoIterator<Item = (i64, f64)>, room: usize) -> Self {
        let points: Vec<(i64, f64)> = points.into_iter().collect();
        let start = points.iter().map(|p| p.0).min().unwrap_or_default();
        #[expect(clippy::cast_possible_truncation, reason = "values are kept as f32 on purpose")]
        let value = |v: f64| v as f32;
        let step = match points.as_slice() {
            [] | [_] => Some(0),
            [a, b, ..] => u32::try_from(b.0 - a.0).ok().filter(|&d| d > 0),
        };
        let regular = step.filter(|&d| points.windows(2).all(|w| w[1].0 - w[0].0 == i64::from(d)));
        let last = points.last().map_or(0.0, |&(_, v)| value(v));
        let points = if let Some(step) = regular {
            Points::Regular { step, values: Window::new(points.iter().map(|&(_, v)| value(v)), room) }
        } else {
            let offset = |t: i64| u32::try_from(t - start).unwrap_or(u32::MAX);
            Points::Irregular(points.iter().map(|&(t, v)| (offset(t), value(v))).collect())
        };
        Self { start, last, points }
    }

    /// The points of this series within `kept` (epoch seconds) followed by `added`: what
    /// `Series::from_secs` of those points gives. Where the added points follow the kept ones
    /// at the series' step (a window slid by a minute: the common case), they go at the end of
    /// the same log as this series' points, and the points kept are not copied.
    #[must_use]
    pub fn slid(&self, kept: Range<i64>, added: &[(i64, f64)]) -> Self {
        if let Some(next) = self.slid_in_place(&kept, added) {
            return next;
        }
        let kept = self.secs_since(kept.start).take_while(|&(t, _)| t < kept.end);
        Self::growing(kept.chain(added.iter().copied()))
    }

    fn slid_in_place(&self, kept: &Range<i64>, added: &[(i64, f64)]) -> Option<Self> {
        let Points::Regular { step, values } = &self.points else { return None };
        if *step == 0 {
            return None;
        }
        let (lo, hi) = (self.first_from(kept.start), self.first_from(kept.end));
        let step64 = i64::from(*step);
        let time_of = |i: usize| Some(self.start + step64 * i64::try_from(i).ok()?);
        let (first, next) = (time_of(lo)?, time_of(hi)?);
        if !added.iter().zip(0_i64..).all(|(&(t, _), k)| t == next + k * step64) {
            return None;
        }
        let added: Vec<f32> = added.iter().map(|&(_, v)| to_f32(v)).collect();
        let values = values.extended(lo, hi, &added)?;
        let last = values.get(values.len() - 1);
        Some(Self { start: first, last, points: Points::Regular { step: *step, values } })
    }

    /// The `i`th point's seconds since the first, and its value.
    fn nth(&self, i: usize) -> (u32, f32) {
        match &self.points {
            Points::Regular { step, values } => {
                (u32::try_from(i).map_or(u32::MAX, |i| i.saturating_mul(*step)), values.get(i))
            }
            Points::Irregular(points) => points[i],
        }
    }

    fn at(&self, (offset, value): (u32, f32)) -> (i64, f64) {
        (self.start + i64::from(offset), f64::from(value))
    }

    /// The index of the first point at or after `since` (epoch seconds).
    fn first_from(&self, since: i64) -> usize {
        let Ok(offset) = u32::try_from(since.saturating_sub(self.start)) else {
            return if since < self.start { 0 } else { self.len() };
        };
        match &self.points {
            Points::Regular { step: 0, values } => usize::from(offset > 0).min(values.len()),
            Points::Regular { step, values } => {
                usize::try_from(offset.div_ceil(*step)).map_or(values.len(), |i| i.min(values.len()))
            }
            Points::Irregular(points) => points.partition_point(|&(o, _)| o < offset),
        }
    }

    /// The (epoch seconds, value) pairs, oldest first.
    pub fn secs(&self) -> impl DoubleEndedIterator<Item = (i64, f64)> + ExactSizeIterator + '_ {
        (0..self.len()).map(|i| self.at(self.nth(i)))
    }

    /// The (epoch seconds, value) pairs at or after `since`.
    pub fn secs_since(&self, since: i64) -> impl DoubleEndedIterator<Item = (i64, f64)> + '_ {
        (self.first_from(since)..self.len()).map(|i| self.at(self.nth(i)))
    }

    /// The (epoch seconds, value) pairs, oldest first, as a list of their own.
    pub fn raw(&self) -> Vec<(i64, f64)> {
        self.secs().collect()
    }

    /// The value of the point at `t` (epoch seconds), if there is one.
    pub fn value_at(&self, t: i64) -> Option<f64> {
        let i = self.first_from(t);
        let (at, value) = self.at(self.nth_checked(i)?);
        (at == t).then_some(value)
    }

    fn nth_checked(&self, i: usize) -> Option<(u32, f32)> {
        (i < self.len()).then(|| self.nth(i))
    }

    fn last(&self) -> Option<(u32, f32)> {
        self.nth_checked(self.len().checked_sub(1)?)
    }

    pub fn first_secs(&self) -> Option<i64> {
        self.nth_checked(0).map(|p| self.at(p).0)
    }

    pub fn last_secs(&self) -> Option<i64> {
        self.last().map(|p| self.at(p).0)
    }

    pub fn latest(&self) -> Option<f64> {
        (!self.is_empty()).then_some(f64::from(self.last))
    }

    /// The newest datapoint with the start of its period.
    pub fn latest_point(&self) -> Option<(Timestamp, f64)> {
        let (t, v) = self.at(self.last()?);
        Some((Timestamp::from_timestamp(t, 0)?, v))
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = f64> + ExactSizeIterator + '_ {
        (0..self.len()).map(|i| f64::from(self.nth(i).1))
    }

    pub fn points(&self) -> impl Iterator<Item = (Timestamp, f64)> + '_ {
        self.secs().filter_map(|(t, v)| Some((Timestamp::from_timestamp(t, 0)?, v)))
    }

    pub fn len(&self) -> usize {
        match &self.points {
            Points::Regular { values, .. } => values.len(),
            Points::Irregular(points) => points.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether every point is later than the one before it.
    pub fn is_ascending(&self) -> bool {
        match &self.points {
            Points::Regular { step, values } => *step > 0 || values.len() < 2,
            Points::Irregular(points) => points.windows(2).all(|w| w[0].0 < w[1].0),
        }
    }

    /// Whether the two hold the very same points (not a copy of them).
    pub fn shares(&self, other: &Self) -> bool {
        match (&self.points, &other.points) {
            (Points::Regular { values: a, .. }, Points::Regular { values: b, .. }) => a.shares(b),
            (Points::Irregular(a), Points::Irregular(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }

    /// The bytes its points take (not counting what it shares with others).
    pub fn point_bytes(&self) -> usize {
        match &self.points {
            Points::Regular { values, .. } => values.bytes(),
            Points::Irregular(points) => std::mem::size_of_val(&**points),
        }
    }
}

#[expect(clippy::cast_possible_truncation, reason = "values are kept as f32 on purpose")]
fn to_f32(v: f64) -> f32 {
    v as f32
}

/// The points as written: `[[epoch seconds, value], …]`, each value in its shortest form.
struct Wire<'a>(&'a Series);

impl Serialize for Wire<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let series = self.0;
        serializer.collect_seq((0..series.len()).map(|i| {
            let (offset, v) = series.nth(i);
            (series.start + i64::from(offset), v)
        }))
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
        // What is read whole (a keyframe, a recording's) is what the next change slides on.
        Ok(Self::growing(Read::deserialize(deserializer)?.points))
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
        assert_eq!(s.point_bytes(), 3 * 8, "a gap: each point keeps its time");
    }

    #[test]
    fn a_series_at_one_step_keeps_only_its_values() {
        let s = Series::from_secs((0..60).map(|i| (1_700_000_000 + 60 * i, f64::from(i as u8))));
        assert_eq!(s.point_bytes(), 60 * 4);
        assert_eq!(s.len(), 60);
        assert!(s.is_ascending());
        assert_eq!((s.first_secs(), s.last_secs(), s.latest()), (Some(1_700_000_000), Some(1_700_003_540), Some(59.0)));
        assert_eq!(s.value_at(1_700_000_120), Some(2.0));
        assert_eq!(s.value_at(1_700_000_121), None);
        assert_eq!(s.value_at(1_699_999_940), None);
        assert_eq!(s.value_at(1_700_003_600), None);
        assert_eq!(s.secs_since(1_700_003_481).collect::<Vec<_>>(), [(1_700_003_540, 59.0)]);
        assert_eq!(s.secs_since(1_700_003_480).count(), 2);
        assert_eq!(s.secs_since(0).count(), 60);
        assert_eq!(s.secs_since(1_800_000_000).count(), 0);
        assert_eq!((s.secs_since(i64::MIN).count(), s.secs_since(i64::MAX).count()), (60, 0));
        assert_eq!((s.value_at(i64::MIN), s.value_at(i64::MAX)), (None, None));
        assert_eq!(s.secs().next_back(), Some((1_700_003_540, 59.0)));
        let irregular = Series::from_secs(s.raw().into_iter().filter(|&(t, _)| t != 1_700_000_060));
        assert_eq!(irregular.point_bytes(), 59 * 8);
        assert_eq!(irregular.raw(), s.raw().into_iter().filter(|&(t, _)| t != 1_700_000_060).collect::<Vec<_>>());
    }

    #[test]
    fn one_point_and_none() {
        let one = Series::from_secs([(1_700_000_000, 4.0)]);
        assert_eq!(one.raw(), [(1_700_000_000, 4.0)]);
        assert_eq!(one.value_at(1_700_000_000), Some(4.0));
        assert_eq!(one.value_at(1_700_000_060), None);
        assert_eq!(one.secs_since(1_700_000_000).count(), 1);
        assert_eq!(one.secs_since(1_700_000_001).count(), 0);
        let none = Series::default();
        assert_eq!((none.len(), none.latest(), none.value_at(0), none.secs_since(0).count()), (0, None, None, 0));
    }

    #[test]
    fn the_same_points_are_equal_however_they_are_kept() {
        let regular = Series::from_secs([(60, 1.0), (120, 2.0)]);
        let Points::Regular { values, .. } = &regular.points else { panic!("{regular:?}") };
        let irregular = Series { start: 60, last: 2.0, points: Points::Irregular(Arc::from([(0, 1.0), (60, 2.0)])) };
        assert_eq!(regular, irregular);
        assert_eq!(values.len(), 2);
        assert_ne!(regular, Series::from_secs([(60, 1.0), (180, 2.0)]));
        // Values compare as numbers, as they did when equality was derived.
        assert_eq!(Series::from_secs([(60, 0.0), (120, 1.0)]), Series::from_secs([(60, -0.0), (120, 1.0)]));
        assert_ne!(Series::from_secs([(60, f64::NAN)]), Series::from_secs([(60, f64::NAN)]));
        let negative_zero =
            Series { start: 60, last: 2.0, points: Points::Irregular(Arc::from([(0, -0.0), (60, 2.0)])) };
        assert_eq!(Series::from_secs([(60, 0.0), (120, 2.0)]), negative_zero);
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
    fn the_next_minute_goes_into_the_same_log_and_the_hour_before_reads_as_it_did() {
        let hour = Series::from_secs((0..60).map(|i| (60 * i, f64::from(i as u8))));
        let minute = |m: i64| (60 * m, m as f64 * 0.5);
        let next = hour.slid(60..i64::MAX, &[minute(60)]);
        assert_eq!(next.raw(), (1..60).map(|i| (60 * i, i as f64)).chain([minute(60)]).collect::<Vec<_>>());
        assert!(!next.shares(&hour), "the hour's log had no room: a copy, with room");
        let after = next.slid(120..i64::MAX, &[minute(61)]);
        assert!(after.shares(&next), "one more minute in the same log");
        assert_eq!((after.len(), after.first_secs(), after.latest()), (60, Some(120), Some(30.5)));
        assert_eq!(next.len(), 60);
        assert_eq!(next.latest(), Some(30.0), "the series before keeps its own newest point");
        assert_eq!(hour.raw(), (0..60).map(|i| (60 * i, i as f64)).collect::<Vec<_>>());
        // Kept as far as the log has room; then a copy, with room again.
        let mut s = after;
        for m in 62..200 {
            s = s.slid((m - 59) * 60..i64::MAX, &[minute(m)]);
            assert_eq!((s.len(), s.first_secs(), s.latest()), (60, Some((m - 59) * 60), Some(m as f64 * 0.5)));
        }
        assert!(s.point_bytes() <= (60 + 12) * 4, "{}", s.point_bytes());
    }

    /// `slid` is `from_secs` of the points kept and added, whatever the series and the points.
    #[test]
    fn sliding_gives_the_points_computing_them_whole_gives() {
        let mut seed = 7_u64;
        let mut next = |n: i64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            i64::try_from(seed >> 33).unwrap() % n
        };
        let mut in_place = 0;
        for case in 0..3_000 {
            let len = next(8);
            let gap = next(4) == 0;
            let old: Vec<(i64, f64)> =
                (0..len).filter(|&i| !gap || i != 2).map(|i| (600 + 60 * i, next(100) as f64 / 4.0)).collect();
            // Half of them in a log with room (a series slid to before): appended in place.
            let old = match old.split_last() {
                Some((last, rest)) if next(2) == 0 => {
                    Series::from_secs(rest.iter().copied()).slid(0..i64::MAX, &[*last])
                }
                _ => Series::from_secs(old),
            };
            let end = if next(2) == 0 { i64::MAX } else { 600 + 60 * next(12) };
            let kept = 600 + 60 * (next(10) - 2)..end;
            let after = if next(4) == 0 { next(3) } else { 1 };
            let first_added = old.last_secs().unwrap_or(600) + 60 * after;
            let added: Vec<(i64, f64)> =
                (0..next(4)).map(|k| (first_added + 60 * k + 30 * i64::from(next(6) == 0), k as f64)).collect();
            let before = old.raw();
            let slid = old.slid(kept.clone(), &added);
            let kept_points = old.raw().into_iter().filter(|&(t, _)| kept.contains(&t));
            let whole = Series::from_secs(kept_points.chain(added.iter().copied()));
            assert_eq!(slid.raw(), whole.raw(), "case {case}: {before:?} kept {kept:?} added {added:?}");
            assert_eq!(slid, whole, "case {case}");
            assert_eq!(
                (slid.latest(), slid.first_secs(), slid.last_secs()),
                (whole.latest(), whole.first_secs(), whole.last_secs())
            );
            assert_eq!(old.raw(), before, "case {case}: the series slid from is unchanged");
            in_place += usize::from(slid.shares(&old) && !added.is_empty());
        }
        assert!(in_place > 150 && in_place < 3_000, "only {in_place} of the cases appended in place");
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
