//! The Overview's lists hold the selection too: → / ← (or `>` / `<`) move it between the grid
//! and each list that has rows, ↑↓ move within the list, and Enter opens the row's resource in
//! its tab — an alarm on Alarms, a replica on Replication, a group on Capacity, a database on
//! the Fleet tab — selected there with its detail open.

use opsdeck::command::Command;
use opsdeck::event::{Effect, Event, ReplayAction};
use opsdeck::state::overview_pane::{self, Pane};
use opsdeck::state::{DetailTarget, Mode, ReplayStatus, State, Tab};
use opsdeck::update::update;

use crate::fixtures;
use crate::ui::{on_tab, screen};

/// The ready fleet on the Overview, with DB load on three of its databases (the fixture's
/// metrics have none: Performance Insights counters are not in its series).
fn overview() -> State {
    let mut state = on_tab(&fixtures::ready(), Tab::Overview);
    for (cell, load) in state.rows.overview.iter_mut().zip([0.4, 1.6, 0.9]) {
        cell.load_relative = Some(load);
    }
    state
}

fn press(state: &mut State, command: Command) -> Vec<Effect> {
    update(state, Event::Command(command))
}

/// Moves the selection to `pane` with →, as a user would.
fn focus(state: &mut State, pane: Pane) {
    for _ in Pane::ALL {
        if state.nav.overview.pane == pane {
            return;
        }
        press(state, Command::ReplayForward);
    }
    panic!("{pane:?} is never reached: is it empty in the fixture?");
}

#[test]
fn the_fixture_fills_every_list() {
    let state = overview();
    for pane in Pane::ALL {
        assert!(overview_pane::len(&state.rows, pane) > 0, "{pane:?} has rows in the ready fixture");
    }
}

#[test]
fn right_and_left_cycle_the_panes_and_the_grid_keeps_its_place() {
    let mut state = overview();
    press(&mut state, Command::Down);
    press(&mut state, Command::Down);
    let grid_key = state.selected_key(Tab::Overview);
    let mut seen = Vec::new();
    for _ in Pane::ALL {
        press(&mut state, Command::ReplayForward);
        seen.push(state.nav.overview.pane);
    }
    assert_eq!(seen, [Pane::Load, Pane::Alarms, Pane::Lag, Pane::Groups, Pane::Grid]);
    assert_eq!(state.selected_key(Tab::Overview), grid_key, "back on the grid where it was");
    press(&mut state, Command::PrevPane);
    assert_eq!(state.nav.overview.pane, Pane::Groups);
    assert_eq!(state.cursor(Tab::Overview).selected, 0, "a list is entered at its first row");
    press(&mut state, Command::NextPane);
    assert_eq!(state.nav.overview.pane, Pane::Grid);
    assert_eq!(state.nav.tab, Tab::Overview, "moving between panes never leaves the tab");
}

#[test]
fn an_empty_list_is_passed_over() {
    let mut state = overview();
    state.rows.alarms.clear();
    focus(&mut state, Pane::Load);
    press(&mut state, Command::NextPane);
    assert_eq!(state.nav.overview.pane, Pane::Lag, "no alarms firing: nothing to select there");
}

#[test]
fn down_moves_within_the_list_and_stops_at_its_end() {
    let mut state = overview();
    focus(&mut state, Pane::Groups);
    let groups = overview_pane::len(&state.rows, Pane::Groups);
    for _ in 0..groups + 3 {
        press(&mut state, Command::Down);
    }
    assert_eq!(state.cursor(Tab::Overview).selected, groups - 1);
    assert_eq!(state.selected_key(Tab::Overview), state.rows.groups.last().map(|g| g.key.clone()));
}

#[test]
fn enter_on_an_alarm_opens_it_on_the_alarms_tab() {
    let mut state = overview();
    focus(&mut state, Pane::Alarms);
    let newest = overview_pane::firing(&state.rows)[0].key();
    press(&mut state, Command::Open);
    assert_eq!(state.nav.tab, Tab::Alarms);
    assert_eq!(state.nav.mode, Mode::Detail(DetailTarget::Alarm(newest.clone())));
    assert_eq!(state.selected_key(Tab::Alarms), Some(newest));
}

