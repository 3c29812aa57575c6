//! The wall: the Overview in every feed state at 80×24 and 200×55, a grid that never panics at
//! any size up to ten thousand databases, Enter opening a database in its tab, and a kiosk
//! whose alarm flash can be read in every theme.

use opsdeck::command::Command;
use opsdeck::config::colour::contrast_ratio;
use opsdeck::config::theme::{BUILTIN, Role, Theme};
use opsdeck::event::Event;
use opsdeck::state::{DetailTarget, Kiosk, Mode, State, Tab};
use opsdeck::update::update;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;

use crate::fixtures::{self, t0};
use crate::ui::{buffer, on_tab, screen};

fn overview(state: &State) -> State {
    on_tab(state, Tab::Overview)
}

#[test]
fn the_overview_in_every_feed_state() {
    // On the heap: five states are more than clippy lets a local array hold.
    let cases = vec![
        ("loading", fixtures::loading()),
        ("ready", fixtures::ready()),
        ("stale", fixtures::stale()),
        ("failed_with_data", fixtures::failed_with_data()),
        ("failed_without_data", fixtures::failed_without_data()),
    ];
    for (case, state) in cases {
        for (w, h) in [(80, 24), (200, 55)] {
            insta::assert_snapshot!(format!("overview_{case}_{w}x{h}"), screen(&overview(&state), w, h));
        }
    }
}

#[test]
fn the_grid_puts_the_worst_first_and_the_headline_counts_them() {
    let state = overview(&fixtures::ready());
    let cells = &state.rows.overview;
    assert!(cells.windows(2).all(|w| w[0].level >= w[1].level), "worst first");
    assert_eq!(
        cells.len(),
        state.rows.fleet.iter().filter(|r| r.facts.kind != opsdeck::state::rows::FleetKind::Cluster).count()
    );
    let text = screen(&state, 200, 55);
    let critical = cells.iter().filter(|c| c.level == opsdeck::judging::Level::Critical).count();
    assert!(text.contains(&format!("{critical} critical")), "{text}");
    // Big figures on a large terminal, one line of them on a small one.
    assert!(text.contains("DBs critical") && text.contains("███"), "{text}");
    let small = screen(&state, 80, 24);
    assert!(small.contains(&format!("{critical} DBs critical")), "{small}");
    assert!(small.contains("Top DB load per vCPU") || small.contains("Alarms in ALARM"), "{small}");
}

#[test]
fn the_grid_never_panics_and_ten_thousand_databases_become_counts_per_region() {
    let states = [overview(&fixtures::ready()), overview(&fixtures::big_fleet(10_000)), overview(&fixtures::loading())];
    let sizes = [(1, 1), (2, 2), (20, 5), (40, 8), (80, 24), (99, 30), (100, 30), (160, 45), (200, 55), (400, 120)];
    for state in &states {
        for (w, h) in sizes {
            let _ = buffer(state, w, h);
        }
    }
    let big = &states[1];
    assert_eq!(big.rows.overview.len(), 10_000);
    let text = screen(big, 120, 40);
    assert!(text.contains("10000 databases"), "{text}");
    assert!(text.contains("us-east-1"), "a density map by region: {text}");
}

#[test]
fn enter_opens_the_selected_database_on_the_fleet_tab() {
    let mut state = overview(&fixtures::ready());
    update(&mut state, Event::Command(Command::Down));
    let Some(chosen) = state.selected_key(Tab::Overview) else { panic!("a cell is selected") };
    assert_eq!(chosen, *state.rows.overview[1].key());
    update(&mut state, Event::Command(Command::Open));
    assert_eq!(state.nav.tab, Tab::Fleet);
    assert_eq!(state.nav.mode, Mode::Detail(DetailTarget::Db(chosen.clone())));
    assert_eq!(state.selected_key(Tab::Fleet), Some(chosen));
    update(&mut state, Event::Command(Command::TabOverview));
    assert_eq!(state.nav.tab, Tab::Overview);
}

#[test]
fn the_kiosk_status_bar_says_what_the_kiosk_does() {
    let mut state = overview(&fixtures::ready());
    state.session.kiosk = Some(Kiosk::new(20));
    update(&mut state, Event::Resize(200, 55));
    let text = screen(&state, 200, 55);
    let status = text.lines().last().unwrap_or_default();
    assert!(status.contains("KIOSK") && status.contains("read-only") && status.contains("q quits"), "{status}");
    assert!(status.contains("Overview only"), "{status}");
    assert!(!status.contains("refresh") && !status.contains("detail"), "no hints for keys it ignores: {status}");
}

/// The flashing banner is drawn in the theme's `danger` pair alone, and that pair reads: a
/// contrast ratio of at least 4.5 (WCAG AA) where both colours are known, else reversed video.
#[test]
fn the_alarm_flash_is_readable_in_every_theme() {
    let mut state = overview(&fixtures::ready());
    let mut kiosk = Kiosk::new(20);
    kiosk.flash = 3;
    state.session.kiosk = Some(kiosk);
    for (name, _) in BUILTIN {
        let theme = Theme::builtin(name).unwrap();
        let danger = theme.style(Role::Danger);
        let Ok(mut terminal) = Terminal::new(TestBackend::new(200, 55));
        let keymap = opsdeck::config::keymap::Keymap::builtin("default").unwrap_or_default();
        let Ok(_) = terminal.draw(|frame| opsdeck::ui::draw(frame, &state, t0(), &theme, &keymap));
        let drawn = terminal.backend().buffer().clone();
        // The banner is the five rows under the tabs line.
        for y in 2..7 {
            for x in 0..200 {
                let cell = &drawn[(x, y)];
                if cell.symbol().trim().is_empty() {
                    continue;
                }
                assert_eq!(
                    (cell.fg, cell.bg),
                    (danger.fg.unwrap_or_default(), danger.bg.unwrap_or_default()),
                    "{name} at {x},{y}"
                );
            }
        }
        match (danger.fg, danger.bg) {
            (Some(fg), Some(bg)) => {
                let ratio = contrast_ratio(fg, bg).unwrap_or(21.0);
                assert!(ratio >= 4.5, "{name}: danger {fg:?} on {bg:?} has contrast {ratio:.1}");
            }
            _ => {
                assert!(danger.add_modifier.contains(Modifier::REVERSED), "{name}: danger without colours is reversed");
            }
        }
    }
}
