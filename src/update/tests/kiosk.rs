//! The war-room display.

use super::*;

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

#[test]
fn a_wall_sized_kiosk_shows_the_overview_and_kiosk_tabs_choose_the_rotation() {
    let (mut state, _) = loaded(&["a"]);
    state.session.kiosk = Some(crate::state::Kiosk::new(1));
    update(&mut state, Event::Resize(200, 55));
    assert_eq!(state.nav.tab, Tab::Overview, "a wall shows the Overview");
    update(&mut state, Event::Tick(at(1)));
    update(&mut state, Event::Tick(at(2)));
    assert_eq!(state.nav.tab, Tab::Overview, "and stays on it");
    // Smaller than a wall: every tab in turn.
    update(&mut state, Event::Resize(120, 40));
    update(&mut state, Event::Tick(at(3)));
    assert_eq!(state.nav.tab, Tab::Fleet);
    // --kiosk-tabs overview,alarms,capacity: those, in that order, at any size.
    if let Some(kiosk) = &mut state.session.kiosk {
        kiosk.tabs = vec![Tab::Overview, Tab::Alarms, Tab::Capacity];
    }
    update(&mut state, Event::Resize(200, 55));
    assert_eq!(state.nav.tab, Tab::Overview, "a tab outside the rotation gives way to its first");
    let mut seen = Vec::new();
    for second in 4..7 {
        update(&mut state, Event::Tick(at(second)));
        seen.push(state.nav.tab);
    }
    assert_eq!(seen, [Tab::Alarms, Tab::Capacity, Tab::Overview]);
    assert_eq!(Tab::named("Capacity"), Some(Tab::Capacity));
    assert_eq!(Tab::named("nope"), None);
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
