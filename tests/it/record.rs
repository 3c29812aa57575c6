//! Recording and replay end to end: a live console on the simulator (az-outage, virtual clock,
//! no sleeps) records what it sees; a console on the replay backend then shows, at chosen
//! recorded times, the data and the screens the live one showed at those times. And the
//! recording's incident timeline, as `opsdeck timeline` prints it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::mpsc;

use opsdeck::app::{App, Setup};
use opsdeck::cloud::model::Timestamp;
use opsdeck::cloud::sim::{Scenario, SimClock, SimConfig, Simulator};
use opsdeck::cloud::{Clock, Inventory, Operations, ReadOnly};
use opsdeck::command::Command;
use opsdeck::config::keymap::Keymap;
use opsdeck::config::theme::Theme;
use opsdeck::event::Event;
use opsdeck::feed::Feed;
use opsdeck::record::replay::Replay;
use opsdeck::record::{Header, Recorder};
use opsdeck::runbook::audit::AuditLog;
use opsdeck::state::{State, Tab, Writes};

pub(crate) fn temp(name: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("opsdeck-it-record-{}-{name}", std::process::id()));
    let _ = std::fs::remove_file(&path);
    path
}

pub(crate) struct Console {
    pub(crate) app: App,
    pub(crate) terminal: Terminal<TestBackend>,
    keys: mpsc::UnboundedSender<TermEvent>,
}

pub(crate) fn console(
    inventory: Arc<dyn Inventory>,
    operations: Arc<dyn Operations>,
    audit: AuditLog,
    writes: Writes,
) -> Console {
    let mut state = State::new(inventory.label(), inventory.scopes());
    state.session.writes = writes;
    let setup = Setup {
        inventory,
        theme: Theme::default(),
        themes: opsdeck::config::theme::ThemeLoader::default(),
        keymap: Keymap::builtin("default").unwrap(),
        state,
        call_timeout: Duration::from_hours(1),
        operations,
        audit,
    };
    let (keys, input) = mpsc::unbounded_channel();
    let app = App::start(setup, input);
    Console { app, terminal: Terminal::new(TestBackend::new(120, 40)).unwrap(), keys }
}

impl Console {
    /// Steps until every feed (the focused PI too) holds data fetched at `at`.
    pub(crate) async fn settle(&mut self, at: Timestamp) {
        self.app.handle(Event::Command(Command::Refresh));
        for _ in 0..500 {
            self.app.draw_if_dirty(&mut self.terminal).unwrap();
            if fetched_at(&self.app.state, at) {
                return;
            }
            assert!(self.app.step().await, "input closed");
        }
        panic!("the feeds never answered for {at}");
    }

    pub(crate) async fn press(&mut self, code: KeyCode) {
        self.keys.send(TermEvent::Key(KeyEvent::new(code, KeyModifiers::NONE))).unwrap();
        self.app.step().await;
        self.app.draw_if_dirty(&mut self.terminal).unwrap();
    }

    /// The screen below the header (which says DEMO or REPLAY) and above the status bar
    /// (whose API meter only the simulator has).
    pub(crate) fn body(&self) -> Vec<String> {
        let screen = self.terminal.backend().to_string();
        let lines: Vec<String> = screen.lines().map(str::to_owned).collect();
        lines[1..lines.len() - 1].to_vec()
    }
}

/// The screen's first pane, without its blank lines: what the tab shows. (Below it the live
/// console has its own session's Runs panel, which a replay does not have.)
fn table(body: &[String]) -> Vec<String> {
    let blank = |l: &str| l.trim_matches(|c| c == '│' || c == ' ' || c == '"').is_empty();
    let rows: Vec<String> = body
        .iter()
        .take_while(|l| !l.trim_start_matches('"').starts_with('└'))
        .filter(|l| !blank(l))
        .cloned()
        .collect();
    assert!(rows.len() > 5, "{body:#?}");
    rows
}

fn fetched_at(state: &State, at: Timestamp) -> bool {
    let scoped = |ok: bool| ok;
    let ready = |f: Option<Timestamp>| f == Some(at);
    scoped(state.fetched.fleet.iter().all(|(_, f)| ready(f.snapshot().map(|s| s.fetched_at))))
        && state.fetched.metrics.iter().all(|(_, f)| ready(f.snapshot().map(|s| s.fetched_at)))
        && state.fetched.alarms.iter().all(|(_, f)| ready(f.snapshot().map(|s| s.fetched_at)))
        && state.fetched.groups.iter().all(|(_, f)| ready(f.snapshot().map(|s| s.fetched_at)))
        && matches!(&state.fetched.performance, Feed::Ready(s) if s.fetched_at == at)
}

