//! Where each DB instance of a fleet is, by id, built the first time one is looked up: the
//! runbook planners and readiness look instances up by key many times per fleet, and a scan of
//! a fleet of thousands for each was most of what judging every failover target cost.
//!
//! The index is a hint, never the truth: a hit is checked against the instance it points at,
//! and a miss falls back to a scan, so a fleet changed after the index was built (its
//! `instances` are public) is still read right. It takes no part in equality, debug output or
//! serialization.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::{DbInstance, IdHasher};

#[derive(Clone, Default)]
pub struct IdIndex(OnceLock<HashMap<Box<str>, usize, IdHasher>>);

impl IdIndex {
    /// The instance called `id` in `instances`.
    pub fn find<'a>(&self, instances: &'a [DbInstance], id: &str) -> Option<&'a DbInstance> {
        self.position(instances, id).and_then(|at| instances.get(at))
    }

    /// Where the instance called `id` is in `instances`.
    pub fn position(&self, instances: &[DbInstance], id: &str) -> Option<usize> {
        let index = self
            .0
            .get_or_init(|| instances.iter().enumerate().map(|(at, db)| (Box::from(db.id.as_str()), at)).collect());
        let hit = index.get(id).copied().filter(|&at| instances.get(at).is_some_and(|db| db.id == id));
        hit.or_else(|| instances.iter().position(|db| db.id == id))
    }
}

impl PartialEq for IdIndex {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for IdIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IdIndex")
    }
}
