//! Every runbook end to end on the simulator: plan from what the console shows, run it as the
//! app does, and watch the simulated fleet change. The simulated clock is moved forward each
//! time the runner reports, and tokio's clock is paused: nothing sleeps for real.

use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use serde_json::Value;
use tokio::sync::mpsc;

use opsdeck::cloud::model::{DbRole, ResourceKey, Scope};
use opsdeck::cloud::sim::{SimClock, SimConfig, Simulator};
use opsdeck::cloud::{Clock, CloudError, Inventory, Operations, ReadOnly};
use opsdeck::event::{Event, Polled};
use opsdeck::feed::stamped;
use opsdeck::runbook::audit::AuditLog;
use opsdeck::runbook::catalog::{plan, snapshot_id};
use opsdeck::runbook::plan::Plan;
use opsdeck::runbook::plan::Request;
use opsdeck::runbook::report::{RunReport, RunStatus, RunUpdate};
use opsdeck::runbook::runner::Runner;
use opsdeck::state::State;
use opsdeck::update::{metric_targets, update};

use crate::fixtures::writes::AfterEachWrite;

/// The simulator on a manual clock, and an audit log of its own (also used by `audit.rs`).
pub(crate) struct Bench {
    pub(crate) sim: Arc<Simulator>,
    pub(crate) clock: Arc<SimClock>,
    pub(crate) audit: AuditLog,
}

pub(crate) fn east() -> Scope {
    Scope::region("us-east-1")
}

impl Bench {
    pub(crate) fn new(name: &str) -> Self {
        let clock = Arc::new(SimClock::manual(Utc.with_ymd_and_hms(2026, 11, 27, 15, 0, 0).unwrap()));
        let sim = Arc::new(Simulator::with_clock(SimConfig::default(), Arc::clone(&clock)));
        let path = std::env::temp_dir().join(format!("opsdeck-it-{name}-{}.jsonl", std::process::id()));
        let _ = std::fs::remove_file(&path);
        Self { sim, clock, audit: AuditLog::new(path) }
    }

    /// What the console would show after one poll of every feed.
    pub(crate) async fn state(&self) -> State {
        let now = self.clock.now();
        let mut state = State::new(self.sim.label(), self.sim.scopes());
        for scope in self.sim.scopes() {
            let fleet = stamped(self.sim.db_fleet(&scope).await, now);
            update(&mut state, Event::Polled(Polled::Fleet(scope.clone(), fleet)));
            let groups = stamped(self.sim.scaling_groups(&scope).await, now);
            update(&mut state, Event::Polled(Polled::Groups(scope.clone(), groups)));
            let targets = metric_targets(&state, &scope);
            let metrics = stamped(self.sim.metrics(&scope, &targets).await, now);
            update(&mut state, Event::Polled(Polled::Metrics(scope.clone(), metrics)));
            let alarms = stamped(self.sim.alarms(&scope).await, now);
            update(&mut state, Event::Polled(Polled::Alarms(scope.clone(), alarms)));
        }
        update(&mut state, Event::Tick(now));
        state
    }

    /// Runs a plan to its end as run 1 of a session, moving the simulated clock on at every
    /// report: every report, the last one `Finished`.
    pub(crate) async fn reports(&self, plan: Plan, operations: Arc<dyn Operations>) -> Vec<RunReport> {
        let runner = Runner {
            inventory: Arc::clone(&self.sim) as Arc<dyn Inventory>,
            operations,
            audit: self.audit.clone(),
            poll_every: Duration::from_secs(5),
            call_timeout: Duration::from_secs(15),
            locks: None,
        };
        let (tx, mut rx) = mpsc::unbounded_channel();
        let task = tokio::spawn(runner.run(1, plan, tx));
        let mut reports = Vec::new();
        loop {
            let Some(report) = rx.recv().await else { panic!("the runner ended without a report") };
            let done = matches!(report.update, RunUpdate::Finished(_));
            reports.push(report);
            if done {
                break;
            }
            self.clock.advance(Duration::from_secs(10));
        }
        task.await.unwrap();
        reports
    }

    /// Runs a plan to its end: how it ended, and what its waits saw.
    pub(crate) async fn run(&self, plan: Plan, operations: Arc<dyn Operations>) -> (RunStatus, Vec<String>) {
        let mut status = RunStatus::Running;
        let mut progress = Vec::new();
        for report in self.reports(plan, operations).await {
            match report.update {
                RunUpdate::Finished(end) => status = end,
                RunUpdate::Progress(seen) => progress.push(seen),
                RunUpdate::Step(_) => {}
            }
        }
        (status, progress)
    }

    pub(crate) fn audit(&self) -> Vec<Value> {
        self.audit.read().unwrap().into_iter().map(|(_, e)| e.unwrap()).collect()
    }

