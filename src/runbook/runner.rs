//! The runner: performs a confirmed plan as a task. Before each call it re-reads what the call
//! depends on and stops if that changed; it stops at the first failed step; it reports
//! progress on its own channel and writes every step to the audit log before going on.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;

use crate::cloud::model::{DbRole, DbStatus, MetricTargets, ResourceKey, Scope};
use crate::cloud::{Clock, CloudError, Inventory, Operations, Receipt};
use crate::judging::format_secs;

use super::audit::{AuditLog, Entry, Record, new_run_id, os_user};
use super::plan::{Action, Assumption, Plan, Step, Wait};
use super::report::{RunReport, RunStatus, RunUpdate};

/// What a run needs from the outside world.
#[derive(Debug, Clone)]
pub struct Runner {
    pub inventory: Arc<dyn Inventory>,
    pub operations: Arc<dyn Operations>,
    pub audit: AuditLog,
    /// How often a wait looks again.
    pub poll_every: Duration,
}

/// What a wait saw.
enum Seen {
    Done(String),
    NotYet(String),
}

impl Runner {
    /// Runs `plan` as run `id`, reporting on `tx`.
    pub async fn run(self, id: u64, plan: Plan, tx: mpsc::UnboundedSender<RunReport>) {
        let run_id = new_run_id();
        tracing::info!(run = id, run_id = %run_id, "run started");
        let run =
            Run { runner: &self, id, unique: run_id, plan: &plan, tx, user: os_user(), clock: self.inventory.clock() };
        let status = run.steps().await;
        let (outcome, reason) = match &status {
            RunStatus::Succeeded | RunStatus::Running => ("succeeded", None),
            RunStatus::Failed(why) => ("failed", Some(why.clone())),
            RunStatus::Stopped(why) => ("stopped", Some(why.clone())),
        };
        if let Err(e) = run.record(Record::Finished { outcome, reason }) {
            tracing::error!(error = %e, "audit log: could not record the end of run {id}");
        }
        run.report(RunUpdate::Finished(status));
    }
}

struct Run<'a> {
    runner: &'a Runner,
    id: u64,
    /// Unique across sessions: two sessions sharing a log both have a run 1.
    unique: String,
    plan: &'a Plan,
    tx: mpsc::UnboundedSender<RunReport>,
    user: String,
    clock: Arc<dyn Clock>,
}

