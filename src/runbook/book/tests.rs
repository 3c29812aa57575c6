//! The built-in runbook files plan exactly what the Rust planners planned, on the fixtures and
//! on variations of them (busy targets, lagging and silent replicas, missing targets).

use std::collections::HashMap;

use crate::cloud::model::{DbMetric, DbSeries, DbStatus, Metrics, ResourceKey, Scope, Series};
use crate::runbook::catalog;
use crate::runbook::fixtures::{Fetched, at, key, lag, sample};
use crate::runbook::plan::Request;

use super::builtin::plan_request;
use super::interpret::Approval;
use super::{BUILTIN, Library};

fn requests() -> Vec<Request> {
    let west = |id: &str| ResourceKey::new(Scope::region("us-west-2"), id);
    let mut out = Vec::new();
    for (group, target) in [("web", 6), ("web", 12), ("web", 3), ("web", 4), ("full", 18), ("full", 12), ("nope", 5)] {
        out.push(Request::ScaleUp { group: key(group), target });
    }
    for target in ["main", "single", "cat", "cat-1", "cat-2", "nope"] {
        for copy_to_dr in [false, true] {
            out.push(Request::Snapshot { target: key(target), snapshot_id: format!("s-{target}"), copy_to_dr });
        }
    }
    out.push(Request::Snapshot { target: west("main-dr"), snapshot_id: "s".into(), copy_to_dr: true });
    for target in ["main", "single", "cat", "cat-1", "cat-3", "nope"] {
        for reader in [None, Some("cat-2"), Some("cat-3"), Some("main")] {
            out.push(Request::Failover { target: key(target), reader: reader.map(str::to_owned) });
        }
    }
    out.push(Request::Failover { target: west("main-dr"), reader: None });
    out
}

fn assert_same(fetched: &Fetched, library: &Library, case: &str) {
    let fleet = fetched.view();
    for request in requests() {
        let rust = catalog::plan(&fleet, &request);
        let file = plan_request(library, &fleet, &request, Approval::default());
        assert_eq!(file, rust, "{case}: {request:?}");
    }
}

#[test]
fn every_embedded_runbook_parses_and_validates() {
    let library = Library::builtin().unwrap();
    assert_eq!(library.all().len(), BUILTIN.len());
    for (name, _) in BUILTIN {
        let book = library.get(name).unwrap();
        assert!(book.builtin && !book.description.is_empty(), "{name}");
        assert!(book.calls().count() >= 1, "{name}");
    }
}

#[test]
fn the_files_plan_what_the_rust_planners_plan_on_the_fixtures() {
    let library = Library::builtin().unwrap();
    assert_same(&sample().fetched(), &library, "sample");
}

#[test]
fn the_files_plan_what_the_rust_planners_plan_on_busy_targets() {
    let library = Library::builtin().unwrap();
    for busy in ["cat", "cat-2", "main", "web"] {
        let mut fetched = sample().fetched();
        fetched.busy = vec![key(busy)];
        assert_same(&fetched, &library, busy);
    }
}

#[test]
fn the_files_plan_what_the_rust_planners_plan_with_lagging_old_or_missing_lag() {
    let library = Library::builtin().unwrap();
    let west = Scope::region("us-west-2");
    let old = DbSeries {
        series: [(DbMetric::ReplicaLag, Series::new([(at() - chrono::Duration::minutes(10), 0.5)]))]
            .into_iter()
            .collect(),
    };
    let cases = [
        ("lagging", Metrics::new([("main-dr".to_owned(), lag(400.0))].into_iter().collect(), HashMap::new())),
        ("old", Metrics::new([("main-dr".to_owned(), old.clone())].into_iter().collect(), HashMap::new())),
        ("missing", Metrics::new(HashMap::new(), HashMap::new())),
    ];
    for (case, metrics) in cases {
        let mut fetched = sample().fetched();
        fetched.set_metrics(west.clone(), metrics);
        let east = [("cat-2".to_owned(), lag(400.0)), ("cat-3".to_owned(), old.clone())];
        fetched.set_metrics(crate::runbook::fixtures::east(), Metrics::new(east.into_iter().collect(), HashMap::new()));
        assert_same(&fetched, &library, case);
    }
}

#[test]
fn the_files_plan_what_the_rust_planners_plan_on_unavailable_and_unencrypted_targets() {
    let library = Library::builtin().unwrap();
    let mut sample = sample();
    for (_, fleet) in &mut sample.fleets {
        for db in &mut fleet.instances {
            db.status = DbStatus::Other("modifying".into());
            db.storage_encrypted = None;
            db.kms_key_id = None;
            db.az = None;
            db.secondary_az = None;
        }
        for cluster in &mut fleet.clusters {
            cluster.status = DbStatus::Other("backing-up".into());
            cluster.members.iter_mut().for_each(|m| m.is_writer = false);
        }
    }
    assert_same(&sample.fetched(), &library, "unavailable");
}

#[test]
fn the_scale_up_default_is_the_rust_suggestion() {
    let library = Library::builtin().unwrap();
    let book = library.get("scale-up").unwrap();
    for (desired, max) in [(4, 12), (10, 12), (12, 12), (0, 5), (7, 9), (1, 1)] {
        let mut sample = sample();
        sample.groups[0].1[0] = crate::runbook::fixtures::group("web", desired, max);
        let fetched = sample.fetched();
        let fleet = fetched.view();
        let plan =
            super::interpret::plan(book, &fleet, &key("web"), &std::collections::BTreeMap::new(), Approval::default());
        let suggested = catalog::suggest_capacity(&crate::runbook::fixtures::group("web", desired, max));
        assert_eq!(plan.title, format!("Scale up web to {suggested}"), "{desired}/{max}");
    }
}
