//! DB and cluster snapshots, as a runbook follows one from creating to available.

use super::Timestamp;

/// Whether a snapshot is of a DB instance or of an Aurora cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum SnapshotKind {
    Instance,
    Cluster,
}

/// A manual DB (or cluster) snapshot as RDS reports it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DbSnapshot {
    pub id: String,
    pub kind: SnapshotKind,
    /// `creating`, `available`, `copying`, `failed`, …
    pub status: String,
    /// `PercentProgress`, 0–100.
    pub progress_percent: Option<u8>,
    pub created: Option<Timestamp>,
}

impl DbSnapshot {
    pub fn is_available(&self) -> bool {
        self.status == "available"
    }
}