impl Run<'_> {
    fn report(&self, update: RunUpdate) {
        let report = RunReport { id: self.id, at: self.clock.now(), update };
        // The console may have quit; the run and its audit entries go on regardless.
        let _ = self.tx.send(report);
    }

    fn record(&self, record: Record<'_>) -> std::io::Result<()> {
        let target = &self.plan.target;
        let backend = self.runner.inventory.label();
        self.runner.audit.append(&Entry {
            // Wall time, whatever the backend's clock: an audit log answers "when, really".
            time: chrono::Utc::now(),
            run: self.id,
            run_id: &self.unique,
            user: &self.user,
            backend: &backend,
            profile: target.scope.profile.as_deref(),
            region: &target.scope.region,
            runbook: self.plan.runbook,
            target: &target.id,
            record,
        })
    }

    async fn steps(&self) -> RunStatus {
        if let Err(e) = self.record(Record::Confirmed { plan: self.plan }) {
            return RunStatus::Failed(format!("the audit log cannot be written ({e}); nothing was done"));
        }
        for (index, step) in self.plan.steps.iter().enumerate() {
            self.report(RunUpdate::Step(index));
            let (outcome, request_id, detail, status) = match step {
                Step::Call { action, expect } => self.call(action, expect).await,
                Step::Wait { wait, timeout_secs } => self.wait(wait, Duration::from_secs(*timeout_secs)).await,
            };
            let record = Record::Step { index, step: step.to_string(), outcome, request_id, detail };
            if let Err(e) = self.record(record) {
                return RunStatus::Failed(format!(
                    "the audit log cannot be written ({e}); stopped after step {}",
                    index + 1
                ));
            }
            if let Some(status) = status {
                return status;
            }
        }
        RunStatus::Succeeded
    }

    /// Re-checks, then calls. The tuple: outcome, request id, detail, and a final status if
    /// the run must end here.
    async fn call(&self, action: &Action, expect: &[Assumption]) -> StepResult {
        if let Err(why) = self.verify(expect).await {
            let why = format!("{why}; nothing more was done");
            return ("stopped", None, Some(why.clone()), Some(RunStatus::Stopped(why)));
        }
        match perform(self.runner.operations.as_ref(), action).await {
            Ok(receipt) => ("ok", receipt.request_id, None, None),
            Err(error) => {
                let why = format!("{action}: {error}");
                ("failed", None, Some(error.to_string()), Some(RunStatus::Failed(why)))
            }
        }
    }

    async fn wait(&self, wait: &Wait, timeout: Duration) -> StepResult {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let last = match self.observe(wait).await {
                Ok(Seen::Done(seen)) => return ("ok", None, Some(seen), None),
                Ok(Seen::NotYet(seen)) => seen,
                // A transient read error during a wait is not a failure of the step: look again.
                Err(error) => format!("could not look: {error}"),
            };
            self.report(RunUpdate::Progress(last.clone()));
            if tokio::time::Instant::now() >= deadline {
                let why = format!("{wait}: timed out after {} ({last})", format_secs(timeout.as_secs_f64()));
                return ("failed", None, Some(last), Some(RunStatus::Failed(why)));
            }
            tokio::time::sleep(self.runner.poll_every).await;
        }
    }

    async fn verify(&self, expect: &[Assumption]) -> Result<(), String> {
        let scope = &self.plan.target.scope;
        for assumption in expect {
            check(self.runner.inventory.as_ref(), scope, assumption)
                .await
                .map_err(|why| format!("re-check before acting: {why}"))?;
        }
        Ok(())
    }

    async fn observe(&self, wait: &Wait) -> Result<Seen, CloudError> {
        observe(self.runner.inventory.as_ref(), wait).await
    }
}

