//! The help overlay: the keys actually bound in the user's keymap (not a hard-coded list, so a
//! remapped key is shown as remapped) and what the colours mean.
//!
//! When the terminal is short the bindings flow into a second column rather than being cut.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Padding, Paragraph};

use super::Scene;
use super::format::{fit_spans, pad, width};
use crate::config::keymap::{KeyMode, Keymap};
use crate::config::theme::Role;

/// Width of one column of bindings: keys, the description, and a gap before the next column.
/// Two columns fit an 80-column terminal.
const KEYS: usize = 11;
const DESCRIPTION: usize = 25;
const ENTRY: usize = KEYS + DESCRIPTION + 2;

/// Draws the help overlay centred over `area`.
pub fn draw(frame: &mut Frame, area: Rect, scene: Scene<'_>, keymap: &Keymap) {
    let entries: Vec<(String, &'static str)> = keymap
        .bindings(KeyMode::Normal)
        .into_iter()
        .map(|(command, mut keys)| {
            // The plain key first: "q/ctrl-c" reads better than "ctrl-c/q".
            keys.sort_by_key(|k| (width(k), k.clone()));
            (keys.join("/"), command.describe())
        })
        .collect();
    let legend = legend(scene);
    // Rows available for bindings: borders, a blank line and the legend take five.
    let rows = usize::from(area.height).saturating_sub(5).max(1);
    let columns = entries.len().div_ceil(rows).max(1);
    let rows = entries.len().div_ceil(columns);
    let legend_width: usize = legend.iter().map(|l| l.iter().map(Span::width).sum()).max().unwrap_or(0);
    let content_width = (columns * ENTRY).max(legend_width);
    let width = u16::try_from(content_width + 4).unwrap_or(u16::MAX).min(area.width);
    let height = u16::try_from(rows + 5).unwrap_or(u16::MAX).min(area.height);
    let panel = Rect { x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width, height };
    let inner_width = usize::from(width.saturating_sub(4));
    let mut lines: Vec<Line<'_>> = (0..rows)
        .map(|r| {
            let spans: Vec<Span<'_>> = (0..columns)
                .filter_map(|c| entries.get(c * rows + r))
                .flat_map(|entry| entry_spans(scene, entry))
                .collect();
            fit_spans(spans, inner_width)
        })
        .collect();
    lines.push(Line::raw(""));
    lines.extend(legend.into_iter().map(|spans| fit_spans(spans, inner_width)));
    let title = Line::from(vec![
        Span::styled(" Keys ", scene.style(Role::Header)),
        Span::styled("— Esc or ? to close ", scene.style(Role::Muted)),
    ]);
    let block = Block::bordered().border_style(scene.style(Role::Accent)).title(title);
    frame.render_widget(Clear, panel);
    frame.render_widget(Paragraph::new(lines).block(block.padding(Padding::horizontal(1))), panel);
}

fn entry_spans(scene: Scene<'_>, (keys, description): &(String, &'static str)) -> [Span<'static>; 2] {
    [
        Span::styled(format!("{} ", pad(keys, KEYS - 1)), scene.style(Role::Accent)),
        Span::styled(format!("{}  ", pad(description, DESCRIPTION)), scene.style(Role::Text)),
    ]
}

/// What the colours and marks mean, on two lines.
fn legend(scene: Scene<'_>) -> [Vec<Span<'static>>; 2] {
    [
        vec![
            Span::styled("● ok  ", scene.style(Role::Ok)),
            Span::styled("● warn  ", scene.style(Role::Warn)),
            Span::styled("● critical  ", scene.style(Role::Critical)),
            Span::styled("✗ feed failed  ", scene.style(Role::Critical)),
            Span::styled("… loading  ", scene.style(Role::Muted)),
            Span::styled("○ idle", scene.style(Role::Muted)),
        ],
        vec![
            Span::styled("stale: data older than two polls  ", scene.style(Role::Stale)),
            Span::styled("— not reported (never zero)", scene.style(Role::Muted)),
        ],
    ]
}
