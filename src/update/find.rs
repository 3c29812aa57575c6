//! Finding things: the `/` filter, `o`/`O` sorting, and the `:` command palette with
//! completion (`:tab alarms`, `:region us-west-2`, `:theme warroom`, `:runbook snapshot`, …).

use crate::command::Command;
use crate::event::Effect;
use crate::state::Notice;
use crate::state::palette::{RUNBOOKS, TABS, VERBS, arguments, candidates, columns};
use crate::state::{Cursor, Mode, PerTab, State, Tab};

use super::{rebuild, runbook};

/// Rebuilds the current tab after its query changed, back at the top.
fn requery(state: &mut State) {
    let tab = state.nav.tab;
    rebuild(state, &[tab]);
    state.nav.cursors[tab] = Cursor::default();
}

pub(super) fn sort_next(state: &mut State) {
    let tab = state.nav.tab;
    state.nav.queries[tab].next_sort(columns(tab).len());
    requery(state);
}

pub(super) fn sort_reverse(state: &mut State) {
    let query = &mut state.nav.queries[state.nav.tab];
    if query.sort.is_none() {
        state.notice = Some(Notice::info("o picks a column to sort by; O reverses it"));
        return;
    }
    query.descending = !query.descending;
    requery(state);
}

/// Esc in normal mode: clear the current table's filter, if it has one.
pub(super) fn clear_filter(state: &mut State) {
    if !state.nav.queries[state.nav.tab].filter.is_empty() {
        state.nav.queries[state.nav.tab].filter.clear();
        requery(state);
    }
}

/// A command while the filter is being typed.
pub(super) fn filter_command(state: &mut State, command: Command) -> Vec<Effect> {
    match command {
        Command::Back => {
            state.nav.mode = Mode::Normal;
            clear_filter(state);
        }
        Command::Confirm => state.nav.mode = Mode::Normal,
        Command::DeleteChar => {
            state.nav.queries[state.nav.tab].filter.pop();
            requery(state);
        }
        Command::Quit => {
            state.quit = true;
            return vec![Effect::Quit];
        }
        _ => {}
    }
    Vec::new()
}

/// A character typed into the filter: the table narrows as you type.
pub(super) fn filter_text(state: &mut State, c: char) {
    state.nav.queries[state.nav.tab].filter.push(c);
    requery(state);
}

/// A command while the palette is open.
pub(super) fn palette_command(state: &mut State, command: Command) -> Vec<Effect> {
    let Mode::Palette(input) = &mut state.nav.mode else { return Vec::new() };
    match command {
        Command::Back => state.nav.mode = Mode::Normal,
        Command::DeleteChar => {
            input.pop();
        }
        Command::NextField => {
            if let Some(done) = complete(state, &palette_input(state)) {
                state.nav.mode = Mode::Palette(done);
            }
        }
        Command::Confirm => {
            let line = palette_input(state);
            state.nav.mode = Mode::Normal;
            return execute(state, &line);
        }
        Command::Quit => {
            state.quit = true;
            return vec![Effect::Quit];
        }
        _ => {}
    }
    Vec::new()
}

pub(super) fn palette_text(state: &mut State, c: char) {
    if let Mode::Palette(input) = &mut state.nav.mode {
        input.push(c);
    }
}

fn palette_input(state: &State) -> String {
    match &state.nav.mode {
        Mode::Palette(input) => input.clone(),
        _ => String::new(),
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

/// Runs one palette line.
fn execute(state: &mut State, line: &str) -> Vec<Effect> {
    let (verb, arg) = line.trim().split_once(' ').map_or((line.trim(), ""), |(v, a)| (v, a.trim()));
    let result = match verb {
        "tab" => switch_tab(state, arg),
        "region" => narrow(state, arg, true),
        "profile" => narrow(state, arg, false),
        "theme" if !arg.is_empty() => return vec![Effect::SetTheme(arg.to_owned())],
        "filter" => {
            arg.clone_into(&mut state.nav.queries[state.nav.tab].filter);
            requery(state);
            Ok(())
        }
        "sort" => sort_by(state, arg),
        "runbook" => return run_book(state, arg),
        "refresh" => return vec![Effect::RefreshAll],
        "help" => {
            state.nav.mode = Mode::Help;
            Ok(())
        }
        "quit" | "q" => {
            state.quit = true;
            return vec![Effect::Quit];
        }
        "" => Ok(()),
        other => Err(format!("unknown command `{other}`: try {}", VERBS.join(", "))),
    };
    if let Err(why) = result {
        state.notice = Some(Notice::warn(why));
    }
    Vec::new()
}

fn switch_tab(state: &mut State, arg: &str) -> Result<(), String> {
    let arg = arg.to_lowercase();
    let tab = Tab::ALL
        .into_iter()
        .find(|t| t.title().to_lowercase().starts_with(&arg) && !arg.is_empty() || (t.index() + 1).to_string() == arg)
        .ok_or_else(|| format!("no tab `{arg}`: {}", TABS.join(", ")))?;
    state.nav.tab = tab;
    Ok(())
}

fn narrow(state: &mut State, arg: &str, region: bool) -> Result<(), String> {
    let what = if region { "region" } else { "profile" };
    let value = (arg != "all" && !arg.is_empty()).then(|| arg.to_owned());
    if let Some(v) = &value
        && !arguments(state, what).contains(v)
    {
        return Err(format!("no {what} `{v}` in view: {}", arguments(state, what).join(", ")));
    }
    if region {
        state.nav.scope_filter.region = value;
    } else {
        state.nav.scope_filter.profile = value;
    }
    rebuild(state, &Tab::ALL);
    state.nav.cursors = PerTab::default();
    Ok(())
}

fn sort_by(state: &mut State, arg: &str) -> Result<(), String> {
    let (name, descending) = arg.strip_suffix(" desc").map_or((arg, false), |n| (n.trim(), true));
    let cols = columns(state.nav.tab);
    let index = cols.iter().position(|c| *c == name).ok_or_else(|| format!("sort by: {}", cols.join(", ")))?;
    let query = &mut state.nav.queries[state.nav.tab];
    query.sort = Some(index);
    query.descending = descending;
    requery(state);
    Ok(())
}

fn run_book(state: &mut State, arg: &str) -> Vec<Effect> {
    let command = match arg {
        "scale-up" | "scale" => Command::ScaleUp,
        "snapshot" => Command::Snapshot,
        "failover" | "promote" => Command::Failover,
        _ => {
            state.notice = Some(Notice::warn(format!("runbooks: {}", RUNBOOKS.join(", "))));
            return Vec::new();
        }
    };
    runbook::request(state, command);
    Vec::new()
}
