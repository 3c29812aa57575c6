//! The war-room hub end to end on a real nats-server (see `nats`): a hub on the simulated fleet
//! publishes, consoles on the hub (driven through the app loop) show what a console on the
//! simulator shows, a console joining late has every feed at once, and a hub that is gone
//! leaves the panes stale, saying so. The simulator's clock is manual and shared by the hub
//! and the consoles, so that what they show can be compared exactly; the loop runs on real
//! time (NATS is real I/O), every wait bounded by a count of steps or messages.

use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::mpsc;

use opsdeck::app::{App, Setup};
use opsdeck::cloud::model::MetricTargets;
use opsdeck::cloud::sim::{SimClock, SimConfig, Simulator};
use opsdeck::cloud::{Inventory, ReadOnly};
use opsdeck::config::hub::NatsAuth;
use opsdeck::config::keymap::Keymap;
use opsdeck::config::theme::Theme;
use opsdeck::feed::{Feed, Intervals};
use opsdeck::hub::{self, HubConfig, HubInventory};
use opsdeck::state::State;

pub(crate) use crate::hub_watch::{distinct, watch};
use crate::nats::Nats;

pub(crate) fn fast() -> Intervals {
    let every = Duration::from_millis(100);
    Intervals { fleet: every, metrics: every, alarms: every, groups: every, performance: every, events: every }
}

pub(crate) fn fleet() -> (Arc<SimClock>, Arc<Simulator>) {
    let clock = Arc::new(SimClock::manual(Utc.with_ymd_and_hms(2026, 11, 27, 15, 0, 0).unwrap()));
    let sim = Arc::new(Simulator::with_clock(SimConfig::default(), Arc::clone(&clock)));
    (clock, sim)
}

pub(crate) fn config(url: &str) -> HubConfig {
    HubConfig {
        url: url.to_owned(),
        name: "test-hub".to_owned(),
        retention: Duration::from_hours(1),
        keyframe_every: chrono::Duration::minutes(10),
        beat_every: Duration::from_millis(50),
        intervals: fast(),
        call_timeout: Duration::from_secs(30),
        auth: NatsAuth::default(),
        lease_ttl: Duration::from_secs(1),
        detail: None,
        replicas: 1,
    }
}

/// A hub on `sim` publishing to `url` (with the tests' `config`), once it has stated every feed
/// of every scope whole.
pub(crate) async fn serving(url: &str, sim: &Arc<Simulator>) -> tokio::task::JoinHandle<Result<(), hub::HubError>> {
    serving_with(config(url), sim).await
}

/// The same with a config of the test's own.
pub(crate) async fn serving_with(
    config: HubConfig,
    sim: &Arc<Simulator>,
) -> tokio::task::JoinHandle<Result<(), hub::HubError>> {
    let mut keyframes = watch(&config.url, "opsdeck.v2.state.*.*.key").await;
    let hub = tokio::spawn(hub::serve(Arc::clone(sim) as _, config));
    distinct(&mut keyframes, sim.scopes().len() * 5).await;
    hub
}

pub(crate) async fn joined(url: &str, clock: &Arc<SimClock>) -> HubInventory {
    let joined = hub::join::join(url, &NatsAuth::default(), Duration::from_secs(10)).await.unwrap();
    HubInventory::on_clock(url, joined, chrono::Duration::seconds(30), Arc::clone(clock) as _)
}

pub(crate) struct Console {
    pub(crate) app: App,
    terminal: Terminal<TestBackend>,
    keys: mpsc::UnboundedSender<crossterm::event::Event>,
}

impl Console {
    pub(crate) fn new(inventory: Arc<dyn Inventory>) -> Self {
        Self::with_operations(inventory, Arc::new(ReadOnly))
    }

    /// A console whose runbooks write through `operations` (the operator's own credentials).
    pub(crate) fn with_operations(
        inventory: Arc<dyn Inventory>,
        operations: Arc<dyn opsdeck::cloud::Operations>,
    ) -> Self {
        Self::polling(inventory, operations, fast())
    }

    /// A console polling on `intervals`.
    pub(crate) fn polling(
        inventory: Arc<dyn Inventory>,
        operations: Arc<dyn opsdeck::cloud::Operations>,
        intervals: Intervals,
    ) -> Self {
        static CONSOLES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = CONSOLES.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let audit = std::env::temp_dir().join(format!("opsdeck-it-hub-{}-{n}.jsonl", std::process::id()));
        let mut state = State::new(inventory.label(), inventory.scopes());
        state.session.intervals = intervals;
        let setup = Setup {
            inventory,
            theme: Theme::default(),
            themes: opsdeck::config::theme::ThemeLoader::default(),
            keymap: Keymap::builtin("default").unwrap(),
            state,
            call_timeout: Duration::from_secs(30),
            operations,
            audit: opsdeck::runbook::audit::AuditLog::new(&audit),
        };
        let (keys, input) = mpsc::unbounded_channel();
        let app = App::start(setup, input);
        Self { app, terminal: Terminal::new(TestBackend::new(160, 40)).unwrap(), keys }
    }

