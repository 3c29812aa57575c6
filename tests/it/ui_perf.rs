//! Screen tests of the Performance tab at Database Insights depth: each slice, a week's
//! window, a slice the engine lacks, a view on its way, a statement in full and the blocking
//! tree, at 120×40 and
//! 80×24; and the keys that change the view, end to end through `update` and a redraw.

use opsdeck::cloud::model::{Dimension, PiQuery, PiView, Window};
use opsdeck::command::Command;
use opsdeck::event::{Effect, Event};
use opsdeck::state::Tab;
use opsdeck::update::update;

use crate::fixtures::{self, perf};
use crate::ui::screen;

const SIZES: [(u16, u16); 2] = [(120, 40), (80, 24)];

/// A state to draw, built when its case runs.
type Fixture = fn() -> opsdeck::state::State;

fn slug(dimension: Dimension) -> &'static str {
    match dimension {
        Dimension::WaitEvent => "wait",
        Dimension::Sql => "sql",
        Dimension::Host => "host",
        Dimension::User => "user",
        Dimension::Database => "database",
        Dimension::Application => "application",
    }
}

#[test]
fn every_slice() {
    for dimension in Dimension::ALL {
        let state = perf::sliced(dimension);
        for (w, h) in SIZES {
            let text = screen(&state, w, h);
            assert!(text.contains(&format!("by {}", dimension.label())), "{dimension:?} {w}x{h}\n{text}");
            insta::assert_snapshot!(format!("perf_slice_{}_{w}x{h}", slug(dimension)), text);
        }
    }
}

#[test]
fn other_views() {
    let cases: [(&str, Fixture); 8] = [
        ("perf_week", perf::week),
        ("perf_application_not_reported", perf::application_not_reported),
        ("perf_loading_another_view", perf::loading_another_view),
        ("perf_sql_detail", perf::sql_detail),
        ("perf_blocking_chain", || perf::blocking_view(perf::blocking_chain(), None)),
        ("perf_blocking_none", || perf::blocking_view(Vec::new(), None)),
        ("perf_blocking_lock_snapshot", perf::blocking_with_lock_snapshot),
        ("perf_blocking_not_reported", || {
            perf::blocking_view(Vec::new(), Some("blocking is not reported by this engine (mysql)"))
        }),
    ];
    for (name, state) in cases {
        let state = state();
        for (w, h) in SIZES {
            insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen(&state, w, h));
        }
    }
}

#[test]
fn a_slice_the_engine_lacks_says_why() {
    let text = screen(&perf::application_not_reported(), 120, 40);
    assert!(text.contains("db.application is not reported by this engine"), "{text}");
    assert!(text.contains("not sliced"), "{text}");
}

#[test]
fn the_detail_shows_the_full_text_and_its_own_load() {
    let text = screen(&perf::sql_detail(), 120, 40);
    assert!(text.contains("WHERE sku = 'SKU-88213'"), "the full text, not the digest: {text}");
    assert!(text.contains("Its own load, last 1 h"), "{text}");
    assert!(text.contains("peak 2.9"), "{text}");
    assert!(text.contains("Calls/s"), "{text}");
}

#[test]
fn s_and_w_refetch_the_focus_through_the_new_view_and_the_title_says_so() {
    let mut state = fixtures::ready();
    state.nav.tab = Tab::Performance;
    let effects = update(&mut state, Event::Command(Command::NextSlice));
    let by_sql = PiView { dimension: Dimension::Sql, ..PiView::default() };
    assert_eq!(effects, vec![Effect::FocusPerformance(Some(PiQuery { instance: fixtures::focus(), view: by_sql }))]);
    let effects = update(&mut state, Event::Command(Command::NextWindow));
    let wanted = PiView { window: Window::SixHours, dimension: Dimension::Sql };
    assert_eq!(effects, vec![Effect::FocusPerformance(Some(PiQuery { instance: fixtures::focus(), view: wanted }))]);
    let text = screen(&state, 120, 40);
    assert!(text.contains("1 h · by wait event"), "what is shown is titled with its own view: {text}");
    assert!(text.contains("loading 6 h by SQL"), "{text}");
    // Off the Performance tab the keys do nothing.
    state.nav.tab = Tab::Fleet;
    assert!(update(&mut state, Event::Command(Command::NextWindow)).is_empty());
    assert_eq!(state.fetched.pi_view, wanted);
}

#[test]
fn a_result_for_an_old_view_is_dropped() {
    let mut state = perf::loading_another_view();
    let before = state.fetched.performance.clone();
    let old = PiQuery::new(fixtures::focus());
    let snapshot = opsdeck::feed::Snapshot { data: fixtures::performance(), fetched_at: fixtures::t0() };
    update(&mut state, Event::Polled(opsdeck::event::Polled::Performance(old, Ok(snapshot))));
    assert_eq!(state.fetched.performance, before);
}

#[test]
fn opening_a_statement_fetches_it_once_and_closing_forgets_it() {
    let mut state = fixtures::ready();
    state.nav.tab = Tab::Performance;
    let effects = update(&mut state, Event::Command(Command::Open));
    let query = PiQuery::new(fixtures::focus());
    assert_eq!(effects, vec![Effect::FetchSqlDetail(query.clone(), fixtures::SQL_ID.to_owned())]);
    let next = update(&mut state, Event::Command(Command::Down));
    assert_eq!(
        next,
        vec![Effect::FetchSqlDetail(query.clone(), "2C7D19E0B4A85F61".to_owned())],
        "the view follows the row"
    );
    assert_eq!(update(&mut state, Event::Command(Command::Refresh)).len(), 2, "refresh: every feed, and the statement");
    update(&mut state, Event::Command(Command::Back));
    assert!(state.fetched.sql_detail.is_none());
}

#[test]
fn b_opens_the_blocking_tree_and_fetches_it_once() {
    let mut state = fixtures::ready();
    state.nav.tab = Tab::Performance;
    let effects = update(&mut state, Event::Command(Command::Blocking));
    assert_eq!(effects, vec![Effect::FetchBlocking(PiQuery::new(fixtures::focus()))]);
    assert!(screen(&state, 120, 40).contains("loading…"));
    assert!(update(&mut state, Event::Command(Command::Down)).is_empty(), "open, it is not fetched again");
    update(&mut state, Event::Command(Command::Back));
    assert!(state.fetched.blocking.is_none());
    let text = screen(&perf::blocking_view(perf::blocking_chain(), None), 120, 40);
    assert!(text.contains("session 48213 · holds tuple · public.orders · blocks 2.40 AAS"), "{text}");
    assert!(text.contains(" └ DELETE FROM carts WHERE id = $1"), "{text}");
    let text =
        screen(&perf::blocking_view(Vec::new(), Some("blocking is not reported by this engine (mysql)")), 120, 40);
    assert!(text.contains("blocking is not reported by this engine (mysql)"), "{text}");
}
