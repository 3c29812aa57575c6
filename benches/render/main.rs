//! Render cost of one frame of each tab at 200×50, for fleets of 100, 1,000, 5,000 and 10,000
//! DB instances. Tables build only their visible rows, so the figures should be nearly flat.
//!
//! Criterion measures the mean; after it, each tab and size draws `TIMED_FRAMES` more frames,
//! timed one by one, and a table of their p50 / p99 is printed (the budget is ≤ 4 ms p99 at
//! 10,000). Under `cargo test` it draws each tab once at 100 instances only.
//!
//! `performance_views` times what a key on the Performance tab costs on the simulator: a
//! window change (or a new slice) from the key through `update`, the simulator computing the
//! new view (its simulated network latency skipped on a paused clock), the result applied, to
//! the frame drawn; the budget is 50 ms. Each window and slice is drawn too.
//!
//! `detail_views` (in `views.rs`) draws the detail views over the simulator's own answers: the
//! blocking tree, an Aurora lock snapshot, a statement's execution plans, the analysis reports
//! and one report's insights, and a DB instance's detail over 24 h and 7 days.
//!
//! Run with `cargo bench --bench render`.

// A benchmark: a failure to set up is a panic with the reason, not a recoverable error.
#![allow(clippy::unwrap_used)]

use std::fmt::Write as _;
use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use opsdeck::cloud::Inventory;
use opsdeck::cloud::model::{Dimension, Timestamp, Window};
use opsdeck::cloud::sim::{Scenario, SimClock, SimConfig, Simulator};
use opsdeck::command::Command;
use opsdeck::config::keymap::Keymap;
use opsdeck::config::theme::Theme;
use opsdeck::event::Effect;
use opsdeck::event::{Event, Polled};
use opsdeck::feed::stamped;
use opsdeck::state::{State, Tab};
use opsdeck::update::{metric_targets, update};

mod views;

/// The console's own allocator (`src/main.rs`), so that what applying a result costs here is
/// what it costs the console: glibc's malloc and free were a tenth of `apply_poll`'s samples.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// Frames timed one by one per tab and size for the percentile table.
const TIMED_FRAMES: usize = 500;

fn start() -> Timestamp {
    Utc.with_ymd_and_hms(2026, 11, 27, 15, 0, 0).single().unwrap_or_default()
}

/// A state loaded with one fetch of every feed of a simulated fleet of `size` instances,
/// Performance Insights included.
fn loaded_state(size: usize) -> State {
    loaded(size).0
}

fn loaded(size: usize) -> (State, Simulator) {
    loaded_in(size, SimConfig::default().scenario)
}

/// As `loaded`, in a scenario.
fn loaded_in(size: usize, scenario: Scenario) -> (State, Simulator) {
    let start = start();
    let clock = Arc::new(SimClock::manual(start));
    let config = SimConfig { fleet_size: Some(size), scenario, ..SimConfig::default() };
    let sim = Simulator::with_clock(config, clock);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap();
    let mut state = State::new(sim.label(), sim.scopes());
    let mut effects = Vec::new();
    for scope in sim.scopes() {
        let fleet = runtime.block_on(sim.db_fleet(&scope));
        effects.extend(update(&mut state, Event::Polled(Polled::Fleet(scope.clone(), stamped(fleet, start)))));
        let groups = runtime.block_on(sim.scaling_groups(&scope));
        update(&mut state, Event::Polled(Polled::Groups(scope.clone(), stamped(groups, start))));
        let alarms = runtime.block_on(sim.alarms(&scope));
        update(&mut state, Event::Polled(Polled::Alarms(scope.clone(), stamped(alarms, start))));
        let targets = metric_targets(&state, &scope);
        let metrics = runtime.block_on(sim.metrics(&scope, &targets));
        update(&mut state, Event::Polled(Polled::Metrics(scope.clone(), stamped(metrics, start))));
    }
    if let Some(query) = state.fetched.pi_query() {
        let performance = runtime.block_on(sim.performance(&query));
        update(&mut state, Event::Polled(Polled::Performance(query, stamped(performance, start))));
    }
    update(&mut state, Event::Resize(200, 50));
    (state, sim)
}

