//! Deltas: what changed in a feed's data since the last record of the same stream, so that a
//! recording stores changes, not the whole fleet at every poll. Each delta is checked when it
//! is made: applied to the old data it must give the new data exactly, or the data is
//! recorded whole instead.

pub mod events;
pub mod list;
pub mod metrics;
pub mod series;
pub mod tick;

use serde::{Deserialize, Serialize};

use crate::cloud::model::{Alarm, DbCluster, DbFleet, DbInstance, Metrics, ScalingGroup};

use super::envelope::Payload;
pub use events::EventsDelta;
pub use list::ListDelta;
pub use metrics::MetricsDelta;

/// A change to one stream's data. Read with its feed first (see `record::tagged`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "feed", rename_all = "snake_case")]
pub enum Change {
    Fleet {
        instances: ListDelta<DbInstance>,
        clusters: ListDelta<DbCluster>,
    },
    Metrics(MetricsDelta),
    Alarms(ListDelta<Alarm>),
    Groups(ListDelta<ScalingGroup>),
    /// Append-only: the events added, and how many of the oldest went.
    Events(EventsDelta),
}

crate::record::tagged::deserialize_tagged!(Change, "feed", "a change to a feed's data", {
    "fleet" => |t| t.fields::<FleetChange>().map(|f| Change::Fleet { instances: f.instances, clusters: f.clusters }),
    "metrics" => |t| t.fields().map(Change::Metrics),
    "alarms" => |t| t.fields().map(Change::Alarms),
    "groups" => |t| t.fields().map(Change::Groups),
    "events" => |t| t.fields().map(Change::Events),
});

/// The fields of a fleet's change, after its `feed`.
#[derive(Deserialize)]
struct FleetChange {
    instances: ListDelta<DbInstance>,
    clusters: ListDelta<DbCluster>,
}

/// How new data compares with the last recorded.
#[derive(Debug, Clone, PartialEq)]
pub enum Diff {
    Same,
    Change(Change),
    /// Record it whole (no delta for this feed, or none that rebuilds it).
    Whole,
}

fn instance(i: &DbInstance) -> &str {
    &i.id
}
fn cluster(c: &DbCluster) -> &str {
    &c.id
}
fn alarm(a: &Alarm) -> &str {
    &a.name
}
fn group(g: &ScalingGroup) -> &str {
    &g.name
}

/// What to record for `new`, given the last data recorded of its stream.
pub fn diff(old: &Payload, new: &Payload) -> Diff {
    let list = |delta: Option<Change>| delta.map_or(Diff::Whole, Diff::Change);
    match (old, new) {
        (Payload::Fleet(o), Payload::Fleet(n)) if o == n => Diff::Same,
        (Payload::Fleet(o), Payload::Fleet(n)) => {
            let instances = list::diff(&o.instances, &n.instances, instance);
            let clusters = list::diff(&o.clusters, &n.clusters, cluster);
            list(instances.zip(clusters).map(|(instances, clusters)| Change::Fleet { instances, clusters }))
        }
        (Payload::Metrics(o), Payload::Metrics(n)) => {
            metrics::diff(o, n).map_or(Diff::Same, |d| Diff::Change(Change::Metrics(d)))
        }
        (Payload::Alarms(o), Payload::Alarms(n)) if o == n => Diff::Same,
        (Payload::Alarms(o), Payload::Alarms(n)) => list(list::diff(o, n, alarm).map(Change::Alarms)),
        (Payload::Groups(o), Payload::Groups(n)) if o == n => Diff::Same,
        (Payload::Groups(o), Payload::Groups(n)) => list(list::diff(o, n, group).map(Change::Groups)),
        (Payload::Events(o), Payload::Events(n)) if o == n => Diff::Same,
        (Payload::Events(o), Payload::Events(n)) => Diff::Change(Change::Events(events::diff(o, n))),
        (o, n) if o == n => Diff::Same,
        _ => Diff::Whole,
    }
}

/// The data a change makes of `old`; `None` when the change is for another feed.
pub fn apply(old: Option<&Payload>, change: Change) -> Option<Payload> {
    Some(match (old, change) {
        (old, Change::Fleet { instances, clusters }) => {
            let mut fleet = match old {
                Some(Payload::Fleet(f)) => f.clone(),
                None => DbFleet::default(),
                Some(_) => return None,
            };
            list::apply(fleet.instances_mut(), instances, instance);
            list::apply(&mut fleet.clusters, clusters, cluster);
            Payload::Fleet(fleet)
        }
        (None, Change::Metrics(d)) => Payload::Metrics(metrics::apply(&Metrics::default(), &d)?),
        (Some(Payload::Metrics(m)), Change::Metrics(d)) => Payload::Metrics(metrics::apply(m, &d)?),
        (None, Change::Alarms(d)) => Payload::Alarms(applied(Vec::new(), d, alarm)),
        (Some(Payload::Alarms(a)), Change::Alarms(d)) => Payload::Alarms(applied(a.clone(), d, alarm)),
        (None, Change::Groups(d)) => Payload::Groups(applied(Vec::new(), d, group)),
        (Some(Payload::Groups(g)), Change::Groups(d)) => Payload::Groups(applied(g.clone(), d, group)),
        (None, Change::Events(d)) => Payload::Events(events::apply(&[], &d)?),
        (Some(Payload::Events(e)), Change::Events(d)) => Payload::Events(events::apply(e, &d)?),
        _ => return None,
    })
}

fn applied<T>(mut list: Vec<T>, delta: ListDelta<T>, name: impl Fn(&T) -> &str) -> Vec<T> {
    list::apply(&mut list, delta, name);
    list
}
