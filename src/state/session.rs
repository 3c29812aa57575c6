//! The session's settings: what the console looks at and how it judges, fixed at start
//! (or by the palette): backend, scopes, thresholds, intervals, write access, environment,
//! the war-room display and the themes on offer.

use std::collections::{BTreeMap, BTreeSet};

use crate::cloud::model::{Identity, Scope};
use crate::feed::Intervals;
use crate::judging::Thresholds;
use crate::posture::PostureSettings;

use super::environment::Environment;
use super::tab::Tab;

/// The session's settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    /// "DEMO" or the profile(s) in use.
    pub backend: String,
    /// Extra words for the header, e.g. the demo scenario.
    pub backend_detail: Option<String>,
    pub scopes: Vec<Scope>,
    /// Who each scope's credentials are (account, principal), aliases from config.toml applied.
    pub identities: BTreeMap<Scope, Identity>,
    pub thresholds: Thresholds,
    /// The `[posture]` settings the Fleet tab's findings are judged by.
    pub posture: PostureSettings,
    pub intervals: Intervals,
    /// Whether runbooks may act.
    pub writes: Writes,
    /// Why writes are off, for the notice an action key gets (a flag, the wall, config.toml).
    pub read_only_because: String,
    /// The environment of the profile in use (e.g. prod), drawn as a banner on every screen.
    pub environment: Option<Environment>,
    /// War-room mode: rotating tabs, input off but quit.
    pub kiosk: Option<Kiosk>,
    /// Draw with ASCII only (no box drawing, blocks or symbols).
    pub ascii: bool,
    /// Backend clock seconds per real second (see `Clock::rate`).
    pub clock_rate: f64,
    /// The themes `:theme` offers (built-in and the user's own).
    pub themes: Vec<String>,
    /// Where a replay is, when the console replays a recording.
    pub replay: Option<ReplayStatus>,
    /// How many consoles share the hub, on a console fed by one (its heartbeat says).
    pub consoles: Option<usize>,
    /// Who the operator is, as the audit log names them (the OS user): a note's author.
    pub operator: String,
    /// The runbooks action keys plan with: the built-ins and the user's `runbooks/*.toml`,
    /// and whether an `approve` step may be approved by the operator alone (config.toml).
    pub runbooks: std::sync::Arc<crate::runbook::book::Library>,
}

/// A replay's play state, as the header shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplayStatus {
    pub playing: bool,
    /// Recorded seconds per real second.
    pub speed: u32,
    /// The clock reached the end of the recording.
    pub ended: bool,
}

impl ReplayStatus {
    /// "▶ ×60", "⏸ paused", "■ end".
    pub fn words(self, ascii: bool) -> String {
        match (self.ended, self.playing, ascii) {
            (true, _, false) => "■ end".to_owned(),
            (true, _, true) => "[] end".to_owned(),
            (false, true, false) => format!("▶ ×{}", self.speed),
            (false, true, true) => format!("> x{}", self.speed),
            (false, false, false) => format!("⏸ paused ×{}", self.speed),
            (false, false, true) => format!("|| paused x{}", self.speed),
        }
    }
}

impl Session {
    pub fn new(backend: String, scopes: Vec<Scope>) -> Self {
        Self {
            backend,
            backend_detail: None,
            scopes,
            identities: BTreeMap::new(),
            thresholds: Thresholds::default(),
            posture: PostureSettings::default(),
            intervals: Intervals::default(),
            writes: Writes::Allowed,
            read_only_because: "opsdeck was started with --read-only".to_owned(),
            environment: None,
            kiosk: None,
            ascii: false,
            clock_rate: 1.0,
            themes: Vec::new(),
            replay: None,
            consoles: None,
            operator: "operator".to_owned(),
            runbooks: std::sync::Arc::new(crate::runbook::book::Library::shared().clone()),
        }
    }

    /// A scope as the Region column names it. With more than one account in use, the account's
    /// alias (else its id) follows the region — "prod/us-east-1 @shop-prod" — so every row says
    /// which account it is in; with one, the header says it and the column keeps its width.
    pub fn scope_label(&self, scope: &Scope) -> String {
        match self.identities.get(scope) {
            Some(identity) if self.accounts().len() > 1 => format!("{scope} @{}", identity.short()),
            _ => scope.to_string(),
        }
    }

    /// The accounts in use, each once, in the order of their first scope.
    pub fn accounts(&self) -> Vec<&Identity> {
        let mut accounts: Vec<&Identity> = Vec::new();
        for identity in self.scopes.iter().filter_map(|s| self.identities.get(s)) {
            if accounts.iter().all(|a| a.account != identity.account) {
                accounts.push(identity);
            }
        }
        accounts
    }
}

/// The war-room display: tabs rotate, every key but quit is ignored, and the header flashes
/// when an alarm goes into ALARM.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kiosk {
    /// Seconds each tab stays up.
    pub every: u32,
    /// Seconds until the next rotation.
    pub left: u32,
    /// Seconds the header still flashes.
    pub flash: u32,
    /// Alarms in ALARM at the last poll, so only new ones flash.
    pub firing: BTreeSet<String>,
    /// Whether alarms have been seen at all (the first poll never flashes).
    pub primed: bool,
    /// The tabs to rotate through (`--kiosk-tabs`); empty: the Overview alone on a wall-sized
    /// terminal, every tab on a smaller one.
    pub tabs: Vec<Tab>,
    /// Whether the terminal is wall-sized (at least `WALL`).
    pub wall: bool,
}

impl Kiosk {
    /// The terminal size from which the kiosk shows the Overview alone by default.
    pub const WALL: (u16, u16) = (160, 45);

    pub fn new(every: u32) -> Self {
        let every = every.max(1);
        Self { every, left: every, flash: 0, firing: BTreeSet::new(), primed: false, tabs: Vec::new(), wall: false }
    }

    /// The tabs it rotates through now.
    pub fn rotation(&self) -> Vec<Tab> {
        match (self.tabs.is_empty(), self.wall) {
            (false, _) => self.tabs.clone(),
            (true, true) => vec![Tab::Overview],
            (true, false) => Tab::ALL.to_vec(),
        }
    }

    /// The tab after `tab` in the rotation (the first, when `tab` is not in it).
    pub fn next_after(&self, tab: Tab) -> Tab {
        let rotation = self.rotation();
        let next = rotation.iter().position(|&t| t == tab).map_or(0, |i| (i + 1) % rotation.len().max(1));
        rotation.get(next).copied().unwrap_or(Tab::Overview)
    }
}

/// Whether runbooks may change anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Writes {
    #[default]
    Allowed,
    /// Plans are shown, never run.
    DryRun,
    /// Action keys only explain; the write side refuses everything too.
    ReadOnly,
}