#[test]
fn enter_on_a_group_opens_it_on_the_capacity_tab() {
    let mut state = overview();
    focus(&mut state, Pane::Groups);
    press(&mut state, Command::Down);
    let second = state.rows.groups[1].key.clone();
    press(&mut state, Command::Open);
    assert_eq!(state.nav.tab, Tab::Capacity);
    assert_eq!(state.nav.mode, Mode::Detail(DetailTarget::Group(second.clone())));
    assert_eq!(state.selected_key(Tab::Capacity), Some(second));
}

#[test]
fn enter_on_a_lag_row_opens_the_replica_on_the_replication_tab() {
    let mut state = overview();
    focus(&mut state, Pane::Lag);
    let worst = overview_pane::keys(&state.rows, Pane::Lag)[0].clone();
    press(&mut state, Command::Open);
    assert_eq!(state.nav.tab, Tab::Replication);
    assert_eq!(state.nav.mode, Mode::Detail(DetailTarget::Db(worst.clone())));
    assert_eq!(state.selected_key(Tab::Replication), Some(worst));
}

#[test]
fn enter_on_a_loaded_database_opens_it_on_the_fleet_tab() {
    let mut state = overview();
    focus(&mut state, Pane::Load);
    let top = overview_pane::keys(&state.rows, Pane::Load)[0].clone();
    press(&mut state, Command::Open);
    assert_eq!(state.nav.tab, Tab::Fleet);
    assert_eq!(state.nav.mode, Mode::Detail(DetailTarget::Db(top.clone())));
    assert_eq!(state.selected_key(Tab::Fleet), Some(top));
}

#[test]
fn the_list_with_the_selection_is_marked_on_screen() {
    let mut state = overview();
    focus(&mut state, Pane::Alarms);
    for (w, h) in [(80, 24), (120, 40), (200, 55)] {
        let text = screen(&state, w, h);
        assert!(text.contains("▸ Alarms in ALARM"), "{w}x{h}: {text}");
        assert!(!text.contains("▸ Top DB load"), "{w}x{h}: one list is marked");
    }
    let _ = screen(&state, 20, 5);
}

#[test]
fn in_a_replay_right_and_left_still_move_the_clock() {
    let mut state = overview();
    state.session.replay = Some(ReplayStatus { playing: false, speed: 1, ended: false });
    let effects = press(&mut state, Command::ReplayForward);
    assert_eq!(state.nav.overview.pane, Pane::Grid);
    assert!(effects.iter().any(|e| matches!(e, Effect::Replay(ReplayAction::Step(60)))), "{effects:?}");
    press(&mut state, Command::NextPane);
    assert_eq!(state.nav.overview.pane, Pane::Load, "`>` moves the selection in a replay too");
}

#[test]
fn the_top_load_list_is_the_ten_highest_in_the_grid_order_for_ties() {
    let mut state = on_tab(&fixtures::big_fleet(2_000), Tab::Overview);
    for (i, cell) in state.rows.overview.iter_mut().enumerate() {
        cell.load_relative = (i % 7 != 0).then(|| f64::from(u32::try_from(i % 13).unwrap()) / 4.0);
    }
    let mut sorted: Vec<_> = state.rows.overview.iter().filter(|c| c.load_relative.is_some()).collect();
    sorted.sort_by(|a, b| b.load_relative.unwrap().total_cmp(&a.load_relative.unwrap()));
    let expected: Vec<_> = sorted.into_iter().take(10).map(|c| c.key().clone()).collect();
    let top: Vec<_> =
        opsdeck::state::overview::top_load(&state.rows.overview, 10).into_iter().map(|c| c.key().clone()).collect();
    assert_eq!(top, expected);
}
