//! Top SQL in the simulator: each statement's load per period, its statistics (calls per
//! second, rows per call and latency, which MySQL does not report rows for), and one statement
//! in full with its own load and its execution plans over the window.
//!
//! Statistics follow Little's law: a statement's average active sessions are its calls per
//! second times its latency, so the three numbers always agree with the load.

use crate::cloud::CloudError;
use crate::cloud::model::{PiQuery, SqlDetail, SqlLoad, SqlPlans, SqlStats, Timestamp};

use super::noise::{between, hash, key_of};
use super::perf::Period;
use super::plans;
use super::sql::{self, SLOW_STATEMENT, Statement};
use super::world::World;

const MAX_TOP_SQL: usize = 10;
/// The slow statement's latency: a sequential scan of orders.
const SLOW_LATENCY_MS: f64 = 2_400.0;

impl World {
    /// Each statement's load in one period (the slow statement's only while it runs).
    pub(super) fn statement_loads(&self, idx: usize, p: &Period) -> Vec<(Statement, f64)> {
        let spec = &self.dbs[idx];
        let mut loads: Vec<(Statement, f64)> = sql::statements(spec.workload, &spec.base.engine)
            .iter()
            .map(|s| {
                let tilt = between(hash(&[self.seed, spec.key, key_of(s.sql)]), 0.8, 1.25);
                let jitter = self.slice_jitter(idx, key_of(s.sql), p.step);
                (*s, p.load.normal * s.share * tilt * jitter)
            })
            .collect();
        if p.load.slow > 0.0 {
            loads.push((SLOW_STATEMENT, p.load.slow));
        }
        loads
    }

    /// A statement's statistics at an average load.
    fn stats(&self, idx: usize, statement: &Statement, load: f64) -> SqlStats {
        let spec = &self.dbs[idx];
        let h = hash(&[self.seed, spec.key, key_of(statement.sql), 7]);
        let slow = statement.sql == SLOW_STATEMENT.sql;
        let latency_ms = if slow { SLOW_LATENCY_MS } else { between(h, 0.4, 12.0) };
        let rows = if slow { 25.0 } else { between(hash(&[h, 1]), 1.0, 40.0).round() };
        SqlStats {
            calls_per_sec: Some(load / (latency_ms / 1000.0)),
            rows_per_call: sql::is_postgres(&spec.base.engine).then_some(rows),
            latency_ms: Some(latency_ms),
        }
    }

    /// The heaviest statements over the periods, with their statistics.
    pub(super) fn top_sql(&self, idx: usize, periods: &[Period]) -> Vec<SqlLoad> {
        let mut sums: Vec<(Statement, f64)> = Vec::new();
        for p in periods {
            for (statement, load) in self.statement_loads(idx, p) {
                match sums.iter_mut().find(|(s, _)| s.sql == statement.sql) {
                    Some((_, sum)) => *sum += load,
                    None => sums.push((statement, load)),
                }
            }
        }
        let n = periods.len().max(1) as f64;
        let mut top: Vec<SqlLoad> = sums
            .into_iter()
            .map(|(s, sum)| SqlLoad {
                id: sql::digest(s.sql),
                statement: s.sql.to_owned(),
                load: sum / n,
                top_wait: Some(s.wait.to_owned()),
                stats: self.stats(idx, &s, sum / n),
            })
            .collect();
        top.sort_by(|a, b| b.load.total_cmp(&a.load));
        top.truncate(MAX_TOP_SQL);
        top
    }

    /// One statement in full, with its own load over the window.
    pub fn sql_detail(&self, query: &PiQuery, id: &str, now: Timestamp) -> Result<SqlDetail, CloudError> {
        let idx = self.pi_index(&query.instance)?;
        let spec = &self.dbs[idx];
        let mut known = sql::statements(spec.workload, &spec.base.engine).iter().chain([&SLOW_STATEMENT]);
        let statement = known
            .find(|s| sql::digest(s.sql) == id)
            .ok_or_else(|| CloudError::NotFound { what: format!("statement {id} on {}", query.instance) })?;
        let load: Vec<(Timestamp, f64)> = self
            .periods(idx, query.view, now)
            .iter()
            .map(|p| {
                let own = self.statement_loads(idx, p).into_iter().find(|(s, _)| s.sql == statement.sql);
                (p.at, own.map_or(0.0, |(_, v)| v))
            })
            .collect();
        let plans = match self.capabilities(idx).no_plans {
            Some(why) => SqlPlans::not_reported(why),
            None => plans::plans(statement.sql, load.iter().map(|(_, v)| v).sum::<f64>() / load.len().max(1) as f64),
        };
        Ok(SqlDetail {
            instance: query.instance.clone(),
            id: id.to_owned(),
            statement: Some(statement.sql.to_owned()),
            load,
            plans,
        })
    }
}
