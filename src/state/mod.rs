//! The console's state: what every screen draws from, written only by `update`.
//!
//! Five rooms and the rows derived from them: `Session` (what the console looks at and how it
//! judges), `Fetched` (what the pollers delivered), `Nav` (where the user is), `Runs` (the
//! runbook runs) and the timeline (what happened, as events). `Rows` holds the table rows, rebuilt when a feed changes so that drawing never
//! sorts or joins.

pub mod cursor;
pub mod environment;
pub mod failover;
pub mod fetched;
pub mod mode;
pub mod nav;
pub mod notice;
pub mod overview;
pub mod overview_pane;
pub mod palette;
pub mod query;
pub mod row_cache;
pub mod rows;
pub mod runs;
pub mod session;
pub mod tab;
pub mod timeline;
pub mod war;

use std::time::Duration;

use crate::cloud::model::{DbCluster, DbInstance, DbSeries, ResourceKey, ScalingGroup, Scope, Timestamp};
use crate::feed::{FeedKind, Freshness};
use crate::runbook::fleet::FleetView;

pub use fetched::{AlarmHistory, DbHistory, Fetched, PlanShown, ReportFeed, ReportsFeed, SqlDetailFeed};
pub use mode::{DetailTarget, Mode};
pub use nav::{Cursor, Nav};
pub use notice::Notice;
pub use session::{Kiosk, ReplayStatus, Session, Writes};
pub use tab::{PerTab, Tab};

use rows::{AlarmRow, FleetRow, GroupRow, ReplicationRow};
use runs::Runs;

/// The table rows of each tab, derived from the feeds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rows {
    /// Shared with `cache`, which keeps each scope's rows until its data changes.
    pub fleet: Vec<std::sync::Arc<FleetRow>>,
    pub replication: Vec<std::sync::Arc<ReplicationRow>>,
    pub groups: Vec<GroupRow>,
    pub alarms: Vec<AlarmRow>,
    /// Top SQL of the instance in focus.
    pub sql: Vec<query::SqlRow>,
    /// The Overview's cells: every DB instance, worst first.
    pub overview: Vec<overview::Cell>,
    /// The Timeline's events, newest first.
    pub timeline: Vec<timeline::TimelineRow>,
    /// In a replay: how many of the recording's events the rows were built up to.
    pub timeline_until: usize,
    pub cache: row_cache::RowCache,
}

/// Everything the screens draw from.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub session: Session,
    pub fetched: Fetched,
    pub nav: Nav,
    pub runs: Runs,
    /// The runs of the other consoles in the war room (on the hub).
    pub others: war::OtherRuns,
    /// What happened: the events found in every entry the console applied (or a replay's).
    pub timeline: crate::timeline::Live,
    pub rows: Rows,
    /// A message for the status bar until the next key.
    pub notice: Option<Notice>,
    /// The backend's clock at the last tick.
    pub now: Option<Timestamp>,
    /// The ten-second bucket of the clock last drawn: ages on screen change no faster.
    pub time_bucket: i64,
    /// Whether something changed since the last frame.
    pub dirty: bool,
    pub quit: bool,
}

impl State {
    pub fn new(backend: impl Into<String>, scopes: Vec<Scope>) -> Self {
        Self {
            fetched: Fetched::new(&scopes),
            session: Session::new(backend.into(), scopes),
            nav: Nav::new(),
            runs: Runs::default(),
            others: war::OtherRuns::default(),
            timeline: crate::timeline::Live::default(),
            rows: Rows::default(),
            notice: None,
            now: None,
            time_bucket: 0,
            dirty: true,
            quit: false,
        }
    }

