//! Splitting a stream's data into parts that each fit in a message, and putting them back
//! together: a fleet by instances (and clusters), metrics by instances (and groups), the
//! lists by items. The parts of one keyframe are published one after the other.

use std::collections::HashMap;

use crate::cloud::model::{DbFleet, Metrics};
use crate::record::Payload;

fn chunks<T: Clone>(items: &[T], n: usize) -> Vec<Vec<T>> {
    let size = items.len().div_ceil(n.max(1)).max(1);
    let mut out: Vec<Vec<T>> = items.chunks(size).map(<[T]>::to_vec).collect();
    out.resize_with(n.max(1), Vec::new);
    out
}

fn sorted<V: Clone, S>(map: &HashMap<String, V, S>) -> Vec<(String, V)> {
    let mut items: Vec<(String, V)> = map.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    items.sort_by(|a, b| a.0.cmp(&b.0));
    items
}

/// How many items a payload can be split by.
pub fn items(data: &Payload) -> usize {
    match data {
        Payload::Fleet(f) => f.instances.len().max(f.clusters.len()),
        Payload::Metrics(m) => m.db.len().max(m.group_cpu.len()),
        Payload::Alarms(a) => a.len(),
        Payload::Groups(g) => g.len(),
        Payload::Events(e) => e.len(),
        Payload::AlarmHistory(h) => h.len(),
        Payload::Performance(_) => 1,
    }
}

/// `data` in `n` parts (the whole when it has no parts).
pub fn split(data: &Payload, n: usize) -> Vec<Payload> {
    if n <= 1 {
        return vec![data.clone()];
    }
    match data {
        Payload::Fleet(f) => chunks(&f.instances, n)
            .into_iter()
            .zip(chunks(&f.clusters, n))
            .map(|(instances, clusters)| Payload::Fleet(DbFleet::new(instances, clusters)))
            .collect(),
        Payload::Metrics(m) => chunks(&sorted(&m.db), n)
            .into_iter()
            .zip(chunks(&sorted(&m.group_cpu), n))
            .map(|(db, groups)| Payload::Metrics(Metrics::new(db.into_iter().collect(), groups.into_iter().collect())))
            .collect(),
        Payload::Alarms(a) => chunks(a, n).into_iter().map(Payload::Alarms).collect(),
        Payload::Groups(g) => chunks(g, n).into_iter().map(Payload::Groups).collect(),
        Payload::Events(e) => chunks(e, n).into_iter().map(Payload::Events).collect(),
        Payload::AlarmHistory(h) => chunks(h, n).into_iter().map(Payload::AlarmHistory).collect(),
        Payload::Performance(_) => vec![data.clone()],
    }
}

/// The parts put back together, in order; `None` when they are not all of one feed.
pub fn merge(parts: Vec<Payload>) -> Option<Payload> {
    let mut parts = parts.into_iter();
    let mut whole = parts.next()?;
    for part in parts {
        match (&mut whole, part) {
            (Payload::Fleet(w), Payload::Fleet(p)) => {
                w.instances_mut().extend(p.instances.iter().cloned());
                w.clusters.extend(p.clusters);
            }
            (Payload::Metrics(w), Payload::Metrics(p)) => {
                // The first part's maps are its own: extended in place, never copied.
                std::sync::Arc::make_mut(&mut w.db).extend(p.db.iter().map(|(k, v)| (k.clone(), v.clone())));
                let groups = p.group_cpu.iter().map(|(k, v)| (k.clone(), v.clone()));
                std::sync::Arc::make_mut(&mut w.group_cpu).extend(groups);
            }
            (Payload::Alarms(w), Payload::Alarms(p)) => w.extend(p),
            (Payload::Groups(w), Payload::Groups(p)) => w.extend(p),
            (Payload::Events(w), Payload::Events(p)) => w.extend(p),
            (Payload::AlarmHistory(w), Payload::AlarmHistory(p)) => w.extend(p),
            _ => return None,
        }
    }
    Some(whole)
}
