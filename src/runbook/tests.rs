//! Plans built from crafted fleets, and the confirm flow through `update`.

use chrono::{TimeZone, Utc};

use crate::cloud::model::{
    ClusterMember, DbCluster, DbFleet, DbInstance, DbMetric, DbRole, DbSeries, DbStatus, Metrics, ResourceKey,
    ScalingGroup, Scope, Series, Timestamp,
};
use crate::command::Command;
use crate::event::{Effect, Event, Polled};
use crate::state::feed::Snapshot;
use crate::state::runs::{RunEvent, RunStatus, RunUpdate};
use crate::state::{Mode, State, Tab};
use crate::update::update;

use super::catalog::{Request, plan, snapshot_id, suggest_capacity};
use super::plan::{Action, Risk, RunbookKind, Step};

fn at() -> Timestamp {
    Utc.with_ymd_and_hms(2026, 11, 27, 15, 0, 0).unwrap()
}

fn east() -> Scope {
    Scope::region("us-east-1")
}

fn key(id: &str) -> ResourceKey {
    ResourceKey::new(east(), id)
}

fn db(id: &str, region: &str, role: DbRole) -> DbInstance {
    DbInstance {
        id: id.into(),
        resource_id: None,
        engine: "postgres".into(),
        engine_version: None,
        class: None,
        role,
        replicas: Vec::new(),
        region: region.into(),
        az: Some(format!("{region}a")),
        secondary_az: Some(format!("{region}b")),
        status: DbStatus::Available,
        multi_az: Some(true),
        storage_encrypted: Some(true),
        kms_key_id: Some(format!("arn:aws:kms:{region}:123456789012:key/k")),
        kms_key_aws_managed: Some(false),
        backup_replica_regions: None,
        publicly_accessible: Some(false),
        backup_retention_days: Some(7),
        deletion_protection: Some(true),
        performance_insights: Some(true),
        ca_certificate: None,
        master_secret_arn: None,
        allocated_storage_gib: Some(100),
        created: None,
    }
}

fn group(name: &str, desired: u32, max: u32) -> ScalingGroup {
    ScalingGroup {
        name: name.into(),
        region: "us-east-1".into(),
        min: 1,
        desired,
        max,
        in_service: desired,
        pending: 0,
        terminating: 0,
        instances_by_az: Vec::new(),
        activities: Vec::new(),
        below_desired_since: None,
    }
}

fn lag(value: f64) -> DbSeries {
    DbSeries { series: [(DbMetric::ReplicaLag, Series::new([(at(), value)]))].into_iter().collect() }
}

/// A primary with a DR replica in us-west-2, an Aurora cluster with two readers, a group.
fn state() -> State {
    let west = Scope::region("us-west-2");
    let mut state = State::new("TEST", vec![east(), west.clone()]);
    let mut cluster_dbs = vec![
        db("cat-1", "us-east-1", DbRole::ClusterWriter { cluster: "cat".into() }),
        db("cat-2", "us-east-1", DbRole::ClusterReader { cluster: "cat".into() }),
        db("cat-3", "us-east-1", DbRole::ClusterReader { cluster: "cat".into() }),
    ];
    let mut single = db("single", "us-east-1", DbRole::Primary);
    single.multi_az = Some(false);
    cluster_dbs.extend([db("main", "us-east-1", DbRole::Primary), single]);
    let cluster = DbCluster {
        id: "cat".into(),
        engine: "aurora-postgresql".into(),
        engine_version: None,
        region: "us-east-1".into(),
        status: DbStatus::Available,
        members: ["cat-1", "cat-2", "cat-3"]
            .iter()
            .enumerate()
            .map(|(i, id)| ClusterMember { instance_id: (*id).into(), is_writer: i == 0 })
            .collect(),
        multi_az: Some(true),
        storage_encrypted: Some(true),
        kms_key_id: None,
        kms_key_aws_managed: None,
        master_secret_arn: None,
        backup_retention_days: Some(7),
        deletion_protection: Some(true),
    };
    let east_fleet = DbFleet { instances: cluster_dbs, clusters: vec![cluster] };
    let source = "arn:aws:rds:us-east-1:123456789012:db:main".to_owned();
    let west_fleet =
        DbFleet { instances: vec![db("main-dr", "us-west-2", DbRole::Replica { source })], clusters: vec![] };
    let poll = |state: &mut State, p| update(state, Event::Polled(p));
    poll(&mut state, Polled::Fleet(east(), Ok(Snapshot { data: east_fleet, fetched_at: at() })));
    poll(&mut state, Polled::Fleet(west.clone(), Ok(Snapshot { data: west_fleet, fetched_at: at() })));
    let groups = vec![group("web", 4, 12), group("full", 12, 12)];
    poll(&mut state, Polled::Groups(east(), Ok(Snapshot { data: groups, fetched_at: at() })));
    let east_metrics = Metrics::new(
        [("cat-2".to_owned(), lag(0.5)), ("cat-3".to_owned(), lag(0.02))].into_iter().collect(),
        std::collections::HashMap::new(),
    );
    poll(&mut state, Polled::Metrics(east(), Ok(Snapshot { data: east_metrics, fetched_at: at() })));
    let west_metrics =
        Metrics::new([("main-dr".to_owned(), lag(12.0))].into_iter().collect(), std::collections::HashMap::new());
    poll(&mut state, Polled::Metrics(west, Ok(Snapshot { data: west_metrics, fetched_at: at() })));
    update(&mut state, Event::Tick(at()));
    state
}

