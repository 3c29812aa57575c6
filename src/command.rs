//! What a key can mean: typed commands, named in keymaps in snake_case.

use serde::Deserialize;

/// A user command, independent of the key that triggered it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Command {
    Quit,
    NextTab,
    PrevTab,
    TabFleet,
    TabReplication,
    TabPerformance,
    TabCapacity,
    TabAlarms,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Open the detail view of the selected row.
    Open,
    /// Close the detail view or overlay.
    Back,
    /// Poll every feed now.
    Refresh,
    /// Toggle the key help overlay.
    Help,
}

impl Command {
    /// What the help overlay says the command does.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Quit => "quit",
            Self::NextTab => "next tab",
            Self::PrevTab => "previous tab",
            Self::TabFleet => "Fleet tab",
            Self::TabReplication => "Replication tab",
            Self::TabPerformance => "Performance Insights tab",
            Self::TabCapacity => "Capacity tab",
            Self::TabAlarms => "Alarms tab",
            Self::Up => "move up",
            Self::Down => "move down",
            Self::PageUp => "page up",
            Self::PageDown => "page down",
            Self::Top => "first row",
            Self::Bottom => "last row",
            Self::Open => "open detail",
            Self::Back => "back / close",
            Self::Refresh => "refresh now",
            Self::Help => "this help",
        }
    }
}
