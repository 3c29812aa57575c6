#![allow(clippy::unwrap_used)] // a bench: a failure is a panic with its reason
//! The size of a recording and how fast a replay seeks: one simulated hour of az-outage at
//! 1,000 DB instances, polled as the console polls (fleet every 30 s, alarms and groups every
//! 15 s, metrics for every instance and group), recorded through the recorder to a file; then
//! the replay opens it and seeks to times across it.
//!
//! Metrics are polled once per virtual minute here: their datapoints are a minute apart, and a
//! poll that brings no new point writes nothing, so the console's 10 s polls give the same file.
//!
//! `cargo bench --bench recording` prints the figures the README quotes;
//! `OPSDECK_BENCH_HOURS=24` records a day instead of an hour (it takes about as many minutes
//! and a bit more, as the hour takes seconds); `OPSDECK_BENCH_KEEP=PATH` keeps a copy of the
//! recording there, to see what it holds; `OPSDECK_BENCH_FILE=PATH` times the replay of a
//! recording kept so, without recording again.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};

use opsdeck::cloud::Inventory;
use opsdeck::cloud::model::MetricTargets;
use opsdeck::cloud::sim::{Scenario, SimClock, SimConfig, Simulator};
use opsdeck::cloud::{Clock, CloudError};
use opsdeck::record::replay::Replay;
use opsdeck::record::{Entry, FeedName, Header, Observation, Payload, Recorder, Stream};

const INSTANCES: usize = 1_000;

/// How many virtual hours to record: `OPSDECK_BENCH_HOURS`, one by default.
fn hours() -> u64 {
    std::env::var("OPSDECK_BENCH_HOURS").ok().and_then(|h| h.parse().ok()).filter(|&h| h > 0).unwrap_or(1)
}

fn observed<T>(
    at: chrono::DateTime<Utc>,
    stream: Stream,
    result: Result<T, CloudError>,
    wrap: fn(T) -> Payload,
) -> Entry {
    Entry::Observed(Observation { at, stream, result: result.map(wrap) })
}

/// Records the simulated fleet to a new file, and says what it took.
async fn record() -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("opsdeck-bench-recording-{}.odr", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let start = Utc.with_ymd_and_hms(2026, 11, 27, 15, 0, 0).unwrap();
    let minutes = hours() * 60;
    let clock = Arc::new(SimClock::manual(start));
    let config = SimConfig { scenario: Scenario::AzOutage, fleet_size: Some(INSTANCES), ..SimConfig::default() };
    let sim = Simulator::with_clock(config, Arc::clone(&clock));
    let header = Header::new(start, sim.label(), Some("az-outage".to_owned()), sim.scopes());
    let recorder = Recorder::start(&path, &header).unwrap();
    let began = Instant::now();
    let mut polls = 0_u64;
    for second in (0..minutes * 60).step_by(15) {
        let now = clock.now();
        for scope in sim.scopes() {
            let scoped = |feed| Stream::scoped(feed, scope.clone());
            if second % 30 == 0 {
                let fleet = sim.db_fleet(&scope).await;
                if second % 60 == 0
                    && let Ok(fleet) = &fleet
                {
                    let groups = sim.scaling_groups(&scope).await.unwrap_or_default();
                    let targets = MetricTargets {
                        instances: fleet.instances.iter().map(|i| i.id.clone()).collect(),
                        groups: groups.iter().map(|g| g.name.clone()).collect(),
                    };
                    let metrics = sim.metrics(&scope, &targets).await;
                    recorder.record(observed(now, scoped(FeedName::Metrics), metrics, Payload::Metrics));
                    polls += 1;
                }
                recorder.record(observed(now, scoped(FeedName::Fleet), fleet, Payload::Fleet));
                polls += 1;
            }
            recorder.record(observed(now, scoped(FeedName::Alarms), sim.alarms(&scope).await, Payload::Alarms));
            recorder.record(observed(now, scoped(FeedName::Groups), sim.scaling_groups(&scope).await, Payload::Groups));
            polls += 2;
        }
        clock.advance(Duration::from_secs(15));
    }
    recorder.finish();
    let took = began.elapsed();
    let bytes = std::fs::metadata(&path).unwrap().len();
    let megabytes = bytes as f64 / 1_000_000.0;
    println!("recording: {minutes} virtual minutes of az-outage at {INSTANCES} instances, {polls} poll results");
    let per_hour = megabytes / (minutes as f64 / 60.0);
    println!("  file: {megabytes:.1} MB ({bytes} bytes), {per_hour:.1} MB per hour (budget 25 MB per hour)");
    println!("  simulating and recording took {:.1} s", took.as_secs_f64());
    path
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let kept = std::env::var_os("OPSDECK_BENCH_FILE").map(std::path::PathBuf::from);
    let path = match &kept {
        Some(path) => path.clone(),
        None => record().await,
    };
    let opened = Instant::now();
    let replay = Replay::open(&path).unwrap();
    println!("  replay opens (header, keyframe scan): {:.0} ms", opened.elapsed().as_secs_f64() * 1000.0);
    let replay_clock = replay.replay_clock();
    let (start, end) = (replay_clock.start(), replay_clock.end());
    let scope = replay.scopes()[0].clone();
    let fleet = replay.db_fleet(&scope).await.unwrap();
    assert!(fleet.instances.len() > 100 && replay.metrics(&scope, &MetricTargets::default()).await.is_ok());
    println!("  open and first frame's data: {:.0} ms", opened.elapsed().as_secs_f64() * 1000.0);
    let mut worst = Duration::ZERO;
    let span = (end - start).num_minutes();
    // Across the recording, back and forth: 3/4, 1/12, 1/2, the end, the start, 5/6, 1/3.
    for minute in [span * 3 / 4, span / 12, span / 2, span - 1, 1, span * 5 / 6, span / 3] {
        replay_clock.seek(start + chrono::Duration::minutes(minute));
        let seek = Instant::now();
        let fleet = replay.db_fleet(&scope).await.unwrap();
        let metrics = replay.metrics(&scope, &MetricTargets::default()).await;
        assert!(fleet.instances.len() > 100 && metrics.is_ok());
        worst = worst.max(seek.elapsed());
    }
    println!("  seek (fleet and metrics of a scope at a new time), worst of 7: {:.0} ms", worst.as_secs_f64() * 1000.0);
    if let Some(keep) = std::env::var_os("OPSDECK_BENCH_KEEP") {
        std::fs::copy(&path, &keep).unwrap();
    }
    if kept.is_none() {
        let _ = std::fs::remove_file(&path);
    }
}
