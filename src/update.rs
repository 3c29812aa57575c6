//! `update`: the only writer of `State`. It turns one event into state changes and effects.
//!
//! No I/O happens here: what needs the outside world comes back as an `Effect` for the app.

use crate::cloud::model::{Alarm, ApiUsage, DbRole, MetricTargets, ResourceKey, Scope};
use crate::command::Command;
use crate::event::{Effect, Event, Polled};
use crate::feed::Feed;
use crate::feed::FeedKind;
use crate::state::query::{self, ScopeFilter, SqlRow};
use crate::state::rows::{alarm_rows, fleet_rows, group_rows, replication_rows};
use crate::state::{AlarmHistory, Cursor, DetailTarget, Mode, State, Tab};

/// Lines of chrome around a table (header, tabs, borders, column header, status bar).
const TABLE_CHROME_ROWS: u16 = 6;

/// Applies one event to the state and returns what the app must do.
pub fn update(state: &mut State, event: Event) -> Vec<Effect> {
    match event {
        Event::Command(command) => {
            let refresh = command == Command::Refresh;
            let mut effects = run_command(state, command);
            effects.extend(follow_alarm_history(state, refresh));
            effects
        }
        Event::Usage(usage) => {
            // The meter shows two figures: redraw only when one of them moved.
            state.dirty |= state.fetched.api_usage.as_ref().map(ApiUsage::shown) != Some(usage.shown());
            state.fetched.api_usage = Some(usage);
            Vec::new()
        }
        Event::Resize(_, rows) => {
            state.nav.page_rows = usize::from(rows.saturating_sub(TABLE_CHROME_ROWS).max(1));
            state.dirty = true;
            Vec::new()
        }
        Event::Tick(now) => {
            state.now = Some(now);
            kiosk::tick(state);
            let bucket = now.timestamp().div_euclid(10);
            if bucket != state.time_bucket {
                // The header clock shows minutes; other ages only where something shows one.
                let minute = bucket.div_euclid(6) != state.time_bucket.div_euclid(6);
                state.time_bucket = bucket;
                state.dirty |= minute || shows_ages(state, now);
            }
            Vec::new()
        }
        Event::Polled(polled) => apply_polled(state, polled),
        Event::Text(c) => {
            state.dirty = true;
            match state.nav.mode {
                Mode::Filter => find::filter_text(state, c),
                Mode::Palette(_) => find::palette_text(state, c),
                _ => return runbook::text(state, c),
            }
            Vec::new()
        }
        Event::Notice(notice) => {
            state.dirty = true;
            state.notice = Some(notice);
            Vec::new()
        }
        Event::Mouse(mouse) => {
            // A click can open an alarm's detail, which shows its history, as the keys do.
            let mut effects = mouse::handle(state, mouse);
            effects.extend(follow_alarm_history(state, false));
            effects
        }
        Event::Run(run) => {
            state.dirty = true;
            runbook::progress(state, run)
        }
    }
}

/// Whether the screen shows an age that moves within a minute: a stale or failed feed's marker
/// ("stale: throttled 40s"), the Alarms tab's "since", a finished run's "… ago", or whatever a
/// detail view or dialog says. Otherwise a quiet screen is redrawn once a minute, for the clock.
fn shows_ages(state: &State, now: crate::cloud::model::Timestamp) -> bool {
    state.nav.tab == Tab::Alarms
        || state.nav.mode != Mode::Normal
        || !state.runs.is_empty()
        || state.session.kiosk.is_some()
        || FeedKind::ALL.into_iter().any(|kind| !state.freshness(kind, now).is_fresh())
}

/// A digest of what a scope's alarms watch (namespace, metric, dimensions): all the posture
/// rules look at.
fn watches(alarms: &[Alarm]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for alarm in alarms {
        (&alarm.namespace, &alarm.metric, &alarm.dimensions).hash(&mut hasher);
    }
    hasher.finish()
}

/// Whether a feed shows as ready and fresh: then a poll that brings the data it holds changes
/// nothing on screen (ages move with the clock tick, not with polls).
fn settled<T>(state: &State, kind: FeedKind, feed: Option<&Feed<T>>) -> bool {
    let (Some(feed @ Feed::Ready(_)), Some(now)) = (feed, state.now) else { return false };
    feed.freshness(now, state.interval(kind)).is_fresh()
}

