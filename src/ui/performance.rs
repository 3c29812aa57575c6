//! The Performance tab: Performance Insights for the focused instance — DB load by wait event
//! over the last hour, the top SQL statements (Enter opens one in full) and the top waits.
//!
//! Wait events keep one colour across the chart, the top-waits bars and the top-SQL table, so
//! a reader can follow "the red one" from the chart to the statement causing it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Row};

use super::Scene;
use super::format::{DASH, fit_spans, one_line, pad, problem_note};
use super::load_chart::{LoadChart, event_order};
use super::notice;
use super::spark::bar;
use super::table::{self, Column, Fitted, Spec};
use crate::cloud::model::{Performance, SqlLoad};
use crate::config::theme::Role;
use crate::feed::FeedKind;
use crate::state::Tab;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Statement,
    Load,
    Share,
    Wait,
}

const COLUMNS: [Column<Col>; 4] = [
    Column::new(Col::Statement, "Statement", 20, 0).flex(),
    Column::new(Col::Load, "AAS", 6, 0).right(),
    Column::new(Col::Share, "Share", 5, 1).right(),
    Column::new(Col::Wait, "Top wait", 16, 2),
];

/// Draws the Performance tab.
pub fn draw(frame: &mut Frame, area: Rect, scene: Scene<'_>) {
    let state = scene.state;
    let Some(focus) = &state.fetched.focus else {
        no_focus(frame, area, scene);
        return;
    };
    let mut title = vec![Span::styled(format!(" Performance Insights — {focus} "), scene.style(Role::Header))];
    let freshness = state.freshness(FeedKind::Performance, scene.now);
    let is_stale = !freshness.is_fresh();
    if is_stale && state.fetched.performance.data().is_some() {
        title.push(Span::styled(format!("stale: {} ", problem_note(&freshness)), scene.style(Role::Stale)));
    }
    if let Some(lines) = notice::feed_lines(scene, &state.fetched.performance) {
        notice::draw(frame, area, scene, Line::from(title), lines);
        return;
    }
    let Some(perf) = state.fetched.performance.data() else { return };
    let chart_height = if area.height >= 16 { (area.height * 45 / 100).max(8) } else { area.height / 2 };
    let chart_area = Rect { height: chart_height, ..area };
    let bottom = Rect { y: area.y + chart_height, height: area.height - chart_height, ..area };
    let events = event_order(perf);
    chart(frame, chart_area, scene, Line::from(title), perf, &events);
    let waits_width = if bottom.width >= 80 { bottom.width * 2 / 5 } else { 0 };
    let sql_area = Rect { width: bottom.width - waits_width, ..bottom };
    let waits_area = Rect { x: sql_area.right(), width: waits_width, ..bottom };
    top_sql(frame, sql_area, scene, perf, &events, is_stale);
    if waits_width > 0 {
        top_waits(frame, waits_area, scene, perf, &events);
    }
}

fn no_focus(frame: &mut Frame, area: Rect, scene: Scene<'_>) {
    let title = Line::styled(" Performance Insights ", scene.style(Role::Header));
    // The focus follows the fleet once it loads; until then, say why there is nothing yet.
    let lines = if scene.state.fetched.fleet.data().next().is_none() {
        notice::feeds_lines(scene, &scene.state.fetched.fleet, "")
    } else {
        vec![
            Line::styled("No instance is in focus.", scene.style(Role::Text)),
            Line::styled(
                "Select an instance with Performance Insights on (Fleet tab), then press 3.",
                scene.style(Role::Muted),
            ),
        ]
    };
    notice::draw(frame, area, scene, title, lines);
}

fn chart(frame: &mut Frame, area: Rect, scene: Scene<'_>, title: Line<'_>, perf: &Performance, events: &[&str]) {
    let block = Block::bordered()
        .border_style(scene.style(Role::Border))
        .title(title)
        .title_bottom(Line::styled(" DB load, average active sessions, last hour ", scene.style(Role::Muted)));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if perf.load.is_empty() {
        frame.render_widget(Paragraph::new("no load samples yet").style(scene.style(Role::Muted)), inner);
        return;
    }
    frame.render_widget(LoadChart { perf, events, theme: scene.theme }, inner);
}

fn event_style(scene: Scene<'_>, events: &[&str], event: &str) -> Style {
    events.iter().position(|e| *e == event).map_or_else(|| scene.style(Role::Text), |i| scene.theme.series(i))
}

fn top_sql(frame: &mut Frame, area: Rect, scene: Scene<'_>, perf: &Performance, events: &[&str], stale: bool) {
    let rows = &scene.state.rows.sql;
    let title = Line::styled(format!(" Top SQL ({}) — ⏎ full statement ", rows.len()), scene.style(Role::Header));
    if rows.is_empty() {
        notice::draw(frame, area, scene, title, vec![Line::styled("No statements recorded", scene.style(Role::Muted))]);
        return;
    }
    let spec =
        Spec { title, columns: &COLUMNS, len: rows.len(), cursor: scene.state.cursor(Tab::Performance), note: None };
    table::draw(frame, area, scene, spec, |i, cols| sql_row(scene, perf, &rows[i].sql, cols, events, stale));
}

fn sql_row<'a>(
    scene: Scene<'_>,
    perf: &Performance,
    sql: &'a SqlLoad,
    cols: &[Fitted<Col>],
    events: &[&str],
    stale: bool,
) -> Row<'a> {
    let tone = |style: Style| if stale { scene.style(Role::Stale) } else { style };
    let text = tone(scene.style(Role::Text));
    Row::new(cols.iter().map(|col| match col.key {
        Col::Statement => col.text(one_line(&sql.statement), text),
        Col::Load => col.text(format!("{:.2}", sql.load), text),
        Col::Share => col.text(perf.share(sql).map_or_else(|| DASH.to_owned(), |s| format!("{:.0}%", s * 100.0)), text),
        Col::Wait => match &sql.top_wait {
            Some(wait) => col.text(wait.as_str(), tone(event_style(scene, events, wait))),
            None => col.text(DASH, text),
        },
    }))
}

fn top_waits(frame: &mut Frame, area: Rect, scene: Scene<'_>, perf: &Performance, events: &[&str]) {
    let block = Block::bordered()
        .border_style(scene.style(Role::Border))
        .title(Line::styled(" Top waits (AAS) ", scene.style(Role::Header)));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let name_width = (width / 2).min(22);
    let heaviest = perf.top_waits.iter().map(|w| w.load).fold(0.0, f64::max);
    let lines: Vec<Line<'_>> = perf
        .top_waits
        .iter()
        .take(usize::from(inner.height))
        .map(|w| {
            let value = format!(" {:.2}", w.load);
            let bar_width = width.saturating_sub(name_width + 1 + value.len());
            let fraction = if heaviest > 0.0 { w.load / heaviest } else { 0.0 };
            let name = format!("{} ", pad(&w.event, name_width));
            let spans = vec![
                Span::styled(name, scene.style(Role::Text)),
                Span::styled(pad(&bar(fraction, bar_width), bar_width), event_style(scene, events, &w.event)),
                Span::styled(value, scene.style(Role::Text)),
            ];
            fit_spans(spans, width)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
