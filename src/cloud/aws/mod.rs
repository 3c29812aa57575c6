//! The AWS backend: `Inventory` and `Operations` over the AWS SDK for Rust, for every
//! (profile, region) pair the command line names.
//!
//! Each submodule maps one API family into domain types; SDK types never leave this module. The
//! adapter keeps caches, none of them UI state: what it learnt of each instance from the
//! last fleet fetch (its PI resource id and which lag metric it has), the metric history that
//! lets a refresh ask only for the newest minutes, full SQL texts, since when each Auto Scaling
//! Group has been short of capacity (`shortfall`), each scope's RDS events so far (`events`), and what KMS and the parameter groups say
//! of each key and group and EC2 of each security group (`hardening`, refreshed hourly), and each DR region's automated
//! backups (`dr_backups`). Every client carries the
//! same call counter, which is what the status bar's API meter shows.

mod accounting;
mod alarms;
mod checkup;
mod clients;
mod connect;
mod convert;
mod dr_backups;
mod errors;
mod events;
mod hardening;
mod history;
mod identity;
mod metrics;
mod once;
mod ops;
mod pi;
mod pi_blocking;
mod pi_meta;
mod pi_plans;
mod pi_query;
mod pi_reports;
mod pi_sql;
pub mod planner;
mod probe;
mod profile_kind;
mod rds;
mod scaling;
mod security_groups;
mod shortfall;

#[cfg(test)]
mod events_tests;
#[cfg(test)]
mod pi_blocking_tests;
#[cfg(test)]
mod pi_plans_tests;
#[cfg(test)]
mod pi_reports_tests;
#[cfg(test)]
mod pi_sql_tests;
#[cfg(test)]
mod pi_tests;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

pub use connect::{ConnectError, Settings, StaticCredentials, Timeouts};
pub use identity::credential_words;
pub use profile_kind::profile_kind;
pub use security_groups::{GROUPS_PER_CALL, lookup_calls as security_group_calls};

use super::model::{
    Alarm, AlarmHistoryItem, AnalysisReport, ApiUsage, Blocking, DbCluster, DbEvent, DbFleet, DbInstance, DbRole,
    DbSeries, DbSnapshot, Identity, MetricTargets, Metrics, Performance, PiQuery, ReportSummary, ResourceKey,
    ScalingGroup, ScheduledAction, Scope, SnapshotKind, SqlDetail, Timestamp, Window,
};
use super::{
    Checked, Checkup, Clock, CloudError, CloudFuture, Inventory, NewMember, Operations, Probe, Receipt, SystemClock,
};
use accounting::{Accounting, CallCounter};
use clients::Clients;
use dr_backups::DrBackups;
use events::EventLogs;
use hardening::HardeningCache;
use metrics::MetricHistory;
use pi_meta::Known;
use pi_sql::SqlTexts;
use planner::{InstanceTarget, Lag};
use shortfall::Shortfalls;

/// What the last fleet fetch said about one instance.
#[derive(Debug, Clone)]
struct Facts {
    resource_id: Option<String>,
    class: Option<String>,
    engine: String,
    target: InstanceTarget,
}

/// An instance as PI calls need it.
struct PiFacts {
    resource_id: String,
    class: Option<String>,
    engine: String,
}

impl PiFacts {
    fn target<'a>(&'a self, key: &'a ResourceKey) -> pi_query::Target<'a> {
        pi_query::Target { key, resource_id: &self.resource_id, class: self.class.as_deref(), engine: &self.engine }
    }
}

/// The AWS backend.
#[derive(Debug)]
pub struct Aws {
    label: String,
    scopes: Vec<Scope>,
    clients: HashMap<Scope, Clients>,
    identities: HashMap<Scope, Result<Identity, String>>,
    accounting: Arc<Accounting>,
    counter: CallCounter,
    facts: Mutex<HashMap<Scope, HashMap<String, Facts>>>,
    history: MetricHistory,
    sql_texts: SqlTexts,
    /// Execution plan texts fetched so far (they never change).
    plan_texts: pi_plans::PlanTexts,
    shortfalls: Shortfalls,
    hardening: HardeningCache,
    dr_backups: DrBackups,
    events: EventLogs,
    pi_known: Known,
    clock: Arc<SystemClock>,
}

