//! What a scope's Fleet rows keep between rebuilds that no metric moves: each instance's facts
//! and the posture rules that read no metrics, judged once per fleet snapshot, and carried to
//! the next snapshot for the instances that did not change.

use std::sync::Arc;

use crate::cloud::model::{DbCluster, DbFleet, DbInstance, IdMap, Scope, Timestamp};
use crate::posture::Posture;
use crate::posture::db::DbContext;
use crate::posture::scope::members;

use super::FleetFacts;

/// What a resource's rows share while it and what its scope's alarms watch stay the same: its
/// facts, and the posture rules that read no metrics (see `DbContext::instance_fixed`).
#[derive(Debug, Clone)]
pub(super) struct Fixed {
    pub(super) facts: Arc<FleetFacts>,
    pub(super) posture: Posture,
}

/// What the rows of a scope share while its fleet and what its alarms watch stay the same: a metrics poll
/// then judges only the health rules, and copies no name. Kept with them, since it lasts as
/// long: the order of the scope's standalone instances. A next fleet snapshot under the same
/// alarms starts from what it `renewed`.
#[derive(Debug, Clone, Default)]
pub struct FixedPostures {
    /// Each instance's, at its place in the fleet snapshot.
    instances: Vec<Fixed>,
    clusters: IdMap<Fixed>,
    /// Every instance of the fleet has its entry in `instances`.
    judged: bool,
    /// The indices of the fleet's instances that are in no cluster, by id.
    standalone: Vec<usize>,
    /// The instances `instances` were judged on, and when: what the next snapshot's
    /// instances that did not change take theirs from (see `renewed`).
    judged_on: Option<(Arc<Vec<DbInstance>>, Timestamp)>,
}

impl FixedPostures {
    /// What is kept for the scope's next fleet snapshot under the same alarms and judging: the
    /// instances' postures, each reused by the same instance if it did not change and the
    /// clock does not change what its rules find (`DbContext::clocked`). A minute at ten
    /// thousand instances changes a few of them (a backup window opening, a status).
    #[must_use]
    pub fn renewed(self) -> Self {
        Self { instances: self.instances, judged_on: self.judged_on, ..Self::default() }
    }

    /// Judges the fixed posture of each instance of `data`, and orders them by id (once per
    /// fleet snapshot).
    pub(super) fn judge(&mut self, scope: &Scope, ctx: &DbContext<'_>, data: &DbFleet) {
        if self.judged {
            return;
        }
        let mut by_id: Vec<usize> = (0..data.instances.len()).collect();
        by_id.sort_by(|&a, &b| data.instances[a].id.cmp(&data.instances[b].id));
        let mut rank = vec![0; by_id.len()];
        for (r, &i) in by_id.iter().enumerate() {
            rank[i] = r as u32;
        }
        let before = Before::new(self.judged_on.take(), std::mem::take(&mut self.instances), data);
        self.instances = (data.instances.iter().enumerate().zip(rank))
            .map(|(db, rank)| {
                let kept = before.as_ref().and_then(|before| before.kept(ctx, db, rank));
                kept.unwrap_or_else(|| Self::fixed(scope, ctx, db.1, rank))
            })
            .collect();
        by_id.retain(|&i| !data.instances[i].role.is_cluster_member());
        self.standalone = by_id;
        self.judged_on = Some((Arc::clone(&data.instances), ctx.policy.now));
        self.judged = true;
    }

    fn fixed(scope: &Scope, ctx: &DbContext<'_>, db: &DbInstance, name_rank: u32) -> Fixed {
        Fixed { facts: Arc::new(FleetFacts::instance(scope, db, name_rank)), posture: ctx.instance_fixed(db) }
    }

    /// The places of the fleet's instances that are in no cluster, by id (`judge` first).
    pub(super) fn standalone(&self) -> &[usize] {
        &self.standalone
    }

    /// The facts and fixed posture, unsorted, of the instance at place `at` of the fleet
    /// (judged by `judge` first; judged now, last by id, if not).
    pub(super) fn instance(&self, scope: &Scope, ctx: &DbContext<'_>, (at, db): (usize, &DbInstance)) -> Fixed {
        self.instances.get(at).cloned().unwrap_or_else(|| Self::fixed(scope, ctx, db, u32::MAX))
    }

    /// The cluster's facts and posture (no rule on it reads metrics), judged now when not kept.
    pub(super) fn cluster<'d>(
        &mut self,
        (scope, ctx): (&Scope, &DbContext<'_>),
        cluster: &DbCluster,
        find: impl Fn(&str) -> Option<&'d DbInstance>,
    ) -> Fixed {
        if let Some(kept) = self.clusters.get(&cluster.id) {
            return kept.clone();
        }
        let fixed = Fixed {
            facts: Arc::new(FleetFacts::cluster(scope, cluster)),
            posture: ctx.cluster(cluster, &members(cluster, find)),
        };
        self.clusters.insert(cluster.id.clone(), fixed.clone());
        fixed
    }
}

/// The postures of a scope's previous fleet snapshot, for its next one's unchanged instances.
struct Before {
    instances: Arc<Vec<DbInstance>>,
    then: Timestamp,
    fixed: Vec<Fixed>,
    /// Where each previous instance was, by id, when the snapshots do not list them in the
    /// same order.
    moved: Option<std::collections::HashMap<String, usize>>,
}

impl Before {
    fn new(judged_on: Option<(Arc<Vec<DbInstance>>, Timestamp)>, fixed: Vec<Fixed>, data: &DbFleet) -> Option<Self> {
        let (instances, then) = judged_on.filter(|(instances, _)| instances.len() == fixed.len())?;
        let same_order = instances.len() == data.instances.len()
            && instances.iter().zip(data.instances.iter()).all(|(a, b)| a.id == b.id);
        let moved = (!same_order).then(|| instances.iter().enumerate().map(|(at, db)| (db.id.clone(), at)).collect());
        Some(Self { instances, then, fixed, moved })
    }

    /// The previous fixed posture of the instance at place `at`, if it stands as it was.
    fn kept(&self, ctx: &DbContext<'_>, (at, db): (usize, &DbInstance), rank: u32) -> Option<Fixed> {
        let was = match &self.moved {
            None => at,
            Some(places) => *places.get(&db.id)?,
        };
        let fixed = self.fixed.get(was)?;
        let same = self.instances.get(was) == Some(db) && fixed.facts.name_rank == rank;
        (same && ctx.clocked(db, self.then) == ctx.clocked(db, ctx.policy.now)).then(|| fixed.clone())
    }
}
