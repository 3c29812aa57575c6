//! Frames of the detail views, over the simulator's own answers in the `slow-query` scenario
//! twenty minutes in (a lock held by one session blocking many, a statement with two plans):
//! the blocking tree, an Aurora lock snapshot, the plans side by side and one alone, the
//! analysis reports and one report's insights, and a DB instance's detail over 24 h and 7 days
//! (1,440 and 1,008 points a series), at 200×55 and 80×24.

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use opsdeck::cloud::model::{PiQuery, ResourceKey, Timestamp, Window};
use opsdeck::cloud::sim::{Scenario, Simulator};
use opsdeck::cloud::{Clock, Inventory, Operations};
use opsdeck::config::keymap::Keymap;
use opsdeck::config::theme::Theme;
use opsdeck::feed::{Feed, Snapshot};
use opsdeck::state::{DbHistory, DetailTarget, Mode, PlanShown, ReportFeed, ReportsFeed, SqlDetailFeed, State, Tab};

use super::{TIMED_FRAMES, benchmarking, loaded_in, timed};

fn ready<T>(data: T, fetched_at: Timestamp) -> Feed<T> {
    Feed::Ready(Snapshot { data, fetched_at })
}

/// The first Aurora PostgreSQL instance with Performance Insights on: it takes lock snapshots.
fn aurora_postgres(state: &State) -> Option<ResourceKey> {
    state.fetched.fleet.data().find_map(|(scope, fleet)| {
        let db = fleet.instances.iter().find(|i| {
            i.engine == "aurora-postgresql" && i.performance_insights == Some(true) && i.resource_id.is_some()
        })?;
        Some(ResourceKey::new(scope.clone(), db.id.clone()))
    })
}

/// Each view as (name, state to draw).
fn views(rt: &tokio::runtime::Runtime) -> Vec<(String, State)> {
    let (base, sim) = loaded_in(100, Scenario::SlowQuery);
    sim.sim_clock().advance(Duration::from_mins(20));
    let now = sim.sim_clock().now();
    let shop = ResourceKey::new(base.session.scopes[0].clone(), "shop-prod-db");
    let mut out = Vec::new();
    let with = |tab: Tab, mode: Mode, change: &dyn Fn(&mut State)| {
        let mut state = base.clone();
        state.nav.tab = tab;
        state.fetched.focus = Some(shop.clone());
        change(&mut state);
        state.nav.mode = mode;
        state
    };
    let query = PiQuery::new(shop.clone());
    let blocking = rt.block_on(sim.blocking(&query)).unwrap();
    assert!(!blocking.blockers.is_empty(), "slow-query has a blocking chain");
    let put = |q: PiQuery, b: opsdeck::cloud::model::Blocking| {
        move |s: &mut State| s.fetched.blocking = Some(Box::new((q.clone(), ready(b.clone(), now))))
    };
    out.push((
        "blocking".to_owned(),
        with(Tab::Performance, Mode::Detail(DetailTarget::Blocking), &put(query.clone(), blocking)),
    ));
    if let Some(aurora) = aurora_postgres(&base) {
        let q = PiQuery::new(aurora.clone());
        let locks = rt.block_on(sim.blocking(&q)).unwrap();
        assert!(locks.lock_snapshot.is_some(), "Aurora PostgreSQL takes lock snapshots");
        let mut state = with(Tab::Performance, Mode::Detail(DetailTarget::Blocking), &put(q, locks));
        state.fetched.focus = Some(aurora);
        out.push(("lock snapshot".to_owned(), state));
    }
    out.extend(plans(rt, &sim, &query, now, &with));
    out.extend(reports(rt, &sim, &shop, now, &with));
    for window in [Window::Day, Window::Week] {
        let series = rt.block_on(sim.db_history(&shop, window)).unwrap();
        let history = DbHistory { instance: shop.clone(), window, feed: ready(series, now) };
        let fill = |s: &mut State| {
            s.fetched.pi_view.window = window;
            s.fetched.db_history = Some(Box::new(history.clone()));
        };
        let name = format!("instance over {}", window.label());
        out.push((name, with(Tab::Fleet, Mode::Detail(DetailTarget::Db(shop.clone())), &fill)));
    }
    out
}