fn calls(plan: &super::plan::Plan) -> Vec<&Action> {
    plan.steps.iter().filter_map(|s| if let Step::Call { action, .. } = s { Some(action) } else { None }).collect()
}

#[test]
fn suggestion_is_half_again_capped_at_max_unless_already_there() {
    assert_eq!(suggest_capacity(&group("g", 4, 12)), 6);
    assert_eq!(suggest_capacity(&group("g", 10, 12)), 12);
    assert_eq!(suggest_capacity(&group("g", 12, 12)), 18);
    assert_eq!(suggest_capacity(&group("g", 0, 5)), 1);
}

#[test]
fn scaling_within_max_is_low_risk_and_beyond_max_raises_max_first() {
    let state = state();
    let within = plan(&state, &Request::ScaleUp { group: key("web"), target: 6 });
    assert_eq!(within.risk, Risk::Low);
    assert!(within.can_confirm());
    assert!(matches!(calls(&within)[..], [Action::SetDesiredCapacity { from: 4, to: 6, .. }]));
    assert!(within.effects.contains(&"desired 4 → 6".to_owned()));
    let beyond = plan(&state, &Request::ScaleUp { group: key("full"), target: 18 });
    assert_eq!(beyond.risk, Risk::High);
    assert!(matches!(
        calls(&beyond)[..],
        [Action::SetMaxSize { from: 12, to: 18, .. }, Action::SetDesiredCapacity { from: 12, to: 18, .. }]
    ));
    assert!(beyond.steps.last().unwrap().to_string().contains("timeout 15 min"));
    let down = plan(&state, &Request::ScaleUp { group: key("web"), target: 3 });
    assert!(!down.can_confirm(), "scale-up never scales down");
}

#[test]
fn snapshot_plans_name_the_snapshot_and_copy_to_dr_with_its_kms_key() {
    let state = state();
    let id = snapshot_id("main", at());
    assert_eq!(id, "opsdeck-main-20261127-150000");
    let plain = plan(&state, &Request::Snapshot { target: key("main"), snapshot_id: id.clone(), copy_to_dr: false });
    assert_eq!((plain.risk, plain.steps.len()), (Risk::Low, 2));
    let copied = plan(&state, &Request::Snapshot { target: key("main"), snapshot_id: id, copy_to_dr: true });
    assert!(copied.can_confirm());
    let Action::CopyDbSnapshot { target_region, kms_key_id, .. } = calls(&copied)[1] else { panic!("no copy") };
    assert_eq!(target_region, "us-west-2");
    assert_eq!(kms_key_id.as_deref(), Some("arn:aws:kms:us-west-2:123456789012:key/k"));
    let member = plan(&state, &Request::Snapshot { target: key("cat-2"), snapshot_id: "s".into(), copy_to_dr: false });
    assert!(matches!(calls(&member)[..], [Action::CreateClusterSnapshot { .. }]), "Aurora snapshots the cluster");
    let no_dr = plan(&state, &Request::Snapshot { target: key("single"), snapshot_id: "s".into(), copy_to_dr: true });
    assert!(!no_dr.can_confirm(), "no DR region to copy to");
}

