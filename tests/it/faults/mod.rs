//! The console when AWS is not well: a fault-injecting proxy ([`proxy`]) sits between the AWS
//! adapter and moto, and the whole loop (pollers → events → update → draw) runs against it in
//! real time, with bounded waits on the state — never sleeps as assertions.
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
use opsdeck::cloud::{Inventory, Operations};
use opsdeck::config::keymap::Keymap;
use opsdeck::config::theme::Theme;
use opsdeck::feed::Intervals;
use opsdeck::state::State;
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
        state.session.intervals =
            Intervals { fleet: second, metrics: second, alarms: second, groups: second, performance: second * 60 };
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

    /// Runs the loop (drawing as the real one does) until `done` holds; fails after `limit`.
    pub async fn until(&mut self, what: &str, limit: Duration, mut done: impl FnMut(&State) -> bool) {
        let deadline = Instant::now() + limit;
        loop {
            self.app.draw_if_dirty(&mut self.terminal).unwrap();
            if done(&self.app.state) {
                return;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(!left.is_zero(), "not within {limit:?}: {what}\n{}", self.screen());
            if let Ok(open) = tokio::time::timeout(left, self.app.step()).await {
                assert!(open, "input closed");
            }
        }
    }

    /// Sends a key and returns how long the loop took to act on it.
    pub async fn press(&mut self, code: KeyCode) -> Duration {
        let sent = Instant::now();
        self.keys.send(TermEvent::Key(KeyEvent::new(code, KeyModifiers::NONE))).unwrap();
        self.app.step().await;
        self.app.draw_if_dirty(&mut self.terminal).unwrap();
        sent.elapsed()
    }

    pub fn screen(&self) -> String {
        self.terminal.backend().to_string()
    }
}
