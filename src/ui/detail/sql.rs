//! Detail of a top-SQL statement: its load, share, statistics and top wait over the window,
//! the statement's own load over the window as a sparkline, then its full text
//! (`db.sql.statement`) with its own line breaks, wrapped to the panel, after its execution
//! plans (`plans`). Until the full text arrives (or where PI has none) the list's text
//! stands, marked as possibly cut.

use ratatui::text::Line;

use super::{Attr, gone, grid, heading};
use crate::config::theme::Role;
use crate::feed::Feed;
use crate::ui::Scene;
use crate::ui::format::{DASH, number};
use crate::ui::perf_text::{calls, latency, rows};
use crate::ui::spark::{min_max, sparkline};

/// The panel name and lines for a statement digest id.
pub fn lines(scene: Scene<'_>, id: &str, width: u16) -> (String, Vec<Line<'static>>) {
    let perf = scene.state.fetched.performance.data();
    let Some((perf, sql)) = perf.and_then(|p| p.top_sql.iter().find(|s| s.id == id).map(|s| (p, s))) else {
        return (format!("SQL {id}"), gone(scene, &format!("Statement {id}")));
    };
    let share = perf.share(sql).map_or_else(|| DASH.to_owned(), |s| format!("{:.1}% of top-SQL load", s * 100.0));
    let attrs = [
        Attr::new("Digest", sql.id.clone()),
        Attr::new("Instance", perf.instance.to_string()),
        Attr::new("Window", format!("last {}", perf.view.window.label())),
        Attr::new("Load", format!("{:.2} average active sessions", sql.load)),
        Attr::new("Share", share),
        Attr::new("Calls/s", calls(sql.stats.calls_per_sec)),
        Attr::new("Rows/call", rows(sql.stats.rows_per_call)),
        Attr::new("Latency", latency(sql.stats.latency_ms)),
        Attr::opt("Top wait", sql.top_wait.clone()),
    ];
    let mut lines = grid(scene, &attrs, width);
    let detail = scene.state.fetched.sql_detail.as_ref().filter(|d| d.id == id);
    let ready = detail.and_then(|d| d.feed.data());
    lines.push(Line::raw(""));
    lines.push(heading(scene, &format!("Its own load, last {}", perf.view.window.label())));
    match detail.map(|d| &d.feed) {
        Some(Feed::Ready(_)) | None => {}
        Some(Feed::Loading) => lines.push(Line::styled("loading…", scene.style(Role::Muted))),
        Some(Feed::Failed { failure, .. }) => lines
            .push(Line::styled(format!("{} — {}", failure.error, failure.error.hint()), scene.style(Role::Critical))),
    }
    if let Some(d) = ready {
        let values: Vec<f64> = d.load.iter().map(|(_, v)| *v).collect();
        let spark = sparkline(&values, usize::from(width).saturating_sub(16).max(8), None);
        let peak = min_max(values.iter().copied()).map_or_else(|| DASH.to_owned(), |(_, max)| number(max));
        lines.push(Line::styled(format!("{spark}  peak {peak}"), scene.style(Role::Accent)));
    }
    // Plans before the text: a long statement would push them off the panel.
    if let (Some(d), Some(shown)) = (ready, detail.map(|d| d.plan)) {
        lines.push(Line::raw(""));
        lines.extend(super::plans::lines(scene, &d.plans, shown, width));
    }
    lines.push(Line::raw(""));
    let full = ready.and_then(|d| d.statement.clone());
    let cut = if full.is_none() && sql.statement.len() >= 500 { " (as listed: PI cuts at 500 bytes)" } else { "" };
    lines.push(heading(scene, &format!("Statement{cut}")));
    let text = full.unwrap_or_else(|| sql.statement.clone());
    lines.extend(text.lines().map(|l| Line::styled(l.to_owned(), scene.style(Role::Text))));
    (format!("SQL {}", sql.id), lines)
}