    pub(crate) fn ops(&self) -> Arc<dyn Operations> {
        Arc::clone(&self.sim) as Arc<dyn Operations>
    }
}

fn events(audit: &[Value]) -> Vec<String> {
    audit.iter().map(|e| format!("{}:{}", e["event"].as_str().unwrap(), e["outcome"].as_str().unwrap_or(""))).collect()
}

#[tokio::test(start_paused = true)]
async fn scale_up_ramps_capacity_to_the_target() {
    let bench = Bench::new("scale");
    let state = bench.state().await;
    let group = ResourceKey::new(east(), "checkout-api");
    let before = state.group(&group).unwrap().desired;
    let target = before + 2;
    let (status, progress) =
        bench.run(plan(&state.fleet_view(), &Request::ScaleUp { group, target }), bench.ops()).await;
    assert_eq!(status, RunStatus::Succeeded, "{progress:?}");
    assert!(progress.iter().any(|p| p.contains("pending")), "capacity ramps: {progress:?}");
    let groups = bench.sim.scaling_groups(&east()).await.unwrap();
    let g = groups.iter().find(|g| g.name == "checkout-api").unwrap();
    assert_eq!((g.desired, g.in_service), (target, target));
    assert_eq!(events(&bench.audit()), ["confirmed:", "step:ok", "step:ok", "finished:succeeded"]);
    assert!(bench.audit()[1]["request_id"].is_string(), "the call's request id is recorded");
}

#[tokio::test(start_paused = true)]
async fn snapshot_with_a_copy_to_the_dr_region() {
    let bench = Bench::new("snapshot");
    let state = bench.state().await;
    let id = snapshot_id("shop-prod-db", bench.clock.now());
    let request = Request::Snapshot {
        target: ResourceKey::new(east(), "shop-prod-db"),
        snapshot_id: id.clone(),
        copy_to_dr: true,
    };
    let (status, progress) = bench.run(plan(&state.fleet_view(), &request), bench.ops()).await;
    assert_eq!(status, RunStatus::Succeeded, "{progress:?}");
    assert!(progress.iter().any(|p| p.contains('%')), "progress is shown: {progress:?}");
    let kind = opsdeck::cloud::model::SnapshotKind::Instance;
    let copy = bench.sim.db_snapshot(&ResourceKey::new(Scope::region("us-west-2"), id), kind).await.unwrap();
    assert!(copy.is_available());
}

#[tokio::test(start_paused = true)]
async fn forced_failover_moves_the_primary_to_its_standby() {
    let bench = Bench::new("failover");
    let state = bench.state().await;
    let key = ResourceKey::new(east(), "shop-prod-db");
    let before = state.instance(&key).unwrap().az.clone();
    let (status, progress) = bench
        .run(plan(&state.fleet_view(), &Request::Failover { target: key.clone(), reader: None }), bench.ops())
        .await;
    assert_eq!(status, RunStatus::Succeeded, "{progress:?}");
    assert!(progress.iter().any(|p| p.starts_with("rebooting")), "{progress:?}");
    let fleet = bench.sim.db_fleet(&east()).await.unwrap();
    let after = fleet.instances.iter().find(|i| i.id == key.id).unwrap();
    assert_ne!(after.az, before);
}

#[tokio::test(start_paused = true)]
async fn aurora_failover_moves_the_writer() {
    let bench = Bench::new("aurora");
    let state = bench.state().await;
    let request =
        Request::Failover { target: ResourceKey::new(east(), "shop-catalog"), reader: Some("shop-catalog-3".into()) };
    let (status, progress) = bench.run(plan(&state.fleet_view(), &request), bench.ops()).await;
    assert_eq!(status, RunStatus::Succeeded, "{progress:?}");
    let fleet = bench.sim.db_fleet(&east()).await.unwrap();
    assert_eq!(fleet.clusters[0].writer(), Some("shop-catalog-3"));
}

#[tokio::test(start_paused = true)]
async fn promoting_the_dr_replica_detaches_it() {
    let bench = Bench::new("promote");
    let state = bench.state().await;
    let west = Scope::region("us-west-2");
    let request = Request::Failover { target: ResourceKey::new(west.clone(), "shop-prod-db-dr"), reader: None };
    let plan = plan(&state.fleet_view(), &request);
    assert!(plan.data_at_risk.is_some());
    let (status, progress) = bench.run(plan, bench.ops()).await;
    assert_eq!(status, RunStatus::Succeeded, "{progress:?}");
    let fleet = bench.sim.db_fleet(&west).await.unwrap();
    assert_eq!(fleet.instances.iter().find(|i| i.id == "shop-prod-db-dr").unwrap().role, DbRole::Primary);
}

