//! The command palette's vocabulary: its verbs, what may follow each, and completion
//! candidates — shared by `update` (which runs a line) and the screen (which offers choices).

use super::query::{SqlRow, Tabular};
use super::rows::{AlarmRow, FleetRow, GroupRow, ReplicationRow};
use super::{State, Tab};

/// The sortable columns of a tab.
pub fn columns(tab: Tab) -> &'static [&'static str] {
    match tab {
        Tab::Fleet => FleetRow::COLUMNS,
        Tab::Replication => ReplicationRow::COLUMNS,
        Tab::Performance => SqlRow::COLUMNS,
        Tab::Capacity => GroupRow::COLUMNS,
        Tab::Alarms => AlarmRow::COLUMNS,
    }
}

/// The palette's verbs, as completion offers them.
pub const VERBS: &[&str] =
    &["tab", "region", "profile", "theme", "filter", "sort", "runbook", "refresh", "help", "quit"];

pub const TABS: &[&str] = &["fleet", "replication", "performance", "capacity", "alarms"];
pub const RUNBOOKS: &[&str] = &["scale-up", "snapshot", "failover"];

/// What may follow a verb.
pub fn arguments(state: &State, verb: &str) -> Vec<String> {
    let owned = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    match verb {
        "tab" => owned(TABS),
        "region" => {
            let mut regions: Vec<String> = state.session.scopes.iter().map(|s| s.region.clone()).collect();
            regions.dedup();
            regions.push("all".to_owned());
            regions
        }
        "profile" => {
            let mut profiles: Vec<String> = state.session.scopes.iter().filter_map(|s| s.profile.clone()).collect();
            profiles.dedup();
            profiles.push("all".to_owned());
            profiles
        }
        "theme" => state.session.themes.clone(),
        "sort" => owned(columns(state.nav.tab)),
        "runbook" => owned(RUNBOOKS),
        _ => Vec::new(),
    }
}

/// The candidates for what is typed: verbs for the first word, then that verb's arguments.
pub fn candidates(state: &State, input: &str) -> Vec<String> {
    match input.split_once(' ') {
        None => VERBS.iter().filter(|v| v.starts_with(input)).map(|v| (*v).to_owned()).collect(),
        Some((verb, rest)) => arguments(state, verb).into_iter().filter(|a| a.starts_with(rest.trim_start())).collect(),
    }
}
