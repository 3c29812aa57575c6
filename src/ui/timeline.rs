//! The Timeline tab: what happened, newest first — alarm transitions, scaling activities, DB
//! status and health verdict changes, runbook runs and their steps, operator notes — with the
//! time (UTC; the date too when it is not today), the age, the source, the resource and what.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row};

use super::Scene;
use super::format::{ago, counted, one_line, width};
use super::notice;
use super::table::{self, Column, Fitted, Spec};
use crate::cloud::model::Timestamp;
use crate::config::theme::Role;
use crate::printable;
use crate::state::Tab;
use crate::state::timeline::TimelineRow;
use crate::timeline::{Event, Source};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Time,
    Age,
    Source,
    Resource,
    Region,
    What,
}

/// The columns, the time as wide as its format (with the date: "Nov 27 15:04:05").
fn columns(dated: bool) -> [Column<Col>; 6] {
    [
        Column::new(Col::Time, "UTC", if dated { 15 } else { 8 }, 0),
        Column::new(Col::Age, "Age", 5, 0).right(),
        Column::new(Col::Source, "Source", 9, 0),
        Column::new(Col::Resource, "Resource", 16, 0).ident(),
        Column::new(Col::Region, "Region", 10, 2).scope(),
        Column::new(Col::What, "What", 24, 0).free(),
    ]
}

/// "15:04:05" today, "Nov 27 15:04:05" on another day.
fn time(now: Timestamp, at: Timestamp) -> String {
    if at.date_naive() == now.date_naive() {
        at.format("%H:%M:%S").to_string()
    } else {
        at.format("%b %d %H:%M:%S").to_string()
    }
}

/// The role an event's words are drawn with: red for what went wrong, green for a recovery.
fn role(event: &Event) -> Role {
    let what = event.what.as_str();
    match event.source {
        Source::Alarm if what.starts_with("in ALARM") || what.contains("→ ALARM") => Role::Critical,
        Source::Alarm if what.contains("→ OK") => Role::Ok,
        Source::Health if what.starts_with("became crit") => Role::Critical,
        Source::Health if what.starts_with("became") => Role::Warn,
        Source::Health => Role::Ok,
        Source::Runbook if what.contains(": failed") || what.starts_with("failed") => Role::Critical,
        Source::Note => Role::Accent,
        _ => Role::Text,
    }
}

/// Draws the Timeline tab.
pub fn draw(frame: &mut Frame, area: Rect, scene: Scene<'_>) {
    let state = scene.state;
    let rows = &state.rows.timeline;
    let title = Line::from(Span::styled(counted("Timeline", rows.len()), scene.style(Role::Header)));
    if rows.is_empty() {
        notice::draw(frame, area, scene, title, empty_lines(scene));
        return;
    }
    let dated = rows.iter().any(|r| r.event.at.date_naive() != scene.now.date_naive());
    let columns = columns(dated);
    let dropped = state.timeline.dropped;
    let note = (dropped > 0)
        .then(|| Line::styled(format!(" the oldest {dropped} events are no longer kept "), scene.style(Role::Muted)));
    let ident = |i: usize| width(&rows[i].event.resource);
    let spec = Spec {
        title,
        columns: &columns,
        len: rows.len(),
        cursor: state.cursor(Tab::Timeline),
        note,
        ident: Some(&ident),
    };
    table::draw(frame, area, scene, spec, |i, cols| row(scene, &rows[i], cols));
}

/// What the empty tab says will appear.
fn empty_lines(scene: Scene<'_>) -> Vec<Line<'static>> {
    let muted = scene.style(Role::Muted);
    let first = if scene.state.timeline.recorded || scene.state.session.replay.is_none() {
        "Nothing has happened yet."
    } else {
        "Reading the recording's timeline…"
    };
    vec![
        Line::styled(first, scene.style(Role::Text)),
        Line::styled("Alarm state changes, scaling activities, DB status and health changes,", muted),
        Line::styled("runbook runs with each step, and notes (n) appear here as they happen.", muted),
    ]
}

fn row<'a>(scene: Scene<'_>, r: &'a TimelineRow, cols: &[Fitted<Col>]) -> Row<'a> {
    let event = &r.event;
    let text = scene.style(Role::Text);
    let muted = scene.style(Role::Muted);
    let cells: Vec<Cell<'a>> = cols
        .iter()
        .map(|col| match col.key {
            Col::Time => col.text(time(scene.now, event.at), text),
            Col::Age => col.text(ago(scene.now, Some(event.at)), muted),
            Col::Source => col.text(event.source.label(), muted),
            Col::Resource => col.text(printable::escape(&event.resource), text),
            Col::Region => {
                let region = if r.scoped() { scene.state.session.scope_label(&r.scope) } else { String::new() };
                col.text(region, text)
            }
            Col::What => col.text(one_line(&printable::escape(&event.what)), scene.style(role(event))),
        })
        .collect();
    Row::new(cells)
}
