//! The command palette's vocabulary, said once: its verbs, what may follow each, completion
//! candidates, and the parse of a typed line into one typed `PaletteCommand` — shared by
//! `update` (which carries it out through the same code as the keys) and the screen (which
//! offers the choices).

use crate::command::Command;
use crate::runbook::book::builtin::runbook_for;
use crate::runbook::book::props::Target;
use crate::runbook::plan::Request;

use super::query::{SqlRow, Tabular};
use super::rows::{AlarmRow, FleetRow, GroupRow, ReplicationRow};
use super::{State, Tab};

/// The sortable columns of a tab.
pub fn columns(tab: Tab) -> &'static [&'static str] {
    match tab {
        Tab::Overview => &[],
        Tab::Fleet => FleetRow::COLUMNS,
        Tab::Replication => ReplicationRow::COLUMNS,
        Tab::Performance => SqlRow::COLUMNS,
        Tab::Capacity => GroupRow::COLUMNS,
        Tab::Alarms => AlarmRow::COLUMNS,
        Tab::Timeline => super::timeline::TimelineRow::COLUMNS,
    }
}

/// The palette's verbs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Tab,
    Region,
    Profile,
    Theme,
    Filter,
    Sort,
    Runbook,
    Refresh,
    Help,
    Quit,
    /// In a replay: go to a recorded time.
    Goto,
}

impl Verb {
    /// In the order completion offers them.
    pub const ALL: [Self; 11] = [
        Self::Tab,
        Self::Region,
        Self::Profile,
        Self::Theme,
        Self::Filter,
        Self::Sort,
        Self::Runbook,
        Self::Refresh,
        Self::Help,
        Self::Quit,
        Self::Goto,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::Tab => "tab",
            Self::Region => "region",
            Self::Profile => "profile",
            Self::Theme => "theme",
            Self::Filter => "filter",
            Self::Sort => "sort",
            Self::Runbook => "runbook",
            Self::Refresh => "refresh",
            Self::Help => "help",
            Self::Quit => "quit",
            Self::Goto => "goto",
        }
    }

    fn parse(word: &str) -> Option<Self> {
        if word == "q" {
            return Some(Self::Quit);
        }
        Self::ALL.into_iter().find(|v| v.name() == word)
    }
}

/// The runbooks by the names the palette knows them by (the first is offered; the rest are
/// accepted too), with the action key each stands for.
const RUNBOOKS: [(&[&str], Command); 3] = [
    (&["scale-up", "scale"], Command::ScaleUp),
    (&["snapshot"], Command::Snapshot),
    (&["failover", "promote"], Command::Failover),
];

/// What a palette line means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaletteCommand {
    /// What a key does: an action key (`:runbook`), refresh, help, quit.
    Key(Command),
    /// A runbook file by name, on the selected row (`:runbook add-two`).
    Runbook(String),
    /// Switch to a tab, as its number key does.
    Tab(Tab),
    /// Narrow the view to a region (`None`: all of them).
    Region(Option<String>),
    /// Narrow the view to a profile (`None`: all of them).
    Profile(Option<String>),
    Theme(String),
    /// Set the current table's filter.
    Filter(String),
    /// Sort the current table by a column.
    Sort {
        column: usize,
        descending: bool,
    },
    /// In a replay: go to a time of day or a duration from the start.
    Goto(String),
}

/// A tab's name in the palette ("performance").
fn tab_name(tab: Tab) -> String {
    tab.title().to_lowercase()
}

/// Each distinct value once, in the order first seen.
fn distinct(values: impl Iterator<Item = String>) -> Vec<String> {
    let mut seen = Vec::new();
    for value in values {
        if !seen.contains(&value) {
            seen.push(value);
        }
    }
    seen
}

/// What may follow a verb.
pub fn arguments(state: &State, verb: Verb) -> Vec<String> {
    let scopes = &state.session.scopes;
    match verb {
        Verb::Tab => Tab::ALL.into_iter().map(tab_name).collect(),
        Verb::Region => {
            let mut regions = distinct(scopes.iter().map(|s| s.region.clone()));
            regions.push("all".to_owned());
            regions
        }
        Verb::Profile => {
            let mut profiles = distinct(scopes.iter().filter_map(|s| s.profile.clone()));
            profiles.push("all".to_owned());
            profiles
        }
        Verb::Theme => state.session.themes.clone(),
        Verb::Sort => columns(state.nav.tab).iter().map(|c| (*c).to_owned()).collect(),
        Verb::Runbook => applicable(state),
        Verb::Filter | Verb::Refresh | Verb::Help | Verb::Quit | Verb::Goto => Vec::new(),
    }
}

/// The candidates for what is typed: verbs for the first word, then that verb's arguments.
pub fn candidates(state: &State, input: &str) -> Vec<String> {
    match input.split_once(' ') {
        None => Verb::ALL.iter().map(|v| v.name()).filter(|v| v.starts_with(input)).map(str::to_owned).collect(),
        Some((verb, rest)) => Verb::parse(verb)
            .map(|verb| arguments(state, verb))
            .unwrap_or_default()
            .into_iter()
            .filter(|a| a.starts_with(rest.trim_start()))
            .collect(),
    }
}

fn verbs() -> String {
    Verb::ALL.map(Verb::name).join(", ")
}

