//! Detail of a `CloudWatch` alarm: its state and since when, what it watches (metric and
//! dimensions), the condition, and `CloudWatch`'s full reason text, wrapped.

use ratatui::text::Line;

use super::{Attr, gone, grid, heading, indented};
use crate::cloud::model::ResourceKey;
use crate::config::theme::Role;
use crate::ui::View;
use crate::ui::alarms::{metric_name, state_role};
use crate::ui::format::{DASH, ago, date_time};

/// The panel name and lines for an alarm key.
pub fn lines(view: View<'_>, key: &ResourceKey, width: u16) -> (String, Vec<Line<'static>>) {
    let alarm = view
        .state
        .alarms
        .get(&key.scope)
        .and_then(|f| f.data())
        .and_then(|list| list.iter().find(|a| a.name == key.id));
    let Some(alarm) = alarm else { return (key.to_string(), gone(view, &key.to_string())) };
    let dimensions = if alarm.dimensions.is_empty() {
        DASH.to_owned()
    } else {
        alarm.dimensions.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(", ")
    };
    let updated = match alarm.updated {
        Some(_) => format!("{} ({} ago)", date_time(alarm.updated), ago(view.now, alarm.updated)),
        None => DASH.to_owned(),
    };
    // The full threshold here: the table's "10.74G" is for scanning, this is for checking.
    let condition = match (alarm.comparison, alarm.threshold) {
        (Some(c), Some(t)) => format!("{} {} {t}", alarm.metric.as_deref().unwrap_or("value"), c.symbol()),
        _ => DASH.to_owned(),
    };
    let attrs = [
        Attr::new("Name", alarm.name.clone()),
        Attr::new("State", alarm.state.as_str()).role(state_role(alarm.state)),
        Attr::new("Region", key.scope.to_string()),
        Attr::new("State changed", updated),
        Attr::new("Metric", metric_name(alarm)),
        Attr::new("Condition", condition),
        Attr::new("Dimensions", dimensions),
    ];
    let mut lines = grid(view, &attrs, width);
    lines.push(Line::raw(""));
    lines.push(heading(view, "Reason"));
    lines.extend(indented(view, alarm.reason.as_deref().unwrap_or(DASH), 0, width, Role::Text));
    (format!("{key} — alarm"), lines)
}
