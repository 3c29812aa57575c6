//! Performance Insights: DB load over a window, sliced by any dimension, with top SQL (and
//! each statement's statistics) and the heaviest keys of the slice.
//!
//! Load (average active sessions) follows the same traffic that drives CPU, split over the
//! engine's wait events, statements, hosts, users, databases and applications; the slow-query
//! scenario adds its statement's load on top (mostly as `IO:DataFileRead`, from the reporting
//! host, user and application), so it rises to the top of every list as it grows.

use std::collections::BTreeMap;

use crate::cloud::CloudError;
use crate::cloud::model::{
    Capabilities, Dimension, InsightsMode, KeyLoad, LoadSample, Performance, PiQuery, PiView, ResourceKey, Timestamp,
    class_vcpus,
};

use super::metrics::cpu_exponent;
use super::noise::{Channel, at_secs, knot, noise, secs_of};
use super::slices::{self, Keys};
use super::sql::{self, SLOW_READ_SHARE};
use super::world::{Moment, World};

/// Sessions per busy vCPU: some are waiting on something other than the CPU.
const SESSIONS_PER_BUSY_VCPU: f64 = 1.25;
/// PI returns at most this many keys of a dimension.
const TOP_KEYS: usize = 10;
/// The load beyond the keys a dimension lists, so that columns still add up to the total.
const OTHER: &str = "Other";

/// One period of load: normal sessions and the slow statement's, before any split.
#[derive(Debug, Clone, Copy)]
pub(super) struct Load {
    pub normal: f64,
    pub slow: f64,
}

/// One period of the window: when, its load, and its index for per-period jitter.
#[derive(Debug, Clone, Copy)]
pub(super) struct Period {
    pub at: Timestamp,
    pub step: i64,
    pub load: Load,
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

    /// The periods of a window ending with the one `now` is in, oldest first: PI's buckets,
    /// so the data moves once a period however often it is polled.
    pub(super) fn periods(&self, idx: usize, view: PiView, now: Timestamp) -> Vec<Period> {
        let spec = &self.dbs[idx];
        let vcpu = spec.base.class.as_deref().and_then(class_vcpus).unwrap_or(2.0);
        let period = view.window.period_secs();
        let last = (secs_of(now) / period as f64).floor() as i64;
        let first = last - view.window.secs() / period + 1;
        (first..=last)
            .map(|step| {
                let m = self.moment((step * period) as f64);
                Period { at: at_secs(m.secs), step, load: self.load(idx, vcpu, &m) }
            })
            .collect()
    }

    /// A key's jitter (±20%) for one period.
    pub(super) fn slice_jitter(&self, idx: usize, salt: u64, step: i64) -> f64 {
        1.0 + 0.2 * knot(self.seed, self.dbs[idx].key ^ salt, Channel::Wait, step)
    }

    fn by_wait(&self, idx: usize, p: &Period) -> Vec<(String, f64)> {
        sql::waits(&self.dbs[idx].base.engine)
            .iter()
            .enumerate()
            .map(|(i, &(event, share))| {
                let slow = match event {
                    "IO:DataFileRead" => p.load.slow * SLOW_READ_SHARE,
                    "CPU" => p.load.slow * (1.0 - SLOW_READ_SHARE),
                    _ => 0.0,
                };
                (event.to_owned(), p.load.normal * share * self.slice_jitter(idx, i as u64, p.step) + slow)
            })
            .collect()
    }

    fn by_keys(&self, idx: usize, keys: Keys, p: &Period) -> Vec<(String, f64)> {
        let mut slices: Vec<(String, f64)> = keys
            .normal
            .iter()
            .enumerate()
            .map(|(i, &(key, share))| {
                let slow = if key == keys.slow { p.load.slow } else { 0.0 };
                (key.to_owned(), p.load.normal * share * self.slice_jitter(idx, 0x100 + i as u64, p.step) + slow)
            })
            .collect();
        if p.load.slow > 0.0 && !slices.iter().any(|(k, _)| k == keys.slow) {
            slices.push((keys.slow.to_owned(), p.load.slow));
        }
        slices
    }

    fn by_sql(&self, idx: usize, p: &Period) -> Vec<(String, f64)> {
        let statements = self.statement_loads(idx, p);
        let listed: f64 = statements.iter().map(|(_, v)| v).sum();
        let mut slices: Vec<(String, f64)> = statements.into_iter().map(|(s, v)| (s.sql.to_owned(), v)).collect();
        let rest = p.load.normal + p.load.slow - listed;
        if rest > 0.005 {
            slices.push((OTHER.to_owned(), rest));
        }
        slices
    }

