//! The question asked when quitting with runs in progress: how many, what quitting means for
//! them, and how to answer.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::Scene;
use crate::config::theme::Role;

/// Draws the question over `area`; `typed` is what was typed so far.
pub fn draw(frame: &mut Frame, area: Rect, scene: Scene<'_>, typed: &str) {
    let active = scene.state.runs.iter().filter(|r| r.is_active()).count();
    let runs = if active == 1 { "1 run in progress".to_owned() } else { format!("{active} runs in progress") };
    let muted = scene.style(Role::Muted);
    let (object, subject, every) = if active == 1 { ("it", "it", "it") } else { ("them", "they", "each") };
    let lines = vec![
        Line::styled(
            format!(
                "Quitting stops watching {object}: what {subject} already sent goes on in AWS, and the audit log records {every} as abandoned in the step it was in."
            ),
            scene.style(Role::Text),
        ),
        Line::raw(""),
        Line::from(vec![
            Span::styled("Type ", scene.style(Role::Text)),
            Span::styled("quit", scene.style(Role::Critical)),
            Span::styled(" to quit: ", scene.style(Role::Text)),
            Span::styled(format!("{typed}▏"), scene.style(Role::Selection)),
            Span::styled("   Esc stay · Ctrl-C quit", muted),
        ]),
    ];
    let width = area.width.saturating_sub(4).clamp(1, 72).min(area.width);
    let height = 7.min(area.height);
    let panel = Rect { x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width, height };
    let block = Block::bordered()
        .border_style(scene.style(Role::Warn))
        .title(Span::styled(format!(" {runs} — quit? "), scene.style(Role::Header)));
    frame.render_widget(Clear, panel);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).block(block), panel);
}
