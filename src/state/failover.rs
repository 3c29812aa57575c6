//! Failover readiness for the console's rows: the failover runbook's preconditions on the data
//! as fetched (`runbook::readiness`), as of the scope's latest fleet or metrics snapshot.
//!
//! Judging a target plans its runbook file, so it is done once per change of what it read. A
//! new fleet snapshot of any scope (a DR replica's source may be elsewhere) judges again the
//! targets whose plans read an instance or cluster that changed, or looked for the replicas of
//! one whose replicas changed, or went through every instance, or read metrics or the clock; a
//! scope's new metrics judge again only those that read metrics or the clock (replica lag, say).
//! The Fleet and Replication rows read the same judgements, and each scope's judgements carry
//! a version that moves only when one of them changed.

use std::collections::{BTreeMap, HashSet};

use crate::cloud::model::{DbFleet, IdMap, Metrics, ResourceKey, Scope, Timestamp};
use crate::feed::{Feed, Feeds, Stamp};
use crate::judging::Thresholds;
use crate::posture::{Outcome, Policy, Posture, RuleId};
use crate::runbook::fleet::{FleetView, Reads};
use crate::runbook::readiness::{self, Judged, Readiness};

mod changes;

use changes::Changes;

/// Every failover target's readiness, per scope, with what it was judged from.
#[derive(Debug, Clone, Default)]
pub struct ReadinessCache {
    thresholds: Option<Box<Thresholds>>,
    by_scope: BTreeMap<Scope, ScopeReadiness>,
    /// Each scope's fleet as last judged on (none while not fetched): what a new snapshot is
    /// compared with.
    judged_on: BTreeMap<Scope, Option<DbFleet>>,
    /// The last version given to a scope's judgements.
    versions: u64,
}

/// One scope's failover targets' readiness.
#[derive(Debug, Clone, Default)]
pub struct ScopeReadiness {
    /// Every scope's fleet stamp, and this scope's metrics stamp, when judged.
    fleets: Vec<Stamp>,
    metrics: Stamp,
    clusters: IdMap<Judged>,
    instances: IdMap<Judged>,
    /// The targets whose judgement read metrics or the clock (`Judged::moving`), as
    /// `readiness::targets` names them: what a scope's new metrics judge again, found without
    /// looking up every target (a few of thousands, most minutes).
    moving: Vec<(bool, String)>,
    /// Moves whenever a judgement of the scope changed (see `version`).
    version: u64,
}

impl ScopeReadiness {
    /// Puts the judgements in, and whether any differs from the one it replaced.
    fn put(&mut self, judged: Vec<Judged>) -> bool {
        let (mut changed, mut moves) = (false, false);
        for j in judged {
            let map = if j.cluster { &mut self.clusters } else { &mut self.instances };
            if let Some(held) = map.get_mut(&j.readiness.target.id) {
                changed |= held.readiness != j.readiness;
                moves |= held.moving != j.moving;
                *held = j;
            } else {
                (changed, moves) = (true, moves || j.moving);
                map.insert(j.readiness.target.id.clone(), j);
            }
        }
        if moves {
            self.find_moving();
        }
        changed
    }

    fn find_moving(&mut self) {
        let clusters = self.clusters.iter().map(|(id, j)| (true, id, j));
        let instances = self.instances.iter().map(|(id, j)| (false, id, j));
        self.moving = clusters.chain(instances).filter(|(.., j)| j.moving).map(|(c, id, _)| (c, id.clone())).collect();
    }

    /// On new fleets: the scope's targets gone dropped, the judgements that hold on them (all
    /// but what `changes` touched; none without them) kept, the others judged again; and
    /// whether any judgement changed or a target went.
    fn renew(&mut self, view: &FleetView<'_>, scope: &Scope, changes: Option<&Changes>) -> bool {
        let live: HashSet<(bool, &str)> = readiness::targets(view, scope).map(|(c, id)| (c, id.as_str())).collect();
        let held = self.clusters.len() + self.instances.len();
        self.clusters.retain(|id, _| live.contains(&(true, id.as_str())));
        self.instances.retain(|id, _| live.contains(&(false, id.as_str())));
        let gone = self.clusters.len() + self.instances.len() != held;
        if gone {
            self.find_moving();
        }
        let holds = |j: &Judged| changes.is_some_and(|c| c.holds(j));
        let again = readiness::of_scope(view, scope, |cluster, id| !self.judged(cluster, id).is_some_and(holds));
        self.put(again) || gone
    }

