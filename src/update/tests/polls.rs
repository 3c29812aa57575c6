//! Poll results: rows, selections kept on their resources, focus, and polls that change nothing.

use super::*;

#[test]
fn fleet_snapshot_builds_rows_targets_and_default_focus() {
    let (state, effects) = loaded(&["a", "b"]);
    assert_eq!(
        state.rows.fleet.iter().map(|r| r.facts.key.id.as_str()).collect::<Vec<_>>(),
        ["a", "b", "zz-main", "zz-replica"]
    );
    let focus = ResourceKey::new(east(), "zz-main");
    assert_eq!(state.fetched.focus, Some(focus.clone()));
    assert!(effects.contains(&Effect::FocusPerformance(Some(PiQuery::new(focus)))));
    let targets = |effects: &[Effect]| {
        effects.iter().any(|e| matches!(e, Effect::SetMetricTargets(s, t) if *s == east() && t.instances.len() == 4))
    };
    assert!(!targets(&effects), "the metrics wait for the groups too, so that a start costs one metrics call");
    let mut state = state;
    let groups = Snapshot { data: Vec::new(), fetched_at: at(0) };
    let effects = update(&mut state, Event::Polled(Polled::Groups(east(), Ok(groups))));
    assert!(targets(&effects), "{effects:?}");
}

#[test]
fn metric_targets_go_out_once_the_groups_answered_even_when_they_failed() {
    let (mut state, _) = loaded(&["a"]);
    let failed = crate::feed::stamped(Err(crate::cloud::CloudError::Network { message: "down".to_owned() }), at(0));
    let effects = update(&mut state, Event::Polled(Polled::Groups(east(), failed)));
    assert!(
        effects.iter().any(|e| matches!(e, Effect::SetMetricTargets(s, t) if *s == east() && t.instances.len() == 3))
    );
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
    let west = DbFleet::new(vec![db("west-db", DbRole::Primary, false)], Vec::new());
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
    assert_eq!(&*row.verdict.reason, "CPU 95%");
}

#[test]
fn performance_results_for_an_old_focus_are_dropped() {
    let (mut state, _) = loaded(&[]);
    let old = ResourceKey::new(east(), "other");
    let snapshot = Snapshot { data: performance("other"), fetched_at: at(1) };
    update(&mut state, Event::Polled(Polled::Performance(PiQuery::new(old), Ok(snapshot))));
    assert_eq!(state.fetched.performance, Feed::Loading);
    let current = state.fetched.focus.clone().unwrap();
    let snapshot = Snapshot { data: performance("zz-main"), fetched_at: at(2) };
    update(&mut state, Event::Polled(Polled::Performance(PiQuery::new(current), Ok(snapshot))));
    assert!(state.fetched.performance.data().is_some());
}

#[test]
fn performance_follows_the_fleet_selection_when_pi_is_on() {
    let (mut state, _) = loaded(&["a"]);
    update(&mut state, Event::Command(Command::Bottom));
    let effects = update(&mut state, Event::Command(Command::TabPerformance));
    let replica = ResourceKey::new(east(), "zz-replica");
    assert_eq!(effects, vec![Effect::FocusPerformance(Some(PiQuery::new(replica.clone())))]);
    assert_eq!(state.fetched.focus, Some(replica));
    update(&mut state, Event::Command(Command::TabFleet));
    update(&mut state, Event::Command(Command::Top));
    let effects = update(&mut state, Event::Command(Command::TabPerformance));
    assert!(effects.is_empty(), "an instance without PI does not steal the focus");
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
