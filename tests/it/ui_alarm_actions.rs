//! Paused alarm actions on screen: the Alarms tab's `Actions` column, and the reminder in the
//! header of every tab and overlay while any alarm's actions are paused, in the warning colour.

use chrono::Duration;
use opsdeck::config::theme::{Role, Theme};
use opsdeck::state::{State, Tab};

use crate::fixtures::{self, alarms_east, east, poll, snapshot, t0};
use crate::ui::{buffer, find, on_tab, screen};

const REMINDER: &str = "alarm actions paused: 1";

/// The fixtures' console, with the actions of shop-prod-db-cpu-high paused.
fn paused() -> State {
    let mut state = fixtures::ready();
    let mut alarms = alarms_east();
    for alarm in alarms.iter_mut().filter(|a| a.name == "shop-prod-db-cpu-high") {
        alarm.actions_enabled = false;
    }
    let at = t0() - Duration::seconds(5);
    poll(&mut state, opsdeck::event::Polled::Alarms(east(), Ok(snapshot(alarms, at))));
    state
}

#[test]
fn the_alarms_tab_shows_which_alarms_have_their_actions_paused() {
    let state = on_tab(&paused(), Tab::Alarms);
    for (w, h) in [(120, 40), (80, 24)] {
        insta::assert_snapshot!(format!("alarm_actions_paused_{w}x{h}"), screen(&state, w, h));
    }
}

#[test]
fn every_tab_says_how_many_alarms_are_paused_and_none_says_so_when_none_is() {
    let state = paused();
    for tab in Tab::ALL {
        for (w, h) in [(120, 40), (80, 24)] {
            let text = screen(&on_tab(&state, tab), w, h);
            let header = text.lines().next().unwrap_or_default();
            assert!(header.contains(REMINDER), "{tab:?} {w}x{h}: {header}");
        }
        let calm = screen(&on_tab(&fixtures::ready(), tab), 120, 40);
        assert!(!calm.contains("alarm actions paused"), "{tab:?}");
    }
}

#[test]
fn the_reminder_and_the_paused_cell_are_in_the_warning_colour() {
    let theme = Theme::default();
    let warn = theme.style(Role::Warn).fg.unwrap_or_default();
    let alarms = buffer(&on_tab(&paused(), Tab::Alarms), 120, 40);
    let Some((x, y)) = find(&alarms, REMINDER) else { panic!("no reminder") };
    assert_eq!((y, alarms[(x, y)].fg), (0, warn), "in the header, in the warning colour");
    let Some((x, y)) = find(&alarms, "paused ") else { panic!("no paused cell") };
    assert!(y > 0);
    assert_eq!(alarms[(x, y)].fg, warn);
}