    /// The fleet as the runbook planners read it.
    pub fn fleet_view(&self) -> FleetView<'_> {
        FleetView {
            fleet: &self.fetched.fleet,
            metrics: &self.fetched.metrics,
            groups: &self.fetched.groups,
            alarms: &self.fetched.alarms,
            thresholds: &self.session.thresholds,
            busy: self.runs.busy(),
            now: self.now,
            reads: None,
        }
    }

    pub fn cursor(&self, tab: Tab) -> Cursor {
        self.nav.cursors[tab]
    }

    /// How many rows the tab's main table has.
    pub fn row_count(&self, tab: Tab) -> usize {
        match tab {
            Tab::Overview => overview_pane::len(&self.rows, self.nav.overview.pane),
            Tab::Fleet => self.rows.fleet.len(),
            Tab::Replication => self.rows.replication.len(),
            Tab::Performance => self.rows.sql.len(),
            Tab::Capacity => self.rows.groups.len(),
            Tab::Alarms => self.rows.alarms.len(),
            Tab::Timeline => self.rows.timeline.len(),
        }
    }

    /// The key of the selected row of a tab.
    pub fn selected_key(&self, tab: Tab) -> Option<ResourceKey> {
        let i = self.cursor(tab).selected;
        match tab {
            Tab::Overview => overview_pane::key_at(&self.rows, self.nav.overview.pane, i),
            Tab::Fleet => self.rows.fleet.get(i).map(|r| r.facts.key.clone()),
            Tab::Replication => self.rows.replication.get(i).map(|r| r.key.clone()),
            // Not a resource's row: the tab keeps its selection on the event (`update::timeline`).
            Tab::Performance | Tab::Timeline => None,
            Tab::Capacity => self.rows.groups.get(i).map(|r| r.key.clone()),
            Tab::Alarms => self.rows.alarms.get(i).map(AlarmRow::key),
        }
    }

    /// The freshness of a feed, worst across scopes.
    pub fn freshness(&self, kind: FeedKind, now: Timestamp) -> Freshness {
        let interval = self.interval(kind);
        let f = &self.fetched;
        match kind {
            FeedKind::Fleet => f.fleet.freshness(now, interval),
            FeedKind::Metrics => f.metrics.freshness(now, interval),
            FeedKind::Alarms => f.alarms.freshness(now, interval),
            FeedKind::Groups => f.groups.freshness(now, interval),
            FeedKind::Events => f.events.freshness(now, interval),
            FeedKind::Performance if f.focus.is_none() => Freshness::Fresh,
            FeedKind::Performance => f.performance.freshness(now, interval),
        }
    }

    /// A feed's poll interval in the backend's clock time (a sped-up simulator ages data faster).
    pub fn interval(&self, kind: FeedKind) -> Duration {
        self.session.intervals.of(kind).mul_f64(self.session.clock_rate.max(1.0))
    }

    /// Finds a DB instance by key in the fleet feed.
    pub fn instance(&self, key: &ResourceKey) -> Option<&DbInstance> {
        self.fetched.fleet.instance(key)
    }

    /// Finds an Aurora cluster by key in the fleet feed.
    pub fn cluster(&self, key: &ResourceKey) -> Option<&DbCluster> {
        self.fetched.fleet.cluster(key)
    }

    /// Finds an Auto Scaling Group by key.
    pub fn group(&self, key: &ResourceKey) -> Option<&ScalingGroup> {
        self.fetched.groups.group(key)
    }

    /// The metrics of a DB instance, if any.
    pub fn db_series(&self, key: &ResourceKey) -> Option<&DbSeries> {
        self.fetched.metrics.db_series(key)
    }

    /// The feed of a scope gone stale or failed: the reason rows in it are marked with.
    pub fn scope_problem(&self, kind: FeedKind, scope: &Scope, now: Timestamp) -> Option<Freshness> {
        let interval = self.interval(kind);
        let f = &self.fetched;
        let freshness = match kind {
            FeedKind::Fleet => f.fleet.get(scope)?.freshness(now, interval),
            FeedKind::Metrics => f.metrics.get(scope)?.freshness(now, interval),
            FeedKind::Alarms => f.alarms.get(scope)?.freshness(now, interval),
            FeedKind::Groups => f.groups.get(scope)?.freshness(now, interval),
            FeedKind::Events => f.events.get(scope)?.freshness(now, interval),
            FeedKind::Performance => return None,
        };
        (!freshness.is_fresh() && freshness != Freshness::Loading).then_some(freshness)
    }
}
