//! The time window of a DB instance's detail view: `w` there moves the console's one window
//! (the Performance tab's too), and a window past the metrics feed's hour (6 h, 24 h, 7 days)
//! is fetched for that instance alone when the view opens, when the window changes and on
//! refresh; it is forgotten when the view closes. 5 minutes and 1 hour come from the feed.

use crate::cloud::model::ResourceKey;
use crate::event::Effect;
use crate::feed::Feed;
use crate::state::{DbHistory, DetailTarget, Mode, State};

/// The DB instance (not a cluster) whose detail view is open.
pub(super) fn detail_instance(state: &State) -> Option<&ResourceKey> {
    match &state.nav.mode {
        Mode::Detail(DetailTarget::Db(key)) if state.instance(key).is_some() => Some(key),
        _ => None,
    }
}

/// Asks for the open instance's window when it is not held yet (or on refresh).
pub(super) fn follow(state: &mut State, refresh: bool) -> Option<Effect> {
    let window = state.fetched.pi_view.window;
    let Some(key) = detail_instance(state).filter(|_| !window.in_metrics_feed()).cloned() else {
        state.fetched.db_history = None;
        return None;
    };
    let same = |h: &DbHistory| h.instance == key && h.window == window;
    if !refresh && state.fetched.db_history.as_deref().is_some_and(same) {
        return None;
    }
    let feed = state.fetched.db_history.take().filter(|h| same(h)).map_or(Feed::Loading, |h| h.feed);
    state.fetched.db_history = Some(Box::new(DbHistory { instance: key.clone(), window, feed }));
    Some(Effect::FetchDbHistory(key, window))
}
