//! Failover readiness: the failover runbook's preconditions run against the data now, for every
//! target one applies to, as a continuous preflight. The same planner code builds the plan a
//! failover would confirm; no I/O, and nothing runs.
//!
//! The targets are every Aurora cluster, every Multi-AZ primary and every cross-region (DR)
//! replica. A primary without Multi-AZ is no failover target (posture's `no-multi-az` says so),
//! and a same-region read replica is a read scaler, not a place to fail over to.

use crate::cloud::model::{DbInstance, DbRole, ResourceKey, Scope, replica_source};

use super::catalog;
use super::fleet::{FleetReads, FleetView};
use super::plan::{Check, Request, RunbookKind};

/// Whether the failover runbook for one target could be confirmed now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Readiness {
    pub target: ResourceKey,
    pub runbook: RunbookKind,
    /// The preconditions that fail now; empty when the failover is ready.
    pub failed: Vec<Check>,
}

impl Readiness {
    pub fn is_ready(&self) -> bool {
        self.failed.is_empty()
    }

    /// What the runbook would do, in a word or two: "promote", "fail over".
    pub fn verb(&self) -> &'static str {
        match self.runbook {
            RunbookKind::Promote => "promote",
            _ => "fail over",
        }
    }

    /// One line for a finding: "promote shop-prod-db-dr: replica lag 6m10s over 5m"; None when
    /// ready.
    pub fn message(&self) -> Option<String> {
        if self.is_ready() {
            return None;
        }
        let reasons: Vec<&str> = self.failed.iter().map(|c| c.why.as_str()).collect();
        Some(format!("{} {}: {}", self.verb(), self.target.id, reasons.join("; ")))
    }
}

/// Whether `key` is a failover target in the data: an Aurora cluster, a Multi-AZ primary or a
/// replica of a source in another region.
pub fn is_target(fleet: &FleetView<'_>, key: &ResourceKey) -> bool {
    if fleet.cluster(key).is_some() {
        return true;
    }
    fleet.instance(key).is_some_and(is_target_instance)
}

/// Whether a DB instance is a failover target: a Multi-AZ primary or a cross-region replica.
fn is_target_instance(db: &DbInstance) -> bool {
    match &db.role {
        DbRole::Primary => db.multi_az == Some(true),
        DbRole::Replica { source } => replica_source(source, &db.region).0 != db.region,
        DbRole::ClusterWriter { .. } | DbRole::ClusterReader { .. } => false,
    }
}

/// The readiness of one target, or None when no failover runbook applies to it. A run in
/// progress is not counted against it: readiness is about the data.
pub fn readiness(fleet: &FleetView<'_>, key: &ResourceKey) -> Option<Readiness> {
    is_target(fleet, key).then(|| judge(fleet, key))
}

/// The readiness of a target known to be one.
fn judge(fleet: &FleetView<'_>, key: &ResourceKey) -> Readiness {
    let mut plan = catalog::plan(fleet, &Request::Failover { target: key.clone(), reader: None });
    // The last check is "no other run in progress": not the data's fault.
    plan.checks.pop();
    let failed = plan.checks.into_iter().filter(|c| !c.ok).collect();
    Readiness { target: key.clone(), runbook: plan.runbook, failed }
}

/// One failover target of a scope as judged by `of_scope`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judged {
    /// An Aurora cluster (else a DB instance: the two are named apart).
    pub cluster: bool,
    pub readiness: Readiness,
    /// Whether judging it read metrics or the clock: if not, it holds until the fleet changes.
    pub moving: bool,
    /// What judging it read of the fleet: while a new snapshot changes none of it, it holds.
    pub read: FleetReads,
}

/// The failover targets of one scope for which `wanted(cluster, id)` holds, each judged. Whether
/// a judgement read metrics or the clock is told through `fleet.reads`, which must be set.
pub fn of_scope(fleet: &FleetView<'_>, scope: &Scope, wanted: impl Fn(bool, &str) -> bool) -> Vec<Judged> {
    of_targets(fleet, scope, targets(fleet, scope).filter(|(cluster, id)| wanted(*cluster, id)))
}

/// The same for the targets named (`true` for a cluster, and its id), which must be the
/// scope's.
pub fn of_targets<'a>(
    fleet: &FleetView<'_>,
    scope: &Scope,
    named: impl Iterator<Item = (bool, &'a String)>,
) -> Vec<Judged> {
    named
        .map(|(cluster, id)| {
            let took = |fleet: &FleetView<'_>| fleet.reads.map(|r| (r.take(), r.take_fleet())).unwrap_or_default();
            took(fleet);
            let readiness = judge(fleet, &ResourceKey::new(scope.clone(), id.clone()));
            let (moving, read) = took(fleet);
            Judged { cluster, readiness, moving, read }
        })
        .collect()
}

