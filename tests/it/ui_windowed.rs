//! Screen tests of a DB instance's detail over the window chosen with `w`: the feed's last five
//! minutes, a day fetched for it (ready, stale after a failed refresh), a week on its way and
//! six hours that failed, at 120×40 and 80×24; and the key, end to end through `update`.

use opsdeck::cloud::CloudError;
use opsdeck::cloud::model::{DbMetric, DbSeries, ResourceKey, Series, Window};
use opsdeck::command::Command;
use opsdeck::event::{Effect, Event, Polled};
use opsdeck::feed::{Failure, Feed};
use opsdeck::state::{DbHistory, DetailTarget, Mode, State, Tab};
use opsdeck::update::update;

use crate::fixtures::{self, ago, east, snapshot, t0, throttled};
use crate::ui::screen;

const SIZES: [(u16, u16); 2] = [(120, 40), (80, 24)];

fn key() -> ResourceKey {
    ResourceKey::new(east(), "shop-prod-db")
}

/// A day of one-minute points of `shop-prod-db`: a daily curve, a spike an hour and a half ago.
fn day() -> DbSeries {
    let curve = |i: i64, low: f64, high: f64| {
        let phase = (i as f64 / 1_440.0 * std::f64::consts::TAU).sin();
        low + (high - low) * (0.5 + 0.5 * phase)
    };
    let series = |f: &dyn Fn(i64) -> f64| Series::new((0..1_440).map(|i| (ago(1_439 - i), f(i))));
    let cpu = |i: i64| if (1_340..1_350).contains(&i) { 97.0 } else { curve(i, 20.0, 70.0) };
    DbSeries {
        series: [
            (DbMetric::Cpu, series(&cpu)),
            (DbMetric::Connections, series(&|i| curve(i, 150.0, 430.0).round())),
            (DbMetric::FreeStorage, series(&|i| 200.0 * 1_073_741_824.0 - i as f64 * 10_000_000.0)),
            (DbMetric::ReadIops, series(&|i| curve(i, 900.0, 2_600.0))),
            (DbMetric::WriteIops, series(&|i| curve(i, 300.0, 950.0))),
            (DbMetric::DbLoad, series(&|i| curve(i, 1.0, 6.5))),
        ]
        .into(),
    }
}

fn detail(window: Window, feed: Option<Feed<DbSeries>>) -> State {
    let mut state = fixtures::ready();
    state.nav.tab = Tab::Fleet;
    state.nav.mode = Mode::Detail(DetailTarget::Db(key()));
    state.fetched.pi_view.window = window;
    state.fetched.db_history = feed.map(|feed| Box::new(DbHistory { instance: key(), window, feed }));
    state
}

fn cases() -> Vec<(&'static str, State)> {
    let ready = Feed::Ready(snapshot(day(), ago(1)));
    let stale = Feed::Failed { failure: throttled("CloudWatch", 1), last: Some(snapshot(day(), ago(12))) };
    let denied = CloudError::AccessDenied {
        action: "cloudwatch:GetMetricData".to_owned(),
        message: "not authorized".to_owned(),
    };
    let failed = Feed::Failed { failure: Failure { error: denied, at: ago(0) }, last: None };
    vec![
        ("five_minutes", detail(Window::FiveMinutes, None)),
        ("day", detail(Window::Day, Some(ready))),
        ("day_stale", detail(Window::Day, Some(stale))),
        ("week_loading", detail(Window::Week, Some(Feed::Loading))),
        ("six_hours_failed", detail(Window::SixHours, Some(failed))),
    ]
}

#[test]
fn windowed_instance_detail() {
    for (name, state) in cases() {
        for (w, h) in SIZES {
            insta::assert_snapshot!(format!("windowed_{name}_{w}x{h}"), screen(&state, w, h));
        }
    }
}

#[test]
fn windowed_details_draw_at_any_size() {
    for (_, state) in cases() {
        for (w, h) in [(20, 5), (21, 6), (40, 10), (59, 17), (200, 55)] {
            let text = screen(&state, w, h);
            assert_eq!(text.lines().count(), usize::from(h), "{w}x{h}");
        }
    }
}

#[test]
fn w_in_the_detail_fetches_the_day_and_draws_it_titled_with_it() {
    let mut state = fixtures::ready();
    state.nav.tab = Tab::Fleet;
    state.nav.mode = Mode::Detail(DetailTarget::Db(key()));
    let mut fetched = Vec::new();
    for _ in 0..2 {
        for effect in update(&mut state, Event::Command(Command::NextWindow)) {
            if let Effect::FetchDbHistory(key, window) = effect {
                fetched.push(window);
                update(&mut state, Event::Polled(Polled::DbHistory(key, window, Ok(snapshot(day(), t0())))));
            }
        }
    }
    assert_eq!(fetched, [Window::SixHours, Window::Day], "one fetch per window change");
    let text = screen(&state, 120, 40);
    assert!(text.contains("shop-prod-db (us-east-1) · last 24 h"), "{text}");
    assert!(text.contains("Metrics, last 24 h, 1-min points"), "{text}");
    assert!(text.contains("max 97.0%"), "the spike is in the day's range: {text}");
    // The Performance tab moved with it.
    assert_eq!(state.fetched.pi_view.window, Window::Day);
}
