//! The feeds the pollers keep, and how often each is polled.

use std::time::Duration;

/// The feeds, each polled by its own task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeedKind {
    Fleet,
    Metrics,
    Alarms,
    Groups,
    Performance,
    /// RDS events, fetched incrementally.
    Events,
}

impl FeedKind {
    pub const ALL: [Self; 6] =
        [Self::Fleet, Self::Metrics, Self::Alarms, Self::Groups, Self::Performance, Self::Events];

    pub fn label(self) -> &'static str {
        match self {
            Self::Fleet => "rds",
            Self::Metrics => "metrics",
            Self::Alarms => "alarms",
            Self::Groups => "asg",
            Self::Performance => "pi",
            Self::Events => "events",
        }
    }
}

/// How often each feed is polled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Intervals {
    pub fleet: Duration,
    pub metrics: Duration,
    pub alarms: Duration,
    pub groups: Duration,
    pub performance: Duration,
    pub events: Duration,
}

impl Default for Intervals {
    fn default() -> Self {
        Self {
            fleet: Duration::from_secs(30),
            metrics: Duration::from_secs(10),
            alarms: Duration::from_secs(15),
            groups: Duration::from_secs(15),
            performance: Duration::from_secs(15),
            events: Duration::from_secs(30),
        }
    }
}

impl Intervals {
    pub fn of(&self, kind: FeedKind) -> Duration {
        match kind {
            FeedKind::Fleet => self.fleet,
            FeedKind::Metrics => self.metrics,
            FeedKind::Alarms => self.alarms,
            FeedKind::Groups => self.groups,
            FeedKind::Performance => self.performance,
            FeedKind::Events => self.events,
        }
    }
}
