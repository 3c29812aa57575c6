//! The replay backend: an `Inventory` over a recording. Every read is answered with the
//! recorded state at the replay clock's time (`ReplayClock`, which is this backend's clock),
//! so the console, its pollers and its tabs run on a recording as they ran live. Nothing is
//! written: a replay's `Operations` is `cloud::ReadOnly`.

mod clock;
pub(crate) mod cursor;
pub(crate) mod index;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

pub use clock::{PlayState, ReplayClock, SPEEDS};
use cursor::Cursor;

use crate::cloud::model::{
    Alarm, AlarmHistoryItem, Blocking, DbEvent, DbFleet, DbSnapshot, IdMap, MetricTargets, Metrics, Performance,
    PiQuery, ResourceKey, ScalingGroup, Scope, SnapshotKind, SqlDetail,
};
use crate::cloud::{Clock, CloudError, CloudFuture, Inventory};

use super::envelope::{FeedName, Payload, Stream};
use super::file::ReadError;
use super::line::Header;

/// A recording, replayed.
#[derive(Debug)]
pub struct Replay {
    header: Header,
    clock: Arc<ReplayClock>,
    cursor: Mutex<Cursor>,
    /// The warning about a torn last record, for the console to show.
    pub torn: Option<String>,
}

impl Replay {
    /// Opens a recording; the clock starts once every feed has its first record, playing at ×1.
    pub fn open(path: &Path) -> Result<Self, ReadError> {
        let (header, mut cursor) = Cursor::open(path)?;
        let clock = Arc::new(ReplayClock::new(cursor.first, cursor.last));
        clock.seek(cursor.ready);
        let torn = cursor.torn.take();
        Ok(Self { header, clock, cursor: Mutex::new(cursor), torn })
    }

    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The clock, for the keys that move it.
    pub fn replay_clock(&self) -> Arc<ReplayClock> {
        Arc::clone(&self.clock)
    }

    /// The recorded data of a stream at the clock's time.
    fn read(&self, stream: &Stream) -> Result<Payload, CloudError> {
        let mut cursor = self.cursor.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let now = self.clock.now();
        let decoder = cursor.at(now).map_err(|e| CloudError::Other { message: e.to_string() })?;
        match decoder.current(stream) {
            Some(Ok(data)) => Ok(data.clone()),
            Some(Err(error)) => Err(error.clone()),
            None => Err(CloudError::Other { message: format!("nothing recorded yet at {}", now.format("%H:%M:%S")) }),
        }
    }
}

fn wrong() -> CloudError {
    CloudError::Other { message: "the recording holds other data for this feed".to_owned() }
}

/// Keeps the series of the targets only (the same maps when that is all of them).
pub fn targeted(metrics: Metrics, targets: &MetricTargets) -> Metrics {
    let all = metrics.db.keys().all(|id| targets.instances.contains(id))
        && metrics.group_cpu.keys().all(|g| targets.groups.contains(g));
    if all {
        return metrics;
    }
    let db: IdMap<_> = metrics
        .db
        .iter()
        .filter(|(id, _)| targets.instances.contains(id))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let groups: HashMap<_, _> = metrics
        .group_cpu
        .iter()
        .filter(|(g, _)| targets.groups.contains(g))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Metrics::new(db, groups)
}

impl Inventory for Replay {
    fn label(&self) -> String {
        "REPLAY".to_owned()
    }

    fn scopes(&self) -> Vec<Scope> {
        self.header.scopes.clone()
    }

    fn clock(&self) -> Arc<dyn Clock> {
        Arc::clone(&self.clock) as Arc<dyn Clock>
    }

    fn db_fleet<'a>(&'a self, scope: &'a Scope) -> CloudFuture<'a, DbFleet> {
        Box::pin(async move {
            match self.read(&Stream::scoped(FeedName::Fleet, scope.clone()))? {
                Payload::Fleet(fleet) => Ok(fleet),
                _ => Err(wrong()),
            }
        })
    }

