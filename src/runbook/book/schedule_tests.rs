//! The scheduled-capacity runbooks planned on the crafted fleet: `prescale-window` (two
//! scheduled actions, their times from the clock the dialog opened at or as given) and
//! `remove-scheduled-action` (a choice of the group's actions), and the located errors of time
//! parameters in a file.

use chrono::Duration;

use super::Library;
use super::builtin::plan_request;
use super::interpret::Approval;
use super::validate::load;
use crate::cloud::model::{ScalingGroup, ScheduledAction};
use crate::runbook::fixtures::{Sample, at, calls, east, key, sample};
use crate::runbook::plan::{Action, Assumption, Plan, Request, Risk, Step};

fn runbook(name: &str, sample: &Sample, given: &[(&str, &str)], pinned: Option<chrono::Duration>) -> Plan {
    let fetched = sample.fetched();
    let request = Request::Runbook {
        name: name.into(),
        target: key("web"),
        at: pinned.map(|d| at() + d),
        given: given.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
    };
    plan_request(Library::shared(), &fetched.view(), &request, Approval::default())
}

fn failed(plan: &Plan) -> Vec<String> {
    plan.checks.iter().filter(|c| !c.ok).map(|c| format!("{}: {}", c.what, c.why)).collect()
}

#[test]
fn prescale_schedules_the_raise_an_hour_ahead_and_the_way_back_twelve_hours_later() {
    let plan = runbook("prescale-window", &sample(), &[], None);
    assert!(plan.can_confirm(), "{:?}", failed(&plan));
    assert_eq!(plan.risk, Risk::Low);
    let (start, end) = (at() + Duration::hours(1), at() + Duration::hours(13));
    let [
        Action::PutScheduledAction { name: first, start: s1, min: 8, desired: 8, max: 12, .. },
        Action::PutScheduledAction { name: second, start: s2, min: 1, desired: 4, max: 12, .. },
    ] = calls(&plan)[..]
    else {
        panic!("{:?}", calls(&plan))
    };
    assert_eq!((first.as_str(), *s1), ("opsdeck-prescale-20261127-150000-start", start));
    assert_eq!((second.as_str(), *s2), ("opsdeck-prescale-20261127-150000-end", end));
    let Step::Call { expect, .. } = &plan.steps[0] else { panic!() };
    assert_eq!(expect, &[Assumption::Ahead { what: format!("{first} starts"), time: start }]);
    assert_eq!(
        plan.effects[..2],
        [
            "at 2026-11-27 16:00 UTC (in 1h00m): min/desired/max 1/4/12 → 8/8/12".to_owned(),
            "at 2026-11-28 04:00 UTC: back to 1/4/12".to_owned()
        ]
    );
    assert!(plan.steps[0].to_string().starts_with(
        "autoscaling:PutScheduledUpdateGroupAction AutoScalingGroupName=web ScheduledActionName=opsdeck-prescale-20261127-150000-start StartTime=2026-11-27T16:00:00Z MinSize=8 DesiredCapacity=8 MaxSize=12"
    ));
}

#[test]
fn the_plan_is_built_as_of_the_time_the_dialog_opened() {
    let later = runbook("prescale-window", &sample(), &[], Some(Duration::minutes(5)));
    let [Action::PutScheduledAction { name, start, .. }, ..] = calls(&later)[..] else { panic!() };
    assert_eq!(name, "opsdeck-prescale-20261127-150500-start");
    assert_eq!(*start, at() + Duration::minutes(65));
}

#[test]
fn given_times_are_checked_in_the_future_and_in_order() {
    let given = runbook("prescale-window", &sample(), &[("start", "in 30m"), ("end", "2026-11-27 18:00")], None);
    assert!(given.can_confirm(), "{:?}", failed(&given));
    assert_eq!(given.title, "Pre-scale web to 8 from 2026-11-27 15:30 UTC to 2026-11-27 18:00 UTC");
    let past = runbook("prescale-window", &sample(), &[("start", "2026-11-27 14:00")], None);
    assert_eq!(
        failed(&past),
        ["the window starts in the future: 2026-11-27 14:00 UTC is not after now (2026-11-27 15:00 UTC)"]
    );
    let backwards = runbook("prescale-window", &sample(), &[("start", "in 2h"), ("end", "in 1h")], None);
    assert_eq!(
        failed(&backwards),
        ["the window ends after it starts: ends 2026-11-27 16:00 UTC, not after its start 2026-11-27 17:00 UTC"]
    );
    let typo = runbook("prescale-window", &sample(), &[("start", "in 2x")], None);
    assert!(!typo.can_confirm());
    assert!(failed(&typo)[0].contains("`in 2x` is not a time"), "{:?}", failed(&typo));
}

