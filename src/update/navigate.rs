//! Moving around: tabs, the cursor (by line, page, top and bottom), scrolling, terminal size.

use crate::event::Effect;
use crate::state::overview_pane::{self, Pane};
use crate::state::{DetailTarget, Mode, State, Tab};

use super::detail::{detail_target, follow_selection};

/// Lines of chrome around a table (header, tabs, borders, column header, status bar).
const TABLE_CHROME_ROWS: u16 = 6;

pub(super) fn page(state: &State) -> isize {
    isize::try_from(state.nav.page_rows.max(1)).unwrap_or(1)
}

pub(super) fn switch_tab(state: &mut State, tab: Tab) -> Option<Effect> {
    state.nav.mode = Mode::Normal;
    state.nav.tab = tab;
    if tab == Tab::Performance { follow_selection(state) } else { None }
}

pub(super) fn move_by(state: &mut State, delta: isize) {
    if state.nav.mode == Mode::Help {
        return;
    }
    let tab = state.nav.tab;
    let count = state.row_count(tab);
    let page_rows = state.nav.page_rows;
    let cursor = &mut state.nav.cursors[tab];
    cursor.moved = true;
    cursor.selected = cursor.selected.saturating_add_signed(delta).min(count.saturating_sub(1));
    cursor.keep_visible(page_rows);
    // A detail view follows the selected row; the blocking tree is not a row's.
    if matches!(&state.nav.mode, Mode::Detail(target) if *target != DetailTarget::Blocking) {
        state.nav.mode = detail_target(state).map_or(Mode::Normal, Mode::Detail);
    }
}

/// The terminal was resized: a page is as many rows as a table can show.
pub(super) fn resize(state: &mut State, columns: u16, rows: u16) {
    state.nav.columns = columns;
    state.nav.page_rows = usize::from(rows.saturating_sub(TABLE_CHROME_ROWS).max(1));
    state.dirty = true;
}

/// Moves the Overview's selection to the next (or previous) pane that has rows: the grid, then
/// each list beside it. Each pane keeps its own cursor.
pub(super) fn move_pane(state: &mut State, forward: bool) {
    if state.nav.tab != Tab::Overview || state.nav.mode != Mode::Normal {
        return;
    }
    let mut pane = state.nav.overview.pane;
    for _ in Pane::ALL {
        pane = if forward { pane.next() } else { pane.prev() };
        if pane == Pane::Grid || overview_pane::len(&state.rows, pane) > 0 {
            break;
        }
    }
    let current = state.nav.cursors[Tab::Overview];
    let mut cursor = state.nav.overview.enter(pane, current);
    cursor.selected = cursor.selected.min(overview_pane::len(&state.rows, pane).saturating_sub(1));
    cursor.keep_visible(state.nav.page_rows);
    state.nav.cursors[Tab::Overview] = cursor;
}
