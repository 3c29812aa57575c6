//! The war-room display: tabs rotate on a timer, and the header flashes for a while when an
//! alarm goes into ALARM (only new ones: the wall should not flash all day for one old alarm).

use std::collections::BTreeSet;

use crate::cloud::model::AlarmState;
use crate::state::{Kiosk, State};

/// Seconds the header flashes after a new alarm.
const FLASH_SECS: u32 = 12;

/// One second passed (ticks come once a second, whatever the backend's clock does).
pub(super) fn tick(state: &mut State) {
    let Some(kiosk) = &mut state.session.kiosk else { return };
    kiosk.left = kiosk.left.saturating_sub(1);
    if kiosk.left == 0 {
        kiosk.left = kiosk.every;
        state.nav.tab = kiosk.next_after(state.nav.tab);
        state.dirty = true;
    }
    if kiosk.flash > 0 {
        kiosk.flash -= 1;
        state.dirty = true;
    }
}

/// The terminal was resized: a wall-sized one shows the Overview alone (unless `--kiosk-tabs`
/// says otherwise); the tab on show moves into the rotation if it left it.
pub(super) fn resized(state: &mut State, columns: u16, rows: u16) {
    let Some(kiosk) = &mut state.session.kiosk else { return };
    kiosk.wall = columns >= Kiosk::WALL.0 && rows >= Kiosk::WALL.1;
    if !kiosk.rotation().contains(&state.nav.tab) {
        state.nav.tab = kiosk.next_after(state.nav.tab);
    }
}

/// Alarms were polled: flash when one is in ALARM that was not at the last poll.
pub(super) fn alarms_polled(state: &mut State) {
    let Some(kiosk) = &mut state.session.kiosk else { return };
    let firing: BTreeSet<String> = state
        .fetched
        .alarms
        .data()
        .flat_map(|(scope, alarms)| {
            alarms.iter().filter(|a| a.state == AlarmState::Alarm).map(move |a| format!("{scope}/{}", a.name))
        })
        .collect();
    let loaded = state.fetched.alarms.iter().all(|(_, feed)| feed.data().is_some());
    if kiosk.primed && firing.difference(&kiosk.firing).next().is_some() {
        kiosk.flash = FLASH_SECS;
    }
    kiosk.firing = firing;
    // Until every region has answered once, alarms are being discovered, not raised.
    kiosk.primed |= loaded;
}
