//! The lines above every tab: the header (environment banner, backend and, on a hub, how many
//! consoles share it, account, alarms with
//! their actions paused, regions, clock) and the tabs line with the alarm badge. (The status bar below is in `status`.)
//!
//! Each line is built from pieces in order of importance and drops the least important pieces
//! first when the terminal is narrow: the clock and the active tab survive longest.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Scene;
use super::format::{clock, fit_spans, width};
use crate::cloud::model::AlarmState;
use crate::config::theme::Role;
use crate::state::tab::{BarForm, bar};
use crate::state::{Tab, Writes};

/// Draws `left` and, if it fits beside it, `right` flush right; `left` is cut when alone.
pub fn split_line(frame: &mut Frame, area: Rect, left: Vec<Span<'_>>, right: Vec<Span<'_>>) {
    let total = usize::from(area.width);
    let right_width: usize = right.iter().map(Span::width).sum();
    let left_width: usize = left.iter().map(Span::width).sum();
    let fits_both = left_width + right_width < total;
    frame.render_widget(Paragraph::new(fit_spans(left, total)), area);
    if fits_both {
        frame.render_widget(Paragraph::new(Line::from(right)).alignment(Alignment::Right), area);
    }
}

/// The header: app, backend, regions, and the clock at minute resolution.
pub fn header(frame: &mut Frame, area: Rect, scene: Scene<'_>) {
    let state = scene.state;
    let mut left = Vec::new();
    // The environment banner (e.g. PROD) comes first: it is the last thing a narrow terminal cuts.
    if let Some(env) = &state.session.environment {
        left.push(Span::styled(env.banner(), scene.theme.environment(env)));
    }
    left.extend([
        Span::styled(" opsdeck ", scene.style(Role::Header)),
        Span::styled(format!(" {} ", state.session.backend), scene.style(Role::Accent)),
    ]);
    let after_backend = left.len();
    // A replay says so, and whether it plays; the clock on the right is the recorded time.
    if let Some(replay) = state.session.replay {
        left.push(Span::styled(format!("{} ", replay.words(state.session.ascii)), scene.style(Role::Warn)));
    }
    // The account the credentials are really in, whatever the profile is called.
    let accounts: Vec<String> = state.session.accounts().iter().map(|a| a.account_words()).collect();
    if !accounts.is_empty() {
        left.push(Span::styled(format!("acct {}", accounts.join(", ")), scene.style(Role::Header)));
        left.push(Span::raw(" "));
    }
    match state.session.writes {
        Writes::ReadOnly => left.extend([Span::styled("read-only", scene.style(Role::Warn)), Span::raw(" ")]),
        Writes::DryRun => left.extend([Span::styled("dry-run", scene.style(Role::Warn)), Span::raw(" ")]),
        Writes::Allowed => {}
    }
    // Paused alarm actions are easy to forget after maintenance: every screen says so.
    let paused = state.rows.alarms.iter().filter(|r| !r.alarm.actions_enabled).count();
    if paused > 0 {
        left.extend([Span::styled(format!("alarm actions paused: {paused}"), scene.style(Role::Warn)), Span::raw(" ")]);
    }
    if let Some(detail) = &state.session.backend_detail {
        left.push(Span::styled(format!("{detail} "), scene.style(Role::Muted)));
    }
    let regions: Vec<String> = state.session.scopes.iter().map(ToString::to_string).collect();
    let clock = vec![Span::styled(format!("{} ", clock(scene.now)), scene.style(Role::Text))];
    let clock_width: usize = clock.iter().map(Span::width).sum();
    let regions = format!(" {}", regions.join(" · "));
    let mut used: usize = left.iter().map(Span::width).sum::<usize>() + clock_width;
    // How many consoles share the hub, beside it: dropped before it would crowd the line.
    if let Some(n) = state.session.consoles {
        let words = format!("· {n} console{} ", if n == 1 { "" } else { "s" });
        if used + width(&words) < usize::from(area.width) {
            used += width(&words);
            left.insert(after_backend, Span::styled(words, scene.style(Role::Accent)));
        }
    }
    if used + width(&regions) < usize::from(area.width) {
        left.push(Span::styled(regions, scene.style(Role::Text)));
    }
    split_line(frame, area, left, clock);
}

/// The tabs line: number and title of each tab, the active one highlighted, and how many
/// alarms are firing next to Alarms. Falls back to short titles, then initials, when narrow
/// (`tab::bar`, which the mouse reads too).
pub fn tabs(frame: &mut Frame, area: Rect, scene: Scene<'_>) {
    let firing = scene.state.rows.alarms.iter().take_while(|r| r.alarm.state == AlarmState::Alarm).count();
    let (form, _) = bar(firing, area.width);
    let mut spans = vec![Span::raw(" ")];
    for tab in Tab::ALL {
        let active = tab == scene.state.nav.tab;
        let style = if active { scene.style(Role::Selection) } else { scene.style(Role::Muted) };
        spans.push(Span::styled(tab.label(form), style));
        if tab == Tab::Alarms && firing > 0 {
            spans.push(Span::styled(format!(" ({firing})"), scene.style(Role::Critical)));
        }
        spans.push(Span::raw(if form == BarForm::Initials { " " } else { "  " }));
    }
    frame.render_widget(Paragraph::new(fit_spans(spans, usize::from(area.width))), area);
}