type StepResult = (&'static str, Option<String>, Option<String>, Option<RunStatus>);

async fn perform(ops: &dyn Operations, action: &Action) -> Result<Receipt, CloudError> {
    match action {
        Action::SetMaxSize { group, to, .. } => ops.set_max_size(group, *to).await,
        Action::SetDesiredCapacity { group, to, .. } => ops.set_desired_capacity(group, *to).await,
        Action::CreateDbSnapshot { instance, snapshot_id } => ops.create_db_snapshot(instance, snapshot_id).await,
        Action::CreateClusterSnapshot { cluster, snapshot_id } => {
            ops.create_cluster_snapshot(cluster, snapshot_id).await
        }
        Action::CopyDbSnapshot { source, target_region, target_snapshot_id, kms_key_id } => {
            ops.copy_db_snapshot(source, target_region, target_snapshot_id, kms_key_id.as_deref()).await
        }
        Action::RebootWithFailover { instance } => ops.reboot_with_failover(instance).await,
        Action::FailoverCluster { cluster, target } => ops.failover_cluster(cluster, target).await,
        Action::PromoteReadReplica { instance } => ops.promote_read_replica(instance).await,
    }
}

/// Re-reads one fact; `Err` says what changed (or why it could not be read).
async fn check(inv: &dyn Inventory, scope: &Scope, assumption: &Assumption) -> Result<(), String> {
    let unreadable = |e: CloudError| format!("could not re-read ({e})");
    match assumption {
        Assumption::GroupDesired { group, desired } | Assumption::GroupMax { group, max: desired } => {
            let groups = inv.scaling_groups(scope).await.map_err(unreadable)?;
            let g = groups.iter().find(|g| &g.name == group).ok_or_else(|| format!("{group} no longer exists"))?;
            let (name, now) = match assumption {
                Assumption::GroupMax { .. } => ("max", g.max),
                _ => ("desired", g.desired),
            };
            if now == *desired { Ok(()) } else { Err(format!("{group} {name} changed from {desired} to {now}")) }
        }
        Assumption::DbAvailable { instance } => {
            let fleet = inv.db_fleet(scope).await.map_err(unreadable)?;
            let db = fleet.instances.iter().find(|i| &i.id == instance).ok_or_else(|| format!("{instance} is gone"))?;
            available(instance, &db.status)
        }
        Assumption::ClusterAvailable { cluster } | Assumption::ClusterWriter { cluster, .. } => {
            let fleet = inv.db_fleet(scope).await.map_err(unreadable)?;
            let c = fleet.clusters.iter().find(|c| &c.id == cluster).ok_or_else(|| format!("{cluster} is gone"))?;
            match assumption {
                Assumption::ClusterWriter { writer, .. } if c.writer() != Some(writer.as_str()) => {
                    Err(format!("the writer of {cluster} is now {}", c.writer().unwrap_or("none")))
                }
                _ => available(cluster, &c.status),
            }
        }
        Assumption::LagBelow { instance, limit_secs } => {
            let targets = MetricTargets { instances: vec![instance.clone()], groups: Vec::new() };
            let metrics = inv.metrics(scope, &targets).await.map_err(unreadable)?;
            let lag = metrics.db.get(instance).and_then(|s| s.latest(crate::cloud::model::DbMetric::ReplicaLag));
            match lag {
                Some(lag) if lag < *limit_secs => Ok(()),
                Some(lag) => {
                    Err(format!("{instance} lag is now {} (limit {})", format_secs(lag), format_secs(*limit_secs)))
                }
                None => Err(format!("{instance} reports no replica lag")),
            }
        }
    }
}

fn available(id: &str, status: &DbStatus) -> Result<(), String> {
    if *status == DbStatus::Available { Ok(()) } else { Err(format!("{id} is now {status}")) }
}

async fn observe(inv: &dyn Inventory, wait: &Wait) -> Result<Seen, CloudError> {
    let seen = |done: bool, text: String| if done { Seen::Done(text) } else { Seen::NotYet(text) };
    match wait {
        Wait::InService { group, target } => {
            let groups = inv.scaling_groups(&group.scope).await?;
            let g = groups.iter().find(|g| g.name == group.id).ok_or_else(|| not_found(group))?;
            Ok(seen(g.in_service >= *target, format!("{}/{target} in service, {} pending", g.in_service, g.pending)))
        }
        Wait::SnapshotAvailable { snapshot, kind } => match inv.db_snapshot(snapshot, (*kind).into()).await {
            Ok(s) => {
                let pct = s.progress_percent.map(|p| format!(" {p}%")).unwrap_or_default();
                Ok(seen(s.is_available(), format!("{} {}{pct}", s.id, s.status)))
            }
            // Right after creation a snapshot may not be listed yet.
            Err(CloudError::NotFound { .. }) => Ok(Seen::NotYet(format!("{} not listed yet", snapshot.id))),
            Err(e) => Err(e),
        },
        Wait::FailedOver { instance, left_az } => {
            let fleet = inv.db_fleet(&instance.scope).await?;
            let db = fleet.instances.iter().find(|i| i.id == instance.id).ok_or_else(|| not_found(instance))?;
            let moved = left_az.is_none() || db.az != *left_az;
            let az = db.az.as_deref().unwrap_or("—");
            Ok(seen(moved && db.status == DbStatus::Available, format!("{} in {az}", db.status)))
        }
        Wait::ClusterWriter { cluster, writer } => {
            let fleet = inv.db_fleet(&cluster.scope).await?;
            let c = fleet.clusters.iter().find(|c| c.id == cluster.id).ok_or_else(|| not_found(cluster))?;
            let done = c.writer() == Some(writer.as_str()) && c.status == DbStatus::Available;
            Ok(seen(done, format!("{}, writer {}", c.status, c.writer().unwrap_or("none"))))
        }
        Wait::Standalone { instance } => {
            let fleet = inv.db_fleet(&instance.scope).await?;
            let db = fleet.instances.iter().find(|i| i.id == instance.id).ok_or_else(|| not_found(instance))?;
            let done = db.role == DbRole::Primary && db.status == DbStatus::Available;
            Ok(seen(done, format!("{} as {}", db.status, db.role.label())))
        }
    }
}

fn not_found(key: &ResourceKey) -> CloudError {
    CloudError::NotFound { what: key.to_string() }
}