/// What the console holds: every scope's data of every feed, as text.
fn data(state: &State) -> String {
    let mut out = BTreeMap::new();
    for (scope, feed) in state.fetched.fleet.iter() {
        out.insert(format!("fleet {scope}"), format!("{:?}", feed.data()));
    }
    for (scope, feed) in state.fetched.alarms.iter() {
        out.insert(format!("alarms {scope}"), format!("{:?}", feed.data()));
    }
    for (scope, feed) in state.fetched.groups.iter() {
        out.insert(format!("groups {scope}"), format!("{:?}", feed.data()));
    }
    for (scope, feed) in state.fetched.metrics.iter() {
        // Sorted, metric by metric: hash maps print in no fixed order.
        let db: BTreeMap<_, BTreeMap<_, _>> = feed
            .data()
            .map(|m| m.db.iter().map(|(id, s)| (id.clone(), s.series.iter().collect())).collect())
            .unwrap_or_default();
        let mut groups: Vec<_> = feed.data().map(|m| m.group_cpu.iter().collect()).unwrap_or_default();
        groups.sort_by(|a, b| a.0.cmp(b.0));
        out.insert(format!("metrics {scope}"), format!("{db:?} {groups:?}"));
    }
    out.insert("performance".to_owned(), format!("{:?}", state.fetched.performance.data()));
    format!("{out:#?}")
}

const CHECKPOINTS: [u64; 4] = [1, 4, 9, 14];

/// What the live console showed at each checkpoint, by recorded time.
pub(crate) type Seen = Vec<(Timestamp, String, Vec<String>)>;

/// Fourteen virtual minutes of az-outage, recorded, with a scale-up run in the middle if
/// `with_run`.
pub(crate) async fn record_az_outage(path: &Path, with_run: bool) -> Seen {
    let start = Utc.with_ymd_and_hms(2026, 11, 27, 15, 0, 0).unwrap();
    let clock = Arc::new(SimClock::manual(start));
    let sim = Arc::new(Simulator::with_clock(
        SimConfig { scenario: Scenario::AzOutage, ..SimConfig::default() },
        Arc::clone(&clock),
    ));
    let inventory: Arc<dyn Inventory> = Arc::clone(&sim) as Arc<dyn Inventory>;
    let header = Header::new(start, inventory.label(), Some("az-outage ×1".to_owned()), inventory.scopes());
    let recorder = Recorder::start(path, &header).unwrap();
    // The console records the audit lines it writes, as it does poll results.
    let audit = AuditLog::new(temp(&format!("{}.audit", path.display().to_string().len())));
    let mut live = console(Arc::clone(&inventory), sim, audit, Writes::Allowed);
    live.app.record_to(recorder);
    live.settle(start).await;
    let mut seen = Vec::new();
    for minute in 1..=CHECKPOINTS[CHECKPOINTS.len() - 1] {
        clock.advance(Duration::from_mins(1));
        if minute == 6 && with_run {
            // A scale-up, so the recording holds a run's audit lines.
            live.press(KeyCode::Char('4')).await;
            live.press(KeyCode::Char('U')).await;
            live.press(KeyCode::Char('y')).await;
            live.press(KeyCode::Char('1')).await;
        }
        // Real (paused) time passes too, so the run's waits look again.
        tokio::time::advance(Duration::from_secs(30)).await;
        live.settle(clock.now()).await;
        if CHECKPOINTS.contains(&minute) {
            seen.push((clock.now(), data(&live.app.state), live.body()));
        }
    }
    assert!(live.app.state.runs.iter().all(|r| !r.is_active()), "the scale-up ended within the recording");
    live.app.stop_recording();
    seen
}

