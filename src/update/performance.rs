//! The Performance tab's own keys: the next slice (dimension) and the next window, each
//! refetched at once for the instance in focus; the blocking tree; and an open statement's
//! detail, fetched when its view opens (or moves to another statement, or is refreshed),
//! forgotten when it closes, with its execution plans compared side by side or one alone.

use crate::event::Effect;
use crate::feed::Feed;
use crate::state::{DetailTarget, Mode, PlanShown, SqlDetailFeed, State, Tab};

/// Slices DB load by the next dimension.
pub(super) fn next_slice(state: &mut State) -> Vec<Effect> {
    change_view(state, false, |view| view.dimension = view.dimension.next())
}

/// Shows the next time window: on the Performance tab, and in a DB instance's detail view,
/// whose sparklines follow the same window (see `db_history`).
pub(super) fn next_window(state: &mut State) -> Vec<Effect> {
    let in_detail = super::db_history::detail_instance(state).is_some();
    change_view(state, in_detail, |view| view.window = view.window.next())
}

/// The data held stays on screen, titled with the view it answers, until the new one arrives.
/// The window is one for the console, so a change from a detail view refocuses PI too.
fn change_view(
    state: &mut State,
    in_detail: bool,
    change: impl FnOnce(&mut crate::cloud::model::PiView),
) -> Vec<Effect> {
    if state.nav.tab != Tab::Performance && !in_detail {
        return Vec::new();
    }
    change(&mut state.fetched.pi_view);
    match state.fetched.pi_query() {
        Some(query) => vec![Effect::FocusPerformance(Some(query))],
        None => Vec::new(),
    }
}

/// Opens the blocking tree of the focus (Performance tab only).
pub(super) fn open_blocking(state: &mut State) {
    if state.nav.tab == Tab::Performance && state.fetched.focus.is_some() {
        state.nav.mode = Mode::Detail(DetailTarget::Blocking);
    }
}

/// The blocking view is fetched when it opens (or is refreshed), forgotten when it closes.
pub(super) fn follow_blocking(state: &mut State, refresh: bool) -> Option<Effect> {
    let (Mode::Detail(DetailTarget::Blocking), Some(query)) = (&state.nav.mode, state.fetched.pi_query()) else {
        state.fetched.blocking = None;
        return None;
    };
    if !refresh && state.fetched.blocking.as_deref().is_some_and(|(q, _)| *q == query) {
        return None;
    }
    let feed = state.fetched.blocking.take().filter(|b| b.0 == query).map_or(Feed::Loading, |b| b.1);
    state.fetched.blocking = Some(Box::new((query.clone(), feed)));
    Some(Effect::FetchBlocking(query))
}

/// A statement's detail view shows its full text and its own load over the window.
pub(super) fn follow_sql_detail(state: &mut State, refresh: bool) -> Option<Effect> {
    let (Mode::Detail(DetailTarget::Sql(id)), Some(query)) = (&state.nav.mode, state.fetched.pi_query()) else {
        state.fetched.sql_detail = None;
        return None;
    };
    let same = |d: &SqlDetailFeed| d.id == *id && d.query == query;
    if !refresh && state.fetched.sql_detail.as_ref().is_some_and(same) {
        return None;
    }
    let id = id.clone();
    let kept = state.fetched.sql_detail.take().filter(|d| d.id == id && d.query == query);
    let (feed, plan) = kept.map_or((Feed::Loading, PlanShown::default()), |d| (d.feed, d.plan));
    state.fetched.sql_detail = Some(SqlDetailFeed { query: query.clone(), id: id.clone(), feed, plan });
    Some(Effect::FetchSqlDetail(query, id))
}

/// `p` in a statement's detail: its two heaviest plans side by side, or one alone.
pub(super) fn next_plan(state: &mut State) {
    let Some(detail) = state.fetched.sql_detail.as_mut() else { return };
    if !matches!(&state.nav.mode, Mode::Detail(DetailTarget::Sql(id)) if *id == detail.id) {
        return;
    }
    let plans = detail.feed.data().map_or(0, |d| d.plans.plans.len());
    detail.plan = detail.plan.next(plans);
}
