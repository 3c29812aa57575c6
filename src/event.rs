//! Everything that can happen to the console, delivered on one channel.
//!
//! Keys arrive already translated into commands by the keymap; pollers send owned snapshots;
//! nothing here holds a lock or a reference into the state.

use crate::cloud::CloudError;
use crate::cloud::model::ReportSummary;
use crate::cloud::model::{
    Alarm, AlarmHistoryItem, AnalysisReport, ApiUsage, Blocking, DbEvent, DbFleet, DbSeries, MetricTargets, Metrics,
    Performance, PiQuery, ResourceKey, ScalingGroup, Scope, SqlDetail, Timestamp, Window,
};
use crate::command::Command;
use crate::feed::FeedKind;
use crate::feed::FeedResult;
use crate::record::{Entry, FeedName, Observation, Payload, Stream};
use crate::runbook::plan::Plan;
use crate::runbook::report::RunReport;
use crate::state::{Notice, ReplayStatus};

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
    /// A runbook run reported progress (on the runner's channel; the app passes it on).
    Run(RunReport),
    /// A message for the status bar (e.g. a theme that would not load).
    Notice(Notice),
    /// A mouse click or scroll.
    Mouse(crossterm::event::MouseEvent),
    /// The process was asked to stop (SIGTERM, SIGHUP): quit now, without asking anyone.
    Stop(String),
    /// Where a replay is (after a key moved it, and on the clock tick).
    Replay(ReplayStatus),
    /// An entry the console made outside a poll: a line the audit log wrote (a run's step, a
    /// note), as the recording holds it. It goes to the timeline.
    Logged(Entry),
    /// How many consoles share the hub this console is fed by (its heartbeat says), for the header.
    Consoles(usize),
    /// A replay's recording was read for its timeline: every event in it, in order.
    TimelineLoaded(Vec<crate::timeline::Event>),
}

/// What a replay key asks of the replay clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplayAction {
    /// Play or pause.
    Toggle,
    /// Move by this many recorded seconds (back when negative).
    Step(i64),
    Faster,
    Slower,
    /// `:goto`: a time of day or a duration from the start, as typed.
    Goto(String),
    /// To a recorded time (`]`/`[`: the next or previous timeline event).
    Seek(Timestamp),
}

/// What a poller delivers.
#[derive(Debug, Clone, PartialEq)]
pub enum Polled {
    Fleet(Scope, FeedResult<DbFleet>),
    Metrics(Scope, FeedResult<Metrics>),
    Alarms(Scope, FeedResult<Vec<Alarm>>),
    Groups(Scope, FeedResult<Vec<ScalingGroup>>),
    /// A scope's recent RDS events, oldest first.
    Events(Scope, FeedResult<Vec<DbEvent>>),
    Performance(PiQuery, FeedResult<Performance>),
    /// The history of one alarm (a one-shot fetch for its detail view).
    AlarmHistory(ResourceKey, FeedResult<Vec<AlarmHistoryItem>>),
    /// One DB instance's metrics over a window past the hour (a one-shot fetch for its detail).
    DbHistory(ResourceKey, Window, FeedResult<DbSeries>),
    /// One statement in full (a one-shot fetch for its detail view): the query, the digest id.
    SqlDetail(PiQuery, String, FeedResult<SqlDetail>),
    /// The blocking tree of the focus (a one-shot fetch for its view).
    Blocking(PiQuery, FeedResult<Blocking>),
    /// The analysis reports of an instance (fetched for their view).
    Reports(ResourceKey, FeedResult<Vec<ReportSummary>>),
    /// One analysis report of an instance, by id.
    Report(ResourceKey, String, FeedResult<AnalysisReport>),
}

impl Polled {
    /// A recorded feed result of a scope as the poll result it was (the inverse of
    /// `observation` for the scoped feeds); `None` for the feeds of one resource.
    pub fn from_observation(observation: Observation) -> Option<Self> {
        fn at<T>(data: T, fetched_at: Timestamp) -> FeedResult<T> {
            crate::feed::stamped(Ok(data), fetched_at)
        }
        let Observation { at: when, stream, result } = observation;
        if stream.id.is_some() {
            return None;
        }
        let scope = stream.scope;
        Some(match result {
            Ok(Payload::Fleet(f)) => Self::Fleet(scope, at(f, when)),
            Ok(Payload::Metrics(m)) => Self::Metrics(scope, at(m, when)),
            Ok(Payload::Alarms(a)) => Self::Alarms(scope, at(a, when)),
            Ok(Payload::Groups(g)) => Self::Groups(scope, at(g, when)),
            Ok(Payload::Events(e)) => Self::Events(scope, at(e, when)),
            Ok(Payload::Performance(_) | Payload::AlarmHistory(_)) => return None,
            Err(error) => {
                let failure = crate::feed::Failure { error, at: when };
                match stream.feed {
                    FeedName::Fleet => Self::Fleet(scope, Err(failure)),
                    FeedName::Metrics => Self::Metrics(scope, Err(failure)),
                    FeedName::Alarms => Self::Alarms(scope, Err(failure)),
                    FeedName::Groups => Self::Groups(scope, Err(failure)),
                    FeedName::Events => Self::Events(scope, Err(failure)),
                    FeedName::Performance | FeedName::AlarmHistory => return None,
                }
            }
        })
    }