#[tokio::test(start_paused = true)]
async fn a_replay_shows_what_the_live_console_showed_at_each_recorded_time() {
    let path = temp("az-outage.odr");
    let seen = record_az_outage(&path, true).await;
    let replay = Arc::new(Replay::open(&path).unwrap());
    assert_eq!(replay.torn, None);
    let clock = replay.replay_clock();
    let inventory: Arc<dyn Inventory> = Arc::clone(&replay) as Arc<dyn Inventory>;
    let mut again = console(inventory, Arc::new(ReadOnly), AuditLog::new(temp("replay.audit")), Writes::ReadOnly);
    again.app.replay_on(Arc::clone(&clock), &path);
    clock.toggle();
    assert!(!clock.state().playing);
    // Out of order on purpose: seeking back starts again from a keyframe.
    for i in [2, 0, 3, 1] {
        let (at, live_data, live_body) = &seen[i];
        clock.seek(*at);
        again.settle(*at).await;
        let replayed = data(&again.app.state);
        let first = replayed.lines().zip(live_data.lines()).position(|(a, b)| a != b);
        assert_eq!(
            first,
            None,
            "the data at {at} differs: {:?}",
            first.map(|i| {
                let (a, b) = (replayed.lines().nth(i).unwrap_or(""), live_data.lines().nth(i).unwrap_or(""));
                let at = a.chars().zip(b.chars()).position(|(x, y)| x != y).unwrap_or(0).saturating_sub(200);
                let cut = |t: &str| t.chars().skip(at).take(400).collect::<String>();
                (cut(a), cut(b))
            })
        );
        assert_eq!(&replayed, live_data, "the data at {at}");
        let (replayed, live) = (table(&again.body()), table(live_body));
        for (r, l) in replayed.iter().zip(&live) {
            assert_eq!(r, l, "a row of the Fleet tab at {at}");
        }
        assert_eq!(replayed, live, "the Fleet tab at {at}");
    }
    assert_eq!(again.app.state.nav.tab, Tab::Fleet);
    let header = again.terminal.backend().to_string();
    assert!(header.lines().next().unwrap().contains("REPLAY ⏸ paused ×1"), "{header}");
    // A runbook key in a replay explains, and nothing runs.
    again.press(KeyCode::Char('S')).await;
    assert_eq!(again.app.state.notice.as_ref().map(|n| n.text.as_str()), Some("a replay: runbooks never run"));
    assert!(again.app.state.runs.is_empty());
    // The run's audit lines are in the recording: its steps are on the timeline, in order.
    let thresholds = opsdeck::judging::Thresholds::default();
    let span = opsdeck::timeline::Span::default();
    let (text, _) = opsdeck::timeline::export(&path, &span, &thresholds, opsdeck::cli::TimelineFormat::Text).unwrap();
    let run: Vec<&str> = text.lines().filter(|l| l.contains("  runbook  run 1 (us-east-1)  ")).collect();
    assert_eq!(run.len(), 4, "{text}");
    assert!(run[0].contains("Scale up checkout-api to 6: confirmed by"), "{text}");
    assert!(run[1].contains("step 1 autoscaling:SetDesiredCapacity") && run[1].contains("request id "), "{text}");
    assert!(run[2].contains("step 2 wait until checkout-api has 6 instances InService"), "{text}");
    assert!(run[3].contains("succeeded after"), "{text}");
    let _ = std::fs::remove_file(&path);
}

#[tokio::test(start_paused = true)]
async fn the_timeline_of_a_recorded_az_outage() {
    let path = temp("timeline.odr");
    record_az_outage(&path, false).await;
    let thresholds = opsdeck::judging::Thresholds::default();
    let span = opsdeck::timeline::Span::default();
    let (markdown, torn) =
        opsdeck::timeline::export(&path, &span, &thresholds, opsdeck::cli::TimelineFormat::Markdown).unwrap();
    assert_eq!(torn, None);
    // The file's name is the test's own: keep the snapshot free of it.
    let markdown = markdown.replace(path.file_name().unwrap().to_str().unwrap(), "az-outage.odr");
    let markdown = regex_free_run_ids(&markdown);
    insta::assert_snapshot!("timeline_az_outage_markdown", markdown);
    let span = opsdeck::timeline::Span { from: Some("5m".to_owned()), to: Some("15:08".to_owned()) };
    let (text, _) = opsdeck::timeline::export(&path, &span, &thresholds, opsdeck::cli::TimelineFormat::Text).unwrap();
    assert!(text.lines().skip(3).all(|l| l.starts_with("2026-11-27 15:0")), "{text}");
    let _ = std::fs::remove_file(&path);
}

/// Request ids and the OS user differ from run to run and host to host: masked.
fn regex_free_run_ids(text: &str) -> String {
    let mask = |line: &str, after: &str, until: &[char]| match line.find(after) {
        Some(i) => {
            let start = i + after.len();
            let end = line[start..].find(until).map_or(line.len(), |e| start + e);
            format!("{}…{}", &line[..start], &line[end..])
        }
        None => line.to_owned(),
    };
    text.lines()
        .map(|line| mask(&mask(line, "request id ", &[' ', '|']), "confirmed by ", &[' ']))
        .collect::<Vec<_>>()
        .join("\n")
}
