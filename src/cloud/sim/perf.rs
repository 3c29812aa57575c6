//! Performance Insights: DB load by wait event, top SQL and top waits over the last hour.
//!
//! Load (average active sessions) follows the same traffic that drives CPU, split over the
//! engine's wait events; the slow-query scenario adds its statement's load on top, mostly as
//! `IO:DataFileRead`, so it rises to the top of both lists as it grows.

use std::collections::BTreeMap;

use crate::cloud::CloudError;
use crate::cloud::model::{LoadSample, Performance, ResourceKey, SqlLoad, Timestamp, WaitLoad};

use super::metrics::cpu_exponent;
use super::noise::{Channel, between, hash, key_of, knot, noise};
use super::sql::{self, SLOW_READ_SHARE, SLOW_STATEMENT};
use super::world::{Moment, World};

/// Sessions per busy vCPU: some are waiting on something other than the CPU.
const SESSIONS_PER_BUSY_VCPU: f64 = 1.25;
const MAX_TOP_SQL: usize = 10;

/// One minute of load: normal sessions and the slow statement's, before the split by wait.
#[derive(Debug, Clone, Copy)]
struct Load {
    normal: f64,
    slow: f64,
}

impl World {
    fn load(&self, idx: usize, vcpu: f64, m: &Moment) -> Load {
        let d = self.drivers(idx, m);
        if !d.availability.up {
            return Load { normal: 0.0, slow: 0.0 };
        }
        let busy = 1.0 - (-cpu_exponent(self.profile_at(idx, m.tau).cpu_base) * d.traffic).exp();
        let wobble = 1.0 + 0.1 * noise(self.seed, self.dbs[idx].key, Channel::Wait, m.secs);
        Load {
            normal: vcpu * SESSIONS_PER_BUSY_VCPU * busy * wobble,
            slow: d.slow * vcpu * 0.9 * (0.85 + 0.15 * d.traffic),
        }
    }

    fn load_sample(&self, idx: usize, load: Load, m: &Moment) -> LoadSample {
        let spec = &self.dbs[idx];
        let minute = (m.secs / 60.0).floor() as i64;
        let by_wait = sql::waits(&spec.base.engine)
            .iter()
            .enumerate()
            .map(|(i, &(event, share))| {
                let jitter = 1.0 + 0.2 * knot(self.seed, spec.key ^ i as u64, Channel::Wait, minute);
                let slow = match event {
                    "IO:DataFileRead" => load.slow * SLOW_READ_SHARE,
                    "CPU" => load.slow * (1.0 - SLOW_READ_SHARE),
                    _ => 0.0,
                };
                (event.to_owned(), load.normal * share * jitter + slow)
            })
            .collect();
        LoadSample { at: m.at, by_wait }
    }

    fn top_sql(&self, idx: usize, normal: f64, slow: f64) -> Vec<SqlLoad> {
        let spec = &self.dbs[idx];
        let mut top: Vec<SqlLoad> = sql::statements(spec.workload, &spec.base.engine)
            .iter()
            .map(|s| {
                let tilt = between(hash(&[self.seed, spec.key, key_of(s.sql)]), 0.8, 1.25);
                SqlLoad {
                    id: sql::digest(s.sql),
                    statement: s.sql.to_owned(),
                    load: normal * s.share * tilt,
                    top_wait: Some(s.wait.to_owned()),
                }
            })
            .collect();
        if slow > 0.0 {
            top.push(SqlLoad {
                id: sql::digest(SLOW_STATEMENT.sql),
                statement: SLOW_STATEMENT.sql.to_owned(),
                load: slow,
                top_wait: Some(SLOW_STATEMENT.wait.to_owned()),
            });
        }
        top.sort_by(|a, b| b.load.total_cmp(&a.load));
        top.truncate(MAX_TOP_SQL);
        top
    }

    /// Performance Insights for one instance over the hour before `now`.
    pub fn performance(&self, key: &ResourceKey, now: Timestamp) -> Result<Performance, CloudError> {
        let idx = self
            .db_index(&key.scope.region, &key.id)
            .ok_or_else(|| CloudError::NotFound { what: format!("DB instance {key}") })?;
        let spec = &self.dbs[idx];
        if spec.base.performance_insights != Some(true) {
            let message = format!("Performance Insights is not enabled on {}", spec.base.id);
            return Err(CloudError::Other { message });
        }
        let max_vcpu = spec.base.class.as_deref().and_then(sql::vcpus);
        let vcpu = max_vcpu.unwrap_or(2.0);
        // PI samples on minute boundaries, as the metrics do.
        let knots: Vec<Moment> = self.timeline(now);
        let loads: Vec<Load> = knots.iter().map(|m| self.load(idx, vcpu, m)).collect();
        let load: Vec<LoadSample> = knots.iter().zip(&loads).map(|(m, &l)| self.load_sample(idx, l, m)).collect();
        let samples = loads.len().max(1) as f64;
        let normal = loads.iter().map(|l| l.normal).sum::<f64>() / samples;
        let slow = loads.iter().map(|l| l.slow).sum::<f64>() / samples;
        Ok(Performance {
            instance: key.clone(),
            max_vcpu,
            top_sql: self.top_sql(idx, normal, slow),
            top_waits: top_waits(&load),
            load,
        })
    }
}

/// Load per wait event averaged over the samples, heaviest first.
fn top_waits(load: &[LoadSample]) -> Vec<WaitLoad> {
    let mut sums: BTreeMap<&str, f64> = BTreeMap::new();
    for sample in load {
        for (event, value) in &sample.by_wait {
            *sums.entry(event.as_str()).or_default() += value;
        }
    }
    let samples = load.len().max(1) as f64;
    let mut waits: Vec<WaitLoad> =
        sums.into_iter().map(|(event, sum)| WaitLoad { event: event.to_owned(), load: sum / samples }).collect();
    waits.sort_by(|a, b| b.load.total_cmp(&a.load));
    waits
}
