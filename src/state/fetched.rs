//! What the pollers fetched: one feed per scope for the fleet, metrics, alarms, groups and RDS
//! events,
//! Performance Insights for the instance in focus (through the window and slice chosen), an
//! open alarm's history, an open statement's detail, an open DB instance's metrics over a
//! window longer than the feed's hour, the API meter.

use crate::cloud::model::{
    Alarm, AlarmHistoryItem, AnalysisReport, ApiUsage, Blocking, DbEvent, DbFleet, DbSeries, Metrics, Performance,
    PiQuery, PiView, ReportSummary, ResourceKey, ScalingGroup, Scope, SqlDetail, Window,
};
use crate::feed::{Feed, Feeds};
use crate::record::{FeedName, PayloadRef};

/// Everything fetched.
#[derive(Debug, Clone, PartialEq)]
pub struct Fetched {
    pub fleet: Feeds<DbFleet>,
    pub metrics: Feeds<Metrics>,
    pub alarms: Feeds<Vec<Alarm>>,
    pub groups: Feeds<Vec<ScalingGroup>>,
    /// Recent RDS events per scope, oldest first.
    pub events: Feeds<Vec<DbEvent>>,
    /// Performance Insights for `focus`.
    pub performance: Feed<Performance>,
    /// The instance Performance Insights follows.
    pub focus: Option<ResourceKey>,
    /// The window and slice the Performance tab shows.
    pub pi_view: PiView,
    /// The open alarm detail view's history.
    pub alarm_history: Option<AlarmHistory>,
    /// The open DB instance detail view's metrics, when its window is longer than the hour.
    /// Boxed: most of the time there is none.
    pub db_history: Option<Box<DbHistory>>,
    /// The open statement detail view's text and load.
    pub sql_detail: Option<SqlDetailFeed>,
    /// The open blocking view's tree, with the query it answers.
    /// Boxed, as the reports are: most of the time there is none.
    pub blocking: Option<Box<(PiQuery, Feed<Blocking>)>>,
    /// The open analysis reports view: the focus's reports and the one opened.
    /// Boxed: most of the time there is none.
    pub reports: Option<Box<ReportsFeed>>,
    /// API calls so far, when the backend counts them (the status bar's meter).
    pub api_usage: Option<ApiUsage>,
}

impl Fetched {
    pub fn new(scopes: &[Scope]) -> Self {
        Self {
            fleet: Feeds::new(scopes),
            metrics: Feeds::new(scopes),
            alarms: Feeds::new(scopes),
            groups: Feeds::new(scopes),
            events: Feeds::new(scopes),
            performance: Feed::Loading,
            focus: None,
            pi_view: PiView::default(),
            alarm_history: None,
            db_history: None,
            sql_detail: None,
            blocking: None,
            reports: None,
            api_usage: None,
        }
    }
}

impl Fetched {
    /// A scope's data of one feed, where it is held, as the record envelope names it; `None`
    /// for the feeds of one resource.
    pub fn payload(&self, feed: FeedName, scope: &Scope) -> Option<PayloadRef<'_>> {
        match feed {
            FeedName::Fleet => self.fleet.get(scope)?.data().map(PayloadRef::Fleet),
            FeedName::Metrics => self.metrics.get(scope)?.data().map(PayloadRef::Metrics),
            FeedName::Alarms => self.alarms.get(scope)?.data().map(|a| PayloadRef::Alarms(a)),
            FeedName::Groups => self.groups.get(scope)?.data().map(|g| PayloadRef::Groups(g)),
            FeedName::Events => self.events.get(scope)?.data().map(|e| PayloadRef::Events(e)),
            FeedName::Performance | FeedName::AlarmHistory => None,
        }
    }

    /// What the Performance Insights poller asks: the focus, through the chosen view.
    pub fn pi_query(&self) -> Option<PiQuery> {
        self.focus.clone().map(|instance| PiQuery { instance, view: self.pi_view })
    }
}

/// One statement's detail, fetched once when its detail view opens.
#[derive(Debug, Clone, PartialEq)]
pub struct SqlDetailFeed {
    pub query: PiQuery,
    pub id: String,
    pub feed: Feed<SqlDetail>,
    /// How its execution plans are shown (`p` moves on).
    pub plan: PlanShown,
}

/// How a statement's execution plans are shown: the two heaviest side by side, or one alone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PlanShown {
    #[default]
    Compare,
    /// The plan at this index (heaviest first), across the whole panel.
    Only(usize),
}

impl PlanShown {
    /// Side by side, then the first alone, then the second, then side by side again; one
    /// plan is always shown alone.
    #[must_use]
    pub fn next(self, plans: usize) -> Self {
        match self {
            _ if plans < 2 => Self::Compare,
            Self::Compare => Self::Only(0),
            Self::Only(0) => Self::Only(1),
            Self::Only(_) => Self::Compare,
        }
    }
}

/// The analysis reports of the focus, fetched when their view opens (and when a report run
/// moves on), with the one whose insights are open.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportsFeed {
    pub instance: ResourceKey,
    pub feed: Feed<Vec<ReportSummary>>,
    /// The report the cursor is on, by its place in the list.
    pub selected: usize,
    /// Looks again at the list while a report in it runs.
    pub polls: u32,
    pub open: Option<ReportFeed>,
}

/// One report with its insights; `polls` counts the looks again while it runs.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportFeed {
    pub id: String,
    pub feed: Feed<AnalysisReport>,
    pub polls: u32,
}

/// The history of the alarm whose detail view is open, fetched once when it opens.
#[derive(Debug, Clone, PartialEq)]
pub struct AlarmHistory {
    pub alarm: ResourceKey,
    pub feed: Feed<Vec<AlarmHistoryItem>>,
}

/// A DB instance's metrics over a window past the metrics feed's hour, fetched for its detail
/// view when it opens (or the window changes, or on refresh).
#[derive(Debug, Clone, PartialEq)]
pub struct DbHistory {
    pub instance: ResourceKey,
    pub window: Window,
    pub feed: Feed<DbSeries>,
}
