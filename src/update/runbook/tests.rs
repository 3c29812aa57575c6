//! The confirm flow through `update`: action keys, the dialog, confirming, the runs panel.

use crate::cloud::model::Metrics;
use crate::command::Command;
use crate::event::{Effect, Event, Polled};
use crate::feed::Snapshot;
use crate::runbook::fixtures::{Sample, at, calls, east, key, lag, sample};
use crate::runbook::plan::{Action, Request, RunbookKind};
use crate::runbook::report::{RunReport, RunStatus, RunUpdate};
use crate::state::{Mode, State, Tab};
use crate::update::update;

/// The sample fleet, polled into a console's state.
pub(super) fn state() -> State {
    let mut state = State::new("TEST", Sample::scopes());
    let sample = sample();
    let snap = |data| Ok(Snapshot { data, fetched_at: at() });
    for (scope, fleet) in sample.fleets {
        update(&mut state, Event::Polled(Polled::Fleet(scope, snap(fleet))));
    }
    for (scope, groups) in sample.groups {
        update(&mut state, Event::Polled(Polled::Groups(scope, Ok(Snapshot { data: groups, fetched_at: at() }))));
    }
    for (scope, alarms) in sample.alarms {
        update(&mut state, Event::Polled(Polled::Alarms(scope, Ok(Snapshot { data: alarms, fetched_at: at() }))));
    }
    for (scope, metrics) in sample.metrics {
        update(&mut state, Event::Polled(Polled::Metrics(scope, Ok(Snapshot { data: metrics, fetched_at: at() }))));
    }
    update(&mut state, Event::Tick(at()));
    state
}

pub(super) fn select(state: &mut State, tab: Tab, id: &str) {
    update(
        state,
        Event::Command(match tab {
            Tab::Fleet => Command::TabFleet,
            Tab::Capacity => Command::TabCapacity,
            Tab::Alarms => Command::TabAlarms,
            _ => Command::TabReplication,
        }),
    );
    update(state, Event::Command(Command::Top));
    while state.selected_key(tab).map(|k| k.id) != Some(id.to_owned()) {
        update(state, Event::Command(Command::Down));
    }
}

fn type_text(state: &mut State, text: &str) -> Vec<Effect> {
    text.chars().flat_map(|c| update(state, Event::Text(c))).collect()
}

#[test]
fn a_low_risk_plan_runs_on_y_and_enter_means_no() {
    let mut state = state();
    select(&mut state, Tab::Fleet, "main");
    update(&mut state, Event::Command(Command::Snapshot));
    assert!(matches!(state.nav.mode, Mode::Confirm(_)));
    assert!(update(&mut state, Event::Command(Command::Confirm)).is_empty(), "the default is No");
    assert_eq!(state.nav.mode, Mode::Normal);
    update(&mut state, Event::Command(Command::Snapshot));
    let effects = type_text(&mut state, "y");
    assert!(matches!(&effects[..], [Effect::StartRun { id: 1, plan }] if plan.runbook == RunbookKind::Snapshot));
    assert_eq!(state.runs.len(), 1);
    assert!(state.runs[0].is_active());
}

#[test]
fn a_high_risk_plan_needs_the_identifier_typed() {
    let mut state = state();
    select(&mut state, Tab::Fleet, "main");
    update(&mut state, Event::Command(Command::Failover));
    assert!(type_text(&mut state, "y").is_empty(), "y does not confirm a failover");
    assert!(update(&mut state, Event::Command(Command::Confirm)).is_empty());
    assert!(state.notice.as_ref().unwrap().text.contains("type main to confirm"));
    update(&mut state, Event::Command(Command::DeleteChar));
    type_text(&mut state, "main");
    let effects = update(&mut state, Event::Command(Command::Confirm));
    assert!(matches!(&effects[..], [Effect::StartRun { .. }]));
}

#[test]
fn esc_cancels_and_a_failed_precondition_cannot_be_confirmed() {
    let mut state = state();
    select(&mut state, Tab::Fleet, "single");
    update(&mut state, Event::Command(Command::Failover));
    type_text(&mut state, "single");
    assert!(update(&mut state, Event::Command(Command::Confirm)).is_empty());
    assert!(state.notice.as_ref().unwrap().text.starts_with("cannot run: Multi-AZ"));
    update(&mut state, Event::Command(Command::Back));
    assert_eq!(state.nav.mode, Mode::Normal);
    assert!(state.runs.is_empty());
}