fn with_scheduled(names: &[(&str, i64)]) -> Sample {
    let mut sample = sample();
    let group: &mut ScalingGroup = &mut sample.groups[0].1[0];
    group.scheduled = names
        .iter()
        .map(|(name, minutes)| ScheduledAction {
            name: (*name).into(),
            start: Some(at() + Duration::minutes(*minutes)),
            end: None,
            recurrence: None,
            min: Some(8),
            desired: Some(8),
            max: Some(12),
        })
        .collect();
    sample
}

#[test]
fn removing_takes_the_soonest_action_or_the_one_given() {
    let listed = with_scheduled(&[("soon", 60), ("later", 720)]);
    let soonest = runbook("remove-scheduled-action", &listed, &[], None);
    assert!(soonest.can_confirm(), "{:?}", failed(&soonest));
    assert!(matches!(&calls(&soonest)[..], [Action::DeleteScheduledAction { name, .. }] if name == "soon"));
    let Step::Call { expect, .. } = &soonest.steps[0] else { panic!() };
    assert_eq!(expect, &[Assumption::ScheduledWaiting { group: "web".into(), name: "soon".into() }]);
    assert_eq!(soonest.effects[0], "soon never runs (at 2026-11-27 16:00 UTC: min/desired/max 8/8/12)");
    let chosen = runbook("remove-scheduled-action", &listed, &[("action", "later")], None);
    assert!(matches!(&calls(&chosen)[..], [Action::DeleteScheduledAction { name, .. }] if name == "later"));
    assert_eq!(soonest.target.scope, east());
    let none = runbook("remove-scheduled-action", &sample(), &[], None);
    assert_eq!(failed(&none), ["the group lists a scheduled action to remove: web has no scheduled action"]);
}

const HEAD: &str = "name = \"t\"\ntitle = \"T {id}\"\ntarget = \"auto_scaling_group\"\nrisk = \"low\"\n";
const CALL: &str = "[[steps]]\ncall = \"delete_scheduled_action\"\nwith = { name = \"'x'\" }\n";

fn error(text: &str) -> String {
    load("t.toml", text, false).map_or_else(|e| e.to_string(), |_| "valid".to_owned())
}

#[test]
fn time_parameters_give_located_errors() {
    let param =
        |default: &str| format!("{HEAD}[[params]]\nname = \"start\"\ntype = \"time\"\ndefault = \"{default}\"\n{CALL}");
    assert_eq!(error(&param("in 2h")), "valid");
    assert_eq!(error(&param("now + 1h")), "valid");
    assert_eq!(error(&param("2026-11-27 06:00")), "valid");
    assert_eq!(error(&param("2026-13-27 06:00")), "t.toml:8:17: month 13 is not 01–12");
    assert_eq!(error(&param("in 2 weeks")), "t.toml:8:16: expected a duration such as 2h, 90m or 1h30m");
    assert_eq!(
        error(&param("2026-11-27 06:00 CET")),
        "t.toml:8:28: expected nothing after the time but `Z` or ` UTC` (times are UTC)"
    );
    assert!(error(&param("now + 1y")).starts_with("t.toml:8:"), "{}", error(&param("now + 1y")));
    let choice = "name = \"t\"\ntitle = \"T\"\ntarget = \"db_instance\"\nrisk = \"low\"\n[[params]]\nname = \"a\"\ntype = \"choice\"\nfrom = \"scheduled_actions\"\n[[steps]]\ncall = \"reboot_with_failover\"\n";
    assert_eq!(error(choice), "t.toml:8:8: `scheduled_actions` are an auto_scaling_group's");
}