#[test]
fn failover_is_chosen_by_what_the_target_is() {
    let state = state();
    let forced = plan(&state, &Request::Failover { target: key("main"), reader: None });
    assert_eq!((forced.runbook, forced.risk), (RunbookKind::ForcedFailover, Risk::High));
    assert!(forced.can_confirm());
    let single = plan(&state, &Request::Failover { target: key("single"), reader: None });
    assert!(!single.can_confirm(), "no standby");
    assert!(single.checks.iter().any(|c| !c.ok && c.why.contains("not Multi-AZ")));
    let cluster = plan(&state, &Request::Failover { target: key("cat"), reader: None });
    assert_eq!(cluster.runbook, RunbookKind::ClusterFailover);
    assert!(matches!(calls(&cluster)[..], [Action::FailoverCluster { target, .. }] if target == "cat-3"), "lowest lag");
    let chosen = plan(&state, &Request::Failover { target: key("cat-1"), reader: Some("cat-2".into()) });
    assert!(matches!(calls(&chosen)[..], [Action::FailoverCluster { target, .. }] if target == "cat-2"));
    let dr = ResourceKey::new(Scope::region("us-west-2"), "main-dr");
    let promote = plan(&state, &Request::Failover { target: dr, reader: None });
    assert_eq!(promote.runbook, RunbookKind::Promote);
    assert!(promote.can_confirm());
    assert!(promote.data_at_risk.as_deref().unwrap().contains("12s of writes on main (us-east-1)"));
}

#[test]
fn promotion_refuses_a_lagging_replica() {
    let mut state = state();
    let west = Scope::region("us-west-2");
    let metrics =
        Metrics::new([("main-dr".to_owned(), lag(400.0))].into_iter().collect(), std::collections::HashMap::new());
    update(&mut state, Event::Polled(Polled::Metrics(west.clone(), Ok(Snapshot { data: metrics, fetched_at: at() }))));
    let promote = plan(&state, &Request::Failover { target: ResourceKey::new(west, "main-dr"), reader: None });
    assert!(!promote.can_confirm());
}

fn select(state: &mut State, tab: Tab, id: &str) {
    update(
        state,
        Event::Command(match tab {
            Tab::Fleet => Command::TabFleet,
            Tab::Capacity => Command::TabCapacity,
            _ => Command::TabReplication,
        }),
    );
    update(state, Event::Command(Command::Top));
    while state.selected_key(tab).map(|k| k.id) != Some(id.to_owned()) {
        update(state, Event::Command(Command::Down));
    }
}

fn type_text(state: &mut State, text: &str) -> Vec<Effect> {
    text.chars().flat_map(|c| update(state, Event::Text(c))).collect()
}

#[test]
fn a_low_risk_plan_runs_on_y_and_enter_means_no() {
    let mut state = state();
    select(&mut state, Tab::Fleet, "main");
    update(&mut state, Event::Command(Command::Snapshot));
    assert!(matches!(state.mode, Mode::Confirm(_)));
    assert!(update(&mut state, Event::Command(Command::Confirm)).is_empty(), "the default is No");
    assert_eq!(state.mode, Mode::Normal);
    update(&mut state, Event::Command(Command::Snapshot));
    let effects = type_text(&mut state, "y");
    assert!(matches!(&effects[..], [Effect::StartRun { id: 1, plan }] if plan.runbook == RunbookKind::Snapshot));
    assert_eq!(state.runs.len(), 1);
    assert!(state.runs[0].is_active());
}

#[test]
fn a_high_risk_plan_needs_the_identifier_typed() {
    let mut state = state();
    select(&mut state, Tab::Fleet, "main");
    update(&mut state, Event::Command(Command::Failover));
    assert!(type_text(&mut state, "y").is_empty(), "y does not confirm a failover");
    assert!(update(&mut state, Event::Command(Command::Confirm)).is_empty());
    assert!(state.notice.as_ref().unwrap().text.contains("type main to confirm"));
    update(&mut state, Event::Command(Command::DeleteChar));
    type_text(&mut state, "main");
    let effects = update(&mut state, Event::Command(Command::Confirm));
    assert!(matches!(&effects[..], [Effect::StartRun { .. }]));
}

