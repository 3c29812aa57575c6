//! Pausing and resuming an alarm's actions on the simulator, as the console does it: plan from
//! what the Alarms tab shows, run the confirmed plan, see the alarm paused (in the feed and on
//! every screen's header), the audit log's entries before and after each step, then resume.

use std::sync::Arc;

use opsdeck::cloud::model::ResourceKey;
use opsdeck::cloud::{Inventory, Operations, ReadOnly};
use opsdeck::runbook::catalog::plan;
use opsdeck::runbook::plan::{Request, RunbookKind};
use opsdeck::runbook::report::RunStatus;

use crate::runbooks::{Bench, east};

const ALARM: &str = "shop-prod-db-cpu-high";

fn request(name: &str) -> Request {
    Request::Runbook { name: name.to_owned(), target: ResourceKey::new(east(), ALARM), at: None, given: Vec::new() }
}

async fn actions_enabled(bench: &Bench) -> bool {
    let alarms = bench.sim.alarms(&east()).await.unwrap();
    alarms.iter().find(|a| a.name == ALARM).unwrap().actions_enabled
}

#[tokio::test(start_paused = true)]
async fn pausing_then_resuming_an_alarms_actions_on_the_simulator() {
    let bench = Bench::new("alarm-actions");
    assert!(actions_enabled(&bench).await, "alarms start with their actions on");
    let state = bench.state().await;
    let pause = plan(&state.fleet_view(), &request("pause-alarm-actions"));
    assert!(pause.can_confirm(), "{:?}", pause.checks);
    assert_eq!(pause.runbook, RunbookKind::PauseAlarmActions);
    assert_eq!(pause.steps[0].to_string(), format!("cloudwatch:DisableAlarmActions AlarmNames={ALARM} (us-east-1)"));
    let resume_too_early = plan(&state.fleet_view(), &request("resume-alarm-actions"));
    assert!(!resume_too_early.can_confirm(), "nothing is paused yet");

    let (status, progress) = bench.run(pause, bench.ops()).await;
    assert_eq!(status, RunStatus::Succeeded, "{progress:?}");
    assert!(!actions_enabled(&bench).await, "DescribeAlarms shows ActionsEnabled false");
    let others = bench.sim.alarms(&east()).await.unwrap();
    assert_eq!(others.iter().filter(|a| !a.actions_enabled).count(), 1, "only the one alarm is paused");

    let audit = bench.audit();
    let events: Vec<String> = audit
        .iter()
        .map(|e| format!("{}:{}", e["event"].as_str().unwrap(), e["outcome"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(events, ["confirmed:", "step:ok", "step:ok", "finished:succeeded"]);
    assert_eq!(audit[0]["runbook"], "pause_alarm_actions");
    assert_eq!(audit[0]["target"], ALARM);
    assert!(audit[1]["request_id"].is_string(), "the call's request id is recorded: {}", audit[1]);
    assert!(audit[2]["detail"].as_str().unwrap().ends_with("actions disabled"), "{}", audit[2]);

    // The console, polled again, shows the alarm paused and the plans turn around.
    let state = bench.state().await;
    let row = state.rows.alarms.iter().find(|r| r.alarm.name == ALARM).unwrap();
    assert!(!row.alarm.actions_enabled);
    assert!(!plan(&state.fleet_view(), &request("pause-alarm-actions")).can_confirm(), "already paused");
    let resume = plan(&state.fleet_view(), &request("resume-alarm-actions"));
    assert!(resume.can_confirm(), "{:?}", resume.checks);
    let (status, progress) = bench.run(resume, bench.ops()).await;
    assert_eq!(status, RunStatus::Succeeded, "{progress:?}");
    assert!(actions_enabled(&bench).await, "resumed");
    assert_eq!(bench.audit().len(), 8, "both runs are in the audit log");
}

#[tokio::test(start_paused = true)]
async fn together_pauses_every_alarm_on_the_database_in_one_call_and_resumes_them() {
    let bench = Bench::new("alarm-actions-together");
    let state = bench.state().await;
    let on_db: Vec<String> = state
        .rows
        .alarms
        .iter()
        .filter(|r| r.alarm.dimensions.first().is_some_and(|(_, v)| v == "shop-prod-db"))
        .map(|r| r.alarm.name.clone())
        .collect();
    assert!(on_db.len() > 1, "{on_db:?}");
    let together = |name: &str| Request::Runbook {
        name: name.to_owned(),
        target: ResourceKey::new(east(), ALARM),
        at: None,
        given: vec![("together".to_owned(), "true".to_owned())],
    };
    let pause = plan(&state.fleet_view(), &together("pause-alarm-actions"));
    assert!(pause.can_confirm(), "{:?}", pause.checks);
    assert_eq!(pause.title, format!("Pause the actions of alarm {ALARM} and the others on shop-prod-db"));
    let step = pause.steps[0].to_string();
    let names =
        step.strip_prefix("cloudwatch:DisableAlarmActions AlarmNames=").and_then(|s| s.strip_suffix(" (us-east-1)"));
    let mut names: Vec<&str> = names.unwrap_or_else(|| panic!("{step}")).split(',').collect();
    assert_eq!(names[0], ALARM, "the alarm selected first: {step}");
    names.sort_unstable();
    let mut expected: Vec<&str> = on_db.iter().map(String::as_str).collect();
    expected.sort_unstable();
    assert_eq!(names, expected, "one call names them all");
    let (status, progress) = bench.run(pause, bench.ops()).await;
    assert_eq!(status, RunStatus::Succeeded, "{progress:?}");
    let alarms = bench.sim.alarms(&east()).await.unwrap();
    let paused: Vec<&str> = alarms.iter().filter(|a| !a.actions_enabled).map(|a| a.name.as_str()).collect();
    assert_eq!(paused.len(), on_db.len(), "every alarm on the database, no other: {paused:?}");
    assert!(on_db.iter().all(|n| paused.contains(&n.as_str())));
    assert_eq!(bench.audit().len(), 4, "one call, one wait");

    let state = bench.state().await;
    let resume = plan(&state.fleet_view(), &together("resume-alarm-actions"));
    let (status, progress) = bench.run(resume, bench.ops()).await;
    assert_eq!(status, RunStatus::Succeeded, "{progress:?}");
    assert!(bench.sim.alarms(&east()).await.unwrap().iter().all(|a| a.actions_enabled), "all resumed");
}

#[tokio::test(start_paused = true)]
async fn read_only_refuses_to_pause_and_nothing_changes() {
    let bench = Bench::new("alarm-actions-readonly");
    let state = bench.state().await;
    let pause = plan(&state.fleet_view(), &request("pause-alarm-actions"));
    let (status, _) = bench.run(pause, Arc::new(ReadOnly) as Arc<dyn Operations>).await;
    let RunStatus::Failed(why) = status else { panic!("{status:?}") };
    assert!(why.contains("read-only"), "{why}");
    assert!(actions_enabled(&bench).await, "nothing changed");
}

#[tokio::test(start_paused = true)]
async fn the_simulator_refuses_an_alarm_it_does_not_have() {
    let bench = Bench::new("alarm-actions-missing");
    let missing = ResourceKey::new(east(), "no-such-alarm");
    let refused = bench.sim.disable_alarm_actions(&missing, &[]).await;
    assert!(refused.is_err(), "{refused:?}");
    let one_missing =
        bench.sim.disable_alarm_actions(&ResourceKey::new(east(), ALARM), &["no-such-alarm".to_owned()]).await;
    assert!(one_missing.is_err(), "all or nothing: {one_missing:?}");
    assert!(bench.sim.enable_alarm_actions(&ResourceKey::new(east(), ALARM), &[]).await.is_ok(), "idempotent");
    assert!(actions_enabled(&bench).await);
}
