//! The simulator's virtual clock: real elapsed time scaled by a speed factor, or fully manual.
//!
//! Every simulated value is a function of the time this clock reports, so a manual clock makes
//! the whole fleet reproducible in tests without sleeping. Both kinds can be pushed forward with
//! [`SimClock::advance`], which is how a demo skips ahead to the interesting part.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

use crate::cloud::Clock;
use crate::cloud::model::Timestamp;

/// Virtual time for the simulator.
#[derive(Debug)]
pub struct SimClock {
    start: Timestamp,
    /// The real instant virtual time started flowing and how fast; `None` for a manual clock.
    flow: Option<(Instant, f64)>,
    /// Virtual milliseconds added by `advance`; atomic so the clock can be shared behind `Arc`.
    skipped_ms: AtomicI64,
}

impl SimClock {
    /// A clock at `start` that runs `speed` virtual seconds per real second.
    pub fn realtime(start: Timestamp, speed: f64) -> Self {
        let speed = if speed.is_finite() && speed > 0.0 { speed } else { 1.0 };
        Self { start, flow: Some((Instant::now(), speed)), skipped_ms: AtomicI64::new(0) }
    }

    /// A clock that stands still at `start` until [`SimClock::advance`] moves it.
    pub fn manual(start: Timestamp) -> Self {
        Self { start, flow: None, skipped_ms: AtomicI64::new(0) }
    }

    /// Moves virtual time forward by `by`.
    pub fn advance(&self, by: Duration) {
        let ms = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        self.skipped_ms.fetch_add(ms, Ordering::Relaxed);
    }

    /// The virtual time the clock started at.
    pub fn start(&self) -> Timestamp {
        self.start
    }

    /// Virtual seconds per real second (0 for a manual clock).
    pub fn speed(&self) -> f64 {
        self.flow.map_or(0.0, |(_, speed)| speed)
    }

    fn flowed_ms(&self) -> i64 {
        self.flow.map_or(0, |(origin, speed)| (origin.elapsed().as_secs_f64() * speed * 1000.0) as i64)
    }
}

impl Clock for SimClock {
    fn now(&self) -> Timestamp {
        let ms = self.flowed_ms().saturating_add(self.skipped_ms.load(Ordering::Relaxed));
        self.start.checked_add_signed(chrono::Duration::milliseconds(ms)).unwrap_or(self.start)
    }

    fn rate(&self) -> f64 {
        // A manual clock moves only when told; its ages compare with intervals one to one.
        if self.speed() > 0.0 { self.speed() } else { 1.0 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    #[test]
    fn manual_clock_moves_only_when_advanced() {
        let start = Utc.with_ymd_and_hms(2026, 11, 27, 15, 0, 0).single().unwrap_or_default();
        let clock = SimClock::manual(start);
        assert_eq!(clock.now(), start);
        clock.advance(Duration::from_secs(90));
        assert_eq!(clock.now(), start + chrono::Duration::seconds(90));
        assert_eq!(clock.start(), start);
    }

    #[test]
    fn realtime_clock_never_runs_backwards_and_honours_skips() {
        let start = Utc.with_ymd_and_hms(2026, 11, 27, 15, 0, 0).single().unwrap_or_default();
        let clock = SimClock::realtime(start, 60.0);
        let first = clock.now();
        assert!(first >= start);
        clock.advance(Duration::from_hours(1));
        assert!(clock.now() >= first + chrono::Duration::hours(1));
        assert!((clock.speed() - 60.0).abs() < f64::EPSILON);
    }
}