    /// Types a key and handles it.
    pub(crate) async fn press(&mut self, code: crossterm::event::KeyCode) {
        let key = crossterm::event::KeyEvent::new(code, crossterm::event::KeyModifiers::NONE);
        self.keys.send(crossterm::event::Event::Key(key)).unwrap();
        self.app.step().await;
        self.app.draw_if_dirty(&mut self.terminal).unwrap();
    }

    /// Steps the loop until `done` holds; bounded.
    pub(crate) async fn until(&mut self, what: &str, done: impl Fn(&State) -> bool) {
        for _ in 0..5_000 {
            self.app.draw_if_dirty(&mut self.terminal).unwrap();
            if done(&self.app.state) {
                return;
            }
            assert!(self.app.step().await, "input closed");
        }
        panic!("never reached: {what}\n{}", report(&self.app.state));
    }

    /// Steps the loop until every feed has answered (`answered`), failing at once, with the
    /// feeds' state, if one has failed instead: for feeds that poll rarely, where a failed
    /// poll is not retried within the test.
    pub(crate) async fn until_answered(&mut self, what: &str) {
        self.until(what, |state| {
            assert!(!failed(state), "a feed failed before {what}\n{}", report(state));
            answered(state)
        })
        .await;
    }

    pub(crate) fn screen(&self) -> String {
        self.terminal.backend().to_string()
    }
}

/// Every feed of every scope has answered (Performance Insights is not shared by the hub).
pub(crate) fn answered(state: &State) -> bool {
    let f = &state.fetched;
    let done = |loading: bool| !loading;
    done(f.fleet.iter().any(|(_, x)| matches!(x, Feed::Loading)))
        && done(f.metrics.iter().any(|(_, x)| matches!(x, Feed::Loading)))
        && done(f.alarms.iter().any(|(_, x)| matches!(x, Feed::Loading)))
        && done(f.groups.iter().any(|(_, x)| matches!(x, Feed::Loading)))
        && done(f.events.iter().any(|(_, x)| matches!(x, Feed::Loading)))
        && state.rows.fleet.iter().all(|r| r.facts.kind == opsdeck::state::rows::FleetKind::Cluster || r.cpu.is_some())
        && !state.rows.fleet.is_empty()
}

/// Whether any shared feed (all but Performance Insights) of any scope has failed.
fn failed(state: &State) -> bool {
    let f = &state.fetched;
    f.fleet.iter().any(|(_, x)| matches!(x, Feed::Failed { .. }))
        || f.metrics.iter().any(|(_, x)| matches!(x, Feed::Failed { .. }))
        || f.alarms.iter().any(|(_, x)| matches!(x, Feed::Failed { .. }))
        || f.groups.iter().any(|(_, x)| matches!(x, Feed::Failed { .. }))
        || f.events.iter().any(|(_, x)| matches!(x, Feed::Failed { .. }))
}

/// Each shared feed's scopes still loading and its failures, and the rows without CPU.
fn report(state: &State) -> String {
    let f = &state.fetched;
    let brief =
        |name: &str, loading: usize, failed: Vec<String>| format!("{name}: {loading} loading, failed {failed:?}");
    macro_rules! feed {
        ($name:literal, $feeds:expr) => {
            brief(
                $name,
                $feeds.iter().filter(|(_, x)| matches!(x, Feed::Loading)).count(),
                $feeds
                    .iter()
                    .filter_map(|(_, x)| match x {
                        Feed::Failed { failure, .. } => Some(failure.error.to_string()),
                        _ => None,
                    })
                    .collect(),
            )
        };
    }
    let no_cpu = state
        .rows
        .fleet
        .iter()
        .filter(|r| r.facts.kind != opsdeck::state::rows::FleetKind::Cluster && r.cpu.is_none())
        .count();
    format!(
        "{}\n{}\n{}\n{}\n{}\nrows {} (no cpu: {no_cpu})",
        feed!("fleet", f.fleet),
        feed!("metrics", f.metrics),
        feed!("alarms", f.alarms),
        feed!("groups", f.groups),
        feed!("events", f.events),
        state.rows.fleet.len()
    )
}

fn all_ready(state: &State) -> bool {
    let f = &state.fetched;
    f.fleet.iter().all(|(_, x)| matches!(x, Feed::Ready(_)))
        && f.metrics.iter().all(|(_, x)| matches!(x, Feed::Ready(_)))
        && f.alarms.iter().all(|(_, x)| matches!(x, Feed::Ready(_)))
        && f.groups.iter().all(|(_, x)| matches!(x, Feed::Ready(_)))
        && f.events.iter().all(|(_, x)| matches!(x, Feed::Ready(_)))
}

