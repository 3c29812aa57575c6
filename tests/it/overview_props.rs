//! Property test: the Overview's grid, lists and headline drawn at any size from 1×1 to
//! 400×120 with 0 to 10,000 databases never panic. The fleets are built once and shared, since
//! building ten thousand rows per case would dominate the run.

use std::sync::OnceLock;

use opsdeck::state::{State, Tab};
use proptest::prelude::*;

use crate::fixtures;
use crate::ui::{buffer, on_tab};

const COUNTS: [usize; 5] = [0, 1, 37, 1_000, 10_000];

fn fleets() -> &'static Vec<State> {
    static FLEETS: OnceLock<Vec<State>> = OnceLock::new();
    FLEETS.get_or_init(|| COUNTS.iter().map(|&n| on_tab(&fixtures::big_fleet(n), Tab::Overview)).collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn the_overview_never_panics_at_any_size(fleet in 0..COUNTS.len(), w in 1u16..=400, h in 1u16..=120) {
        let state = &fleets()[fleet];
        prop_assert_eq!(state.rows.overview.len(), COUNTS[fleet]);
        let drawn = buffer(state, w, h);
        prop_assert_eq!(drawn.area.width, w);
    }
}
