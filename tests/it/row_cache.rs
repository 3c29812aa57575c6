//! The rows kept between rebuilds: after any sequence of results, the Fleet and Replication rows
//! are exactly those built from scratch from the same feeds, and a region's result rebuilds only
//! that region's Fleet and Replication rows (the others are the very rows kept).

use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};

use opsdeck::cloud::model::{Alarm, AlarmState, DbInstance, DbRole, Scope, Timestamp};
use opsdeck::cloud::sim::{Scenario, SimClock, SimConfig, Simulator};
use opsdeck::cloud::{Clock, Inventory};
use opsdeck::event::{Event, Polled};
use opsdeck::feed::{Snapshot, stamped};
use opsdeck::posture::RuleId;
use opsdeck::state::State;
use opsdeck::state::overview::Cell;
use opsdeck::state::rows::{FleetFacts, FleetKind, FleetRow, ReplicationRow, fleet_rows, replication_rows};
use opsdeck::update::{metric_targets, update};

fn start() -> Timestamp {
    Utc.with_ymd_and_hms(2026, 11, 27, 15, 0, 0).unwrap()
}

struct Fleet {
    state: State,
    sim: Simulator,
    runtime: tokio::runtime::Runtime,
}

impl Fleet {
    /// A simulated fleet of `size` instances with every feed of every region applied.
    fn loaded(size: usize, scenario: Scenario) -> Self {
        let clock = Arc::new(SimClock::manual(start()));
        let sim = Simulator::with_clock(SimConfig { fleet_size: Some(size), scenario, ..SimConfig::default() }, clock);
        let runtime = tokio::runtime::Builder::new_current_thread().enable_time().start_paused(true).build().unwrap();
        let mut fleet = Self { state: State::new(sim.label(), sim.scopes()), sim, runtime };
        for scope in fleet.sim.scopes() {
            fleet.poll_fleet(&scope);
            let alarms = fleet.runtime.block_on(fleet.sim.alarms(&scope));
            update(&mut fleet.state, Event::Polled(Polled::Alarms(scope.clone(), stamped(alarms, start()))));
            fleet.poll_metrics(&scope);
        }
        fleet
    }

    fn now(&self) -> Timestamp {
        self.sim.sim_clock().now()
    }

    fn poll_fleet(&mut self, scope: &Scope) {
        let fleet = self.runtime.block_on(self.sim.db_fleet(scope));
        let now = self.now();
        update(&mut self.state, Event::Polled(Polled::Fleet(scope.clone(), stamped(fleet, now))));
    }

    fn poll_metrics(&mut self, scope: &Scope) {
        let metrics = self.runtime.block_on(self.sim.metrics(scope, &metric_targets(&self.state, scope)));
        let now = self.now();
        update(&mut self.state, Event::Polled(Polled::Metrics(scope.clone(), stamped(metrics, now))));
    }

    /// The rows as `update` left them equal the rows built from scratch from the same feeds.
    fn assert_rows_as_from_scratch(&self, step: &str) {
        let (f, s) = (&self.state.fetched, &self.state.session);
        let scratch = fleet_rows(&f.fleet, &f.metrics, &f.alarms, &s.thresholds, &s.posture);
        let kept: Vec<FleetRow> = self.state.rows.fleet.iter().map(|r| FleetRow::clone(r)).collect();
        assert_eq!(kept.len(), scratch.len(), "{step}: row count");
        for (k, s) in kept.iter().zip(&scratch) {
            assert_eq!(k, s, "{step}: row {}", s.facts.key);
        }
        let kept: Vec<ReplicationRow> = self.state.rows.replication.iter().map(|r| ReplicationRow::clone(r)).collect();
        assert_eq!(kept, replication_rows(&f.fleet, &f.metrics, &s.thresholds), "{step}");
        self.assert_wall_in_order(step);
    }

