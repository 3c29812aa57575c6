//! The simulated fleet: a deterministic stand-in for AWS, so opsdeck can be tried, demoed and
//! tested without an account.
//!
//! Every value is a pure function of (seed, resource, virtual time): there is no simulation
//! state to step, only a static `World` evaluated at the clock's `now`. Scenarios are timed from
//! the simulator's start, so an incident unfolds the same way on every run with the same seed.
//! Writes (`Operations`) are recorded as timed interventions that evaluation applies from the
//! moment they were made, so the same calls at the same virtual times give the same fleet.

mod activity;
mod alarms;
mod alarms_step;
mod blocking;
mod capacity;
mod clock;
mod config;
mod db_events;
mod db_ops;
mod fleet;
mod generated;
mod groups;
mod hardening;
mod interventions;
mod members;
mod metrics;
mod metrics_step;
mod minutely;
mod names;
mod noise;
mod operations;
mod perf;
mod perf_sql;
mod plans;
mod platform_db;
mod platform_ops;
mod rds_events;
mod reports;
mod scenario;
mod scheduled;
mod slices;
mod snapshot_record;
mod snapshots;
mod spec;
mod sql;
mod world;

#[cfg(test)]
mod tests;

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};

pub use clock::SimClock;
pub use config::{Scenario, SimConfig, UnknownScenario};

use super::model::{
    Alarm, AlarmHistoryItem, AnalysisReport, Blocking, DbEvent, DbFleet, DbSeries, DbSnapshot, Identity, MetricTargets,
    Metrics, Performance, PiQuery, ReportSummary, ResourceKey, ScalingGroup, Scope, SnapshotKind, SqlDetail, Window,
};
use super::{Checked, Checkup, Clock, CloudError, CloudFuture, Inventory, not_found};
use alarms_step::AlarmsHour;
use capacity::PolicyChange;
use minutely::Minutely;
use world::World;

/// The regions the simulated account uses, in display order.
const REGIONS: [&str; 2] = [spec::EAST, spec::WEST];

/// A simulated AWS account; implements [`Inventory`] and [`super::Operations`].
pub struct Simulator {
    world: Arc<World>,
    clock: Arc<SimClock>,
    config: SimConfig,
    /// Counts calls so each gets a different (but small) latency.
    calls: AtomicU64,
    metrics: Minutely<MetricTargets, Metrics>,
    /// Each region's alarms with the hour they were judged on, to step the next minute on from.
    alarms: Minutely<(), Arc<AlarmsHour>>,
    /// Each region's fleet, while it stands still for a minute (see `World::fleet_by_minute`).
    fleets: Minutely<(), Arc<DbFleet>>,
    /// Each region's groups' policy changes of the hour (see `World::policy_hour`).
    policy: Minutely<(), Arc<Vec<Vec<PolicyChange>>>>,
}

impl fmt::Debug for Simulator {
    // The world can hold tens of thousands of resources; a summary is what a log line needs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Simulator")
            .field("config", &self.config)
            .field("t0", &self.world.t0)
            .field("instances", &self.world.dbs.len())
            .field("groups", &self.world.groups.len())
            .field("alarms", &self.world.alarms.len())
            .finish_non_exhaustive()
    }
}

impl Simulator {
    /// A simulator whose virtual time starts at the configured start (else now) and runs at the
    /// configured speed.
    pub fn new(config: SimConfig) -> Self {
        let now = config.start.unwrap_or_else(Utc::now);
        let start = DateTime::from_timestamp(now.timestamp(), 0).unwrap_or(now);
        let clock = Arc::new(SimClock::realtime(start, config.effective_speed()));
        Self::with_clock(config, clock)
    }

    /// A simulator on a given clock; scenarios are timed from the clock's current time.
    pub fn with_clock(config: SimConfig, clock: Arc<SimClock>) -> Self {
        let world = Arc::new(World::build(&config, clock.now()));
        tracing::debug!(instances = world.dbs.len(), scenario = %config.scenario, "simulated fleet built");
        let (metrics, alarms, fleets) = (Minutely::default(), Minutely::default(), Minutely::default());
        let policy = Minutely::default();
        Self { world, clock, config, calls: AtomicU64::new(0), metrics, alarms, fleets, policy }
    }

