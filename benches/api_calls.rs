//! API calls per refresh of the metrics feed, as the AWS adapter's planner packs them, next to
//! what a per-metric design (one `GetMetricStatistics` per series) would send; and how long
//! planning takes. Every instance is a replica with Performance Insights on here, so each has
//! all ten metrics (the six CloudWatch ones and the four DB load counters).
//!
//! Then the fleet feed's security-group lookups: one `DescribeSecurityGroups` per 200 distinct
//! groups not cached, on the hourly refresh only.
//!
//! `cargo bench --bench api_calls` (or `cargo test --bench api_calls`, the same counts from a
//! debug build) prints the tables the README quotes.

use std::time::{Duration, Instant};

use opsdeck::cloud::aws::planner::{self, InstanceTarget, Lag};
use opsdeck::cloud::aws::{GROUPS_PER_CALL, security_group_calls};

const METRICS: usize = 10;

fn fleet(n: usize) -> Vec<InstanceTarget> {
    (0..n)
        .map(|i| InstanceTarget { id: format!("db-{i:05}"), aurora: false, lag: Lag::Replica, db_load: true })
        .collect()
}

/// The calls of one refresh, and the fastest of a few planning runs.
fn measure(n: usize) -> (usize, usize, Duration) {
    let targets = fleet(n);
    let now = 1_795_000_000;
    let mut best = Duration::MAX;
    let mut calls = 0;
    let mut series = 0;
    for _ in 0..5 {
        let started = Instant::now();
        let queries = planner::queries(&targets, &[]);
        series = queries.len();
        let window = planner::window(None, now);
        calls = planner::plan(queries.into_iter().map(|q| (window, q))).len();
        best = best.min(started.elapsed());
    }
    (series, calls, best)
}

fn main() {
    println!("| instances | series | GetMetricData calls per refresh | per-metric calls | planning |");
    println!("|---:|---:|---:|---:|---:|");
    for n in [10, 100, 1_000, 5_000] {
        let (series, calls, took) = measure(n);
        assert_eq!(series, n * METRICS);
        assert_eq!(calls, planner::calls_per_refresh(series));
        println!(
            "| {n} | {series} | {calls} | {} | {:.2} ms |",
            planner::naive_calls(series),
            took.as_secs_f64() * 1000.0
        );
    }
    println!();
    println!("| distinct security groups | DescribeSecurityGroups calls, hourly refresh | other refreshes |");
    println!("|---:|---:|---:|");
    for groups in [1, 10, 200, 1_000, 5_000] {
        let calls = security_group_calls(groups);
        assert_eq!(calls, groups.div_ceil(GROUPS_PER_CALL));
        println!("| {groups} | {calls} | 0 |");
    }
}
