//! A snapshot as the journal keeps it: what it was taken of, how long it takes, and how it
//! looks at any time after it was asked for.
//!
//! A record rides in an `Action` (see `interventions`), and `snapshots` writes records as
//! actions; with the record apart from both, the journal needs nothing of `snapshots` and the
//! checks and journal lookups there can build on the journal.

use crate::cloud::model::{DbSnapshot, SnapshotKind, Timestamp};

/// What a snapshot was taken of.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Origin {
    Instance(usize),
    Cluster(usize),
    /// A copy of the snapshot `id` in `region`.
    Copy {
        region: String,
        id: String,
    },
}

/// One snapshot as the journal keeps it; it is described from this and the time since.
#[derive(Debug, Clone)]
pub(super) struct SnapshotRecord {
    pub region: String,
    /// Lower case, as RDS stores identifiers.
    pub id: String,
    pub kind: SnapshotKind,
    pub origin: Origin,
    /// Virtual seconds from the request to `available`.
    pub takes: f64,
    pub encrypted: bool,
    pub storage_gib: u32,
}

impl SnapshotRecord {
    /// How the snapshot looks `elapsed` seconds after it was asked for, made at `made`.
    pub fn describe(&self, elapsed: f64, made: Timestamp) -> DbSnapshot {
        let cross_region = matches!(&self.origin, Origin::Copy { region, .. } if *region != self.region);
        let (status, progress) = if elapsed >= self.takes {
            ("available", 100)
        } else {
            let busy = if cross_region { "copying" } else { "creating" };
            (busy, (100.0 * elapsed.max(0.0) / self.takes).floor().min(99.0) as u8)
        };
        DbSnapshot {
            id: self.id.clone(),
            kind: self.kind,
            status: status.to_owned(),
            progress_percent: Some(progress),
            created: Some(made),
        }
    }
}