fn label(settings: &Settings) -> String {
    let profiles = if settings.profiles.is_empty() {
        std::env::var("AWS_PROFILE").unwrap_or_else(|_| "default".to_owned())
    } else {
        settings.profiles.join(", ")
    };
    format!("AWS {profiles}")
}

fn facts(fleet: &DbFleet) -> HashMap<String, Facts> {
    let lag = |role: &DbRole| match role {
        DbRole::Replica { .. } => Lag::Replica,
        DbRole::ClusterReader { .. } => Lag::Aurora,
        DbRole::Primary | DbRole::ClusterWriter { .. } => Lag::None,
    };
    fleet
        .instances
        .iter()
        .map(|db| {
            let target = InstanceTarget {
                id: db.id.clone(),
                aurora: db.engine.starts_with("aurora"),
                lag: lag(&db.role),
                db_load: db.performance_insights == Some(true),
            };
            (
                db.id.clone(),
                Facts {
                    resource_id: db.resource_id.clone(),
                    class: db.class.clone(),
                    engine: db.engine.clone(),
                    target,
                },
            )
        })
        .collect()
}

impl Aws {
    /// Loads and checks credentials and regions, then builds the clients of every scope.
    pub async fn connect(settings: &Settings) -> Result<Self, ConnectError> {
        let configs = connect::connect(settings).await?;
        let accounting = Arc::new(Accounting::default());
        let counter = CallCounter::new(Arc::clone(&accounting));
        let scopes: Vec<Scope> = configs.iter().map(|c| c.scope.clone()).collect();
        let identities = configs.iter().map(|c| (c.scope.clone(), c.identity.clone())).collect();
        let clients = configs.into_iter().map(|c| (c.scope, Clients::new(c.config, &counter))).collect();
        Ok(Self {
            label: label(settings),
            scopes,
            clients,
            identities,
            accounting,
            counter,
            facts: Mutex::default(),
            history: MetricHistory::default(),
            sql_texts: Mutex::default(),
            plan_texts: Mutex::default(),
            shortfalls: Shortfalls::default(),
            hardening: HardeningCache::default(),
            dr_backups: DrBackups::default(),
            events: EventLogs::default(),
            pi_known: Mutex::default(),
            clock: Arc::new(SystemClock),
        })
    }

    fn clients(&self, scope: &Scope) -> Result<&Clients, CloudError> {
        self.clients.get(scope).ok_or_else(|| CloudError::NotFound { what: format!("scope {scope}") })
    }

    fn facts(&self) -> std::sync::MutexGuard<'_, HashMap<Scope, HashMap<String, Facts>>> {
        self.facts.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The instances to ask metrics for, with the lag metric each one has.
    fn instance_targets(&self, scope: &Scope, ids: &[String]) -> Vec<InstanceTarget> {
        let facts = self.facts();
        let known = facts.get(scope);
        ids.iter()
            .map(|id| {
                known.and_then(|k| k.get(id)).map_or_else(
                    || InstanceTarget { id: id.clone(), aurora: false, lag: Lag::None, db_load: false },
                    |f| f.target.clone(),
                )
            })
            .collect()
    }

    /// The PI resource id and class of an instance, looking it up when the fleet has not.
    /// What PI calls need of an instance: from the fleet when it was fetched, else read.
    async fn pi_facts(&self, key: &ResourceKey) -> Result<PiFacts, CloudError> {
        let known = self.facts().get(&key.scope).and_then(|k| k.get(&key.id)).cloned();
        let (resource_id, class, engine) = if let Some(f) = known {
            (f.resource_id, f.class, f.engine)
        } else {
            let db = rds::one(&self.clients(&key.scope)?.rds, &key.scope.region, &key.id).await?;
            (db.resource_id, db.class, db.engine)
        };
        let resource_id =
            resource_id.ok_or_else(|| CloudError::NotFound { what: format!("the DbiResourceId of {key}") })?;
        Ok(PiFacts { resource_id, class, engine })
    }
}

impl Inventory for Aws {
    fn label(&self) -> String {
        self.label.clone()
    }

