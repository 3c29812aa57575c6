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
