//! Failover readiness for the console's rows: the failover runbook's preconditions on the data
//! as fetched (`runbook::readiness`), as of the scope's latest fleet or metrics snapshot, so a
//! row judged twice on the same data reads the same.

use crate::cloud::model::{Alarm, DbFleet, Metrics, ResourceKey, ScalingGroup, Scope, Timestamp};
use crate::feed::{Feed, Feeds};
use crate::judging::Thresholds;
use crate::posture::{Outcome, Policy, Posture, RuleId};
use crate::runbook::fleet::FleetView;
use crate::runbook::readiness::{self, Readiness};

/// What readiness reads: the fleet and metrics feeds and the thresholds.
#[derive(Debug)]
pub struct Preflight<'a> {
    pub fleet: &'a Feeds<DbFleet>,
    pub metrics: &'a Feeds<Metrics>,
    pub thresholds: &'a Thresholds,
    /// Planners read groups and alarms too, a failover does not.
    groups: Feeds<Vec<ScalingGroup>>,
    alarms: Feeds<Vec<Alarm>>,
}

impl<'a> Preflight<'a> {
    pub fn new(fleet: &'a Feeds<DbFleet>, metrics: &'a Feeds<Metrics>, thresholds: &'a Thresholds) -> Self {
        Self { fleet, metrics, thresholds, groups: Feeds::default(), alarms: Feeds::default() }
    }

    /// The time readiness is judged at in a scope: its newest fleet or metrics snapshot.
    fn now(&self, scope: &Scope) -> Option<Timestamp> {
        let fleet = self.fleet.get(scope).and_then(Feed::snapshot).map(|s| s.fetched_at);
        let metrics = self.metrics.get(scope).and_then(Feed::snapshot).map(|s| s.fetched_at);
        fleet.max(metrics)
    }

    /// The readiness of `key`, or None when no failover runbook applies to it.
    pub fn readiness(&self, key: &ResourceKey) -> Option<Readiness> {
        let view = FleetView {
            fleet: self.fleet,
            metrics: self.metrics,
            groups: &self.groups,
            alarms: &self.alarms,
            thresholds: self.thresholds,
            busy: &[],
            now: self.now(&key.scope),
        };
        readiness::readiness(&view, key)
    }

    /// Adds `key`'s readiness to its posture, as `opsdeck check` does, and returns it.
    pub fn record(&self, posture: &mut Posture, policy: &Policy<'_>, key: &ResourceKey) -> Option<Readiness> {
        let readiness = self.readiness(key);
        if let Some(message) = readiness.as_ref().and_then(Readiness::message) {
            policy.record(posture, RuleId::FailoverNotReady, Outcome::fail(RuleId::FailoverNotReady, message));
            posture.sort();
        }
        readiness
    }
}
