//! What the pollers fetched: one feed per scope for the fleet, metrics, alarms and groups,
//! Performance Insights for the instance in focus, an open alarm's history, the API meter.

use crate::cloud::model::{
    Alarm, AlarmHistoryItem, ApiUsage, DbFleet, Metrics, Performance, ResourceKey, ScalingGroup, Scope,
};
use crate::feed::{Feed, Feeds};

/// Everything fetched.
#[derive(Debug, Clone, PartialEq)]
pub struct Fetched {
    pub fleet: Feeds<DbFleet>,
    pub metrics: Feeds<Metrics>,
    pub alarms: Feeds<Vec<Alarm>>,
    pub groups: Feeds<Vec<ScalingGroup>>,
    /// Performance Insights for `focus`.
    pub performance: Feed<Performance>,
    /// The instance Performance Insights follows.
    pub focus: Option<ResourceKey>,
    /// The open alarm detail view's history.
    pub alarm_history: Option<AlarmHistory>,
    /// API calls so far, when the backend counts them (the status bar's meter).
    pub api_usage: Option<ApiUsage>,
}

impl Fetched {
    pub fn new(scopes: &[Scope]) -> Self {
        Self {
            fleet: Feeds::new(scopes),
            metrics: Feeds::new(scopes),
            alarms: Feeds::new(scopes),
            groups: Feeds::new(scopes),
            performance: Feed::Loading,
            focus: None,
            alarm_history: None,
            api_usage: None,
        }
    }
}

/// The history of the alarm whose detail view is open, fetched once when it opens.
#[derive(Debug, Clone, PartialEq)]
pub struct AlarmHistory {
    pub alarm: ResourceKey,
    pub feed: Feed<Vec<AlarmHistoryItem>>,
}
