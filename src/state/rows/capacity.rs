//! The Capacity tab's rows: every Auto Scaling Group with its sizes, CPU and verdict.

use crate::cloud::model::{Metrics, ResourceKey, ScalingGroup, Series};
use crate::feed::Feeds;
use crate::judging::{Level, Thresholds, Verdict};

/// One row of the Capacity tab.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupRow {
    pub key: ResourceKey,
    pub min: u32,
    pub desired: u32,
    pub max: u32,
    pub in_service: u32,
    pub pending: u32,
    pub terminating: u32,
    pub cpu: Option<f64>,
    pub verdict: Verdict,
}

fn group_verdict(group: &ScalingGroup, cpu: Option<f64>, t: &Thresholds) -> Verdict {
    let mut verdict = Verdict::ok();
    if group.desired > 0 {
        let share = f64::from(group.in_service) * 100.0 / f64::from(group.desired);
        let level = t.group_in_service_pct.level(share);
        if level > Level::Ok {
            let reason = format!("{}/{} in service", group.in_service, group.desired);
            verdict = verdict.worst(Verdict { level, reason });
        }
    }
    if group.desired >= group.max && group.max > 0 {
        verdict = verdict.worst(Verdict { level: Level::Warn, reason: "at max".to_owned() });
    }
    if let Some(cpu) = cpu {
        let level = t.cpu.level(cpu);
        if level > Level::Ok {
            verdict = verdict.worst(Verdict { level, reason: format!("CPU {cpu:.0}%") });
        }
    }
    verdict
}

/// Capacity rows: every Auto Scaling Group, by scope then name.
pub fn group_rows(groups: &Feeds<Vec<ScalingGroup>>, metrics: &Feeds<Metrics>, t: &Thresholds) -> Vec<GroupRow> {
    let mut rows = Vec::new();
    for (scope, data) in groups.data() {
        let cpus = metrics.get(scope).and_then(|f| f.data()).map(|m| &m.group_cpu);
        let mut sorted: Vec<&ScalingGroup> = data.iter().collect();
        sorted.sort_by(|a, b| a.name.cmp(&b.name));
        rows.extend(sorted.into_iter().map(|g| {
            let cpu = cpus.and_then(|c| c.get(&g.name)).and_then(Series::latest);
            GroupRow {
                key: ResourceKey::new(scope.clone(), g.name.clone()),
                min: g.min,
                desired: g.desired,
                max: g.max,
                in_service: g.in_service,
                pending: g.pending,
                terminating: g.terminating,
                cpu,
                verdict: group_verdict(g, cpu, t),
            }
        }));
    }
    rows
}