type With<'a> = dyn Fn(Tab, Mode, &dyn Fn(&mut State)) -> State + 'a;

/// The heaviest statement's plans, side by side and the first alone.
fn plans(
    rt: &tokio::runtime::Runtime,
    sim: &Simulator,
    query: &PiQuery,
    now: Timestamp,
    with: &With<'_>,
) -> Vec<(String, State)> {
    let performance = rt.block_on(sim.performance(query)).unwrap();
    let id = performance.top_sql[0].id.clone();
    let detail = rt.block_on(sim.sql_detail(query, &id)).unwrap();
    assert!(detail.plans.plans.len() >= 2, "the slow statement has two plans");
    [("plans side by side", PlanShown::Compare), ("one plan", PlanShown::Only(0))]
        .into_iter()
        .map(|(name, plan)| {
            let feed = SqlDetailFeed { query: query.clone(), id: id.clone(), feed: ready(detail.clone(), now), plan };
            let fill = |s: &mut State| s.fetched.sql_detail = Some(feed.clone());
            (name.to_owned(), with(Tab::Performance, Mode::Detail(DetailTarget::Sql(id.clone())), &fill))
        })
        .collect()
}

/// A report asked for the last hour, run: the list, then its insights.
fn reports(
    rt: &tokio::runtime::Runtime,
    sim: &Simulator,
    key: &ResourceKey,
    now: Timestamp,
    with: &With<'_>,
) -> Vec<(String, State)> {
    let db = rt.block_on(sim.db_instance(key)).unwrap();
    let resource = db.resource_id.unwrap_or_default();
    let window = (now - chrono::Duration::minutes(60), now - chrono::Duration::minutes(1));
    rt.block_on(sim.create_analysis_report(key, &resource, window)).unwrap();
    sim.sim_clock().advance(Duration::from_mins(5));
    let list = rt.block_on(sim.analysis_reports(key)).unwrap();
    let id = list[0].id.clone();
    let report = rt.block_on(sim.analysis_report(key, &id)).unwrap();
    assert!(!report.insights.is_empty(), "the report has run and names the dominating statement");
    let feed = ReportsFeed { instance: key.clone(), feed: ready(list, now), selected: 0, polls: 0, open: None };
    let opened =
        ReportsFeed { open: Some(ReportFeed { id: id.clone(), feed: ready(report, now), polls: 0 }), ..feed.clone() };
    let list_fill = |s: &mut State| s.fetched.reports = Some(Box::new(feed.clone()));
    let open_fill = |s: &mut State| s.fetched.reports = Some(Box::new(opened.clone()));
    vec![
        ("reports".to_owned(), with(Tab::Performance, Mode::Detail(DetailTarget::Reports), &list_fill)),
        ("report insights".to_owned(), with(Tab::Performance, Mode::Detail(DetailTarget::Report(id)), &open_fill)),
    ]
}

pub fn detail_views(c: &mut Criterion) {
    let theme = Theme::default();
    let keymap = Keymap::builtin("default").unwrap_or_default();
    // Paused: the simulator's simulated network latency passes at once.
    let rt = tokio::runtime::Builder::new_current_thread().enable_time().start_paused(true).build().unwrap();
    let views = views(&rt);
    let mut table = String::from("| view | size | p50 | p99 |\n|---|---|---:|---:|\n");
    let mut group = c.benchmark_group("detail_views");
    for (name, state) in &views {
        for (w, h) in [(200, 55), (80, 24)] {
            let now = state.now.unwrap_or_default();
            let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
            let mut frame = || {
                terminal.draw(|frame| opsdeck::ui::draw(frame, black_box(state), now, &theme, &keymap)).unwrap();
            };
            group.bench_function(BenchmarkId::new(name, format!("{w}x{h}")), |b| b.iter(&mut frame));
            if benchmarking() {
                let (p50, p99) = timed(&mut frame);
                let _ = writeln!(table, "| {name} | {w}×{h} | {p50:.2} ms | {p99:.2} ms |");
            }
        }
    }
    group.finish();
    if benchmarking() {
        println!("\nThe detail views, {TIMED_FRAMES} frames timed one by one:\n\n{table}");
    }
}
