//! The tabs, and `PerTab<T>`: one value per tab (a cursor, a query), indexed by the tab.

use std::ops::{Index, IndexMut};

/// The tabs, in order: the Overview (key 0) first, then the five tables (keys 1–5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Tab {
    /// The wall: every database as a coloured cell, the headline figures and the lists beside.
    Overview,
    #[default]
    Fleet,
    Replication,
    Performance,
    Capacity,
    Alarms,
}

impl Tab {
    pub const ALL: [Self; 6] =
        [Self::Overview, Self::Fleet, Self::Replication, Self::Performance, Self::Capacity, Self::Alarms];

    pub fn title(self) -> &'static str {
        match self {
            Self::Overview => "Overview",
            Self::Fleet => "Fleet",
            Self::Replication => "Replication",
            Self::Performance => "Performance",
            Self::Capacity => "Capacity",
            Self::Alarms => "Alarms",
        }
    }

    pub fn index(self) -> usize {
        Self::ALL.iter().position(|&t| t == self).unwrap_or(0)
    }

    /// The tab a name means ("overview", "fleet", …, as `--kiosk-tabs` and `:tab` spell them).
    pub fn named(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.title().eq_ignore_ascii_case(name.trim()))
    }

    /// The digit that switches to the tab (and that the tab bar shows): 0 to 5.
    pub fn digit(self) -> usize {
        self.index()
    }

    #[must_use]
    pub fn next(self) -> Self {
        Self::ALL[(self.index() + 1) % Self::ALL.len()]
    }

    #[must_use]
    pub fn prev(self) -> Self {
        Self::ALL[(self.index() + Self::ALL.len() - 1) % Self::ALL.len()]
    }
}

/// One `T` per tab, indexed by `Tab`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PerTab<T>([T; 6]);

impl<T> PerTab<T> {
    /// Each tab's value, in tab order.
    pub fn iter(&self) -> impl Iterator<Item = (Tab, &T)> {
        Tab::ALL.into_iter().zip(&self.0)
    }
}

impl<T> Index<Tab> for PerTab<T> {
    type Output = T;

    fn index(&self, tab: Tab) -> &T {
        &self.0[tab.index()]
    }
}

impl<T> IndexMut<Tab> for PerTab<T> {
    fn index_mut(&mut self, tab: Tab) -> &mut T {
        &mut self.0[tab.index()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_tab_has_its_own_value() {
        let mut per: PerTab<u8> = PerTab::default();
        per[Tab::Alarms] = 5;
        per[Tab::Fleet] = 1;
        assert_eq!(per.iter().map(|(_, v)| *v).collect::<Vec<_>>(), [0, 1, 0, 0, 0, 5]);
        assert_eq!(Tab::Overview.prev(), Tab::Alarms);
        assert_eq!(Tab::Alarms.next(), Tab::Overview);
        assert_eq!((Tab::Overview.digit(), Tab::Fleet.digit(), Tab::Alarms.digit()), (0, 1, 5));
    }
}
