//! The input lines: the `/` filter being typed, the `:` command palette with its completion
//! candidates, and an operator note (`n`). All sit at the bottom of the body, over the table's
//! last rows.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::Scene;
use super::format::fit_spans;
use crate::config::theme::Role;
use crate::state::palette::candidates;

/// Candidates shown above the palette line at most.
const SHOWN: usize = 6;

/// The filter line: "/ east warn▏  12 rows  ⏎ keep · esc clear".
pub fn filter(frame: &mut Frame, body: Rect, scene: Scene<'_>) {
    let Some(line_area) = bottom_line(body) else { return };
    let state = scene.state;
    let text = &state.nav.queries[state.nav.tab].filter;
    let spans = vec![
        Span::styled("/", scene.style(Role::Accent)),
        Span::styled(format!(" {text}▏"), scene.style(Role::Text)),
        Span::styled(
            format!("  {} rows  ⏎ keep · esc clear", state.row_count(state.nav.tab)),
            scene.style(Role::Muted),
        ),
    ];
    frame.render_widget(Clear, line_area);
    frame.render_widget(Paragraph::new(fit_spans(spans, usize::from(line_area.width))), line_area);
}

/// The palette: the typed line at the bottom, candidates above it.
pub fn palette(frame: &mut Frame, body: Rect, scene: Scene<'_>, input: &str) {
    let Some(line_area) = bottom_line(body) else { return };
    let found = candidates(scene.state, input);
    let rows = u16::try_from(found.len().min(SHOWN)).unwrap_or(0).min(body.height.saturating_sub(1));
    let list = Rect { y: line_area.y.saturating_sub(rows), height: rows, ..line_area };
    let width = usize::from(line_area.width);
    let lines: Vec<Line<'_>> =
        found.iter().take(usize::from(rows)).map(|c| fit_spans(candidate(scene, input, c), width)).collect();
    frame.render_widget(Clear, list);
    frame.render_widget(Paragraph::new(lines).style(scene.style(Role::Selection)), list);
    let spans = vec![
        Span::styled(":", scene.style(Role::Accent)),
        Span::styled(format!("{input}▏"), scene.style(Role::Text)),
        Span::styled("  tab complete · ⏎ run · esc close", scene.style(Role::Muted)),
    ];
    frame.render_widget(Clear, line_area);
    frame.render_widget(Paragraph::new(fit_spans(spans, width)), line_area);
}

/// One candidate of the palette; a runbook with what it does, and a team's own marked with its
/// file.
fn candidate(scene: Scene<'_>, input: &str, name: &str) -> Vec<Span<'static>> {
    let mut spans = vec![Span::styled(format!("  {name}"), scene.style(Role::Muted))];
    let book = input.starts_with("runbook ").then(|| scene.state.session.runbooks.get(name)).flatten();
    if let Some(book) = book {
        // The mark first: on a narrow terminal the description is what gets cut.
        if !book.builtin {
            let file = crate::printable::escape(&book.origin).into_owned();
            spans.push(Span::styled(format!("  yours: {file}"), scene.style(Role::Accent)));
        }
        spans
            .push(Span::styled(format!("  {}", crate::printable::escape(&book.description)), scene.style(Role::Muted)));
    }
    spans
}

/// The note line: "note▏ failover started by hand▏  ⏎ add to the timeline · esc cancel".
pub fn note(frame: &mut Frame, body: Rect, scene: Scene<'_>, typed: &str) {
    let Some(line_area) = bottom_line(body) else { return };
    let spans = vec![
        Span::styled("note ", scene.style(Role::Accent)),
        Span::styled(format!("{}▏", crate::printable::escape(typed)), scene.style(Role::Text)),
        Span::styled("  ⏎ add to the timeline · esc cancel", scene.style(Role::Muted)),
    ];
    frame.render_widget(Clear, line_area);
    frame.render_widget(Paragraph::new(fit_spans(spans, usize::from(line_area.width))), line_area);
}

/// The body's last row, inside the border where there is one.
fn bottom_line(body: Rect) -> Option<Rect> {
    (body.height >= 1).then(|| Rect { y: body.bottom() - 1, height: 1, ..body })
}
