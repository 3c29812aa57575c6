//! Failover readiness for the console's rows: the failover runbook's preconditions on the data
//! as fetched (`runbook::readiness`), as of the scope's latest fleet or metrics snapshot.
//!
//! Judging a target plans its runbook file, so it is done once per change of what it read: a
//! scope's targets are judged again when any scope's fleet changes (a DR replica's source may be
//! elsewhere), and only those whose judgement read metrics or the clock (replica lag, say) when
//! the scope's metrics change. The Fleet and Replication rows read the same judgements.

use std::collections::BTreeMap;

use crate::cloud::model::{DbFleet, IdMap, Metrics, ResourceKey, Scope, Timestamp};
use crate::feed::{Feed, Feeds, Stamp};
use crate::judging::Thresholds;
use crate::posture::{Outcome, Policy, Posture, RuleId};
use crate::runbook::fleet::{FleetView, Reads};
use crate::runbook::readiness::{self, Judged, Readiness};

/// Every failover target's readiness, per scope, with what it was judged from.
#[derive(Debug, Clone, Default)]
pub struct ReadinessCache {
    thresholds: Option<Box<Thresholds>>,
    by_scope: BTreeMap<Scope, ScopeReadiness>,
}

/// One scope's failover targets' readiness.
#[derive(Debug, Clone, Default)]
pub struct ScopeReadiness {
    /// Every scope's fleet stamp, and this scope's metrics stamp, when judged.
    fleets: Vec<Stamp>,
    metrics: Stamp,
    clusters: IdMap<Judged>,
    instances: IdMap<Judged>,
}

impl ScopeReadiness {
    fn put(&mut self, judged: Vec<Judged>) {
        for j in judged {
            let map = if j.cluster { &mut self.clusters } else { &mut self.instances };
            map.insert(j.readiness.target.id.clone(), j);
        }
    }

    /// The readiness of a cluster (`cluster`) or DB instance of the scope, as `ReadinessCache::get`.
    pub fn get(&self, cluster: bool, id: &str) -> Option<&Readiness> {
        self.judged(cluster, id).map(|j| &j.readiness)
    }

    fn moving(&self, cluster: bool, id: &str) -> bool {
        self.judged(cluster, id).is_some_and(|j| j.moving)
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
            self.thresholds = Some(Box::new(thresholds.clone()));
        }
        self.by_scope.retain(|scope, _| fleet.get(scope).is_some());
        let fleets = fleet.stamps();
        let (groups, alarms) = (Feeds::default(), Feeds::default());
        let reads = Reads::default();
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
            let entry = self.by_scope.entry(scope.clone()).or_default();
            let stamp = metrics.stamp(scope);
            if entry.fleets != fleets {
                *entry = ScopeReadiness { fleets: fleets.clone(), metrics: stamp, ..ScopeReadiness::default() };
                entry.put(readiness::of_scope(&view, scope, |_, _| true));
            } else if entry.metrics != stamp {
                entry.metrics = stamp;
                let again = readiness::of_scope(&view, scope, |cluster, id| entry.moving(cluster, id));
                entry.put(again);
            }
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
