//! Failover readiness in the report: the failover runbook's preconditions run on what was
//! fetched (`runbook::readiness`, the planner's own code, no I/O), each target that is not ready
//! a `failover-not-ready` finding on that resource.

use crate::cloud::model::{Alarm, DbFleet, Metrics, ScalingGroup};
use crate::feed::{Feeds, Snapshot};
use crate::judging::Thresholds;
use crate::posture::{Assessed, Outcome, Policy, RuleId};
use crate::runbook::fleet::FleetView;
use crate::runbook::readiness;

use super::Fetched;

/// Adds each failover target's readiness to its resource's posture.
pub fn add(fetched: &Fetched, policy: Policy<'_>, thresholds: &Thresholds, assessed: &mut [Assessed]) {
    let scopes: Vec<_> = fetched.scopes.iter().map(|(s, _)| s.clone()).collect();
    let (mut fleet, mut metrics) = (Feeds::<DbFleet>::new(&scopes), Feeds::<Metrics>::new(&scopes));
    let at = fetched.at;
    for (scope, data) in &fetched.scopes {
        if let Some(f) = &data.fleet {
            fleet.apply(scope.clone(), Ok(Snapshot { data: f.clone(), fetched_at: at }));
        }
        if let Some(m) = &data.metrics {
            metrics.apply(scope.clone(), Ok(Snapshot { data: m.clone(), fetched_at: at }));
        }
    }
    let groups = Feeds::<Vec<ScalingGroup>>::default();
    let alarms = Feeds::<Vec<Alarm>>::default();
    let view = FleetView {
        fleet: &fleet,
        metrics: &metrics,
        groups: &groups,
        alarms: &alarms,
        thresholds,
        busy: &[],
        now: Some(at),
        reads: None,
    };
    for r in readiness::all(&view) {
        let Some(message) = r.message() else { continue };
        if let Some(resource) = assessed.iter_mut().find(|a| a.key == r.target) {
            policy.record(
                &mut resource.posture,
                RuleId::FailoverNotReady,
                Outcome::fail(RuleId::FailoverNotReady, message),
            );
            resource.posture.sort();
        }
    }
}