#[test]
fn the_scale_target_is_typed_or_stepped_and_beyond_max_needs_the_name() {
    let mut state = state();
    select(&mut state, Tab::Capacity, "web");
    update(&mut state, Event::Command(Command::ScaleUp));
    let target = |s: &State| match &s.nav.mode {
        Mode::Confirm(c) => match c.request {
            Request::ScaleUp { target, .. } => target,
            _ => 0,
        },
        _ => 0,
    };
    assert_eq!(target(&state), 6);
    update(&mut state, Event::Command(Command::DeleteChar));
    type_text(&mut state, "20");
    assert_eq!(target(&state), 20);
    update(&mut state, Event::Command(Command::Increment));
    assert_eq!(target(&state), 21);
    assert!(type_text(&mut state, "y").is_empty(), "beyond max is high risk");
    update(&mut state, Event::Command(Command::NextField));
    type_text(&mut state, "web");
    let effects = update(&mut state, Event::Command(Command::Confirm));
    let [Effect::StartRun { plan, .. }] = &effects[..] else { panic!("{effects:?}") };
    assert!(matches!(calls(plan)[..], [Action::SetMaxSize { to: 21, .. }, Action::SetDesiredCapacity { to: 21, .. }]));
}

#[test]
fn two_runs_on_one_target_are_refused() {
    let mut state = state();
    select(&mut state, Tab::Capacity, "web");
    update(&mut state, Event::Command(Command::ScaleUp));
    assert_eq!(type_text(&mut state, "y").len(), 1);
    update(&mut state, Event::Command(Command::ScaleUp));
    assert!(type_text(&mut state, "y").is_empty());
    assert!(state.notice.as_ref().unwrap().text.contains("no other run in progress"));
}

#[test]
fn read_only_and_dry_run_never_start_a_run() {
    let mut state = state();
    state.session.writes = crate::state::Writes::ReadOnly;
    select(&mut state, Tab::Capacity, "web");
    update(&mut state, Event::Command(Command::ScaleUp));
    assert_eq!(state.nav.mode, Mode::Normal);
    assert!(state.notice.as_ref().unwrap().text.starts_with("read-only"));
    state.session.writes = crate::state::Writes::DryRun;
    update(&mut state, Event::Command(Command::ScaleUp));
    assert!(type_text(&mut state, "y").is_empty());
    assert!(state.runs.is_empty());
    assert!(state.notice.as_ref().unwrap().text.starts_with("dry run"));
}

#[test]
fn action_keys_on_the_wrong_tab_explain_where_they_work() {
    let mut state = state();
    update(&mut state, Event::Command(Command::TabAlarms));
    update(&mut state, Event::Command(Command::ScaleUp));
    assert_eq!(state.nav.mode, Mode::Normal);
    assert!(state.notice.as_ref().unwrap().text.contains("Capacity tab"));
}

#[test]
fn runner_reports_move_the_runs_panel() {
    let mut state = state();
    select(&mut state, Tab::Capacity, "web");
    update(&mut state, Event::Command(Command::ScaleUp));
    type_text(&mut state, "y");
    let report = |state: &mut State, update_: RunUpdate| {
        update(state, Event::Run(RunReport { id: 1, at: at(), update: update_ }))
    };
    report(&mut state, RunUpdate::Step(1));
    report(&mut state, RunUpdate::Progress("5/6 in service".into()));
    assert_eq!((state.runs[0].step, state.runs[0].progress.as_deref()), (1, Some("5/6 in service")));
    report(&mut state, RunUpdate::Finished(RunStatus::Succeeded));
    assert!(!state.runs[0].is_active());
    assert_eq!(state.runs[0].finished, Some(at()));
}

fn dialog(state: &State) -> &crate::state::runs::Confirm {
    let Mode::Confirm(confirm) = &state.nav.mode else { panic!("no dialog: {:?}", state.nav.mode) };
    confirm
}

fn poll_metrics(state: &mut State, lags: &[(&str, f64)]) {
    let db = lags.iter().map(|&(id, value)| (id.to_owned(), lag(value))).collect();
    let metrics = Metrics::new(db, std::collections::HashMap::new());
    update(state, Event::Polled(Polled::Metrics(east(), Ok(Snapshot { data: metrics, fetched_at: at() }))));
}

