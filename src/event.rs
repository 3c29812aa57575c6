//! Everything that can happen to the console, delivered on one channel.
//!
//! Keys arrive already translated into commands by the keymap; pollers send owned snapshots;
//! nothing here holds a lock or a reference into the state.

use crate::cloud::model::{
    Alarm, AlarmHistoryItem, ApiUsage, DbFleet, MetricTargets, Metrics, Performance, ResourceKey, ScalingGroup, Scope,
    Timestamp,
};
use crate::command::Command;
use crate::runbook::plan::Plan;
use crate::state::FeedKind;
use crate::state::feed::FeedResult;
use crate::state::runs::{Notice, RunEvent};

/// One event for `update`.
// Events are moved once, through a channel, and never stored: their size does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A key the keymap turned into a command.
    Command(Command),
    /// The terminal was resized to columns × rows.
    Resize(u16, u16),
    /// Time passed (the backend's clock now): ages and the clock may need redrawing.
    Tick(Timestamp),
    /// A poller finished a fetch.
    Polled(Polled),
    /// The backend's API call counts, sampled on the clock tick.
    Usage(ApiUsage),
    /// A character typed into a confirm dialog.
    Text(char),
    /// A runbook run reported progress.
    Run(RunEvent),
    /// A message for the status bar (e.g. a theme that would not load).
    Notice(Notice),
    /// A mouse click or scroll.
    Mouse(crossterm::event::MouseEvent),
}

/// What a poller delivers.
#[derive(Debug, Clone, PartialEq)]
pub enum Polled {
    Fleet(Scope, FeedResult<DbFleet>),
    Metrics(Scope, FeedResult<Metrics>),
    Alarms(Scope, FeedResult<Vec<Alarm>>),
    Groups(Scope, FeedResult<Vec<ScalingGroup>>),
    Performance(ResourceKey, FeedResult<Performance>),
    /// The history of one alarm (a one-shot fetch for its detail view).
    AlarmHistory(ResourceKey, FeedResult<Vec<AlarmHistoryItem>>),
}

impl Polled {
    pub fn kind(&self) -> FeedKind {
        match self {
            Self::Fleet(..) => FeedKind::Fleet,
            Self::Metrics(..) => FeedKind::Metrics,
            Self::Alarms(..) | Self::AlarmHistory(..) => FeedKind::Alarms,
            Self::Groups(..) => FeedKind::Groups,
            Self::Performance(..) => FeedKind::Performance,
        }
    }
}

/// What `update` asks the app to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Quit,
    /// Poll every feed now.
    RefreshAll,
    /// Poll one feed now (e.g. after a runbook step changed it).
    Refresh(FeedKind),
    /// Tell a scope's metrics poller which resources to ask for.
    SetMetricTargets(Scope, MetricTargets),
    /// Point the Performance Insights poller at an instance (or at nothing).
    FocusPerformance(Option<ResourceKey>),
    /// Fetch one alarm's history once (its detail view opened).
    FetchAlarmHistory(ResourceKey),
    /// Switch to a theme by name.
    SetTheme(String),
    /// Run a confirmed plan as run `id`.
    StartRun {
        id: u64,
        plan: Box<Plan>,
    },
}
