//! What new fleet snapshots changed since the fleets failover readiness was last judged on,
//! and whether a judgement holds on them (see `ReadinessCache::refresh`).

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::cloud::model::{DbFleet, DbInstance, DbRole, ResourceKey, Scope, replica_source};
use crate::feed::Feeds;
use crate::runbook::readiness::Judged;

/// What new fleet snapshots changed since the fleets last judged on: the instances and
/// clusters that differ, came or went, and the sources whose replicas did.
pub(super) struct Changes {
    resources: HashSet<ResourceKey>,
    /// As (region, id), as a replica names its source.
    sources: HashSet<(String, String)>,
}

impl Changes {
    /// None when a scope came, went, or has a fleet now and had none then (or the reverse):
    /// then everything is judged again.
    pub(super) fn since(judged_on: &BTreeMap<Scope, Option<DbFleet>>, fleet: &Feeds<DbFleet>) -> Option<Self> {
        if judged_on.len() != fleet.iter().count() {
            return None;
        }
        let mut changes = Self { resources: HashSet::new(), sources: HashSet::new() };
        for (scope, feed) in fleet.iter() {
            match (judged_on.get(scope)?, feed.data()) {
                (None, None) => {}
                (Some(before), Some(now)) => changes.add(scope, before, now),
                _ => return None,
            }
        }
        Some(changes)
    }

    fn add(&mut self, scope: &Scope, before: &DbFleet, now: &DbFleet) {
        let (was, is) = (&before.instances, &now.instances);
        // The very instances judged on changed nothing.
        if std::sync::Arc::ptr_eq(was, is) {
        } else if was.len() == is.len() && was.iter().zip(is.iter()).all(|(a, b)| a.id == b.id) {
            for (a, b) in was.iter().zip(is.iter()).filter(|(a, b)| a != b) {
                self.instance(scope, a);
                self.instance(scope, b);
            }
        } else {
            let (was, is) = (by_id(was, |db| &db.id), by_id(is, |db| &db.id));
            for (one, other) in [(&was, &is), (&is, &was)] {
                for (id, db) in one {
                    if other.get(id) != Some(db) {
                        self.instance(scope, db);
                    }
                }
            }
        }
        let (was, is) = (by_id(&before.clusters, |c| &c.id), by_id(&now.clusters, |c| &c.id));
        for id in was.keys().chain(is.keys()) {
            if was.get(id) != is.get(id) {
                self.resources.insert(ResourceKey::new(scope.clone(), *id));
            }
        }
    }

    /// An instance as it was or is now, where the two differ.
    fn instance(&mut self, scope: &Scope, db: &DbInstance) {
        self.resources.insert(ResourceKey::new(scope.clone(), db.id.clone()));
        if let DbRole::Replica { source } = &db.role {
            let (region, id) = replica_source(source, &db.region);
            self.sources.insert((region.to_owned(), id.to_owned()));
        }
    }

    /// Whether a judgement stands on the new fleets: it read neither metrics nor the clock,
    /// nor every instance, nor anything that changed.
    pub(super) fn holds(&self, judged: &Judged) -> bool {
        let read = &judged.read;
        !judged.moving
            && !read.every
            && !read.resources.iter().any(|key| self.resources.contains(key))
            && !read.replicas_of.iter().any(|source| self.sources.contains(source))
    }
}

fn by_id<'a, T>(items: &'a [T], id: impl Fn(&'a T) -> &'a String) -> HashMap<&'a str, &'a T> {
    items.iter().map(|item| (id(item).as_str(), item)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::stamped;
    use crate::runbook::fixtures::{at, db, east};
    use crate::runbook::fleet::FleetReads;
    use crate::runbook::plan::RunbookKind;
    use crate::runbook::readiness::Readiness;

    fn fleets(east_dbs: Vec<DbInstance>, west_dbs: Vec<DbInstance>) -> Feeds<DbFleet> {
        let mut feeds = Feeds::default();
        feeds.apply(east(), stamped(Ok(DbFleet::new(east_dbs, Vec::new())), at()));
        feeds.apply(Scope::region("us-west-2"), stamped(Ok(DbFleet::new(west_dbs, Vec::new())), at()));
        feeds
    }

    fn judged(read: FleetReads, moving: bool) -> Judged {
        let target = ResourceKey::new(east(), "main");
        Judged {
            cluster: false,
            readiness: Readiness { target, runbook: RunbookKind::Promote, failed: Vec::new() },
            moving,
            read,
        }
    }

    #[test]
    fn a_judgement_holds_while_nothing_it_read_changed() {
        let (main, other) = (db("main", "us-east-1", DbRole::Primary), db("other", "us-east-1", DbRole::Primary));
        let source = "arn:aws:rds:us-east-1:123456789012:db:main".to_owned();
        let dr = db("main-dr", "us-west-2", DbRole::Replica { source });
        let before = fleets(vec![main.clone(), other.clone()], vec![dr.clone()]);
        let judged_on = before.iter().map(|(scope, feed)| (scope.clone(), feed.data().cloned())).collect();
        // The DR replica's KMS key changed, and nothing else.
        let mut moved = dr.clone();
        moved.kms_key_id = None;
        let changes = Changes::since(&judged_on, &fleets(vec![main, other], vec![moved])).expect("the same scopes");

        let read = |resources: &[(&str, &str)], replicas_of: &[(&str, &str)], every| FleetReads {
            resources: resources.iter().map(|(region, id)| ResourceKey::new(Scope::region(*region), *id)).collect(),
            replicas_of: replicas_of.iter().map(|(r, id)| ((*r).to_owned(), (*id).to_owned())).collect(),
            every,
        };
        let holds = |read: FleetReads, moving| changes.holds(&judged(read, moving));
        assert!(holds(read(&[("us-east-1", "main"), ("us-east-1", "other")], &[], false), false));
        assert!(!holds(read(&[("us-west-2", "main-dr")], &[], false), false), "read the replica that changed");
        assert!(!holds(read(&[("us-east-1", "main")], &[("us-east-1", "main")], false), false), "its replicas changed");
        assert!(holds(read(&[], &[("us-east-1", "other")], false), false), "other's replicas did not");
        assert!(!holds(read(&[], &[], true), false), "read every instance");
        assert!(!holds(read(&[], &[], false), true), "read metrics or the clock");

        // A region with no fleet before, or gone: everything is judged again.
        let mut one = Feeds::default();
        one.apply(east(), stamped(Ok(DbFleet::default()), at()));
        assert!(Changes::since(&judged_on, &one).is_none());
    }
}
