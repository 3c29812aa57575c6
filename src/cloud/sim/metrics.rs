//! DB instance metrics as pure functions of (seed, instance, virtual time).
//!
//! Traffic (the diurnal curve times the scenario's multiplier, with a little noise) drives
//! everything else: CPU saturates towards 100%, connections and IOPS follow, replica lag grows
//! steeply once replicas cannot keep up, free storage shrinks with what has been written, and
//! DB load (active sessions) tracks CPU until it saturates, then queues past the vCPUs.

use std::collections::HashMap;

use crate::cloud::model::{DbMetric, DbSeries, IdMap, MetricTargets, Metrics, Series, Timestamp, Window, class_vcpus};

use super::noise::{Channel, noise};
use super::scenario::Availability;
use super::spec::Profile;
use super::world::{Moment, World};

const GIB: f64 = 1024.0 * 1024.0 * 1024.0;
/// How strongly the slow statement saturates CPU (in units of the CPU model's exponent).
const SLOW_CPU: f64 = 2.2;
const SLOW_READ_IOPS: f64 = 9000.0;
const SLOW_CONNECTIONS: f64 = 140.0;

/// What drives an instance's numbers at one moment.
#[derive(Debug, Clone, Copy)]
pub(super) struct Drivers {
    pub traffic: f64,
    /// The scenario's multiplier alone, without the daily curve or noise.
    pub surge: f64,
    pub slow: f64,
    pub availability: Availability,
}

/// All metric values of one instance at one moment.
#[derive(Debug, Clone, Copy)]
pub(super) struct DbSample {
    pub cpu: f64,
    pub connections: f64,
    pub free_bytes: f64,
    pub read_iops: f64,
    pub write_iops: f64,
    pub lag: Option<f64>,
    /// Average active sessions on CPU and waiting (Performance Insights' `DBLoadCPU` and
    /// `DBLoadNonCPU`), and the instance's vCPUs they are measured against.
    pub load_cpu: f64,
    pub load_waiting: f64,
    pub vcpus: f64,
}

impl DbSample {
    pub fn get(&self, metric: DbMetric) -> Option<f64> {
        match metric {
            DbMetric::Cpu => Some(self.cpu),
            DbMetric::Connections => Some(self.connections),
            DbMetric::FreeStorage => Some(self.free_bytes),
            DbMetric::ReadIops => Some(self.read_iops),
            DbMetric::WriteIops => Some(self.write_iops),
            DbMetric::ReplicaLag => self.lag,
            DbMetric::DbLoad => Some(self.load_cpu + self.load_waiting),
            DbMetric::DbLoadCpu => Some(self.load_cpu),
            DbMetric::DbLoadNonCpu => Some(self.load_waiting),
            DbMetric::DbLoadRelative => Some((self.load_cpu + self.load_waiting) / self.vcpus),
        }
    }
}

/// The `k` of the CPU model `busy = 1 - e^(-k·traffic)`, chosen so traffic 1 gives `base_percent`.
///
/// A saturating curve rather than a straight line, so ten times the traffic pins CPU in the
/// nineties instead of at an impossible 300%.
pub(super) fn cpu_exponent(base_percent: f64) -> f64 {
    -(1.0 - (base_percent / 100.0).clamp(0.0, 0.99)).ln()
}

impl World {
    /// Whoever is a cluster's writer carries the writer's load.
    pub fn profile_at(&self, idx: usize, tau: f64) -> &Profile {
        let spec = &self.dbs[idx];
        match spec.cluster {
            Some(c) if self.is_writer(idx, tau) => &self.clusters[c].writer_profile,
            _ => &spec.profile,
        }
    }

