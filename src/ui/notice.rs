//! What a pane says instead of data: loading, failed before any data arrived, or empty, and the
//! border note naming regions that are missing or stale while the others are shown.
//!
//! A failure never blanks a pane: the error and what to do about it take the place of the rows
//! (users asked for throttling to read as a state, not a crash), and one failing region is
//! named without hiding the regions that work.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::Scene;
use super::format::problem_note;
use crate::config::theme::Role;
use crate::feed::FeedKind;
use crate::feed::{Failure, Feed, Feeds};

/// The lines to show for a multi-region feed that produced no rows.
pub fn feeds_lines<T>(scene: Scene<'_>, feeds: &Feeds<T>, empty: &str) -> Vec<Line<'static>> {
    if feeds.is_loading() {
        return vec![loading(scene)];
    }
    let mut lines = Vec::new();
    if feeds.data().next().is_some() {
        lines.push(Line::styled(empty.to_owned(), scene.style(Role::Muted)));
    }
    for (scope, feed) in feeds.iter() {
        match feed {
            Feed::Loading => lines.push(Line::styled(format!("{scope}: loading…"), scene.style(Role::Muted))),
            Feed::Failed { failure, last: None } => {
                lines.extend(failure_lines(scene, Some(&scope.to_string()), failure));
            }
            _ => {}
        }
    }
    if lines.is_empty() {
        lines.push(Line::styled(empty.to_owned(), scene.style(Role::Muted)));
    }
    lines
}

/// The lines to show for a single feed without data, or `None` when it has data.
pub fn feed_lines<T>(scene: Scene<'_>, feed: &Feed<T>) -> Option<Vec<Line<'static>>> {
    match feed {
        Feed::Loading => Some(vec![loading(scene)]),
        Feed::Failed { failure, last: None } => Some(failure_lines(scene, None, failure)),
        _ => None,
    }
}

fn loading(scene: Scene<'_>) -> Line<'static> {
    Line::styled(format!("Loading… (fetching from {})", scene.state.session.backend), scene.style(Role::Muted))
}

fn failure_lines(scene: Scene<'_>, scope: Option<&str>, failure: &Failure) -> Vec<Line<'static>> {
    let prefix = scope.map(|s| format!("{s}: ")).unwrap_or_default();
    vec![
        Line::styled(format!("{prefix}{}", failure.error), scene.style(Role::Critical)),
        Line::styled(failure.error.hint(), scene.style(Role::Critical)),
    ]
}

/// A note for a table's bottom border naming regions without data or with stale data.
pub fn scope_note<T>(scene: Scene<'_>, feeds: &Feeds<T>, kind: FeedKind) -> Option<Line<'static>> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    for (scope, feed) in feeds.iter() {
        let (text, role) = match feed {
            Feed::Loading => (format!("{scope}: loading…"), Role::Muted),
            Feed::Failed { failure, last: None } => {
                (format!("{scope}: {} — no data", failure.error.kind()), Role::Critical)
            }
            _ => match scene.state.scope_problem(kind, scope, scene.now) {
                Some(problem) => (format!("{scope}: stale, {}", problem_note(&problem)), Role::Stale),
                None => continue,
            },
        };
        spans.push(Span::raw(if spans.is_empty() { " " } else { " · " }));
        spans.push(Span::styled(text, scene.style(role)));
    }
    (!spans.is_empty()).then(|| {
        spans.push(Span::raw(" "));
        Line::from(spans)
    })
}

/// Draws a bordered pane holding `lines`, centred.
pub fn draw(frame: &mut Frame, area: Rect, scene: Scene<'_>, title: Line<'_>, lines: Vec<Line<'_>>) {
    let block = Block::bordered().border_style(scene.style(Role::Border)).title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let height = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    let top = inner.height.saturating_sub(height) / 2;
    let text_area = Rect { y: inner.y + top, height: inner.height - top, ..inner };
    let paragraph = Paragraph::new(lines).alignment(Alignment::Center).wrap(Wrap { trim: true });
    frame.render_widget(paragraph, text_area);
}
