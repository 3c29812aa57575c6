//! Plans built from a crafted fleet, as plain values: no console state, no I/O.

use std::collections::HashMap;

use crate::cloud::model::{DbMetric, DbSeries, IdMap, Metrics, ResourceKey, Scope, Series};

use super::catalog::{plan, snapshot_id};
use super::fixtures::{at, calls, key, lag, sample};
use super::plan::{Action, Assumption, Request, Risk, RunbookKind, Step};

#[test]
fn scaling_within_max_is_low_risk_and_beyond_max_raises_max_first() {
    let fetched = sample().fetched();
    let fleet = fetched.view();
    let within = plan(&fleet, &Request::ScaleUp { group: key("web"), target: 6 });
    assert_eq!(within.risk, Risk::Low);
    assert!(within.can_confirm());
    assert!(matches!(calls(&within)[..], [Action::SetDesiredCapacity { from: 4, to: 6, .. }]));
    assert!(within.effects.contains(&"desired 4 → 6".to_owned()));
    let beyond = plan(&fleet, &Request::ScaleUp { group: key("full"), target: 18 });
    assert_eq!(beyond.risk, Risk::High);
    assert!(matches!(
        calls(&beyond)[..],
        [Action::SetMaxSize { from: 12, to: 18, .. }, Action::SetDesiredCapacity { from: 12, to: 18, .. }]
    ));
    assert!(beyond.steps.last().unwrap().to_string().contains("timeout 15 min"));
    let down = plan(&fleet, &Request::ScaleUp { group: key("web"), target: 3 });
    assert!(!down.can_confirm(), "scale-up never scales down");
}

#[test]
fn snapshot_plans_name_the_snapshot_and_copy_to_dr_with_its_kms_key() {
    let fetched = sample().fetched();
    let fleet = fetched.view();
    let id = snapshot_id("main", at());
    assert_eq!(id, "opsdeck-main-20261127-150000");
    let plain = plan(&fleet, &Request::Snapshot { target: key("main"), snapshot_id: id.clone(), copy_to_dr: false });
    assert_eq!((plain.risk, plain.steps.len()), (Risk::Low, 2));
    let copied = plan(&fleet, &Request::Snapshot { target: key("main"), snapshot_id: id, copy_to_dr: true });
    assert!(copied.can_confirm());
    let Action::CopyDbSnapshot { target_region, kms_key_id, .. } = calls(&copied)[1] else { panic!("no copy") };
    assert_eq!(target_region, "us-west-2");
    assert_eq!(kms_key_id.as_deref(), Some("arn:aws:kms:us-west-2:123456789012:key/k"));
    let member = plan(&fleet, &Request::Snapshot { target: key("cat-2"), snapshot_id: "s".into(), copy_to_dr: false });
    assert!(matches!(calls(&member)[..], [Action::CreateClusterSnapshot { .. }]), "Aurora snapshots the cluster");
    let no_dr = plan(&fleet, &Request::Snapshot { target: key("single"), snapshot_id: "s".into(), copy_to_dr: true });
    assert!(!no_dr.can_confirm(), "no DR region to copy to");
}

#[test]
fn failover_is_chosen_by_what_the_target_is() {
    let fetched = sample().fetched();
    let fleet = fetched.view();
    let forced = plan(&fleet, &Request::Failover { target: key("main"), reader: None });
    assert_eq!((forced.runbook, forced.risk), (RunbookKind::ForcedFailover, Risk::High));
    assert!(forced.can_confirm());
    let single = plan(&fleet, &Request::Failover { target: key("single"), reader: None });
    assert!(!single.can_confirm(), "no standby");
    assert!(single.checks.iter().any(|c| !c.ok && c.why.contains("not Multi-AZ")));
    let cluster = plan(&fleet, &Request::Failover { target: key("cat"), reader: None });
    assert_eq!(cluster.runbook, RunbookKind::ClusterFailover);
    assert!(matches!(calls(&cluster)[..], [Action::FailoverCluster { target, .. }] if target == "cat-3"), "lowest lag");
    let chosen = plan(&fleet, &Request::Failover { target: key("cat-1"), reader: Some("cat-2".into()) });
    assert!(matches!(calls(&chosen)[..], [Action::FailoverCluster { target, .. }] if target == "cat-2"));
    let dr = ResourceKey::new(Scope::region("us-west-2"), "main-dr");
    let promote = plan(&fleet, &Request::Failover { target: dr, reader: None });
    assert_eq!(promote.runbook, RunbookKind::Promote);
    assert!(promote.can_confirm());
    assert!(promote.data_at_risk.as_deref().unwrap().contains("12s of writes on main (us-east-1)"));
}