fn apply_polled(state: &mut State, polled: Polled) -> Vec<Effect> {
    let selection = Tab::ALL.map(|tab| state.selected_key(tab));
    let mut effects = Vec::new();
    // A poll that brings the data already held (most polls of a quiet fleet; five of six metric
    // polls against CloudWatch's one-minute datapoints) only moves its time: the rows stand,
    // and unless the feed was stale, failed or loading, nothing is redrawn either.
    let quiet = match &polled {
        Polled::Fleet(scope, Ok(_)) => settled(state, FeedKind::Fleet, state.fetched.fleet.get(scope)),
        Polled::Metrics(scope, Ok(_)) => settled(state, FeedKind::Metrics, state.fetched.metrics.get(scope)),
        Polled::Alarms(scope, Ok(_)) => settled(state, FeedKind::Alarms, state.fetched.alarms.get(scope)),
        Polled::Groups(scope, Ok(_)) => settled(state, FeedKind::Groups, state.fetched.groups.get(scope)),
        Polled::Performance(key, Ok(_)) if state.fetched.focus.as_ref() == Some(key) => {
            settled(state, FeedKind::Performance, Some(&state.fetched.performance))
        }
        _ => false,
    };
    let mut changed = !quiet;
    match polled {
        Polled::Fleet(scope, result) => {
            if state.fetched.fleet.apply_changed(scope.clone(), result) {
                rebuild(state, &[Tab::Fleet, Tab::Replication]);
                changed = true;
            }
            effects.push(Effect::SetMetricTargets(scope.clone(), metric_targets(state, &scope)));
            if state.fetched.focus.is_none() {
                effects.extend(focus_on(state, default_focus(state)));
            }
        }
        Polled::Metrics(scope, result) => {
            if state.fetched.metrics.apply_changed(scope, result) {
                rebuild(state, &[Tab::Fleet, Tab::Replication, Tab::Capacity]);
                changed = true;
            }
        }
        Polled::Alarms(scope, result) => {
            let watched = |state: &State| state.fetched.alarms.get(&scope).and_then(Feed::data).map(|a| watches(a));
            // (None while the scope's alarms were never fetched: posture says "not fetched".)
            let before = watched(state);
            if state.fetched.alarms.apply_changed(scope.clone(), result) {
                // The Fleet tab's posture column judges alarm coverage: what the alarms watch,
                // not their states, which move every minute.
                let fleet = before != watched(state);
                rebuild(state, if fleet { &[Tab::Alarms, Tab::Fleet] } else { &[Tab::Alarms] });
                changed = true;
            }
            kiosk::alarms_polled(state);
        }
        Polled::Groups(scope, result) => {
            if state.fetched.groups.apply_changed(scope.clone(), result) {
                rebuild(state, &[Tab::Capacity]);
                changed = true;
            }
            effects.push(Effect::SetMetricTargets(scope.clone(), metric_targets(state, &scope)));
        }
        Polled::Performance(key, result) => {
            if state.fetched.focus.as_ref() == Some(&key) && state.fetched.performance.apply_changed(result) {
                rebuild(state, &[Tab::Performance]);
                changed = true;
            }
        }
        Polled::AlarmHistory(key, result) => {
            if let Some(history) = state.fetched.alarm_history.as_mut().filter(|h| h.alarm == key) {
                history.feed.apply(result);
            }
        }
    }
    for (tab, key) in Tab::ALL.into_iter().zip(selection) {
        reselect(state, tab, key.as_ref());
    }
    if changed {
        // An open confirm dialog shows the plan for the data now held.
        runbook::replan(state);
    }
    state.dirty |= changed;
    effects
}

