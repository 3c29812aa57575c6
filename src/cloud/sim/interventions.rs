//! The journal of what runbooks did to the simulated fleet: every write the simulator accepts
//! becomes an intervention stamped with the virtual time it was made.
//!
//! The world stays a pure function of (seed, resource, virtual time); evaluating it at a moment
//! applies the interventions made at or before that moment. Virtual time only moves forward,
//! so an intervention never rewrites a past a screen has already shown, and the same operations
//! at the same virtual times give the same data.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use super::snapshot_record::SnapshotRecord;

/// One accepted write and when it was made.
#[derive(Debug, Clone)]
pub(super) struct Intervention {
    /// Virtual seconds since the simulator started (the scenarios' `tau`).
    pub at: f64,
    pub action: Action,
}

/// What a write asked for, resolved to the world's indices; durations are virtual seconds.
#[derive(Debug, Clone)]
pub(super) enum Action {
    /// `UpdateAutoScalingGroup` with a new `MaxSize`, or `SetDesiredCapacity`.
    Capacity { group: usize, desired: Option<u32>, max: Option<u32> },
    /// `CreateDBSnapshot`, `CreateDBClusterSnapshot` or `CopyDBSnapshot`.
    Snapshot(SnapshotRecord),
    /// `RebootDBInstance` with `ForceFailover`: down for `takes`, then up in the standby's AZ.
    Reboot { db: usize, takes: f64 },
    /// `FailoverDBCluster`: the writer `from` hands over to the reader `to` after `takes`.
    Failover { cluster: usize, from: usize, to: usize, takes: f64 },
    /// `PromoteReadReplica`: `modifying` for `takes`, then a standalone primary.
    Promote { db: usize, takes: f64 },
    /// `PutScheduledUpdateGroupAction`: waits for its start (see `scheduled`).
    Schedule { group: usize, action: Scheduled },
    /// `DeleteScheduledAction` of a waiting action.
    Unschedule { group: usize, name: String },
    /// `DisableAlarmActions` (`enabled` false) or `EnableAlarmActions` of these alarms.
    AlarmActions { alarms: Vec<usize>, enabled: bool },
    /// `CreatePerformanceAnalysisReport` of an instance over a window.
    AnalysisReport { db: usize, start: crate::cloud::model::Timestamp, end: crate::cloud::model::Timestamp },
    /// `CreateDBInstance` into cluster `cluster`: its spare slot `slot` becomes the member `id`,
    /// `creating` for `takes`.
    AddMember { cluster: usize, slot: usize, id: String, class: String, az: String, takes: f64 },
    /// `ModifyDBInstance` to `class`: `modifying` for `takes`; a Multi-AZ instance is down for
    /// the last `down` of it (the failover to the modified standby).
    Resize { db: usize, class: String, takes: f64, down: f64, multi_az: bool },
}

/// A scheduled action as the journal holds it: its start in virtual seconds (tau).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Scheduled {
    pub name: String,
    pub start: i64,
    pub min: Option<u32>,
    pub desired: Option<u32>,
    pub max: Option<u32>,
}

/// When an operation on a resource started and when its effect is complete.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Window {
    pub start: f64,
    pub end: f64,
}

impl Window {
    pub fn new(start: f64, takes: f64) -> Self {
        Self { start, end: start + takes }
    }

    pub fn covers(self, tau: f64) -> bool {
        (self.start..self.end).contains(&tau)
    }

    pub fn done(self, tau: f64) -> bool {
        tau >= self.end
    }
}

/// The interventions, in the order they were made.
#[derive(Debug, Default)]
pub(super) struct Journal {
    entries: Mutex<Vec<Intervention>>,
    /// The number of entries, readable without the lock: most evaluations find none at all.
    len: AtomicUsize,
    /// Held from checking a write to recording it, so two concurrent writes cannot both pass a
    /// check only one of them may pass (two snapshots with one identifier, say).
    writes: Mutex<()>,
}

impl Journal {
    /// Serialises writers; evaluations do not take this lock, so checks may read the world.
    pub fn lock_writes(&self) -> MutexGuard<'_, ()> {
        self.writes.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// How many interventions were made: a version of the world, for caches of what it showed.
    pub fn count(&self) -> usize {
        self.len.load(Ordering::Acquire)
    }

    /// Appends an intervention and returns its ordinal (0 for the first).
    pub fn record(&self, at: f64, action: Action) -> usize {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries.push(Intervention { at, action });
        self.len.store(entries.len(), Ordering::Release);
        entries.len() - 1
    }

    /// What `pick` takes from the interventions made at or before `tau`, oldest first.
    pub fn find<T>(&self, tau: f64, mut pick: impl FnMut(f64, &Action) -> Option<T>) -> Vec<T> {
        if self.len.load(Ordering::Acquire) == 0 {
            return Vec::new();
        }
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries.iter().take_while(|i| i.at <= tau).filter_map(|i| pick(i.at, &i.action)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_only_what_was_made_by_then() {
        let journal = Journal::default();
        assert!(journal.find(1e9, |at, _| Some(at)).is_empty());
        assert_eq!(journal.record(10.0, Action::Reboot { db: 1, takes: 60.0 }), 0);
        assert_eq!(journal.record(20.0, Action::Promote { db: 2, takes: 90.0 }), 1);
        let reboots = |tau| journal.find(tau, |at, a| matches!(a, Action::Reboot { .. }).then_some(at));
        assert!(reboots(9.9).is_empty());
        assert_eq!(reboots(10.0), vec![10.0]);
        assert_eq!(journal.find(30.0, |at, _| Some(at)), vec![10.0, 20.0]);
        let window = Window::new(10.0, 60.0);
        assert!(window.covers(10.0) && window.covers(69.9) && !window.covers(70.0) && window.done(70.0));
    }
}
