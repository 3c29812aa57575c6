//! A runbook file's parameters as the confirm dialog edits them: each with its label, what kind
//! of value it takes (a choice offers its values: the cluster's readers, instance classes, AZs,
//! the group's scheduled actions), which are pinned when the dialog opens, and each value as
//! the plan uses it, so that what the dialog shows is what the plan is built from.

use crate::cloud::model::{ResourceKey, Timestamp};
use crate::runbook::fleet::FleetView;
use crate::runbook::plan::Request;

use super::builtin::runbook_for;
use super::interpret::{defaults_at, values};
use super::model::ParamKind;
use super::props::{Target, offered};
use super::{Library, Value};

/// How a parameter is edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    /// ←/→ through `offered`.
    Choice(Vec<String>),
    /// Digits, ↑/↓ and ←/→ by one, within the bounds.
    Integer { min: i64, max: i64 },
    /// ←/→ or space toggle.
    Boolean,
    /// Typed; ↑/↓ move it by a quarter of an hour. UTC, as `2026-11-27 06:00` or `in 2h`.
    Time,
    /// Typed.
    Text,
}

impl FieldKind {
    /// Whether typed characters go into the field (rather than confirm the plan).
    pub fn is_typed(&self) -> bool {
        matches!(self, Self::Time | Self::Text)
    }
}

/// One parameter of a runbook file in the confirm dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub label: String,
    pub kind: FieldKind,
}

/// The parameters of runbook `name` on a target, in the file's order.
pub fn fields(library: &Library, fleet: &FleetView<'_>, name: &str, key: &ResourceKey) -> Vec<Field> {
    let Some(book) = library.get(name) else { return Vec::new() };
    let Some(target) = Target::resolve(fleet, book.target, key) else { return Vec::new() };
    book.params
        .iter()
        .map(|p| {
            let kind = match (&p.kind, offered(&p.kind, &target)) {
                (_, Some(choices)) => FieldKind::Choice(choices),
                (ParamKind::Integer { min, max, .. }, None) => FieldKind::Integer { min: *min, max: *max },
                (ParamKind::Boolean { .. }, None) => FieldKind::Boolean,
                (ParamKind::Time { .. }, None) => FieldKind::Time,
                (_, None) => FieldKind::Text,
            };
            Field { name: p.name.clone(), label: p.label.clone(), kind }
        })
        .collect()
}

/// The text and choice parameters of runbook `name` on a target at their defaults as of `at`,
/// to pin them when the dialog opens: a choice made by lag, or a text made from the data, must
/// not change under the operator's eyes. Numbers, switches and times follow their defaults (one
/// may be made from another: the window's minimum from its desired capacity) until edited.
pub fn pinned(
    library: &Library,
    fleet: &FleetView<'_>,
    name: &str,
    key: &ResourceKey,
    at: Option<Timestamp>,
) -> Vec<(String, String)> {
    let Some(book) = library.get(name) else { return Vec::new() };
    let values = defaults_at(book, fleet, key, at);
    book.params
        .iter()
        .filter(|p| !matches!(p.kind, ParamKind::Integer { .. } | ParamKind::Boolean { .. } | ParamKind::Time { .. }))
        .filter_map(|p| match values.get(&p.name) {
            Some(Value::Text(t)) if !t.is_empty() => Some((p.name.clone(), t.clone())),
            _ => None,
        })
        .collect()
}

/// Every parameter of a runbook file's request as its plan uses it, as the dialog shows it and
/// as it would be given back: a whole number, `true`/`false`, a time (`2026-11-27 06:00`),
/// the text or the choice; one not known says why.
pub fn shown(library: &Library, fleet: &FleetView<'_>, request: &Request) -> Vec<(String, String)> {
    let Some((name, key, given)) = runbook_for(fleet, request) else { return Vec::new() };
    let Some(book) = library.get(name) else { return Vec::new() };
    let values = values(book, fleet, &key, &given);
    book.params
        .iter()
        .filter_map(|p| {
            let text = match values.get(&p.name)? {
                Value::Number(n) => format!("{n:.0}"),
                Value::Bool(b) => b.to_string(),
                // As typed back: to the minute, seconds only when there are some.
                Value::Time(t) if t.timestamp() % 60 == 0 => t.format("%F %H:%M").to_string(),
                Value::Time(t) => t.format("%F %T").to_string(),
                Value::Text(t) => t.clone(),
                Value::Unknown(why) => format!("unknown: {why}"),
            };
            Some((p.name.clone(), text))
        })
        .collect()
}
