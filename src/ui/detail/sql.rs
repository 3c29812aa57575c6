//! Detail of a top-SQL statement: its load, its share of the top-SQL load and its top wait,
//! then the full statement text with its own line breaks, wrapped to the panel.

use ratatui::text::Line;

use super::{Attr, gone, grid, heading};
use crate::config::theme::Role;
use crate::ui::Scene;
use crate::ui::format::DASH;

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
        Attr::new("Load", format!("{:.2} average active sessions", sql.load)),
        Attr::new("Share", share),
        Attr::opt("Top wait", sql.top_wait.clone()),
    ];
    let mut lines = grid(scene, &attrs, width);
    lines.push(Line::raw(""));
    lines.push(heading(scene, "Statement"));
    lines.extend(sql.statement.lines().map(|l| Line::styled(l.to_owned(), scene.style(Role::Text))));
    (format!("SQL {}", sql.id), lines)
}
