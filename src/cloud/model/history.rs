//! An instance's CloudWatch metrics over the time window chosen with `w`, for the sparklines of
//! its detail view: the period that fits each window, and the range asked for.
//!
//! The metrics feed holds the last hour at one-minute datapoints, so the 5-minute and 1-hour
//! windows are drawn from it and cost nothing. Longer windows are fetched for the one instance
//! whose detail is open: one `GetMetricData` call on AWS (ten series of at most 1,440 points
//! each fit in one answer page of 100,800 datapoints).

use super::Timestamp;
use super::pi_view::Window;

/// The most points one windowed series holds: a day of one-minute datapoints.
pub const MAX_HISTORY_POINTS: usize = 1_440;

/// How long CloudWatch keeps one-minute datapoints; five-minute ones are kept 63 days, hourly
/// ones 455 days. Every window starts inside it, so every window can ask for its period.
pub const ONE_MINUTE_RETENTION_SECS: i64 = 15 * 86_400;

impl Window {
    /// The CloudWatch period of the window's datapoints: a minute up to a day (1,440 points),
    /// ten minutes for the week (1,008 points; five minutes would make 2,016, more than a
    /// series holds).
    pub fn metric_period_secs(self) -> i64 {
        match self {
            Self::FiveMinutes | Self::Hour | Self::SixHours | Self::Day => 60,
            Self::Week => 600,
        }
    }

    /// How many datapoints the window holds at its metric period.
    pub fn metric_points(self) -> usize {
        usize::try_from(self.secs() / self.metric_period_secs()).unwrap_or(0)
    }

    /// Whether the metrics feed's hour already holds the window, so nothing is fetched for it.
    pub fn in_metrics_feed(self) -> bool {
        self.secs() <= 3_600 && self.metric_period_secs() == super::METRIC_PERIOD_SECS
    }

    /// The range asked for at `now`, in epoch seconds (`end` exclusive): the window ending with
    /// the period `now` is in, both ends on period boundaries, as the metrics feed asks.
    pub fn metric_range(self, now: Timestamp) -> (i64, i64) {
        let period = self.metric_period_secs();
        let end = now.timestamp().div_euclid(period) * period + period;
        (end - self.secs(), end)
    }

    /// "last 24 h, 1-min points": what a windowed sparkline's heading says.
    pub fn metric_heading(self) -> String {
        let period = self.metric_period_secs() / 60;
        format!("last {}, {period}-min points", self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_window_fits_a_series_and_cloudwatch_retention() {
        for window in Window::ALL {
            let points = window.metric_points();
            assert!((1..=MAX_HISTORY_POINTS).contains(&points), "{window:?}: {points} points");
            assert_eq!(window.secs() % window.metric_period_secs(), 0);
            assert_eq!(window.metric_period_secs() % 60, 0, "CloudWatch periods past 3 h are whole minutes");
            assert!(window.secs() <= ONE_MINUTE_RETENTION_SECS);
        }
        let points: Vec<usize> = Window::ALL.iter().map(|w| w.metric_points()).collect();
        assert_eq!(points, [5, 60, 360, 1_440, 1_008]);
    }

    #[test]
    fn only_the_windows_past_the_feeds_hour_are_fetched() {
        let fetched: Vec<Window> = Window::ALL.into_iter().filter(|w| !w.in_metrics_feed()).collect();
        assert_eq!(fetched, [Window::SixHours, Window::Day, Window::Week]);
    }

    #[test]
    fn ranges_end_with_the_period_now_is_in() {
        let now = Timestamp::from_timestamp(1_795_000_030, 0).unwrap_or_default();
        let (start, end) = Window::Day.metric_range(now);
        assert_eq!((end, end - start), (1_795_000_080, 86_400));
        let (start, end) = Window::Week.metric_range(now);
        assert_eq!(end % 600, 0);
        assert!(end > now.timestamp() && end - 600 <= now.timestamp());
        assert_eq!(end - start, 7 * 86_400);
        assert_eq!(Window::Week.metric_heading(), "last 7 days, 10-min points");
    }
}
