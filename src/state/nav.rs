//! Where the user is: the tab, the mode, each table's cursor and query, the scope narrowed to.

pub use super::cursor::Cursor;
use super::mode::Mode;
use super::overview_pane::OverviewNav;
use super::query::{Query, ScopeFilter};
use super::tab::{PerTab, Tab};

/// Where the user is.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Nav {
    pub tab: Tab,
    pub mode: Mode,
    /// One cursor per tab.
    pub cursors: PerTab<Cursor>,
    /// Filter and sort per tab.
    pub queries: PerTab<Query>,
    /// The region/profile the view is narrowed to.
    pub scope_filter: ScopeFilter,
    /// Rows a table can show at the current terminal size (an estimate for paging).
    pub page_rows: usize,
    /// Which of the Overview's panes has the selection.
    pub overview: OverviewNav,
    /// The terminal's width, for where the mouse finds the tabs (120 until the first resize).
    pub columns: u16,
}

impl Nav {
    pub fn new() -> Self {
        Self { page_rows: 20, columns: 120, ..Self::default() }
    }

    /// The cursor of the current tab.
    pub fn cursor(&self) -> Cursor {
        self.cursors[self.tab]
    }

    /// The query of the current tab.
    pub fn query(&self) -> &Query {
        &self.queries[self.tab]
    }

    pub fn query_mut(&mut self) -> &mut Query {
        &mut self.queries[self.tab]
    }
}
