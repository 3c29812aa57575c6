use chrono::{TimeZone, Utc};

use super::*;
use crate::cloud::CloudError;
use crate::cloud::model::{
    DbFleet, DbInstance, DbMetric, DbSeries, DbStatus, Metrics, Performance, Series, SqlLoad, Timestamp,
};
use crate::feed::{Failure, Feed, Snapshot};

fn at(secs: i64) -> Timestamp {
    Utc.timestamp_opt(1_800_000_000 + secs, 0).single().unwrap()
}

fn east() -> Scope {
    Scope::region("us-east-1")
}

fn db(id: &str, role: DbRole, pi: bool) -> DbInstance {
    DbInstance {
        id: id.to_owned(),
        resource_id: None,
        engine: "postgres".to_owned(),
        engine_version: Some("16.4".to_owned()),
        class: Some("db.r6g.large".to_owned()),
        role,
        replicas: Vec::new(),
        region: "us-east-1".to_owned(),
        az: Some("us-east-1a".to_owned()),
        secondary_az: None,
        status: DbStatus::Available,
        multi_az: Some(true),
        storage_encrypted: Some(true),
        kms_key_id: None,
        kms_key_aws_managed: None,
        publicly_accessible: Some(false),
        backup_retention_days: Some(7),
        backup_replica_regions: None,
        deletion_protection: Some(true),
        performance_insights: Some(pi),
        ca_certificate: None,
        master_secret_arn: None,
        allocated_storage_gib: Some(100),
        created: None,
    }
}

fn fleet_event(ids: &[&str]) -> Event {
    fleet_at(ids, 0)
}

fn fleet_at(ids: &[&str], secs: i64) -> Event {
    let mut instances: Vec<DbInstance> = ids.iter().map(|id| db(id, DbRole::Primary, false)).collect();
    instances.push(db("zz-main", DbRole::Primary, true));
    instances.push(db("zz-replica", DbRole::Replica { source: "zz-main".into() }, true));
    let data = DbFleet { instances, clusters: Vec::new() };
    Event::Polled(Polled::Fleet(east(), Ok(Snapshot { data, fetched_at: at(secs) })))
}

fn loaded(ids: &[&str]) -> (State, Vec<Effect>) {
    let mut state = State::new("TEST", vec![east()]);
    let effects = update(&mut state, fleet_event(ids));
    (state, effects)
}

#[test]
fn fleet_snapshot_builds_rows_targets_and_default_focus() {
    let (state, effects) = loaded(&["a", "b"]);
    assert_eq!(
        state.rows.fleet.iter().map(|r| r.key.id.as_str()).collect::<Vec<_>>(),
        ["a", "b", "zz-main", "zz-replica"]
    );
    let focus = ResourceKey::new(east(), "zz-main");
    assert_eq!(state.fetched.focus, Some(focus.clone()));
    assert!(effects.contains(&Effect::FocusPerformance(Some(focus))));
    assert!(
        effects.iter().any(|e| matches!(e, Effect::SetMetricTargets(s, t) if *s == east() && t.instances.len() == 4))
    );
}

#[test]
fn tabs_cycle_both_ways_and_by_number() {
    let mut state = State::new("TEST", vec![east()]);
    update(&mut state, Event::Command(Command::PrevTab));
    assert_eq!(state.nav.tab, Tab::Alarms);
    update(&mut state, Event::Command(Command::NextTab));
    assert_eq!(state.nav.tab, Tab::Fleet);
    update(&mut state, Event::Command(Command::TabCapacity));
    assert_eq!(state.nav.tab, Tab::Capacity);
}

#[test]
fn cursor_moves_within_bounds_and_scrolls() {
    let ids: Vec<String> = (0..50).map(|i| format!("db-{i:02}")).collect();
    let (mut state, _) = loaded(&ids.iter().map(String::as_str).collect::<Vec<_>>());
    update(&mut state, Event::Resize(100, 16));
    assert_eq!(state.nav.page_rows, 10);
    update(&mut state, Event::Command(Command::Up));
    assert_eq!(state.cursor(Tab::Fleet).selected, 0);
    update(&mut state, Event::Command(Command::Bottom));
    assert_eq!(state.cursor(Tab::Fleet), Cursor { selected: 51, offset: 42, moved: true });
    update(&mut state, Event::Command(Command::PageUp));
    assert_eq!(state.cursor(Tab::Fleet).selected, 41);
    assert_eq!(state.cursor(Tab::Fleet).offset, 41);
    update(&mut state, Event::Command(Command::Top));
    assert_eq!(state.cursor(Tab::Fleet), Cursor { selected: 0, offset: 0, moved: true });
}

