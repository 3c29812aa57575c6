//! What a key can mean: typed commands, named in keymaps in snake_case.

use serde::Deserialize;

/// A user command, independent of the key that triggered it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Command {
    Quit,
    NextTab,
    PrevTab,
    TabOverview,
    TabFleet,
    TabReplication,
    TabPerformance,
    TabCapacity,
    TabAlarms,
    TabTimeline,
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
    /// Plan scaling up the selected Auto Scaling Group.
    ScaleUp,
    /// Plan a snapshot of the selected DB instance or cluster.
    Snapshot,
    /// Plan a failover of the selected DB instance, cluster or replica.
    Failover,
    /// In a confirm dialog: run the plan (high risk: once the identifier is typed).
    Confirm,
    /// In a confirm dialog: move between the number and the identifier field.
    NextField,
    /// In a confirm dialog: raise the number.
    Increment,
    /// In a confirm dialog: lower the number.
    Decrement,
    /// In a confirm dialog: the next choice (e.g. the Aurora reader to fail over to).
    NextChoice,
    /// In a confirm dialog: the previous choice.
    PrevChoice,
    /// In a confirm dialog: delete the last typed character.
    DeleteChar,
    /// Filter the current table (`/`).
    Filter,
    /// Sort the current table by the next column (`o`).
    SortNext,
    /// Reverse the current sort (`O`).
    SortReverse,
    /// Open the command palette (`:`).
    Palette,
    /// Performance tab: slice DB load by the next dimension (wait, SQL, host, user, database,
    /// application).
    NextSlice,
    /// Performance tab: the next time window (5 min, 1 h, 6 h, 24 h, 7 days).
    NextWindow,
    /// Performance tab: who blocked whom over the window.
    Blocking,
    /// Overview: move the selection to the next pane (the grid, then each list).
    NextPane,
    /// Overview: move the selection to the previous pane.
    PrevPane,
    /// A statement's detail: its two heaviest execution plans side by side, or one alone.
    NextPlan,
    /// Performance tab: plan a performance analysis report of the window shown (a write).
    Analyze,
    /// Performance tab: the analysis reports of the instance in focus.
    Reports,
    /// In a replay: play or pause.
    ReplayPlay,
    /// In a replay: one minute forward.
    ReplayForward,
    /// In a replay: one minute back.
    ReplayBack,
    /// In a replay: play faster.
    ReplayFaster,
    /// In a replay: play slower.
    ReplaySlower,
    /// In a replay: to the next timeline event.
    ReplayNextEvent,
    /// In a replay: to the previous timeline event.
    ReplayPrevEvent,
    /// Add an operator note to the timeline (and the recording and the audit log).
    Note,
    /// Pick a runbook for the selected row: the palette on `runbook `, offering those that apply.
    Runbooks,
    /// A group's detail: plan removing one of its scheduled actions.
    RemoveScheduled,
}

impl Command {
    /// What the help overlay says the command does.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Quit => "quit",
            Self::NextTab => "next tab",
            Self::PrevTab => "previous tab",
            Self::TabOverview => "Overview tab",
            Self::TabFleet => "Fleet tab",
            Self::TabReplication => "Replication tab",
            Self::TabPerformance => "Performance Insights tab",
            Self::TabCapacity => "Capacity tab",
            Self::TabAlarms => "Alarms tab",
            Self::TabTimeline => "Timeline tab",
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
            Self::ScaleUp => "scale up a group (tab 4)",
            Self::Snapshot => "snapshot a DB (tab 1)",
            Self::Failover => "fail over / promote a DB",
            Self::Confirm => "confirm",
            Self::NextField => "next field",
            Self::Increment => "more",
            Self::Decrement => "fewer",
            Self::NextChoice => "next choice",
            Self::PrevChoice => "previous choice",
            Self::DeleteChar => "delete a character",
            Self::Filter => "filter the table",
            Self::SortNext => "sort by next column",
            Self::SortReverse => "reverse the sort",
            Self::Palette => "command palette",
            Self::NextSlice => "next load slice (tab 3)",
            Self::NextWindow => "window (tab 3, DB detail)",
            Self::Blocking => "blocking sessions (tab 3)",
            Self::NextPane => "next pane (tab 0; also →)",
            Self::PrevPane => "previous pane (tab 0; also ←)",
            Self::NextPlan => "compare plans / one plan (statement detail)",
            Self::Analyze => "analysis report of the window (tab 3)",
            Self::Reports => "runbooks; tab 3: reports",
            Self::ReplayPlay => "replay: play / pause",
            Self::ReplayForward => "replay: a minute forward",
            Self::ReplayBack => "replay: a minute back",
            Self::ReplayFaster => "replay: faster",
            Self::ReplaySlower => "replay: slower",
            Self::ReplayNextEvent => "replay: next event",
            Self::ReplayPrevEvent => "replay: previous event",
            Self::Note => "add a note to the timeline",
            Self::Runbooks => "runbooks for the selected row",
            Self::RemoveScheduled => "remove a scheduled action (group detail)",
        }
    }
}