#[test]
fn the_reader_is_chosen_when_the_dialog_opens_and_stays_chosen() {
    let mut state = state();
    select(&mut state, Tab::Fleet, "cat-1");
    update(&mut state, Event::Command(Command::Failover));
    assert_eq!(dialog(&state).request, Request::Failover { target: key("cat-1"), reader: Some("cat-3".into()) });
    // cat-2 now lags less than cat-3: the dialog still fails over to the reader it showed.
    poll_metrics(&mut state, &[("cat-2", 0.01), ("cat-3", 0.4)]);
    assert_eq!(dialog(&state).plan.failover_reader(), Some("cat-3"));
    assert_eq!(dialog(&state).readers, ["cat-2", "cat-3"], "the choices follow the lags");
    assert!(!dialog(&state).changed, "only a reason's words moved");
    type_text(&mut state, "cat");
    let effects = update(&mut state, Event::Command(Command::Confirm));
    let [Effect::StartRun { plan, .. }] = &effects[..] else { panic!("{effects:?}") };
    assert_eq!(plan.failover_reader(), Some("cat-3"));
}

#[test]
fn new_data_that_changes_the_plan_needs_a_review_and_a_fresh_confirm() {
    let mut state = state();
    select(&mut state, Tab::Fleet, "cat-1");
    update(&mut state, Event::Command(Command::Failover));
    type_text(&mut state, "ca");
    // The chosen reader's lag goes past the limit: the plan can no longer run as shown.
    poll_metrics(&mut state, &[("cat-2", 0.5), ("cat-3", 400.0)]);
    assert!(dialog(&state).changed);
    assert_eq!(dialog(&state).typed, "", "what was typed confirmed the old plan");
    assert!(!dialog(&state).plan.can_confirm());
    // It recovers: the plan acts as first shown again, but the change was not reviewed yet.
    poll_metrics(&mut state, &[("cat-2", 0.5), ("cat-3", 0.02)]);
    type_text(&mut state, "cat");
    assert!(update(&mut state, Event::Command(Command::Confirm)).is_empty(), "the first confirm acknowledges");
    assert!(state.notice.as_ref().unwrap().text.contains("plan changed"), "{:?}", state.notice);
    assert!(!dialog(&state).changed);
    let shown = dialog(&state).plan.clone();
    let effects = update(&mut state, Event::Command(Command::Confirm));
    let [Effect::StartRun { plan, .. }] = &effects[..] else { panic!("{effects:?}") };
    assert_eq!(**plan, shown, "exactly the plan on screen runs");
}

#[test]
fn quitting_with_a_run_in_progress_asks_and_a_signal_does_not() {
    let mut state = state();
    select(&mut state, Tab::Capacity, "web");
    update(&mut state, Event::Command(Command::ScaleUp));
    type_text(&mut state, "y");
    assert!(state.runs[0].is_active());
    assert!(update(&mut state, Event::Command(Command::Quit)).is_empty(), "asks first");
    assert_eq!(state.nav.mode, Mode::Quitting(String::new()));
    update(&mut state, Event::Command(Command::Back));
    assert_eq!(state.nav.mode, Mode::Normal);
    assert!(!state.quit);
    // `:quit` asks too; a wrong word does not quit; `quit` and Enter does.
    update(&mut state, Event::Command(Command::Quit));
    type_text(&mut state, "qui");
    assert!(update(&mut state, Event::Command(Command::Confirm)).is_empty());
    type_text(&mut state, "t");
    assert_eq!(update(&mut state, Event::Command(Command::Confirm)), vec![Effect::Quit]);
    assert!(state.quit);
    // Ctrl-C twice quits too.
    let mut again = self::state();
    select(&mut again, Tab::Capacity, "web");
    update(&mut again, Event::Command(Command::ScaleUp));
    type_text(&mut again, "y");
    update(&mut again, Event::Command(Command::Quit));
    assert_eq!(update(&mut again, Event::Command(Command::Quit)), vec![Effect::Quit]);
    // A signal has nobody to ask.
    let mut signalled = self::state();
    select(&mut signalled, Tab::Capacity, "web");
    update(&mut signalled, Event::Command(Command::ScaleUp));
    type_text(&mut signalled, "y");
    assert_eq!(update(&mut signalled, Event::Stop("SIGTERM: stopping".into())), vec![Effect::Quit]);
    assert!(signalled.quit);
    // With no run in progress, quit quits.
    let mut idle = self::state();
    assert_eq!(update(&mut idle, Event::Command(Command::Quit)), vec![Effect::Quit]);
}
