//! What a Performance Insights query asks for: the window (and the period that fits it), the
//! dimension DB load is sliced by, and what the engine reports of those.

use super::ResourceKey;

/// The time window of the Performance tab.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Window {
    FiveMinutes,
    #[default]
    Hour,
    SixHours,
    Day,
    Week,
}

impl Window {
    pub const ALL: [Self; 5] = [Self::FiveMinutes, Self::Hour, Self::SixHours, Self::Day, Self::Week];

    /// How far back the window reaches.
    pub fn secs(self) -> i64 {
        match self {
            Self::FiveMinutes => 300,
            Self::Hour => 3_600,
            Self::SixHours => 6 * 3_600,
            Self::Day => 24 * 3_600,
            Self::Week => 7 * 24 * 3_600,
        }
    }

    /// The PI period (one of 1, 60, 300, 3600 s) for this window: at most 360 points.
    pub fn period_secs(self) -> i64 {
        match self {
            Self::FiveMinutes => 1,
            Self::Hour | Self::SixHours => 60,
            Self::Day => 300,
            Self::Week => 3_600,
        }
    }

    /// How many points the window holds at its period.
    pub fn points(self) -> usize {
        usize::try_from(self.secs() / self.period_secs()).unwrap_or(0)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::FiveMinutes => "5 min",
            Self::Hour => "1 h",
            Self::SixHours => "6 h",
            Self::Day => "24 h",
            Self::Week => "7 days",
        }
    }

    /// The window ending with the last whole period before `now`: what PI is asked for.
    pub fn bounds(self, now: super::Timestamp) -> (super::Timestamp, super::Timestamp) {
        let period = self.period_secs();
        let end_secs = now.timestamp().div_euclid(period) * period;
        let end = super::Timestamp::from_timestamp(end_secs, 0).unwrap_or(now);
        (end - chrono::Duration::seconds(self.secs()), end)
    }

    /// The next window, wrapping around.
    #[must_use]
    pub fn next(self) -> Self {
        let i = Self::ALL.iter().position(|w| *w == self).unwrap_or(0);
        Self::ALL[(i + 1) % Self::ALL.len()]
    }
}

/// What DB load is sliced by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Dimension {
    #[default]
    WaitEvent,
    Sql,
    Host,
    User,
    Database,
    Application,
}

impl Dimension {
    pub const ALL: [Self; 6] = [Self::WaitEvent, Self::Sql, Self::Host, Self::User, Self::Database, Self::Application];

    /// The PI dimension group.
    pub fn group(self) -> &'static str {
        match self {
            Self::WaitEvent => "db.wait_event",
            Self::Sql => "db.sql_tokenized",
            Self::Host => "db.host",
            Self::User => "db.user",
            // The database group is `db`; its name dimension is `db.name`.
            Self::Database => "db",
            Self::Application => "db.application",
        }
    }

    /// The dimension of the group that names a key.
    pub fn name_dimension(self) -> &'static str {
        match self {
            Self::WaitEvent => "db.wait_event.name",
            Self::Sql => "db.sql_tokenized.statement",
            Self::Host => "db.host.name",
            Self::User => "db.user.name",
            Self::Database => "db.name",
            Self::Application => "db.application.name",
        }
    }

    /// What the screen calls it.
    pub fn label(self) -> &'static str {
        match self {
            Self::WaitEvent => "wait event",
            Self::Sql => "SQL",
            Self::Host => "host",
            Self::User => "user",
            Self::Database => "database",
            Self::Application => "application",
        }
    }

    /// The next dimension, wrapping around.
    #[must_use]
    pub fn next(self) -> Self {
        let i = Self::ALL.iter().position(|d| *d == self).unwrap_or(0);
        Self::ALL[(i + 1) % Self::ALL.len()]
    }
}

/// The window and slice the Performance tab shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct PiView {
    pub window: Window,
    pub dimension: Dimension,
}

/// One Performance Insights question: an instance, seen through a view.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct PiQuery {
    pub instance: ResourceKey,
    pub view: PiView,
}

impl PiQuery {
    /// The default view (one hour, by wait event) of an instance.
    pub fn new(instance: ResourceKey) -> Self {
        Self { instance, view: PiView::default() }
    }
}

/// The Database Insights mode of an instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum InsightsMode {
    Standard,
    Advanced,
}

/// What an engine reports, from `GetResourceMetadata` and `ListAvailableResourceDimensions`.
/// The default (nothing known) offers everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Capabilities {
    pub mode: Option<InsightsMode>,
    /// Dimensions this instance does not report, each with why.
    pub missing: Vec<(Dimension, String)>,
    /// Why per-statement statistics are not there, when they are not.
    pub no_sql_stats: Option<String>,
    /// Why blocking (`db.blocking_sql`) is not there, when it is not.
    pub no_blocking: Option<String>,
    /// Why execution plans (`db.execution_plan`) are not there, when they are not.
    #[serde(default)]
    pub no_plans: Option<String>,
    /// Whether the engine takes lock snapshots (`db.lock_snapshot`, Aurora PostgreSQL).
    #[serde(default)]
    pub lock_snapshots: bool,
}

impl Capabilities {
    /// Why a dimension is not offered, or `None` when it is.
    pub fn why_not(&self, dimension: Dimension) -> Option<&str> {
        self.missing.iter().find(|(d, _)| *d == dimension).map(|(_, why)| why.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_keep_their_points_bounded() {
        for window in Window::ALL {
            assert!((60..=360).contains(&window.points()), "{window:?}: {}", window.points());
            assert!([1, 60, 300, 3600].contains(&window.period_secs()));
        }
        assert_eq!(Window::Week.next(), Window::FiveMinutes);
        assert_eq!(Window::default().label(), "1 h");
    }

    #[test]
    fn dimensions_cycle_through_all_six() {
        let mut d = Dimension::default();
        let mut seen = Vec::new();
        for _ in 0..6 {
            seen.push(d.group());
            d = d.next();
        }
        assert_eq!(seen, ["db.wait_event", "db.sql_tokenized", "db.host", "db.user", "db", "db.application"]);
        assert_eq!(d, Dimension::WaitEvent);
    }
}