/// Parses one palette line; `Ok(None)` for an empty one, `Err` says what would have been right.
pub fn parse(state: &State, line: &str) -> Result<Option<PaletteCommand>, String> {
    let line = line.trim();
    let (word, arg) = line.split_once(' ').map_or((line, ""), |(v, a)| (v, a.trim()));
    if word.is_empty() {
        return Ok(None);
    }
    let verb = Verb::parse(word).ok_or_else(|| format!("unknown command `{word}`: try {}", verbs()))?;
    let command = match verb {
        Verb::Tab => PaletteCommand::Tab(tab(arg)?),
        Verb::Region => PaletteCommand::Region(scope_value(state, Verb::Region, arg)?),
        Verb::Profile => PaletteCommand::Profile(scope_value(state, Verb::Profile, arg)?),
        Verb::Theme if arg.is_empty() => return Err(format!("theme: one of {}", state.session.themes.join(", "))),
        Verb::Theme => PaletteCommand::Theme(arg.to_owned()),
        Verb::Filter => PaletteCommand::Filter(arg.to_owned()),
        Verb::Sort => sort(state.nav.tab, arg)?,
        Verb::Runbook => runbook(state, arg)?,
        Verb::Goto if state.session.replay.is_none() => {
            return Err("goto moves a replay: open a recording with opsdeck replay FILE".to_owned());
        }
        Verb::Goto if arg.is_empty() => {
            return Err("goto: a time (14:32, UTC) or a duration from the start (15m)".to_owned());
        }
        Verb::Goto => PaletteCommand::Goto(arg.to_owned()),
        Verb::Refresh => PaletteCommand::Key(Command::Refresh),
        Verb::Help => PaletteCommand::Key(Command::Help),
        Verb::Quit => PaletteCommand::Key(Command::Quit),
    };
    Ok(Some(command))
}

/// A tab by a prefix of its name or by its number.
fn tab(arg: &str) -> Result<Tab, String> {
    let arg = arg.to_lowercase();
    Tab::ALL
        .into_iter()
        .find(|&t| !arg.is_empty() && tab_name(t).starts_with(&arg) || t.digit().to_string() == arg)
        .ok_or_else(|| format!("no tab `{arg}`: {}", Tab::ALL.map(tab_name).join(", ")))
}

/// A region or profile in view, or `None` for "all" (or nothing).
fn scope_value(state: &State, verb: Verb, arg: &str) -> Result<Option<String>, String> {
    if arg.is_empty() || arg == "all" {
        return Ok(None);
    }
    let known = arguments(state, verb);
    if known.iter().any(|k| k == arg) {
        Ok(Some(arg.to_owned()))
    } else {
        Err(format!("no {} `{arg}` in view: {}", verb.name(), known.join(", ")))
    }
}

fn sort(tab: Tab, arg: &str) -> Result<PaletteCommand, String> {
    let (name, descending) = arg.strip_suffix(" desc").map_or((arg, false), |n| (n.trim(), true));
    let cols = columns(tab);
    let column = cols.iter().position(|c| *c == name).ok_or_else(|| format!("sort by: {}", cols.join(", ")))?;
    Ok(PaletteCommand::Sort { column, descending })
}

/// The built-in runbook files the action keys plan with: their dialogs edit the parameters.
const BUILT_IN_KEYS: [(&str, Command); 5] = [
    ("snapshot-cluster", Command::Snapshot),
    ("failover-multi-az", Command::Failover),
    ("failover-aurora", Command::Failover),
    ("promote-replica", Command::Failover),
    ("scale-up", Command::ScaleUp),
];

/// An action key's name (or a built-in file an action key plans with), else a runbook file of
/// the library by name.
fn runbook(state: &State, arg: &str) -> Result<PaletteCommand, String> {
    if let Some((_, command)) = RUNBOOKS.iter().find(|(names, _)| names.contains(&arg)) {
        return Ok(PaletteCommand::Key(*command));
    }
    if let Some((_, command)) = BUILT_IN_KEYS.iter().find(|(name, _)| *name == arg) {
        return Ok(PaletteCommand::Key(*command));
    }
    if state.session.runbooks.get(arg).is_some() {
        return Ok(PaletteCommand::Runbook(arg.to_owned()));
    }
    Err(format!("runbooks: {}", runbook_names(state).join(", ")))
}

/// The runbook files that apply to the selected row (its kind of target), by name; with none
/// selected, or none that applies, every name `:runbook` takes.
fn applicable(state: &State) -> Vec<String> {
    let fleet = state.fleet_view();
    let found: Vec<String> = state.selected_key(state.nav.tab).map_or_else(Vec::new, |key| {
        // A built-in an action key plans with is offered when that key would choose it here
        // (a replica is promoted, not failed over onto a standby).
        let chosen = |request: Request| runbook_for(&fleet, &request).map(|(name, ..)| name.to_owned());
        let by_keys = [
            chosen(Request::Failover { target: key.clone(), reader: None }),
            chosen(Request::Snapshot { target: key.clone(), snapshot_id: String::new(), copy_to_dr: false }),
        ];
        let keyed = |name: &str| name == "snapshot" || BUILT_IN_KEYS.iter().any(|(n, _)| *n == name);
        let books = state.session.runbooks.all().iter();
        let fits = books.filter(|b| Target::resolve(&fleet, b.target, &key).is_some());
        let offered =
            fits.filter(|b| !keyed(&b.name) || b.name == "scale-up" || by_keys.contains(&Some(b.name.clone())));
        offered.map(|b| b.name.clone()).collect()
    });
    if found.is_empty() { runbook_names(state) } else { found }
}

/// The names `:runbook` takes: the action keys', then every runbook file's.
pub fn runbook_names(state: &State) -> Vec<String> {
    let mut names: Vec<String> = RUNBOOKS.iter().map(|(names, _)| names[0].to_owned()).collect();
    for book in state.session.runbooks.all() {
        if !names.contains(&book.name) {
            names.push(book.name.clone());
        }
    }
    names
}