    /// The wall holds every instance once: worst first, then by load per vCPU (none last), then
    /// by key, across the regions.
    fn assert_wall_in_order(&self, step: &str) {
        let cells = &self.state.rows.overview;
        let instances = self.state.rows.fleet.iter().filter(|r| r.facts.kind != FleetKind::Cluster).count();
        assert_eq!(cells.len(), instances, "{step}: a cell per instance");
        let load = |c: &Cell| c.load_relative.unwrap_or(-1.0);
        let mut ties = 0;
        for pair in cells.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            let order = b.level.cmp(&a.level).then_with(|| load(b).total_cmp(&load(a)));
            ties += usize::from(order == Ordering::Equal);
            assert_eq!(
                order.then_with(|| a.key().cmp(b.key())),
                Ordering::Less,
                "{step}: {} before {}",
                a.key(),
                b.key()
            );
        }
        assert!(ties > 10, "{step}: the keys order the cells that tie ({ties} ties)");
        let scopes: BTreeSet<&Scope> = cells.iter().map(|c| &c.key().scope).collect();
        assert!(scopes.len() > 1, "{step}: cells of every region");
    }
}

fn in_scope<'a>(rows: &'a [Arc<FleetRow>], scope: &'a Scope) -> impl Iterator<Item = &'a Arc<FleetRow>> {
    rows.iter().filter(move |r| &r.facts.key.scope == scope)
}

/// How many of a scope's Replication rows `after` holds, and how many of them are the very rows
/// `before` held in the same place.
fn replication_kept(before: &[Arc<ReplicationRow>], after: &[Arc<ReplicationRow>], scope: &Scope) -> (usize, usize) {
    assert_eq!(before.len(), after.len());
    let pairs = before.iter().zip(after).filter(|(_, a)| &a.key.scope == scope);
    pairs.fold((0, 0), |(n, kept), (b, a)| (n + 1, kept + usize::from(Arc::ptr_eq(a, b))))
}

#[test]
fn one_regions_metrics_rebuild_only_its_rows_and_every_row_is_as_built_from_scratch() {
    let mut fleet = Fleet::loaded(400, Scenario::Steady);
    fleet.assert_rows_as_from_scratch("loaded");
    let scopes = fleet.sim.scopes();
    let (east, west) = (&scopes[0], &scopes[1]);
    let failover_targets = fleet.state.rows.fleet.iter().filter(|r| r.failover.is_some()).count();
    assert!(failover_targets > 10, "the fleet has failover targets to judge: {failover_targets}");

    let before = fleet.state.rows.fleet.clone();
    let replication_before = fleet.state.rows.replication.clone();
    fleet.sim.sim_clock().advance(Duration::from_mins(1));
    fleet.poll_metrics(east);
    fleet.assert_rows_as_from_scratch("east's next minute");
    // The Replication rows stand where they stood: west's are the rows kept, east's judged
    // again, and of those a row is new exactly where its lag or its readiness moved.
    let replication = &fleet.state.rows.replication;
    let (west_rows, kept) = replication_kept(&replication_before, replication, west);
    assert!(west_rows > 10 && kept == west_rows, "{kept} of {west_rows} us-west-2 Replication rows kept");
    let (east_rows, kept) = replication_kept(&replication_before, replication, east);
    let moved = |b: &ReplicationRow, a: &ReplicationRow| b.lag_secs != a.lag_secs || b.failover != a.failover;
    let east_pairs = replication_before.iter().zip(replication).filter(|(_, a)| &a.key.scope == east);
    for (b, a) in east_pairs {
        assert_eq!(Arc::ptr_eq(a, b), !moved(b, a), "{}: kept exactly when nothing it reads moved", a.key.id);
    }
    assert!(east_rows > 10 && kept > 0 && kept < east_rows, "{kept} of {east_rows} us-east-1 Replication rows kept");
    let after = &fleet.state.rows.fleet;
    let kept_west = in_scope(after, west).zip(in_scope(&before, west)).filter(|(a, b)| Arc::ptr_eq(a, b)).count();
    assert_eq!(kept_west, in_scope(after, west).count(), "every us-west-2 row is the one kept");
    let kept_east = in_scope(after, east).zip(in_scope(&before, east)).filter(|(a, b)| Arc::ptr_eq(a, b)).count();
    assert_eq!(kept_east, 0, "every us-east-1 row was built again");

    fleet.poll_metrics(west);
    fleet.assert_rows_as_from_scratch("west's next minute");

    // A fleet result with an instance gone rebuilds every region (a DR replica's source may be
    // in another one).
    let mut data = fleet.state.fetched.fleet.get(east).and_then(|f| f.data()).cloned().unwrap();
    let gone = data.instances_mut().pop().unwrap();
    let now = fleet.now();
    update(&mut fleet.state, Event::Polled(Polled::Fleet(east.clone(), Ok(Snapshot { data, fetched_at: now }))));
    assert!(!fleet.state.rows.fleet.iter().any(|r| r.facts.key.id == gone.id && &r.facts.key.scope == east));
    fleet.assert_rows_as_from_scratch("an instance gone");
}

