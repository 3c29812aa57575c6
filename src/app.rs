//! The loop: draw when something changed, wait for one event, drain the rest, update,
//! perform the effects. Idle means no drawing at all.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use color_eyre::Result;
use crossterm::event::Event as TermEvent;
use ratatui::Terminal;
use ratatui::backend::Backend;
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;

use crate::cloud::{Clock, Inventory, Operations};
use crate::config::keymap::Keymap;
use crate::config::theme::{Theme, ThemeLoader};
use crate::event::{Effect, Event};
use crate::poll::Pollers;
use crate::record::replay::ReplayClock;
use crate::record::{Entry, Recorder};
use crate::runbook::audit::AuditLog;
use crate::runbook::report::RunReport;
use crate::runbook::runner::Runner;
use crate::state::Notice;
use crate::state::State;
use crate::terminal::Present;
use crate::ui;
use crate::update::update;

mod backlog;
mod fetches;
mod input;
mod notes;
use notes::logged;
pub mod hub_cli;
pub mod launch;
pub mod logging;
mod replay;
pub mod runbook_cli;
pub mod session;
pub mod start;
mod war;

/// How often the clock ticks (ages and the header clock are redrawn no faster than this).
const TICK: Duration = Duration::from_secs(1);

/// How often a runbook's wait looks again.
const RUN_POLL: Duration = Duration::from_secs(5);

/// How long quitting waits for a run to record that it was abandoned.
const ABANDON_WAIT: Duration = Duration::from_secs(5);

/// What the app is built from.
#[derive(Debug)]
pub struct Setup {
    pub inventory: Arc<dyn Inventory>,
    pub theme: Theme,
    pub keymap: Keymap,
    pub state: State,
    /// Per-call timeout for the pollers.
    pub call_timeout: Duration,
    /// The write side: a backend's operations, or `ReadOnly`.
    pub operations: Arc<dyn Operations>,
    pub audit: AuditLog,
    /// Loads themes for `:theme`.
    pub themes: ThemeLoader,
}

/// A running console.
#[derive(Debug)]
pub struct App {
    pub state: State,
    theme: Theme,
    themes: ThemeLoader,
    keymap: Keymap,
    clock: Arc<dyn Clock>,
    /// For one-shot fetches (an alarm's history) and the API meter.
    inventory: Arc<dyn Inventory>,
    call_timeout: Duration,
    pollers: Pollers,
    runner: Runner,
    /// Where pollers and one-shot fetches send their results.
    events_tx: mpsc::UnboundedSender<Event>,
    events: mpsc::UnboundedReceiver<Event>,
    /// Where runs report; runs are tasks that outlive nothing but the process.
    runs_tx: mpsc::UnboundedSender<RunReport>,
    runs: mpsc::UnboundedReceiver<RunReport>,
    /// The run tasks, and the signal that the console is quitting (each running one then
    /// records itself abandoned, in the step it was in).
    run_tasks: Vec<JoinHandle<()>>,
    stop_runs: watch::Sender<bool>,
    /// Events taken off the channel but not handled yet, because a key came first.
    backlog: VecDeque<Event>,
    input: mpsc::UnboundedReceiver<TermEvent>,
    tick: tokio::time::Interval,
    /// Frames drawn so far (for tests and benchmarks).
    pub frames: u64,
    /// Where what the console sees is recorded, if it is.
    recorder: Option<Recorder>,
    /// The replay clock, when the console replays a recording.
    replay: Option<Arc<ReplayClock>>,
    /// Reads the other consoles' lines, when in the war room.
    war_task: Option<JoinHandle<()>>,
}

impl App {
    /// Starts the pollers; terminal events arrive on `input`.
    pub fn start(setup: Setup, input: mpsc::UnboundedReceiver<TermEvent>) -> Self {
        let (tx, events) = mpsc::unbounded_channel();
        let (runs_tx, runs) = mpsc::unbounded_channel();
        let pollers = Pollers::start(&setup.inventory, &setup.state.session.intervals, setup.call_timeout, &tx);
        let runner = Runner {
            inventory: Arc::clone(&setup.inventory),
            operations: setup.operations,
            audit: logged(setup.audit, setup.inventory.clock(), tx.clone()),
            poll_every: RUN_POLL,
            call_timeout: setup.call_timeout,
            locks: None,
        };
        let mut tick = tokio::time::interval(TICK);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        Self {
            state: setup.state,
            theme: setup.theme,
            themes: setup.themes,
            keymap: setup.keymap,
            clock: setup.inventory.clock(),
            inventory: Arc::clone(&setup.inventory),
            call_timeout: setup.call_timeout,
            pollers,
            runner,
            events_tx: tx,
            events,
            runs_tx,
            runs,
            run_tasks: Vec::new(),
            stop_runs: watch::channel(false).0,
            input,
            tick,
            backlog: VecDeque::new(),
            frames: 0,
            recorder: None,
            replay: None,
            war_task: None,
        }
    }

    /// Runs until the user quits or the input closes.
    pub async fn run<B: Backend + Present>(&mut self, terminal: &mut Terminal<B>) -> Result<()>
    where
        B::Error: Send + Sync + 'static,
    {
        while !self.state.quit {
            self.draw_if_dirty(terminal)?;
            if !self.step().await {
                break;
            }
        }
        self.abandon_runs().await;
        self.record_last_lines();
        Ok(())
    }

