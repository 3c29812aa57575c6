//! The war-room banner: a large clock readable from across the room, how many alarms are
//! firing, and a header that flashes when a new alarm fires.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Scene;
use crate::cloud::model::AlarmState;
use crate::config::theme::Role;

/// Rows of the big digits.
pub const HEIGHT: u16 = 5;

/// 3×5 digits drawn with full blocks; ':' is a narrow column; '/' and '-' for the figures.
fn glyph(c: char) -> [&'static str; 5] {
    match c {
        '0' => ["███", "█ █", "█ █", "█ █", "███"],
        '1' => [" █ ", "██ ", " █ ", " █ ", "███"],
        '2' => ["███", "  █", "███", "█  ", "███"],
        '3' => ["███", "  █", "███", "  █", "███"],
        '4' => ["█ █", "█ █", "███", "  █", "  █"],
        '5' => ["███", "█  ", "███", "  █", "███"],
        '6' => ["███", "█  ", "███", "█ █", "███"],
        '7' => ["███", "  █", "  █", "  █", "  █"],
        '8' => ["███", "█ █", "███", "█ █", "███"],
        '9' => ["███", "█ █", "███", "  █", "███"],
        ':' => [" ", "█", " ", "█", " "],
        '/' => ["  █", "  █", " █ ", "█  ", "█  "],
        '-' => ["   ", "   ", "███", "   ", "   "],
        _ => ["   ", "   ", "   ", "   ", "   "],
    }
}

/// The rows of `text` in big digits, one space between characters.
pub fn big(text: &str) -> [String; 5] {
    let mut rows: [String; 5] = Default::default();
    for c in text.chars() {
        for (row, part) in rows.iter_mut().zip(glyph(c)) {
            if !row.is_empty() {
                row.push(' ');
            }
            row.push_str(part);
        }
    }
    rows
}

/// Draws the banner into `area` (HEIGHT rows).
pub fn draw(frame: &mut Frame, area: Rect, scene: Scene<'_>) {
    let state = scene.state;
    let flashing = state.session.kiosk.as_ref().is_some_and(|k| k.flash % 2 == 1);
    let firing = state.rows.alarms.iter().filter(|r| r.alarm.state == AlarmState::Alarm).count();
    let clock = big(&scene.now.format("%H:%M").to_string());
    let alarm_style = if firing > 0 { scene.style(Role::Critical) } else { scene.style(Role::Ok) };
    let base = if flashing { scene.style(Role::Danger) } else { Style::default() };
    let status = [
        Span::styled(format!(" {} ", state.nav.tab.title().to_uppercase()), scene.style(Role::Header)),
        Span::styled(format!(" {firing} alarms firing "), alarm_style),
        Span::styled(" UTC ", scene.style(Role::Muted)),
    ];
    let lines: Vec<Line<'_>> = clock
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let mut spans = vec![Span::styled(format!(" {row}  "), scene.style(Role::Accent))];
            if let Some(span) = status.get(i.saturating_sub(1)).filter(|_| i >= 1) {
                spans.push(span.clone());
            }
            // A flash is one pair of colours, the theme's `danger`: text in other colours on it
            // cannot be read from across the room (light blue on salmon, say).
            if flashing {
                for span in &mut spans {
                    span.style = base;
                }
            }
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).style(base), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_line_up() {
        let rows = big("10");
        assert_eq!(rows[0], " █  ███");
        assert_eq!(rows[4], "███ ███");
        let clock = big("15:42");
        assert!(clock.iter().all(|r| r.chars().count() == clock[0].chars().count()));
    }
}