fn rows(state: &State) -> Vec<(String, String, Option<String>)> {
    let mut rows: Vec<_> = state
        .rows
        .fleet
        .iter()
        .map(|r| (r.facts.key.scope.to_string(), r.facts.key.id.clone(), r.cpu.map(|c| format!("{c:.3}"))))
        .collect();
    rows.sort();
    rows
}

#[tokio::test]
#[ignore = "needs nats-server: bash tests/run runs it"]
async fn a_console_on_the_hub_shows_the_fleet_a_direct_console_shows() {
    let nats = Nats::start();
    let (clock, sim) = fleet();
    let hub = serving(&nats.url, &sim).await;

    let inventory = joined(&nats.url, &clock).await;
    assert_eq!(inventory.scopes(), sim.scopes(), "the hub's header says its scopes");
    let mut on_hub = Console::new(Arc::new(inventory));
    let mut direct = Console::new(Arc::clone(&sim) as _);
    on_hub.until("every feed answered on the hub", answered).await;
    direct.until("every feed answered on the simulator", answered).await;
    assert!(all_ready(&on_hub.app.state), "no feed failed on the hub");
    assert_eq!(rows(&on_hub.app.state), rows(&direct.app.state), "the same rows, the same CPU");
    assert!(on_hub.screen().contains(&format!("HUB {}", nats.url)), "{}", on_hub.screen());
    hub.abort();
}

#[tokio::test]
#[ignore = "needs nats-server: bash tests/run runs it"]
async fn a_console_joining_late_has_every_feed_at_once() {
    let nats = Nats::start();
    let (clock, sim) = fleet();
    let scopes = sim.scopes();
    let mut keyframes = watch(&nats.url, "opsdeck.v2.state.*.*.key").await;
    let mut metrics = watch(&nats.url, "opsdeck.v2.state.*.metrics").await;
    let hub = tokio::spawn(hub::serve(Arc::clone(&sim) as _, config(&nats.url)));
    distinct(&mut keyframes, scopes.len() * 5).await;
    // Three new minutes: the hub publishes each as a change of every scope's metrics.
    for _ in 0..3 {
        clock.advance(Duration::from_mins(1));
        distinct(&mut metrics, scopes.len()).await;
    }

    let inventory = joined(&nats.url, &clock).await;
    for scope in &scopes {
        let fleet = inventory.db_fleet(scope).await.unwrap();
        let groups = inventory.scaling_groups(scope).await.unwrap();
        inventory.alarms(scope).await.unwrap();
        inventory.db_events(scope).await.unwrap();
        let targets = MetricTargets {
            instances: fleet.instances.iter().map(|i| i.id.clone()).collect(),
            groups: groups.iter().map(|g| g.name.clone()).collect(),
        };
        let from_hub = inventory.metrics(scope, &targets).await.unwrap();
        // The hub may have polled a minute the console has not read yet: compare at one time.
        let newest = |m: &opsdeck::cloud::model::Metrics| {
            m.db.values().filter_map(|s| s.get(opsdeck::cloud::model::DbMetric::Cpu)?.latest_point()).map(|p| p.0).max()
        };
        assert_eq!(
            newest(&from_hub),
            newest(&sim.metrics(scope, &targets).await.unwrap()),
            "{scope}: the newest minute"
        );
        assert_eq!(from_hub.db.len(), fleet.instances.len(), "{scope}: every instance's metrics");
    }
    let mut console = Console::new(Arc::new(inventory));
    console.until("every feed answered", answered).await;
    assert!(all_ready(&console.app.state), "every feed's first answer is data, none a failure");
    hub.abort();
}

#[tokio::test]
#[ignore = "needs nats-server: bash tests/run runs it"]
async fn a_hub_gone_leaves_the_panes_stale_saying_for_how_long() {
    let nats = Nats::start();
    let (clock, sim) = fleet();
    let hub = serving(&nats.url, &sim).await;
    let mut console = Console::new(Arc::new(joined(&nats.url, &clock).await));
    console.until("every feed answered", answered).await;
    let before = rows(&console.app.state);

    hub.abort();
    let _ = hub.await;
    clock.advance(Duration::from_mins(1));
    let stale = |state: &State| {
        state.fetched.fleet.iter().all(|(_, f)| {
            matches!(f, Feed::Failed { failure, last: Some(_) } if failure.error.to_string() == "hub: no update for 60 s")
        })
    };
    console.until("the fleet stale, saying why", stale).await;
    assert_eq!(rows(&console.app.state), before, "the last data stays on screen");
}
