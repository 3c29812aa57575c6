//! The built-in runbook files, and the user's files layered over them.
//!
//! Before the Rust planners were removed, these files were shown to plan exactly what they
//! planned (every request on the fixtures, busy targets, lagging, old and missing lag,
//! unavailable and unencrypted targets); the behaviour tests in `runbook::tests` and the
//! console's snapshot tests hold them to it since.

use std::collections::BTreeMap;

use crate::runbook::fixtures::{group, key, sample};
use crate::runbook::plan::{Action, Request, Risk};

use super::builtin::plan_request;
use super::interpret::{Approval, plan};
use super::validate::load;
use super::{BUILTIN, Library};

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
fn the_scale_up_default_is_half_again_capped_at_max_unless_already_there() {
    let library = Library::builtin().unwrap();
    let book = library.get("scale-up").unwrap();
    for (desired, max, expected) in [(4, 12, 6), (10, 12, 12), (12, 12, 18), (0, 5, 1), (7, 9, 9), (1, 1, 2)] {
        let mut sample = sample();
        sample.groups[0].1[0] = group("web", desired, max);
        let fetched = sample.fetched();
        let planned = plan(book, &fetched.view(), &key("web"), &BTreeMap::new(), Approval::default());
        assert_eq!(planned.title, format!("Scale up web to {expected}"), "{desired}/{max}");
        assert_eq!(planned.risk == Risk::High, expected > max, "{desired}/{max}");
    }
}

const TEAM_SCALE_UP: &str = r#"
name = "scale-up"
description = "the team's: two more at a time, never beyond the maximum"
title = "Add two to {id}"
target = "auto_scaling_group"
risk = "low"

[[params]]
name = "capacity"
type = "integer"
default = "min(desired + 2, max)"

[[checks]]
what = "room below the maximum"
assert = "capacity <= max"
why = "max is {max}"

[[steps]]
assert = "desired_unchanged"

[[steps]]
call = "set_desired_capacity"
with = { to = "capacity" }

[[steps]]
approve = true
"#;

#[test]
fn a_user_runbook_overrides_the_built_in_of_its_name() {
    let mut library = Library::builtin().unwrap();
    library.add(load("team/scale-up.toml", TEAM_SCALE_UP, false).unwrap());
    assert_eq!(library.all().len(), BUILTIN.len(), "replaced, not added");
    let fetched = sample().fetched();
    let request = Request::ScaleUp { group: key("web"), target: 20 };
    let planned = plan_request(&library, &fetched.view(), &request, Approval::default());
    assert_eq!(planned.title, "Add two to web");
    let calls = crate::runbook::fixtures::calls(&planned);
    assert!(matches!(calls[..], [Action::SetDesiredCapacity { from: 4, to: 20, .. }]), "what was asked: {calls:?}");
    let what: Vec<(&str, bool)> = planned.checks.iter().map(|c| (c.what.as_str(), c.ok)).collect();
    assert_eq!(
        what,
        [
            ("room below the maximum", false),
            ("a second person approves", false),
            ("no other run in progress on the target", true)
        ]
    );
    let approved = plan_request(&library, &fetched.view(), &request, Approval { allow_self: true });
    assert!(approved.checks.iter().any(|c| c.what == "a second person approves" && c.ok));
}

#[test]
fn the_user_folder_is_read_in_name_order_and_a_broken_file_is_the_error() {
    let dir = std::env::temp_dir().join(format!("opsdeck-runbooks-{}", std::process::id()));
    let folder = super::user_dir(&dir);
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("a.toml"), TEAM_SCALE_UP).unwrap();
    std::fs::write(folder.join("notes.txt"), "not a runbook").unwrap();
    let library = Library::load(Some(&dir)).unwrap();
    assert_eq!(
        library.get("scale-up").unwrap().description,
        "the team's: two more at a time, never beyond the maximum"
    );
    std::fs::write(folder.join("b.toml"), TEAM_SCALE_UP.replace("set_desired_capacity", "terminate_instances"))
        .unwrap();
    let error = Library::load(Some(&dir)).unwrap_err().to_string();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(error.ends_with("b.toml:22:8: unknown operation `terminate_instances`: expected one of set_desired_capacity, set_max_size, put_scheduled_action, delete_scheduled_action, create_db_snapshot, copy_db_snapshot, create_cluster_snapshot, reboot_with_failover, failover_cluster, promote_read_replica, disable_alarm_actions, enable_alarm_actions, create_cluster_instance, modify_instance_class"), "{error}");
}

#[test]
fn a_metric_precondition_fails_on_an_old_datapoint_and_passes_on_a_recent_one() {
    use crate::cloud::model::{DbMetric, DbSeries, Metrics, Series};
    let text = r#"
name = "quiet-snapshot"
title = "Snapshot {id} while quiet"
target = "db_instance"
risk = "low"

[[checks]]
what = "CPU under 80 %"
assert = "cpu < 80"
why = "CPU {cpu} %"
why_unknown = "CPU unknown: {unknown}"

[[steps]]
call = "create_db_snapshot"
with = { snapshot_id = "'q-' + id" }
"#;
    let book = load("quiet.toml", text, false).unwrap();
    let check = |minutes_old: i64| {
        let mut fetched = sample().fetched();
        let at = crate::runbook::fixtures::at() - chrono::Duration::minutes(minutes_old);
        let cpu = DbSeries { series: [(DbMetric::Cpu, Series::new([(at, 42.0)]))].into_iter().collect() };
        let metrics = Metrics::new([("main".to_owned(), cpu)].into_iter().collect(), std::collections::HashMap::new());
        fetched.set_metrics(crate::runbook::fixtures::east(), metrics);
        let planned = plan(&book, &fetched.view(), &key("main"), &BTreeMap::new(), Approval::default());
        let c = planned.checks.into_iter().next().unwrap();
        (c.ok, c.why)
    };
    assert_eq!(check(0), (true, "CPU 42 %".to_owned()));
    let (ok, why) = check(10);
    assert!(!ok && why.starts_with("CPU unknown: its newest datapoint is"), "{why}");
}
