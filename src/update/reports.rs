//! The analysis reports view of the Performance tab: `R` lists the focus's reports, ↑/↓ pick
//! one, Enter opens its insights, Esc goes back to the list. Both are fetched when they open
//! (and on refresh), forgotten when the view closes. A report still running is looked at
//! again with each Performance poll, at most `MAX_POLLS` times; a report run (`A`) refetches
//! the list as it moves on.

use crate::event::Effect;
use crate::feed::Feed;
use crate::state::{DetailTarget, Mode, ReportFeed, ReportsFeed, State, Tab};

/// Looks again at a running report, at most this many times per report.
pub(super) const MAX_POLLS: u32 = 30;

/// `R`: the reports of the focus (Performance tab only).
pub(super) fn open_reports(state: &mut State) {
    if state.nav.tab == Tab::Performance && state.fetched.focus.is_some() {
        state.nav.mode = Mode::Detail(DetailTarget::Reports);
    }
}

/// ↑/↓ in the list; true when the list took the move.
pub(super) fn move_by(state: &mut State, delta: isize) -> bool {
    if state.nav.mode != Mode::Detail(DetailTarget::Reports) {
        return false;
    }
    if let Some(reports) = state.fetched.reports.as_mut() {
        let len = reports.feed.data().map_or(0, Vec::len);
        reports.selected = reports.selected.saturating_add_signed(delta).min(len.saturating_sub(1));
    }
    true
}

/// Enter in the list opens the selected report; in another detail view it closes it.
/// True when the reports view took it.
pub(super) fn open(state: &mut State) -> bool {
    match &state.nav.mode {
        Mode::Detail(DetailTarget::Reports) => {
            let reports = state.fetched.reports.as_ref();
            let id = reports.and_then(|r| r.feed.data()?.get(r.selected)).map(|r| r.id.clone());
            if let Some(id) = id {
                state.nav.mode = Mode::Detail(DetailTarget::Report(id));
            }
            true
        }
        Mode::Detail(_) => {
            state.nav.mode = Mode::Normal;
            true
        }
        _ => false,
    }
}

/// Esc in a report goes back to the list; true when it did.
pub(super) fn back(state: &mut State) -> bool {
    if matches!(state.nav.mode, Mode::Detail(DetailTarget::Report(_))) {
        state.nav.mode = Mode::Detail(DetailTarget::Reports);
        return true;
    }
    false
}

/// The list and the open report follow the view: fetched when they open (or on refresh),
/// forgotten when it closes.
pub(super) fn follow(state: &mut State, refresh: bool) -> Vec<Effect> {
    let (open, Some(instance)) = (&state.nav.mode, state.fetched.focus.clone()) else {
        state.fetched.reports = None;
        return Vec::new();
    };
    let id = match open {
        Mode::Detail(DetailTarget::Reports) => None,
        Mode::Detail(DetailTarget::Report(id)) => Some(id.clone()),
        _ => {
            state.fetched.reports = None;
            return Vec::new();
        }
    };
    let mut effects = Vec::new();
    let kept = state.fetched.reports.take().filter(|r| r.instance == instance);
    let mut reports = kept.unwrap_or_else(|| {
        effects.push(Effect::FetchReports(instance.clone()));
        Box::new(ReportsFeed { instance: instance.clone(), feed: Feed::Loading, selected: 0, polls: 0, open: None })
    });
    if refresh && effects.is_empty() {
        effects.push(Effect::FetchReports(instance.clone()));
    }
    reports.open = match (id, reports.open.take()) {
        (Some(id), Some(open)) if open.id == id => {
            if refresh {
                effects.push(Effect::FetchReport(instance.clone(), id));
            }
            Some(open)
        }
        (Some(id), _) => {
            effects.push(Effect::FetchReport(instance.clone(), id.clone()));
            Some(ReportFeed { id, feed: Feed::Loading, polls: 0 })
        }
        (None, _) => None,
    };
    state.fetched.reports = Some(reports);
    effects
}

/// With each Performance poll: a running report open, or listed, is looked at again (bounded).
pub(super) fn poll_running(state: &mut State) -> Vec<Effect> {
    let Some(reports) = state.fetched.reports.as_mut() else { return Vec::new() };
    let mut effects = Vec::new();
    if let Some(open) = reports.open.as_mut()
        && open.feed.data().is_some_and(|r| r.summary.status.is_running())
        && open.polls < MAX_POLLS
    {
        open.polls += 1;
        effects.push(Effect::FetchReport(reports.instance.clone(), open.id.clone()));
    }
    if reports.feed.data().is_some_and(|list| list.iter().any(|r| r.status.is_running())) && reports.polls < MAX_POLLS {
        reports.polls += 1;
        effects.push(Effect::FetchReports(reports.instance.clone()));
    }
    effects
}

/// A report run moved on: the list (and the open report), if their view is open, again.
pub(super) fn run_moved(state: &State) -> Vec<Effect> {
    let Some(reports) = &state.fetched.reports else { return Vec::new() };
    let mut effects = vec![Effect::FetchReports(reports.instance.clone())];
    effects.extend(reports.open.as_ref().map(|o| Effect::FetchReport(reports.instance.clone(), o.id.clone())));
    effects
}
