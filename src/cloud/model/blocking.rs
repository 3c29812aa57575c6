//! Blocking: which statements (and sessions) held what others waited for, over a window, as
//! Performance Insights reports it (`db.blocking_sql`, `db.blocking_session`,
//! `db.blocking_object`): a tree of blockers and the statements waiting on each; on Aurora
//! PostgreSQL, a lock snapshot (`db.lock_snapshot`) too.

use super::ResourceKey;
use super::pi_view::PiView;

/// A statement waiting on a blocker, with the load (AAS) it spent waiting.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Waiter {
    pub statement: String,
    pub load: f64,
}

/// One blocking statement, what it held and who waited on it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Blocker {
    /// `db.blocking_sql.id`.
    pub id: String,
    pub statement: String,
    /// The session that held it most (`db.blocking_session.id`), where reported.
    pub session: Option<String>,
    /// The object it held most (`db.blocking_object` type and value), where reported.
    pub object: Option<String>,
    /// The load (AAS) it blocked.
    pub load: f64,
    /// Heaviest first.
    pub waiters: Vec<Waiter>,
}

/// The blocking tree of one instance over a window.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Blocking {
    pub instance: ResourceKey,
    pub view: PiView,
    /// Heaviest first; empty when nothing blocked in the window.
    pub blockers: Vec<Blocker>,
    /// Why there is no tree at all: the engine does not report blocking.
    pub not_reported: Option<String>,
    /// Aurora's lock trees at the busiest second of the window's last minutes, where the
    /// engine takes lock snapshots (`db.lock_snapshot`).
    #[serde(default)]
    pub lock_snapshot: Option<LockSnapshot>,
}

/// One lock snapshot: when PI took it and the lock trees it holds, as text.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LockSnapshot {
    pub at: super::Timestamp,
    pub trees: String,
}
