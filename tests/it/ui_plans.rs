//! Screen tests of a statement's execution plans: two plans side by side, one alone, an engine
//! without plans, at 120×40 and 80×24; and `p` moving between them through `update`.

use opsdeck::command::Command;
use opsdeck::event::Event;
use opsdeck::state::PlanShown;
use opsdeck::update::update;

use crate::fixtures::perf;
use crate::ui::screen;

const SIZES: [(u16, u16); 2] = [(120, 40), (80, 24)];

/// A state to draw, built when its case runs.
type Fixture = fn() -> opsdeck::state::State;

#[test]
fn plans_views() {
    let cases: [(&str, Fixture); 3] = [
        ("perf_plans_side_by_side", || perf::sql_plans(PlanShown::Compare)),
        ("perf_plans_one", || perf::sql_plans(PlanShown::Only(1))),
        ("perf_plans_not_reported", perf::sql_plans_not_reported),
    ];
    for (name, state) in cases {
        let state = state();
        for (w, h) in SIZES {
            insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen(&state, w, h));
        }
    }
}

#[test]
fn two_plans_are_compared_side_by_side_with_their_load() {
    let text = screen(&perf::sql_plans(PlanShown::Compare), 120, 40);
    let row = text.lines().find(|l| l.contains("Seq Scan on inventory")).unwrap_or_default();
    assert!(row.contains("-> Index Scan using"), "one row holds both plans: {text}");
    assert!(text.contains("1.84 AAS · 94%"), "{text}");
    assert!(!text.contains("No plan was recorded"), "{text}");
}

#[test]
fn an_engine_without_plans_says_so() {
    let text = screen(&perf::sql_plans_not_reported(), 120, 40);
    assert!(text.contains("execution plans are not reported by this engine (postgres)"), "{text}");
}

#[test]
fn p_moves_from_side_by_side_to_each_plan_alone_and_back() {
    let mut state = perf::sql_plans(PlanShown::Compare);
    let mut seen = Vec::new();
    for _ in 0..3 {
        assert!(update(&mut state, Event::Command(Command::NextPlan)).is_empty(), "nothing is fetched");
        seen.push(state.fetched.sql_detail.as_ref().map(|d| d.plan));
    }
    assert_eq!(seen, [Some(PlanShown::Only(0)), Some(PlanShown::Only(1)), Some(PlanShown::Compare)]);
    let alone = screen(
        &{
            let mut s = state.clone();
            update(&mut s, Event::Command(Command::NextPlan));
            update(&mut s, Event::Command(Command::NextPlan));
            s
        },
        120,
        40,
    );
    assert!(alone.contains("Index Scan using inventory_sku_warehouse_idx"), "{alone}");
    assert!(!alone.contains("Seq Scan on inventory"), "one plan alone: {alone}");
}

#[test]
fn a_refetch_of_the_open_statement_keeps_how_its_plans_are_shown() {
    let mut state = perf::sql_plans(PlanShown::Only(1));
    update(&mut state, Event::Command(Command::Refresh));
    assert_eq!(state.fetched.sql_detail.as_ref().map(|d| d.plan), Some(PlanShown::Only(1)));
}
