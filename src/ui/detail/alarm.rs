//! Detail of a `CloudWatch` alarm: its state and since when, whether its actions run, what it
//! watches (metric and dimensions), the condition, `CloudWatch`'s full reason text, wrapped, and the alarm's
//! recent history (fetched when the view opens).

use ratatui::text::{Line, Span};

use super::{Attr, gone, grid, heading, indented};
use crate::cloud::model::{AlarmHistoryItem, ResourceKey};
use crate::config::theme::Role;
use crate::feed::Feed;
use crate::ui::Scene;
use crate::ui::alarms::{metric_name, state_role};
use crate::ui::format::{DASH, ago, date_time};

/// The panel name and lines for an alarm key.
pub fn lines(scene: Scene<'_>, key: &ResourceKey, width: u16) -> (String, Vec<Line<'static>>) {
    let alarm = scene
        .state
        .fetched
        .alarms
        .get(&key.scope)
        .and_then(|f| f.data())
        .and_then(|list| list.iter().find(|a| a.name == key.id));
    let Some(alarm) = alarm else { return (key.to_string(), gone(scene, &key.to_string())) };
    let dimensions = if alarm.dimensions.is_empty() {
        DASH.to_owned()
    } else {
        alarm.dimensions.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(", ")
    };
    let updated = match alarm.updated {
        Some(_) => format!("{} ({} ago)", date_time(alarm.updated), ago(scene.now, alarm.updated)),
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
        if alarm.actions_enabled {
            Attr::new("Actions", "enabled")
        } else {
            Attr::new("Actions", "paused (DisableAlarmActions): it changes state but runs no actions").role(Role::Warn)
        },
        Attr::new("Metric", metric_name(alarm)),
        Attr::new("Condition", condition),
        Attr::new("Dimensions", dimensions),
    ];
    let mut lines = grid(scene, &attrs, width);
    lines.push(Line::raw(""));
    lines.push(heading(scene, "Reason"));
    lines.extend(indented(scene, alarm.reason.as_deref().unwrap_or(DASH), 0, width, Role::Text));
    lines.extend(history(scene, key, width));
    (format!("{key} — alarm"), lines)
}

/// The "History" section: newest first, or what is keeping it from showing.
fn history(scene: Scene<'_>, key: &ResourceKey, width: u16) -> Vec<Line<'static>> {
    let Some(history) = scene.state.fetched.alarm_history.as_ref().filter(|h| &h.alarm == key) else {
        return Vec::new();
    };
    let mut lines = vec![Line::raw(""), heading(scene, "History")];
    let note = match &history.feed {
        Feed::Loading => Some(("loading…".to_owned(), Role::Muted)),
        Feed::Failed { failure, .. } => Some((format!("{} — {}", failure.error, failure.error.hint()), Role::Critical)),
        Feed::Ready(_) => None,
    };
    if let Some((text, role)) = note {
        lines.extend(indented(scene, &text, 0, width, role));
    }
    let items = history.feed.data().map_or(&[][..], Vec::as_slice);
    if items.is_empty() && matches!(history.feed, Feed::Ready(_)) {
        lines.push(Line::styled("no entries", scene.style(Role::Muted)));
    }
    lines.extend(items.iter().map(|item| entry(scene, item)));
    lines
}

/// "2026-11-27 14:52  OK → ALARM", or "… config  Alarm "x" updated".
fn entry(scene: Scene<'_>, item: &AlarmHistoryItem) -> Line<'static> {
    let when = Span::styled(format!("{}  ", date_time(item.at)), scene.style(Role::Muted));
    match item.transition {
        Some((from, to)) => Line::from(vec![
            when,
            Span::styled(format!("{} → ", from.as_str()), scene.style(Role::Text)),
            Span::styled(to.as_str(), scene.style(state_role(to))),
        ]),
        None => Line::from(vec![
            when,
            Span::styled(format!("{:<7}", item.kind.label()), scene.style(Role::Muted)),
            Span::styled(item.summary.clone(), scene.style(Role::Text)),
        ]),
    }
}
