//! What the keyboard is driving (normal, a detail view, a dialog, the filter, the palette).

use crate::cloud::model::ResourceKey;

use super::runs::Confirm;

/// What the keyboard is driving.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Mode {
    #[default]
    Normal,
    /// The detail view of the row that was selected when it opened.
    Detail(DetailTarget),
    /// The key help overlay.
    Help,
    /// A runbook's plan, waiting for confirmation.
    Confirm(Box<Confirm>),
    /// Typing the current table's filter (`/`).
    Filter,
    /// The command palette (`:`), with what has been typed.
    Palette(String),
    /// Asked to quit while runs are in progress: what has been typed (`quit` quits).
    Quitting(String),
    /// Typing an operator note (`n`): what has been typed.
    Note(String),
}

impl Mode {
    /// Whether unbound characters are typed into the mode (confirm, filter, palette, a note).
    pub fn takes_text(&self) -> bool {
        matches!(self, Self::Confirm(_) | Self::Filter | Self::Palette(_) | Self::Quitting(_) | Self::Note(_))
    }

    pub fn label(&self) -> &'static str {
        match self {
            Self::Normal => "NORMAL",
            Self::Detail(_) => "DETAIL",
            Self::Help => "HELP",
            Self::Confirm(_) => "CONFIRM",
            Self::Filter => "FILTER",
            Self::Palette(_) => "COMMAND",
            Self::Quitting(_) => "QUIT?",
            Self::Note(_) => "NOTE",
        }
    }
}

/// What a detail view shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DetailTarget {
    /// A DB instance or Aurora cluster (Fleet and Replication tabs).
    Db(ResourceKey),
    /// An Auto Scaling Group.
    Group(ResourceKey),
    /// A CloudWatch alarm.
    Alarm(ResourceKey),
    /// The full text of a top-SQL statement, by digest id.
    Sql(String),
    /// The blocking tree of the instance in focus.
    Blocking,
    /// The analysis reports of the instance in focus.
    Reports,
    /// One analysis report's insights, by its id.
    Report(String),
}
