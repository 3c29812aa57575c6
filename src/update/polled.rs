//! Applying what a poller delivered: fold it into its feed, rebuild only the tabs whose rows it
//! changes, keep selections on their resources, put what it changed on the timeline, and tell
//! the pollers what to fetch next.

use crate::cloud::model::{Alarm, Scope};
use crate::event::{Effect, Polled};
use crate::feed::{Feed, FeedKind, FeedResult};
use crate::posture::alarms::watches;
use crate::state::{State, Tab};

use super::detail::{default_focus, focus_on};
use super::rebuild::{metric_targets, rebuild, reselect};
use super::{kiosk, runbook, timeline};

/// Whether a feed shows as ready and fresh: then a poll that brings the data it holds changes
/// nothing on screen (ages move with the clock tick, not with polls).
fn settled<T>(state: &State, kind: FeedKind, feed: Option<&Feed<T>>) -> bool {
    let (Some(feed @ Feed::Ready(_)), Some(now)) = (feed, state.now) else { return false };
    feed.freshness(now, state.interval(kind)).is_fresh()
}

/// Applies one poll result: the feed, the rows it changes, the selections, an open dialog's
/// plan; returns what the pollers must do next.
pub(super) fn apply(state: &mut State, polled: Polled) -> Vec<Effect> {
    let selection = Tab::ALL.map(|tab| state.selected_key(tab));
    let quiet = quiet(state, &polled);
    let observed = polled.observed().map(|(feed, scope, at)| (feed, scope.clone(), at));
    let (rebuilt, effects) = fold(state, polled);
    for (tab, key) in Tab::ALL.into_iter().zip(selection) {
        reselect(state, tab, key.as_ref());
    }
    // The timeline reads the result in its feed (the data changed when rows were rebuilt).
    if let Some((feed, scope, at)) = observed
        && timeline::polled(state, feed, &scope, at, rebuilt)
    {
        timeline::refresh(state);
    }
    let changed = rebuilt || !quiet;
    if changed {
        // An open confirm dialog shows the plan for the data now held.
        runbook::replan(state, runbook::Change::Data);
    }
    state.dirty |= changed;
    effects
}

/// A poll that brings the data already held (most polls of a quiet fleet; five of six metric
/// polls against CloudWatch's one-minute datapoints) only moves its time: the rows stand, and
/// unless the feed was stale, failed or loading, nothing is redrawn either.
fn quiet(state: &State, polled: &Polled) -> bool {
    let f = &state.fetched;
    match polled {
        Polled::Fleet(scope, Ok(_)) => settled(state, FeedKind::Fleet, f.fleet.get(scope)),
        Polled::Metrics(scope, Ok(_)) => settled(state, FeedKind::Metrics, f.metrics.get(scope)),
        Polled::Alarms(scope, Ok(_)) => settled(state, FeedKind::Alarms, f.alarms.get(scope)),
        Polled::Groups(scope, Ok(_)) => settled(state, FeedKind::Groups, f.groups.get(scope)),
        Polled::Events(scope, Ok(_)) => settled(state, FeedKind::Events, f.events.get(scope)),
        Polled::Performance(query, Ok(_)) if f.pi_query().as_ref() == Some(query) => {
            settled(state, FeedKind::Performance, Some(&f.performance))
        }
        _ => false,
    }
}

/// What the scope's metrics poller is to ask for, once its fleet and its groups have both
/// answered (or failed): the first metrics poll waits for both, so that a start costs one
/// metrics call, not one for the instances and another for the groups.
fn targets(state: &State, scope: &Scope) -> Option<Effect> {
    let answered = |loading: Option<bool>| loading != Some(true);
    let fleet = state.fetched.fleet.get(scope).map(|f| matches!(f, Feed::Loading));
    let groups = state.fetched.groups.get(scope).map(|f| matches!(f, Feed::Loading));
    (answered(fleet) && answered(groups)).then(|| Effect::SetMetricTargets(scope.clone(), metric_targets(state, scope)))
}

