//! Performance Insights: one instance's DB load over a window, sliced by one dimension, with
//! the heaviest statements (and their statistics) and the heaviest keys of that dimension.

use super::pi_view::{Capabilities, PiView};
use super::plans::SqlPlans;
use super::{ResourceKey, Timestamp};

/// One sample of DB load (average active sessions) split by the keys of the sliced dimension.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LoadSample {
    pub at: Timestamp,
    pub slices: Vec<(String, f64)>,
}

impl LoadSample {
    pub fn total(&self) -> f64 {
        self.slices.iter().map(|(_, v)| v).sum()
    }
}

/// Per-statement statistics, where the engine reports them (`None`: not reported).
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SqlStats {
    pub calls_per_sec: Option<f64>,
    pub rows_per_call: Option<f64>,
    /// Average latency of one call, in milliseconds.
    pub latency_ms: Option<f64>,
}

/// One statement (digest) in the Performance Insights top-SQL list.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SqlLoad {
    /// The statement's digest id (`db.sql_tokenized.id`).
    pub id: String,
    pub statement: String,
    /// Average active sessions attributed to the statement.
    pub load: f64,
    pub top_wait: Option<String>,
    pub stats: SqlStats,
}

/// Load attributed to one key of the sliced dimension (a wait event, a host, a user…).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct KeyLoad {
    pub name: String,
    pub load: f64,
}

/// Performance Insights data for one instance over one window, sliced one way.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Performance {
    pub instance: ResourceKey,
    /// The window and dimension this answers.
    pub view: PiView,
    /// What this engine reports.
    pub capabilities: Capabilities,
    pub max_vcpu: Option<f64>,
    pub load: Vec<LoadSample>,
    /// Heaviest first.
    pub top_sql: Vec<SqlLoad>,
    /// Heaviest first, keys of `view.dimension`.
    pub top_keys: Vec<KeyLoad>,
}

impl Performance {
    /// The share (0–1) of the total top-SQL load a statement accounts for.
    pub fn share(&self, sql: &SqlLoad) -> Option<f64> {
        let total: f64 = self.top_sql.iter().map(|s| s.load).sum();
        (total > 0.0).then(|| sql.load / total)
    }
}

/// One statement in full: its whole text, its own load and its plans over the window.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SqlDetail {
    pub instance: ResourceKey,
    pub id: String,
    /// The full text (`db.sql.statement`), or the truncated digest text when PI has no more.
    pub statement: Option<String>,
    /// Average active sessions of this statement, per period of the window.
    pub load: Vec<(Timestamp, f64)>,
    /// Its execution plans over the window, where the engine reports them.
    #[serde(default)]
    pub plans: SqlPlans,
}
