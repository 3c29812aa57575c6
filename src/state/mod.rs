//! The console's state: what every screen draws from, written only by `update`.
//!
//! Feeds hold what the pollers delivered; `Views` holds the table rows derived from them,
//! rebuilt when a feed changes so that drawing never sorts or joins.

pub mod environment;
pub mod feed;
pub mod health;
pub mod palette;
pub mod query;
pub mod rows;
pub mod runs;

use std::time::Duration;

use crate::cloud::model::{
    Alarm, AlarmHistoryItem, ApiUsage, DbCluster, DbFleet, DbInstance, Metrics, Performance, ResourceKey, ScalingGroup,
    Scope,
};

use crate::posture::PostureSettings;
use feed::{Feed, Feeds, Freshness};
use health::Thresholds;
use rows::{AlarmRow, FleetRow, GroupRow, ReplicationRow};

/// The five tabs, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Tab {
    #[default]
    Fleet,
    Replication,
    Performance,
    Capacity,
    Alarms,
}

impl Tab {
    pub const ALL: [Self; 5] = [Self::Fleet, Self::Replication, Self::Performance, Self::Capacity, Self::Alarms];

    pub fn title(self) -> &'static str {
        match self {
            Self::Fleet => "Fleet",
            Self::Replication => "Replication",
            Self::Performance => "Performance",
            Self::Capacity => "Capacity",
            Self::Alarms => "Alarms",
        }
    }

    pub fn index(self) -> usize {
        Self::ALL.iter().position(|&t| t == self).unwrap_or(0)
    }

    #[must_use]
    pub fn next(self) -> Self {
        Self::ALL[(self.index() + 1) % Self::ALL.len()]
    }

    #[must_use]
    pub fn prev(self) -> Self {
        Self::ALL[(self.index() + Self::ALL.len() - 1) % Self::ALL.len()]
    }
}

/// What the keyboard is driving.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Mode {
    #[default]
    Normal,
    /// The detail view of the row that was selected when it opened.
    Detail(DetailTarget),
    /// The key help overlay.
    Help,
    /// A runbook's plan, waiting for confirmation.
    Confirm(runs::Confirm),
    /// Typing the current table's filter (`/`).
    Filter,
    /// The command palette (`:`), with what has been typed.
    Palette(String),
}

impl Mode {
    /// Whether unbound characters are typed into the mode (confirm, filter, palette).
    pub fn takes_text(&self) -> bool {
        matches!(self, Self::Confirm(_) | Self::Filter | Self::Palette(_))
    }

    pub fn label(&self) -> &'static str {
        match self {
            Self::Normal => "NORMAL",
            Self::Detail(_) => "DETAIL",
            Self::Help => "HELP",
            Self::Confirm(_) => "CONFIRM",
            Self::Filter => "FILTER",
            Self::Palette(_) => "COMMAND",
        }
    }
}

/// What a detail view shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DetailTarget {
    /// A DB instance or Aurora cluster (Fleet and Replication tabs).
    Db(ResourceKey),
    /// An Auto Scaling Group.
    Group(ResourceKey),
    /// A CloudWatch alarm.
    Alarm(ResourceKey),
    /// The full text of a top-SQL statement, by digest id.
    Sql(String),
}

/// The feeds, each polled by its own task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeedKind {
    Fleet,
    Metrics,
    Alarms,
    Groups,
    Performance,
}

impl FeedKind {
    pub const ALL: [Self; 5] = [Self::Fleet, Self::Metrics, Self::Alarms, Self::Groups, Self::Performance];

    pub fn label(self) -> &'static str {
        match self {
            Self::Fleet => "rds",
            Self::Metrics => "metrics",
            Self::Alarms => "alarms",
            Self::Groups => "asg",
            Self::Performance => "pi",
        }
    }
}

/// How often each feed is polled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Intervals {
    pub fleet: Duration,
    pub metrics: Duration,
    pub alarms: Duration,
    pub groups: Duration,
    pub performance: Duration,
}

impl Default for Intervals {
    fn default() -> Self {
        Self {
            fleet: Duration::from_secs(30),
            metrics: Duration::from_secs(10),
            alarms: Duration::from_secs(15),
            groups: Duration::from_secs(15),
            performance: Duration::from_secs(15),
        }
    }
}

