//! The runs panel: every runbook run of this session (and, on the hub, of the other consoles
//! in the war room, by who runs them), the newest last, with the step it is on
//! and what its wait last saw — so the console stays usable while a run goes on.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::Scene;
use super::format::{ago, fit_spans};
use crate::config::theme::Role;
use crate::runbook::report::RunStatus;
use crate::state::State;
use crate::state::runs::Run;
use crate::state::war::OtherRun;

/// Runs shown at most; older ones stay in the audit log.
const SHOWN: usize = 4;

/// Rows the panel needs (0 when there has been no run, here or in the war room).
pub fn height(state: &State) -> u16 {
    let lines = state.runs.len().min(SHOWN) + state.others.len().min(SHOWN);
    if lines == 0 { 0 } else { u16::try_from(lines).unwrap_or(1) + 2 }
}

/// Draws the panel into `area`.
pub fn draw(frame: &mut Frame, area: Rect, scene: Scene<'_>) {
    let runs = &scene.state.runs;
    let inner = usize::from(area.width.saturating_sub(2));
    let mut lines: Vec<Line<'_>> =
        runs.iter().skip(runs.len().saturating_sub(SHOWN)).map(|run| fit_spans(line(scene, run), inner)).collect();
    let others = &scene.state.others;
    let shown = others.iter().skip(others.len().saturating_sub(SHOWN));
    lines.extend(shown.map(|run| fit_spans(other(scene, run), inner)));
    let active = runs.iter().filter(|r| r.is_active()).count() + others.iter().filter(|r| r.active).count();
    let title =
        Span::styled(format!(" Runs ({active} running) — audit log has every step "), scene.style(Role::Header));
    let block = Block::bordered().border_style(scene.style(Role::Border)).title(title);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// Another console's run: who, what, on which target, and its last news.
fn other(scene: Scene<'_>, run: &OtherRun) -> Vec<Span<'static>> {
    let (mark, role) = if run.active { ("▶", Role::Accent) } else { ("·", Role::Muted) };
    let text = |t: &str| crate::printable::escape(t).into_owned();
    vec![
        Span::styled(format!("{mark} {} ", text(&run.origin)), scene.style(role)),
        Span::styled(format!("{} ({})  ", text(&run.title), text(&run.target)), scene.style(Role::Text)),
        Span::styled(text(&run.status), scene.style(Role::Muted)),
    ]
}

fn line(scene: Scene<'_>, run: &Run) -> Vec<Span<'static>> {
    let total = run.plan.steps.len();
    let (mark, role, state) = match &run.status {
        RunStatus::Running => {
            let step = run.plan.steps.get(run.step).map(ToString::to_string).unwrap_or_default();
            // What the wait last saw is the news; the step's full text comes after it.
            let seen = run.progress.as_ref().map(|p| format!("{p} · ")).unwrap_or_default();
            ("▶", Role::Accent, format!("step {}/{total}: {seen}{step}", run.step + 1))
        }
        RunStatus::Succeeded => ("✓", Role::Ok, format!("succeeded {} ago", ago(scene.now, run.finished))),
        RunStatus::Failed(why) => ("✗", Role::Critical, format!("failed at step {}/{total}: {why}", run.step + 1)),
        RunStatus::Stopped(why) => ("■", Role::Warn, format!("stopped before step {}/{total}: {why}", run.step + 1)),
        RunStatus::Abandoned(why) => ("■", Role::Warn, format!("abandoned: {why}")),
    };
    vec![
        Span::styled(format!("{mark} run {} ", run.id), scene.style(role)),
        Span::styled(format!("{}  ", run.plan.title), scene.style(Role::Text)),
        Span::styled(state, scene.style(if matches!(run.status, RunStatus::Running) { Role::Muted } else { role })),
    ]
}