#[test]
fn selection_stays_on_the_same_resource_when_rows_change() {
    let (mut state, _) = loaded(&["b", "c"]);
    update(&mut state, Event::Command(Command::Down));
    assert_eq!(state.selected_key(Tab::Fleet).unwrap().id, "c");
    update(&mut state, fleet_event(&["a", "b", "c"]));
    assert_eq!(state.selected_key(Tab::Fleet).unwrap().id, "c");
    update(&mut state, fleet_event(&[]));
    assert_eq!(state.cursor(Tab::Fleet).selected, 1, "clamped when the resource is gone");
}

#[test]
fn until_the_user_moves_the_selection_stays_on_the_first_row() {
    let mut state = State::new("TEST", vec![east(), Scope::region("us-west-2")]);
    let west = DbFleet { instances: vec![db("west-db", DbRole::Primary, false)], clusters: Vec::new() };
    update(
        &mut state,
        Event::Polled(Polled::Fleet(Scope::region("us-west-2"), Ok(Snapshot { data: west, fetched_at: at(0) }))),
    );
    update(&mut state, fleet_event(&["a"]));
    assert_eq!(state.selected_key(Tab::Fleet).unwrap().id, "a");
}

#[test]
fn a_failed_poll_keeps_rows_on_screen() {
    let (mut state, _) = loaded(&["a"]);
    let failure =
        Failure { error: CloudError::Throttled { service: "rds".into(), message: "Rate exceeded".into() }, at: at(30) };
    update(&mut state, Event::Polled(Polled::Fleet(east(), Err(failure))));
    assert_eq!(state.rows.fleet.len(), 3);
    assert!(matches!(state.fetched.fleet.get(&east()), Some(Feed::Failed { last: Some(_), .. })));
}

#[test]
fn metrics_reach_the_rows() {
    let (mut state, _) = loaded(&["a"]);
    let series =
        DbSeries { series: [(DbMetric::Cpu, Series::new([(at(0), 12.0), (at(60), 95.0)]))].into_iter().collect() };
    let metrics = Metrics::new([("a".to_owned(), series)].into_iter().collect(), std::collections::HashMap::default());
    update(&mut state, Event::Polled(Polled::Metrics(east(), Ok(Snapshot { data: metrics, fetched_at: at(60) }))));
    let row = &state.rows.fleet[0];
    assert_eq!(row.cpu, Some(95.0));
    assert_eq!(row.connections, None, "missing is not zero");
    assert_eq!(row.verdict.reason, "CPU 95%");
}

fn performance(instance: &str) -> Performance {
    Performance {
        instance: ResourceKey::new(east(), instance),
        max_vcpu: Some(2.0),
        load: Vec::new(),
        top_sql: vec![SqlLoad { id: "q1".into(), statement: "SELECT 1".into(), load: 1.5, top_wait: None }],
        top_waits: Vec::new(),
    }
}

#[test]
fn performance_results_for_an_old_focus_are_dropped() {
    let (mut state, _) = loaded(&[]);
    let old = ResourceKey::new(east(), "other");
    let snapshot = Snapshot { data: performance("other"), fetched_at: at(1) };
    update(&mut state, Event::Polled(Polled::Performance(old, Ok(snapshot))));
    assert_eq!(state.fetched.performance, Feed::Loading);
    let current = state.fetched.focus.clone().unwrap();
    let snapshot = Snapshot { data: performance("zz-main"), fetched_at: at(2) };
    update(&mut state, Event::Polled(Polled::Performance(current, Ok(snapshot))));
    assert!(state.fetched.performance.data().is_some());
}

