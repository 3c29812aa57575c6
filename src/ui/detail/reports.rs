//! The analysis reports of the instance in focus: the list (status, window, when made; ↑/↓
//! and Enter), and one report's insights, each with its severity, what it says, the
//! statements it names and its recommendations, then the insights supporting it. Report text
//! came from AWS: it is drawn without control characters, whatever the adapter let through.

use ratatui::text::{Line, Span};

use super::{heading, indented};
use crate::cloud::model::{Insight, ReportSummary, Severity, Timestamp};
use crate::config::theme::Role;
use crate::feed::Feed;
use crate::printable;
use crate::ui::Scene;
use crate::ui::format::{DASH, one_line, truncate};

/// Statements named per insight, at most.
const STATEMENTS: usize = 3;

fn feed_line<T>(scene: Scene<'_>, feed: &Feed<T>) -> Option<Line<'static>> {
    match feed {
        Feed::Loading => Some(Line::styled("loading…", scene.style(Role::Muted))),
        Feed::Failed { failure, .. } => {
            Some(Line::styled(format!("{} — {}", failure.error, failure.error.hint()), scene.style(Role::Critical)))
        }
        Feed::Ready(_) => None,
    }
}

fn when(t: Option<Timestamp>, format: &str) -> String {
    t.map_or_else(|| DASH.to_owned(), |t| t.format(format).to_string())
}

/// "2026-12-02 14:00 – 15:00 UTC".
fn window(start: Option<Timestamp>, end: Option<Timestamp>) -> String {
    format!("{} – {} UTC", when(start, "%F %R"), when(end, "%R"))
}

fn status_role(r: &ReportSummary) -> Role {
    match r.status.label() {
        "SUCCEEDED" => Role::Ok,
        "FAILED" => Role::Critical,
        _ => Role::Warn,
    }
}

/// The list of reports.
pub fn list(scene: Scene<'_>, width: u16) -> (String, Vec<Line<'static>>) {
    let state = scene.state;
    let name = state
        .fetched
        .focus
        .as_ref()
        .map_or_else(|| "Analysis reports".to_owned(), |f| format!("Analysis reports of {f}"));
    let width = usize::from(width);
    let muted = scene.style(Role::Muted);
    let Some(reports) = &state.fetched.reports else { return (name, Vec::new()) };
    let mut lines = vec![Line::styled(
        truncate("↑/↓ choose · ⏎ insights · A a report of the window on the tab", width).into_owned(),
        muted,
    )];
    lines.extend(feed_line(scene, &reports.feed));
    let Some(list) = reports.feed.data() else { return (name, lines) };
    if list.is_empty() {
        lines.push(Line::styled("No analysis report yet: A asks PI for one of the window on the tab.", muted));
        return (name, lines);
    }
    lines.push(Line::raw(""));
    for (i, report) in list.iter().enumerate() {
        let marker = if i == reports.selected { "▸ " } else { "  " };
        let rest = format!("  {}  {}", window(report.start, report.end), printable::strip(&report.id));
        let style = if i == reports.selected { scene.style(Role::Selection) } else { scene.style(Role::Text) };
        lines.push(Line::from(vec![
            Span::styled(marker, style),
            Span::styled(format!("{:<9}", report.status.label()), scene.style(status_role(report))),
            Span::styled(truncate(&rest, width.saturating_sub(11)).into_owned(), style),
        ]));
    }
    (name, lines)
}

fn severity_role(s: &Severity) -> Role {
    match s {
        Severity::High => Role::Critical,
        Severity::Medium => Role::Warn,
        Severity::Low | Severity::Other(_) => Role::Text,
    }
}

fn insight(scene: Scene<'_>, i: &Insight, depth: usize, width: u16) -> Vec<Line<'static>> {
    let indent = depth * 2;
    let pad = " ".repeat(indent);
    let kind = i.kind.as_deref().map_or_else(|| DASH.to_owned(), |k| printable::strip(k).into_owned());
    let head = format!("{pad}[{}] {kind}  {}", i.severity.label(), window(i.start, i.end));
    let mut lines =
        vec![Line::styled(truncate(&head, usize::from(width)).into_owned(), scene.style(severity_role(&i.severity)))];
    let text = |t: &str| printable::strip(t).into_owned();
    if let Some(d) = &i.description {
        lines.extend(indented(scene, &text(d), indent + 2, width, Role::Text));
    }
    for statement in i.statements.iter().take(STATEMENTS) {
        let line = format!("{pad}  SQL  {}", one_line(&text(statement)));
        lines.push(Line::styled(truncate(&line, usize::from(width)).into_owned(), scene.style(Role::Accent)));
    }
    for r in &i.recommendations {
        if let Some(d) = &r.description {
            lines.extend(indented(scene, &format!("→ {}", text(d)), indent + 2, width, Role::Text));
        }
        if let Some(d) = &r.details {
            lines.extend(indented(scene, &text(d), indent + 4, width, Role::Muted));
        }
    }
    for s in &i.supporting {
        lines.extend(insight(scene, s, depth + 1, width));
    }
    lines
}

/// One report's insights.
pub fn report(scene: Scene<'_>, id: &str, width: u16) -> (String, Vec<Line<'static>>) {
    let name = format!("Analysis report {}", printable::strip(id));
    let muted = scene.style(Role::Muted);
    let Some(open) = scene.state.fetched.reports.as_ref().and_then(|r| r.open.as_ref()).filter(|o| o.id == id) else {
        return (name, Vec::new());
    };
    let mut lines = vec![Line::styled("Esc back to the list", muted)];
    lines.extend(feed_line(scene, &open.feed));
    let Some(report) = open.feed.data() else { return (name, lines) };
    let s = &report.summary;
    lines.push(Line::from(vec![
        Span::styled(format!("{:<9}", s.status.label()), scene.style(status_role(s))),
        Span::styled(
            format!(" {} · made {}", window(s.start, s.end), when(s.created, "%F %R")),
            scene.style(Role::Text),
        ),
    ]));
    lines.push(Line::raw(""));
    if s.status.is_running() {
        lines.push(Line::styled("PI is still analysing the window; this view looks again with each poll.", muted));
        return (name, lines);
    }
    if report.insights.is_empty() {
        lines.push(Line::styled("PI found nothing to report in this window.", muted));
        return (name, lines);
    }
    lines.push(heading(scene, &format!("Insights ({})", report.insights.len())));
    for i in &report.insights {
        lines.extend(insight(scene, i, 0, width));
        lines.push(Line::raw(""));
    }
    (name, lines)
}
