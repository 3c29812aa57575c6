//! Finding events: each feed's data is compared with what the same stream held before, and the
//! differences that matter to a post-mortem become events. `Deriver` takes one entry at a time;
//! the live console feeds it the data of each poll result that brought new data, where the feed
//! holds it (`observe`: a result of data already held brings no events); `events` runs one over
//! a recording's entries. Both order events with `order`, so the live Timeline
//! tab and the export agree.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use serde_json::Value;

use super::{Event, Source};
use crate::cloud::model::{
    Alarm, AlarmState, DbEvent, DbFleet, DbStatus, EventSource, IdMap, Metrics, ScalingGroup, Scope, Timestamp,
};
use crate::judging::{Level, Thresholds};
use crate::judging::{db_level, db_verdict};
use crate::parallel::in_parallel;
use crate::record::{Entry, PayloadRef};

/// "45 s", "23 min", "2 h 5 min".
pub fn lasted(secs: i64) -> String {
    let secs = secs.max(0);
    match secs {
        0..60 => format!("{secs} s"),
        60..3600 => format!("{} min", secs / 60),
        _ if secs % 3600 / 60 == 0 => format!("{} h", secs / 3600),
        _ => format!("{} h {} min", secs / 3600, secs % 3600 / 60),
    }
}

type Key = (Scope, String);

/// An activity of a group: its scope, group, start and description.
type ActivityKey = (Scope, String, Option<Timestamp>, String);

/// How events are ordered: by time, then (within one second, where the pollers' arrival order
/// is not fixed) by source, scope, resource and text.
pub fn order(a: &Event, b: &Event) -> std::cmp::Ordering {
    (a.at, a.source as u8, &a.scope, &a.resource, &a.what).cmp(&(b.at, b.source as u8, &b.scope, &b.resource, &b.what))
}

/// Finds events one entry at a time. It holds what each stream last said (alarm states, DB
/// statuses, writers, the activities in the groups' lists, verdicts, the latest metrics):
/// bounded by the fleet's size, not by time.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Deriver {
    events: Vec<Event>,
    alarms: HashMap<Key, (AlarmState, Timestamp)>,
    /// Each scope's DB instances: their statuses and verdicts, and the fleet's order.
    dbs: HashMap<Scope, ScopeDbs>,
    writers: HashMap<Key, Option<String>>,
    activities: HashMap<ActivityKey, String>,
    metrics: HashMap<Scope, Metrics>,
    /// The thresholds the verdicts were last judged against.
    judged_with: Option<Box<Thresholds>>,
    runs: HashMap<String, Timestamp>,
    /// RDS events already on the timeline (each poll brings a scope's recent ones again).
    rds_events: HashSet<(Scope, Timestamp, EventSource, String, String)>,
}

/// One scope's DB instances as last seen. A fleet poll finds each by id; a minute's metrics
/// judge the latest fleet's instances again by place, finding none by id but its series.
#[derive(Debug, Clone, Default, PartialEq)]
struct ScopeDbs {
    /// Where each instance seen in the scope is in `seen`.
    at: IdMap<usize>,
    /// Every instance seen in the scope, with its last status and verdict.
    seen: Vec<Seen>,
    /// The latest fleet's instances, in its order, as places in `seen`: what verdicts are
    /// judged for.
    order: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq)]
struct Seen {
    id: String,
    status: DbStatus,
    /// None until judged: ok.
    level: Option<Level>,
}

impl Deriver {
    /// The events `entry` brings, in `order`. One match arm per payload: a new feed is one
    /// more arm.
    pub fn feed(&mut self, entry: &Entry, thresholds: &Thresholds) -> Vec<Event> {
        match entry {
            Entry::Observed(o) => {
                let Ok(payload) = &o.result else { return Vec::new() };
                return self.observe(o.at, &o.stream.scope, PayloadRef::of(payload), thresholds);
            }
            Entry::Audit { at, line } => self.audit(*at, line),
            Entry::Note { at, who, text } => {
                self.push(*at, Source::Note, who, &Scope::region(""), text.clone());
            }
        }
        self.found()
    }

    /// The events a feed's data for `scope` at `at` brings, read where it is held (the live
    /// console's poll result): the same as `feed` of that result recorded.
    pub fn observe(
        &mut self,
        at: Timestamp,
        scope: &Scope,
        data: PayloadRef<'_>,
        thresholds: &Thresholds,
    ) -> Vec<Event> {
        match data {
            PayloadRef::Alarms(alarms) => self.alarms(at, scope, alarms),
            PayloadRef::Groups(groups) => self.groups(at, scope, groups),
            PayloadRef::Fleet(fleet) => self.fleet(at, scope, fleet, thresholds),
            PayloadRef::Metrics(metrics) => {
                // Five of six polls bring the minute already held (the same shared series):
                // the verdicts cannot have moved.
                let held = self.metrics.get(scope).is_some_and(|m| std::sync::Arc::ptr_eq(&m.db, &metrics.db));
                if !held || self.judged_with.as_deref() != Some(thresholds) {
                    self.metrics.insert(scope.clone(), metrics.clone());
                    self.verdicts(at, scope, thresholds);
                }
            }
            PayloadRef::Events(events) => self.rds_events(scope, events),
            PayloadRef::Resource => {}
        }
        self.found()
    }