#[test]
fn performance_follows_the_fleet_selection_when_pi_is_on() {
    let (mut state, _) = loaded(&["a"]);
    update(&mut state, Event::Command(Command::Bottom));
    let effects = update(&mut state, Event::Command(Command::TabPerformance));
    let replica = ResourceKey::new(east(), "zz-replica");
    assert_eq!(effects, vec![Effect::FocusPerformance(Some(replica.clone()))]);
    assert_eq!(state.fetched.focus, Some(replica));
    update(&mut state, Event::Command(Command::TabFleet));
    update(&mut state, Event::Command(Command::Top));
    let effects = update(&mut state, Event::Command(Command::TabPerformance));
    assert!(effects.is_empty(), "an instance without PI does not steal the focus");
}

#[test]
fn detail_opens_on_the_selection_follows_it_and_closes() {
    let (mut state, _) = loaded(&["a", "b"]);
    update(&mut state, Event::Command(Command::Open));
    assert_eq!(state.nav.mode, Mode::Detail(DetailTarget::Db(ResourceKey::new(east(), "a"))));
    update(&mut state, Event::Command(Command::Down));
    assert_eq!(state.nav.mode, Mode::Detail(DetailTarget::Db(ResourceKey::new(east(), "b"))));
    update(&mut state, Event::Command(Command::Back));
    assert_eq!(state.nav.mode, Mode::Normal);
}

#[test]
fn open_on_an_empty_table_does_nothing() {
    let mut state = State::new("TEST", vec![east()]);
    update(&mut state, Event::Command(Command::TabAlarms));
    update(&mut state, Event::Command(Command::Open));
    assert_eq!(state.nav.mode, Mode::Normal);
}

#[test]
fn help_toggles_and_blocks_movement() {
    let (mut state, _) = loaded(&["a", "b"]);
    update(&mut state, Event::Command(Command::Help));
    assert_eq!(state.nav.mode, Mode::Help);
    update(&mut state, Event::Command(Command::Down));
    assert_eq!(state.cursor(Tab::Fleet).selected, 0);
    update(&mut state, Event::Command(Command::Help));
    assert_eq!(state.nav.mode, Mode::Normal);
}

#[test]
fn a_poll_that_changes_nothing_on_screen_draws_nothing() {
    let (mut state, _) = loaded(&["a"]);
    update(&mut state, Event::Tick(at(5)));
    state.dirty = false;
    update(&mut state, fleet_at(&["a"], 5));
    assert!(!state.dirty, "the same data, fresh before and after");
    update(&mut state, fleet_event(&["a", "b"]));
    assert!(state.dirty, "new data");
    // Stale (no answer for longer than two intervals), then the same data again: fresh again.
    update(&mut state, Event::Tick(at(200)));
    state.dirty = false;
    update(&mut state, fleet_at(&["a", "b"], 200));
    assert!(state.dirty, "stale to fresh shows");
    state.dirty = false;
    let failure = Failure { error: CloudError::Network { message: "down".into() }, at: at(210) };
    update(&mut state, Event::Polled(Polled::Fleet(east(), Err(failure))));
    assert!(state.dirty, "a failure shows");
    state.dirty = false;
    update(&mut state, fleet_at(&["a", "b"], 220));
    assert!(state.dirty, "and so does the recovery, with the same data");
}

