//! The recent RDS events of one DB instance or cluster, newest first, for its detail view:
//! when (UTC, and how long ago), the categories, and RDS's message.

use ratatui::text::{Line, Span};

use super::heading;
use crate::cloud::model::{EventSource, ResourceKey};
use crate::config::theme::Role;
use crate::feed::Feed;
use crate::ui::Scene;
use crate::ui::format::{DASH, ago, fit_spans, one_line, pad};

/// How many events the view lists.
const SHOWN: usize = 8;

/// A blank line, the heading and the newest events of `key`'s source.
pub fn lines(scene: Scene<'_>, key: &ResourceKey, source: EventSource, width: u16) -> Vec<Line<'static>> {
    let max = usize::from(width);
    let mut lines = vec![Line::raw(""), heading(scene, "RDS events, newest first")];
    let feed = scene.state.fetched.events.get(&key.scope);
    let Some(events) = feed.and_then(Feed::data) else {
        let text = if feed.is_some_and(|f| f.failure().is_some()) { "not fetched" } else { "loading" };
        lines.push(Line::styled(format!("{DASH} {text}"), scene.style(Role::Muted)));
        return lines;
    };
    let mine: Vec<_> = events.iter().rev().filter(|e| e.is_about(source, &key.id)).take(SHOWN).collect();
    if mine.is_empty() {
        lines.push(Line::styled("none recently", scene.style(Role::Muted)));
    }
    for event in mine {
        let category = event.categories.join(", ");
        let role =
            if event.categories.iter().any(|c| c == "failover" || c == "failure") { Role::Warn } else { Role::Text };
        let spans = vec![
            Span::styled(format!("{} ", event.at.format("%m-%d %H:%M:%S")), scene.style(Role::Muted)),
            Span::styled(pad(&ago(scene.now, Some(event.at)), 5), scene.style(Role::Muted)),
            Span::styled(pad(&category, 13), scene.style(Role::Accent)),
            Span::styled(one_line(&event.message), scene.style(role)),
        ];
        lines.push(fit_spans(spans, max));
    }
    lines
}
