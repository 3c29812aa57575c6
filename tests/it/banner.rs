//! The environment banner: a profile labelled in config.toml shows on every screen's header and
//! inside every confirm dialog, in the theme's `prod_banner` or the profile's own colour.

use opsdeck::cloud::model::ResourceKey;
use opsdeck::config::keymap::Keymap;
use opsdeck::config::theme::{Role, Theme};
use opsdeck::runbook::plan::Request;
use opsdeck::state::environment::Environment;
use opsdeck::state::{State, Tab};
use opsdeck::ui::draw;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;

use crate::fixtures::{self, east, t0};

fn prod() -> Environment {
    Environment { profile: "demo".into(), label: "prod".into(), colour: None }
}

fn buffer(state: &State, theme: &Theme, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    let keymap = Keymap::builtin("default").unwrap();
    terminal.draw(|frame| draw(frame, state, t0(), theme, &keymap)).unwrap();
    terminal.backend().buffer().clone()
}

fn row(buffer: &Buffer, y: u16) -> String {
    (0..buffer.area.width).map(|x| buffer[(x, y)].symbol()).collect()
}

#[test]
fn every_tab_has_the_banner_first_in_its_header() {
    let theme = Theme::default();
    let mut state = fixtures::ready();
    state.session.environment = Some(prod());
    for tab in Tab::ALL {
        state.nav.tab = tab;
        for (width, height) in [(120, 40), (80, 24), (30, 10)] {
            let buffer = buffer(&state, &theme, width, height);
            assert!(row(&buffer, 0).starts_with(" PROD  opsdeck"), "{tab:?} {width}: {}", row(&buffer, 0));
            assert_eq!(buffer[(1, 0)].bg, theme.style(Role::ProdBanner).bg.unwrap());
        }
    }
    state.session.environment = None;
    assert!(row(&buffer(&state, &theme, 80, 24), 0).starts_with(" opsdeck"), "no profile, no banner");
}

#[test]
fn a_profile_colour_wins_over_the_role() {
    let theme = Theme::default();
    let mut state = fixtures::ready();
    state.session.environment = Some(Environment { label: "staging".into(), colour: Some(Color::Yellow), ..prod() });
    let buffer = buffer(&state, &theme, 80, 24);
    assert!(row(&buffer, 0).starts_with(" STAGING "), "{}", row(&buffer, 0));
    assert_eq!((buffer[(1, 0)].bg, buffer[(1, 0)].fg), (Color::Yellow, Color::Black));
}

#[test]
fn every_confirm_dialog_says_which_environment_it_acts_on() {
    let theme = Theme::default();
    let requests = [
        Request::ScaleUp { group: ResourceKey::new(east(), "shop-web-asg"), target: 9 },
        Request::Snapshot {
            target: ResourceKey::new(east(), "shop-prod-db"),
            snapshot_id: "opsdeck-shop-prod-db-20261127-150000".into(),
            copy_to_dr: false,
        },
        Request::Failover { target: ResourceKey::new(east(), "shop-prod-db"), reader: None },
    ];
    for request in requests {
        let mut state = fixtures::ready();
        state.session.environment = Some(prod());
        opsdeck::update::open_confirm(&mut state, request.clone());
        for (width, height) in [(120, 40), (80, 24)] {
            let buffer = buffer(&state, &theme, width, height);
            let found = (1..height).find(|&y| row(&buffer, y).contains(" PROD acting on prod (profile demo)"));
            let y = found.unwrap_or_else(|| panic!("{request:?} at {width}: no banner"));
            let x = u16::try_from(row(&buffer, y).find(" PROD").unwrap()).unwrap();
            assert_eq!(buffer[(x + 1, y)].bg, theme.style(Role::ProdBanner).bg.unwrap());
        }
    }
}
