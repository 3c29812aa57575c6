//! Pausing and resuming an alarm's actions: the catalog's calls, and the plans the two
//! built-in runbook files make on an alarm whose actions run and on one whose are paused.

use std::collections::BTreeMap;

use crate::runbook::fixtures::{calls, key, sample};
use crate::runbook::plan::{Action, Assumption, Risk, RunbookKind, Step, Wait};

use super::Library;
use super::interpret::{Approval, plan};
use super::ops::{TargetKind, call};

fn planned(name: &str, alarm: &str) -> crate::runbook::plan::Plan {
    planned_with(name, alarm, &BTreeMap::new())
}

fn planned_with(name: &str, alarm: &str, given: &BTreeMap<String, super::Value>) -> crate::runbook::plan::Plan {
    let library = Library::builtin().unwrap();
    let fetched = sample().fetched();
    plan(library.get(name).unwrap(), &fetched.view(), &key(alarm), given, Approval::default())
}

#[test]
fn the_catalog_has_both_calls_low_risk_idempotent_and_verified_by_describe_alarms() {
    for (name, api) in [
        ("disable_alarm_actions", "cloudwatch:DisableAlarmActions"),
        ("enable_alarm_actions", "cloudwatch:EnableAlarmActions"),
    ] {
        let op = call(name).unwrap();
        assert_eq!((op.api, op.target, op.risk, op.idempotent), (api, TargetKind::Alarm, Risk::Low, true));
        assert_eq!(op.verify, "cloudwatch:DescribeAlarms ActionsEnabled");
        assert_eq!(op.args.iter().map(|a| (a.name, a.required)).collect::<Vec<_>>(), [("also", false)]);
    }
    assert!(TargetKind::Alarm.properties().any(|p| p == "actions_enabled"));
}

#[test]
fn pausing_an_alarm_whose_actions_run_disables_them_then_waits_to_see_it() {
    let plan = planned("pause-alarm-actions", "main-cpu-high");
    assert!(plan.can_confirm(), "{:?}", plan.checks);
    assert_eq!((plan.runbook, plan.risk), (RunbookKind::PauseAlarmActions, Risk::Low));
    assert_eq!(plan.title, "Pause the actions of alarm main-cpu-high");
    let alarm = key("main-cpu-high");
    assert_eq!(
        plan.steps,
        [
            Step::Call {
                action: Action::DisableAlarmActions { alarm: alarm.clone(), also: Vec::new() },
                expect: vec![Assumption::AlarmActions { alarm: alarm.id.clone(), enabled: true }],
            },
            Step::Wait { wait: Wait::AlarmActions { alarm, also: Vec::new(), enabled: false }, timeout_secs: 120 },
        ]
    );
    assert_eq!(calls(&plan)[0].to_string(), "cloudwatch:DisableAlarmActions AlarmNames=main-cpu-high (us-east-1)");
    assert_eq!(plan.steps[1].to_string(), "wait until alarm main-cpu-high shows its actions disabled (timeout 2 min)");
    assert!(
        plan.effects[0].starts_with("main-cpu-high (now ALARM) keeps changing state, but runs none"),
        "{:?}",
        plan.effects
    );
}

#[test]
fn an_alarm_already_paused_cannot_be_paused_again_but_can_be_resumed() {
    let again = planned("pause-alarm-actions", "main-connections-high");
    assert!(!again.can_confirm());
    let failed = again.checks.iter().find(|c| !c.ok).unwrap();
    assert_eq!(failed.why, "its actions are already paused");

    let resume = planned("resume-alarm-actions", "main-connections-high");
    assert!(resume.can_confirm(), "{:?}", resume.checks);
    assert_eq!(resume.runbook, RunbookKind::ResumeAlarmActions);
    assert_eq!(
        calls(&resume)[0].to_string(),
        "cloudwatch:EnableAlarmActions AlarmNames=main-connections-high (us-east-1)"
    );
    let Step::Call { expect, .. } = &resume.steps[0] else { panic!("{:?}", resume.steps) };
    assert_eq!(expect, &[Assumption::AlarmActions { alarm: "main-connections-high".into(), enabled: false }]);

    let running = planned("resume-alarm-actions", "main-cpu-high");
    assert!(!running.can_confirm());
    assert!(running.checks.iter().any(|c| !c.ok && c.why == "its actions are already enabled"));
}

#[test]
fn a_row_that_is_not_an_alarm_is_no_target() {
    let plan = planned("pause-alarm-actions", "main");
    assert!(!plan.can_confirm());
    assert!(plan.checks.iter().any(|c| c.what == "the alarm is known" && !c.ok), "{:?}", plan.checks);
    assert!(plan.steps.is_empty());
}

#[test]
fn together_takes_in_the_other_alarms_on_the_same_resource_in_one_call() {
    let together: BTreeMap<String, super::Value> = [("together".to_owned(), super::Value::Bool(true))].into();
    let plan = planned_with("pause-alarm-actions", "main-cpu-high", &together);
    assert!(plan.can_confirm(), "{:?}", plan.checks);
    assert_eq!(plan.title, "Pause the actions of alarm main-cpu-high and the others on main");
    assert_eq!(
        calls(&plan)[0].to_string(),
        "cloudwatch:DisableAlarmActions AlarmNames=main-cpu-high,main-connections-high (us-east-1)"
    );
    assert_eq!(
        plan.steps[1].to_string(),
        "wait until alarm main-cpu-high and 1 more show their actions disabled (timeout 2 min)"
    );
    assert!(plan.effects.iter().any(|e| e == "so do main-connections-high (on main)"), "{:?}", plan.effects);
    let alone = planned("pause-alarm-actions", "main-cpu-high");
    assert_eq!(calls(&alone)[0].to_string(), "cloudwatch:DisableAlarmActions AlarmNames=main-cpu-high (us-east-1)");
}

#[test]
fn an_alarm_named_in_also_that_is_not_on_screen_fails_the_plan() {
    let file = r#"
name = "pause-two"
description = "two alarms"
title = "Pause {id} and another"
target = "alarm"
risk = "low"

[[steps]]
call = "disable_alarm_actions"
with = { also = "'main-connections-high, nope-high'" }
"#;
    let book = super::validate::load("pause-two.toml", file, false).unwrap();
    let fetched = sample().fetched();
    let plan = plan(&book, &fetched.view(), &key("main-cpu-high"), &BTreeMap::new(), Approval::default());
    assert!(!plan.can_confirm());
    assert!(plan.checks.iter().any(|c| !c.ok && c.what.ends_with("also: nope-high is an alarm")), "{:?}", plan.checks);
    assert_eq!(
        calls(&plan)[0].to_string(),
        "cloudwatch:DisableAlarmActions AlarmNames=main-cpu-high,main-connections-high (us-east-1)"
    );
}
