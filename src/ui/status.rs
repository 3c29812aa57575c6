//! The status bar: how fresh every feed is, the mode, and key hints.
//!
//! Data age is what users asked to see on every screen, so it is the last thing to go when the
//! terminal narrows: first the hints drop (least useful first), then feeds that share a state
//! are grouped ("rds metrics ✗ throttled 3m"), then fresh feeds are left out, then the mode.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;

use super::Scene;
use super::chrome::split_line;
use super::format::{level_role, problem_note, width};
use crate::command::Command;
use crate::config::keymap::{KeyMode, Keymap};
use crate::config::theme::Role;
use crate::feed::FeedKind;
use crate::feed::Freshness;
use crate::state::{DetailTarget, Mode};

/// One feed's state as the bar shows it.
struct Mark {
    label: &'static str,
    text: String,
    role: Role,
    problem: bool,
}

fn marks(scene: Scene<'_>) -> Vec<Mark> {
    FeedKind::ALL
        .into_iter()
        .map(|kind| {
            let freshness = scene.state.freshness(kind, scene.now);
            // Performance Insights with no instance in focus polls nothing: neither fresh nor late.
            let idle = kind == FeedKind::Performance && scene.state.fetched.focus.is_none();
            let (text, role) = match &freshness {
                _ if idle => ("○".to_owned(), Role::Muted),
                Freshness::Fresh => ("●".to_owned(), Role::Ok),
                Freshness::Loading => ("…".to_owned(), Role::Muted),
                Freshness::Stale { .. } => (format!("● {}", problem_note(&freshness)), Role::Stale),
                Freshness::Failed { .. } => (format!("✗ {}", problem_note(&freshness)), Role::Critical),
            };
            let problem = matches!(freshness, Freshness::Stale { .. } | Freshness::Failed { .. }) && !idle;
            Mark { label: kind.label(), text, role, problem }
        })
        .collect()
}

