//! A statement's execution plans in its detail view: each plan with the load it carried and
//! its share, then the texts: the two heaviest side by side when there are two and the panel
//! is wide enough, else one plan across the panel (`p` moves from one to the other). An
//! engine that does not report plans says so.

use ratatui::text::{Line, Span};

use super::heading;
use crate::cloud::model::{ExecutionPlan, SqlPlans};
use crate::config::theme::Role;
use crate::printable;
use crate::state::PlanShown;
use crate::ui::Scene;
use crate::ui::format::{DASH, pad, truncate, wrap};

/// Plans listed at most; the rest carry little load.
const LISTED: usize = 5;
/// The narrowest column a plan is compared in.
const MIN_COLUMN: usize = 28;
/// Between the two columns.
const GUTTER: &str = " │ ";

/// A plan text as lines to draw: tabs as spaces, nothing a terminal would act on.
pub fn text_lines(text: &str) -> Vec<String> {
    text.lines().map(|l| printable::strip(&l.replace('\t', "    ")).into_owned()).collect()
}

fn label(plans: &SqlPlans, plan: &ExecutionPlan) -> String {
    let share = plans.share(plan).map_or_else(|| DASH.to_owned(), |s| format!("{:.0}%", s * 100.0));
    format!("plan {} · {:.2} AAS · {share}", printable::strip(&plan.id), plan.load)
}

/// The lines of the plans section, `width` cells wide.
pub fn lines(scene: Scene<'_>, plans: &SqlPlans, shown: PlanShown, width: u16) -> Vec<Line<'static>> {
    let width = usize::from(width);
    let muted = scene.style(Role::Muted);
    let compare = plans.plans.len() >= 2 && width >= 2 * MIN_COLUMN + GUTTER.len();
    let key = if plans.plans.len() >= 2 { " — p: side by side / one plan" } else { "" };
    let mut lines = vec![heading(scene, &truncate(&format!("Execution plans{key}"), width))];
    if let Some(why) = &plans.not_reported {
        lines.push(Line::styled(printable::strip(why).into_owned(), muted));
        return lines;
    }
    if plans.plans.is_empty() {
        lines.push(Line::styled("No plan was recorded for this statement in the window.", muted));
        return lines;
    }
    let chosen = match shown {
        PlanShown::Only(i) => Some(i.min(plans.plans.len() - 1)),
        PlanShown::Compare if compare => None,
        PlanShown::Compare => Some(0),
    };
    // Side by side, the columns name their plans: only the others are listed.
    let listed = if chosen.is_none() { 2 } else { 0 };
    for (i, plan) in plans.plans.iter().enumerate().skip(listed).take(LISTED) {
        let marker = if chosen == Some(i) { "▸ " } else { "  " };
        let line = truncate(&format!("{marker}{}", label(plans, plan)), width).into_owned();
        lines.push(Line::styled(line, scene.style(if chosen == Some(i) { Role::Accent } else { Role::Text })));
    }
    if lines.len() > 1 {
        lines.push(Line::raw(""));
    }
    match chosen {
        Some(i) => lines.extend(one(scene, &plans.plans[i], width)),
        None => lines.extend(side_by_side(scene, plans, width)),
    }
    lines
}

fn text_or_note(plan: &ExecutionPlan) -> Vec<String> {
    plan.text.as_deref().map_or_else(|| vec!["(PI has no text for this plan yet)".to_owned()], text_lines)
}

fn one(scene: Scene<'_>, plan: &ExecutionPlan, width: usize) -> Vec<Line<'static>> {
    wrapped(text_or_note(plan), width).into_iter().map(|l| Line::styled(l, scene.style(Role::Text))).collect()
}

/// Plan lines wrapped to a column, each piece keeping its line's indent (deeper by two).
fn wrapped(lines: Vec<String>, column: usize) -> Vec<String> {
    let mut out = Vec::new();
    for line in lines {
        let indent = (line.len() - line.trim_start().len()).min(column / 2);
        let pad = " ".repeat(indent);
        for (i, piece) in wrap(line.trim_start(), column.saturating_sub(indent + 2)).into_iter().enumerate() {
            out.push(if i == 0 { format!("{pad}{piece}") } else { format!("{pad}  {piece}") });
        }
    }
    out
}

fn side_by_side(scene: Scene<'_>, plans: &SqlPlans, width: usize) -> Vec<Line<'static>> {
    let column = (width - GUTTER.len()) / 2;
    let (left, right) = (&plans.plans[0], &plans.plans[1]);
    let (a, b) = (wrapped(text_or_note(left), column), wrapped(text_or_note(right), column));
    let row = |l: &str, r: &str, role: Role| {
        Line::from(vec![
            Span::styled(pad(l, column), scene.style(role)),
            Span::styled(GUTTER, scene.style(Role::Border)),
            Span::styled(truncate(r, column).into_owned(), scene.style(role)),
        ])
    };
    let mut lines = vec![row(&label(plans, left), &label(plans, right), Role::Accent)];
    for i in 0..a.len().max(b.len()) {
        let cell = |t: &[String]| t.get(i).cloned().unwrap_or_default();
        lines.push(row(&cell(&a), &cell(&b), Role::Text));
    }
    lines
}
