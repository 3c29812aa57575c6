//! The filter, sorting and the command palette.

use super::*;
use crate::state::palette::candidates;

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
fn a_palette_line_does_what_its_key_does() {
    // Key 3 points Performance Insights at the selected instance that has it on: `:tab
    // performance` and `:tab 3` go through the same code.
    for line in ["tab performance", "tab perf", "tab 3"] {
        let (mut by_key, _) = loaded(&["a"]);
        update(&mut by_key, Event::Command(Command::Bottom));
        let mut by_line = by_key.clone();
        let key = update(&mut by_key, Event::Command(Command::TabPerformance));
        let typed = palette(&mut by_line, line);
        assert_eq!(typed, key, "{line}");
        assert_eq!(typed, vec![Effect::FocusPerformance(Some(PiQuery::new(ResourceKey::new(east(), "zz-replica"))))]);
        assert_eq!((by_line.nav.tab, &by_line.fetched.focus), (by_key.nav.tab, &by_key.fetched.focus));
    }
    // `:runbook snapshot` is key S on the Fleet tab: the same dialog on the same plan.
    let (mut by_key, _) = loaded(&["a"]);
    let mut by_line = by_key.clone();
    update(&mut by_key, Event::Command(Command::Snapshot));
    palette(&mut by_line, "runbook snapshot");
    assert!(matches!(by_line.nav.mode, Mode::Confirm(_)), "{:?}", by_line.nav.mode);
    assert_eq!(by_line.nav.mode, by_key.nav.mode);
    update(&mut by_line, Event::Command(Command::Back));
    palette(&mut by_line, "runbook launch");
    assert!(by_line.notice.as_ref().unwrap().text.contains("scale-up, snapshot, failover"));
}

#[test]
fn completion_offers_each_region_once_and_the_sessions_themes() {
    let scope = |profile: &str, region: &str| Scope { profile: Some(profile.into()), region: region.into() };
    let scopes = vec![
        scope("prod", "us-east-1"),
        scope("prod", "us-west-2"),
        scope("dr", "us-east-1"),
        scope("dr", "us-west-2"),
    ];
    let mut state = State::new("TEST", scopes);
    state.session.themes = vec!["default".into(), "night".into()];
    assert_eq!(candidates(&state, "region "), ["us-east-1", "us-west-2", "all"]);
    assert_eq!(candidates(&state, "profile "), ["prod", "dr", "all"]);
    assert_eq!(candidates(&state, "theme n"), ["night"]);
    assert_eq!(candidates(&state, "ru"), ["runbook"]);
    palette(&mut state, "theme");
    assert_eq!(state.notice.as_ref().unwrap().text, "theme: one of default, night");
}
