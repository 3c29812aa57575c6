//! The mouse: click a tab to switch to it, click a row to select it (again to open its
//! detail), scroll to move. Positions follow the fixed layout of the screen's top rows.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

use crate::cloud::model::AlarmState;
use crate::command::Command;
use crate::event::Effect;
use crate::state::tab::bar;
use crate::state::{Mode, State, Tab};

use super::{move_by, run_command, switch_tab};

/// The tabs line's row, and the first table row (header, tabs, border, column titles).
const TABS_ROW: u16 = 1;
const FIRST_ROW: u16 = 4;

/// Rows one scroll step moves.
const SCROLL: isize = 3;

pub(super) fn handle(state: &mut State, mouse: MouseEvent) -> Vec<Effect> {
    if state.session.kiosk.is_some() || !matches!(state.nav.mode, Mode::Normal | Mode::Detail(_)) {
        return Vec::new();
    }
    state.dirty = true;
    match mouse.kind {
        MouseEventKind::ScrollDown => move_by(state, SCROLL),
        MouseEventKind::ScrollUp => move_by(state, -SCROLL),
        MouseEventKind::Down(MouseButton::Left) if mouse.row == TABS_ROW => {
            if let Some(tab) = tab_at(state, mouse.column) {
                return switch_tab(state, tab).into_iter().collect();
            }
        }
        // The Overview's rows are not a table's: its cells and lists are chosen with the keys.
        MouseEventKind::Down(MouseButton::Left)
            if mouse.row >= FIRST_ROW && state.nav.mode == Mode::Normal && state.nav.tab != Tab::Overview =>
        {
            return click_row(state, usize::from(mouse.row - FIRST_ROW));
        }
        _ => state.dirty = false,
    }
    Vec::new()
}

/// The tab under a column of the tabs line (" 0 Overview  1 Fleet  2 Replication  …"), laid
/// out as the screen draws it at the terminal's width.
pub fn tab_at(state: &State, column: u16) -> Option<Tab> {
    let firing = state.rows.alarms.iter().take_while(|r| r.alarm.state == AlarmState::Alarm).count();
    let (_, at) = bar(firing, state.nav.columns);
    at.into_iter().find(|&(_, x, width)| (x..x.saturating_add(width)).contains(&column)).map(|(tab, ..)| tab)
}

fn click_row(state: &mut State, visible: usize) -> Vec<Effect> {
    let tab = state.nav.tab;
    let cursor = state.cursor(tab);
    let index = cursor.offset + visible;
    if index >= state.row_count(tab) {
        return Vec::new();
    }
    if index == cursor.selected {
        return run_command(state, Command::Open);
    }
    let delta = isize::try_from(index).unwrap_or(0) - isize::try_from(cursor.selected).unwrap_or(0);
    move_by(state, delta);
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_are_found_where_the_tabs_line_draws_them() {
        let mut state = State::new("TEST", Vec::new());
        state.nav.columns = 120;
        let at = |state: &State, column| tab_at(state, column);
        let tab_at = |column| at(&state, column);
        assert_eq!(tab_at(0), None);
        assert_eq!(tab_at(1), Some(Tab::Overview));
        assert_eq!(tab_at(11), None, "the gap between tabs");
        assert_eq!(tab_at(13), Some(Tab::Fleet));
        assert_eq!(tab_at(19), Some(Tab::Fleet));
        assert_eq!(tab_at(22), Some(Tab::Replication));
        assert_eq!(tab_at(64), Some(Tab::Alarms));
        assert_eq!(tab_at(80), Some(Tab::Timeline));
        // At 80 columns the short titles are drawn.
        state.nav.columns = 80;
        assert_eq!(at(&state, 30), Some(Tab::Performance));
        assert_eq!(at(&state, 64), Some(Tab::Timeline));
    }
}