#[test]
fn a_quiet_screen_is_redrawn_for_the_clock_and_for_ages_on_show() {
    let (mut state, _) = loaded(&["a"]);
    let poll_all = |state: &mut State, secs| {
        let alarms = Snapshot { data: Vec::new(), fetched_at: at(secs) };
        update(state, Event::Polled(Polled::Alarms(east(), Ok(alarms))));
        let groups = Snapshot { data: Vec::new(), fetched_at: at(secs) };
        update(state, Event::Polled(Polled::Groups(east(), Ok(groups))));
        let metrics = Snapshot { data: Metrics::default(), fetched_at: at(secs) };
        update(state, Event::Polled(Polled::Metrics(east(), Ok(metrics))));
        update(state, fleet_at(&["a"], secs));
        let focus = state.fetched.focus.clone().unwrap();
        let pi = Snapshot { data: performance(&focus.id), fetched_at: at(secs) };
        update(state, Event::Polled(Polled::Performance(focus, Ok(pi))));
    };
    // Every feed fresh, on the Fleet tab: ten-second buckets pass and nothing is redrawn…
    poll_all(&mut state, 60);
    update(&mut state, Event::Tick(at(61)));
    state.dirty = false;
    for secs in [65, 70, 75] {
        update(&mut state, Event::Tick(at(secs)));
    }
    assert!(!state.dirty, "no age on show");
    // …until the clock's minute turns.
    poll_all(&mut state, 115);
    state.dirty = false;
    update(&mut state, Event::Tick(at(120)));
    assert!(state.dirty, "the header clock");
    // The Alarms tab shows ages in seconds; so does a stale feed's marker.
    update(&mut state, Event::Command(Command::TabAlarms));
    state.dirty = false;
    update(&mut state, Event::Tick(at(130)));
    assert!(state.dirty, "the Alarms tab");
    update(&mut state, Event::Command(Command::TabFleet));
    state.dirty = false;
    update(&mut state, Event::Tick(at(150)));
    assert!(state.dirty, "metrics 35 s old are stale at a 10 s interval");
}

#[test]
fn ticks_only_dirty_the_screen_every_ten_seconds() {
    let mut state = State::new("TEST", vec![east()]);
    update(&mut state, Event::Tick(at(0)));
    state.dirty = false;
    update(&mut state, Event::Tick(at(3)));
    assert!(!state.dirty);
    update(&mut state, Event::Tick(at(10)));
    assert!(state.dirty);
}

#[test]
fn refresh_and_quit_become_effects() {
    let mut state = State::new("TEST", vec![east()]);
    assert_eq!(update(&mut state, Event::Command(Command::Refresh)), vec![Effect::RefreshAll]);
    assert_eq!(update(&mut state, Event::Command(Command::Quit)), vec![Effect::Quit]);
    assert!(state.quit);
}

fn typed(state: &mut State, text: &str) {
    for c in text.chars() {
        update(state, Event::Text(c));
    }
}

fn ids(state: &State) -> Vec<String> {
    state.rows.fleet.iter().map(|r| r.key.id.clone()).collect()
}

#[test]
fn the_filter_narrows_as_you_type_and_esc_clears_it() {
    let (mut state, _) = loaded(&["alpha", "beta"]);
    update(&mut state, Event::Command(Command::Filter));
    assert_eq!(state.nav.mode, Mode::Filter);
    typed(&mut state, "ZZ rep");
    assert_eq!(ids(&state), ["zz-replica"]);
    update(&mut state, Event::Command(Command::Confirm));
    assert_eq!(state.nav.mode, Mode::Normal);
    assert_eq!(ids(&state), ["zz-replica"], "enter keeps the filter");
    update(&mut state, fleet_event(&["alpha", "beta", "gamma"]));
    assert_eq!(ids(&state), ["zz-replica"], "new data is filtered too");
    update(&mut state, Event::Command(Command::Back));
    assert_eq!(ids(&state).len(), 5);
}

#[test]
fn sorting_cycles_columns_and_reverses() {
    let (mut state, _) = loaded(&["b", "a"]);
    update(&mut state, Event::Command(Command::SortNext));
    assert_eq!(state.nav.queries[Tab::Fleet].sort, Some(0));
    assert_eq!(ids(&state), ["a", "b", "zz-main", "zz-replica"]);
    update(&mut state, Event::Command(Command::SortReverse));
    assert_eq!(ids(&state), ["zz-replica", "zz-main", "b", "a"]);
}

fn palette(state: &mut State, line: &str) -> Vec<Effect> {
    update(state, Event::Command(Command::Palette));
    typed(state, line);
    update(state, Event::Command(Command::Confirm))
}