    /// Moves only when a judgement of the scope changed: rows built from the same version
    /// record the same readiness.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// The readiness of a cluster (`cluster`) or DB instance of the scope, as `ReadinessCache::get`.
    pub fn get(&self, cluster: bool, id: &str) -> Option<&Readiness> {
        self.judged(cluster, id).map(|j| &j.readiness)
    }

    fn judged(&self, cluster: bool, id: &str) -> Option<&Judged> {
        let map = if cluster { &self.clusters } else { &self.instances };
        map.get(id)
    }
}

/// The time readiness is judged at in a scope: its newest fleet or metrics snapshot.
fn judged_at(fleet: &Feeds<DbFleet>, metrics: &Feeds<Metrics>, scope: &Scope) -> Option<Timestamp> {
    let fleet = fleet.get(scope).and_then(Feed::snapshot).map(|s| s.fetched_at);
    let metrics = metrics.get(scope).and_then(Feed::snapshot).map(|s| s.fetched_at);
    fleet.max(metrics)
}

impl ReadinessCache {
    /// Judges again what the feeds' changes since the last call may have changed.
    pub fn refresh(&mut self, fleet: &Feeds<DbFleet>, metrics: &Feeds<Metrics>, thresholds: &Thresholds) {
        if self.thresholds.as_deref() != Some(thresholds) {
            self.by_scope.clear();
            self.judged_on.clear();
            self.thresholds = Some(Box::new(thresholds.clone()));
        }
        self.by_scope.retain(|scope, _| fleet.get(scope).is_some());
        let fleets = fleet.stamps();
        let (groups, alarms) = (Feeds::default(), Feeds::default());
        let reads = Reads::default();
        // What the new fleets changed, found once for every scope (none: everything).
        let mut news: Option<Option<Changes>> = None;
        for (scope, _) in fleet.iter() {
            let view = FleetView {
                fleet,
                metrics,
                groups: &groups,
                alarms: &alarms,
                thresholds,
                busy: &[],
                now: judged_at(fleet, metrics, scope),
                reads: Some(&reads),
            };
            let stamp = metrics.stamp(scope);
            let entry = self.by_scope.entry(scope.clone()).or_default();
            let moved = if entry.fleets != fleets {
                let since = news.get_or_insert_with(|| Changes::since(&self.judged_on, fleet));
                (entry.fleets, entry.metrics) = (fleets.clone(), stamp);
                entry.renew(&view, scope, since.as_ref())
            } else if entry.metrics != stamp {
                entry.metrics = stamp;
                // The fleets as judged on: the targets that move are still the scope's.
                let again = readiness::of_targets(&view, scope, entry.moving.iter().map(|(c, id)| (*c, id)));
                entry.put(again)
            } else {
                false
            };
            if moved {
                self.versions += 1;
                entry.version = self.versions;
            }
        }
        if news.is_some() {
            self.judged_on = fleet.iter().map(|(scope, feed)| (scope.clone(), feed.data().cloned())).collect();
        }
    }

    /// The readiness of a cluster (`cluster`) or DB instance, or None when it is no failover
    /// target (or was not judged yet).
    pub fn get(&self, scope: &Scope, cluster: bool, id: &str) -> Option<&Readiness> {
        self.by_scope.get(scope)?.get(cluster, id)
    }

    /// One scope's readiness, for rows that look up many of its targets.
    pub fn scope(&self, scope: &Scope) -> Option<&ScopeReadiness> {
        self.by_scope.get(scope)
    }

    /// `get` by key, for a target that may be either.
    pub fn of(&self, key: &ResourceKey, cluster: bool) -> Option<Readiness> {
        self.get(&key.scope, cluster, &key.id).cloned()
    }
}

/// Adds a target's readiness to its posture, as `opsdeck check` does, and returns it.
pub fn record(posture: &mut Posture, policy: &Policy<'_>, readiness: Option<Readiness>) -> Option<Readiness> {
    if let Some(message) = readiness.as_ref().and_then(Readiness::message) {
        policy.record(posture, RuleId::FailoverNotReady, Outcome::fail(RuleId::FailoverNotReady, message));
        posture.sort();
    }
    readiness
}