    pub fn drivers(&self, idx: usize, m: &Moment) -> Drivers {
        let spec = &self.dbs[idx];
        let surge = self.traffic_multiplier(self.profile_at(idx, m.tau).sensitivity, m.tau);
        let jitter = 1.0 + 0.05 * noise(self.seed, spec.key, Channel::Traffic, m.secs);
        Drivers {
            traffic: m.diurnal * surge * jitter,
            surge,
            slow: self.slow_query(idx, m.tau),
            availability: self.availability(idx, m.tau),
        }
    }

    pub fn db_sample(&self, idx: usize, m: &Moment) -> DbSample {
        let spec = &self.dbs[idx];
        let p = self.profile_at(idx, m.tau);
        let d = self.drivers(idx, m);
        let n = |channel| noise(self.seed, spec.key, channel, m.secs);
        let up = if d.availability.up { 1.0 } else { 0.0 };
        // A resized instance takes the same traffic on more (or fewer) vCPUs.
        let built_vcpus = spec.base.class.as_deref().and_then(class_vcpus).unwrap_or(2.0);
        let vcpus = self.class_at(idx, m.tau).as_deref().and_then(class_vcpus).unwrap_or(built_vcpus);
        let per_vcpu = d.traffic * built_vcpus / vcpus;
        let busy = 100.0 * (1.0 - (-(cpu_exponent(p.cpu_base) * per_vcpu + SLOW_CPU * d.slow)).exp());
        let idle = 1.0 + 0.5 * n(Channel::Cpu).abs();
        let surge_back = d.availability.back_for.map_or(1.0, |s| 1.0 + 0.8 * (-s / 90.0).exp());
        let connections = (p.conns_base * d.traffic.powf(0.85) * (1.0 + 0.04 * n(Channel::Connections))
            + SLOW_CONNECTIONS * d.slow)
            * surge_back;
        let written = p.growth_per_day / 86_400.0 * self.traffic_integral(p.sensitivity, m.tau);
        let cpu = if d.availability.up { (busy + 2.0 * n(Channel::Cpu)).clamp(0.5, 99.5) } else { idle };
        // Sessions on CPU follow its use; past saturation they queue, which CPU% cannot show.
        let queued = (per_vcpu * cpu_exponent(p.cpu_base) - 2.0).max(0.0);
        let load_cpu = up * vcpus * (cpu / 100.0 + 0.5 * queued);
        // Waiting sessions: a little I/O with traffic, and the slow statement's locks and reads.
        let load_waiting = up * vcpus * (0.06 * d.traffic * (1.0 + 0.1 * n(Channel::ReadIops)).max(0.0) + 1.4 * d.slow);
        DbSample {
            cpu,
            connections: (connections.min(p.max_conns) * up).round(),
            free_bytes: (p.storage_bytes * p.free_frac - written + 0.03 * GIB * n(Channel::Storage)).max(0.0),
            read_iops: up * (p.read_iops * d.traffic * (1.0 + 0.08 * n(Channel::ReadIops)) + SLOW_READ_IOPS * d.slow),
            write_iops: up * p.write_iops * d.traffic * (1.0 + 0.06 * n(Channel::WriteIops)),
            lag: self.lag_model(idx, m.tau).map(|lag| {
                let level = lag.base * m.diurnal.sqrt() * d.surge.powf(lag.exponent);
                level * (1.0 + 0.25 * n(Channel::Lag)) + self.lag_spike(idx, m.tau)
            }),
            load_cpu,
            load_waiting,
            vcpus,
        }
    }

    /// The metrics instance `idx` has series of at `tau`: replica lag only while it is a
    /// replica, the DB load counters only with Performance Insights on (as RDS publishes them).
    pub(super) fn reported(&self, idx: usize, tau: f64) -> impl Iterator<Item = DbMetric> {
        let has_lag = self.lag_model(idx, tau).is_some();
        let has_load = self.dbs[idx].base.performance_insights == Some(true);
        DbMetric::ALL
            .into_iter()
            .filter(move |&metric| metric != DbMetric::ReplicaLag || has_lag)
            .filter(move |&metric| !metric.is_db_load() || has_load)
    }

