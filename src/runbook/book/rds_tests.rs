//! The add-aurora-reader and resize-instance runbooks planned on the crafted fleet: their
//! defaults (the writer's class, the AZ with the fewest members, one size up), what a given
//! value outside the choices does, the Multi-AZ and single-AZ texts, and the risk.

use std::collections::BTreeMap;

use crate::runbook::fixtures::{Sample, calls, key, sample};
use crate::runbook::plan::{Action, Risk, RunbookKind, Step, Wait};

use super::interpret::{Approval, plan};
use super::{Library, Value};

/// The sample with classes and AZs: the cluster's writer cat-1 is a db.r6g.2xlarge in
/// us-east-1a, its readers in 1a and 1b; `main`'s standby is in 1c, where no member is.
fn placed() -> Sample {
    let mut sample = sample();
    for db in sample.fleets[0].1.instances_mut() {
        let (class, az) = match db.id.as_str() {
            "cat-1" => ("db.r6g.2xlarge", "us-east-1a"),
            "cat-2" => ("db.r6g.large", "us-east-1a"),
            "cat-3" => ("db.r6g.large", "us-east-1b"),
            "main" => ("db.m6g.large", "us-east-1a"),
            _ => ("db.t4g.medium", "us-east-1a"),
        };
        db.class = Some(class.to_owned());
        db.az = Some(az.to_owned());
        if db.role.is_cluster_member() {
            db.secondary_az = None;
        }
        if db.id == "main" {
            db.secondary_az = Some("us-east-1c".to_owned());
        }
    }
    sample
}

fn planned(sample: &Sample, book: &str, target: &str, given: &[(&str, &str)]) -> crate::runbook::plan::Plan {
    let library = Library::builtin().unwrap();
    let fetched = sample.fetched();
    let given: BTreeMap<String, Value> =
        given.iter().map(|(k, v)| ((*k).to_owned(), Value::Text((*v).to_owned()))).collect();
    plan(library.get(book).unwrap(), &fetched.view(), &key(target), &given, Approval::default())
}

#[test]
fn a_reader_is_of_the_writers_class_in_the_az_with_fewest_members() {
    let plan = planned(&placed(), "add-aurora-reader", "cat-2", &[]);
    assert_eq!((plan.runbook, plan.risk), (RunbookKind::AddReader, Risk::Low));
    assert_eq!(plan.target, key("cat"), "a member stands for its cluster");
    assert!(plan.can_confirm(), "{:?}", plan.checks);
    let [Action::CreateClusterInstance { instance_id, engine, class, az, .. }] = calls(&plan)[..] else {
        panic!("{:?}", plan.steps)
    };
    assert_eq!(
        (instance_id.as_str(), engine.as_str(), class.as_str(), az.as_str()),
        ("cat-reader-4", "aurora-postgresql", "db.r6g.2xlarge", "us-east-1c")
    );
    let Some(Step::Wait { wait: Wait::ClusterMember { instance, .. }, .. }) = plan.steps.last() else { panic!() };
    assert_eq!(instance, "cat-reader-4");
    assert_eq!(plan.title, "Add reader cat-reader-4 to cluster cat");
    assert!(
        plan.effects[0].ends_with("(members per AZ so far: us-east-1a (2), us-east-1b (1), us-east-1c (0))"),
        "{:?}",
        plan.effects
    );
}

#[test]
fn a_given_class_and_az_are_taken_when_offered_and_fail_a_check_when_not() {
    let plan = planned(&placed(), "add-aurora-reader", "cat", &[("class", "db.r7g.4xlarge"), ("az", "us-east-1b")]);
    let [Action::CreateClusterInstance { class, az, .. }] = calls(&plan)[..] else { panic!() };
    assert_eq!((class.as_str(), az.as_str()), ("db.r7g.4xlarge", "us-east-1b"));
    let plan = planned(&placed(), "add-aurora-reader", "cat", &[("az", "eu-west-1a"), ("class", "db.x9.huge")]);
    assert!(!plan.can_confirm());
    let failed: Vec<String> = plan.checks.iter().filter(|c| !c.ok).map(|c| format!("{} — {}", c.what, c.why)).collect();
    assert!(
        failed.iter().any(|c| c.contains("az is known") && c.contains("eu-west-1a is not an AZ of us-east-1")),
        "{failed:?}"
    );
    assert!(
        failed.iter().any(|c| c.contains("class is known") && c.contains("db.x9.huge is not one of")),
        "{failed:?}"
    );
}

#[test]
fn a_taken_name_fails_its_check() {
    let plan = planned(&placed(), "add-aurora-reader", "cat", &[("instance_id", "cat-3")]);
    let check = plan.checks.iter().find(|c| c.what == "no instance named cat-3 yet").unwrap();
    assert!(!check.ok && check.why == "cat-3 exists (available)", "{check:?}");
}

#[test]
fn a_resize_snapshots_first_and_is_high_risk() {
    let plan = planned(&placed(), "resize-instance", "main", &[]);
    assert_eq!((plan.runbook, plan.risk), (RunbookKind::Resize, Risk::High));
    assert!(plan.can_confirm(), "{:?}", plan.checks);
    let steps: Vec<String> = plan.steps.iter().map(ToString::to_string).collect();
    assert!(
        steps[0]
            .starts_with("rds:CreateDBSnapshot DBInstanceIdentifier=main DBSnapshotIdentifier=opsdeck-main-resize-")
    );
    assert!(steps[1].starts_with("wait until snapshot opsdeck-main-resize-"));
    assert_eq!(
        steps[2],
        "rds:ModifyDBInstance DBInstanceIdentifier=main DBInstanceClass=db.m6g.xlarge ApplyImmediately=true (us-east-1)"
    );
    assert_eq!(steps[3], "wait until main is available as db.m6g.xlarge (timeout 60 min)");
    assert_eq!(plan.title, "Resize main: db.m6g.large → db.m6g.xlarge");
    let multi = plan.effects.iter().find(|e| e.starts_with("Multi-AZ")).unwrap();
    assert!(multi.contains("standby is modified first") && multi.contains("us-east-1a → us-east-1c"), "{multi}");
    assert!(multi.contains("60–120 s"));
    assert!(!plan.effects.iter().any(|e| e.starts_with("single-AZ")));
}

#[test]
fn a_single_az_resize_says_the_instance_is_down_and_the_same_class_cannot_be_chosen() {
    let plan = planned(&placed(), "resize-instance", "single", &[("new_class", "db.t4g.large")]);
    assert!(plan.effects.iter().any(|e| e.starts_with("single-AZ: single is down while it is resized")));
    assert!(!plan.effects.iter().any(|e| e.starts_with("Multi-AZ")));
    let same = planned(&placed(), "resize-instance", "single", &[("new_class", "db.t4g.medium")]);
    let check = same.checks.iter().find(|c| c.what == "a different class").unwrap();
    assert!(!check.ok && check.why == "single is db.t4g.medium already", "{check:?}");
    assert!(!planned(&placed(), "resize-instance", "cat-1", &[]).can_confirm(), "an Aurora member is no target");
}