/// Rebuilds the rows of some tabs from the feeds, through each tab's filter and sort.
pub(crate) fn rebuild(state: &mut State, tabs: &[Tab]) {
    for &tab in tabs {
        let query = state.nav.queries[tab].clone();
        let scopes = &state.nav.scope_filter;
        match tab {
            Tab::Fleet => {
                let mut rows = fleet_rows(
                    &state.fetched.fleet,
                    &state.fetched.metrics,
                    &state.fetched.alarms,
                    &state.session.thresholds,
                    &state.session.posture,
                );
                query::apply(&mut rows, &query, scopes);
                state.rows.fleet = rows;
            }
            Tab::Replication => {
                let mut rows =
                    replication_rows(&state.fetched.fleet, &state.fetched.metrics, &state.session.thresholds);
                query::apply(&mut rows, &query, scopes);
                state.rows.replication = rows;
            }
            Tab::Capacity => {
                let mut rows = group_rows(&state.fetched.groups, &state.fetched.metrics, &state.session.thresholds);
                query::apply(&mut rows, &query, scopes);
                state.rows.groups = rows;
            }
            Tab::Alarms => {
                let mut rows = alarm_rows(&state.fetched.alarms);
                query::apply(&mut rows, &query, scopes);
                state.rows.alarms = rows;
            }
            Tab::Performance => {
                let mut rows: Vec<SqlRow> = state
                    .fetched
                    .performance
                    .data()
                    .map(|p| {
                        p.top_sql
                            .iter()
                            .map(|sql| SqlRow { scope: p.instance.scope.clone(), sql: sql.clone() })
                            .collect()
                    })
                    .unwrap_or_default();
                // The focus was chosen on purpose: a region filter does not hide its statements.
                query::apply(&mut rows, &query, &ScopeFilter::default());
                state.rows.sql = rows;
            }
        }
    }
}

/// Keeps the selection on the same resource after rows were rebuilt, or clamps it.
fn reselect(state: &mut State, tab: Tab, key: Option<&ResourceKey>) {
    let key = key.filter(|_| state.cursor(tab).moved);
    let index = key.and_then(|key| match tab {
        Tab::Fleet => state.rows.fleet.iter().position(|r| &r.key == key),
        Tab::Replication => state.rows.replication.iter().position(|r| &r.key == key),
        Tab::Capacity => state.rows.groups.iter().position(|r| &r.key == key),
        Tab::Alarms => state.rows.alarms.iter().position(|r| r.alarm.name == key.id && r.scope == key.scope),
        Tab::Performance => None,
    });
    let count = state.row_count(tab);
    let cursor = &mut state.nav.cursors[tab];
    cursor.selected = index.unwrap_or(cursor.selected).min(count.saturating_sub(1));
    keep_visible(cursor, state.nav.page_rows);
}

/// What the metrics poller of a scope must ask for: its instances and groups.
pub fn metric_targets(state: &State, scope: &Scope) -> MetricTargets {
    let instances = state
        .fetched
        .fleet
        .get(scope)
        .and_then(|f| f.data())
        .map(|f| f.instances.iter().map(|i| i.id.clone()).collect());
    let groups =
        state.fetched.groups.get(scope).and_then(|f| f.data()).map(|g| g.iter().map(|g| g.name.clone()).collect());
    MetricTargets { instances: instances.unwrap_or_default(), groups: groups.unwrap_or_default() }
}

