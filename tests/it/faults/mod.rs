//! The console when AWS is not well: a fault-injecting proxy ([`proxy`]) sits between the AWS
//! adapter and moto, and the whole loop (pollers → events → update → draw) runs against it in
//! real time.
//!
//! The tests assert counts, order and state — which requests the proxy saw, in what order, and
//! what the panes say — never how long anything took: this runs beside moto on a loaded machine.
//! Every wait is for a state or a request, bounded by [`LIMIT`] only so that a broken build fails
//! instead of hanging. The poller's timing (a probe an interval, fresh within 1.2 intervals) is
//! asserted on tokio's paused clock, in `src/poll.rs`.
//!
//! Each test seeds regions of its own, so tests never see each other's resources or faults.

mod network;
pub mod proxy;
mod runbook;

use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
use opsdeck::app::{App, Setup};
use opsdeck::cloud::aws::{Aws, Settings, StaticCredentials, Timeouts};
use opsdeck::cloud::model::{Alarm, DbFleet, Metrics, Performance, ScalingGroup};
use opsdeck::cloud::{Inventory, Operations};
use opsdeck::config::keymap::Keymap;
use opsdeck::config::theme::Theme;
use opsdeck::feed::{Feed, Intervals};
use opsdeck::state::{AlarmHistory, State};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::mpsc;

use crate::aws::Moto;
use proxy::FaultProxy;

/// The adapter, talking to moto through `proxy`.
pub async fn adapter_via(proxy: &FaultProxy, regions: &[&str], timeouts: Timeouts) -> Aws {
    let settings = Settings {
        profiles: Vec::new(),
        regions: regions.iter().map(|r| (*r).to_owned()).collect(),
        timeouts,
        endpoint_url: Some(proxy.endpoint.clone()),
        static_credentials: Some(StaticCredentials {
            access_key_id: "testing".to_owned(),
            secret_access_key: "testing".to_owned(),
        }),
    };
    Aws::connect(&settings).await.unwrap()
}

/// Short timeouts, so that hung calls end quickly.
pub const SHORT: Timeouts = Timeouts { attempt: Duration::from_secs(2), operation: Duration::from_secs(5) };

/// How long any one wait may take before the test fails: a liveness guard, not a budget.
pub const LIMIT: Duration = Duration::from_mins(1);

/// A running console on AWS-through-the-proxy, polling every second.
pub struct Console {
    pub app: App,
    pub terminal: Terminal<TestBackend>,
    pub keys: mpsc::UnboundedSender<TermEvent>,
    pub aws: Arc<Aws>,
    pub proxy: FaultProxy,
}

impl Console {
    pub async fn start(moto: &Moto, regions: &[&str], timeouts: Timeouts, audit: &str) -> Self {
        let proxy = FaultProxy::start(&moto.endpoint);
        let aws = Arc::new(adapter_via(&proxy, regions, timeouts).await);
        let mut state = State::new(aws.label(), aws.scopes());
        let second = Duration::from_secs(1);
        state.session.intervals = Intervals {
            fleet: second,
            metrics: second,
            alarms: second,
            groups: second,
            performance: second * 60,
            events: second,
        };
        let setup = Setup {
            inventory: Arc::clone(&aws) as Arc<dyn Inventory>,
            theme: Theme::default(),
            themes: opsdeck::config::theme::ThemeLoader::default(),
            keymap: Keymap::builtin("default").unwrap(),
            state,
            call_timeout: timeouts.operation + second,
            operations: Arc::clone(&aws) as Arc<dyn Operations>,
            audit: opsdeck::runbook::audit::AuditLog::new(
                std::env::temp_dir().join(format!("opsdeck-it-faults-{audit}-{}.jsonl", std::process::id())),
            ),
        };
        let (keys, input) = mpsc::unbounded_channel();
        let app = App::start(setup, input);
        Self { app, terminal: Terminal::new(TestBackend::new(200, 40)).unwrap(), keys, aws, proxy }
    }

    /// Runs the loop (drawing as the real one does) until `done` holds; fails after [`LIMIT`].
    pub async fn until(&mut self, what: &str, done: impl FnMut(&State) -> bool) {
        self.until_before(what, Instant::now() + LIMIT, done).await;
    }

    /// Runs the loop until `done` holds; fails at `deadline`.
    pub async fn until_before(&mut self, what: &str, deadline: Instant, mut done: impl FnMut(&State) -> bool) {
        loop {
            self.app.draw_if_dirty(&mut self.terminal).unwrap();
            if done(&self.app.state) {
                return;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(!left.is_zero(), "not yet: {what}\n{}", self.screen());
            if let Ok(open) = tokio::time::timeout(left, self.app.step()).await {
                assert!(open, "input closed");
            }
        }
    }

    /// Sends a key and takes one step of the loop: the key is handled in that step, before any
    /// poll result already queued (none of which that step applies).
    pub async fn press(&mut self, code: KeyCode) {
        let feeds = Feeds::of(&self.app.state);
        self.keys.send(TermEvent::Key(KeyEvent::new(code, KeyModifiers::NONE))).unwrap();
        assert!(self.app.step().await, "input closed");
        assert!(Feeds::of(&self.app.state) == feeds, "the step that handled {code:?} applied a poll result too");
        self.app.draw_if_dirty(&mut self.terminal).unwrap();
    }

    pub fn screen(&self) -> String {
        self.terminal.backend().to_string()
    }
}

/// Every feed of the state, to tell whether a step applied a poll result.
#[derive(PartialEq)]
struct Feeds {
    fleet: opsdeck::feed::Feeds<DbFleet>,
    metrics: opsdeck::feed::Feeds<Metrics>,
    alarms: opsdeck::feed::Feeds<Vec<Alarm>>,
    groups: opsdeck::feed::Feeds<Vec<ScalingGroup>>,
    performance: Feed<Performance>,
    alarm_history: Option<AlarmHistory>,
}

impl Feeds {
    fn of(state: &State) -> Self {
        Self {
            fleet: state.fetched.fleet.clone(),
            metrics: state.fetched.metrics.clone(),
            alarms: state.fetched.alarms.clone(),
            groups: state.fetched.groups.clone(),
            performance: state.fetched.performance.clone(),
            alarm_history: state.fetched.alarm_history.clone(),
        }
    }
}
