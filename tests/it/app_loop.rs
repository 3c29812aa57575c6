//! The whole loop on the simulator: pollers → events → update → draw, driven step by step on
//! tokio's paused clock (no sleeps), with keys sent as the terminal would send them.

use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::mpsc;

use opsdeck::app::{App, Setup};
use opsdeck::cloud::Inventory;
use opsdeck::cloud::sim::{Scenario, SimClock, SimConfig, Simulator};
use opsdeck::config::keymap::Keymap;
use opsdeck::config::theme::Theme;
use opsdeck::feed::Feed;
use opsdeck::state::{State, Tab};

struct Harness {
    app: App,
    terminal: Terminal<TestBackend>,
    keys: mpsc::UnboundedSender<TermEvent>,
    clock: Arc<SimClock>,
    audit: std::path::PathBuf,
}

impl Harness {
    fn new(scenario: Scenario) -> Self {
        // One audit log per console, so tests running side by side never share one.
        static CONSOLES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = CONSOLES.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let audit = std::env::temp_dir().join(format!("opsdeck-it-app-{}-{n}.jsonl", std::process::id()));
        let _ = std::fs::remove_file(&audit);
        let start = Utc.with_ymd_and_hms(2026, 11, 27, 15, 0, 0).unwrap();
        let clock = Arc::new(SimClock::manual(start));
        let config = SimConfig { scenario, ..SimConfig::default() };
        let sim = Arc::new(Simulator::with_clock(config, Arc::clone(&clock)));
        let inventory: Arc<dyn Inventory> = Arc::clone(&sim) as Arc<dyn Inventory>;
        let state = State::new(inventory.label(), inventory.scopes());
        let setup = Setup {
            inventory,
            theme: Theme::default(),
            themes: opsdeck::config::theme::ThemeLoader::default(),
            keymap: Keymap::builtin("default").unwrap(),
            state,
            // Generous: paused time jumps ahead whenever the runtime is idle.
            call_timeout: Duration::from_hours(1),
            operations: sim,
            audit: opsdeck::runbook::audit::AuditLog::new(&audit),
        };
        let (keys, input) = mpsc::unbounded_channel();
        let app = App::start(setup, input);
        let terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        Self { app, terminal, keys, clock, audit }
    }

    /// Steps the loop until `done` holds, drawing as the real loop does; bounded.
    async fn until(&mut self, what: &str, done: impl Fn(&State) -> bool) {
        for _ in 0..500 {
            self.app.draw_if_dirty(&mut self.terminal).unwrap();
            if done(&self.app.state) {
                return;
            }
            assert!(self.app.step().await, "input closed");
        }
        panic!("never reached: {what}");
    }

    async fn press(&mut self, code: KeyCode) {
        self.keys.send(TermEvent::Key(KeyEvent::new(code, KeyModifiers::NONE))).unwrap();
        self.app.step().await;
        self.app.draw_if_dirty(&mut self.terminal).unwrap();
    }

    fn screen(&self) -> String {
        self.terminal.backend().to_string()
    }
}

fn all_loaded(state: &State) -> bool {
    let scoped = state.fetched.fleet.iter().all(|(_, f)| matches!(f, Feed::Ready(_)))
        && state.fetched.metrics.iter().all(|(_, f)| matches!(f, Feed::Ready(_)))
        && state.fetched.alarms.iter().all(|(_, f)| matches!(f, Feed::Ready(_)))
        && state.fetched.groups.iter().all(|(_, f)| matches!(f, Feed::Ready(_)));
    scoped && matches!(state.fetched.performance, Feed::Ready(_))
}

#[tokio::test(start_paused = true)]
async fn every_feed_loads_and_the_fleet_is_on_screen() {
    let mut h = Harness::new(Scenario::Steady);
    h.until("every feed ready", all_loaded).await;
    let state = &h.app.state;
    assert!(state.rows.fleet.iter().any(|r| r.facts.key.id == "shop-prod-db"));
    assert!(
        state.rows.fleet.iter().any(|r| r.facts.key.id == "shop-prod-db-dr" && r.facts.key.scope.region == "us-west-2")
    );
    assert!(state.rows.fleet.iter().any(|r| r.cpu.is_some()), "metrics reached the rows");
    assert_eq!(state.fetched.focus.as_ref().map(|k| k.id.as_str()), Some("shop-prod-db"));
    assert!(h.screen().contains("shop-prod-db"));
}

#[tokio::test(start_paused = true)]
async fn keys_switch_tabs_and_quit() {
    let mut h = Harness::new(Scenario::Steady);
    h.until("every feed ready", all_loaded).await;
    h.press(KeyCode::Char('5')).await;
    assert_eq!(h.app.state.nav.tab, Tab::Alarms);
    assert!(h.screen().contains("shop-prod-db-cpu-high"), "{}", h.screen());
    h.press(KeyCode::Tab).await;
    assert_eq!(h.app.state.nav.tab, Tab::Timeline);
    h.press(KeyCode::Tab).await;
    assert_eq!(h.app.state.nav.tab, Tab::Overview, "Tab wraps round to the first tab");
    h.press(KeyCode::Char('0')).await;
    assert_eq!(h.app.state.nav.tab, Tab::Overview);
    assert!(h.screen().contains("DBs critical"), "{}", h.screen());
    h.press(KeyCode::Char('1')).await;
    assert_eq!(h.app.state.nav.tab, Tab::Fleet);
    h.press(KeyCode::Char('q')).await;
    assert!(h.app.state.quit);
}

