//! The confirm view: the plan a runbook will carry out, exactly — its preconditions with ✓/✗,
//! the API calls with their parameters, the waits with their timeouts, the expected effect and
//! what is at risk — and how to confirm it (`y` for low risk, the target's name for high risk).
//!
//! It draws the plan the dialog holds (`update` builds it); it never builds one.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::Scene;
use super::format::truncate;
use crate::config::theme::Role;
use crate::runbook::plan::{Plan, Request, Risk};
use crate::state::runs::{Confirm, ConfirmField};

/// Draws the confirm view of `confirm` over `area`.
pub fn draw(frame: &mut Frame, area: Rect, scene: Scene<'_>, confirm: &Confirm) {
    let plan = &confirm.plan;
    let width = area.width.saturating_sub(4).clamp(1, 110).min(area.width);
    let mut lines = parameter_lines(scene, confirm, plan);
    lines.extend(plan_lines(scene, plan));
    let prompt = prompt_lines(scene, confirm, plan);
    // Long API calls wrap: count the rows they take (word wrap may need one more).
    let inner = usize::from(width.saturating_sub(2)).max(1);
    let rows = |lines: &[Line<'_>]| -> usize {
        lines
            .iter()
            .map(|line| match line.width() {
                w if w <= inner => 1,
                w => w.div_ceil(inner) + 1,
            })
            .sum()
    };
    let prompt_rows = u16::try_from(rows(&prompt)).unwrap_or(1);
    let wanted = u16::try_from(rows(&lines) + 3).unwrap_or(u16::MAX).saturating_add(prompt_rows);
    let height = wanted.min(area.height);
    let panel = Rect { x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width, height };
    let risk = match plan.risk {
        Risk::Low => Span::styled(" low risk ", scene.style(Role::Ok)),
        Risk::High => Span::styled(" HIGH RISK ", scene.style(Role::Danger)),
    };
    let title = Line::from(vec![
        Span::styled(
            format!(" {} ", truncate(&plan.title, usize::from(width).saturating_sub(16))),
            scene.style(Role::Header),
        ),
        risk,
    ]);
    let border = if plan.risk == Risk::High { Role::Critical } else { Role::Accent };
    let mut block = Block::bordered().border_style(scene.style(border)).title(title);
    // The prompt keeps the bottom rows whatever the plan's length: how to confirm is never cut;
    // a plan taller than the rest scrolls (PgDn/PgUp, ↑/↓), and the border says how much is hidden.
    let inside_height = height.saturating_sub(2);
    let prompt_rows = prompt_rows.min(inside_height);
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    let plan_rows = u16::try_from(paragraph.line_count(width.saturating_sub(2))).unwrap_or(u16::MAX);
    let visible = inside_height - prompt_rows;
    let scroll = confirm.scroll.min(plan_rows.saturating_sub(visible));
    if plan_rows > visible {
        let below = plan_rows - visible - scroll;
        let hint = format!(" {scroll} above · {below} below · PgUp/PgDn scroll ");
        block = block.title_bottom(Line::styled(hint, scene.style(Role::Muted)).right_aligned());
    }
    frame.render_widget(Clear, panel);
    let inside = block.inner(panel);
    frame.render_widget(block, panel);
    let prompt_area = Rect { y: inside.bottom() - prompt_rows, height: prompt_rows, ..inside };
    let plan_area = Rect { height: inside.height - prompt_rows, ..inside };
    frame.render_widget(paragraph.scroll((scroll, 0)), plan_area);
    frame.render_widget(Paragraph::new(prompt).wrap(Wrap { trim: false }), prompt_area);
}