    /// Whether the verdicts were last judged against `thresholds`.
    pub fn judged_with(&self, thresholds: &Thresholds) -> bool {
        self.judged_with.as_deref() == Some(thresholds)
    }

    /// The events found since the last call, in `order`.
    fn found(&mut self) -> Vec<Event> {
        let mut events = std::mem::take(&mut self.events);
        events.sort_by(order);
        events
    }

    fn push(&mut self, at: Timestamp, source: Source, resource: &str, scope: &Scope, what: String) {
        let scope = scope.to_string();
        self.events.push(Event { at, source, resource: resource.to_owned(), scope, what });
    }

    fn alarms(&mut self, at: Timestamp, scope: &Scope, alarms: &[Alarm]) {
        for alarm in alarms {
            let key = (scope.clone(), alarm.name.clone());
            let when = alarm.updated.unwrap_or(at);
            let reason = alarm.reason.as_deref().map(|r| format!(": {r}")).unwrap_or_default();
            match self.alarms.get(&key).copied() {
                None => {
                    if alarm.state == AlarmState::Alarm {
                        self.push(when, Source::Alarm, &alarm.name, scope, format!("in ALARM{reason}"));
                    }
                }
                Some((before, since)) if before != alarm.state => {
                    let held = lasted((when - since).num_seconds());
                    let what = format!(
                        "{} → {} ({} for {held}){reason}",
                        before.as_str(),
                        alarm.state.as_str(),
                        before.as_str()
                    );
                    self.push(when, Source::Alarm, &alarm.name, scope, what);
                }
                Some(_) => continue,
            }
            self.alarms.insert(key, (alarm.state, when));
        }
    }

    fn groups(&mut self, at: Timestamp, scope: &Scope, groups: &[ScalingGroup]) {
        // Only the activities still in the groups' lists are kept: AWS lists the newest ones,
        // and one that left the list does not come back.
        let listed: std::collections::HashSet<(&str, Option<Timestamp>, &str)> = groups
            .iter()
            .flat_map(|g| g.activities.iter().map(move |a| (g.name.as_str(), a.started, a.description.as_str())))
            .collect();
        self.activities.retain(|(s, group, started, description), _| {
            s != scope || listed.contains(&(group.as_str(), *started, description.as_str()))
        });
        for group in groups {
            for activity in group.activities.iter().rev() {
                let key = (scope.clone(), group.name.clone(), activity.started, activity.description.clone());
                let seen = self.activities.insert(key, activity.status.clone());
                if seen.as_ref() == Some(&activity.status) {
                    continue;
                }
                // A new activity at its start; a change of its status when it was seen.
                let (when, what) = match seen {
                    None => (activity.started.unwrap_or(at), format!("{} ({})", activity.description, activity.status)),
                    Some(before) => (at, format!("{}: {before} → {}", activity.description, activity.status)),
                };
                self.push(when, Source::Scaling, &group.name, scope, what);
            }
        }
    }

    fn fleet(&mut self, at: Timestamp, scope: &Scope, fleet: &DbFleet, thresholds: &Thresholds) {
        let dbs = self.dbs.entry(scope.clone()).or_default();
        let mut moved = Vec::new();
        let mut order = Vec::with_capacity(fleet.instances.len());
        for instance in fleet.instances.iter() {
            let known = dbs.at.get(&instance.id).and_then(|&at| Some(at).zip(dbs.seen.get_mut(at)));
            let Some((at, seen)) = known else {
                order.push(dbs.seen.len());
                dbs.at.insert(instance.id.clone(), dbs.seen.len());
                dbs.seen.push(Seen { id: instance.id.clone(), status: instance.status.clone(), level: None });
                if instance.status != DbStatus::Available {
                    moved.push((&instance.id, format!("{} at the start", instance.status)));
                }
                continue;
            };
            order.push(at);
            if seen.status != instance.status {
                moved.push((&instance.id, format!("{} → {}", seen.status, instance.status)));
                seen.status = instance.status.clone();
            }
        }
        dbs.order = order;
        for (id, what) in moved {
            self.push(at, Source::Db, id, scope, what);
        }
        for cluster in &fleet.clusters {
            let writer = cluster.writer().map(str::to_owned);
            let before = self.writers.insert((scope.clone(), cluster.id.clone()), writer.clone());
            if let Some(before) = before
                && before != writer
            {
                let name = |w: &Option<String>| w.clone().unwrap_or_else(|| "none".to_owned());
                let what = format!("writer {} → {}", name(&before), name(&writer));
                self.push(at, Source::Db, &cluster.id, scope, what);
            }
        }
        self.verdicts(at, scope, thresholds);
    }

