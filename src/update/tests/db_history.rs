//! A DB instance's detail over the window: `w` moves the one window, longer windows are
//! fetched for the open instance only, answers for another instance or window are dropped.

use super::{at, east, loaded};
use crate::cloud::model::{DbMetric, DbSeries, ResourceKey, Series, Window};
use crate::command::Command;
use crate::event::{Effect, Event, Polled};
use crate::feed::{Feed, Snapshot};
use crate::state::{DetailTarget, Mode, State, Tab};
use crate::update::update;

fn key(id: &str) -> ResourceKey {
    ResourceKey::new(east(), id)
}

fn detail_of(id: &str) -> State {
    let (mut state, _) = loaded(&["a"]);
    state.nav.tab = Tab::Fleet;
    state.nav.mode = Mode::Detail(DetailTarget::Db(key(id)));
    state
}

fn fetches(effects: &[Effect]) -> Vec<(String, Window)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::FetchDbHistory(key, window) => Some((key.id.clone(), *window)),
            _ => None,
        })
        .collect()
}

fn answer(id: &str, window: Window, cpu: f64) -> Event {
    let series = DbSeries { series: [(DbMetric::Cpu, Series::from_secs([(0, cpu)]))].into() };
    Event::Polled(Polled::DbHistory(key(id), window, Ok(Snapshot { data: series, fetched_at: at(5) })))
}

#[test]
fn w_in_an_instance_detail_walks_the_windows_and_fetches_only_past_the_hour() {
    let mut state = detail_of("a");
    let mut asked = Vec::new();
    let mut windows = Vec::new();
    for _ in 0..Window::ALL.len() {
        let effects = update(&mut state, Event::Command(Command::NextWindow));
        windows.push(state.fetched.pi_view.window);
        asked.extend(fetches(&effects));
        // The Performance tab shows the same window: its poller is told.
        assert!(
            effects.iter().any(
                |e| matches!(e, Effect::FocusPerformance(Some(q)) if q.view.window == state.fetched.pi_view.window)
            )
        );
    }
    assert_eq!(windows, [Window::SixHours, Window::Day, Window::Week, Window::FiveMinutes, Window::Hour]);
    let one_each = [("a".to_owned(), Window::SixHours), ("a".to_owned(), Window::Day), ("a".to_owned(), Window::Week)];
    assert_eq!(asked, one_each, "one fetch per window past the hour, none for 5 min and 1 h");
    assert!(state.fetched.db_history.is_none(), "back within the feed's hour: nothing held");
}

#[test]
fn a_window_is_asked_once_then_again_on_refresh_and_forgotten_on_close() {
    let (mut state, _) = loaded(&["a"]);
    state.nav.tab = Tab::Fleet;
    state.fetched.pi_view.window = Window::Day;
    let effects = update(&mut state, Event::Command(Command::Open));
    assert_eq!(state.nav.mode, Mode::Detail(DetailTarget::Db(key("a"))));
    assert_eq!(fetches(&effects), [("a".to_owned(), Window::Day)]);
    assert!(matches!(state.fetched.db_history.as_ref().map(|h| &h.feed), Some(Feed::Loading)));
    assert!(fetches(&update(&mut state, Event::Command(Command::Confirm))).is_empty(), "held: not asked again");
    update(&mut state, answer("a", Window::Day, 42.0));
    let held = state.fetched.db_history.as_ref().and_then(|h| h.feed.data()).and_then(|d| d.latest(DbMetric::Cpu));
    assert_eq!(held, Some(42.0));
    let effects = update(&mut state, Event::Command(Command::Refresh));
    assert_eq!(fetches(&effects), [("a".to_owned(), Window::Day)]);
    assert!(state.fetched.db_history.as_ref().is_some_and(|h| h.feed.data().is_some()), "kept on screen meanwhile");
    update(&mut state, Event::Command(Command::Back));
    assert!(state.fetched.db_history.is_none());
}

#[test]
fn answers_for_another_window_or_instance_are_dropped() {
    let mut state = detail_of("a");
    state.fetched.pi_view.window = Window::Week;
    update(&mut state, Event::Command(Command::Confirm));
    update(&mut state, answer("a", Window::Day, 1.0));
    update(&mut state, answer("zz-main", Window::Week, 2.0));
    assert!(matches!(state.fetched.db_history.as_ref().map(|h| &h.feed), Some(Feed::Loading)));
    update(&mut state, answer("a", Window::Week, 3.0));
    let held = state.fetched.db_history.as_ref().and_then(|h| h.feed.data()).and_then(|d| d.latest(DbMetric::Cpu));
    assert_eq!(held, Some(3.0));
}

#[test]
fn w_outside_a_detail_or_on_a_vanished_instance_does_nothing_on_the_fleet_tab() {
    let (mut state, _) = loaded(&["a"]);
    state.nav.tab = Tab::Fleet;
    assert!(update(&mut state, Event::Command(Command::NextWindow)).is_empty());
    assert_eq!(state.fetched.pi_view.window, Window::Hour);
    let mut gone = detail_of("deleted");
    assert!(update(&mut gone, Event::Command(Command::NextWindow)).is_empty());
    assert_eq!(gone.fetched.pi_view.window, Window::Hour);
}
