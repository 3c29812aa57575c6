//! What the Fleet and Replication rows are derived from that costs the most, kept per scope
//! until that scope's data changes: each scope's Fleet rows (postures judged, readiness
//! recorded), every failover target's readiness, and the Replication rows with where each
//! stands (kept while no fleet changed). A minute's metrics of one region rebuild that region's
//! rows; the other regions' rows are reused as they are. A fleet that changed judges again the
//! postures of the instances that changed (or whose ages the clock moved), not every instance.
//!
//! A scope's Fleet rows are keyed by its fleet's and metrics' stamps (`feed::Stamp`), what its
//! alarms watch, and the version of its failover readiness; so rows are as of their scope's last
//! change of data: a poll that brings the same data again only moves its time and rebuilds
//! nothing, and another region's new fleet rebuilds them only when it changed their readiness.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::cloud::model::{Alarm, DbFleet, Metrics, Scope};
use crate::feed::{Feed, Feeds, Stamp};
use crate::judging::Thresholds;
use crate::posture::PostureSettings;
use crate::posture::alarms::watches;

use super::failover::{ReadinessCache, ScopeReadiness};
use super::rows::{FixedPostures, FleetRow, Inputs, ReplicationRow, Slot, layout, readings, scope_fleet_rows};
use crate::parallel::threads_for;

/// Every scope's Fleet rows, a scope at a time in the scopes' order, and how many rows each
/// scope has (what the Overview orders its cells by without comparing scopes).
#[derive(Debug, Clone, Default)]
pub struct FleetRows {
    pub rows: Vec<Arc<FleetRow>>,
    pub per_scope: Vec<usize>,
}

/// The rows and judgements kept between rebuilds. Two caches compare equal: what a state
/// holds does not depend on what it kept to get there faster.
#[derive(Debug, Clone, Default)]
pub struct RowCache {
    ready: ReadinessCache,
    judged_by: Option<Box<(Thresholds, PostureSettings)>>,
    fleet: BTreeMap<Scope, ScopeRows>,
    /// Boxed: there is one, and `State` is moved whole.
    replication: Option<Box<Replication>>,
}

impl PartialEq for RowCache {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

#[derive(Debug, Clone)]
struct ScopeRows {
    /// What the rows were built from.
    from: Built,
    rows: Vec<Arc<FleetRow>>,
    /// The postures that read no metrics, as of the same fleet and what its alarms watch.
    fixed: FixedPostures,
}

impl ScopeRows {
    fn build(
        scope: &Scope,
        snapshot: &crate::feed::Snapshot<DbFleet>,
        inputs: &Inputs<'_>,
        from: Built,
        mut fixed: FixedPostures,
    ) -> Self {
        let rows = scope_fleet_rows(scope, snapshot, inputs, &mut fixed);
        Self { from, rows, fixed }
    }
}

/// What a scope's Fleet rows were built from: its fleet, its readiness version (see
/// `ScopeReadiness::version`), its metrics, and what its alarms watch.
#[derive(Debug, Clone, Copy)]
struct Built {
    fleet: Stamp,
    ready: u64,
    metrics: Stamp,
    watched: Watched,
}

/// What a scope's alarms watch (`posture::alarms::watches`; none when not fetched), as of
/// their feed's stamp. The rows read no alarm's state: alarms that only changed state (at ten
/// thousand instances, some do every minute) leave the rows and their postures as they were.
#[derive(Debug, Clone, Copy)]
struct Watched {
    stamp: Stamp,
    digest: Option<u64>,
}

impl Built {
    fn same(&self, other: &Self) -> bool {
        (self.fleet, self.ready, self.metrics, self.watched.digest)
            == (other.fleet, other.ready, other.metrics, other.watched.digest)
    }
}

impl Watched {
    /// The scope's, taken from `kept` when its alarms are those `kept` was taken of.
    fn of(alarms: &Feeds<Vec<Alarm>>, scope: &Scope, kept: Option<&Self>) -> Self {
        let stamp = alarms.stamp(scope);
        let digest = match kept {
            Some(kept) if kept.stamp == stamp => kept.digest,
            _ => alarms.get(scope).and_then(Feed::data).map(|a| watches(a)),
        };
        Self { stamp, digest }
    }
}

impl RowCache {
    /// Every scope's Fleet rows (see `rows::fleet_rows`), rebuilt only for the scopes whose
    /// data changed since the last call.
    pub fn fleet_rows(
        &mut self,
        fleet: &Feeds<DbFleet>,
        metrics: &Feeds<Metrics>,
        alarms: &Feeds<Vec<Alarm>>,
        judged_by: (&Thresholds, &PostureSettings),
    ) -> FleetRows {
        self.judge_by(judged_by);
        self.ready.refresh(fleet, metrics, judged_by.0);
        fleet_rows(&mut self.fleet, &self.ready, (fleet, metrics, alarms), judged_by)
    }

    /// Every Replication row (see `rows::replication_rows`), with the readiness kept: while
    /// no fleet changed, the rows stand where they stood, and only those of the scopes whose
    /// metrics changed are judged again.
    pub fn replication_rows(
        &mut self,
        fleet: &Feeds<DbFleet>,
        metrics: &Feeds<Metrics>,
        t: &Thresholds,
    ) -> Vec<Arc<ReplicationRow>> {
        self.ready.refresh(fleet, metrics, t);
        replication_rows(&mut self.replication, &self.ready, fleet, metrics, t)
    }