    pub fn config(&self) -> &SimConfig {
        &self.config
    }

    /// The virtual clock, e.g. to skip ahead in a demo.
    pub fn sim_clock(&self) -> Arc<SimClock> {
        Arc::clone(&self.clock)
    }

    /// When the scenario started (virtual time).
    pub fn started(&self) -> super::model::Timestamp {
        self.world.t0
    }

    /// The read calls answered so far (the hub benchmark counts what pollers cost).
    pub fn calls(&self) -> u64 {
        self.calls.load(Ordering::Relaxed)
    }

    /// A round trip's worth of waiting, 20–80 ms, so loading states are visible but brief.
    async fn latency(&self) {
        let n = self.calls.fetch_add(1, Ordering::Relaxed);
        let ms = 20 + noise::mix(n ^ self.config.seed) % 61;
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
}

impl Inventory for Simulator {
    fn label(&self) -> String {
        "DEMO".to_owned()
    }

    fn scopes(&self) -> Vec<Scope> {
        REGIONS.iter().map(|&region| Scope::region(region)).collect()
    }

    fn clock(&self) -> Arc<dyn Clock> {
        Arc::clone(&self.clock) as Arc<dyn Clock>
    }

    fn db_fleet<'a>(&'a self, scope: &'a Scope) -> CloudFuture<'a, DbFleet> {
        Box::pin(async move {
            self.latency().await;
            let now = self.clock.now();
            if !self.world.fleet_by_minute() {
                return Ok(self.world.db_fleet(&scope.region, now));
            }
            // Built once a minute: a fleet poll within it shares the answer (its instances are
            // behind an `Arc`), it does not build every instance again.
            let compute = async { Ok(Arc::new(self.world.db_fleet(&scope.region, now))) };
            let fleet = self.fleets.answer(self.world.journal.count(), &scope.region, now, &(), compute).await?;
            Ok(DbFleet::clone(&fleet))
        })
    }