/// The first primary (or Aurora writer) with Performance Insights on.
fn default_focus(state: &State) -> Option<ResourceKey> {
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

fn focus_on(state: &mut State, key: Option<ResourceKey>) -> Option<Effect> {
    if key.is_none() || key == state.fetched.focus {
        return None;
    }
    state.fetched.focus.clone_from(&key);
    state.fetched.performance = crate::feed::Feed::Loading;
    state.rows.sql.clear();
    state.nav.cursors[Tab::Performance] = Cursor::default();
    Some(Effect::FocusPerformance(key))
}

/// Performance Insights follows the Fleet (or Replication) selection when it has PI on.
fn follow_selection(state: &mut State) -> Option<Effect> {
    let key = [Tab::Fleet, Tab::Replication]
        .into_iter()
        .filter_map(|tab| state.selected_key(tab))
        .find(|key| state.instance(key).is_some_and(|i| i.performance_insights == Some(true)));
    focus_on(state, key)
}

fn run_command(state: &mut State, command: Command) -> Vec<Effect> {
    state.dirty = true;
    state.notice = None;
    // On the wall nothing but quit does anything: a leaning elbow must not change the screen.
    if state.session.kiosk.is_some() && command != Command::Quit {
        return Vec::new();
    }
    match state.nav.mode {
        Mode::Confirm(_) => return runbook::confirm_command(state, command),
        Mode::Filter => return find::filter_command(state, command),
        Mode::Palette(_) => return find::palette_command(state, command),
        _ => {}
    }
    let mut effects = Vec::new();
    match command {
        Command::Quit => {
            state.quit = true;
            effects.push(Effect::Quit);
        }
        Command::NextTab => effects.extend(switch_tab(state, state.nav.tab.next())),
        Command::PrevTab => effects.extend(switch_tab(state, state.nav.tab.prev())),
        Command::TabFleet => effects.extend(switch_tab(state, Tab::Fleet)),
        Command::TabReplication => effects.extend(switch_tab(state, Tab::Replication)),
        Command::TabPerformance => effects.extend(switch_tab(state, Tab::Performance)),
        Command::TabCapacity => effects.extend(switch_tab(state, Tab::Capacity)),
        Command::TabAlarms => effects.extend(switch_tab(state, Tab::Alarms)),
        Command::Up => move_by(state, -1),
        Command::Down => move_by(state, 1),
        Command::PageUp => move_by(state, -page(state)),
        Command::PageDown => move_by(state, page(state)),
        Command::Top => move_by(state, isize::MIN / 2),
        Command::Bottom => move_by(state, isize::MAX / 2),
        Command::Open => open_detail(state),
        Command::Back if state.nav.mode == Mode::Normal => find::clear_filter(state),
        Command::Back => state.nav.mode = Mode::Normal,
        Command::Filter => state.nav.mode = Mode::Filter,
        Command::SortNext => find::sort_next(state),
        Command::SortReverse => find::sort_reverse(state),
        Command::Palette => state.nav.mode = Mode::Palette(String::new()),
        Command::Refresh => effects.push(Effect::RefreshAll),
        Command::Help => state.nav.mode = if state.nav.mode == Mode::Help { Mode::Normal } else { Mode::Help },
        Command::ScaleUp | Command::Snapshot | Command::Failover => runbook::request(state, command),
        // Confirm-dialog commands mean nothing outside one.
        Command::Confirm
        | Command::NextField
        | Command::Increment
        | Command::Decrement
        | Command::NextChoice
        | Command::PrevChoice
        | Command::DeleteChar => {}
    }
    effects
}

/// An alarm's detail view shows its history: fetched when the view opens on an alarm (or moves
/// to another, or is refreshed), forgotten when it closes.
fn follow_alarm_history(state: &mut State, refresh: bool) -> Option<Effect> {
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

fn page(state: &State) -> isize {
    isize::try_from(state.nav.page_rows.max(1)).unwrap_or(1)
}

fn switch_tab(state: &mut State, tab: Tab) -> Option<Effect> {
    state.nav.mode = Mode::Normal;
    state.nav.tab = tab;
    if tab == Tab::Performance { follow_selection(state) } else { None }
}

fn move_by(state: &mut State, delta: isize) {
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
    if matches!(state.nav.mode, Mode::Detail(_)) {
        state.nav.mode = detail_target(state).map_or(Mode::Normal, Mode::Detail);
    }
}

fn keep_visible(cursor: &mut Cursor, page_rows: usize) {
    let page_rows = page_rows.max(1);
    if cursor.selected < cursor.offset {
        cursor.offset = cursor.selected;
    } else if cursor.selected >= cursor.offset + page_rows {
        cursor.offset = cursor.selected + 1 - page_rows;
    }
}

fn detail_target(state: &State) -> Option<DetailTarget> {
    match state.nav.tab {
        Tab::Fleet | Tab::Replication => state.selected_key(state.nav.tab).map(DetailTarget::Db),
        Tab::Capacity => state.selected_key(Tab::Capacity).map(DetailTarget::Group),
        Tab::Alarms => state.selected_key(Tab::Alarms).map(DetailTarget::Alarm),
        Tab::Performance => {
            let index = state.cursor(Tab::Performance).selected;
            state.rows.sql.get(index).map(|s| DetailTarget::Sql(s.sql.id.clone()))
        }
    }
}

fn open_detail(state: &mut State) {
    if let Some(target) = detail_target(state) {
        state.nav.mode = Mode::Detail(target);
    }
}

mod find;
mod kiosk;
mod mouse;
mod runbook;

pub use runbook::open as open_confirm;

#[cfg(test)]
#[path = "update_tests.rs"]
mod tests;
