//! Rows from the feeds: each tab's table rebuilt through its filter and sort, selections kept
//! on the same resource, and what each scope's metrics poller must ask for.

use crate::cloud::model::{MetricTargets, ResourceKey, Scope};
use crate::state::query::{self, ScopeFilter, SqlRow};
use crate::state::rows::{alarm_rows, group_rows};
use crate::state::timeline::timeline_rows;
use crate::state::{State, Tab, overview, overview_pane};

/// Rebuilds the rows of some tabs from the feeds, through each tab's filter and sort.
pub(super) fn rebuild(state: &mut State, tabs: &[Tab]) {
    // Both from the same feeds, built at once when there are many.
    let (mut fleet, mut replication) = (None, None);
    if tabs.contains(&Tab::Fleet) && tabs.contains(&Tab::Replication) {
        let f = &state.fetched;
        let judged_by = (&state.session.thresholds, &state.session.posture);
        let (built, rows) = state.rows.cache.fleet_and_replication_rows(&f.fleet, &f.metrics, &f.alarms, judged_by);
        (fleet, replication) = (Some(built), Some(rows));
    }
    for &tab in tabs {
        let query = state.nav.queries[tab].clone();
        let scopes = &state.nav.scope_filter;
        match tab {
            // Built with the Fleet rows, from all of them.
            Tab::Overview => {}
            Tab::Fleet => {
                let f = &state.fetched;
                let judged_by = (&state.session.thresholds, &state.session.posture);
                let built = fleet
                    .take()
                    .unwrap_or_else(|| state.rows.cache.fleet_rows(&f.fleet, &f.metrics, &f.alarms, judged_by));
                state.rows.overview = overview::cells(&built.rows, &built.per_scope);
                let mut rows = built.rows;
                query::apply(&mut rows, &query, scopes);
                state.rows.fleet = rows;
            }
            Tab::Replication => {
                let f = &state.fetched;
                let mut rows = replication.take().unwrap_or_else(|| {
                    state.rows.cache.replication_rows(&f.fleet, &f.metrics, &state.session.thresholds)
                });
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
            Tab::Timeline => {
                // A replay shows what had happened by its clock.
                let until = state.timeline.recorded.then(|| state.now.unwrap_or_default());
                state.rows.timeline_until = until.map_or(0, |t| state.timeline.until(t));
                state.rows.timeline = timeline_rows(&state.timeline, until, &state.session.scopes, &query, scopes);
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
pub(super) fn reselect(state: &mut State, tab: Tab, key: Option<&ResourceKey>) {
    let key = key.filter(|_| state.cursor(tab).moved);
    let index = key.and_then(|key| position(state, tab, key));
    let count = state.row_count(tab);
    let cursor = &mut state.nav.cursors[tab];
    cursor.selected = index.unwrap_or(cursor.selected).min(count.saturating_sub(1));
    cursor.keep_visible(state.nav.page_rows);
}

/// Where a resource is among a tab's rows.
pub(super) fn position(state: &State, tab: Tab, key: &ResourceKey) -> Option<usize> {
    match tab {
        Tab::Overview => overview_pane::position(&state.rows, state.nav.overview.pane, key),
        Tab::Fleet => state.rows.fleet.iter().position(|r| &r.facts.key == key),
        Tab::Replication => state.rows.replication.iter().position(|r| &r.key == key),
        Tab::Capacity => state.rows.groups.iter().position(|r| &r.key == key),
        Tab::Alarms => state.rows.alarms.iter().position(|r| r.alarm.name == key.id && r.scope == key.scope),
        Tab::Performance | Tab::Timeline => None,
    }
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
