//! Column widths in every table: a long alarm or group name is shown whole at 80, 120 and 200
//! columns, while the free text beside it (the alarm's reason) is the one that is cut.

use opsdeck::event::Polled;
use opsdeck::state::{State, Tab};

use crate::fixtures::{self, alarms_east, east, groups_east, poll, snapshot, t0};
use crate::ui::{on_tab, screen};

const ALARM: &str = "shop-prod-orders-writer-cpu-utilization";
const GROUP: &str = "shop-prod-checkout-workers-spot-blue";
const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 55)];

fn with_long_names() -> State {
    let mut state = fixtures::ready();
    let mut alarms = alarms_east();
    ALARM.clone_into(&mut alarms[0].name);
    let mut groups = groups_east();
    GROUP.clone_into(&mut groups[1].name);
    poll(&mut state, Polled::Alarms(east(), Ok(snapshot(alarms, t0()))));
    poll(&mut state, Polled::Groups(east(), Ok(snapshot(groups, t0()))));
    state
}

/// The screen line that shows `text`, if one does.
fn line_with(screen: &str, text: &str) -> Option<String> {
    screen.lines().find(|l| l.contains(text)).map(str::to_owned)
}

#[test]
fn a_long_alarm_name_is_whole_and_its_reason_is_cut() {
    let state = on_tab(&with_long_names(), Tab::Alarms);
    for (w, h) in SIZES {
        let screen = screen(&state, w, h);
        let line = line_with(&screen, ALARM).unwrap_or_else(|| panic!("{ALARM} cut at {w}×{h}:\n{screen}"));
        assert!(line.contains("Thres"), "no reason beside the name at {w}×{h}: {line}");
        assert!(line.contains('…'), "the long reason is not cut with an ellipsis at {w}×{h}: {line}");
    }
}

#[test]
fn a_long_group_name_is_whole_at_every_width() {
    let state = on_tab(&with_long_names(), Tab::Capacity);
    for (w, h) in SIZES {
        let screen = screen(&state, w, h);
        let line = line_with(&screen, GROUP).unwrap_or_else(|| panic!("{GROUP} cut at {w}×{h}:\n{screen}"));
        assert!(line.contains("10"), "the group's counts are missing at {w}×{h}: {line}");
    }
}

#[test]
fn short_names_leave_the_width_to_free_text() {
    // The fixture's names fit in the declared width: the reason gets everything else.
    let state = on_tab(&fixtures::ready(), Tab::Alarms);
    let screen = screen(&state, 200, 55);
    let line = line_with(&screen, "shop-prod-db-cpu-high").unwrap_or_default();
    let reason = line.find("Threshold").unwrap_or(usize::MAX);
    assert!(reason < 120, "the reason starts too far right: {line}");
}
