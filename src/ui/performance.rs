//! The Performance tab: Performance Insights for the focused instance — DB load over the
//! chosen window, sliced by the chosen dimension (`s` cycles wait event, SQL, host, user,
//! database, application; `w` cycles 5 min to 7 days), the top SQL statements with their
//! statistics (Enter opens one in full) and the top keys of the slice.
//!
//! Keys keep one colour across the chart, the top-keys bars and the top-SQL table, so a reader
//! can follow "the red one" from the chart to the statement causing it. A slice the engine
//! does not report says so, and why, instead of drawing an empty pane.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Row};

use super::Scene;
use super::format::{DASH, fit_spans, one_line, pad, problem_note};
use super::load_chart::{LoadChart, event_order};
use super::notice;
use super::perf_text::{calls, latency, rows, title_spans};
use super::spark::bar;
use super::table::{self, Column, Fitted, Spec};
use crate::cloud::model::{Dimension, Performance, SqlLoad};
use crate::config::theme::Role;
use crate::feed::FeedKind;
use crate::state::Tab;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Statement,
    Load,
    Share,
    Calls,
    Rows,
    Latency,
    Wait,
}

const COLUMNS: [Column<Col>; 7] = [
    Column::new(Col::Statement, "Statement", 20, 0).free(),
    Column::new(Col::Load, "AAS", 6, 0).right(),
    Column::new(Col::Share, "Share", 5, 1).right(),
    Column::new(Col::Calls, "Calls/s", 7, 2).right(),
    Column::new(Col::Latency, "Latency", 8, 2).right(),
    Column::new(Col::Rows, "Rows/call", 9, 4).right(),
    Column::new(Col::Wait, "Top wait", 16, 3),
];

/// Draws the Performance tab.
pub fn draw(frame: &mut Frame, area: Rect, scene: Scene<'_>) {
    let state = scene.state;
    let Some(focus) = &state.fetched.focus else {
        no_focus(frame, area, scene);
        return;
    };
    let perf = state.fetched.performance.data();
    let mut title = title_spans(scene, (focus, area.width), perf, state.fetched.pi_view);
    let freshness = state.freshness(FeedKind::Performance, scene.now);
    let is_stale = !freshness.is_fresh();
    if is_stale && perf.is_some() {
        title.push(Span::styled(format!("stale: {} ", problem_note(&freshness)), scene.style(Role::Stale)));
    }
    if let Some(lines) = notice::feed_lines(scene, &state.fetched.performance) {
        notice::draw(frame, area, scene, Line::from(title), lines);
        return;
    }
    let Some(perf) = perf else { return };
    let chart_height = if area.height >= 16 { (area.height * 45 / 100).max(8) } else { area.height / 2 };
    let chart_area = Rect { height: chart_height, ..area };
    let bottom = Rect { y: area.y + chart_height, height: area.height - chart_height, ..area };
    let events = event_order(perf);
    chart(frame, chart_area, scene, Line::from(title), perf, &events);
    let keys_width = if bottom.width >= 80 { bottom.width * 2 / 5 } else { 0 };
    let sql_area = Rect { width: bottom.width - keys_width, ..bottom };
    let keys_area = Rect { x: sql_area.right(), width: keys_width, ..bottom };
    top_sql(frame, sql_area, scene, perf, &events, is_stale);
    if keys_width > 0 {
        top_keys(frame, keys_area, scene, perf, &events);
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
    let view = perf.view;
    let unsliced = perf.capabilities.why_not(view.dimension).is_some();
    let by = if unsliced { "not sliced".to_owned() } else { format!("by {}", view.dimension.label()) };
    let bottom = format!(" DB load (AAS), last {}, {by} · s slice · w window ", view.window.label());
    let block = Block::bordered()
        .border_style(scene.style(Role::Border))
        .title(title)
        .title_bottom(Line::styled(bottom, scene.style(Role::Muted)));
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
    let note =
        perf.capabilities.no_sql_stats.as_deref().map(|why| Line::styled(format!(" {why} "), scene.style(Role::Muted)));
    let cursor = scene.state.cursor(Tab::Performance);
    let spec = Spec { title, columns: &COLUMNS, len: rows.len(), cursor, note, ident: None };
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
    // Sliced by SQL, the statement itself carries the chart's colour.
    let statement_style =
        if perf.view.dimension == Dimension::Sql { tone(event_style(scene, events, &sql.statement)) } else { text };
    Row::new(cols.iter().map(|col| match col.key {
        Col::Statement => col.text(one_line(&sql.statement), statement_style),
        Col::Load => col.text(format!("{:.2}", sql.load), text),
        Col::Share => col.text(perf.share(sql).map_or_else(|| DASH.to_owned(), |s| format!("{:.0}%", s * 100.0)), text),
        Col::Calls => col.text(calls(sql.stats.calls_per_sec), text),
        Col::Rows => col.text(rows(sql.stats.rows_per_call), text),
        Col::Latency => col.text(latency(sql.stats.latency_ms), text),
        Col::Wait => match &sql.top_wait {
            Some(wait) => col.text(wait.as_str(), tone(event_style(scene, events, wait))),
            None => col.text(DASH, text),
        },
    }))
}

fn top_keys(frame: &mut Frame, area: Rect, scene: Scene<'_>, perf: &Performance, events: &[&str]) {
    let dimension = perf.view.dimension;
    let block = Block::bordered()
        .border_style(scene.style(Role::Border))
        .title(Line::styled(format!(" Top {} (AAS) ", dimension.label()), scene.style(Role::Header)));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    if let Some(why) = perf.capabilities.why_not(dimension) {
        let lines = vec![
            Line::styled(format!("Load is not sliced by {}:", dimension.label()), scene.style(Role::Text)),
            Line::styled(why.to_owned(), scene.style(Role::Muted)),
            Line::styled("s shows the next slice.", scene.style(Role::Muted)),
        ];
        frame.render_widget(Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: true }), inner);
        return;
    }
    if perf.top_keys.is_empty() {
        frame.render_widget(Paragraph::new("no load in this window").style(scene.style(Role::Muted)), inner);
        return;
    }
    let name_width = (width / 2).min(22);
    let heaviest = perf.top_keys.iter().map(|w| w.load).fold(0.0, f64::max);
    let lines: Vec<Line<'_>> = perf
        .top_keys
        .iter()
        .take(usize::from(inner.height))
        .map(|w| {
            let value = format!(" {:.2}", w.load);
            let bar_width = width.saturating_sub(name_width + 1 + value.len());
            let fraction = if heaviest > 0.0 { w.load / heaviest } else { 0.0 };
            let name = format!("{} ", pad(&one_line(&w.name), name_width));
            let spans = vec![
                Span::styled(name, scene.style(Role::Text)),
                Span::styled(pad(&bar(fraction, bar_width), bar_width), event_style(scene, events, &w.name)),
                Span::styled(value, scene.style(Role::Text)),
            ];
            fit_spans(spans, width)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
