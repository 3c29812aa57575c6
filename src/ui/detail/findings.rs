//! The posture section of a DB detail view: every finding of the resource, worst first, one
//! line each (severity, finding, rule id, fix), and the rules that could not be evaluated.
//!
//! The findings are the ones the Fleet row was built with, so the list and the Posture column
//! never disagree; a line too long for the panel is cut, never wrapped, to keep the list short.

use ratatui::text::{Line, Span};

use super::heading;
use crate::config::theme::Role;
use crate::judging::Level;
use crate::posture::Posture;
use crate::ui::Scene;
use crate::ui::format::{fit_spans, level_role, pad};

fn title(posture: &Posture) -> String {
    let (critical, warn) = (posture.count(Level::Critical), posture.count(Level::Warn));
    let warnings = if warn == 1 { "warning" } else { "warnings" };
    match (critical, warn) {
        (0, 0) => "Posture: every rule passed".to_owned(),
        (0, w) => format!("Posture: {w} {warnings}"),
        (c, 0) => format!("Posture: {c} critical"),
        (c, w) => format!("Posture: {c} critical, {w} {warnings}"),
    }
}

/// The heading, a line per finding and a line for what could not be evaluated.
pub fn lines(scene: Scene<'_>, posture: &Posture, width: u16) -> Vec<Line<'static>> {
    let max = usize::from(width);
    let mut lines = vec![heading(scene, &title(posture))];
    for f in &posture.findings {
        let spans = vec![
            Span::styled(pad(f.level.label(), 5), scene.style(level_role(f.level))),
            Span::styled(f.message.to_string(), scene.style(Role::Text)),
            Span::styled(format!("  [{}]", f.rule), scene.style(Role::Muted)),
            Span::styled(format!("  fix: {}", f.remedy()), scene.style(Role::Muted)),
        ];
        lines.push(fit_spans(spans, max));
    }
    if !posture.unknown.is_empty() {
        let rules: Vec<String> = posture.unknown.iter().map(|u| u.rule.to_string()).collect();
        let text = format!("?    not evaluated, a fact was not reported: {}", rules.join(", "));
        lines.push(fit_spans(vec![Span::styled(text, scene.style(Role::Muted))], max));
    }
    lines
}
