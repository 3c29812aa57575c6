//! The blocking tree of the instance in focus over the window: each blocking statement with
//! the session and object it held and the load it blocked, then the statements waiting on
//! it, heaviest first, after Aurora's lock snapshot where there is one. An engine that does
//! not report blocking says so.

use ratatui::text::{Line, Span};

use super::heading;
use crate::config::theme::Role;
use crate::feed::Feed;
use crate::ui::Scene;
use crate::ui::format::{DASH, one_line, truncate};

/// The panel name and lines.
pub fn lines(scene: Scene<'_>, width: u16) -> (String, Vec<Line<'static>>) {
    let window = scene.state.fetched.pi_view.window.label();
    let name = format!("Blocking, last {window}");
    let Some((_, feed)) = scene.state.fetched.blocking.as_deref() else { return (name, Vec::new()) };
    let muted = scene.style(Role::Muted);
    let mut lines = Vec::new();
    match feed {
        Feed::Loading => lines.push(Line::styled("loading…", muted)),
        Feed::Failed { failure, .. } => lines
            .push(Line::styled(format!("{} — {}", failure.error, failure.error.hint()), scene.style(Role::Critical))),
        Feed::Ready(_) => {}
    }
    let Some(blocking) = feed.data() else { return (name, lines) };
    if let Some(snapshot) = &blocking.lock_snapshot {
        lines.push(heading(scene, &format!("Lock snapshot at {} UTC (db.lock_snapshot)", snapshot.at.format("%T"))));
        let text = |l: &str| crate::printable::strip(&l.replace('\t', "    ")).into_owned();
        lines.extend(snapshot.trees.lines().map(|l| Line::styled(text(l), scene.style(Role::Text))));
        lines.push(Line::raw(""));
    }
    if let Some(why) = &blocking.not_reported {
        lines.push(Line::styled(why.clone(), scene.style(Role::Text)));
        return (name, lines);
    }
    if blocking.blockers.is_empty() {
        lines.push(Line::styled(format!("No session blocked another in the last {window}."), muted));
        return (name, lines);
    }
    let width = usize::from(width);
    for blocker in &blocking.blockers {
        lines.push(heading(scene, &truncate(&one_line(&blocker.statement), width)));
        let held = format!(
            "session {} · holds {} · blocks {:.2} AAS",
            blocker.session.as_deref().unwrap_or(DASH),
            blocker.object.as_deref().unwrap_or(DASH),
            blocker.load
        );
        lines.push(Line::styled(truncate(&held, width).into_owned(), scene.style(Role::Warn)));
        let last = blocker.waiters.len().saturating_sub(1);
        for (i, waiter) in blocker.waiters.iter().enumerate() {
            let branch = if i == last { " └ " } else { " ├ " };
            let load = format!(" {:>6.2}", waiter.load);
            let text =
                truncate(&one_line(&waiter.statement), width.saturating_sub(branch.len() + load.len())).into_owned();
            let fill = " ".repeat(width.saturating_sub(3 + crate::ui::format::width(&text) + load.len()));
            lines.push(Line::from(vec![
                Span::styled(branch, muted),
                Span::styled(text, scene.style(Role::Text)),
                Span::styled(fill, muted),
                Span::styled(load, scene.style(Role::Text)),
            ]));
        }
        lines.push(Line::raw(""));
    }
    (name, lines)
}
