//! Render cost of one frame of the Fleet tab at 200×50, for fleets of 100, 1,000 and 10,000
//! DB instances. Only visible rows are built, so the figures should be nearly flat.
//!
//! Run with `cargo bench --bench render`.

#![allow(clippy::unwrap_used)]

use std::hint::black_box;
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use opsdeck::cloud::Inventory;
use opsdeck::cloud::sim::{SimClock, SimConfig, Simulator};
use opsdeck::config::keymap::Keymap;
use opsdeck::config::theme::Theme;
use opsdeck::event::{Event, Polled};
use opsdeck::state::State;
use opsdeck::state::feed::stamped;
use opsdeck::update::{metric_targets, update};

/// A state loaded with one fetch of every feed of a simulated fleet of `size` instances.
fn loaded_state(size: usize) -> State {
    let start = Utc.with_ymd_and_hms(2026, 11, 27, 15, 0, 0).single().unwrap_or_default();
    let clock = Arc::new(SimClock::manual(start));
    let config = SimConfig { fleet_size: Some(size), ..SimConfig::default() };
    let sim = Simulator::with_clock(config, clock);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap_or_else(|e| panic!("{e}"));
    let mut state = State::new(sim.label(), sim.scopes());
    for scope in sim.scopes() {
        let fleet = runtime.block_on(sim.db_fleet(&scope));
        update(&mut state, Event::Polled(Polled::Fleet(scope.clone(), stamped(fleet, start))));
        let groups = runtime.block_on(sim.scaling_groups(&scope));
        update(&mut state, Event::Polled(Polled::Groups(scope.clone(), stamped(groups, start))));
        let targets = metric_targets(&state, &scope);
        let metrics = runtime.block_on(sim.metrics(&scope, &targets));
        update(&mut state, Event::Polled(Polled::Metrics(scope.clone(), stamped(metrics, start))));
    }
    state
}

fn fleet_tab(c: &mut Criterion) {
    let theme = Theme::default();
    let keymap = Keymap::builtin("default").unwrap_or_default();
    let mut group = c.benchmark_group("fleet_tab_200x50");
    for size in [100, 1_000, 10_000] {
        let state = loaded_state(size);
        let now_ts = Utc.with_ymd_and_hms(2026, 11, 27, 15, 0, 5).single().unwrap_or_default();
        let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap_or_else(|e| panic!("{e}"));
        group.bench_with_input(BenchmarkId::from_parameter(size), &state, |b, state| {
            b.iter(|| {
                terminal
                    .draw(|frame| opsdeck::ui::draw(frame, black_box(state), now_ts, &theme, &keymap))
                    .unwrap_or_else(|e| panic!("{e}"));
            });
        });
    }
    group.finish();
}

criterion_group!(benches, fleet_tab);
criterion_main!(benches);