/// Folds the result into its feed and rebuilds the tabs whose rows it changed: whether any
/// were, and the effects for the pollers.
fn fold(state: &mut State, polled: Polled) -> (bool, Vec<Effect>) {
    let mut effects = Vec::new();
    let rebuilt = match polled {
        Polled::Fleet(scope, result) => {
            let changed = state.fetched.fleet.apply_changed(scope.clone(), result);
            if changed {
                rebuild(state, &[Tab::Fleet, Tab::Replication]);
            }
            effects.extend(targets(state, &scope));
            if state.fetched.focus.is_none() {
                effects.extend(focus_on(state, default_focus(state)));
            }
            changed
        }
        Polled::Metrics(scope, result) => {
            let changed = state.fetched.metrics.apply_changed(scope, result);
            if changed {
                rebuild(state, &[Tab::Fleet, Tab::Replication, Tab::Capacity]);
            }
            changed
        }
        Polled::Alarms(scope, result) => alarms(state, &scope, result),
        Polled::Groups(scope, result) => {
            let changed = state.fetched.groups.apply_changed(scope.clone(), result);
            if changed {
                rebuild(state, &[Tab::Capacity]);
            }
            effects.extend(targets(state, &scope));
            changed
        }
        // No table shows events: the DB detail view reads them as it draws.
        Polled::Events(scope, result) => state.fetched.events.apply_changed(scope, result),
        Polled::Performance(query, result) => {
            let current = state.fetched.pi_query().as_ref() == Some(&query);
            let changed = current && state.fetched.performance.apply_changed(result);
            if changed {
                rebuild(state, &[Tab::Performance]);
            }
            if current {
                effects.extend(super::reports::poll_running(state));
            }
            changed
        }
        Polled::AlarmHistory(key, result) => {
            if let Some(history) = state.fetched.alarm_history.as_mut().filter(|h| h.alarm == key) {
                history.feed.apply(result);
            }
            false
        }
        Polled::DbHistory(key, window, result) => {
            let open = state.fetched.db_history.as_mut().filter(|h| h.instance == key && h.window == window);
            if let Some(history) = open {
                history.feed.apply(result);
            }
            false
        }
        Polled::Blocking(query, result) => {
            if let Some((_, feed)) = state.fetched.blocking.as_deref_mut().filter(|(q, _)| *q == query) {
                feed.apply(result);
            }
            false
        }
        Polled::Reports(key, result) => {
            if let Some(reports) = state.fetched.reports.as_mut().filter(|r| r.instance == key) {
                reports.feed.apply(result);
                let len = reports.feed.data().map_or(0, Vec::len);
                reports.selected = reports.selected.min(len.saturating_sub(1));
            }
            false
        }
        Polled::Report(key, id, result) => {
            let reports = state.fetched.reports.as_mut().filter(|r| r.instance == key);
            if let Some(open) = reports.and_then(|r| r.open.as_mut()).filter(|o| o.id == id) {
                open.feed.apply(result);
            }
            false
        }
        Polled::SqlDetail(query, id, result) => {
            if let Some(detail) = state.fetched.sql_detail.as_mut().filter(|d| d.id == id && d.query == query) {
                detail.feed.apply(result);
            }
            false
        }
    };
    (rebuilt, effects)
}

/// An alarms result. The Fleet tab's posture column judges alarm coverage: what the alarms
/// watch, not their states, which move every minute; so the Fleet tab is rebuilt only when
/// what they watch changed.
fn alarms(state: &mut State, scope: &Scope, result: FeedResult<Vec<Alarm>>) -> bool {
    // (None while the scope's alarms were never fetched: posture says "not fetched".)
    let watched = |state: &State| state.fetched.alarms.get(scope).and_then(Feed::data).map(|a| watches(a));
    let before = watched(state);
    let changed = state.fetched.alarms.apply_changed(scope.clone(), result);
    if changed {
        let fleet = before != watched(state);
        rebuild(state, if fleet { &[Tab::Alarms, Tab::Fleet] } else { &[Tab::Alarms] });
    }
    kiosk::alarms_polled(state);
    changed
}