/// Whether cargo runs this as a benchmark (`cargo bench`) rather than as a test.
fn benchmarking() -> bool {
    std::env::args().any(|a| a == "--bench")
}

fn tabs(c: &mut Criterion) {
    let theme = Theme::default();
    let keymap = Keymap::builtin("default").unwrap_or_default();
    let now = start() + chrono::Duration::seconds(5);
    let sizes: &[usize] = if benchmarking() { &[100, 1_000, 5_000, 10_000] } else { &[100] };
    let mut table = String::from("| tab | instances | p50 | p99 |\n|---|---:|---:|---:|\n");
    let mut group = c.benchmark_group("render_200x50");
    for &size in sizes {
        let mut state = loaded_state(size);
        for tab in Tab::ALL {
            state.nav.tab = tab;
            let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
            let mut frame = || {
                terminal.draw(|frame| opsdeck::ui::draw(frame, black_box(&state), now, &theme, &keymap)).unwrap();
            };
            group.bench_function(BenchmarkId::new(tab.title(), size), |b| b.iter(&mut frame));
            if benchmarking() {
                let (p50, p99) = timed(&mut frame);
                let _ = writeln!(table, "| {} | {size} | {p50:.2} ms | {p99:.2} ms |", tab.title());
            }
        }
    }
    group.finish();
    if benchmarking() {
        println!("\nOne frame at 200×50, {TIMED_FRAMES} frames timed one by one:\n\n{table}");
    }
}

/// The Overview at the sizes a wall and a laptop use, 100 to 10,000 instances: its grid, lists
/// and headline are rebuilt every frame, so they must stay within the 4 ms p99 budget.
fn overview(c: &mut Criterion) {
    let theme = Theme::default();
    let keymap = Keymap::builtin("default").unwrap_or_default();
    let now = start() + chrono::Duration::seconds(5);
    let sizes: &[usize] = if benchmarking() { &[100, 1_000, 10_000] } else { &[100] };
    let mut table = String::from("| size | instances | p50 | p99 |\n|---|---:|---:|---:|\n");
    let mut group = c.benchmark_group("overview");
    for &size in sizes {
        let mut state = loaded_state(size);
        state.nav.tab = Tab::Overview;
        for (w, h) in [(200, 55), (80, 24)] {
            let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
            let mut frame = || {
                terminal.draw(|frame| opsdeck::ui::draw(frame, black_box(&state), now, &theme, &keymap)).unwrap();
            };
            group.bench_function(BenchmarkId::new(format!("{w}x{h}"), size), |b| b.iter(&mut frame));
            if benchmarking() {
                let (p50, p99) = timed(&mut frame);
                let _ = writeln!(table, "| {w}×{h} | {size} | {p50:.2} ms | {p99:.2} ms |");
            }
        }
    }
    group.finish();
    if benchmarking() {
        println!("\nThe Overview, {TIMED_FRAMES} frames timed one by one (budget: 4 ms p99):\n\n{table}");
    }
}

/// p50 and p99 of `TIMED_FRAMES` frames, in milliseconds.
fn timed(frame: &mut impl FnMut()) -> (f64, f64) {
    let mut times: Vec<Duration> = (0..TIMED_FRAMES)
        .map(|_| {
            let t = Instant::now();
            frame();
            t.elapsed()
        })
        .collect();
    times.sort();
    let at = |pct: usize| times[(TIMED_FRAMES * pct).div_ceil(100).clamp(1, TIMED_FRAMES) - 1].as_secs_f64() * 1e3;
    (at(50), at(99))
}

