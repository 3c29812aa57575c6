//! The RDS events the simulated fleet reports (`DescribeEvents`): daily backups, the az-outage
//! scenario's failovers, shutdowns and restarts, black-friday's connection surges, and what
//! runbooks did (snapshots, forced failovers, Aurora failovers, promotions), each at the
//! virtual time it happened, so that the same run gives the same events.
//!
//! Like everything else here it is a function of the world and the time: the events of the
//! last day up to `now` (never before an hour ahead of the start), newest `EVENTS_KEPT`.

use chrono::Duration;

use crate::cloud::model::{DbEvent, EVENTS_KEPT, EventSource, Timestamp};

use super::config::Scenario;
use super::interventions::Action;
use super::names::db_arn;
use super::noise::secs_of;
use super::scenario::{
    BACKUP_MINUTES, CLUSTER_FAILOVER_END, FAILOVER_END, OUTAGE_START, OutageRole, REBOOT_END, STRANDED_END, SURGE_RAMP,
};
use super::snapshot_record::Origin;
use super::world::World;

/// How many times over, and to at least how many, connections grow by black-friday's peak for
/// the instance to report it.
const SURGE_GROWTH: f64 = 3.0;
const SURGE_CONNECTIONS: f64 = 100.0;

/// Events as they are found, then kept in their window.
struct Found<'a> {
    world: &'a World,
    region: &'a str,
    from: Timestamp,
    now: Timestamp,
    events: Vec<DbEvent>,
}

