//! The simulated fleet while it is being built: every resource in the order it was added, and
//! an index of each region's resources by id.
//!
//! The builders (`platform_db`, `platform_ops`, `generated`) add to a `Fleet` and look up what
//! they added before (a replica's source, an alarm's instance); `World::build` then takes the
//! finished vectors and index over. Keeping this apart from `World` is what lets the builders
//! sit below it: they need the index, not the journal or the evaluation.

use std::collections::HashMap;

use crate::cloud::model::DbRole;

use super::spec::{AlarmSpec, ClusterSpec, DbSpec, GroupSpec};

/// The resources of one region, in display order, and their ids.
#[derive(Debug, Default)]
pub(super) struct Region {
    pub dbs: Vec<usize>,
    pub clusters: Vec<usize>,
    pub groups: Vec<usize>,
    pub alarms: Vec<usize>,
    db_ids: HashMap<String, usize>,
    group_ids: HashMap<String, usize>,
}

/// Every region's resources, by region name.
#[derive(Debug, Default)]
pub(super) struct Regions(HashMap<String, Region>);

impl Regions {
    pub fn get(&self, region: &str) -> Option<&Region> {
        self.0.get(region)
    }

    pub fn db_index(&self, region: &str, id: &str) -> Option<usize> {
        self.get(region).and_then(|r| r.db_ids.get(id).copied())
    }

    pub fn group_index(&self, region: &str, name: &str) -> Option<usize> {
        self.get(region).and_then(|r| r.group_ids.get(name).copied())
    }

    fn entry(&mut self, region: &str) -> &mut Region {
        self.0.entry(region.to_owned()).or_default()
    }
}

/// The resources added so far; indices into these vectors are what specs refer to each other by.
#[derive(Debug, Default)]
pub(super) struct Fleet {
    pub dbs: Vec<DbSpec>,
    pub clusters: Vec<ClusterSpec>,
    pub groups: Vec<GroupSpec>,
    pub alarms: Vec<AlarmSpec>,
    pub regions: Regions,
}

impl Fleet {
    /// Adds an instance, resolving its replication source (by id, or by ARN across regions).
    pub fn add_db(&mut self, mut spec: DbSpec) -> usize {
        let idx = self.dbs.len();
        if let DbRole::Replica { source } = &spec.base.role {
            spec.source = self.resolve_source(&spec.base.region, source);
        }
        let region = self.regions.entry(&spec.base.region);
        region.dbs.push(idx);
        region.db_ids.insert(spec.base.id.clone(), idx);
        self.dbs.push(spec);
        idx
    }

    fn resolve_source(&self, region: &str, source: &str) -> Option<usize> {
        match source.strip_prefix("arn:aws:rds:") {
            Some(rest) => {
                let source_region = rest.split(':').next()?;
                let id = rest.rsplit(':').next()?;
                self.regions.db_index(source_region, id)
            }
            None => self.regions.db_index(region, source),
        }
    }

    /// Adds an instance that exists only once a runbook creates it: a cluster's spare slot,
    /// in no region's list or index.
    pub fn add_spare(&mut self, spec: DbSpec) -> usize {
        self.dbs.push(spec);
        self.dbs.len() - 1
    }

    pub fn add_cluster(&mut self, spec: ClusterSpec) -> usize {
        let idx = self.clusters.len();
        self.regions.entry(&spec.base.region).clusters.push(idx);
        self.clusters.push(spec);
        idx
    }

    pub fn add_group(&mut self, spec: GroupSpec) -> usize {
        let idx = self.groups.len();
        let region = self.regions.entry(&spec.region);
        region.groups.push(idx);
        region.group_ids.insert(spec.name.clone(), idx);
        self.groups.push(spec);
        idx
    }

    pub fn add_alarm(&mut self, spec: AlarmSpec) {
        self.regions.entry(&spec.region).alarms.push(self.alarms.len());
        self.alarms.push(spec);
    }
}
