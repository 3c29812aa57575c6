//! Sorting: `o` picks the next column, `O` reverses, `:sort COLUMN [desc]` names one.

use crate::state::palette::columns;
use crate::state::{Notice, State};

use super::filter::requery;

pub(super) fn next(state: &mut State) {
    let count = columns(state.nav.tab).len();
    state.nav.query_mut().next_sort(count);
    requery(state);
}

pub(super) fn reverse(state: &mut State) {
    let query = state.nav.query_mut();
    if query.sort.is_none() {
        state.notice = Some(Notice::info("o picks a column to sort by; O reverses it"));
        return;
    }
    query.descending = !query.descending;
    requery(state);
}

/// Sorts the current table by a column of its `COLUMNS`.
pub(super) fn by(state: &mut State, column: usize, descending: bool) {
    let query = state.nav.query_mut();
    query.sort = Some(column);
    query.descending = descending;
    requery(state);
}
