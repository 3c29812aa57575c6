//! Where the Overview's selection is: the grid of databases or one of the lists beside it (top
//! DB load, alarms firing, worst replica lag, Auto Scaling Groups), and what each list holds in
//! the order it is drawn, so that the row under the cursor is the row Enter opens.
//!
//! The tab keeps one cursor per pane: moving to a list and back finds the grid where it was.

use crate::cloud::model::{AlarmState, ResourceKey};

use super::cursor::Cursor;
use super::overview::{top_load, worst_lag_per_primary};
use super::rows::AlarmRow;
use super::{Rows, Tab};

/// How many databases the DB load list shows.
pub const TOP_LOAD: usize = 10;

/// A part of the Overview that can hold the selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pane {
    #[default]
    Grid,
    Load,
    Alarms,
    Lag,
    Groups,
}

impl Pane {
    pub const ALL: [Self; 5] = [Self::Grid, Self::Load, Self::Alarms, Self::Lag, Self::Groups];

    fn index(self) -> usize {
        Self::ALL.iter().position(|&p| p == self).unwrap_or(0)
    }

    #[must_use]
    pub fn next(self) -> Self {
        Self::ALL[(self.index() + 1) % Self::ALL.len()]
    }

    #[must_use]
    pub fn prev(self) -> Self {
        Self::ALL[(self.index() + Self::ALL.len() - 1) % Self::ALL.len()]
    }

    /// The tab a row of this pane opens in.
    pub fn opens_in(self) -> Tab {
        match self {
            Self::Grid | Self::Load => Tab::Fleet,
            Self::Alarms => Tab::Alarms,
            Self::Lag => Tab::Replication,
            Self::Groups => Tab::Capacity,
        }
    }
}

/// The Overview's panes: which has the selection, and the cursor each had when it was left.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OverviewNav {
    pub pane: Pane,
    saved: [Cursor; 5],
}

impl OverviewNav {
    /// Moves the selection to `pane`: `current` is the tab's cursor, saved for the pane left;
    /// returns the cursor of the pane entered.
    pub fn enter(&mut self, pane: Pane, current: Cursor) -> Cursor {
        self.saved[self.pane.index()] = current;
        self.pane = pane;
        self.saved[pane.index()]
    }

    /// The grid's cursor, whichever pane has the selection (`current` is the tab's cursor).
    pub fn grid(&self, current: Cursor) -> Cursor {
        if self.pane == Pane::Grid { current } else { self.saved[Pane::Grid.index()] }
    }
}

/// The alarms in ALARM, newest first.
pub fn firing(rows: &Rows) -> Vec<&AlarmRow> {
    let mut firing: Vec<&AlarmRow> = rows.alarms.iter().filter(|r| r.alarm.state == AlarmState::Alarm).collect();
    firing.sort_by_key(|r| std::cmp::Reverse(r.alarm.updated));
    firing
}

/// The resources of a pane's rows, in the order they are drawn (the lag list: each primary's
/// worst replica).
pub fn keys(rows: &Rows, pane: Pane) -> Vec<ResourceKey> {
    match pane {
        Pane::Grid => rows.overview.iter().map(|c| c.key().clone()).collect(),
        Pane::Load => top_load(&rows.overview, TOP_LOAD).into_iter().map(|c| c.key().clone()).collect(),
        Pane::Alarms => firing(rows).into_iter().map(AlarmRow::key).collect(),
        Pane::Lag => worst_lag_per_primary(&rows.replication).into_iter().map(|(_, replica, _)| replica).collect(),
        Pane::Groups => rows.groups.iter().map(|g| g.key.clone()).collect(),
    }
}

/// The resource of a pane's row `index`.
pub fn key_at(rows: &Rows, pane: Pane, index: usize) -> Option<ResourceKey> {
    match pane {
        Pane::Grid => rows.overview.get(index).map(|c| c.key().clone()),
        _ => keys(rows, pane).into_iter().nth(index),
    }
}

/// Where a resource is among a pane's rows.
pub fn position(rows: &Rows, pane: Pane, key: &ResourceKey) -> Option<usize> {
    match pane {
        Pane::Grid => rows.overview.iter().position(|c| c.key() == key),
        _ => keys(rows, pane).iter().position(|k| k == key),
    }
}

/// How many rows a pane has.
pub fn len(rows: &Rows, pane: Pane) -> usize {
    match pane {
        Pane::Grid => rows.overview.len(),
        Pane::Groups => rows.groups.len(),
        _ => keys(rows, pane).len(),
    }
}