    /// The result as a record: one feed's result for one scope at one time; `None` for the
    /// views fetched on request (a statement's detail, blocking, a window of an instance's
    /// metrics), which are not recorded.
    pub fn observation(&self) -> Option<Observation> {
        fn of<T: Clone>(result: &FeedResult<T>, wrap: fn(T) -> Payload) -> (Timestamp, Result<Payload, CloudError>) {
            match result {
                Ok(snapshot) => (snapshot.fetched_at, Ok(wrap(snapshot.data.clone()))),
                Err(failure) => (failure.at, Err(failure.error.clone())),
            }
        }
        let (stream, (at, result)) = match self {
            Self::Fleet(scope, r) => (Stream::scoped(FeedName::Fleet, scope.clone()), of(r, Payload::Fleet)),
            Self::Metrics(scope, r) => (Stream::scoped(FeedName::Metrics, scope.clone()), of(r, Payload::Metrics)),
            Self::Alarms(scope, r) => (Stream::scoped(FeedName::Alarms, scope.clone()), of(r, Payload::Alarms)),
            Self::Groups(scope, r) => (Stream::scoped(FeedName::Groups, scope.clone()), of(r, Payload::Groups)),
            Self::Events(scope, r) => (Stream::scoped(FeedName::Events, scope.clone()), of(r, Payload::Events)),
            Self::Performance(query, r) => {
                (Stream::of(FeedName::Performance, &query.instance), of(r, |p| Payload::Performance(Box::new(p))))
            }
            Self::AlarmHistory(key, r) => (Stream::of(FeedName::AlarmHistory, key), of(r, Payload::AlarmHistory)),
            Self::SqlDetail(..) | Self::Blocking(..) | Self::Reports(..) | Self::Report(..) | Self::DbHistory(..) => {
                return None;
            }
        };
        Some(Observation { at, stream, result })
    }

    /// The feed, scope and time of a scope's successful result: what the timeline reads once
    /// the result is in its feed. `None` for a failure and for the feeds of one resource, which
    /// bring no events.
    pub fn observed(&self) -> Option<(FeedName, &Scope, Timestamp)> {
        fn at<T>(result: &FeedResult<T>) -> Option<Timestamp> {
            result.as_ref().ok().map(|snapshot| snapshot.fetched_at)
        }
        let (feed, scope, when) = match self {
            Self::Fleet(scope, r) => (FeedName::Fleet, scope, at(r)),
            Self::Metrics(scope, r) => (FeedName::Metrics, scope, at(r)),
            Self::Alarms(scope, r) => (FeedName::Alarms, scope, at(r)),
            Self::Groups(scope, r) => (FeedName::Groups, scope, at(r)),
            Self::Events(scope, r) => (FeedName::Events, scope, at(r)),
            _ => return None,
        };
        when.map(|when| (feed, scope, when))
    }

    pub fn kind(&self) -> FeedKind {
        match self {
            Self::Fleet(..) => FeedKind::Fleet,
            Self::Metrics(..) | Self::DbHistory(..) => FeedKind::Metrics,
            Self::Alarms(..) | Self::AlarmHistory(..) => FeedKind::Alarms,
            Self::Groups(..) => FeedKind::Groups,
            Self::Events(..) => FeedKind::Events,
            Self::Performance(..) | Self::SqlDetail(..) | Self::Blocking(..) | Self::Reports(..) | Self::Report(..) => {
                FeedKind::Performance
            }
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
    /// Point the Performance Insights poller at an instance, window and slice (or at nothing).
    FocusPerformance(Option<PiQuery>),
    /// Fetch one alarm's history once (its detail view opened).
    FetchAlarmHistory(ResourceKey),
    /// Fetch one DB instance's metrics over a window past the hour once (its detail view
    /// opened, the window changed, or a refresh).
    FetchDbHistory(ResourceKey, Window),
    /// Fetch one statement in full once (its detail view opened): the query, the digest id.
    FetchSqlDetail(PiQuery, String),
    /// Fetch the focus's blocking tree once (its view opened).
    FetchBlocking(PiQuery),
    /// Fetch an instance's analysis reports (their view opened, or a report run moved on).
    FetchReports(ResourceKey),
    /// Fetch one analysis report of an instance.
    FetchReport(ResourceKey, String),
    /// Switch to a theme by name.
    SetTheme(String),
    /// Move the replay clock (and poll every feed at the new time).
    Replay(ReplayAction),
    /// Keep an operator's note: in the recording (when recording) and the audit log. It is on
    /// the timeline already.
    Note {
        at: Timestamp,
        who: String,
        text: String,
    },
    /// Run a confirmed plan as run `id`.
    StartRun {
        id: u64,
        plan: Box<Plan>,
    },
}

/// The terminal input task: reads the terminal's events and sends them to the console until the
/// terminal or the console goes away, and logs which. When it ends, the input channel closes
/// and the console's loop ends with it (a dropped SSH session leaves no process behind).
pub fn read_terminal(tx: tokio::sync::mpsc::UnboundedSender<crossterm::event::Event>) -> tokio::task::JoinHandle<()> {
    use futures_util::StreamExt;
    tokio::spawn(async move {
        let mut stream = crossterm::event::EventStream::new();
        let why = loop {
            match stream.next().await {
                Some(Ok(event)) => {
                    if tx.send(event).is_err() {
                        break "the console stopped listening".to_owned();
                    }
                }
                Some(Err(error)) => break format!("reading the terminal failed: {error}"),
                None => break "the terminal closed".to_owned(),
            }
        };
        tracing::info!("terminal input stopped: {why}");
    })
}
