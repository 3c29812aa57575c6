//! A group's scheduled actions from its detail on the Capacity tab: `X` opens the confirm
//! dialog of `remove-scheduled-action` on the group, the soonest action chosen (←/→ in the
//! dialog choose another, as for any choice parameter). The plan, confirmation, run and audit
//! are every runbook's.

use crate::runbook::book::props::scheduled_actions;
use crate::runbook::plan::Request;
use crate::state::{DetailTarget, Mode, Notice, State};

use super::{named, open};

/// The runbook `X` plans.
pub const REMOVE: &str = "remove-scheduled-action";

/// `X` in a group's detail: the dialog on removing one of its scheduled actions, or why not.
pub(in crate::update) fn remove(state: &mut State) {
    if named::refused(state) {
        return;
    }
    let Mode::Detail(DetailTarget::Group(group)) = &state.nav.mode else {
        state.notice = Some(Notice::warn("X removes a scheduled action in a group's detail (tab 4, Enter)"));
        return;
    };
    let group = group.clone();
    let first = scheduled_actions(&state.fleet_view(), &group).into_iter().next();
    let Some(first) = first else {
        state.notice = Some(Notice::warn("the group has no scheduled action"));
        return;
    };
    let given = vec![("action".to_owned(), first)];
    open(state, Request::Runbook { name: REMOVE.to_owned(), target: group, at: state.now, given });
}
