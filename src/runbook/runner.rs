//! The runner: performs a confirmed plan as a task. Before each call it re-reads what the call
//! depends on and stops if that changed; it stops at the first failed step; it reports
//! progress on its own channel and writes every step to the audit log before going on.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::{mpsc, watch};

use crate::cloud::model::ScheduledAction;
use crate::cloud::{Clock, CloudError, Inventory, NewMember, Operations, Receipt};
use crate::judging::format_secs;

use super::audit::{AuditLog, Entry, Record, new_run_id, os_user};
use super::lock::{Claim, TargetLocks};
use super::plan::{Action, Assumption, Plan, Step, Wait};
use super::reads::{self, Seen};
use super::report::{RunReport, RunStatus, RunUpdate};

/// What a run needs from the outside world.
#[derive(Debug, Clone)]
pub struct Runner {
    pub inventory: Arc<dyn Inventory>,
    pub operations: Arc<dyn Operations>,
    pub audit: AuditLog,
    /// How often a wait looks again.
    pub poll_every: Duration,
    /// The outer deadline of each read a run makes (a re-check, a wait's look, a read-back).
    pub call_timeout: Duration,
    /// Where a run takes the lock on its target (war-room wide), if anywhere.
    pub locks: Option<Arc<dyn TargetLocks>>,
}

impl Runner {
    /// Runs `plan` as run `id`, reporting on `tx`, to its end.
    pub async fn run(self, id: u64, plan: Plan, tx: mpsc::UnboundedSender<RunReport>) {
        let (_keep, stop) = watch::channel(false);
        self.run_until(id, plan, tx, stop).await;
    }

    /// Runs `plan` as run `id`, reporting on `tx`, until it ends or `stop` turns true (the
    /// console is quitting): then the run is recorded as abandoned in the step it was in.
    pub async fn run_until(
        self,
        id: u64,
        plan: Plan,
        tx: mpsc::UnboundedSender<RunReport>,
        mut stop: watch::Receiver<bool>,
    ) {
        let run_id = new_run_id();
        tracing::info!(run = id, run_id = %run_id, "run started");
        let user = os_user();
        let clock = self.inventory.clock();
        let run = Run { runner: &self, id, unique: run_id, plan: &plan, tx, user, clock, step: AtomicUsize::new(0) };
        let status = tokio::select! {
            status = run.steps() => status,
            () = stopped(&mut stop) => {
                let index = run.step.load(Ordering::SeqCst);
                let during = plan.steps.get(index).map(ToString::to_string).unwrap_or_default();
                RunStatus::Abandoned(format!(
                    "the console quit during step {}/{}: {during}; what was sent goes on in AWS",
                    index + 1,
                    plan.steps.len()
                ))
            }
        };
        let (outcome, reason) = match &status {
            RunStatus::Succeeded | RunStatus::Running => ("succeeded", None),
            RunStatus::Failed(why) => ("failed", Some(why.clone())),
            RunStatus::Stopped(why) => ("stopped", Some(why.clone())),
            RunStatus::Abandoned(why) => ("abandoned", Some(why.clone())),
        };
        if let Err(e) = run.record(Record::Finished { outcome, reason }) {
            tracing::error!(error = %e, "audit log: could not record the end of run {id}");
        }
        run.report(RunUpdate::Finished(status));
    }
}

