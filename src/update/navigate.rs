//! Moving around: tabs, the cursor (by line, page, top and bottom), scrolling, terminal size.

use crate::event::Effect;
use crate::state::{Cursor, DetailTarget, Mode, State, Tab};

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
    keep_visible(cursor, page_rows);
    // A detail view follows the selected row; the blocking tree is not a row's.
    if matches!(&state.nav.mode, Mode::Detail(target) if *target != DetailTarget::Blocking) {
        state.nav.mode = detail_target(state).map_or(Mode::Normal, Mode::Detail);
    }
}

pub(super) fn keep_visible(cursor: &mut Cursor, page_rows: usize) {
    cursor.keep_visible(page_rows);
}

/// The terminal was resized: a page is as many rows as a table can show.
pub(super) fn resize(state: &mut State, columns: u16, rows: u16) {
    state.nav.columns = columns;
    state.nav.page_rows = usize::from(rows.saturating_sub(TABLE_CHROME_ROWS).max(1));
    state.dirty = true;
}
