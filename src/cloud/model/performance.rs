//! Performance Insights: one instance's DB load over the last hour, split by wait event,
//! with the heaviest statements and waits.

use super::{ResourceKey, Timestamp};

/// One sample of DB load (average active sessions) split by wait event.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LoadSample {
    pub at: Timestamp,
    pub by_wait: Vec<(String, f64)>,
}

impl LoadSample {
    pub fn total(&self) -> f64 {
        self.by_wait.iter().map(|(_, v)| v).sum()
    }
}

/// One statement in the Performance Insights top-SQL list.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SqlLoad {
    /// The statement's digest id.
    pub id: String,
    pub statement: String,
    /// Average active sessions attributed to the statement.
    pub load: f64,
    pub top_wait: Option<String>,
}

/// Load attributed to one wait event.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct WaitLoad {
    pub event: String,
    pub load: f64,
}

/// Performance Insights data for one instance over the last hour.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Performance {
    pub instance: ResourceKey,
    pub max_vcpu: Option<f64>,
    pub load: Vec<LoadSample>,
    /// Heaviest first.
    pub top_sql: Vec<SqlLoad>,
    /// Heaviest first.
    pub top_waits: Vec<WaitLoad>,
}

impl Performance {
    /// The share (0–1) of the total top-SQL load a statement accounts for.
    pub fn share(&self, sql: &SqlLoad) -> Option<f64> {
        let total: f64 = self.top_sql.iter().map(|s| s.load).sum();
        (total > 0.0).then(|| sql.load / total)
    }
}
