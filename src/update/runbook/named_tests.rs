//! `:runbook NAME` with a team's runbook file: on a row of its kind the confirm dialog holds
//! its plan, on another row a notice says what it acts on, and read-only refuses it.

use std::sync::Arc;

use crate::command::Command;
use crate::event::{Effect, Event};
use crate::runbook::book::Library;
use crate::runbook::book::validate::load;
use crate::runbook::fixtures::at;
use crate::runbook::plan::{Action, Request};
use crate::runbook::report::{RunReport, RunStatus, RunUpdate};
use crate::state::{Mode, State, Tab, Writes};
use crate::update::update;

const ADD_TWO: &str = r#"
name = "add-two"
description = "two more"
title = "Add two to {id}"
target = "auto_scaling_group"
risk = "low"

[[steps]]
call = "set_desired_capacity"
with = { to = "min(desired + 2, max)" }
"#;

fn with_team_runbook() -> State {
    let mut state = super::tests::state();
    let mut library = Library::builtin().unwrap();
    library.add(load("add-two.toml", ADD_TWO, false).unwrap());
    state.session.runbooks = Arc::new(library);
    state
}

fn palette(state: &mut State, line: &str) -> Vec<Effect> {
    update(state, Event::Command(Command::Palette));
    for c in line.chars() {
        update(state, Event::Text(c));
    }
    update(state, Event::Command(Command::Confirm))
}

#[test]
fn a_team_runbook_opens_on_a_row_of_its_kind_and_runs_on_y() {
    let mut state = with_team_runbook();
    super::tests::select(&mut state, Tab::Capacity, "web");
    palette(&mut state, "runbook add-two");
    let Mode::Confirm(confirm) = &state.nav.mode else { panic!("{:?}", state.notice) };
    assert_eq!(
        confirm.request,
        Request::Runbook {
            name: "add-two".into(),
            target: crate::runbook::fixtures::key("web"),
            at: state.now,
            given: Vec::new()
        }
    );
    assert_eq!(confirm.plan.title, "Add two to web");
    let effects: Vec<Effect> = "y".chars().flat_map(|c| update(&mut state, Event::Text(c))).collect();
    let [Effect::StartRun { plan, .. }] = &effects[..] else { panic!("{effects:?}") };
    assert!(matches!(crate::runbook::fixtures::calls(plan)[..], [Action::SetDesiredCapacity { from: 4, to: 6, .. }]));
    assert_eq!(plan.runbook_file.as_deref(), Some("add-two (add-two.toml)"), "the audit log names the file");
}

#[test]
fn a_team_runbook_on_a_row_of_another_kind_or_read_only_only_explains() {
    let mut state = with_team_runbook();
    super::tests::select(&mut state, Tab::Fleet, "main");
    palette(&mut state, "runbook add-two");
    assert_eq!(state.nav.mode, Mode::Normal);
    let notice = state.notice.as_ref().map(|n| n.text.clone()).unwrap_or_default();
    assert_eq!(notice, "add-two acts on target kind auto_scaling_group: select one first");
    state.session.writes = Writes::ReadOnly;
    super::tests::select(&mut state, Tab::Capacity, "web");
    palette(&mut state, "runbook add-two");
    assert_eq!(state.nav.mode, Mode::Normal);
    palette(&mut state, "runbook nope");
    let notice = state.notice.as_ref().map(|n| n.text.clone()).unwrap_or_default();
    assert_eq!(
        notice,
        "runbooks: scale-up, snapshot, failover, snapshot-cluster, failover-multi-az, failover-aurora, promote-replica, prescale-window, remove-scheduled-action, pause-alarm-actions, resume-alarm-actions, add-aurora-reader, resize-instance, add-two"
    );
}

#[test]
fn the_picker_offers_the_runbooks_that_apply_to_the_selected_row() {
    use crate::state::palette::candidates;
    let mut state = with_team_runbook();
    let picked = |state: &mut State| {
        update(state, Event::Command(Command::Runbooks));
        let Mode::Palette(line) = &state.nav.mode else { panic!("{:?}", state.nav.mode) };
        let offered = candidates(state, &line.clone());
        update(state, Event::Command(Command::Back));
        offered
    };
    super::tests::select(&mut state, Tab::Capacity, "web");
    assert_eq!(picked(&mut state), ["scale-up", "prescale-window", "remove-scheduled-action", "add-two"]);
    super::tests::select(&mut state, Tab::Fleet, "cat-2");
    assert_eq!(picked(&mut state), ["snapshot-cluster", "failover-aurora", "add-aurora-reader"]);
    super::tests::select(&mut state, Tab::Fleet, "main");
    assert_eq!(picked(&mut state), ["snapshot", "failover-multi-az", "resize-instance"]);
    super::tests::select(&mut state, Tab::Replication, "main-dr");
    assert_eq!(picked(&mut state), ["snapshot", "promote-replica", "resize-instance"], "a replica is promoted");
    super::tests::select(&mut state, Tab::Alarms, "main-cpu-high");
    assert_eq!(picked(&mut state), ["pause-alarm-actions", "resume-alarm-actions"], "an alarm's actions");
    // `R` is the picker too, but on the Performance tab, where it lists the analysis reports.
    update(&mut state, Event::Command(Command::Reports));
    assert_eq!(state.nav.mode, Mode::Palette("runbook ".to_owned()), "R on the Alarms tab");
    update(&mut state, Event::Command(Command::Back));
    state.session.writes = Writes::ReadOnly;
    update(&mut state, Event::Command(Command::Runbooks));
    assert_eq!(state.nav.mode, Mode::Normal, "read-only: no picker");
}

