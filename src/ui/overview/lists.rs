//! The Overview's lists: the ten databases with the highest DB load per vCPU (with their hour
//! as a sparkline), the alarms in ALARM (newest first), the worst replica lag under each
//! primary, and every Auto Scaling Group as one bar of in-service / desired / max (a group
//! pinned at its max stands out).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::super::Scene;
use super::super::format::{ago, fit_spans, level_role, pad};
use super::super::spark::{gauge, sparkline};
use crate::cloud::model::{AlarmState, DbMetric};
use crate::config::theme::Role;
use crate::judging::{Level, format_secs};
use crate::state::overview::{top_load, worst_lag_per_primary};

/// How many databases the DB load list shows.
const TOP: usize = 10;

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
    let parts: [Vec<Line<'static>>; 4] =
        [load_lines(scene, max), alarm_lines(scene, max), lag_lines(scene, max), group_lines(scene, max)];
    for (lines, section) in parts.into_iter().zip(sections.iter()) {
        frame.render_widget(Paragraph::new(lines), *section);
    }
}

fn heading(scene: Scene<'_>, text: String) -> Line<'static> {
    Line::styled(text, scene.style(Role::Header))
}

fn load_lines(scene: Scene<'_>, max: usize) -> Vec<Line<'static>> {
    let state = scene.state;
    let top = top_load(&state.rows.overview, TOP);
    let mut lines = vec![heading(scene, "Top DB load per vCPU".to_owned())];
    if top.is_empty() {
        lines.push(Line::styled(
            "  no DB load reported (Performance Insights is off everywhere)",
            scene.style(Role::Muted),
        ));
    }
    let spark_width = max.saturating_sub(34).clamp(0, 24);
    for cell in top {
        let relative = cell.load_relative.unwrap_or(0.0);
        let level = state.session.thresholds.db_load.level(relative);
        let values: Vec<f64> = state
            .db_series(&cell.key)
            .and_then(|s| s.get(DbMetric::DbLoadRelative))
            .map(|s| s.values().collect())
            .unwrap_or_default();
        let peak = values.iter().copied().fold(2.0, f64::max);
        lines.push(fit_spans(
            vec![
                Span::styled(format!("  {} ", pad(&cell.key.id, 20)), scene.style(Role::Text)),
                Span::styled(format!("{relative:>4.1}× "), scene.style(role(level))),
                Span::styled(sparkline(&values, spark_width, Some(peak)), scene.style(Role::Accent)),
            ],
            max,
        ));
    }
    lines
}

fn role(level: Level) -> Role {
    if level == Level::Ok { Role::Text } else { level_role(level) }
}

fn alarm_lines(scene: Scene<'_>, max: usize) -> Vec<Line<'static>> {
    let mut firing: Vec<_> = scene.state.rows.alarms.iter().filter(|r| r.alarm.state == AlarmState::Alarm).collect();
    firing.sort_by_key(|r| std::cmp::Reverse(r.alarm.updated));
    let mut lines = vec![heading(scene, format!("Alarms in ALARM ({})", firing.len()))];
    if firing.is_empty() {
        lines.push(Line::styled("  none", scene.style(Role::Ok)));
    }
    for row in firing {
        lines.push(fit_spans(
            vec![
                Span::styled(format!("  {:>4} ", ago(scene.now, row.alarm.updated)), scene.style(Role::Muted)),
                Span::styled(row.alarm.name.clone(), scene.style(Role::Critical)),
            ],
            max,
        ));
    }
    lines
}

fn lag_lines(scene: Scene<'_>, max: usize) -> Vec<Line<'static>> {
    let worst = worst_lag_per_primary(&scene.state.rows.replication);
    let mut lines = vec![heading(scene, "Worst replica lag per primary".to_owned())];
    if worst.is_empty() {
        lines.push(Line::styled("  no replicas reporting lag", scene.style(Role::Muted)));
    }
    for (source, replica, lag) in worst {
        let level = scene.state.session.thresholds.replica_lag.level(lag);
        lines.push(fit_spans(
            vec![
                Span::styled(format!("  {:>6} ", format_secs(lag)), scene.style(role(level))),
                Span::styled(format!("{} ", source.id), scene.style(Role::Text)),
                Span::styled(format!("→ {}", replica.id), scene.style(Role::Muted)),
            ],
            max,
        ));
    }
    lines
}

fn group_lines(scene: Scene<'_>, max: usize) -> Vec<Line<'static>> {
    let groups = &scene.state.rows.groups;
    let mut lines = vec![heading(scene, format!("Auto Scaling Groups ({})", groups.len()))];
    let bar_width = max.saturating_sub(36).clamp(4, 30);
    for g in groups {
        let (on, wanted, room) = gauge(g.in_service, g.desired, g.max, bar_width);
        let pinned = g.max > 0 && g.desired >= g.max;
        let style = if pinned { scene.style(Role::Warn) } else { scene.style(Role::Ok) };
        lines.push(fit_spans(
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
    lines
}
