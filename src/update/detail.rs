//! Detail views and focus: Enter opens the selected row, an alarm's detail fetches its history,
//! and Performance Insights follows the selected instance.

use crate::cloud::model::{DbRole, ResourceKey};
use crate::event::Effect;
use crate::feed::Feed;
use crate::state::{AlarmHistory, Cursor, DetailTarget, Mode, State, Tab};

use super::rebuild::position;

pub(super) fn detail_target(state: &State) -> Option<DetailTarget> {
    match state.nav.tab {
        Tab::Overview => {
            let key = state.selected_key(Tab::Overview)?;
            Some(match state.nav.overview.pane.opens_in() {
                Tab::Capacity => DetailTarget::Group(key),
                Tab::Alarms => DetailTarget::Alarm(key),
                _ => DetailTarget::Db(key),
            })
        }
        Tab::Fleet | Tab::Replication => state.selected_key(state.nav.tab).map(DetailTarget::Db),
        Tab::Capacity => state.selected_key(Tab::Capacity).map(DetailTarget::Group),
        Tab::Alarms => state.selected_key(Tab::Alarms).map(DetailTarget::Alarm),
        // Enter on an event goes to its resource instead (`timeline::jump`).
        Tab::Timeline => None,
        Tab::Performance => {
            let index = state.cursor(Tab::Performance).selected;
            state.rows.sql.get(index).map(|s| DetailTarget::Sql(s.sql.id.clone()))
        }
    }
}

/// Enter: the selected row's detail. On the Overview, the resource is opened in its tab — a
/// database on the Fleet tab, a replica on Replication, an alarm on Alarms, a group on
/// Capacity — with its row selected (when that tab's filter shows it) and its detail open.
pub(super) fn open_detail(state: &mut State) {
    let Some(target) = detail_target(state) else { return };
    if state.nav.tab == Tab::Overview {
        let tab = state.nav.overview.pane.opens_in();
        let key = match &target {
            DetailTarget::Db(key) | DetailTarget::Group(key) | DetailTarget::Alarm(key) => key.clone(),
            _ => return,
        };
        if let Some(index) = position(state, tab, &key) {
            let cursor = &mut state.nav.cursors[tab];
            cursor.selected = index;
            cursor.moved = true;
            cursor.keep_visible(state.nav.page_rows);
        }
        state.nav.tab = tab;
    }
    state.nav.mode = Mode::Detail(target);
}

/// An alarm's detail view shows its history: fetched when the view opens on an alarm (or moves
/// to another, or is refreshed), forgotten when it closes.
pub(super) fn follow_alarm_history(state: &mut State, refresh: bool) -> Option<Effect> {
    let Mode::Detail(DetailTarget::Alarm(key)) = &state.nav.mode else {
        state.fetched.alarm_history = None;
        return None;
    };
    if !refresh && state.fetched.alarm_history.as_ref().is_some_and(|h| &h.alarm == key) {
        return None;
    }
    let key = key.clone();
    let feed = state.fetched.alarm_history.take().filter(|h| h.alarm == key).map_or(Feed::Loading, |h| h.feed);
    state.fetched.alarm_history = Some(AlarmHistory { alarm: key.clone(), feed });
    Some(Effect::FetchAlarmHistory(key))
}

/// The first primary (or Aurora writer) with Performance Insights on.
pub(super) fn default_focus(state: &State) -> Option<ResourceKey> {
    state.fetched.fleet.data().find_map(|(scope, fleet)| {
        fleet
            .instances
            .iter()
            .find(|i| {
                i.performance_insights == Some(true) && matches!(i.role, DbRole::Primary | DbRole::ClusterWriter { .. })
            })
            .map(|i| ResourceKey::new(scope.clone(), i.id.clone()))
    })
}

pub(super) fn focus_on(state: &mut State, key: Option<ResourceKey>) -> Option<Effect> {
    if key.is_none() || key == state.fetched.focus {
        return None;
    }
    state.fetched.focus = key;
    state.fetched.performance = crate::feed::Feed::Loading;
    state.rows.sql.clear();
    state.nav.cursors[Tab::Performance] = Cursor::default();
    Some(Effect::FocusPerformance(state.fetched.pi_query()))
}

/// Performance Insights follows the Fleet (or Replication) selection when it has PI on.
pub(super) fn follow_selection(state: &mut State) -> Option<Effect> {
    let key = [Tab::Fleet, Tab::Replication]
        .into_iter()
        .filter_map(|tab| state.selected_key(tab))
        .find(|key| state.instance(key).is_some_and(|i| i.performance_insights == Some(true)));
    focus_on(state, key)
}