#[test]
fn pausing_the_selected_alarm_shows_its_plan_and_y_starts_exactly_that_plan() {
    let mut state = super::tests::state();
    super::tests::select(&mut state, Tab::Alarms, "main-cpu-high");
    palette(&mut state, "runbook pause-alarm-actions");
    let Mode::Confirm(confirm) = &state.nav.mode else { panic!("{:?}", state.nav.mode) };
    let shown = confirm.plan.clone();
    assert!(shown.can_confirm(), "{:?}", shown.checks);
    assert_eq!(shown.steps[0].to_string(), "cloudwatch:DisableAlarmActions AlarmNames=main-cpu-high (us-east-1)");
    let effects = update(&mut state, Event::Text('y'));
    let [Effect::StartRun { plan, .. }] = &effects[..] else { panic!("{effects:?}") };
    assert_eq!(**plan, shown, "what runs is what was shown");
    assert!(matches!(
        &plan.steps[0],
        crate::runbook::plan::Step::Call { action: Action::DisableAlarmActions { .. }, .. }
    ));
    // Once it has run, the alarms are polled at once: the Actions column and the header follow.
    let finished = RunUpdate::Finished(RunStatus::Succeeded);
    let effects = update(&mut state, Event::Run(RunReport { id: 1, at: at(), update: finished }));
    assert_eq!(effects, [Effect::Refresh(crate::feed::FeedKind::Alarms)]);
}

#[test]
fn a_stamped_default_is_pinned_while_the_dialog_is_open() {
    let mut state = with_team_runbook();
    super::tests::select(&mut state, Tab::Fleet, "main");
    palette(&mut state, "runbook resize-instance");
    let Mode::Confirm(confirm) = &state.nav.mode else { panic!("{:?}", state.notice) };
    let Request::Runbook { given: texts, .. } = &confirm.request else { panic!("{:?}", confirm.request) };
    let pinned = texts.iter().find(|(name, _)| name == "snapshot_id").map(|(_, id)| id.clone()).unwrap();
    assert!(pinned.starts_with("opsdeck-main-resize-"), "{pinned}");
    let before = confirm.plan.clone();
    let later = state.now.unwrap_or_else(crate::runbook::fixtures::at) + chrono::Duration::seconds(90);
    update(&mut state, Event::Tick(later));
    super::replan(&mut state, super::Change::Data);
    let fleet = state.fleet_view();
    let now = crate::runbook::book::fields::pinned(
        &state.session.runbooks,
        &fleet,
        "resize-instance",
        &crate::runbook::fixtures::key("main"),
        None,
    );
    assert_ne!(
        now.iter().find(|(name, _)| name == "snapshot_id").map(|(_, id)| id),
        Some(&pinned),
        "the stamp moved on"
    );
    let Mode::Confirm(confirm) = &state.nav.mode else { panic!() };
    assert!(!confirm.changed && confirm.plan.steps == before.steps, "the snapshot id stays {pinned}");
}

#[test]
fn tab_and_arrows_choose_a_runbook_files_class_and_az() {
    let mut state = with_team_runbook();
    let mut sample = crate::runbook::fixtures::sample();
    let (scope, mut fleet) = sample.fleets.remove(0);
    for db in fleet.instances_mut() {
        db.class = Some("db.r6g.large".to_owned());
    }
    let fetched = Ok(crate::feed::Snapshot { data: fleet, fetched_at: crate::runbook::fixtures::at() });
    update(&mut state, Event::Polled(crate::event::Polled::Fleet(scope, fetched)));
    super::tests::select(&mut state, Tab::Fleet, "cat-2");
    palette(&mut state, "runbook add-aurora-reader");
    let chosen = |state: &State| {
        let Mode::Confirm(confirm) = &state.nav.mode else { panic!("{:?}", state.notice) };
        match crate::runbook::fixtures::calls(&confirm.plan)[..] {
            [Action::CreateClusterInstance { class, az, .. }] => (class.clone(), az.clone()),
            ref other => panic!("{other:?}"),
        }
    };
    let Mode::Confirm(confirm) = &state.nav.mode else { panic!() };
    let names: Vec<&str> = confirm.fields.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["instance_id", "class", "az"]);
    assert_eq!(confirm.focus, 1, "the first field that is not typed into");
    let (class, az) = chosen(&state);
    update(&mut state, Event::Command(Command::NextChoice));
    let (bigger, same_az) = chosen(&state);
    assert_ne!(bigger, class, "→ takes the next class");
    assert_eq!(same_az, az);
    update(&mut state, Event::Command(Command::NextField));
    update(&mut state, Event::Command(Command::PrevChoice));
    let (kept, other_az) = chosen(&state);
    assert_eq!(kept, bigger, "Tab moved to the AZ");
    assert_ne!(other_az, az, "← takes another AZ");
}