#[test]
fn a_dr_replicas_readiness_follows_its_lag_through_the_kept_judgements() {
    // Black Friday: replica lag moves minute by minute, and with it the promote readiness of
    // the DR replicas.
    let mut fleet = Fleet::loaded(200, Scenario::BlackFriday);
    for minute in 0..12 {
        fleet.sim.sim_clock().advance(Duration::from_mins(5));
        for scope in fleet.sim.scopes() {
            fleet.poll_metrics(&scope);
            fleet.assert_rows_as_from_scratch(&format!("minute {minute}, {scope}"));
        }
    }
}

#[test]
fn a_fleet_change_judges_again_only_the_instances_it_changed_and_those_whose_age_moved() {
    let mut fleet = Fleet::loaded(400, Scenario::Steady);
    let east = fleet.sim.scopes()[0].clone();
    let before = fleet.state.rows.fleet.clone();
    let mut data = fleet.state.fetched.fleet.get(&east).and_then(|f| f.data()).cloned().unwrap();
    // The fleet answer of two hours later in which one instance's deletion protection went off
    // and nothing else changed: a primary whose DR backups stopped is then past its RPO.
    let stale = data
        .instances
        .iter()
        .find(|db| {
            let restorable = db.hardening.dr_backup.as_ref().and_then(|dr| dr.latest_restorable);
            db.role == DbRole::Primary && restorable.is_some_and(|at| fleet.now() - at < chrono::Duration::minutes(30))
        })
        .map(|db| db.id.clone())
        .expect("a primary with recent DR backups");
    let primary = |db: &&DbInstance| db.role == DbRole::Primary;
    let changed = data
        .instances
        .iter()
        .position(|db| primary(&db) && db.id != stale && db.deletion_protection == Some(true))
        .unwrap();
    let changed_id = data.instances[changed].id.clone();
    data.instances_mut()[changed].deletion_protection = Some(false);
    fleet.sim.sim_clock().advance(Duration::from_hours(2));
    let now = fleet.now();
    update(&mut fleet.state, Event::Polled(Polled::Fleet(east.clone(), Ok(Snapshot { data, fetched_at: now }))));
    fleet.assert_rows_as_from_scratch("a fleet change two hours on");

    let row = |rows: &[Arc<FleetRow>], id: &str| {
        rows.iter().find(|r| r.facts.key.id == id && r.facts.key.scope == east).cloned()
    };
    let after = &fleet.state.rows.fleet;
    let found =
        |id: &str, rule: RuleId| row(after, id).is_some_and(|r| r.posture.findings.iter().any(|f| f.rule == rule));
    assert!(found(&changed_id, RuleId::DeletionProtectionOff), "{changed_id}: judged again");
    assert!(found(&stale, RuleId::DrBackupStale), "{stale}: its DR backup's age judged again");
    for id in [&changed_id, &stale] {
        assert!(!Arc::ptr_eq(&row(&before, id).unwrap().facts, &row(after, id).unwrap().facts), "{id}");
    }
    // Two hours on, every primary's DR backups are past the RPO in this answer, and a
    // certificate that expires within days expires a day sooner: each of those is judged
    // again. Any other instance did not change, nor did its findings.
    let expiring = |r: &FleetRow| r.posture.findings.iter().any(|f| f.rule == RuleId::CaCertExpiring);
    let others = in_scope(after, &east)
        .filter(|r| r.facts.kind != FleetKind::Cluster && r.facts.role != "primary" && !expiring(r));
    let (mut n, mut kept) = (0, 0);
    for r in others {
        n += 1;
        kept += usize::from(row(&before, &r.facts.key.id).is_some_and(|b| Arc::ptr_eq(&b.facts, &r.facts)));
    }
    assert!(n > 40 && kept == n, "{kept} of {n} us-east-1 instances that are no primary kept their fixed posture");
}