#[test]
fn esc_cancels_and_a_failed_precondition_cannot_be_confirmed() {
    let mut state = state();
    select(&mut state, Tab::Fleet, "single");
    update(&mut state, Event::Command(Command::Failover));
    type_text(&mut state, "single");
    assert!(update(&mut state, Event::Command(Command::Confirm)).is_empty());
    assert!(state.notice.as_ref().unwrap().text.starts_with("cannot run: Multi-AZ"));
    update(&mut state, Event::Command(Command::Back));
    assert_eq!(state.mode, Mode::Normal);
    assert!(state.runs.is_empty());
}

#[test]
fn the_scale_target_is_typed_or_stepped_and_beyond_max_needs_the_name() {
    let mut state = state();
    select(&mut state, Tab::Capacity, "web");
    update(&mut state, Event::Command(Command::ScaleUp));
    let target = |s: &State| match &s.mode {
        Mode::Confirm(c) => match c.request {
            Request::ScaleUp { target, .. } => target,
            _ => 0,
        },
        _ => 0,
    };
    assert_eq!(target(&state), 6);
    update(&mut state, Event::Command(Command::DeleteChar));
    type_text(&mut state, "20");
    assert_eq!(target(&state), 20);
    update(&mut state, Event::Command(Command::Increment));
    assert_eq!(target(&state), 21);
    assert!(type_text(&mut state, "y").is_empty(), "beyond max is high risk");
    update(&mut state, Event::Command(Command::NextField));
    type_text(&mut state, "web");
    let effects = update(&mut state, Event::Command(Command::Confirm));
    let [Effect::StartRun { plan, .. }] = &effects[..] else { panic!("{effects:?}") };
    assert!(matches!(calls(plan)[..], [Action::SetMaxSize { to: 21, .. }, Action::SetDesiredCapacity { to: 21, .. }]));
}

#[test]
fn two_runs_on_one_target_are_refused() {
    let mut state = state();
    select(&mut state, Tab::Capacity, "web");
    update(&mut state, Event::Command(Command::ScaleUp));
    assert_eq!(type_text(&mut state, "y").len(), 1);
    update(&mut state, Event::Command(Command::ScaleUp));
    assert!(type_text(&mut state, "y").is_empty());
    assert!(state.notice.as_ref().unwrap().text.contains("no other run in progress"));
}

#[test]
fn read_only_and_dry_run_never_start_a_run() {
    let mut state = state();
    state.writes = crate::state::Writes::ReadOnly;
    select(&mut state, Tab::Capacity, "web");
    update(&mut state, Event::Command(Command::ScaleUp));
    assert_eq!(state.mode, Mode::Normal);
    assert!(state.notice.as_ref().unwrap().text.starts_with("read-only"));
    state.writes = crate::state::Writes::DryRun;
    update(&mut state, Event::Command(Command::ScaleUp));
    assert!(type_text(&mut state, "y").is_empty());
    assert!(state.runs.is_empty());
    assert!(state.notice.as_ref().unwrap().text.starts_with("dry run"));
}

#[test]
fn action_keys_on_the_wrong_tab_explain_where_they_work() {
    let mut state = state();
    update(&mut state, Event::Command(Command::TabAlarms));
    update(&mut state, Event::Command(Command::ScaleUp));
    assert_eq!(state.mode, Mode::Normal);
    assert!(state.notice.as_ref().unwrap().text.contains("Capacity tab"));
}

#[test]
fn runner_reports_move_the_runs_panel() {
    let mut state = state();
    select(&mut state, Tab::Capacity, "web");
    update(&mut state, Event::Command(Command::ScaleUp));
    type_text(&mut state, "y");
    let report = |state: &mut State, update_: RunUpdate| {
        update(state, Event::Run(RunEvent { id: 1, at: at(), update: update_ }))
    };
    report(&mut state, RunUpdate::Step(1));
    report(&mut state, RunUpdate::Progress("5/6 in service".into()));
    assert_eq!((state.runs[0].step, state.runs[0].progress.as_deref()), (1, Some("5/6 in service")));
    report(&mut state, RunUpdate::Finished(RunStatus::Succeeded));
    assert!(!state.runs[0].is_active());
    assert_eq!(state.runs[0].finished, Some(at()));
}
