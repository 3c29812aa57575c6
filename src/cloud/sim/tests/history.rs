//! A DB instance's metrics over the windows past the hour: one datapoint per period of the
//! window, ending where the metrics feed's hour ends, and the same values where they overlap.

use super::*;
use crate::cloud::model::{Series, Window};

#[tokio::test(start_paused = true)]
async fn each_window_has_its_points_ending_with_the_feeds_hour() {
    let (s, clock) = sim(Scenario::SlowQuery);
    clock.advance(Duration::from_mins(30));
    let key = ResourceKey::new(east(), "shop-prod-db");
    let targets = MetricTargets { instances: vec![key.id.clone()], groups: vec![] };
    let metrics = s.metrics(&east(), &targets).await.unwrap_or_default();
    let hour = metrics.db.get("shop-prod-db").and_then(|d| d.get(DbMetric::Cpu)).cloned().unwrap_or_default();
    for window in [Window::SixHours, Window::Day, Window::Week] {
        let history = s.db_history(&key, window).await.unwrap_or_default();
        let cpu = history.get(DbMetric::Cpu).cloned().unwrap_or_default();
        assert_eq!(cpu.len(), window.metric_points(), "{window:?}");
        let steps: Vec<i64> = cpu.raw().windows(2).map(|w| w[1].0 - w[0].0).collect();
        assert!(steps.iter().all(|&s| s == window.metric_period_secs()), "{window:?}: one point per period");
        assert!(history.get(DbMetric::DbLoad).is_some(), "PI is on: the load counters come too");
        let (_, end) = window.metric_range(clock.now());
        assert_eq!(cpu.raw().last().map(|p| p.0), Some(end - window.metric_period_secs()));
        if window.metric_period_secs() == 60 {
            assert_eq!(cpu.raw()[cpu.len() - hour.len()..], *hour.raw(), "{window:?}: its last hour is the feed's");
        } else {
            // The newest period averages the minutes it has so far, as CloudWatch's Average does.
            let (from, newest) = cpu.raw().last().copied().unwrap_or_default();
            let minutes: Vec<f64> = hour.raw().iter().filter(|p| p.0 >= from).map(|p| p.1).collect();
            let mean = minutes.iter().sum::<f64>() / minutes.len() as f64;
            assert!(!minutes.is_empty() && (newest - mean).abs() < 1e-9, "{newest} vs {mean} of {minutes:?}");
        }
    }
}

#[tokio::test(start_paused = true)]
async fn the_slow_statement_shows_as_a_step_in_the_day() {
    let (s, clock) = sim(Scenario::SlowQuery);
    clock.advance(Duration::from_mins(20));
    let key = ResourceKey::new(east(), "shop-prod-db");
    let day = s.db_history(&key, Window::Day).await.unwrap_or_default();
    let reads = day.get(DbMetric::ReadIops).map(Series::raw).unwrap_or_default();
    let started = s.started().timestamp();
    let peak_before = reads.iter().filter(|p| p.0 < started).map(|p| p.1).fold(0.0, f64::max);
    assert!(reads.iter().filter(|p| p.0 < started).count() > 1_400, "the day is mostly before the scenario");
    let last = &reads[reads.len() - 10..];
    assert!(last.iter().all(|p| p.1 > peak_before), "the last minutes read more than any of the day before");
    let unknown = s.db_history(&ResourceKey::new(east(), "no-such-db"), Window::Day).await;
    assert!(matches!(unknown, Err(CloudError::NotFound { .. })));
}