#[test]
fn alarms_that_only_changed_state_judge_no_posture_again_and_an_alarm_gone_does() {
    let mut fleet = Fleet::loaded(400, Scenario::Steady);
    let east = fleet.sim.scopes()[0].clone();
    let facts = |fleet: &Fleet| -> Vec<Arc<FleetFacts>> {
        in_scope(&fleet.state.rows.fleet, &east).map(|r| Arc::clone(&r.facts)).collect()
    };
    let before = facts(&fleet);
    let poll_alarms = |fleet: &mut Fleet, alarms: Vec<Alarm>| {
        let now = fleet.now();
        update(
            &mut fleet.state,
            Event::Polled(Polled::Alarms(east.clone(), Ok(Snapshot { data: alarms, fetched_at: now }))),
        );
    };
    let mut alarms = fleet.state.fetched.alarms.get(&east).and_then(|f| f.data()).cloned().unwrap();
    for alarm in alarms.iter_mut().take(5) {
        alarm.state = if alarm.state == AlarmState::Alarm { AlarmState::Ok } else { AlarmState::Alarm };
    }
    poll_alarms(&mut fleet, alarms.clone());
    // The next minute's metrics build every us-east-1 row again, each on the postures it had.
    fleet.sim.sim_clock().advance(Duration::from_mins(1));
    fleet.poll_metrics(&east);
    fleet.assert_rows_as_from_scratch("alarms that changed state, then a minute's metrics");
    let after = facts(&fleet);
    assert_eq!(after.len(), before.len());
    let kept = after.iter().zip(&before).filter(|(a, b)| Arc::ptr_eq(a, b)).count();
    assert_eq!(kept, before.len(), "every us-east-1 row kept its fixed posture");

    // An instance's CPU alarm deleted: what the alarms watch changed, and it is judged again.
    let dimension = "DBInstanceIdentifier";
    let cpu =
        |a: &Alarm| a.metric.as_deref() == Some("CPUUtilization") && a.dimensions.iter().any(|(n, _)| n == dimension);
    let at = alarms.iter().position(cpu).expect("an instance's CPU alarm");
    let gone = alarms.remove(at);
    let id = gone.dimensions.iter().find(|(n, _)| n == dimension).map(|(_, v)| v.clone()).unwrap();
    poll_alarms(&mut fleet, alarms);
    fleet.assert_rows_as_from_scratch("an alarm gone");
    let row = in_scope(&fleet.state.rows.fleet, &east).find(|r| r.facts.key.id == id).unwrap();
    assert!(row.posture.findings.iter().any(|f| f.rule == RuleId::AlarmsMissing), "{id}: {:?}", row.posture);
}

#[test]
fn an_outage_minute_by_minute_keeps_every_readiness_as_judged_from_scratch() {
    // The AZ outage fails primaries over, promotes and swaps writers: fleets that change in
    // roles, AZs and statuses, every half minute, in both regions. Only fleets that changed
    // are delivered: one that did not keeps its time, as the rows do (and so rows built from
    // scratch of the same feeds read the same clock).
    let mut fleet = Fleet::loaded(300, Scenario::AzOutage);
    let mut changed = 0;
    for step in 0..14 {
        fleet.sim.sim_clock().advance(Duration::from_secs(30));
        for scope in fleet.sim.scopes() {
            let data = fleet.runtime.block_on(fleet.sim.db_fleet(&scope)).unwrap();
            if fleet.state.fetched.fleet.get(&scope).and_then(|f| f.data()) != Some(&data) {
                changed += 1;
                let now = fleet.now();
                update(&mut fleet.state, Event::Polled(Polled::Fleet(scope.clone(), stamped(Ok(data), now))));
            }
            fleet.assert_rows_as_from_scratch(&format!("step {step}, {scope}'s fleet"));
            fleet.poll_metrics(&scope);
            fleet.assert_rows_as_from_scratch(&format!("step {step}, {scope}'s metrics"));
        }
    }
    assert!(changed >= 6, "the outage changed the fleets {changed} times");
}

