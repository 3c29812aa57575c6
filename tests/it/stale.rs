//! What stale rows must say, whatever the layout becomes: rows of a scope whose feeds fail or
//! lag are drawn in the stale style, keep their health verdict (level and reason), and say how
//! old their data is and, where it fits, why; rows of a healthy scope are not marked.

use opsdeck::config::theme::{Role, Theme};
use opsdeck::judging::Level;
use opsdeck::state::Tab;
use opsdeck::state::rows::FleetRow;

use crate::fixtures::{self, east};
use crate::ui::{buffer, find, on_tab, row_line};

/// Whether a drawn row keeps its verdict followed by one of `tails`, or alone when it fills the
/// Health column (the last, so the border follows), or, longer than the column, cut at the end.
fn keeps_verdict(line: &str, row: &FleetRow, tails: &[&str]) -> bool {
    let (level, reason) = (row.verdict.level.label(), row.verdict.reason.as_str());
    let whole = format!("{level} {reason}").trim_end().to_owned();
    let start: String = whole.chars().take(level.len() + 4).collect();
    tails.iter().chain(&["│"]).any(|tail| line.contains(&format!("{whole}{tail}")))
        || line.rfind(&start).is_some_and(|i| line[i..].contains('…'))
}

#[test]
fn stale_and_failed_screens_mark_every_affected_row_and_only_those() {
    let theme = Theme::default();
    let stale_fg = theme.style(Role::Stale).fg.unwrap_or_default();
    let state = fixtures::failed_with_data();
    // The verdict, then the age and why the data is old where the column has room for them.
    for width in [160, 200] {
        let drawn = buffer(&state, width, 40);
        let rows: Vec<_> = state.rows.fleet.iter().filter(|r| r.facts.key.id.chars().count() <= 18).collect();
        assert!(
            rows.iter().any(|r| r.facts.key.scope == east())
                && rows.iter().any(|r| r.facts.key.scope == fixtures::west())
        );
        let mut said_why = 0;
        for row in rows {
            let Some((line, x, y)) = row_line(&drawn, &row.facts.key.id) else { panic!("{} not drawn", row.facts.key) };
            if row.facts.key.scope == east() {
                let why = line.contains(" · throttled, 3m old");
                assert!(keeps_verdict(&line, row, &[" · throttled, 3m old", " · 3m old"]), "{}: {line}", row.facts.key);
                said_why += usize::from(why);
                assert_eq!(drawn[(x, y)].fg, stale_fg, "{} is drawn stale", row.facts.key);
            } else {
                assert!(!line.contains(" old") && !line.contains("throttled"), "{} is fresh: {line}", row.facts.key);
                assert_ne!(drawn[(x, y)].fg, stale_fg, "{} is not drawn stale", row.facts.key);
            }
        }
        assert!(width == 160 || said_why > 0, "wide rows say why");
    }
    // Data older than two intervals, without an error: every row says how old.
    let state = fixtures::stale();
    let drawn = buffer(&state, 160, 40);
    for row in state.rows.fleet.iter().filter(|r| r.facts.key.id.chars().count() <= 18) {
        let Some((line, _, _)) = row_line(&drawn, &row.facts.key.id) else { panic!("{} not drawn", row.facts.key) };
        assert!(keeps_verdict(&line, row, &[" · 10m old"]), "{}: {line}", row.facts.key);
    }
}

/// The drawn line that contains `needle`.
fn line_with(state: &opsdeck::state::State, width: u16, height: u16, needle: &str) -> (String, bool) {
    let drawn = buffer(state, width, height);
    let stale_fg = Theme::default().style(Role::Stale).fg.unwrap_or_default();
    let Some((x, y)) = find(&drawn, needle) else { panic!("{needle} not drawn at {width}x{height}") };
    let line = (0..drawn.area.width).map(|x| drawn[(x, y)].symbol()).collect::<String>();
    (line, drawn[(x, y)].fg == stale_fg)
}

#[test]
fn a_critical_database_still_reads_critical_while_its_region_is_throttled() {
    let fresh = fixtures::ready();
    let throttled = fixtures::failed_with_data();
    let Some(critical) = throttled.rows.fleet.iter().find(|r| r.verdict.level == Level::Critical) else {
        panic!("the fixture has a critical database")
    };
    assert_eq!(critical.facts.key.scope, east(), "and it is in the throttled region");
    let verdict = format!("crit {}", critical.verdict.reason);
    assert_eq!(verdict, "crit free 3.0 GiB");
    let (line, _) = line_with(&fresh, 120, 40, "analytics-");
    assert!(line.contains("crit free 3.0 GiB "), "fresh: {line}");
    // Whole at every size, with the age and why beside it where they fit.
    for (width, height) in [(280, 40), (200, 55), (120, 40), (80, 24)] {
        let (line, stale) = line_with(&throttled, width, height, "analytics-");
        assert!(line.contains(&verdict), "{width}x{height}: {line}");
        assert!(stale, "drawn in the stale style at {width}x{height}");
        if width == 280 {
            assert!(line.contains("crit free 3.0 GiB · throttled, 3m old"), "{line}");
        }
    }
    // The Capacity tab keeps its verdicts too: the group short of capacity still says so.
    let capacity = on_tab(&throttled, Tab::Capacity);
    let (line, stale) = line_with(&capacity, 200, 40, "shop-worker-asg ");
    assert!(line.contains("warn 7/10 in service · throttled, 3m old"), "{line}");
    assert!(stale);
    let (line, _) = line_with(&capacity, 120, 40, "shop-worker-asg ");
    assert!(line.contains("warn 7/10 in service"), "{line}");
}
