//! The `:` command palette: typing, Tab completion, and running a line. A line is parsed into
//! one typed `PaletteCommand` and carried out by the same code the keys use (`:tab performance`
//! is key `3`, `:runbook snapshot` is key `S`).

use crate::command::Command;
use crate::event::Effect;
use crate::state::palette::{PaletteCommand, candidates, parse};
use crate::state::{Mode, Notice, PerTab, State, Tab};

use super::{filter, navigate, rebuild, run_command, sort};

/// A command while the palette is open.
pub(super) fn command(state: &mut State, command: Command) -> Vec<Effect> {
    let Mode::Palette(input) = &mut state.nav.mode else { return Vec::new() };
    match command {
        Command::Back => state.nav.mode = Mode::Normal,
        Command::DeleteChar => {
            input.pop();
        }
        Command::NextField => {
            let typed = input.clone();
            if let Some(done) = complete(state, &typed) {
                state.nav.mode = Mode::Palette(done);
            }
        }
        Command::Confirm => {
            let line = std::mem::take(input);
            state.nav.mode = Mode::Normal;
            return execute(state, &line);
        }
        Command::Quit => return super::quit(state),
        _ => {}
    }
    Vec::new()
}

/// A character typed into the palette.
pub(super) fn text(state: &mut State, c: char) {
    if let Mode::Palette(input) = &mut state.nav.mode {
        input.push(c);
    }
}

/// Tab completion: the longest common prefix of the candidates (a whole word when unique).
fn complete(state: &State, input: &str) -> Option<String> {
    let found = candidates(state, input);
    let first = found.first()?;
    let common = found
        .iter()
        .fold(first.clone(), |acc, c| acc.chars().zip(c.chars()).take_while(|(a, b)| a == b).map(|(a, _)| a).collect());
    let unique = found.len() == 1;
    Some(match input.split_once(' ') {
        None if unique => format!("{common} "),
        None => common,
        Some((verb, _)) => format!("{verb} {common}"),
    })
}

/// Runs one palette line, or says what is wrong with it.
fn execute(state: &mut State, line: &str) -> Vec<Effect> {
    match parse(state, line) {
        Ok(Some(command)) => perform(state, command),
        Ok(None) => Vec::new(),
        Err(why) => {
            state.notice = Some(Notice::warn(why));
            Vec::new()
        }
    }
}

fn perform(state: &mut State, command: PaletteCommand) -> Vec<Effect> {
    match command {
        PaletteCommand::Key(command) => return run_command(state, command),
        PaletteCommand::Runbook(name) => super::runbook::request_book(state, name),
        PaletteCommand::Tab(tab) => return navigate::switch_tab(state, tab).into_iter().collect(),
        PaletteCommand::Theme(name) => return vec![Effect::SetTheme(name)],
        PaletteCommand::Region(region) => {
            state.nav.scope_filter.region = region;
            renarrow(state);
        }
        PaletteCommand::Profile(profile) => {
            state.nav.scope_filter.profile = profile;
            renarrow(state);
        }
        PaletteCommand::Filter(text) => filter::set(state, text),
        PaletteCommand::Sort { column, descending } => sort::by(state, column, descending),
        PaletteCommand::Goto(target) => return vec![Effect::Replay(crate::event::ReplayAction::Goto(target))],
    }
    Vec::new()
}

/// The scope filter changed: every tab's rows, back at the top.
fn renarrow(state: &mut State) {
    rebuild::rebuild(state, &Tab::ALL);
    state.nav.cursors = PerTab::default();
}
