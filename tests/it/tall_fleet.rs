//! A tall terminal's Fleet tab: the selected database's hour of metrics and its findings fill
//! the space under the table instead of leaving it blank.

use opsdeck::state::Tab;

use crate::fixtures;
use crate::ui::{on_tab, screen};

#[test]
fn tall_fleet_shows_the_selected_database_below_the_table() {
    let mut state = on_tab(&fixtures::ready(), Tab::Fleet);
    // shop-prod-db: an instance with metrics and findings.
    state.nav.cursors[Tab::Fleet].selected = 5;
    let tall = screen(&state, 200, 55);
    assert!(tall.contains("last hour · ⏎ full detail"), "{tall}");
    assert!(tall.contains("CPU"), "{tall}");
    insta::assert_snapshot!("tall_fleet_200x55", tall);
    // Below 45 rows the table keeps the whole tab.
    assert!(!screen(&state, 200, 44).contains("full detail"));
    assert!(!screen(&state, 80, 24).contains("full detail"));
}