/// The failover targets of one scope: its clusters (`true`), then its target instances, each
/// by id, in the fleet's order.
pub fn targets<'f>(fleet: &FleetView<'f>, scope: &Scope) -> impl Iterator<Item = (bool, &'f String)> + use<'f> {
    let data = fleet.fleet.get(scope).and_then(crate::feed::Feed::data);
    let clusters = data.into_iter().flat_map(|data| data.clusters.iter().map(|c| (true, &c.id)));
    let instances = data
        .into_iter()
        .flat_map(|data| data.instances.iter().filter(|db| is_target_instance(db)).map(|db| (false, &db.id)));
    clusters.chain(instances)
}

/// Every failover target in the data, by scope: clusters, then instances, each by id.
pub fn all(fleet: &FleetView<'_>) -> Vec<Readiness> {
    let mut out = Vec::new();
    for (scope, data) in fleet.fleet.data() {
        let mut keys: Vec<ResourceKey> = data.clusters.iter().map(|c| ResourceKey::new(scope.clone(), &c.id)).collect();
        keys.sort_by(|a, b| a.id.cmp(&b.id));
        let mut instances: Vec<ResourceKey> =
            data.instances.iter().map(|i| ResourceKey::new(scope.clone(), &i.id)).collect();
        instances.sort_by(|a, b| a.id.cmp(&b.id));
        keys.extend(instances);
        out.extend(keys.iter().filter_map(|k| readiness(fleet, k)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloud::model::{Metrics, Scope};
    use crate::runbook::fixtures::{key, lag, sample};

    fn west(id: &str) -> ResourceKey {
        ResourceKey::new(Scope::region("us-west-2"), id)
    }

    #[test]
    fn the_targets_are_clusters_multi_az_primaries_and_dr_replicas() {
        let fetched = sample().fetched();
        let all = all(&fetched.view());
        let targets: Vec<(&str, RunbookKind)> = all.iter().map(|r| (r.target.id.as_str(), r.runbook)).collect();
        assert_eq!(
            targets,
            [
                ("cat", RunbookKind::ClusterFailover),
                ("main", RunbookKind::ForcedFailover),
                ("main-dr", RunbookKind::Promote)
            ],
            "not the single-AZ primary, nor cluster members"
        );
        assert!(all.iter().all(Readiness::is_ready), "{all:?}");
        assert_eq!(readiness(&fetched.view(), &key("single")), None);
        assert_eq!(readiness(&fetched.view(), &key("cat-2")), None);
    }

    #[test]
    fn a_lagging_dr_replica_is_not_ready_with_the_failed_precondition() {
        let mut fetched = sample().fetched();
        let metrics =
            Metrics::new([("main-dr".to_owned(), lag(370.0))].into_iter().collect(), std::collections::HashMap::new());
        fetched.set_metrics(Scope::region("us-west-2"), metrics);
        let r = readiness(&fetched.view(), &west("main-dr")).unwrap();
        assert!(!r.is_ready());
        assert_eq!(r.message().as_deref(), Some("promote main-dr: replica lag 6m10s over 30s"));
    }

    #[test]
    fn a_run_in_progress_is_not_a_readiness_failure() {
        let mut fetched = sample().fetched();
        fetched.busy = vec![key("main")];
        let r = readiness(&fetched.view(), &key("main")).unwrap();
        assert!(r.is_ready(), "{r:?}");
    }

    #[test]
    fn a_judgement_says_what_it_read_of_the_fleet() {
        let fetched = sample().fetched();
        let reads = super::super::fleet::Reads::default();
        let view = FleetView { reads: Some(&reads), ..fetched.view() };
        let judged = of_scope(&view, &crate::runbook::fixtures::east(), |_, _| true);
        let of = |id: &str| judged.iter().find(|j| j.readiness.target.id == id).unwrap();
        // The primary's plan looked it up; the cluster's looked up its members.
        assert!(of("main").read.resources.contains(&key("main")), "{:?}", of("main").read);
        let cat = &of("cat").read;
        assert!(cat.resources.contains(&key("cat")), "{cat:?}");
        assert!(cat.resources.len() > 1, "the cluster and its members: {cat:?}");
        // What one judgement read is not the next one's.
        assert!(!of("main").read.resources.contains(&key("cat")));

        // Looking for replicas in other regions, or through every instance, is told too.
        let main = fetched.view().instance(&key("main")).cloned().unwrap();
        let replicas: Vec<String> = view.cross_region_replicas(&main).map(|db| db.id.clone()).collect();
        assert_eq!(replicas, ["main-dr"]);
        assert_eq!(view.instances().count(), fetched.view().instances().count());
        let read = reads.take_fleet();
        assert_eq!(read.replicas_of, [("us-east-1".to_owned(), "main".to_owned())]);
        assert!(read.every);
        assert_eq!(reads.take_fleet(), super::super::fleet::FleetReads::default(), "taken");
    }
}
