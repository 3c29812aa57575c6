//! The Timeline tab's rows: the console's events (`timeline::Live`) newest first, each with the
//! scope it names (one of the session's), through the tab's filter and sort. A replay shows the
//! events up to its clock.

use std::sync::Arc;

use super::query::{self, Query, ScopeFilter, SortKey, Tabular};
use crate::cloud::model::{Scope, Timestamp};
use crate::timeline::{Event, Live};

/// One row: an event and the scope it happened in (an empty region when it names none, as a
/// note does), shared by the rows of that scope: every new event builds all the rows again.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineRow {
    pub event: Arc<Event>,
    pub scope: Arc<Scope>,
}

impl TimelineRow {
    /// Whether the event names a scope (notes do not).
    pub fn scoped(&self) -> bool {
        !self.scope.region.is_empty()
    }
}

impl Tabular for TimelineRow {
    const COLUMNS: &'static [&'static str] = &["time", "source", "resource", "region", "what"];

    fn haystack(&self) -> String {
        let e = &self.event;
        format!("{} {} {} {}", e.source.label(), e.resource, e.scope, e.what)
    }

    fn sort_key(&self, column: usize) -> SortKey<'_> {
        let text = |s: &str| SortKey::Text(std::borrow::Cow::Owned(s.to_owned()));
        let e = &self.event;
        match column {
            0 => SortKey::Number(Some(e.at.timestamp() as f64)),
            1 => text(e.source.label()),
            2 => text(&e.resource),
            3 => text(&e.scope),
            _ => text(&e.what),
        }
    }

    fn scope(&self) -> &Scope {
        &self.scope
    }
}

/// The rows: newest first (up to `until` in a replay), in the scopes the view is narrowed to
/// (events of no scope always show), through the filter and sort.
pub fn timeline_rows(
    live: &Live,
    until: Option<Timestamp>,
    scopes: &[Scope],
    query: &Query,
    narrowed: &ScopeFilter,
) -> Vec<TimelineRow> {
    let names: Vec<(String, Arc<Scope>)> = scopes.iter().map(|s| (s.to_string(), Arc::new(s.clone()))).collect();
    let none = Arc::new(Scope::region(""));
    let count = until.map_or(live.events().len(), |t| live.until(t));
    let mut rows: Vec<TimelineRow> = live
        .events()
        .iter()
        .take(count)
        .rev()
        .map(|event| {
            let scope = names
                .iter()
                .find(|(name, _)| *name == event.scope)
                .map_or_else(|| Arc::clone(&none), |(_, s)| Arc::clone(s));
            TimelineRow { event: Arc::clone(event), scope }
        })
        .filter(|row| !row.scoped() || narrowed.admits(&row.scope))
        .collect();
    query::apply(&mut rows, query, &ScopeFilter::default());
    rows
}
