//! The `/` filter: the current table narrows as you type; Esc clears it.

use crate::command::Command;
use crate::event::Effect;
use crate::state::{Cursor, Mode, State};

use super::rebuild::rebuild;

/// Rebuilds the current tab after its query changed, back at the top.
pub(super) fn requery(state: &mut State) {
    let tab = state.nav.tab;
    rebuild(state, &[tab]);
    state.nav.cursors[tab] = Cursor::default();
}

/// Esc in normal mode: clear the current table's filter, if it has one.
pub(super) fn clear(state: &mut State) {
    if !state.nav.query().filter.is_empty() {
        state.nav.query_mut().filter.clear();
        requery(state);
    }
}

/// Sets the current table's filter (`:filter TEXT`).
pub(super) fn set(state: &mut State, text: String) {
    state.nav.query_mut().filter = text;
    requery(state);
}

/// A command while the filter is being typed.
pub(super) fn command(state: &mut State, command: Command) -> Vec<Effect> {
    match command {
        Command::Back => {
            state.nav.mode = Mode::Normal;
            clear(state);
        }
        Command::Confirm => state.nav.mode = Mode::Normal,
        Command::DeleteChar => {
            state.nav.query_mut().filter.pop();
            requery(state);
        }
        Command::Quit => return super::quit(state),
        _ => {}
    }
    Vec::new()
}

/// A character typed into the filter.
pub(super) fn text(state: &mut State, c: char) {
    state.nav.query_mut().filter.push(c);
    requery(state);
}