impl Found<'_> {
    fn at(&self, tau: f64) -> Timestamp {
        self.world.t0 + Duration::milliseconds((tau * 1000.0).round() as i64)
    }

    fn push(&mut self, when: Timestamp, source: (EventSource, usize), category: &str, message: String) {
        if when < self.from || when > self.now {
            return;
        }
        let (source_id, arn) = match source {
            (EventSource::Instance, idx) => {
                let base = &self.world.dbs[idx].base;
                if base.region != self.region {
                    return;
                }
                let id = self.world.db_id(idx);
                let arn = db_arn(&base.region, &id);
                (id, Some(arn))
            }
            (EventSource::Cluster, c) => {
                let base = &self.world.clusters[c].base;
                if base.region != self.region {
                    return;
                }
                (base.id.clone(), None)
            }
        };
        let (source, categories) = (source.0, vec![category.to_owned()]);
        self.events.push(DbEvent { at: when, source, source_id, categories, message, arn });
    }

    fn instance(&mut self, tau: f64, idx: usize, category: &str, message: &str) {
        let when = self.at(tau);
        self.push(when, (EventSource::Instance, idx), category, message.to_owned());
    }

    fn cluster(&mut self, tau: f64, c: usize, category: &str, message: String) {
        let when = self.at(tau);
        self.push(when, (EventSource::Cluster, c), category, message);
    }

    /// Each instance's daily backup, started and finished.
    fn backups(&mut self, dbs: &[usize]) {
        let (first_day, last_day) = (secs_of(self.from) as i64 / 86_400, secs_of(self.now) as i64 / 86_400);
        for &idx in dbs {
            let spec = &self.world.dbs[idx];
            let Some(minute) = spec.backup_minute.filter(|_| !spec.stopped) else { continue };
            for day in first_day..=last_day {
                let start = day * 86_400 + i64::from(minute) * 60;
                let end = start + i64::from(BACKUP_MINUTES) * 60;
                for (secs, message) in [(start, "Backing up DB instance"), (end, "Finished DB Instance backup")] {
                    let when = Timestamp::from_timestamp(secs, 0).unwrap_or(self.now);
                    self.push(when, (EventSource::Instance, idx), "backup", message.to_owned());
                }
            }
        }
    }

    /// The az-outage: Multi-AZ instances fail over and restart, the others in the AZ shut
    /// down until it is back, and Aurora promotes a reader outside it.
    fn outage(&mut self, dbs: &[usize], clusters: &[usize]) {
        for &idx in dbs {
            match self.world.outage_role(idx) {
                Some(OutageRole::FailsOver) => {
                    self.instance(OUTAGE_START, idx, "failover", "Multi-AZ instance failover started.");
                    self.instance(FAILOVER_END, idx, "failover", "Multi-AZ instance failover completed.");
                    self.instance(REBOOT_END, idx, "availability", "DB instance restarted");
                }
                Some(OutageRole::Stranded) => {
                    self.instance(OUTAGE_START, idx, "availability", "DB instance shutdown");
                    self.instance(STRANDED_END, idx, "availability", "DB instance restarted");
                }
                None => {}
            }
        }
        for &c in clusters {
            if let Some(to) = self.world.outage_promotion(c) {
                let id = &self.world.dbs[to].base.id;
                let (started, completed) = (
                    format!("Started cross AZ failover to DB instance: {id}"),
                    format!("Completed failover to DB instance: {id}"),
                );
                self.cluster(OUTAGE_START, c, "failover", started);
                self.cluster(CLUSTER_FAILOVER_END, c, "failover", completed);
            }
        }
    }

    /// Black Friday: the busy instances whose connections grew several times over by the
    /// surge's peak.
    fn surge(&mut self, dbs: &[usize]) {
        let (start, peak) =
            (self.world.moment(self.world.t0_secs()), self.world.moment(self.world.t0_secs() + SURGE_RAMP));
        for &idx in dbs {
            let limit = self.world.profile_at(idx, SURGE_RAMP).max_conns;
            let before = self.world.db_sample(idx, &start).connections;
            let connections = self.world.db_sample(idx, &peak).connections;
            if connections >= SURGE_CONNECTIONS && connections >= SURGE_GROWTH * before.max(1.0) {
                let message = format!(
                    "The number of connections grew from {before:.0} to {connections:.0} in {} minutes \
                     (max_connections {limit:.0})",
                    SURGE_RAMP / 60.0
                );
                let when = self.at(SURGE_RAMP);
                self.push(when, (EventSource::Instance, idx), "notification", message);
            }
        }
    }

    /// What runbooks did, from the journal.
    fn interventions(&mut self) {
        let tau_now = secs_of(self.now) - self.world.t0_secs();
        let actions = self.world.journal.find(tau_now, |at, action| Some((at, action.clone())));
        for (at, action) in actions {
            match action {
                Action::Snapshot(record) => match record.origin {
                    Origin::Instance(idx) => {
                        self.instance(at, idx, "backup", "Backing up DB instance");
                        self.instance(at + record.takes, idx, "backup", "Finished DB Instance backup");
                    }
                    Origin::Cluster(c) => {
                        self.cluster(at, c, "backup", "Backing up DB cluster".to_owned());
                        self.cluster(at + record.takes, c, "backup", "Finished DB cluster backup".to_owned());
                    }
                    Origin::Copy { .. } => {}
                },
                Action::Reboot { db, takes } => {
                    self.instance(at, db, "failover", "Multi-AZ instance failover started.");
                    self.instance(at + takes, db, "failover", "Multi-AZ instance failover completed.");
                    self.instance(at + takes, db, "availability", "DB instance restarted");
                }
                Action::Failover { cluster, to, takes, .. } => {
                    let id = self.world.db_id(to);
                    self.cluster(at, cluster, "failover", format!("Started cross AZ failover to DB instance: {id}"));
                    self.cluster(at + takes, cluster, "failover", format!("Completed failover to DB instance: {id}"));
                }
                Action::Promote { db, takes } => {
                    self.instance(at, db, "read replica", "Promoting the read replica to a standalone DB instance");
                    self.instance(
                        at + takes,
                        db,
                        "read replica",
                        "The read replica was promoted to a standalone DB instance",
                    );
                }
                Action::AddMember { slot, class, takes, .. } => {
                    self.instance(at, slot, "creation", "DB instance created");
                    let id = self.world.db_id(slot);
                    let c = self.world.dbs[slot].cluster.unwrap_or_default();
                    self.cluster(
                        at + takes,
                        c,
                        "notification",
                        format!("Added DB instance {id} ({class}) to the DB cluster"),
                    );
                }
                Action::Resize { db, class, takes, down, multi_az } => {
                    let applying = format!("Applying modification to database instance class {class}");
                    self.instance(at, db, "configuration change", &applying);
                    if multi_az {
                        self.instance(at + takes - down, db, "failover", "Multi-AZ instance failover started.");
                        self.instance(at + takes, db, "failover", "Multi-AZ instance failover completed.");
                    }
                    let done = format!("Finished applying modification to DB instance class {class}");
                    self.instance(at + takes, db, "configuration change", &done);
                }
                // Capacity is the groups', and a Performance Insights report or an alarm's
                // actions are no RDS event.
                Action::Capacity { .. }
                | Action::Schedule { .. }
                | Action::Unschedule { .. }
                | Action::AnalysisReport { .. }
                | Action::AlarmActions { .. } => {}
            }
        }
    }
}

impl World {
    /// The RDS events of one region up to `now`, oldest first.
    pub fn db_events(&self, region: &str, now: Timestamp) -> Vec<DbEvent> {
        let Some(r) = self.region(region) else { return Vec::new() };
        let from = (now - Duration::days(1)).max(self.t0 - Duration::hours(1));
        let mut found = Found { world: self, region, from, now, events: Vec::new() };
        found.backups(&r.dbs);
        match self.scenario {
            Scenario::AzOutage => found.outage(&r.dbs, &r.clusters),
            Scenario::BlackFriday => found.surge(&r.dbs),
            _ => {}
        }
        found.interventions();
        let mut events = found.events;
        events.sort_by_key(|e| e.at);
        let extra = events.len().saturating_sub(EVENTS_KEPT);
        events.drain(..extra);
        events
    }
}
