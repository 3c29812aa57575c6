//! The tabs, the tabs line's layout (`bar`), and `PerTab<T>`: one value per tab (a cursor, a
//! query), indexed by the tab.

use std::ops::{Index, IndexMut};

/// The tabs, in order: the Overview (key 0) first, then the five tables (keys 1–5), then the
/// Timeline (key 6).
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
    /// What happened, newest first: alarm transitions, scaling, DB status and health changes,
    /// runbook runs and operator notes.
    Timeline,
}

impl Tab {
    pub const ALL: [Self; 7] = [
        Self::Overview,
        Self::Fleet,
        Self::Replication,
        Self::Performance,
        Self::Capacity,
        Self::Alarms,
        Self::Timeline,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Self::Overview => "Overview",
            Self::Fleet => "Fleet",
            Self::Replication => "Replication",
            Self::Performance => "Performance",
            Self::Capacity => "Capacity",
            Self::Alarms => "Alarms",
            Self::Timeline => "Timeline",
        }
    }

    pub fn index(self) -> usize {
        Self::ALL.iter().position(|&t| t == self).unwrap_or(0)
    }

    /// The tab a name means ("overview", "fleet", …, as `--kiosk-tabs` and `:tab` spell them).
    pub fn named(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.title().eq_ignore_ascii_case(name.trim()))
    }

    /// The digit that switches to the tab (and that the tab bar shows): 0 to 6.
    pub fn digit(self) -> usize {
        self.index()
    }

    /// The tab as the tabs line writes it in `form`: "3 Performance", "3 Perf", "3P".
    pub fn label(self, form: BarForm) -> String {
        let short = match self {
            Self::Replication => "Repl",
            Self::Performance => "Perf",
            other => other.title(),
        };
        match form {
            BarForm::Full => format!("{} {}", self.digit(), self.title()),
            BarForm::Short => format!("{} {short}", self.digit()),
            BarForm::Initials => format!("{}{}", self.digit(), self.title().chars().next().unwrap_or(' ')),
        }
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

/// How the tabs line writes the tabs: whole titles, short ones, initials (the widest that fits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BarForm {
    Full,
    Short,
    Initials,
}

impl BarForm {
    /// Columns between one tab and the next.
    pub fn gap(self) -> u16 {
        if self == Self::Initials { 1 } else { 2 }
    }
}

/// The tabs line at a width, said once for the screen and the mouse: the form that fits and
/// where each tab starts, with its label's width. `firing` alarms add " (n)" after Alarms.
pub fn bar(firing: usize, width: u16) -> (BarForm, Vec<(Tab, u16, u16)>) {
    let layout = |form: BarForm| {
        let mut x = 1u16;
        let mut at = Vec::new();
        for tab in Tab::ALL {
            let label = u16::try_from(tab.label(form).chars().count()).unwrap_or(u16::MAX);
            at.push((tab, x, label));
            let badge = if tab == Tab::Alarms && firing > 0 { firing.to_string().len() + 3 } else { 0 };
            x = x.saturating_add(label).saturating_add(u16::try_from(badge).unwrap_or(0)).saturating_add(form.gap());
        }
        (x, at)
    };
    for form in [BarForm::Full, BarForm::Short] {
        let (end, at) = layout(form);
        if end <= width {
            return (form, at);
        }
    }
    (BarForm::Initials, layout(BarForm::Initials).1)
}

/// One `T` per tab, indexed by `Tab`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PerTab<T>([T; 7]);

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
        assert_eq!(per.iter().map(|(_, v)| *v).collect::<Vec<_>>(), [0, 1, 0, 0, 0, 5, 0]);
        assert_eq!(Tab::Overview.prev(), Tab::Timeline);
        assert_eq!(Tab::Alarms.next(), Tab::Timeline);
        assert_eq!(Tab::Timeline.next(), Tab::Overview);
        assert_eq!((Tab::Overview.digit(), Tab::Fleet.digit(), Tab::Timeline.digit()), (0, 1, 6));
        assert_eq!(Tab::named("timeline"), Some(Tab::Timeline));
    }

    #[test]
    fn the_tabs_line_takes_the_widest_form_that_fits() {
        let (form, at) = bar(0, 120);
        assert_eq!(form, BarForm::Full);
        assert_eq!(at[0], (Tab::Overview, 1, 10));
        assert_eq!(at[1], (Tab::Fleet, 13, 7));
        assert_eq!(at[6], (Tab::Timeline, 74, 10));
        // Firing alarms push the Timeline along.
        assert_eq!(bar(12, 120).1[6], (Tab::Timeline, 79, 10));
        let (form, at) = bar(12, 80);
        assert_eq!(form, BarForm::Short);
        assert_eq!(at[3], (Tab::Performance, 30, 6));
        assert_eq!(bar(0, 40).0, BarForm::Initials);
    }
}
