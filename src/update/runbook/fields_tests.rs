//! Editing a runbook file's parameters in the confirm dialog: numbers by digits and ↑/↓, a
//! time typed or moved by a quarter of an hour, text typed (where `y` is a letter, not a yes),
//! a switch toggled; each change is planned at once and `y` at the prompt runs what is shown.

use std::sync::Arc;

use crate::command::Command;
use crate::event::{Effect, Event};
use crate::runbook::book::Library;
use crate::runbook::book::validate::load;
use crate::runbook::plan::{Action, Request};
use crate::state::runs::Confirm;
use crate::state::{Mode, State, Tab};
use crate::update::update;

const NOTE_AND_SWITCH: &str = r#"
name = "tagged-snapshot"
description = "a snapshot named by the operator, its DR copy optional"
title = "Snapshot {id} as {snapshot_id}"
target = "db_instance"
risk = "low"

[[params]]
name = "snapshot_id"
type = "text"
label = "snapshot id"
default = "{id}-before-{stamp}"

[[params]]
name = "copy"
type = "boolean"
label = "copy to the DR region"
default = "false"

[[steps]]
call = "create_db_snapshot"
with = { snapshot_id = "snapshot_id" }

[[steps]]
call = "copy_db_snapshot"
with = { snapshot_id = "snapshot_id", region = "'us-west-2'" }
when = "copy"
"#;

fn open(name: &str, tab: Tab, row: &str) -> State {
    let mut state = super::tests::state();
    let mut library = Library::builtin().unwrap();
    library.add(load("tagged-snapshot.toml", NOTE_AND_SWITCH, false).unwrap());
    state.session.runbooks = Arc::new(library);
    super::tests::select(&mut state, tab, row);
    update(&mut state, Event::Command(Command::Palette));
    for c in format!("runbook {name}").chars() {
        update(&mut state, Event::Text(c));
    }
    update(&mut state, Event::Command(Command::Confirm));
    state
}

fn confirm(state: &State) -> &Confirm {
    match &state.nav.mode {
        Mode::Confirm(confirm) => confirm,
        other => panic!("{other:?} {:?}", state.notice),
    }
}

fn press(state: &mut State, command: Command) {
    update(state, Event::Command(command));
}

fn typing(state: &mut State, text: &str) -> Vec<Effect> {
    text.chars().flat_map(|c| update(state, Event::Text(c))).collect()
}

fn focus_on(state: &mut State, name: &str) {
    for _ in 0..=confirm(state).fields.len() {
        if confirm(state).focused().is_some_and(|f| f.name == name) {
            return;
        }
        press(state, Command::NextField);
    }
    panic!("no field {name}");
}

fn puts(state: &State) -> Vec<(String, i64, u32, u32, u32)> {
    crate::runbook::fixtures::calls(&confirm(state).plan)
        .into_iter()
        .filter_map(|a| match a {
            Action::PutScheduledAction { name, start, min, desired, max, .. } => {
                Some((name.clone(), start.timestamp(), *min, *desired, *max))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn numbers_take_digits_and_arrows_and_what_follows_from_them_follows() {
    let mut state = open("prescale-window", Tab::Capacity, "web");
    let names: Vec<&str> = confirm(&state).fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["start", "end", "window_desired", "window_min", "window_max"]);
    assert_eq!(confirm(&state).focused().map(|f| f.name.as_str()), Some("window_desired"), "not a typed field");
    let before = puts(&state);
    assert_eq!(before.len(), 2, "{before:?}");
    for _ in 0..confirm(&state).value("window_desired").unwrap().len() {
        press(&mut state, Command::DeleteChar);
    }
    assert_eq!(confirm(&state).value("window_desired"), Some(""));
    assert!(!confirm(&state).plan.can_confirm(), "no number, no plan");
    typing(&mut state, "9");
    press(&mut state, Command::Increment);
    assert_eq!(confirm(&state).value("window_desired"), Some("10"));
    let after = puts(&state);
    assert_eq!((after[0].2, after[0].3), (10, 10), "the minimum follows the desired capacity: {after:?}");
    assert_eq!(after[1], before[1], "the end puts back the sizes of now");
}

#[test]
fn a_time_is_typed_or_moved_and_y_in_it_is_a_letter() {
    let mut state = open("prescale-window", Tab::Capacity, "web");
    let start = puts(&state)[0].1;
    focus_on(&mut state, "start");
    press(&mut state, Command::Increment);
    assert_eq!(puts(&state)[0].1, start - start % 60 + 15 * 60, "↑ is a quarter of an hour later, to the minute");
    for _ in 0..32 {
        press(&mut state, Command::DeleteChar);
    }
    let effects = typing(&mut state, "in 3h");
    assert!(effects.is_empty());
    let opened = match &confirm(&state).request {
        Request::Runbook { at: Some(at), .. } => at.timestamp(),
        other => panic!("{other:?}"),
    };
    assert_eq!(puts(&state)[0].1, opened + 3 * 3600);
    assert_eq!(
        confirm(&state).value("end").map(str::len),
        Some(16),
        "the end follows: {:?}",
        confirm(&state).value("end")
    );
    let effects = typing(&mut state, "y");
    assert!(effects.is_empty() && matches!(state.nav.mode, Mode::Confirm(_)), "y is typed into the time");
    assert!(!confirm(&state).plan.can_confirm(), "`in 3hy` is no time: {:?}", confirm(&state).plan.checks);
    press(&mut state, Command::DeleteChar);
    // Tab round to the prompt, where y runs exactly the plan shown.
    while confirm(&state).focused().is_some() {
        press(&mut state, Command::NextField);
    }
    let shown = confirm(&state).plan.clone();
    let effects = typing(&mut state, "y");
    let [Effect::StartRun { plan, .. }] = &effects[..] else { panic!("{effects:?}") };
    assert_eq!(**plan, shown);
}

#[test]
fn text_is_typed_and_a_switch_toggles_a_step() {
    let mut state = open("tagged-snapshot", Tab::Fleet, "main");
    assert_eq!(confirm(&state).focused().map(|f| f.name.as_str()), Some("copy"));
    assert_eq!(confirm(&state).plan.steps.len(), 1, "the snapshot alone");
    typing(&mut state, " ");
    assert_eq!(confirm(&state).value("copy"), Some("true"));
    assert!(
        crate::runbook::fixtures::calls(&confirm(&state).plan)
            .iter()
            .any(|a| matches!(a, Action::CopyDbSnapshot { .. }))
    );
    press(&mut state, Command::PrevChoice);
    assert_eq!(confirm(&state).value("copy"), Some("false"));
    focus_on(&mut state, "snapshot_id");
    let id = confirm(&state).value("snapshot_id").unwrap().to_owned();
    assert!(id.starts_with("main-before-"), "{id}");
    typing(&mut state, "-by-yann");
    let made = crate::runbook::fixtures::calls(&confirm(&state).plan).into_iter().find_map(|a| match a {
        Action::CreateDbSnapshot { snapshot_id, .. } => Some(snapshot_id.clone()),
        _ => None,
    });
    assert_eq!(made, Some(format!("{id}-by-yann")), "y and n are letters here");
}
