//! `:runbook NAME` for any runbook file in the library: the confirm dialog on it and the
//! selected row when the row is a target of its kind, else a notice saying what it acts on.

use crate::runbook::book::props::Target;
use crate::runbook::plan::Request;
use crate::state::{Notice, State, Writes};

use super::open;

/// Whether runbooks are off; if so the notice says why.
pub(super) fn refused(state: &mut State) -> bool {
    if state.session.writes != Writes::ReadOnly {
        return false;
    }
    // Short: the status bar of an 80-column replay must still have room for it.
    let why = if state.session.replay.is_some() {
        "a replay: runbooks never run".to_owned()
    } else {
        format!("read-only: {}, runbooks are off", state.session.read_only_because)
    };
    state.notice = Some(Notice::warn(why));
    true
}

/// The runbook picker (`B`): the palette on `runbook `, whose candidates are the runbooks that
/// apply to the selected row.
pub(in crate::update) fn pick(state: &mut State) {
    if !refused(state) {
        state.nav.mode = crate::state::Mode::Palette("runbook ".to_owned());
    }
}

/// `:runbook NAME`: the confirm dialog on that runbook file and the selected row, or why not.
pub(in crate::update) fn request_book(state: &mut State, name: String) {
    if refused(state) {
        return;
    }
    let Some(book) = state.session.runbooks.get(&name) else { return };
    let kind = book.target;
    let fleet = state.fleet_view();
    let fits = state.selected_key(state.nav.tab).filter(|key| Target::resolve(&fleet, kind, key).is_some());
    if let Some(target) = fits {
        open(state, Request::Runbook { name, target, texts: Vec::new() });
    } else {
        let why = format!("{name} acts on target kind {}: select one first", kind.name());
        state.notice = Some(Notice::warn(crate::printable::escape(&why).into_owned()));
    }
}