    fn scopes(&self) -> Vec<Scope> {
        self.scopes.clone()
    }

    fn clock(&self) -> Arc<dyn Clock> {
        Arc::clone(&self.clock) as Arc<dyn Clock>
    }

    fn db_fleet<'a>(&'a self, scope: &'a Scope) -> CloudFuture<'a, DbFleet> {
        Box::pin(async move {
            let clients = self.clients(scope)?;
            let mut fleet = rds::fleet(&clients.rds, &scope.region).await?;
            let now = self.clock.now();
            let rds_in = |region: &str| clients.rds_in(region, &self.counter);
            let (hardening, dr_backups) = futures_util::future::join(
                self.hardening.look_up(clients, scope, &fleet, now),
                self.dr_backups.look_up(scope, &fleet, now, rds_in),
            )
            .await;
            hardening.apply(&mut fleet);
            dr_backups.apply(&mut fleet);
            self.facts().insert(scope.clone(), facts(&fleet));
            Ok(fleet)
        })
    }

    fn metrics<'a>(&'a self, scope: &'a Scope, targets: &'a MetricTargets) -> CloudFuture<'a, Metrics> {
        Box::pin(async move {
            let client = &self.clients(scope)?.cloudwatch;
            let instances = self.instance_targets(scope, &targets.instances);
            let what = (instances.as_slice(), targets.groups.as_slice());
            metrics::fetch(client, &self.history, scope, what, self.clock.now()).await
        })
    }

    fn db_history<'a>(&'a self, instance: &'a ResourceKey, window: Window) -> CloudFuture<'a, DbSeries> {
        Box::pin(async move {
            let client = &self.clients(&instance.scope)?.cloudwatch;
            let targets = self.instance_targets(&instance.scope, std::slice::from_ref(&instance.id));
            let Some(target) = targets.first() else { return Err(super::not_found(instance)) };
            history::fetch(client, target, window, self.clock.now()).await
        })
    }

    fn alarms<'a>(&'a self, scope: &'a Scope) -> CloudFuture<'a, Vec<Alarm>> {
        Box::pin(async move { alarms::alarms(&self.clients(scope)?.cloudwatch, &scope.region).await })
    }

    fn scaling_groups<'a>(&'a self, scope: &'a Scope) -> CloudFuture<'a, Vec<ScalingGroup>> {
        Box::pin(async move {
            let mut groups = scaling::groups(&self.clients(scope)?.autoscaling, &scope.region).await?;
            self.shortfalls.stamp(scope, &mut groups, self.clock.now());
            Ok(groups)
        })
    }

    fn db_events<'a>(&'a self, scope: &'a Scope) -> CloudFuture<'a, Vec<DbEvent>> {
        Box::pin(async move { events::fetch(&self.clients(scope)?.rds, &self.events, scope, self.clock.now()).await })
    }

    fn performance<'a>(&'a self, query: &'a PiQuery) -> CloudFuture<'a, Performance> {
        Box::pin(async move {
            let facts = self.pi_facts(&query.instance).await?;
            let target = facts.target(&query.instance);
            // Boxed: several PI calls in flight make a large future.
            let client = &self.clients(&query.instance.scope)?.pi;
            Box::pin(pi::performance(client, target, (self.clock.now(), query.view), &self.pi_known)).await
        })
    }

    fn blocking<'a>(&'a self, query: &'a PiQuery) -> CloudFuture<'a, Blocking> {
        Box::pin(async move {
            let facts = self.pi_facts(&query.instance).await?;
            let target = facts.target(&query.instance);
            let client = &self.clients(&query.instance.scope)?.pi;
            let at = (self.clock.now(), query.view);
            Box::pin(pi_blocking::blocking(client, target, at, &self.pi_known)).await
        })
    }

    fn sql_detail<'a>(&'a self, query: &'a PiQuery, sql_id: &'a str) -> CloudFuture<'a, SqlDetail> {
        Box::pin(async move {
            let facts = self.pi_facts(&query.instance).await?;
            let target = facts.target(&query.instance);
            let client = &self.clients(&query.instance.scope)?.pi;
            let at = (self.clock.now(), query.view);
            let kept = pi_sql::Kept { texts: &self.sql_texts, plans: &self.plan_texts, known: &self.pi_known };
            Box::pin(pi_sql::detail(client, target, at, sql_id, kept)).await
        })
    }

    fn analysis_reports<'a>(&'a self, instance: &'a ResourceKey) -> CloudFuture<'a, Vec<ReportSummary>> {
        Box::pin(async move {
            let facts = self.pi_facts(instance).await?;
            pi_reports::list(&self.clients(&instance.scope)?.pi, &facts.resource_id).await
        })
    }

    fn analysis_report<'a>(&'a self, instance: &'a ResourceKey, id: &'a str) -> CloudFuture<'a, AnalysisReport> {
        Box::pin(async move {
            let facts = self.pi_facts(instance).await?;
            pi_reports::get(&self.clients(&instance.scope)?.pi, &facts.resource_id, id).await
        })
    }

    fn db_snapshot<'a>(&'a self, snapshot: &'a ResourceKey, kind: SnapshotKind) -> CloudFuture<'a, DbSnapshot> {
        Box::pin(async move { ops::snapshot(&self.clients(&snapshot.scope)?.rds, &snapshot.id, kind).await })
    }

    fn alarm_history<'a>(&'a self, alarm: &'a ResourceKey) -> CloudFuture<'a, Vec<AlarmHistoryItem>> {
        Box::pin(async move { alarms::history(&self.clients(&alarm.scope)?.cloudwatch, &alarm.id).await })
    }

    fn db_instance<'a>(&'a self, key: &'a ResourceKey) -> CloudFuture<'a, DbInstance> {
        Box::pin(async move { rds::one(&self.clients(&key.scope)?.rds, &key.scope.region, &key.id).await })
    }

    fn db_cluster<'a>(&'a self, key: &'a ResourceKey) -> CloudFuture<'a, DbCluster> {
        Box::pin(async move { rds::one_cluster(&self.clients(&key.scope)?.rds, &key.scope.region, &key.id).await })
    }

    fn scaling_group<'a>(&'a self, key: &'a ResourceKey) -> CloudFuture<'a, ScalingGroup> {
        Box::pin(async move { scaling::one(&self.clients(&key.scope)?.autoscaling, &key.scope.region, &key.id).await })
    }

    fn probe<'a>(&'a self, scope: &'a Scope, probe: Probe) -> Option<CloudFuture<'a, ()>> {
        Some(Box::pin(async move { probe::probe(self.clients(scope)?, probe, self.clock.now()).await }))
    }

    fn has_probe(&self, _: Probe) -> bool {
        // Every feed's API has a request cheaper than its poll: see probe.rs.
        true
    }

    fn checkup<'a>(&'a self, scope: &'a Scope, call: Checkup) -> Option<CloudFuture<'a, Checked>> {
        Some(Box::pin(async move { checkup::checkup(self.clients(scope)?, call, self.clock.now()).await }))
    }

    fn usage(&self) -> Option<ApiUsage> {
        Some(self.accounting.usage(Instant::now()))
    }

    fn identity(&self, scope: &Scope) -> Option<Identity> {
        self.identities.get(scope)?.as_ref().ok().cloned()
    }

    fn identity_unknown(&self, scope: &Scope) -> Option<String> {
        self.identities.get(scope)?.as_ref().err().cloned()
    }
}