#[test]
fn the_palette_switches_tabs_narrows_regions_and_asks_for_themes() {
    let (mut state, _) = loaded(&["a"]);
    palette(&mut state, "tab alarms");
    assert_eq!(state.nav.tab, Tab::Alarms);
    palette(&mut state, "region us-east-1");
    assert_eq!(state.nav.scope_filter.region.as_deref(), Some("us-east-1"));
    palette(&mut state, "region mars-1");
    assert!(state.notice.as_ref().unwrap().text.contains("no region `mars-1`"));
    assert_eq!(palette(&mut state, "theme warroom"), vec![Effect::SetTheme("warroom".into())]);
    palette(&mut state, "launch");
    assert!(state.notice.as_ref().unwrap().text.starts_with("unknown command `launch`"));
    assert_eq!(palette(&mut state, "quit"), vec![Effect::Quit]);
}

#[test]
fn tab_completes_verbs_and_arguments() {
    let (mut state, _) = loaded(&["a"]);
    update(&mut state, Event::Command(Command::Palette));
    typed(&mut state, "re");
    update(&mut state, Event::Command(Command::NextField));
    assert_eq!(state.nav.mode, Mode::Palette("re".into()), "region and refresh share only `re`");
    typed(&mut state, "g");
    update(&mut state, Event::Command(Command::NextField));
    assert_eq!(state.nav.mode, Mode::Palette("region ".into()));
    typed(&mut state, "us");
    update(&mut state, Event::Command(Command::NextField));
    assert_eq!(state.nav.mode, Mode::Palette("region us-east-1".into()));
}

#[test]
fn the_kiosk_rotates_and_ignores_every_key_but_quit() {
    let (mut state, _) = loaded(&["a"]);
    state.session.kiosk = Some(crate::state::Kiosk::new(2));
    update(&mut state, Event::Command(Command::TabAlarms));
    assert_eq!(state.nav.tab, Tab::Fleet, "keys do nothing on the wall");
    update(&mut state, Event::Tick(at(1)));
    update(&mut state, Event::Tick(at(2)));
    assert_eq!(state.nav.tab, Tab::Replication);
    assert_eq!(update(&mut state, Event::Command(Command::Quit)), vec![Effect::Quit]);
}

fn alarm(name: &str, state: crate::cloud::model::AlarmState) -> crate::cloud::model::Alarm {
    crate::cloud::model::Alarm {
        name: name.into(),
        region: "us-east-1".into(),
        state,
        reason: None,
        updated: None,
        namespace: None,
        metric: None,
        dimensions: Vec::new(),
        comparison: None,
        threshold: None,
    }
}

#[test]
fn the_kiosk_flashes_only_for_a_new_alarm() {
    use crate::cloud::model::AlarmState::{Alarm, Ok as Fine};
    let mut state = State::new("TEST", vec![east()]);
    state.session.kiosk = Some(crate::state::Kiosk::new(20));
    let poll = |state: &mut State, alarms| {
        let snapshot = Snapshot { data: alarms, fetched_at: at(0) };
        update(state, Event::Polled(Polled::Alarms(east(), Ok(snapshot))));
    };
    poll(&mut state, vec![alarm("old", Alarm), alarm("new", Fine)]);
    assert_eq!(state.session.kiosk.as_ref().unwrap().flash, 0, "alarms already firing at start do not flash");
    poll(&mut state, vec![alarm("old", Alarm), alarm("new", Alarm)]);
    assert!(state.session.kiosk.as_ref().unwrap().flash > 0);
}

fn click(state: &mut State, column: u16, row: u16) -> Vec<Effect> {
    use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let kind = MouseEventKind::Down(MouseButton::Left);
    update(state, Event::Mouse(MouseEvent { kind, column, row, modifiers: KeyModifiers::NONE }))
}

#[test]
fn clicks_select_rows_open_them_and_switch_tabs() {
    let (mut state, _) = loaded(&["a", "b"]);
    click(&mut state, 10, 5);
    assert_eq!(state.selected_key(Tab::Fleet).unwrap().id, "b");
    click(&mut state, 10, 5);
    assert!(matches!(state.nav.mode, Mode::Detail(DetailTarget::Db(_))), "a second click opens the row");
    update(&mut state, Event::Command(Command::Back));
    click(&mut state, 57, 1);
    assert_eq!(state.nav.tab, Tab::Alarms);
    state.session.kiosk = Some(crate::state::Kiosk::new(20));
    click(&mut state, 2, 1);
    assert_eq!(state.nav.tab, Tab::Alarms, "the wall ignores the mouse");
}
