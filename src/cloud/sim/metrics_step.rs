//! The simulator's metrics a minute (or a few) on from its last answer. Past minutes never
//! change under the same interventions, so each instance's series keep the minutes still in
//! the hour and gain only the new ones: one sample per instance and minute instead of the
//! hour's sixty, which is most of an idle console's work at thousands of instances.

use std::collections::HashMap;

use crate::cloud::model::{DbSeries, MetricTargets, Metrics, Series, Timestamp};

use super::world::{Moment, World};

/// The minute (since the epoch) a moment of the timeline stands for.
fn minute(m: &Moment) -> i64 {
    m.at.timestamp().div_euclid(60)
}

impl World {
    /// As `metrics`, given `before`: what `metrics` answered for the same question under the
    /// same interventions, and the minute it answered at.
    pub fn metrics_after(
        &self,
        region: &str,
        targets: &MetricTargets,
        now: Timestamp,
        before: Option<(i64, &Metrics)>,
    ) -> Metrics {
        let (first, last) = Self::minutes(now);
        let Some((since, before)) = before.filter(|&(since, _)| (first - 1..last).contains(&since)) else {
            return self.metrics(region, targets, now);
        };
        let timeline = self.timeline(now);
        let new: Vec<Moment> = timeline.iter().filter(|m| minute(m) > since).copied().collect();
        let db = targets
            .instances
            .iter()
            .filter_map(|id| {
                let idx = self.db_index(region, id)?;
                let next = before.db.get(id).and_then(|old| self.db_series_next(idx, &timeline, &new, old));
                Some((id.clone(), next.or_else(|| self.db_series(idx, &timeline))?))
            })
            .collect();
        Metrics::new(db, self.groups_cpu_next(region, targets, (&timeline, &new), before))
    }

    /// The hour of CPU of the requested groups of one region, from `before`'s and the `new`
    /// minutes of `timeline`: a group's CPU reads its capacity at that minute, which no later
    /// minute changes under the same interventions.
    fn groups_cpu_next(
        &self,
        region: &str,
        targets: &MetricTargets,
        (timeline, new): (&[Moment], &[Moment]),
        before: &Metrics,
    ) -> HashMap<String, Series> {
        let from = timeline.first().map_or(i64::MIN, |m| m.at.timestamp());
        let cpu = |idx: usize, moments: &[Moment]| -> Vec<(i64, f64)> {
            moments.iter().map(|m| (m.at.timestamp(), self.group_cpu(idx, m))).collect()
        };
        targets
            .groups
            .iter()
            .filter_map(|name| {
                let idx = self.group_index(region, name)?;
                let series = match before.group_cpu.get(name) {
                    Some(old) => old.slid(from..i64::MAX, &cpu(idx, new)),
                    None => Series::from_secs(cpu(idx, timeline)),
                };
                Some((name.clone(), series))
            })
            .collect()
    }

    /// Instance `idx`'s hour from `old` and the `new` minutes of `timeline`; `None` when the
    /// hour must be computed whole (a series appeared or went, or the instance stopped).
    fn db_series_next(&self, idx: usize, timeline: &[Moment], new: &[Moment], old: &DbSeries) -> Option<DbSeries> {
        let (start, last) = (timeline.first()?, timeline.last()?);
        if self.dbs[idx].stopped {
            return None;
        }
        let metrics: Vec<_> = self.reported(idx, last.tau).collect();
        if metrics.len() != old.series.len() || metrics.iter().any(|&m| old.get(m).is_none()) {
            return None;
        }
        let samples: Vec<_> =
            new.iter().filter(|m| self.reporting(idx, m.tau)).map(|m| (m.at, self.db_sample(idx, m))).collect();
        let from = start.at.timestamp();
        let series = metrics
            .into_iter()
            .map(|metric| {
                let added: Vec<_> =
                    samples.iter().filter_map(|(at, s)| Some((at.timestamp(), s.get(metric)?))).collect();
                let next = match old.get(metric) {
                    Some(old) => old.slid(from..i64::MAX, &added),
                    None => Series::from_secs(added),
                };
                (metric, next)
            })
            .collect();
        Some(DbSeries { series })
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;
    use crate::cloud::sim::{Scenario, SimConfig};

    /// Every minute of two hours of an AZ outage (failovers, readers promoted, lag appearing),
    /// stepped on from the answer before, is what computing the hour whole gives.
    #[test]
    fn stepping_on_from_the_last_answer_is_computing_the_hour_whole() {
        let config = SimConfig { fleet_size: Some(40), scenario: Scenario::AzOutage, ..SimConfig::default() };
        let start = Timestamp::from_timestamp(1_764_000_000, 0).unwrap();
        let world = World::build(&config, start);
        let region = "us-east-1";
        let instances = world.dbs.iter().filter(|d| d.base.region == region).map(|d| d.base.id.clone()).collect();
        let groups: Vec<String> = world.groups.iter().filter(|g| g.region == region).map(|g| g.name.clone()).collect();
        let targets = MetricTargets { instances, groups };
        assert!(targets.instances.len() > 10 && !targets.groups.is_empty());
        let mut before: Option<(i64, Metrics)> = None;
        let mut stepped = 0;
        for minutes in (0..120).chain([125, 190, 191]) {
            let now = start + Duration::minutes(minutes) + Duration::seconds(7);
            let next = world.metrics_after(region, &targets, now, before.as_ref().map(|(m, a)| (*m, a)));
            let whole = world.metrics(region, &targets, now);
            assert!(*next.db == *whole.db, "stepped on and whole differ at minute {minutes}");
            assert!(*next.group_cpu == *whole.group_cpu, "groups' CPU differs at minute {minutes}");
            stepped += usize::from(before.as_ref().is_some_and(|(m, _)| World::minutes(now).1 - m < 60));
            before = Some((World::minutes(now).1, next));
        }
        assert!(stepped > 100, "{stepped}");
    }
}