    /// Each RDS event not seen before, at its own time.
    fn rds_events(&mut self, scope: &Scope, events: &[DbEvent]) {
        for event in events {
            let key = (scope.clone(), event.at, event.source, event.source_id.clone(), event.message.clone());
            if self.rds_events.insert(key) {
                self.push(event.at, Source::RdsEvent, &event.source_id, scope, event.message.clone());
            }
        }
    }

    fn verdicts(&mut self, at: Timestamp, scope: &Scope, thresholds: &Thresholds) {
        if self.judged_with.as_deref() != Some(thresholds) {
            self.judged_with = Some(Box::new(thresholds.clone()));
        }
        let Some(dbs) = self.dbs.get_mut(scope) else { return };
        let metrics = self.metrics.get(scope);
        let series = |id: &str| metrics.and_then(|m| m.db.get(id));
        // Every instance's level, judged on the machine's cores (at thousands of instances
        // this is most of the deriver's minute), then compared in order.
        let seen = &dbs.seen;
        let levels =
            in_parallel(&dbs.order, |&at| seen.get(at).map(|s| db_level(&s.status, series(&s.id), thresholds)));
        let mut changed = Vec::new();
        for (&at, now) in dbs.order.iter().zip(levels) {
            let (Some(now), Some(Seen { id, status, level })) = (now, dbs.seen.get_mut(at)) else { continue };
            let before = level.replace(now);
            if before.unwrap_or(Level::Ok) != now {
                // The words only for a change: most minutes change no instance's health.
                let what = if now == Level::Ok {
                    "back to ok".to_owned()
                } else {
                    let verdict = db_verdict(status, series(id), thresholds);
                    format!("became {}: {}", verdict.level.label(), verdict.reason)
                };
                changed.push((id.clone(), what));
            }
        }
        for (id, what) in changed {
            self.push(at, Source::Health, &id, scope, what);
        }
    }

    fn audit(&mut self, at: Timestamp, line: &Value) {
        let text = |key: &str| line.get(key).and_then(Value::as_str).unwrap_or("").to_owned();
        let origin = line.get("origin").and_then(Value::as_str);
        let number = line.get("run").and_then(Value::as_u64).unwrap_or(0);
        // Another console's run (shared through the hub) is named by who ran it.
        let run = origin.map_or_else(|| format!("run {number}"), |o| format!("run {number} of {o}"));
        let user = origin.map_or_else(|| text("user"), str::to_owned);
        let scope =
            Scope { profile: line.get("profile").and_then(Value::as_str).map(str::to_owned), region: text("region") };
        let target = text("target");
        let run_id = text("run_id");
        let what = match line.get("event").and_then(Value::as_str) {
            Some("confirmed") => {
                self.runs.insert(run_id, at);
                let title = line.pointer("/plan/title").and_then(Value::as_str).unwrap_or("a plan");
                format!("{title}: confirmed by {user} (target {target})")
            }
            Some("step") => {
                let index = line.get("index").and_then(Value::as_u64).unwrap_or(0) + 1;
                let mut what = format!("step {index} {}: {}", text("step"), text("outcome"));
                if let Some(id) = line.get("request_id").and_then(Value::as_str) {
                    let _ = write!(what, ", request id {id}");
                }
                if let Some(detail) = line.get("detail").and_then(Value::as_str) {
                    let _ = write!(what, " ({detail})");
                }
                what
            }
            Some("finished") => {
                let took =
                    self.runs.remove(&run_id).map(|start| format!(" after {}", lasted((at - start).num_seconds())));
                let reason = line.get("reason").and_then(Value::as_str).map(|r| format!(": {r}")).unwrap_or_default();
                format!("{}{}{reason}", text("outcome"), took.unwrap_or_default())
            }
            _ => return,
        };
        self.push(at, Source::Runbook, &run, &scope, what);
    }
}

/// The events of a recording's entries, oldest first.
pub fn events(entries: &[Entry], thresholds: &Thresholds) -> Vec<Event> {
    let mut deriver = Deriver::default();
    let mut events: Vec<Event> = entries.iter().flat_map(|entry| deriver.feed(entry, thresholds)).collect();
    // An event can be older than the entry that told of it (an alarm's own update time).
    events.sort_by(order);
    events
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_people_say_them() {
        assert_eq!(lasted(45), "45 s");
        assert_eq!(lasted(23 * 60 + 5), "23 min");
        assert_eq!(lasted(7200), "2 h");
        assert_eq!(lasted(7500), "2 h 5 min");
    }
}
