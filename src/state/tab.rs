//! The tabs, and `PerTab<T>`: one value per tab (a cursor, a query), indexed by the tab.

use std::ops::{Index, IndexMut};

/// The five tabs, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Tab {
    #[default]
    Fleet,
    Replication,
    Performance,
    Capacity,
    Alarms,
}

impl Tab {
    pub const ALL: [Self; 5] = [Self::Fleet, Self::Replication, Self::Performance, Self::Capacity, Self::Alarms];

    pub fn title(self) -> &'static str {
        match self {
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
pub struct PerTab<T>([T; 5]);

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
        assert_eq!(per.iter().map(|(_, v)| *v).collect::<Vec<_>>(), [1, 0, 0, 0, 5]);
        assert_eq!(Tab::Fleet.prev(), Tab::Alarms);
        assert_eq!(Tab::Alarms.next(), Tab::Fleet);
    }
}
