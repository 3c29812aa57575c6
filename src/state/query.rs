//! Finding things fast: a filter and a sort per table, applied when rows are rebuilt (never
//! per frame), and the region/profile the palette narrows the view to.
//!
//! A filter is a list of words; a row matches when every word appears, case-insensitively,
//! somewhere in its visible columns. Sorting is stable, so rows that tie keep their natural
//! order (clusters before their members, sources before their replicas).

use std::borrow::Cow;
use std::cmp::Ordering;

use crate::cloud::model::{Scope, SqlLoad};

use super::rows::{AlarmRow, FleetRow, GroupRow, ReplicationRow};

/// The filter and sort of one table.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    pub filter: String,
    /// Index into the table's `COLUMNS`; None keeps the natural order.
    pub sort: Option<usize>,
    pub descending: bool,
}

impl Query {
    /// `o`: the next sort column, then back to the natural order.
    pub fn next_sort(&mut self, columns: usize) {
        self.sort = match self.sort {
            None if columns > 0 => Some(0),
            Some(c) if c + 1 < columns => Some(c + 1),
            _ => None,
        };
    }
}

/// The region and profile the view is narrowed to (`:region`, `:profile`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScopeFilter {
    pub region: Option<String>,
    pub profile: Option<String>,
}

impl ScopeFilter {
    pub fn admits(&self, scope: &Scope) -> bool {
        self.region.as_ref().is_none_or(|r| *r == scope.region)
            && self.profile.as_ref().is_none_or(|p| scope.profile.as_ref() == Some(p))
    }
}

/// A value to sort by; missing numbers sort last whichever the direction.
#[derive(Debug, Clone, PartialEq)]
pub enum SortKey<'a> {
    Text(Cow<'a, str>),
    Number(Option<f64>),
}

/// A table row that can be filtered and sorted.
pub trait Tabular {
    /// The sortable columns, as `o` cycles through them and the title names them.
    const COLUMNS: &'static [&'static str];
    /// The text a filter is matched against: every visible column.
    fn haystack(&self) -> String;
    fn sort_key(&self, column: usize) -> SortKey<'_>;
    fn scope(&self) -> &Scope;
}

/// Rows shared with a cache filter and sort as the rows they hold.
impl<T: Tabular> Tabular for std::sync::Arc<T> {
    const COLUMNS: &'static [&'static str] = T::COLUMNS;

    fn haystack(&self) -> String {
        T::haystack(self)
    }

    fn sort_key(&self, column: usize) -> SortKey<'_> {
        T::sort_key(self, column)
    }

    fn scope(&self) -> &Scope {
        T::scope(self)
    }
}

fn compare(a: &SortKey<'_>, b: &SortKey<'_>, descending: bool) -> Ordering {
    let flip = |o: Ordering| if descending { o.reverse() } else { o };
    match (a, b) {
        (SortKey::Text(x), SortKey::Text(y)) => flip(x.to_lowercase().cmp(&y.to_lowercase())),
        (SortKey::Number(Some(x)), SortKey::Number(Some(y))) => flip(x.total_cmp(y)),
        (SortKey::Number(Some(_)), SortKey::Number(None)) => Ordering::Less,
        (SortKey::Number(None), SortKey::Number(Some(_))) => Ordering::Greater,
        _ => Ordering::Equal,
    }
}

/// Keeps the rows that match the filter and the scope filter, in the query's order.
pub fn apply<T: Tabular>(rows: &mut Vec<T>, query: &Query, scopes: &ScopeFilter) {
    let words: Vec<String> = query.filter.split_whitespace().map(str::to_lowercase).collect();
    if !words.is_empty() || *scopes != ScopeFilter::default() {
        rows.retain(|row| {
            scopes.admits(row.scope()) && {
                let hay = row.haystack().to_lowercase();
                words.iter().all(|w| hay.contains(w.as_str()))
            }
        });
    }
    if let Some(column) = query.sort.filter(|&c| c < T::COLUMNS.len()) {
        rows.sort_by(|a, b| compare(&a.sort_key(column), &b.sort_key(column), query.descending));
    }
}

/// "sorted by cpu ↓ · filter “east”" for a table title; empty when neither is set.
pub fn describe(query: &Query, columns: &[&str]) -> String {
    let mut parts = Vec::new();
    if let Some(name) = query.sort.and_then(|c| columns.get(c)) {
        parts.push(format!("sorted by {name} {}", if query.descending { "↓" } else { "↑" }));
    }
    if !query.filter.is_empty() {
        parts.push(format!("filter “{}”", query.filter));
    }
    parts.join(" · ")
}

fn text(s: &str) -> SortKey<'_> {
    SortKey::Text(Cow::Borrowed(s))
}