    fn metrics<'a>(&'a self, scope: &'a Scope, targets: &'a MetricTargets) -> CloudFuture<'a, Metrics> {
        Box::pin(async move {
            self.latency().await;
            let now = self.clock.now();
            let (world, region, wanted) = (Arc::clone(&self.world), scope.region.clone(), targets.clone());
            let (counted, before) = self.metrics.previous(&self.world, &scope.region, targets);
            // Thousands of series take real CPU time; keep it off the async workers.
            let compute = async move {
                tokio::task::spawn_blocking(move || {
                    let before = before.as_ref().map(|(minute, answer)| (*minute, answer));
                    world.metrics_after(&region, &wanted, now, before)
                })
                .await
                .map_err(|e| CloudError::Other { message: format!("simulated metrics failed: {e}") })
            };
            self.metrics.answer(counted, &scope.region, now, targets, compute).await
        })
    }

    fn db_history<'a>(&'a self, instance: &'a ResourceKey, window: Window) -> CloudFuture<'a, DbSeries> {
        Box::pin(async move {
            self.latency().await;
            let now = self.clock.now();
            self.world.db_history(&instance.scope.region, &instance.id, window, now).ok_or_else(|| not_found(instance))
        })
    }

    fn alarms<'a>(&'a self, scope: &'a Scope) -> CloudFuture<'a, Vec<Alarm>> {
        Box::pin(async move {
            self.latency().await;
            let now = self.clock.now();
            let (counted, before) = self.alarms.previous(&self.world, &scope.region, &());
            let before = before.as_ref().map(|(minute, hour)| (*minute, &**hour));
            let compute = async { Ok(Arc::new(self.world.alarms_after(&scope.region, now, before))) };
            let hour = self.alarms.answer(counted, &scope.region, now, &(), compute).await?;
            Ok(hour.alarms.clone())
        })
    }

    fn scaling_groups<'a>(&'a self, scope: &'a Scope) -> CloudFuture<'a, Vec<ScalingGroup>> {
        Box::pin(async move {
            self.latency().await;
            let now = self.clock.now();
            let compute = async { Ok(Arc::new(self.world.policy_hour(&scope.region, now))) };
            let policy = self.policy.answer(self.world.journal.count(), &scope.region, now, &(), compute).await?;
            Ok(self.world.scaling_groups(&scope.region, now, Some(&policy)))
        })
    }

    fn db_events<'a>(&'a self, scope: &'a Scope) -> CloudFuture<'a, Vec<DbEvent>> {
        Box::pin(async move {
            self.latency().await;
            Ok(self.world.db_events(&scope.region, self.clock.now()))
        })
    }

    fn performance<'a>(&'a self, query: &'a PiQuery) -> CloudFuture<'a, Performance> {
        Box::pin(async move {
            self.latency().await;
            self.world.performance(query, self.clock.now())
        })
    }

    fn blocking<'a>(&'a self, query: &'a PiQuery) -> CloudFuture<'a, Blocking> {
        Box::pin(async move {
            self.latency().await;
            self.world.blocking(query, self.clock.now())
        })
    }

    fn sql_detail<'a>(&'a self, query: &'a PiQuery, sql_id: &'a str) -> CloudFuture<'a, SqlDetail> {
        Box::pin(async move {
            self.latency().await;
            self.world.sql_detail(query, sql_id, self.clock.now())
        })
    }

    fn analysis_reports<'a>(&'a self, instance: &'a ResourceKey) -> CloudFuture<'a, Vec<ReportSummary>> {
        Box::pin(async move {
            self.latency().await;
            self.world.analysis_reports(instance, self.clock.now())
        })
    }

    fn analysis_report<'a>(&'a self, instance: &'a ResourceKey, id: &'a str) -> CloudFuture<'a, AnalysisReport> {
        Box::pin(async move {
            self.latency().await;
            self.world.analysis_report(instance, id, self.clock.now())
        })
    }

    fn identity(&self, scope: &Scope) -> Option<Identity> {
        REGIONS.contains(&scope.region.as_str()).then(Identity::simulated)
    }

    fn checkup<'a>(&'a self, scope: &'a Scope, call: Checkup) -> Option<CloudFuture<'a, Checked>> {
        // Each call is the feed's own read: the simulated fleet answers every one.
        Some(Box::pin(async move {
            match call {
                Checkup::DbInstances | Checkup::DbClusters => self.db_fleet(scope).await.map(drop),
                Checkup::MetricData => self.metrics(scope, &MetricTargets::default()).await.map(drop),
                Checkup::Alarms => self.alarms(scope).await.map(drop),
                Checkup::ScalingGroups | Checkup::ScalingActivities => self.scaling_groups(scope).await.map(drop),
                Checkup::Events => self.db_events(scope).await.map(drop),
                Checkup::Performance => {
                    let fleet = self.db_fleet(scope).await?;
                    let Some(db) = fleet.instances.iter().find(|db| db.performance_insights == Some(true)) else {
                        return Ok(Checked::NotApplicable("no DB instance has Performance Insights on".to_owned()));
                    };
                    let query = PiQuery::new(ResourceKey::new(scope.clone(), db.id.clone()));
                    self.performance(&query).await.map(drop)
                }
            }
            .map(|()| Checked::Ok)
        }))
    }

    fn alarm_history<'a>(&'a self, alarm: &'a ResourceKey) -> CloudFuture<'a, Vec<AlarmHistoryItem>> {
        Box::pin(async move {
            self.latency().await;
            self.world
                .alarm_history(&alarm.scope.region, &alarm.id, self.clock.now())
                .ok_or_else(|| CloudError::NotFound { what: format!("alarm {alarm}") })
        })
    }

    fn db_snapshot<'a>(&'a self, snapshot: &'a ResourceKey, kind: SnapshotKind) -> CloudFuture<'a, DbSnapshot> {
        Box::pin(async move {
            self.latency().await;
            self.world.describe_snapshot(snapshot, kind, self.clock.now())
        })
    }
}
