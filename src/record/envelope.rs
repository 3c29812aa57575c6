//! The record envelope: one feed result for one scope at one time (`Observation`), or an
//! audit entry, or an operator note (`Entry`). This is the unit a recording stores and the
//! unit a hub publishes; the file format (`line`) only encodes it compactly.

use serde::{Deserialize, Serialize};

use crate::cloud::CloudError;
use crate::cloud::model::{
    Alarm, AlarmHistoryItem, DbEvent, DbFleet, Metrics, Performance, ResourceKey, ScalingGroup, Scope, Timestamp,
};

/// Which feed a record belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeedName {
    Fleet,
    Metrics,
    Alarms,
    Groups,
    Performance,
    AlarmHistory,
    Events,
}

/// One feed of one scope (and, for Performance Insights and alarm history, one resource in
/// it): what a run of records describes over time.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Stream {
    pub feed: FeedName,
    pub scope: Scope,
    /// The resource, for feeds of one resource (PI: the instance; history: the alarm).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

impl Stream {
    pub fn scoped(feed: FeedName, scope: Scope) -> Self {
        Self { feed, scope, id: None }
    }

    pub fn of(feed: FeedName, key: &ResourceKey) -> Self {
        Self { feed, scope: key.scope.clone(), id: Some(key.id.clone()) }
    }

    /// The resource a one-resource stream is about.
    pub fn key(&self) -> Option<ResourceKey> {
        self.id.as_ref().map(|id| ResourceKey::new(self.scope.clone(), id.clone()))
    }
}

/// What a feed delivered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "feed", content = "data", rename_all = "snake_case")]
pub enum Payload {
    Fleet(DbFleet),
    Metrics(Metrics),
    Alarms(Vec<Alarm>),
    Groups(Vec<ScalingGroup>),
    /// Boxed: it is several times the size of the others.
    Performance(Box<Performance>),
    AlarmHistory(Vec<AlarmHistoryItem>),
    /// A scope's recent RDS events, oldest first (recorded as what was added).
    Events(Vec<DbEvent>),
}

impl Payload {
    pub fn feed(&self) -> FeedName {
        match self {
            Self::Fleet(_) => FeedName::Fleet,
            Self::Metrics(_) => FeedName::Metrics,
            Self::Alarms(_) => FeedName::Alarms,
            Self::Groups(_) => FeedName::Groups,
            Self::Performance(_) => FeedName::Performance,
            Self::AlarmHistory(_) => FeedName::AlarmHistory,
            Self::Events(_) => FeedName::Events,
        }
    }
}

/// What a feed delivered, borrowed from the poll result that holds it: what the timeline reads
/// of a result as it is applied, without the copy an owned `Payload` would take.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PayloadRef<'a> {
    Fleet(&'a DbFleet),
    Metrics(&'a Metrics),
    Alarms(&'a [Alarm]),
    Groups(&'a [ScalingGroup]),
    Events(&'a [DbEvent]),
    /// The feeds of one resource (PI, alarm history), which bring no events.
    Resource,
}

impl<'a> PayloadRef<'a> {
    pub fn of(payload: &'a Payload) -> Self {
        match payload {
            Payload::Fleet(f) => Self::Fleet(f),
            Payload::Metrics(m) => Self::Metrics(m),
            Payload::Alarms(a) => Self::Alarms(a),
            Payload::Groups(g) => Self::Groups(g),
            Payload::Events(e) => Self::Events(e),
            Payload::Performance(_) | Payload::AlarmHistory(_) => Self::Resource,
        }
    }
}

/// A feed result for a scope at a time: the data, or why there was none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Observation {
    /// When it was fetched (or failed), on the backend's clock.
    pub at: Timestamp,
    pub stream: Stream,
    pub result: Result<Payload, CloudError>,
}

/// Everything a recording holds, in the order it happened.
// Nearly every entry is an observation: boxing it would cost an allocation per entry to save
// space on the rare audit lines and notes.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "entry", rename_all = "snake_case")]
pub enum Entry {
    /// A feed result.
    Observed(Observation),
    /// One line of the audit log, as it was written (with its chain link).
    Audit { at: Timestamp, line: serde_json::Value },
    /// A note an operator typed.
    Note { at: Timestamp, who: String, text: String },
}

impl Entry {
    pub fn at(&self) -> Timestamp {
        match self {
            Self::Observed(o) => o.at,
            Self::Audit { at, .. } | Self::Note { at, .. } => *at,
        }
    }
}