impl Operations for Aws {
    fn set_desired_capacity<'a>(&'a self, group: &'a ResourceKey, desired: u32) -> CloudFuture<'a, Receipt> {
        Box::pin(async move {
            ops::set_desired_capacity(&self.clients(&group.scope)?.autoscaling, &group.id, desired).await
        })
    }

    fn set_max_size<'a>(&'a self, group: &'a ResourceKey, max: u32) -> CloudFuture<'a, Receipt> {
        Box::pin(async move { ops::set_max_size(&self.clients(&group.scope)?.autoscaling, &group.id, max).await })
    }

    fn create_db_snapshot<'a>(&'a self, instance: &'a ResourceKey, snapshot_id: &'a str) -> CloudFuture<'a, Receipt> {
        Box::pin(async move {
            ops::create_db_snapshot(&self.clients(&instance.scope)?.rds, &instance.id, snapshot_id).await
        })
    }

    fn create_cluster_snapshot<'a>(
        &'a self,
        cluster: &'a ResourceKey,
        snapshot_id: &'a str,
    ) -> CloudFuture<'a, Receipt> {
        Box::pin(async move {
            ops::create_cluster_snapshot(&self.clients(&cluster.scope)?.rds, &cluster.id, snapshot_id).await
        })
    }

    fn reboot_with_failover<'a>(&'a self, instance: &'a ResourceKey) -> CloudFuture<'a, Receipt> {
        Box::pin(async move { ops::reboot_with_failover(&self.clients(&instance.scope)?.rds, &instance.id).await })
    }

    fn failover_cluster<'a>(&'a self, cluster: &'a ResourceKey, target_reader: &'a str) -> CloudFuture<'a, Receipt> {
        Box::pin(
            async move { ops::failover_cluster(&self.clients(&cluster.scope)?.rds, &cluster.id, target_reader).await },
        )
    }

    fn promote_read_replica<'a>(&'a self, instance: &'a ResourceKey) -> CloudFuture<'a, Receipt> {
        Box::pin(async move { ops::promote_read_replica(&self.clients(&instance.scope)?.rds, &instance.id).await })
    }

    fn disable_alarm_actions<'a>(&'a self, alarm: &'a ResourceKey, also: &'a [String]) -> CloudFuture<'a, Receipt> {
        Box::pin(
            async move { ops::alarm_actions(&self.clients(&alarm.scope)?.cloudwatch, (&alarm.id, also), false).await },
        )
    }

    fn enable_alarm_actions<'a>(&'a self, alarm: &'a ResourceKey, also: &'a [String]) -> CloudFuture<'a, Receipt> {
        Box::pin(
            async move { ops::alarm_actions(&self.clients(&alarm.scope)?.cloudwatch, (&alarm.id, also), true).await },
        )
    }

    fn copy_db_snapshot<'a>(
        &'a self,
        source: &'a ResourceKey,
        target_region: &'a str,
        target_snapshot_id: &'a str,
        kms_key_id: Option<&'a str>,
    ) -> CloudFuture<'a, Receipt> {
        Box::pin(async move {
            let clients = self.clients(&source.scope)?;
            let target = clients.rds_in(target_region, &self.counter);
            ops::copy_db_snapshot(&clients.rds, &target, &source.id, (target_snapshot_id, kms_key_id)).await
        })
    }

    fn create_analysis_report<'a>(
        &'a self,
        instance: &'a ResourceKey,
        resource_id: &'a str,
        window: (Timestamp, Timestamp),
    ) -> CloudFuture<'a, Receipt> {
        Box::pin(
            async move { pi_reports::create(&self.clients(&instance.scope)?.pi, instance, resource_id, window).await },
        )
    }

    fn put_scheduled_action<'a>(
        &'a self,
        group: &'a ResourceKey,
        action: &'a ScheduledAction,
    ) -> CloudFuture<'a, Receipt> {
        Box::pin(
            async move { ops::put_scheduled_action(&self.clients(&group.scope)?.autoscaling, &group.id, action).await },
        )
    }

    fn delete_scheduled_action<'a>(&'a self, group: &'a ResourceKey, name: &'a str) -> CloudFuture<'a, Receipt> {
        Box::pin(async move {
            ops::delete_scheduled_action(&self.clients(&group.scope)?.autoscaling, &group.id, name).await
        })
    }

    fn create_cluster_instance<'a>(&'a self, cluster: &'a ResourceKey, new: NewMember<'a>) -> CloudFuture<'a, Receipt> {
        Box::pin(
            async move { ops::create_cluster_instance(&self.clients(&cluster.scope)?.rds, &cluster.id, new).await },
        )
    }

    fn modify_instance_class<'a>(&'a self, instance: &'a ResourceKey, class: &'a str) -> CloudFuture<'a, Receipt> {
        Box::pin(
            async move { ops::modify_instance_class(&self.clients(&instance.scope)?.rds, &instance.id, class).await },
        )
    }
}
