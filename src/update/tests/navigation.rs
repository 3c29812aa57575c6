//! Tabs, the cursor, detail views, help, refresh and quit, the mouse.

use super::*;

#[test]
fn tabs_cycle_both_ways_and_by_number() {
    let mut state = State::new("TEST", vec![east()]);
    update(&mut state, Event::Command(Command::PrevTab));
    assert_eq!(state.nav.tab, Tab::Overview);
    update(&mut state, Event::Command(Command::PrevTab));
    assert_eq!(state.nav.tab, Tab::Timeline);
    update(&mut state, Event::Command(Command::NextTab));
    assert_eq!(state.nav.tab, Tab::Overview);
    update(&mut state, Event::Command(Command::NextTab));
    assert_eq!(state.nav.tab, Tab::Fleet);
    update(&mut state, Event::Command(Command::TabCapacity));
    assert_eq!(state.nav.tab, Tab::Capacity);
    update(&mut state, Event::Command(Command::TabTimeline));
    assert_eq!(state.nav.tab, Tab::Timeline);
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
fn refresh_and_quit_become_effects() {
    let mut state = State::new("TEST", vec![east()]);
    assert_eq!(update(&mut state, Event::Command(Command::Refresh)), vec![Effect::RefreshAll]);
    assert_eq!(update(&mut state, Event::Command(Command::Quit)), vec![Effect::Quit]);
    assert!(state.quit);
}

#[test]
fn clicks_select_rows_open_them_and_switch_tabs() {
    let (mut state, _) = loaded(&["a", "b"]);
    click(&mut state, 10, 5);
    assert_eq!(state.selected_key(Tab::Fleet).unwrap().id, "b");
    click(&mut state, 10, 5);
    assert!(matches!(state.nav.mode, Mode::Detail(DetailTarget::Db(_))), "a second click opens the row");
    update(&mut state, Event::Command(Command::Back));
    click(&mut state, 65, 1);
    assert_eq!(state.nav.tab, Tab::Alarms);
    state.session.kiosk = Some(crate::state::Kiosk::new(20));
    click(&mut state, 2, 1);
    assert_eq!(state.nav.tab, Tab::Alarms, "the wall ignores the mouse");
}