#[tokio::test(start_paused = true)]
async fn the_runner_stops_when_what_the_plan_assumed_has_changed() {
    let bench = Bench::new("changed");
    let state = bench.state().await;
    let group = ResourceKey::new(east(), "order-workers");
    let desired = state.group(&group).unwrap().desired;
    let plan = plan(&state.fleet_view(), &Request::ScaleUp { group: group.clone(), target: desired + 3 });
    // Someone else scales the group between the plan and the run.
    bench.sim.set_desired_capacity(&group, desired + 1).await.unwrap();
    let (status, _) = bench.run(plan, bench.ops()).await;
    let RunStatus::Stopped(why) = status else { panic!("{status:?}") };
    assert!(why.contains(&format!("desired changed from {desired} to {}", desired + 1)), "{why}");
    assert_eq!(events(&bench.audit()), ["confirmed:", "step:stopped", "finished:stopped"]);
}

#[tokio::test(start_paused = true)]
async fn read_only_refuses_the_write_and_the_audit_log_says_so() {
    let bench = Bench::new("readonly");
    let state = bench.state().await;
    let group = ResourceKey::new(east(), "search-api");
    let target = state.group(&group).unwrap().desired + 1;
    let (status, _) = bench
        .run(plan(&state.fleet_view(), &Request::ScaleUp { group: group.clone(), target }), Arc::new(ReadOnly))
        .await;
    let RunStatus::Failed(why) = status else { panic!("{status:?}") };
    assert!(why.contains("read-only"), "{why}");
    let audit = bench.audit();
    assert_eq!(events(&audit), ["confirmed:", "step:failed", "finished:failed"]);
    let groups = bench.sim.scaling_groups(&east()).await.unwrap();
    assert_eq!(groups.iter().find(|g| g.name == "search-api").unwrap().desired, target - 1, "nothing changed");
}

#[tokio::test(start_paused = true)]
async fn a_run_the_console_quits_during_is_recorded_abandoned_in_its_step() {
    let bench = Bench::new("abandon");
    let state = bench.state().await;
    let group = ResourceKey::new(east(), "checkout-api");
    let target = state.group(&group).unwrap().desired + 2;
    let plan = plan(&state.fleet_view(), &Request::ScaleUp { group, target });
    let runner = Runner {
        inventory: Arc::clone(&bench.sim) as Arc<dyn Inventory>,
        operations: bench.ops(),
        audit: bench.audit.clone(),
        poll_every: Duration::from_secs(5),
        call_timeout: Duration::from_secs(15),
        locks: None,
    };
    let (tx, mut rx) = mpsc::unbounded_channel();
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let task = tokio::spawn(runner.run_until(1, plan, tx, stopped));
    // The call is made; the run is waiting for the instances when the console quits.
    loop {
        match rx.recv().await.map(|r| r.update) {
            Some(RunUpdate::Progress(_)) => break,
            Some(RunUpdate::Finished(status)) => panic!("finished before the quit: {status:?}"),
            Some(RunUpdate::Step(_)) => {}
            None => panic!("the runner ended without a report"),
        }
    }
    stop.send_replace(true);
    task.await.unwrap();
    let Some(RunUpdate::Finished(RunStatus::Abandoned(why))) = rx.recv().await.map(|r| r.update) else {
        panic!("no abandoned report")
    };
    assert!(why.contains("step 2/2") && why.contains("InService"), "{why}");
    let audit = bench.audit();
    assert_eq!(events(&audit), ["confirmed:", "step:ok", "finished:abandoned"]);
    assert!(audit[2]["reason"].as_str().unwrap().contains("step 2/2"), "{}", audit[2]);
}

#[tokio::test(start_paused = true)]
async fn a_write_whose_answer_is_lost_but_took_effect_is_read_back_and_the_run_goes_on() {
    let bench = Bench::new("lost-answer");
    let state = bench.state().await;
    let group = ResourceKey::new(east(), "checkout-api");
    let target = state.group(&group).unwrap().desired + 2;
    let plan = plan(&state.fleet_view(), &Request::ScaleUp { group: group.clone(), target });
    // Each write is made, then its answer lost, as a dropped connection loses it.
    let lost = AfterEachWrite::new(&bench.sim, |_, made| {
        made.and(Err(CloudError::Network { message: "connection reset before the answer".into() }))
    });
    let (status, _) = bench.run(plan, Arc::new(lost)).await;
    assert_eq!(status, RunStatus::Succeeded);
    let audit = bench.audit();
    assert_eq!(events(&audit), ["confirmed:", "step:unknown", "step:ok", "finished:succeeded"]);
    let detail = audit[1]["detail"].as_str().unwrap();
    assert!(detail.contains("took effect") && detail.contains(&format!("desired is {target}")), "{detail}");
    let groups = bench.sim.scaling_groups(&east()).await.unwrap();
    assert_eq!(groups.iter().find(|g| g.name == "checkout-api").unwrap().desired, target, "made once");
}