    /// One period's load split by a dimension; `None` where the engine does not report it.
    fn slices(&self, idx: usize, dimension: Dimension, p: &Period) -> Option<Vec<(String, f64)>> {
        let postgres = sql::is_postgres(&self.dbs[idx].base.engine);
        Some(match dimension {
            Dimension::WaitEvent => self.by_wait(idx, p),
            Dimension::Sql => self.by_sql(idx, p),
            Dimension::Host => self.by_keys(idx, slices::hosts(postgres), p),
            Dimension::User => self.by_keys(idx, slices::users(postgres), p),
            Dimension::Database => self.by_keys(idx, slices::databases(postgres), p),
            Dimension::Application => self.by_keys(idx, slices::applications(postgres)?, p),
        })
    }

    /// What the engine reports: Aurora runs Advanced Database Insights, the others Standard;
    /// MySQL has no `db.application`, no blocking and no execution plans; Aurora PostgreSQL
    /// takes lock snapshots.
    pub(super) fn capabilities(&self, idx: usize) -> Capabilities {
        let engine = &self.dbs[idx].base.engine;
        let mut missing = Vec::new();
        if !sql::is_postgres(engine) {
            missing.push((Dimension::Application, format!("db.application is not reported by {engine}")));
        }
        let mode = if sql::is_aurora(engine) { InsightsMode::Advanced } else { InsightsMode::Standard };
        let no_blocking =
            (!sql::is_postgres(engine)).then(|| format!("blocking is not reported by this engine ({engine})"));
        let no_plans =
            (!sql::is_postgres(engine)).then(|| format!("execution plans are not reported by this engine ({engine})"));
        let lock_snapshots = sql::is_aurora(engine) && sql::is_postgres(engine);
        Capabilities { mode: Some(mode), missing, no_sql_stats: None, no_blocking, no_plans, lock_snapshots }
    }

    /// The index of an instance with Performance Insights on.
    pub(super) fn pi_index(&self, key: &ResourceKey) -> Result<usize, CloudError> {
        let idx = self
            .db_index(&key.scope.region, &key.id)
            .ok_or_else(|| CloudError::NotFound { what: format!("DB instance {key}") })?;
        if self.dbs[idx].base.performance_insights != Some(true) {
            let message = format!("Performance Insights is not enabled on {}", self.dbs[idx].base.id);
            return Err(CloudError::Other { message });
        }
        Ok(idx)
    }

    /// Performance Insights for one instance over the window before `now`, sliced as asked.
    pub fn performance(&self, query: &PiQuery, now: Timestamp) -> Result<Performance, CloudError> {
        let idx = self.pi_index(&query.instance)?;
        let spec = &self.dbs[idx];
        let capabilities = self.capabilities(idx);
        let periods = self.periods(idx, query.view, now);
        let load: Vec<LoadSample> = periods
            .iter()
            .map(|p| {
                let total = p.load.normal + p.load.slow;
                let slices =
                    self.slices(idx, query.view.dimension, p).unwrap_or_else(|| vec![(OTHER.to_owned(), total)]);
                LoadSample { at: p.at, slices }
            })
            .collect();
        Ok(Performance {
            instance: query.instance.clone(),
            view: query.view,
            max_vcpu: spec.base.class.as_deref().and_then(class_vcpus),
            top_sql: self.top_sql(idx, &periods),
            top_keys: top_keys(&load),
            load,
            capabilities,
        })
    }
}

/// Load per key averaged over the samples, heaviest first, at most `TOP_KEYS` ("Other" last).
fn top_keys(load: &[LoadSample]) -> Vec<KeyLoad> {
    let mut sums: BTreeMap<&str, f64> = BTreeMap::new();
    for sample in load {
        for (key, value) in &sample.slices {
            *sums.entry(key.as_str()).or_default() += value;
        }
    }
    let samples = load.len().max(1) as f64;
    let mut keys: Vec<KeyLoad> = sums
        .into_iter()
        .filter(|&(key, _)| key != OTHER)
        .map(|(key, sum)| KeyLoad { name: key.to_owned(), load: sum / samples })
        .collect();
    keys.sort_by(|a, b| b.load.total_cmp(&a.load));
    keys.truncate(TOP_KEYS);
    keys
}