/// Resolves once `stop` is true; never, if its sender is gone without saying so.
async fn stopped(stop: &mut watch::Receiver<bool>) {
    while !*stop.borrow_and_update() {
        if stop.changed().await.is_err() {
            std::future::pending::<()>().await;
        }
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
    /// The step being worked on, for the record of an abandoned run.
    step: AtomicUsize,
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
        let identity = self.runner.inventory.identity(&target.scope);
        self.runner.audit.append(&Entry {
            // Wall time, whatever the backend's clock: an audit log answers "when, really".
            time: chrono::Utc::now(),
            run: self.id,
            run_id: &self.unique,
            user: &self.user,
            account: identity.as_ref().map(|i| i.account.as_str()),
            principal: identity.as_ref().map(|i| i.arn.as_str()),
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
        // Held until the run ends (this future is dropped when the console quits, too).
        let _lock = match &self.runner.locks {
            None => None,
            Some(locks) => {
                let claim = Claim { run_id: &self.unique, title: &self.plan.title };
                match locks.take(&self.plan.target, claim).await {
                    Ok(held) => Some(held),
                    Err(why) => return RunStatus::Stopped(format!("{why}; nothing was done")),
                }
            }
        };
        for (index, step) in self.plan.steps.iter().enumerate() {
            self.step.store(index, Ordering::SeqCst);
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
            // No answer: the write may or may not have been made. It is never sent again; the
            // resource says whether it took effect, and the run goes on only if it did.
            Err(error @ CloudError::Network { .. }) => match self.within(reads::effect(self.inventory(), action)).await
            {
                Ok(Some(seen)) => ("unknown", None, Some(format!("{error}; read back: took effect ({seen})")), None),
                Ok(None) => {
                    let why = format!("{action}: {error}; read back: it did not take effect; not sent again");
                    ("unknown", None, Some(why.clone()), Some(RunStatus::Failed(why)))
                }
                Err(read) => {
                    let why = format!(
                        "{action}: {error}; could not read back whether it took effect ({read}); not sent again"
                    );
                    ("unknown", None, Some(why.clone()), Some(RunStatus::Failed(why)))
                }
            },
            Err(error) => {
                let why = format!("{action}: {error}");
                ("failed", None, Some(error.to_string()), Some(RunStatus::Failed(why)))
            }
        }
    }

    fn inventory(&self) -> &dyn Inventory {
        self.runner.inventory.as_ref()
    }

    /// A read with the run's outer deadline: a hung read is a failed read, never a stuck run.
    async fn within<T>(&self, read: impl Future<Output = Result<T, CloudError>>) -> Result<T, CloudError> {
        let limit = self.runner.call_timeout;
        tokio::time::timeout(limit, read)
            .await
            .unwrap_or_else(|_| Err(CloudError::Network { message: format!("no answer within {}s", limit.as_secs()) }))
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
            let read = reads::check(self.inventory(), scope, assumption, self.clock.now());
            let checked = tokio::time::timeout(self.runner.call_timeout, read)
                .await
                .unwrap_or_else(|_| Err(format!("no answer within {}s", self.runner.call_timeout.as_secs())));
            checked.map_err(|why| format!("re-check before acting: {why}"))?;
        }
        Ok(())
    }

    async fn observe(&self, wait: &Wait) -> Result<Seen, CloudError> {
        self.within(reads::observe(self.inventory(), wait)).await
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
        Action::DisableAlarmActions { alarm, also } => ops.disable_alarm_actions(alarm, also).await,
        Action::EnableAlarmActions { alarm, also } => ops.enable_alarm_actions(alarm, also).await,
        Action::CreateAnalysisReport { instance, resource_id, start, end } => {
            ops.create_analysis_report(instance, resource_id, (*start, *end)).await
        }
        Action::PutScheduledAction { group, name, start, min, desired, max } => {
            let action = ScheduledAction {
                name: name.clone(),
                start: Some(*start),
                end: None,
                recurrence: None,
                min: Some(*min),
                desired: Some(*desired),
                max: Some(*max),
            };
            ops.put_scheduled_action(group, &action).await
        }
        Action::DeleteScheduledAction { group, name } => ops.delete_scheduled_action(group, name).await,
        Action::CreateClusterInstance { cluster, instance_id, engine, class, az } => {
            ops.create_cluster_instance(cluster, NewMember { instance_id, engine, class, az }).await
        }
        Action::ModifyInstanceClass { instance, to, .. } => ops.modify_instance_class(instance, to).await,
    }
}
