//! When the screen is redrawn: the clock, and ages on show.

use super::*;

#[test]
fn a_quiet_screen_is_redrawn_for_the_clock_and_for_ages_on_show() {
    let (mut state, _) = loaded(&["a"]);
    let poll_all = |state: &mut State, secs| {
        let alarms = Snapshot { data: Vec::new(), fetched_at: at(secs) };
        update(state, Event::Polled(Polled::Alarms(east(), Ok(alarms))));
        let groups = Snapshot { data: Vec::new(), fetched_at: at(secs) };
        update(state, Event::Polled(Polled::Groups(east(), Ok(groups))));
        let events = Snapshot { data: Vec::new(), fetched_at: at(secs) };
        update(state, Event::Polled(Polled::Events(east(), Ok(events))));
        let metrics = Snapshot { data: Metrics::default(), fetched_at: at(secs) };
        update(state, Event::Polled(Polled::Metrics(east(), Ok(metrics))));
        update(state, fleet_at(&["a"], secs));
        let focus = state.fetched.focus.clone().unwrap();
        let pi = Snapshot { data: performance(&focus.id), fetched_at: at(secs) };
        update(state, Event::Polled(Polled::Performance(PiQuery::new(focus), Ok(pi))));
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
