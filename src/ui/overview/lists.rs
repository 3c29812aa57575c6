//! The Overview's lists: the ten databases with the highest DB load per vCPU (with their hour
//! as a sparkline), the alarms in ALARM (newest first), the worst replica lag under each
//! primary, and every Auto Scaling Group as one bar of in-service / desired / max (a group
//! pinned at its max stands out).
//!
//! Each list can hold the Overview's selection (→ / ← or `>` / `<` move it there): its heading
//! is marked, its selected row drawn in the selection style and kept in view.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::super::Scene;
use super::super::format::{ago, fit_spans, level_role, pad};
use super::super::spark::{gauge, sparkline};
use crate::cloud::model::DbMetric;
use crate::config::theme::Role;
use crate::judging::{Level, format_secs};
use crate::state::Tab;
use crate::state::overview::{top_load, worst_lag_per_primary};
use crate::state::overview_pane::{Pane, TOP_LOAD as TOP, firing};

/// A list as drawn: its heading, a line when it has no rows, and its rows (one per resource,
/// in the order the pane's selection counts them).
struct List {
    pane: Pane,
    heading: String,
    empty: Option<Line<'static>>,
    rows: Vec<Line<'static>>,
}

/// Draws the four lists stacked in `area`, each with what room there is.
pub fn draw(frame: &mut Frame, area: Rect, scene: Scene<'_>) {
    if area.is_empty() {
        return;
    }
    let sections = Layout::vertical([
        Constraint::Max(u16::try_from(TOP).unwrap_or(10) + 1),
        Constraint::Max(6),
        Constraint::Max(5),
        Constraint::Min(2),
    ])
    .split(area);
    let max = usize::from(area.width);
    let lists = [load_list(scene, max), alarm_list(scene, max), lag_list(scene, max), group_list(scene, max)];
    for (list, section) in lists.into_iter().zip(sections.iter()) {
        frame.render_widget(Paragraph::new(lines(scene, list, usize::from(section.height))), *section);
    }
}

/// A list's lines for `height` rows: the heading (marked when the list has the selection),
/// then the rows, scrolled so that the selected one shows.
fn lines(scene: Scene<'_>, list: List, height: usize) -> Vec<Line<'static>> {
    let focused = scene.state.nav.tab == Tab::Overview && scene.state.nav.overview.pane == list.pane;
    let marker = if focused { "▸ " } else { "" };
    let mut lines = vec![Line::styled(format!("{marker}{}", list.heading), scene.style(Role::Header))];
    if list.rows.is_empty() {
        lines.extend(list.empty);
        return lines;
    }
    let room = height.saturating_sub(1).max(1);
    let selected = focused.then(|| scene.state.cursor(Tab::Overview).selected);
    let first = selected.map_or(0, |s| (s + 1).saturating_sub(room));
    for (i, line) in list.rows.into_iter().enumerate().skip(first).take(room) {
        lines.push(if selected == Some(i) { selected_line(line, scene.style(Role::Selection)) } else { line });
    }
    lines
}

/// A row in the selection style, every span of it (their own colours would show through).
fn selected_line(line: Line<'static>, style: ratatui::style::Style) -> Line<'static> {
    Line::from(line.spans.into_iter().map(|span| span.patch_style(style)).collect::<Vec<_>>())
}

fn load_list(scene: Scene<'_>, max: usize) -> List {
    let state = scene.state;
    let top = top_load(&state.rows.overview, TOP);
    let mut rows = Vec::new();
    let spark_width = max.saturating_sub(34).clamp(0, 24);
    for cell in top {
        let relative = cell.load_relative.unwrap_or(0.0);
        let level = state.session.thresholds.db_load.level(relative);
        let values: Vec<f64> = state
            .db_series(cell.key())
            .and_then(|s| s.get(DbMetric::DbLoadRelative))
            .map(|s| s.values().collect())
            .unwrap_or_default();
        let peak = values.iter().copied().fold(2.0, f64::max);
        rows.push(fit_spans(
            vec![
                Span::styled(format!("  {} ", pad(&cell.key().id, 20)), scene.style(Role::Text)),
                Span::styled(format!("{relative:>4.1}× "), scene.style(role(level))),
                Span::styled(sparkline(&values, spark_width, Some(peak)), scene.style(Role::Accent)),
            ],
            max,
        ));
    }
    List {
        pane: Pane::Load,
        heading: "Top DB load per vCPU".to_owned(),
        empty: Some(Line::styled(
            "  no DB load reported (Performance Insights is off everywhere)",
            scene.style(Role::Muted),
        )),
        rows,
    }
}

fn role(level: Level) -> Role {
    if level == Level::Ok { Role::Text } else { level_role(level) }
}

fn alarm_list(scene: Scene<'_>, max: usize) -> List {
    let firing = firing(&scene.state.rows);
    let heading = format!("Alarms in ALARM ({})", firing.len());
    let mut rows = Vec::new();
    for row in firing {
        rows.push(fit_spans(
            vec![
                Span::styled(format!("  {:>4} ", ago(scene.now, row.alarm.updated)), scene.style(Role::Muted)),
                Span::styled(row.alarm.name.clone(), scene.style(Role::Critical)),
            ],
            max,
        ));
    }
    List { pane: Pane::Alarms, heading, empty: Some(Line::styled("  none", scene.style(Role::Ok))), rows }
}

fn lag_list(scene: Scene<'_>, max: usize) -> List {
    let worst = worst_lag_per_primary(&scene.state.rows.replication);
    let mut rows = Vec::new();
    for (source, replica, lag) in worst {
        let level = scene.state.session.thresholds.replica_lag.level(lag);
        rows.push(fit_spans(
            vec![
                Span::styled(format!("  {:>6} ", format_secs(lag)), scene.style(role(level))),
                Span::styled(format!("{} ", source.id), scene.style(Role::Text)),
                Span::styled(format!("→ {}", replica.id), scene.style(Role::Muted)),
            ],
            max,
        ));
    }
    List {
        pane: Pane::Lag,
        heading: "Worst replica lag per primary".to_owned(),
        empty: Some(Line::styled("  no replicas reporting lag", scene.style(Role::Muted))),
        rows,
    }
}

fn group_list(scene: Scene<'_>, max: usize) -> List {
    let groups = &scene.state.rows.groups;
    let heading = format!("Auto Scaling Groups ({})", groups.len());
    let mut rows = Vec::new();
    let bar_width = max.saturating_sub(36).clamp(4, 30);
    for g in groups {
        let (on, wanted, room) = gauge(g.in_service, g.desired, g.max, bar_width);
        let pinned = g.max > 0 && g.desired >= g.max;
        let style = if pinned { scene.style(Role::Warn) } else { scene.style(Role::Ok) };
        rows.push(fit_spans(
            vec![
                Span::styled(format!("  {} ", pad(&g.key.id, 18)), scene.style(Role::Text)),
                Span::styled("█".repeat(on), style),
                Span::styled("▒".repeat(wanted), style),
                Span::styled("░".repeat(room), scene.style(Role::Muted)),
                Span::styled(
                    format!(" {}/{}/{}{}", g.in_service, g.desired, g.max, if pinned { " at max" } else { "" }),
                    style,
                ),
            ],
            max,
        ));
    }
    List { pane: Pane::Groups, heading, empty: None, rows }
}