/// What applying one poll result costs the UI task (rows rebuilt, filtered, sorted, selection
/// kept): the longest a key can wait when it arrives just behind a result.
fn apply(c: &mut Criterion) {
    let sizes: &[usize] = if benchmarking() { &[100, 1_000, 5_000, 10_000] } else { &[100] };
    let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap();
    // A minute on: the next minute's datapoints and alarm states, i.e. results that change the
    // rows (a poll that brings what is held costs a pointer comparison).
    let later = start() + chrono::Duration::minutes(1);
    let mut group = c.benchmark_group("apply_poll");
    for &size in sizes {
        let (state, sim) = loaded(size);
        sim.sim_clock().advance(Duration::from_mins(1));
        let scope = state.session.scopes[0].clone();
        let metrics = runtime.block_on(sim.metrics(&scope, &metric_targets(&state, &scope)));
        let alarms = runtime.block_on(sim.alarms(&scope));
        let polls = [
            ("metrics", Polled::Metrics(scope.clone(), stamped(metrics, later))),
            ("alarms", Polled::Alarms(scope.clone(), stamped(alarms, later))),
        ];
        for (feed, polled) in polls {
            let event = Event::Polled(polled);
            // The state and event are cloned outside the timing, and dropped outside it too.
            group.bench_function(BenchmarkId::new(feed, size), |b| {
                b.iter_batched(
                    || (state.clone(), event.clone()),
                    |(mut state, event)| {
                        let effects = update(&mut state, event);
                        (state, effects)
                    },
                    BatchSize::LargeInput,
                );
            });
        }
    }
    group.finish();
}

/// One key on the Performance tab, end to end: update, the simulator's answer, apply, draw.
fn key_to_frame(state: &mut State, sim: &Simulator, runtime: &tokio::runtime::Runtime, command: Command) {
    let theme = Theme::default();
    let keymap = Keymap::builtin("default").unwrap_or_default();
    for effect in update(state, Event::Command(command)) {
        if let Effect::FocusPerformance(Some(query)) = effect {
            let performance = runtime.block_on(sim.performance(&query));
            update(state, Event::Polled(Polled::Performance(query, stamped(performance, start()))));
        }
    }
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
    terminal.draw(|frame| opsdeck::ui::draw(frame, black_box(state), start(), &theme, &keymap)).unwrap();
}

fn performance_views(c: &mut Criterion) {
    // Paused: the simulator's 20–80 ms of simulated network latency passes at once.
    let runtime = tokio::runtime::Builder::new_current_thread().enable_time().start_paused(true).build().unwrap();
    let (mut state, sim) = loaded(100);
    state.nav.tab = Tab::Performance;
    let mut table = String::from("| key | from | p50 | p99 |\n|---|---|---:|---:|\n");
    let mut group = c.benchmark_group("performance_views");
    for (command, steps) in [(Command::NextWindow, Window::ALL.len()), (Command::NextSlice, Dimension::ALL.len())] {
        for _ in 0..steps {
            key_to_frame(&mut state, &sim, &runtime, command);
            let view = state.fetched.pi_view;
            let name = format!("{} by {}", view.window.label(), view.dimension.label());
            // Each sample starts from the view before, so that it changes the view as the key does.
            let before = state.clone();
            let mut change = || key_to_frame(&mut before.clone(), &sim, &runtime, command);
            group.bench_function(BenchmarkId::new(format!("{command:?}"), &name), |b| b.iter(&mut change));
            if benchmarking() {
                let (p50, p99) = timed(&mut change);
                let _ = writeln!(table, "| {command:?} | {name} | {p50:.2} ms | {p99:.2} ms |");
            }
        }
    }
    group.finish();
    if benchmarking() {
        println!("\nA key on the Performance tab to its frame at 200×50 (budget 50 ms):\n\n{table}");
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    targets = tabs, overview, apply, performance_views, views::detail_views
}
criterion_main!(benches);
