//! The add-aurora-reader and resize-instance runbooks end to end on the simulator: planned from
//! what the console shows, run as the app runs them, and the simulated fleet changed as RDS
//! changes it (a new member `creating`, then an available reader with metrics; a class that
//! changes after `modifying`, a Multi-AZ instance on its old standby's side afterwards).

use std::sync::Arc;

use opsdeck::cloud::model::{DbMetric, DbStatus, MetricTargets, ResourceKey};
use opsdeck::cloud::{CloudError, Inventory, NewMember, Operations, ReadOnly};
use opsdeck::runbook::catalog::plan;
use opsdeck::runbook::plan::{Request, RunbookKind};
use opsdeck::runbook::report::RunStatus;

use crate::runbooks::{Bench, east};

fn request(name: &str, target: &str) -> Request {
    Request::Runbook { name: name.to_owned(), target: ResourceKey::new(east(), target), at: None, given: Vec::new() }
}

#[tokio::test(start_paused = true)]
async fn a_new_reader_joins_the_cluster_with_the_writers_class_and_reports_metrics() {
    let bench = Bench::new("add-reader");
    let state = bench.state().await;
    let planned = plan(&state.fleet_view(), &request("add-aurora-reader", "shop-catalog-2"));
    assert_eq!(planned.runbook, RunbookKind::AddReader);
    assert!(planned.can_confirm(), "{:?}", planned.checks);
    let writer_class = state.instance(&ResourceKey::new(east(), "shop-catalog-1")).unwrap().class.clone();
    let (status, progress) = bench.run(planned, bench.ops()).await;
    assert_eq!(status, RunStatus::Succeeded, "{progress:?}");
    assert!(progress.iter().any(|p| p.starts_with("shop-catalog-reader-4 creating")), "{progress:?}");
    let fleet = bench.sim.db_fleet(&east()).await.unwrap();
    let cluster = fleet.clusters.iter().find(|c| c.id == "shop-catalog").unwrap();
    let members: Vec<&str> = cluster.members.iter().map(|m| m.instance_id.as_str()).collect();
    assert_eq!(members, ["shop-catalog-1", "shop-catalog-2", "shop-catalog-3", "shop-catalog-reader-4"]);
    assert_eq!(cluster.writer(), Some("shop-catalog-1"), "it joins as a reader");
    let reader = fleet.instances.iter().find(|i| i.id == "shop-catalog-reader-4").unwrap();
    assert_eq!((&reader.status, &reader.class), (&DbStatus::Available, &writer_class));
    assert_eq!(reader.az.as_deref(), Some("us-east-1a"), "every AZ has one member: the first by name");
    let targets = MetricTargets { instances: vec![reader.id.clone()], groups: Vec::new() };
    let none = bench.sim.metrics(&east(), &targets).await.unwrap();
    assert!(
        none.db.get("shop-catalog-reader-4").is_none_or(|s| s.latest(DbMetric::Cpu).is_none()),
        "none from before it was up"
    );
    bench.clock.advance(std::time::Duration::from_mins(2));
    let metrics = bench.sim.metrics(&east(), &targets).await.unwrap();
    let series = metrics.db.get("shop-catalog-reader-4").unwrap();
    assert!(series.latest(DbMetric::Cpu).is_some() && series.latest(DbMetric::ReplicaLag).is_some());
    let events = bench.sim.db_events(&east()).await.unwrap();
    assert!(events.iter().any(|e| e.source_id == "shop-catalog-reader-4" && e.message == "DB instance created"));
    let again = bench.state().await;
    let twice = plan(&again.fleet_view(), &request("add-aurora-reader", "shop-catalog"));
    assert!(twice.title.contains("shop-catalog-reader-5"), "the next one is numbered on: {}", twice.title);
}