fn heading(scene: Scene<'_>, text: &str) -> Line<'static> {
    Line::from(Span::styled(text.to_owned(), scene.style(Role::Header)))
}

/// The parameters the user can still change: capacity, reader, DR copy.
fn parameter_lines(scene: Scene<'_>, confirm: &Confirm, plan: &Plan) -> Vec<Line<'static>> {
    let muted = scene.style(Role::Muted);
    let mut lines = Vec::new();
    // Which environment this acts on, in its banner colours, before anything else.
    if let Some(env) = &scene.state.session.environment {
        let text = format!("{}acting on {} (profile {}) ", env.banner(), env.label, env.profile);
        lines.push(Line::styled(text, scene.theme.environment(env)));
    }
    if confirm.changed {
        let text = "Plan changed while open (new data) — review it, then confirm again";
        lines.push(Line::styled(text, scene.style(Role::Warn)));
    }
    lines.push(Line::from(vec![
        Span::styled("Target  ", muted),
        Span::styled(plan.target.to_string(), scene.style(Role::Text)),
    ]));
    // The account the call goes to, as AWS said at connect: not the profile's name.
    if let Some(identity) = scene.state.session.identities.get(&plan.target.scope) {
        lines.push(Line::from(vec![
            Span::styled("Account  ", muted),
            Span::styled(identity.account_words(), scene.style(Role::Header)),
            Span::styled(format!("  as {}", identity.arn), muted),
        ]));
    }
    match &confirm.request {
        Request::ScaleUp { target, .. } => {
            let focus = confirm.field == ConfirmField::Number;
            let style = if focus { scene.style(Role::Selection) } else { scene.style(Role::Text) };
            lines.push(Line::from(vec![
                Span::styled("Desired capacity  ", muted),
                Span::styled(format!(" {target} "), style),
                Span::styled("  digits or ↑/↓ to change (suggested: +50 %)", muted),
            ]));
        }
        Request::Failover { .. } => {
            let choices = &confirm.readers;
            if let (true, Some(chosen)) = (choices.len() > 1, plan.failover_reader()) {
                lines.push(Line::from(vec![
                    Span::styled("Fail over to  ", muted),
                    Span::styled(format!("◀ {chosen} ▶"), scene.style(Role::Selection)),
                    Span::styled(format!("  ←/→ to choose among {} readers (lowest lag first)", choices.len()), muted),
                ]));
            }
        }
        Request::AnalysisReport { start, end, .. } => {
            let region = &plan.target.scope.region;
            lines.push(Line::from(vec![
                Span::styled("Window  ", muted),
                Span::styled(
                    format!("{} – {} UTC", start.format("%F %T"), end.format("%F %T")),
                    scene.style(Role::Text),
                ),
                Span::styled(format!("  in {region}"), muted),
            ]));
        }
        Request::Runbook { name, .. } => {
            let origin = scene.state.session.runbooks.get(name).filter(|b| !b.builtin).map(|b| b.origin.as_str());
            let from = origin.map_or_else(|| "built in".to_owned(), |o| crate::printable::escape(o).into_owned());
            lines.push(Line::from(vec![
                Span::styled("Runbook  ", muted),
                Span::styled(crate::printable::escape(name).into_owned(), scene.style(Role::Text)),
                Span::styled(format!("  ({from})"), muted),
            ]));
            lines.extend(super::confirm_fields::lines(scene, confirm));
        }
        Request::Snapshot { copy_to_dr, .. } => {
            let mark = if *copy_to_dr { "[x]" } else { "[ ]" };
            lines.push(Line::from(vec![
                Span::styled("Copy to the DR region  ", muted),
                Span::styled(mark.to_owned(), scene.style(Role::Accent)),
                Span::styled("  c to toggle", muted),
            ]));
        }
    }
    lines.push(Line::raw(""));
    lines
}

fn plan_lines(scene: Scene<'_>, plan: &Plan) -> Vec<Line<'static>> {
    let mut lines = vec![heading(scene, "Preconditions")];
    for check in &plan.checks {
        let (mark, role) = if check.ok { ("✓", Role::Ok) } else { ("✗", Role::Critical) };
        lines.push(Line::from(vec![
            Span::styled(format!("  {mark} "), scene.style(role)),
            Span::styled(check.what.clone(), scene.style(Role::Text)),
            Span::styled(format!(" — {}", check.why), scene.style(Role::Muted)),
        ]));
    }
    lines.push(heading(scene, "Steps"));
    for (i, step) in plan.steps.iter().enumerate() {
        lines.push(Line::from(vec![
            Span::styled(format!("  {}. ", i + 1), scene.style(Role::Muted)),
            Span::styled(step.to_string(), scene.style(Role::Text)),
        ]));
    }
    lines.push(heading(scene, "Expected effect"));
    lines.extend(plan.effects.iter().map(|e| Line::styled(format!("  • {e}"), scene.style(Role::Text))));
    if let Some(risk) = &plan.data_at_risk {
        lines.push(Line::from(vec![
            Span::styled("Data at risk  ", scene.style(Role::Warn)),
            Span::styled(risk.clone(), scene.style(Role::Text)),
        ]));
    }
    lines
}

fn prompt_lines(scene: Scene<'_>, confirm: &Confirm, plan: &Plan) -> Vec<Line<'static>> {
    let muted = scene.style(Role::Muted);
    if !plan.can_confirm() {
        return vec![Line::from(vec![
            Span::styled("Cannot run: a precondition failed.", scene.style(Role::Critical)),
            Span::styled("  Esc to close", muted),
        ])];
    }
    let dry = (scene.state.session.writes == crate::state::Writes::DryRun)
        .then(|| Span::styled("DRY RUN — nothing will be done.  ", scene.style(Role::Warn)));
    let mut spans: Vec<Span<'static>> = dry.into_iter().collect();
    match plan.risk {
        Risk::Low => spans.extend([
            Span::styled("Run this plan?  ", scene.style(Role::Text)),
            Span::styled("y", scene.style(Role::Accent)),
            Span::styled(" yes   ", muted),
            Span::styled("[N]", scene.style(Role::Selection)),
            Span::styled(" no (Enter/Esc)", muted),
        ]),
        Risk::High => {
            let focus = confirm.field == ConfirmField::Word;
            let field = if focus { scene.style(Role::Selection) } else { scene.style(Role::Text) };
            spans.extend([
                Span::styled("Type ", scene.style(Role::Text)),
                Span::styled(plan.confirm_word().to_owned(), scene.style(Role::Critical)),
                Span::styled(" to confirm: ", scene.style(Role::Text)),
                Span::styled(format!("{}▏", confirm.typed), field),
                Span::styled("   Enter run · Esc cancel", muted),
            ]);
            if matches!(confirm.request, Request::ScaleUp { .. }) {
                spans.push(Span::styled(" · Tab switch field", muted));
            }
        }
    }
    vec![Line::from(spans)]
}