    fn metrics<'a>(&'a self, scope: &'a Scope, targets: &'a MetricTargets) -> CloudFuture<'a, Metrics> {
        Box::pin(async move {
            match self.read(&Stream::scoped(FeedName::Metrics, scope.clone()))? {
                Payload::Metrics(metrics) => Ok(targeted(metrics, targets)),
                _ => Err(wrong()),
            }
        })
    }

    fn alarms<'a>(&'a self, scope: &'a Scope) -> CloudFuture<'a, Vec<Alarm>> {
        Box::pin(async move {
            match self.read(&Stream::scoped(FeedName::Alarms, scope.clone()))? {
                Payload::Alarms(alarms) => Ok(alarms),
                _ => Err(wrong()),
            }
        })
    }

    fn scaling_groups<'a>(&'a self, scope: &'a Scope) -> CloudFuture<'a, Vec<ScalingGroup>> {
        Box::pin(async move {
            match self.read(&Stream::scoped(FeedName::Groups, scope.clone()))? {
                Payload::Groups(groups) => Ok(groups),
                _ => Err(wrong()),
            }
        })
    }

    fn db_events<'a>(&'a self, scope: &'a Scope) -> CloudFuture<'a, Vec<DbEvent>> {
        Box::pin(async move {
            match self.read(&Stream::scoped(FeedName::Events, scope.clone())) {
                Ok(Payload::Events(events)) => Ok(events),
                Ok(_) => Err(wrong()),
                // A recording made before events were a feed has none: an empty list, not a failure.
                Err(CloudError::Other { .. }) => Ok(Vec::new()),
                Err(error) => Err(error),
            }
        })
    }

    /// The Performance Insights answer recorded for the instance, whatever view was asked for
    /// (the recording holds the views the console had on screen).
    fn performance<'a>(&'a self, query: &'a PiQuery) -> CloudFuture<'a, Performance> {
        let instance = &query.instance;
        Box::pin(async move {
            match self.read(&Stream::of(FeedName::Performance, instance)) {
                Ok(Payload::Performance(performance)) => Ok(*performance),
                Ok(_) => Err(wrong()),
                Err(CloudError::Other { .. }) => Err(CloudError::NotFound {
                    what: format!("Performance Insights of {instance}: not recorded at this time"),
                }),
                Err(error) => Err(error),
            }
        })
    }

    fn blocking<'a>(&'a self, query: &'a PiQuery) -> CloudFuture<'a, Blocking> {
        Box::pin(async move {
            Err(CloudError::NotFound { what: format!("blocking of {}: a replay does not record it", query.instance) })
        })
    }

    fn sql_detail<'a>(&'a self, query: &'a PiQuery, sql_id: &'a str) -> CloudFuture<'a, SqlDetail> {
        Box::pin(async move {
            Err(CloudError::NotFound {
                what: format!("statement {sql_id} of {}: a replay does not record it", query.instance),
            })
        })
    }

    fn db_snapshot<'a>(&'a self, snapshot: &'a ResourceKey, _: SnapshotKind) -> CloudFuture<'a, DbSnapshot> {
        Box::pin(async move { Err(CloudError::NotFound { what: format!("{snapshot}: a replay holds no snapshots") }) })
    }

    fn alarm_history<'a>(&'a self, alarm: &'a ResourceKey) -> CloudFuture<'a, Vec<AlarmHistoryItem>> {
        Box::pin(async move {
            match self.read(&Stream::of(FeedName::AlarmHistory, alarm)) {
                Ok(Payload::AlarmHistory(history)) => Ok(history),
                Ok(_) => Err(wrong()),
                Err(CloudError::Other { .. }) => {
                    Err(CloudError::NotFound { what: format!("the history of {alarm}: not recorded") })
                }
                Err(error) => Err(error),
            }
        })
    }
}