#[tokio::test(start_paused = true)]
async fn the_simulator_refuses_what_rds_refuses_and_read_only_refuses_everything() {
    let bench = Bench::new("add-reader-refused");
    let cluster = ResourceKey::new(east(), "shop-catalog");
    let new = |id, az| NewMember { instance_id: id, engine: "aurora-postgresql", class: "db.r6g.large", az };
    let refused = |r: Result<_, CloudError>, what: &str| matches!(r, Err(CloudError::Other { message }) if message.starts_with(what));
    assert!(refused(
        bench.sim.create_cluster_instance(&cluster, new("shop-catalog-2", "us-east-1a")).await,
        "DBInstanceAlreadyExists"
    ));
    assert!(refused(
        bench.sim.create_cluster_instance(&cluster, new("x", "eu-west-1a")).await,
        "InvalidParameterValue"
    ));
    let instance = ResourceKey::new(east(), "shop-prod-db");
    assert!(refused(bench.sim.modify_instance_class(&instance, "db.r6g.2xlarge").await, "InvalidParameterCombination"));
    let read_only = ReadOnly;
    assert!(matches!(
        read_only.create_cluster_instance(&cluster, new("x", "us-east-1a")).await,
        Err(CloudError::Refused { .. })
    ));
    assert!(matches!(
        read_only.modify_instance_class(&instance, "db.r6g.4xlarge").await,
        Err(CloudError::Refused { .. })
    ));
}

#[tokio::test(start_paused = true)]
async fn a_multi_az_resize_snapshots_then_changes_the_class_and_fails_over() {
    let bench = Bench::new("resize-multi-az");
    let state = bench.state().await;
    let key = ResourceKey::new(east(), "shop-prod-db");
    let before = state.instance(&key).unwrap().clone();
    let planned = plan(&state.fleet_view(), &request("resize-instance", "shop-prod-db"));
    assert_eq!(planned.runbook, RunbookKind::Resize);
    assert!(planned.can_confirm(), "{:?}", planned.checks);
    let (status, progress) = bench.run(planned, Arc::clone(&bench.sim) as Arc<dyn Operations>).await;
    assert_eq!(status, RunStatus::Succeeded, "{progress:?}");
    assert!(progress.iter().any(|p| p.starts_with("modifying as db.r6g.2xlarge")), "{progress:?}");
    let after = bench.sim.db_instance(&key).await.unwrap();
    assert_eq!((after.status, after.class.as_deref()), (DbStatus::Available, Some("db.r6g.4xlarge")));
    assert_eq!((&after.az, &after.secondary_az), (&before.secondary_az, &before.az), "on the old standby's side");
    let events = bench.sim.db_events(&east()).await.unwrap();
    let messages: Vec<&str> = events.iter().filter(|e| e.source_id == key.id).map(|e| e.message.as_str()).collect();
    let applying = messages.iter().position(|m| m.starts_with("Applying modification to database instance class"));
    let failover = messages.iter().position(|m| *m == "Multi-AZ instance failover completed.");
    assert!(applying.is_some() && failover > applying, "{messages:?}");
    let audit = bench.audit();
    assert!(audit[1]["step"].as_str().unwrap().starts_with("rds:CreateDBSnapshot"), "the snapshot first");
}

#[tokio::test(start_paused = true)]
async fn a_single_az_resize_keeps_its_az() {
    let bench = Bench::new("resize-single-az");
    let state = bench.state().await;
    let key = ResourceKey::new(east(), "shop-prod-analytics");
    let before = state.instance(&key).unwrap().clone();
    assert_eq!(before.multi_az, Some(false));
    let (status, progress) =
        bench.run(plan(&state.fleet_view(), &request("resize-instance", &key.id)), bench.ops()).await;
    assert_eq!(status, RunStatus::Succeeded, "{progress:?}");
    let after = bench.sim.db_instance(&key).await.unwrap();
    assert_eq!((after.class.as_deref(), &after.az), (Some("db.r6g.2xlarge"), &before.az));
}
