//! The Overview (tab 0), the screen a war room puts on the wall: the headline figures (in big
//! glyphs on a large terminal), a grid of every DB instance coloured by its verdict, worst
//! first, and beside it the top DB load, the alarms firing, the worst replica lag per primary
//! and every Auto Scaling Group's capacity as one bar.
//!
//! Wide terminals put the lists to the right of the grid; narrow ones below it. Everything
//! drawn comes from rows built when the feeds changed, so a frame costs the same at a hundred
//! databases as at ten thousand (the grid turns into counts per region when cells run out).

mod grid;
mod lists;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::Scene;
use super::format::fit_spans;
use super::kiosk;
use super::notice;
use crate::config::theme::Role;
use crate::state::overview::{self, Headline};

/// Terminals at least this large get the headline figures in big glyphs.
const BIG_FROM: (u16, u16) = (160, 45);
/// Terminals at least this wide put the lists beside the grid.
const SIDE_BY_SIDE_FROM: u16 = 100;

/// Draws the Overview.
pub fn draw(frame: &mut Frame, area: Rect, scene: Scene<'_>) {
    let state = scene.state;
    let cells = &state.rows.overview;
    let [critical, warn, ok] = overview::counts(cells);
    let title = Line::styled(
        format!(" Overview — {} databases: {critical} critical · {warn} warn · {ok} ok ", cells.len()),
        scene.style(Role::Header),
    );
    if cells.is_empty() {
        let lines = notice::feeds_lines(scene, &state.fetched.fleet, "No DB instances in the regions polled");
        notice::draw(frame, area, scene, title, lines);
        return;
    }
    let block = Block::bordered().border_style(scene.style(Role::Border)).title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.is_empty() {
        return;
    }
    let rows = &state.rows;
    let figures = overview::headline(cells, &rows.alarms, &rows.groups, &rows.replication);
    let big = area.width >= BIG_FROM.0 && area.height >= BIG_FROM.1 - 5;
    let headline_height = if big { kiosk::HEIGHT + 1 } else { 1 };
    let [top, rest] = Layout::vertical([Constraint::Length(headline_height), Constraint::Min(0)]).areas(inner);
    if big {
        big_headline(frame, top, scene, &figures);
    } else {
        frame.render_widget(Paragraph::new(headline_line(scene, &figures, usize::from(top.width))), top);
    }
    if rest.is_empty() {
        return;
    }
    let (grid_area, lists_area) = if rest.width >= SIDE_BY_SIDE_FROM {
        let [g, l] =
            Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).spacing(1).areas(rest);
        (g, l)
    } else {
        let lists_height = (rest.height / 2).min(12);
        let [g, l] = Layout::vertical([Constraint::Min(0), Constraint::Length(lists_height)]).areas(rest);
        (g, l)
    };
    grid::draw(frame, grid_area, scene);
    lists::draw(frame, lists_area, scene);
}

/// The four figures as (label, value, role).
fn figures(scene: Scene<'_>, h: &Headline) -> [(&'static str, String, Role); 4] {
    let level = |bad: bool| if bad { Role::Critical } else { Role::Ok };
    let groups = scene.state.rows.groups.len();
    let lag = h.worst_lag.as_ref().map_or_else(|| "-".to_owned(), |(secs, _)| clock_secs(*secs));
    let lag_role = match h.worst_lag.as_ref().map(|(secs, _)| scene.state.session.thresholds.replica_lag.level(*secs)) {
        Some(crate::judging::Level::Critical) => Role::Critical,
        Some(crate::judging::Level::Warn) => Role::Warn,
        _ => Role::Ok,
    };
    [
        ("alarms firing", h.alarms_firing.to_string(), level(h.alarms_firing > 0)),
        ("DBs critical", h.critical.to_string(), level(h.critical > 0)),
        (
            "groups at max",
            format!("{}/{groups}", h.groups_at_max),
            if h.groups_at_max > 0 { Role::Warn } else { Role::Ok },
        ),
        ("worst replica lag (m:ss)", lag, lag_role),
    ]
}

/// Seconds as the big digits can draw them: "0:04", "4:26", "1:02:10".
fn clock_secs(secs: f64) -> String {
    let total = secs.max(0.0).round() as u64;
    let (hours, minutes, seconds) = (total / 3600, total % 3600 / 60, total % 60);
    if hours > 0 { format!("{hours}:{minutes:02}:{seconds:02}") } else { format!("{minutes}:{seconds:02}") }
}

fn headline_line<'a>(scene: Scene<'_>, h: &Headline, width: usize) -> Line<'a> {
    let mut spans = Vec::new();
    for (label, value, role) in figures(scene, h) {
        spans.push(Span::styled(format!(" {value} "), scene.style(role)));
        spans.push(Span::styled(format!("{label}   "), scene.style(Role::Muted)));
    }
    if let Some((_, key)) = &h.worst_lag {
        spans.push(Span::styled(format!("(lag: {})", key.id), scene.style(Role::Muted)));
    }
    fit_spans(spans, width)
}

/// The figures in big glyphs, each over its label, side by side.
fn big_headline(frame: &mut Frame, area: Rect, scene: Scene<'_>, h: &Headline) {
    let columns = Layout::horizontal([Constraint::Ratio(1, 4); 4]).split(area);
    for ((label, value, role), column) in figures(scene, h).into_iter().zip(columns.iter()) {
        let style = scene.style(role);
        let mut lines: Vec<Line<'_>> = kiosk::big(&value).into_iter().map(|row| Line::styled(row, style)).collect();
        lines.push(Line::styled(label, scene.style(Role::Muted)));
        frame.render_widget(Paragraph::new(lines), *column);
    }
}
