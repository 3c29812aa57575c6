//! The rows kept between rebuilds: after any sequence of results, the Fleet and Replication rows
//! are exactly those built from scratch from the same feeds, and a region's result rebuilds only
//! that region's Fleet and Replication rows (the others are the very rows kept).

use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};

use opsdeck::cloud::model::{Scope, Timestamp};
use opsdeck::cloud::sim::{Scenario, SimClock, SimConfig, Simulator};
use opsdeck::cloud::{Clock, Inventory};
use opsdeck::event::{Event, Polled};
use opsdeck::feed::stamped;
use opsdeck::state::State;
use opsdeck::state::overview::Cell;
use opsdeck::state::rows::{FleetKind, FleetRow, ReplicationRow, fleet_rows, replication_rows};
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
    update(
        &mut fleet.state,
        Event::Polled(Polled::Fleet(east.clone(), Ok(opsdeck::feed::Snapshot { data, fetched_at: now }))),
    );
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