#[tokio::test(start_paused = true)]
async fn an_idle_console_draws_nothing() {
    let mut h = Harness::new(Scenario::Steady);
    h.until("every feed ready", all_loaded).await;
    let frames = h.app.frames;
    let now = h.clock.start();
    // Ticks within the same ten seconds change nothing on screen.
    h.app.handle(opsdeck::event::Event::Tick(now));
    h.app.draw_if_dirty(&mut h.terminal).unwrap();
    h.app.handle(opsdeck::event::Event::Tick(now + chrono::Duration::seconds(3)));
    h.app.draw_if_dirty(&mut h.terminal).unwrap();
    assert_eq!(h.app.frames, frames);
}

#[tokio::test(start_paused = true)]
async fn black_friday_fires_alarms_as_the_clock_moves() {
    let mut h = Harness::new(Scenario::BlackFriday);
    h.until("every feed ready", all_loaded).await;
    let firing = |s: &State| s.rows.alarms.iter().filter(|r| r.alarm.state.as_str() == "ALARM").count();
    assert_eq!(firing(&h.app.state), 0, "the ramp has not started");
    h.clock.advance(Duration::from_mins(20));
    h.until("alarms firing", |s| firing(s) >= 3).await;
    h.press(KeyCode::Char('5')).await;
    assert!(h.screen().contains("ALARM "), "{}", h.screen());
}

#[tokio::test(start_paused = true)]
async fn a_confirmed_scale_up_runs_while_the_console_keeps_updating() {
    let mut h = Harness::new(Scenario::Steady);
    h.until("every feed ready", all_loaded).await;
    h.press(KeyCode::Char('4')).await;
    h.press(KeyCode::Char('U')).await;
    assert!(h.screen().contains("Scale up checkout-api"), "{}", h.screen());
    h.press(KeyCode::Char('y')).await;
    assert_eq!(h.app.state.runs.len(), 1);
    for _ in 0..200 {
        if !h.app.state.runs[0].is_active() {
            break;
        }
        h.clock.advance(Duration::from_secs(5));
        h.app.step().await;
        h.app.draw_if_dirty(&mut h.terminal).unwrap();
    }
    let run = &h.app.state.runs[0];
    assert_eq!(run.status, opsdeck::runbook::report::RunStatus::Succeeded, "{run:?}");
    assert!(h.screen().contains("✓ run 1"), "{}", h.screen());
}

#[tokio::test(start_paused = true)]
async fn an_alarm_detail_fetches_and_shows_its_history() {
    let mut h = Harness::new(Scenario::BlackFriday);
    h.until("every feed ready", all_loaded).await;
    h.clock.advance(Duration::from_mins(20));
    h.until("an alarm firing", |s| s.rows.alarms.first().is_some_and(|r| r.alarm.state.as_str() == "ALARM")).await;
    h.press(KeyCode::Char('5')).await;
    h.press(KeyCode::Enter).await;
    let history_ready =
        |s: &State| s.fetched.alarm_history.as_ref().is_some_and(|history| matches!(history.feed, Feed::Ready(_)));
    h.until("the alarm's history", history_ready).await;
    let screen = h.screen();
    assert!(screen.contains("History"), "{screen}");
    assert!(screen.contains("OK → ALARM"), "{screen}");
    h.press(KeyCode::Esc).await;
    assert!(h.app.state.fetched.alarm_history.is_none(), "closing the view forgets the history");
}

#[tokio::test(start_paused = true)]
async fn the_loop_ends_when_the_terminal_input_closes() {
    // A dropped SSH session closes the input: the console must stop (and give the terminal
    // back), not keep ticking with nobody to read it.
    let mut h = Harness::new(Scenario::Steady);
    h.until("every feed ready", all_loaded).await;
    // Keys typed before the input closed are still handled.
    h.keys.send(TermEvent::Key(KeyEvent::new(KeyCode::Char('5'), KeyModifiers::NONE))).unwrap();
    let Harness { mut app, mut terminal, keys, .. } = h;
    drop(keys);
    assert!(app.step().await, "the key typed before the close");
    assert_eq!(app.state.nav.tab, Tab::Alarms);
    // `run` returns, without quitting by command: bounded, since a loop that ignored the close
    // would tick on forever (an hour of paused time is 3,600 ticks).
    let ran = tokio::time::timeout(Duration::from_hours(1), app.run(&mut terminal)).await;
    assert!(ran.is_ok_and(|r| r.is_ok()), "the loop went on after its input closed");
    assert!(!app.state.quit, "the loop ended because input ended, not by a quit command");
    assert!(!app.step().await, "and a closed input keeps saying so");
}

#[tokio::test(start_paused = true)]
async fn quitting_mid_run_asks_then_records_the_run_abandoned() {
    let mut h = Harness::new(Scenario::Steady);
    h.until("every feed ready", all_loaded).await;
    h.press(KeyCode::Char('4')).await;
    h.press(KeyCode::Char('U')).await;
    h.press(KeyCode::Char('y')).await;
    h.until("the run waits for its instances", |s| s.runs[0].step == 1).await;
    h.press(KeyCode::Char('q')).await;
    assert!(h.screen().contains("1 run in progress — quit?"), "{}", h.screen());
    assert!(!h.app.state.quit);
    for c in "quit".chars() {
        h.press(KeyCode::Char(c)).await;
    }
    h.keys.send(TermEvent::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE))).unwrap();
    let Harness { mut app, mut terminal, audit, .. } = h;
    app.run(&mut terminal).await.unwrap();
    assert!(app.state.quit);
    let log = opsdeck::runbook::audit::AuditLog::new(&audit).read().unwrap();
    let last = log.last().and_then(|(_, e)| e.as_ref().ok()).unwrap();
    assert_eq!((last["event"].as_str(), last["outcome"].as_str()), (Some("finished"), Some("abandoned")), "{last}");
    assert!(last["reason"].as_str().unwrap().contains("step 2/2"), "{last}");
}