    /// The console is going: every run still in progress records itself abandoned, in the step
    /// it was in, before this returns (bounded: the audit log is a local file).
    pub async fn abandon_runs(&mut self) {
        self.stop_runs.send_replace(true);
        for task in self.run_tasks.drain(..) {
            if tokio::time::timeout(ABANDON_WAIT, task).await.is_err() {
                tracing::error!("a run did not record that it was abandoned within {ABANDON_WAIT:?}");
            }
        }
    }

    /// Where to send an event from outside the loop (a signal asking the process to stop).
    pub fn events(&self) -> mpsc::UnboundedSender<Event> {
        self.events_tx.clone()
    }

    /// Draws a frame if anything changed since the last one.
    pub fn draw_if_dirty<B: Backend + Present>(&mut self, terminal: &mut Terminal<B>) -> Result<()>
    where
        B::Error: Send + Sync + 'static,
    {
        if !self.state.dirty {
            return Ok(());
        }
        let now = self.clock.now();
        terminal.backend_mut().begin_frame()?;
        terminal.draw(|frame| ui::draw(frame, &self.state, now, &self.theme, &self.keymap))?;
        terminal.backend_mut().end_frame()?;
        self.state.dirty = false;
        self.frames += 1;
        Ok(())
    }

    /// Waits for one event (unless some are left over), then handles it and everything else
    /// already queued. Returns false when there will be no more input.
    ///
    /// Keys come first: typed keys are handled before queued poll results, and a key ends the
    /// step so that the frame showing it is drawn before the rest of a backlog is applied (with
    /// thousands of instances each result takes milliseconds to apply). A key thus waits for
    /// at most the one result being applied, never for a queue of them; and results that a
    /// newer one of the same feed supersedes are dropped unapplied (see `backlog`).
    pub async fn step(&mut self) -> bool {
        if self.backlog.is_empty() {
            tokio::select! {
            biased;
            input = self.input.recv() => {
                let Some(input) = input else {
                    tracing::info!("terminal input closed: the console stops");
                    return false;
                };
                if let Some(event) = self.translate(&input) {
                    self.handle(event);
                }
                self.drain_input();
                return true;
            }
            Some(event) = self.events.recv() => self.backlog.push_back(event),
            Some(report) = self.runs.recv() => self.backlog.push_back(Event::Run(report)),
            _ = self.tick.tick() => {
                if let Some(usage) = self.inventory.usage() {
                    self.handle(Event::Usage(usage));
                }
                self.handle(Event::Tick(self.clock.now()));
                self.replay_tick();
            }
                }
        }
        while let Ok(event) = self.events.try_recv() {
            self.backlog.push_back(event);
        }
        while let Ok(report) = self.runs.try_recv() {
            self.backlog.push_back(Event::Run(report));
        }
        backlog::supersede(&mut self.backlog);
        while !self.drain_input() {
            let Some(event) = self.backlog.pop_front() else { break };
            self.handle(event);
        }
        true
    }

    /// Feeds one event through `update` and performs the effects. What the console applies
    /// (poll results, audit lines) is recorded first, when recording.
    pub fn handle(&mut self, event: Event) {
        if let Some(recorder) = &self.recorder {
            match &event {
                Event::Polled(polled) => {
                    if let Some(observation) = polled.observation() {
                        recorder.record(Entry::Observed(observation));
                    }
                }
                Event::Logged(entry) => recorder.record(entry.clone()),
                _ => {}
            }
        }
        for effect in update(&mut self.state, event) {
            self.perform(effect);
        }
    }

    fn perform(&mut self, effect: Effect) {
        match effect {
            Effect::Quit => self.state.quit = true,
            Effect::RefreshAll => self.pollers.refresh_all(),
            Effect::Refresh(kind) => self.pollers.refresh(kind),
            Effect::SetTheme(name) => match self.themes.load(&name) {
                Ok(theme) => {
                    self.theme = theme;
                    self.handle(Event::Notice(Notice::info(format!("theme {name}"))));
                }
                Err(error) => self.handle(Event::Notice(Notice::warn(error.to_string()))),
            },
            Effect::SetMetricTargets(scope, targets) => self.pollers.set_metric_targets(&scope, targets),
            Effect::FocusPerformance(key) => self.pollers.focus(key),
            Effect::StartRun { id, plan } => {
                tracing::info!(run = id, plan = %plan.title, "run confirmed");
                let run = self.runner.clone().run_until(id, *plan, self.runs_tx.clone(), self.stop_runs.subscribe());
                self.run_tasks.retain(|task| !task.is_finished());
                self.run_tasks.push(tokio::spawn(run));
            }
            Effect::FetchAlarmHistory(key) => self.fetch_alarm_history(key),
            Effect::FetchDbHistory(key, window) => self.fetch_db_history(key, window),
            Effect::FetchSqlDetail(query, id) => self.fetch_sql_detail(query, id),
            Effect::FetchBlocking(query) => self.fetch_blocking(query),
            Effect::FetchReports(key) => self.fetch_reports(key),
            Effect::FetchReport(key, id) => self.fetch_report(key, id),
            Effect::Replay(action) => self.move_replay(&action),
            Effect::Note { at, who, text } => self.keep_note(at, who, text),
        }
    }
}