    /// `fleet_rows` and `replication_rows` of the same feeds; from `PARALLEL_FROM` instances on
    /// a machine with more than one core, the Replication rows are built on a second thread
    /// while this one builds the Fleet rows (their readiness judged once, before either).
    pub fn fleet_and_replication_rows(
        &mut self,
        fleet: &Feeds<DbFleet>,
        metrics: &Feeds<Metrics>,
        alarms: &Feeds<Vec<Alarm>>,
        judged_by: (&Thresholds, &PostureSettings),
    ) -> (FleetRows, Vec<Arc<ReplicationRow>>) {
        let t = judged_by.0;
        self.judge_by(judged_by);
        self.ready.refresh(fleet, metrics, t);
        let Self { ready, fleet: kept, replication, .. } = self;
        let ready = &*ready;
        let mut build_fleet = || fleet_rows(kept, ready, (fleet, metrics, alarms), judged_by);
        let mut build_replication = || replication_rows(replication, ready, fleet, metrics, t);
        let instances = fleet.data().map(|(_, data)| data.instances.len()).sum();
        if threads_for(instances) < 2 {
            return (build_fleet(), build_replication());
        }
        std::thread::scope(|s| {
            let other = s.spawn(build_replication);
            let rows = build_fleet();
            // Building rows does not panic; were it to, it is raised here as it would be inline.
            (rows, other.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
        })
    }

    /// Forgets the Fleet rows judged by other thresholds or posture settings than these.
    fn judge_by(&mut self, (t, settings): (&Thresholds, &PostureSettings)) {
        if self.judged_by.as_deref().is_none_or(|(th, s)| th != t || s != settings) {
            self.fleet.clear();
            self.judged_by = Some(Box::new((t.clone(), settings.clone())));
        }
    }
}

/// Every scope's Fleet rows from the feeds, reusing the scopes' rows in `held` whose data did
/// not change, and keeping the new ones there; `ready` is refreshed for the same feeds.
fn fleet_rows(
    held: &mut BTreeMap<Scope, ScopeRows>,
    ready: &ReadinessCache,
    (fleet, metrics, alarms): (&Feeds<DbFleet>, &Feeds<Metrics>, &Feeds<Vec<Alarm>>),
    (t, settings): (&Thresholds, &PostureSettings),
) -> FleetRows {
    let inputs = Inputs { metrics, alarms, t, settings, ready };
    let mut all = FleetRows::default();
    let mut kept = BTreeMap::new();
    for (scope, feed) in fleet.iter() {
        let Some(snapshot) = feed.snapshot() else { continue };
        let before = held.remove(scope);
        let watched = Watched::of(alarms, scope, before.as_ref().map(|b| &b.from.watched));
        let version = ready.scope(scope).map_or(0, ScopeReadiness::version);
        let from = Built { fleet: fleet.stamp(scope), ready: version, metrics: metrics.stamp(scope), watched };
        let rows = match before {
            Some(rows) if rows.from.same(&from) => ScopeRows { from, ..rows },
            // Its fleet and alarms as they were: only the health rules and readiness again.
            Some(ScopeRows { from: was, fixed, .. })
                if (was.fleet, was.watched.digest) == (from.fleet, watched.digest) =>
            {
                ScopeRows::build(scope, snapshot, &inputs, from, fixed)
            }
            // Its fleet changed: the instances that did not keep their postures.
            Some(ScopeRows { from: was, fixed, .. }) if was.watched.digest == watched.digest => {
                ScopeRows::build(scope, snapshot, &inputs, from, fixed.renewed())
            }
            _ => ScopeRows::build(scope, snapshot, &inputs, from, FixedPostures::default()),
        };
        all.rows.extend(rows.rows.iter().cloned());
        all.per_scope.push(rows.rows.len());
        kept.insert(scope.clone(), rows);
    }
    *held = kept;
    all
}

/// Every Replication row from the feeds, from the rows in `held` while no fleet changed, and
/// kept there; `ready` is refreshed for the same feeds.
fn replication_rows(
    held: &mut Option<Box<Replication>>,
    ready: &ReadinessCache,
    fleet: &Feeds<DbFleet>,
    metrics: &Feeds<Metrics>,
    t: &Thresholds,
) -> Vec<Arc<ReplicationRow>> {
    let scopes = readings(fleet, metrics, ready);
    let stamps: Vec<Stamp> = scopes.iter().map(|reading| metrics.stamp(reading.scope)).collect();
    let kept = held.take().filter(|k| k.fleets == fleet.stamps() && k.thresholds == *t);
    let replication = if let Some(mut kept) = kept {
        for (slot, row) in kept.slots.iter().zip(&mut kept.rows) {
            if kept.metrics[slot.scope] != stamps[slot.scope]
                && let Some(changed) = slot.changed(row, &scopes, t)
            {
                *row = Arc::new(changed);
            }
        }
        kept.metrics = stamps;
        kept
    } else {
        let slots = layout(fleet);
        let rows = slots.iter().map(|slot| Arc::new(slot.row(&scopes, t))).collect();
        Box::new(Replication { fleets: fleet.stamps(), thresholds: t.clone(), metrics: stamps, slots, rows })
    };
    let rows = replication.rows.clone();
    *held = Some(replication);
    rows
}

/// The Replication rows as of every scope's fleet and the thresholds: where each row stands,
/// and the row as of its scope's metrics.
#[derive(Debug, Clone)]
struct Replication {
    fleets: Vec<Stamp>,
    thresholds: Thresholds,
    /// The metrics stamp of each scope with a fleet, in the slots' scope order.
    metrics: Vec<Stamp>,
    slots: Vec<Slot>,
    rows: Vec<Arc<ReplicationRow>>,
}
