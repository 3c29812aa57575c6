//! A runbook file's parameters in the confirm dialog, one line each: the label, the value as
//! it will be planned, and for the one in focus (highlighted) the keys that change it.

use ratatui::text::{Line, Span};

use super::Scene;
use crate::config::theme::Role;
use crate::printable::escape;
use crate::runbook::book::fields::FieldKind;
use crate::state::runs::Confirm;

/// The parameter lines, and below them what Tab does when the focus is on the prompt.
pub(super) fn lines(scene: Scene<'_>, confirm: &Confirm) -> Vec<Line<'static>> {
    let muted = scene.style(Role::Muted);
    let mut lines: Vec<Line<'static>> = confirm
        .fields
        .iter()
        .enumerate()
        .map(|(i, field)| {
            let focus = i == confirm.focus;
            let value = confirm.value(&field.name).unwrap_or_default();
            let style = if focus { scene.style(Role::Selection) } else { scene.style(Role::Text) };
            let (shown, keys) = match &field.kind {
                FieldKind::Choice(offered) => {
                    (format!("◀ {} ▶", escape(value)), format!("←/→ one of {}", offered.len()))
                }
                FieldKind::Integer { min, max } => {
                    (format!(" {} ", escape(value)), format!("digits or ↑/↓ ({min}–{max})"))
                }
                FieldKind::Boolean => {
                    let mark = if value == "true" { "[x]" } else { "[ ]" };
                    (mark.to_owned(), "space or ←/→ to toggle".to_owned())
                }
                FieldKind::Time => (typed(value, focus), "UTC: type YYYY-MM-DD HH:MM or in 2h · ↑/↓ 15 min".to_owned()),
                FieldKind::Text => (typed(value, focus), "type to change".to_owned()),
            };
            let hint = if focus { format!("  {keys} · Tab next") } else { String::new() };
            Line::from(vec![
                Span::styled(format!("{}  ", capitalised(&escape(&field.label))), muted),
                Span::styled(shown, style),
                Span::styled(hint, muted),
            ])
        })
        .collect();
    if !confirm.fields.is_empty() && confirm.focused().is_none() {
        lines.push(Line::styled("Tab changes the parameters", muted));
    }
    lines
}

/// A typed value, with a cursor while it has the focus.
fn typed(value: &str, focus: bool) -> String {
    let value = escape(value);
    if focus { format!("{value}▏") } else { value.into_owned() }
}

/// A label as the dialog's other field names are written: "Scheduled action", "Instance class".
fn capitalised(label: &str) -> String {
    let mut chars = label.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}