    /// The last hour of every metric of one instance (`None` only for an empty timeline).
    pub fn db_series(&self, idx: usize, timeline: &[Moment]) -> Option<DbSeries> {
        let last = timeline.last()?;
        // A stopped instance reports no datapoints: its series exist but are empty, as
        // CloudWatch's would be.
        // Nor does a created member before it is up.
        let reporting = if self.dbs[idx].stopped { &[][..] } else { timeline };
        let samples: Vec<(Timestamp, DbSample)> =
            reporting.iter().filter(|m| self.reporting(idx, m.tau)).map(|m| (m.at, self.db_sample(idx, m))).collect();
        let series = self
            .reported(idx, last.tau)
            .map(|metric| {
                // A reader that was writer earlier in the hour had no lag then: a gap, not a zero.
                // Sized up front: thousands of series a poll, each grown by doubling, add up.
                let mut points = Vec::with_capacity(samples.len());
                points.extend(samples.iter().filter_map(|(at, s)| Some((at.timestamp(), s.get(metric)?))));
                (metric, Series::growing(points))
            })
            .collect();
        Some(DbSeries { series })
    }

    /// One instance's metrics over `window`: its minutes up to the one `now` is in, evaluated
    /// as the hour's are, averaged per period of the window as CloudWatch's `Average` is (the
    /// newest period from the minutes it has so far). `None` for an unknown instance.
    pub fn db_history(&self, region: &str, id: &str, window: Window, now: Timestamp) -> Option<DbSeries> {
        let idx = self.db_index(region, id)?;
        let (start, end) = window.metric_range(now);
        let (_, last) = Self::minutes(now);
        let minutes: Vec<Moment> =
            (start / 60..(end / 60).min(last + 1)).map(|m| self.moment(m as f64 * 60.0)).collect();
        let mut series = self.db_series(idx, &minutes)?;
        let period = window.metric_period_secs();
        if period > 60 {
            for points in series.series.values_mut() {
                *points = averaged(points, period);
            }
        }
        Some(series)
    }

    /// Metrics for the requested instances and groups of one region; unknown ids are skipped.
    pub fn metrics(&self, region: &str, targets: &MetricTargets, now: Timestamp) -> Metrics {
        let timeline = self.timeline(now);
        let db: IdMap<DbSeries> = targets
            .instances
            .iter()
            .filter_map(|id| {
                let idx = self.db_index(region, id)?;
                Some((id.clone(), self.db_series(idx, &timeline)?))
            })
            .collect();
        Metrics::new(db, self.groups_cpu(region, targets, &timeline))
    }

    /// The hour of CPU of the requested groups of one region.
    pub(super) fn groups_cpu(
        &self,
        region: &str,
        targets: &MetricTargets,
        timeline: &[Moment],
    ) -> HashMap<String, Series> {
        targets
            .groups
            .iter()
            .filter_map(|name| {
                let idx = self.group_index(region, name)?;
                let points = timeline.iter().map(|m| (m.at.timestamp(), self.group_cpu(idx, m)));
                Some((name.clone(), Series::from_secs(points)))
            })
            .collect()
    }
}

/// The mean of each `period` of a series, stamped with the period's start.
fn averaged(series: &Series, period: i64) -> Series {
    let mut out: Vec<(i64, f64)> = Vec::new();
    let mut count = 0.0;
    for (t, v) in series.secs() {
        let at = t.div_euclid(period) * period;
        match out.last_mut() {
            Some((start, sum)) if *start == at => {
                *sum += v;
                count += 1.0;
            }
            _ => {
                if let Some((_, sum)) = out.last_mut() {
                    *sum /= count;
                }
                out.push((at, v));
                count = 1.0;
            }
        }
    }
    if let Some((_, sum)) = out.last_mut() {
        *sum /= count;
    }
    Series::from_secs(out)
}
