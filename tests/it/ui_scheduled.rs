//! Screen tests of the scheduled-capacity dialogs at 120×40 and 80×24: `:runbook
//! prescale-window` on a group (both times, the sizes at each, the calls), and `X` in the
//! group's detail (the soonest action chosen, ←/→ to choose another).

use opsdeck::command::Command;
use opsdeck::event::Event;
use opsdeck::runbook::plan::{Action, Step};
use opsdeck::state::{Mode, State, Tab};
use opsdeck::update::update;

use crate::fixtures;
use crate::ui::screen;

const SIZES: [(u16, u16); 2] = [(120, 40), (80, 24)];

/// A state to draw, built when its case runs.
type Fixture = fn() -> State;

fn on_web() -> State {
    let mut state = fixtures::ready();
    update(&mut state, Event::Command(Command::TabCapacity));
    update(&mut state, Event::Command(Command::Top));
    while state.selected_key(Tab::Capacity).map(|k| k.id) != Some("shop-web-asg".to_owned()) {
        update(&mut state, Event::Command(Command::Down));
    }
    state
}

fn prescale() -> State {
    let mut state = on_web();
    update(&mut state, Event::Command(Command::Palette));
    "runbook prescale-window".chars().for_each(|c| drop(update(&mut state, Event::Text(c))));
    update(&mut state, Event::Command(Command::Confirm));
    state
}

fn removal() -> State {
    let mut state = on_web();
    update(&mut state, Event::Command(Command::Open));
    update(&mut state, Event::Command(Command::RemoveScheduled));
    state
}

fn deleted(state: &State) -> Option<String> {
    let Mode::Confirm(confirm) = &state.nav.mode else { return None };
    match confirm.plan.steps.first() {
        Some(Step::Call { action: Action::DeleteScheduledAction { name, .. }, .. }) => Some(name.clone()),
        _ => None,
    }
}

#[test]
fn scheduled_capacity_dialogs() {
    let cases: [(&str, Fixture); 2] = [("confirm_prescale", prescale), ("confirm_remove_scheduled", removal)];
    for (name, state) in cases {
        let state = state();
        assert!(matches!(state.nav.mode, Mode::Confirm(_)), "{name}: {:?}", state.notice);
        for (w, h) in SIZES {
            insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen(&state, w, h));
        }
    }
}

#[test]
fn left_and_right_choose_the_action_to_remove() {
    let mut state = removal();
    assert_eq!(deleted(&state).as_deref(), Some("opsdeck-prescale-20261127-150000-start"), "the soonest first");
    update(&mut state, Event::Command(Command::NextChoice));
    assert_eq!(deleted(&state).as_deref(), Some("opsdeck-prescale-20261127-150000-end"));
    update(&mut state, Event::Command(Command::NextChoice));
    assert_eq!(deleted(&state).as_deref(), Some("opsdeck-prescale-20261127-150000-start"), "round again");
    update(&mut state, Event::Command(Command::Back));
    update(&mut state, Event::Command(Command::RemoveScheduled));
    assert!(matches!(state.nav.mode, Mode::Normal), "X means nothing outside a group's detail");
}