impl Tabular for FleetRow {
    const COLUMNS: &'static [&'static str] =
        &["name", "region", "role", "engine", "status", "posture", "cpu", "conns", "free", "lag", "load", "health"];

    fn haystack(&self) -> String {
        format!(
            "{} {} {} {} {} {} {} {} {}",
            self.facts.key.id,
            self.facts.key.scope,
            self.facts.role,
            self.facts.engine,
            self.facts.class.as_deref().unwrap_or(""),
            self.facts.az.as_deref().unwrap_or(""),
            self.facts.status,
            self.verdict.level.label(),
            self.verdict.reason
        )
    }

    fn sort_key(&self, column: usize) -> SortKey<'_> {
        match column {
            0 => text(&self.facts.key.id),
            1 => text(&self.facts.key.scope.region),
            2 => text(self.facts.role),
            3 => text(&self.facts.engine),
            4 => text(self.facts.status.as_str()),
            5 => SortKey::Number(Some(
                self.posture.findings.len() as f64 + f64::from(self.posture.worst() as u8) * 100.0,
            )),
            6 => SortKey::Number(self.cpu),
            7 => SortKey::Number(self.connections),
            8 => SortKey::Number(self.free_gib),
            9 => SortKey::Number(self.lag_secs),
            10 => SortKey::Number(self.load_relative),
            _ => SortKey::Number(Some(f64::from(self.verdict.level as u8))),
        }
    }

    fn scope(&self) -> &Scope {
        &self.facts.key.scope
    }
}

impl Tabular for ReplicationRow {
    const COLUMNS: &'static [&'static str] = &["name", "region", "role", "status", "lag"];

    fn haystack(&self) -> String {
        format!("{} {} {} {} {}", self.key.id, self.key.scope, self.role, self.status, self.level.label())
    }

    fn sort_key(&self, column: usize) -> SortKey<'_> {
        match column {
            0 => text(&self.key.id),
            1 => text(&self.key.scope.region),
            2 => text(self.role),
            3 => text(self.status.as_str()),
            _ => SortKey::Number(self.lag_secs),
        }
    }

    fn scope(&self) -> &Scope {
        &self.key.scope
    }
}

impl Tabular for GroupRow {
    const COLUMNS: &'static [&'static str] =
        &["name", "region", "min", "desired", "max", "in service", "pending", "capacity used", "cpu", "health"];

    fn haystack(&self) -> String {
        format!("{} {} {} {}", self.key.id, self.key.scope, self.verdict.level.label(), self.verdict.reason)
    }

    fn sort_key(&self, column: usize) -> SortKey<'_> {
        let n = |v: u32| SortKey::Number(Some(f64::from(v)));
        match column {
            0 => text(&self.key.id),
            1 => text(&self.key.scope.region),
            2 => n(self.min),
            3 => n(self.desired),
            4 => n(self.max),
            5 => n(self.in_service),
            6 => n(self.pending),
            7 => SortKey::Number((self.max > 0).then(|| f64::from(self.in_service) / f64::from(self.max))),
            8 => SortKey::Number(self.cpu),
            _ => SortKey::Number(Some(f64::from(self.verdict.level as u8))),
        }
    }

    fn scope(&self) -> &Scope {
        &self.key.scope
    }
}

impl Tabular for AlarmRow {
    const COLUMNS: &'static [&'static str] = &["state", "name", "region", "since", "metric", "actions"];

    fn haystack(&self) -> String {
        let a = &self.alarm;
        format!(
            "{} {} {} {} {}/{} {}",
            a.state.as_str(),
            if a.actions_enabled { "" } else { "paused" },
            a.name,
            self.scope,
            a.namespace.as_deref().unwrap_or(""),
            a.metric.as_deref().unwrap_or(""),
            a.reason.as_deref().unwrap_or("")
        )
    }

    fn sort_key(&self, column: usize) -> SortKey<'_> {
        let a = &self.alarm;
        match column {
            0 => SortKey::Number(Some(f64::from(a.state as u8))),
            1 => text(&a.name),
            2 => text(&self.scope.region),
            3 => SortKey::Number(a.updated.map(|t| t.timestamp() as f64)),
            5 => SortKey::Number(Some(f64::from(u8::from(a.actions_enabled)))),
            _ => text(a.metric.as_deref().unwrap_or("")),
        }
    }

    fn scope(&self) -> &Scope {
        &self.scope
    }
}

/// Top SQL rows carry the scope of the instance in focus.
#[derive(Debug, Clone, PartialEq)]
pub struct SqlRow {
    pub scope: Scope,
    pub sql: SqlLoad,
}

impl Tabular for SqlRow {
    const COLUMNS: &'static [&'static str] = &["statement", "load", "top wait", "calls/s", "rows/call", "latency"];

    fn haystack(&self) -> String {
        format!("{} {}", self.sql.statement, self.sql.top_wait.as_deref().unwrap_or(""))
    }

    fn sort_key(&self, column: usize) -> SortKey<'_> {
        match column {
            0 => text(&self.sql.statement),
            1 => SortKey::Number(Some(self.sql.load)),
            3 => SortKey::Number(self.sql.stats.calls_per_sec),
            4 => SortKey::Number(self.sql.stats.rows_per_call),
            5 => SortKey::Number(self.sql.stats.latency_ms),
            _ => text(self.sql.top_wait.as_deref().unwrap_or("")),
        }
    }

    fn scope(&self) -> &Scope {
        &self.scope
    }
}

#[cfg(test)]
mod tests;