impl Intervals {
    pub fn of(&self, kind: FeedKind) -> Duration {
        match kind {
            FeedKind::Fleet => self.fleet,
            FeedKind::Metrics => self.metrics,
            FeedKind::Alarms => self.alarms,
            FeedKind::Groups => self.groups,
            FeedKind::Performance => self.performance,
        }
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
    pub firing: std::collections::BTreeSet<String>,
    /// Whether alarms have been seen at all (the first poll never flashes).
    pub primed: bool,
}

impl Kiosk {
    pub fn new(every: u32) -> Self {
        let every = every.max(1);
        Self { every, left: every, flash: 0, firing: std::collections::BTreeSet::new(), primed: false }
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

/// A table's selection and scroll position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cursor {
    pub selected: usize,
    pub offset: usize,
    /// Set once the user moves: from then on the selection follows its resource when rows
    /// are rebuilt; before, it stays on the first row while the regions load in any order.
    pub moved: bool,
}

/// The history of the alarm whose detail view is open, fetched once when it opens.
#[derive(Debug, Clone, PartialEq)]
pub struct AlarmHistory {
    pub alarm: ResourceKey,
    pub feed: Feed<Vec<AlarmHistoryItem>>,
}

/// Rows derived from the feeds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Views {
    pub fleet: Vec<FleetRow>,
    pub replication: Vec<ReplicationRow>,
    pub groups: Vec<GroupRow>,
    pub alarms: Vec<AlarmRow>,
    /// Top SQL of the instance in focus.
    pub sql: Vec<query::SqlRow>,
}

/// Everything the screens draw from.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// "DEMO" or the profile(s) in use.
    pub backend: String,
    /// Extra words for the header, e.g. the demo scenario.
    pub backend_detail: Option<String>,
    pub scopes: Vec<Scope>,
    pub tab: Tab,
    pub mode: Mode,
    pub fleet: Feeds<DbFleet>,
    pub metrics: Feeds<Metrics>,
    pub alarms: Feeds<Vec<Alarm>>,
    pub groups: Feeds<Vec<ScalingGroup>>,
    /// Performance Insights for `focus`.
    pub performance: Feed<Performance>,
    /// The instance Performance Insights follows.
    pub focus: Option<ResourceKey>,
    /// The open alarm detail view's history.
    pub alarm_history: Option<AlarmHistory>,
    /// API calls so far, when the backend counts them (the status bar's meter).
    pub api_usage: Option<ApiUsage>,
    pub views: Views,
    /// One cursor per tab, indexed by `Tab::index`.
    pub cursors: [Cursor; 5],
    /// Rows a table can show at the current terminal size (an estimate for paging).
    pub page_rows: usize,
    pub thresholds: Thresholds,
    /// The `[posture]` settings the Fleet tab's findings are judged by.
    pub posture: PostureSettings,
    pub intervals: Intervals,
    /// Runbook runs, oldest first.
    pub runs: Vec<runs::RunView>,
    /// Ids for the next run.
    pub next_run_id: u64,
    /// A message for the status bar until the next key.
    pub notice: Option<runs::Notice>,
    /// Whether runbooks may act.
    pub writes: Writes,
    /// The environment of the profile in use (e.g. prod), drawn as a banner on every screen.
    pub environment: Option<environment::Environment>,
    /// Filter and sort per tab, indexed by `Tab::index`.
    pub queries: [query::Query; 5],
    /// The region/profile the view is narrowed to.
    pub scope_filter: query::ScopeFilter,
    /// War-room mode: rotating tabs, input off but quit.
    pub kiosk: Option<Kiosk>,
    /// Draw with ASCII only (no box drawing, blocks or symbols).
    pub ascii: bool,
    /// Backend clock seconds per real second (see `Clock::rate`).
    pub clock_rate: f64,
    /// The backend's clock at the last tick.
    pub now: Option<crate::cloud::model::Timestamp>,
    /// The ten-second bucket of the clock last drawn: ages on screen change no faster.
    pub time_bucket: i64,
    /// Whether something changed since the last frame.
    pub dirty: bool,
    pub quit: bool,
}