#[test]
fn a_fleet_change_in_one_region_leaves_the_others_rows_unless_it_moved_their_readiness() {
    let mut fleet = Fleet::loaded(400, Scenario::Steady);
    let scopes = fleet.sim.scopes();
    let (east, west) = (&scopes[0], &scopes[1]);
    let fleet_of = |fleet: &Fleet, scope: &Scope| fleet.state.fetched.fleet.get(scope).and_then(|f| f.data()).cloned();
    let poll = |fleet: &mut Fleet, scope: &Scope, data| {
        let now = fleet.now();
        update(&mut fleet.state, Event::Polled(Polled::Fleet(scope.clone(), Ok(Snapshot { data, fetched_at: now }))));
    };

    // An east instance that no failover plan reads changes: west keeps every row.
    let mut data = fleet_of(&fleet, east).unwrap();
    let plain = data
        .instances
        .iter()
        .position(|db| matches!(&db.role, DbRole::Replica { source } if !source.starts_with("arn:")))
        .expect("a same-region read replica");
    data.instances_mut()[plain].deletion_protection = Some(false);
    let before = fleet.state.rows.fleet.clone();
    poll(&mut fleet, east, data);
    fleet.assert_rows_as_from_scratch("a read replica changed");
    let after = &fleet.state.rows.fleet;
    let kept = in_scope(after, west).zip(in_scope(&before, west)).filter(|(a, b)| Arc::ptr_eq(a, b)).count();
    assert_eq!(kept, in_scope(after, west).count(), "every us-west-2 row is the one kept");

    // A DR replica in west goes (a change to the replicas of the east primary it copied
    // from): every row is as from scratch, and that primary is still a judged target.
    let mut data = fleet_of(&fleet, west).unwrap();
    let dr = data
        .instances
        .iter()
        .position(|db| matches!(&db.role, DbRole::Replica { source } if source.contains(":us-east-1:")))
        .expect("a DR replica in us-west-2");
    let DbRole::Replica { source } = data.instances_mut().remove(dr).role else { unreachable!() };
    poll(&mut fleet, west, data);
    fleet.assert_rows_as_from_scratch("a DR replica gone");
    let source = source.rsplit(':').next().unwrap().to_owned();
    let primary = in_scope(&fleet.state.rows.fleet, east).find(|r| r.facts.key.id == source);
    assert!(primary.is_some_and(|r| r.failover.is_some()), "{source}: a failover target, judged");
}

#[test]
fn rows_built_beside_each_other_at_thousands_of_instances_are_as_from_scratch() {
    // From 2,000 instances the Replication rows are built on a second thread while the Fleet
    // rows are (on a machine with two cores or more): an outage's changing fleets and each
    // region's metrics, minute by minute, leave both as built from scratch, one after the other.
    let mut fleet = Fleet::loaded(2_400, Scenario::AzOutage);
    for step in 0..4 {
        fleet.sim.sim_clock().advance(Duration::from_mins(2));
        for scope in fleet.sim.scopes() {
            fleet.poll_fleet(&scope);
            fleet.assert_rows_as_from_scratch(&format!("step {step}, {scope}'s fleet"));
            fleet.poll_metrics(&scope);
            fleet.assert_rows_as_from_scratch(&format!("step {step}, {scope}'s metrics"));
        }
    }
    let failing = fleet.state.rows.replication.iter().filter(|r| r.level > opsdeck::judging::Level::Ok).count();
    assert!(failing > 0, "the outage shows on the Replication rows");
}