#[test]
fn promotion_refuses_a_lagging_replica() {
    let mut fetched = sample().fetched();
    let west = Scope::region("us-west-2");
    let metrics =
        Metrics::new([("main-dr".to_owned(), lag(400.0))].into_iter().collect(), std::collections::HashMap::new());
    fetched.set_metrics(west.clone(), metrics);
    let promote = plan(&fetched.view(), &Request::Failover { target: ResourceKey::new(west, "main-dr"), reader: None });
    assert!(!promote.can_confirm());
}

#[test]
fn a_cluster_failover_re_checks_the_reader_it_chose() {
    let fetched = sample().fetched();
    let cluster = plan(&fetched.view(), &Request::Failover { target: key("cat"), reader: None });
    let Some(Step::Call { expect, .. }) = cluster.steps.first() else { panic!("{cluster:?}") };
    assert!(expect.contains(&Assumption::DbAvailable { instance: "cat-3".into() }), "{expect:?}");
    let limit_secs = fetched.thresholds.replica_lag.warn;
    assert!(expect.contains(&Assumption::LagBelow { instance: "cat-3".into(), limit_secs }), "{expect:?}");
    assert_eq!(cluster.failover_reader(), Some("cat-3"));
}

#[test]
fn an_old_or_missing_lag_datapoint_fails_the_precondition() {
    let mut fetched = sample().fetched();
    let west = Scope::region("us-west-2");
    let dr = || Request::Failover { target: ResourceKey::new(Scope::region("us-west-2"), "main-dr"), reader: None };
    // A low lag, but from ten minutes ago: it cannot vouch for a promotion now.
    let old = DbSeries {
        series: [(DbMetric::ReplicaLag, Series::new([(at() - chrono::Duration::minutes(10), 0.5)]))]
            .into_iter()
            .collect(),
    };
    fetched
        .set_metrics(west.clone(), Metrics::new([("main-dr".to_owned(), old)].into_iter().collect(), HashMap::new()));
    let promote = plan(&fetched.view(), &dr());
    let lag = promote.checks.iter().find(|c| c.what.starts_with("replica lag")).unwrap();
    assert!(!lag.ok && lag.why.contains("old"), "{lag:?}");
    fetched.set_metrics(west, Metrics::new(IdMap::default(), HashMap::new()));
    let promote = plan(&fetched.view(), &dr());
    assert!(!promote.can_confirm(), "missing lag never passes");
}

#[test]
fn a_cluster_and_its_members_are_one_target_for_runs() {
    let mut fetched = sample().fetched();
    fetched.busy = vec![key("cat")];
    for target in ["cat", "cat-1", "cat-2"] {
        let failover = plan(&fetched.view(), &Request::Failover { target: key(target), reader: None });
        let snapshot = plan(
            &fetched.view(),
            &Request::Snapshot { target: key(target), snapshot_id: "s".into(), copy_to_dr: false },
        );
        for p in [failover, snapshot] {
            assert!(!p.can_confirm(), "{target}: {:?}", p.checks);
        }
    }
    fetched.busy = vec![key("cat-2")];
    let failover = plan(&fetched.view(), &Request::Failover { target: key("cat"), reader: None });
    assert!(!failover.can_confirm(), "a run on a member makes the cluster busy");
    let other = plan(&fetched.view(), &Request::Failover { target: key("main"), reader: None });
    assert!(other.can_confirm(), "other targets are free");
}