/// "rds ●  metrics ✗ throttled 2m  …": one entry per feed.
fn each(scene: Scene<'_>, marks: &[Mark]) -> Vec<Span<'static>> {
    let mut spans = vec![Span::raw(" ")];
    for mark in marks {
        spans.push(Span::styled(format!("{} ", mark.label), scene.style(Role::Muted)));
        spans.push(Span::styled(mark.text.clone(), scene.style(mark.role)));
        spans.push(Span::raw("  "));
    }
    spans
}

/// "rds metrics alarms ● asg ✗ throttled 2m": feeds in the same state share one mark.
fn grouped(scene: Scene<'_>, marks: &[Mark], problems_only: bool) -> Vec<Span<'static>> {
    let mut groups: Vec<(Vec<&'static str>, &Mark)> = Vec::new();
    for mark in marks.iter().filter(|m| m.problem || !problems_only) {
        match groups.iter_mut().find(|(_, m)| m.text == mark.text) {
            Some((labels, _)) => labels.push(mark.label),
            None => groups.push((vec![mark.label], mark)),
        }
    }
    let mut spans = vec![Span::raw(" ")];
    for (labels, mark) in groups {
        spans.push(Span::styled(format!("{} ", labels.join(" ")), scene.style(Role::Muted)));
        spans.push(Span::styled(mark.text.clone(), scene.style(mark.role)));
        spans.push(Span::raw("  "));
    }
    spans
}

/// "api 42/min 3 throttled": the API budget meter, when the backend counts its calls.
/// Throttles are a problem, so they stay when the bar narrows to problems only.
fn meter(scene: Scene<'_>, problems_only: bool) -> Vec<Span<'static>> {
    let Some(usage) = &scene.state.fetched.api_usage else { return Vec::new() };
    let mut spans = Vec::new();
    if !problems_only {
        spans.push(Span::styled("api ", scene.style(Role::Muted)));
        spans.push(Span::styled(format!("{}/min", usage.calls_last_minute), scene.style(Role::Text)));
        spans.push(Span::raw(" "));
    }
    if usage.recent_throttles > 0 {
        spans.push(Span::styled(format!("{} throttled", usage.recent_throttles), scene.style(Role::Warn)));
        spans.push(Span::raw(" "));
    }
    if !spans.is_empty() {
        spans.push(Span::raw(" "));
    }
    spans
}

fn total(spans: &[Span<'_>]) -> usize {
    spans.iter().map(Span::width).sum()
}

/// Draws the status bar.
pub fn draw(frame: &mut Frame, area: Rect, scene: Scene<'_>, keymap: &Keymap) {
    let room = usize::from(area.width);
    let marks = marks(scene);
    let label = if scene.state.session.kiosk.is_some() { "KIOSK" } else { scene.state.nav.mode.label() };
    let mode = Span::styled(format!(" {label} "), scene.style(Role::Accent));
    let right = |hints: &[[Span<'static>; 2]]| -> Vec<Span<'static>> {
        let mut spans = vec![mode.clone()];
        for (i, hint) in hints.iter().enumerate() {
            spans.push(Span::raw(if i == 0 { "" } else { "  " }));
            spans.extend(hint.iter().cloned());
        }
        if !hints.is_empty() {
            spans.push(Span::raw(" "));
        }
        spans
    };
    // On the wall, keys do nothing but quit: say what the kiosk does instead of the key hints.
    let all_hints = if scene.state.session.kiosk.is_some() { kiosk_words(scene) } else { hints(scene, keymap) };
    let lefts = [
        [each(scene, &marks), meter(scene, false)].concat(),
        [grouped(scene, &marks, false), meter(scene, false)].concat(),
        [grouped(scene, &marks, true), meter(scene, true)].concat(),
    ];
    // A notice answers the key just pressed: the feed line narrows for it before it is dropped.
    if scene.state.notice.is_some() && scene.state.session.kiosk.is_none() {
        let right = right(&all_hints);
        if let Some(left) = lefts.iter().find(|left| total(left) + total(&right) < room) {
            split_line(frame, area, left.clone(), right);
            return;
        }
    }
    // The fullest feed line that fits beside the mode, with as many hints as still fit.
    for left in &lefts {
        for n in (0..=all_hints.len()).rev() {
            let right = right(&all_hints[..n]);
            if total(left) + total(&right) < room {
                split_line(frame, area, left.clone(), right);
                return;
            }
        }
    }
    let left = lefts.into_iter().last().unwrap_or_default();
    let right = Vec::new();
    split_line(frame, area, left, right);
}

/// What the kiosk does, as hints: read-only, what rotates and when, and that `q` quits.
fn kiosk_words(scene: Scene<'_>) -> Vec<[Span<'static>; 2]> {
    let Some(kiosk) = &scene.state.session.kiosk else { return Vec::new() };
    let muted = scene.style(Role::Muted);
    let rotation = kiosk.rotation();
    let turning = if rotation.len() > 1 {
        let names: Vec<&str> = rotation.iter().map(|t| t.title()).collect();
        [
            Span::styled(names.join("→"), scene.style(Role::Text)),
            Span::styled(format!(" every {}s", kiosk.every), muted),
        ]
    } else {
        [Span::styled(scene.state.nav.tab.title().to_owned(), scene.style(Role::Text)), Span::styled(" only", muted)]
    };
    vec![
        [Span::styled("read-only", scene.style(Role::Warn)), Span::styled(" wall", muted)],
        [Span::styled("q", scene.style(Role::Accent)), Span::styled(" quits", muted)],
        turning,
    ]
}

/// Key hints for the current mode, most useful first, spelled with the keys the user's keymap
/// actually binds.
fn hints(scene: Scene<'_>, keymap: &Keymap) -> Vec<[Span<'static>; 2]> {
    let mode = KeyMode::of(&scene.state.nav.mode);
    let wanted: &[(Command, &str)] = match mode {
        KeyMode::Normal => &[
            (Command::Help, "help"),
            (Command::Quit, "quit"),
            (Command::Refresh, "refresh"),
            (Command::Open, "detail"),
        ],
        KeyMode::Detail if matches!(&scene.state.nav.mode, Mode::Detail(DetailTarget::Group(_))) => {
            &[(Command::Back, "close"), (Command::Quit, "quit"), (Command::RemoveScheduled, "remove scheduled")]
        }
        KeyMode::Detail | KeyMode::Help => &[(Command::Back, "close"), (Command::Quit, "quit")],
        // The dialog itself says how to confirm: `y` or the typed name, depending on the risk.
        KeyMode::Confirm => &[(Command::Back, "cancel")],
        KeyMode::Filter => &[(Command::Confirm, "keep"), (Command::Back, "clear")],
        KeyMode::Palette if matches!(scene.state.nav.mode, Mode::Note(_)) => {
            &[(Command::Confirm, "add note"), (Command::Back, "cancel")]
        }
        KeyMode::Palette => &[(Command::NextField, "complete"), (Command::Back, "close")],
    };
    if let Some(notice) = &scene.state.notice {
        return vec![[Span::styled(notice.text.clone(), scene.style(level_role(notice.level))), Span::raw("")]];
    }
    let bindings = keymap.bindings(mode);
    // The shortest spelling reads best in a hint: "q" rather than "ctrl-c".
    let shortest = |(_, keys): &(Command, Vec<String>)| keys.iter().min_by_key(|k| width(k)).cloned();
    let mut spans = Vec::new();
    for (command, label) in wanted {
        let Some(key) = bindings.iter().find(|(c, _)| c == command).and_then(shortest) else { continue };
        let key = if key == "enter" { "⏎".to_owned() } else { key };
        spans.push([
            Span::styled(key, scene.style(Role::Accent)),
            Span::styled(format!(" {label}"), scene.style(Role::Muted)),
        ]);
    }
    spans
}