impl State {
    pub fn new(backend: impl Into<String>, scopes: Vec<Scope>) -> Self {
        Self {
            backend: backend.into(),
            backend_detail: None,
            fleet: Feeds::new(&scopes),
            metrics: Feeds::new(&scopes),
            alarms: Feeds::new(&scopes),
            groups: Feeds::new(&scopes),
            performance: Feed::Loading,
            focus: None,
            alarm_history: None,
            api_usage: None,
            scopes,
            tab: Tab::Fleet,
            mode: Mode::Normal,
            views: Views::default(),
            cursors: [Cursor::default(); 5],
            page_rows: 20,
            thresholds: Thresholds::default(),
            posture: PostureSettings::default(),
            intervals: Intervals::default(),
            runs: Vec::new(),
            next_run_id: 1,
            notice: None,
            writes: Writes::Allowed,
            environment: None,
            queries: Default::default(),
            scope_filter: query::ScopeFilter::default(),
            kiosk: None,
            ascii: false,
            clock_rate: 1.0,
            now: None,
            time_bucket: 0,
            dirty: true,
            quit: false,
        }
    }

    pub fn cursor(&self, tab: Tab) -> Cursor {
        self.cursors[tab.index()]
    }

    /// How many rows the tab's main table has.
    pub fn row_count(&self, tab: Tab) -> usize {
        match tab {
            Tab::Fleet => self.views.fleet.len(),
            Tab::Replication => self.views.replication.len(),
            Tab::Performance => self.views.sql.len(),
            Tab::Capacity => self.views.groups.len(),
            Tab::Alarms => self.views.alarms.len(),
        }
    }

    /// The key of the selected row of a tab.
    pub fn selected_key(&self, tab: Tab) -> Option<ResourceKey> {
        let i = self.cursor(tab).selected;
        match tab {
            Tab::Fleet => self.views.fleet.get(i).map(|r| r.key.clone()),
            Tab::Replication => self.views.replication.get(i).map(|r| r.key.clone()),
            Tab::Performance => None,
            Tab::Capacity => self.views.groups.get(i).map(|r| r.key.clone()),
            Tab::Alarms => self.views.alarms.get(i).map(AlarmRow::key),
        }
    }

    /// The freshness of a feed, worst across scopes.
    pub fn freshness(&self, kind: FeedKind, now: crate::cloud::model::Timestamp) -> Freshness {
        let interval = self.interval(kind);
        match kind {
            FeedKind::Fleet => self.fleet.freshness(now, interval),
            FeedKind::Metrics => self.metrics.freshness(now, interval),
            FeedKind::Alarms => self.alarms.freshness(now, interval),
            FeedKind::Groups => self.groups.freshness(now, interval),
            FeedKind::Performance if self.focus.is_none() => Freshness::Fresh,
            FeedKind::Performance => self.performance.freshness(now, interval),
        }
    }

    /// A feed's poll interval in the backend's clock time (a sped-up simulator ages data faster).
    pub fn interval(&self, kind: FeedKind) -> Duration {
        self.intervals.of(kind).mul_f64(self.clock_rate.max(1.0))
    }

    /// Finds a DB instance by key in the fleet feed.
    pub fn instance(&self, key: &ResourceKey) -> Option<&DbInstance> {
        self.fleet.get(&key.scope)?.data()?.instances.iter().find(|i| i.id == key.id)
    }

    /// Finds an Aurora cluster by key in the fleet feed.
    pub fn cluster(&self, key: &ResourceKey) -> Option<&DbCluster> {
        self.fleet.get(&key.scope)?.data()?.clusters.iter().find(|c| c.id == key.id)
    }

    /// Finds an Auto Scaling Group by key.
    pub fn group(&self, key: &ResourceKey) -> Option<&ScalingGroup> {
        self.groups.get(&key.scope)?.data()?.iter().find(|g| g.name == key.id)
    }

    /// The metrics of a DB instance, if any.
    pub fn db_series(&self, key: &ResourceKey) -> Option<&crate::cloud::model::DbSeries> {
        self.metrics.get(&key.scope)?.data()?.db.get(&key.id)
    }

    /// The alarms feed of a scope gone stale or failed: the reason rows in it are marked with.
    pub fn scope_problem(
        &self,
        kind: FeedKind,
        scope: &Scope,
        now: crate::cloud::model::Timestamp,
    ) -> Option<Freshness> {
        let interval = self.interval(kind);
        let freshness = match kind {
            FeedKind::Fleet => self.fleet.get(scope)?.freshness(now, interval),
            FeedKind::Metrics => self.metrics.get(scope)?.freshness(now, interval),
            FeedKind::Alarms => self.alarms.get(scope)?.freshness(now, interval),
            FeedKind::Groups => self.groups.get(scope)?.freshness(now, interval),
            FeedKind::Performance => return None,
        };
        (!freshness.is_fresh() && freshness != Freshness::Loading).then_some(freshness)
    }
}
