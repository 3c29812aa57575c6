//! The header of a console on the hub says how many consoles share it, from the hub's
//! heartbeat: three consoles on one hub each say `3 consoles`; one quits and the others come to
//! 2 while they run. A narrow terminal drops the count before the header would overflow.

use std::sync::Arc;

use opsdeck::config::hub::NatsAuth;
use opsdeck::config::keymap::Keymap;
use opsdeck::config::theme::Theme;
use opsdeck::hub::war::WarRoom;
use opsdeck::state::State;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::hub::{Console, answered, fleet, joined, serving};
use crate::nats::Nats;

async fn console(url: &str, clock: &Arc<opsdeck::cloud::sim::SimClock>, who: &str) -> Console {
    let mut console = Console::new(Arc::new(joined(url, clock).await));
    console.app.share(&WarRoom::join(url, &NatsAuth::default(), who).await.unwrap());
    console
}

fn header(console: &Console) -> String {
    console.screen().lines().next().unwrap_or_default().to_owned()
}

#[tokio::test]
#[ignore = "needs nats-server: bash tests/run runs it"]
async fn the_header_says_how_many_consoles_share_the_hub() {
    let nats = Nats::start();
    let (clock, sim) = fleet();
    let hub = serving(&nats.url, &sim).await;
    let mut consoles = Vec::new();
    for who in ["alice@jump-1", "bob@jump-2", "carol@jump-3"] {
        consoles.push(console(&nats.url, &clock, who).await);
    }
    let three = format!("HUB {} · 3 consoles", nats.url);
    for console in &mut consoles {
        console.until("every feed answered", answered).await;
        console.until("three consoles counted", |s| s.session.consoles == Some(3)).await;
        assert!(header(console).contains(&three), "{}", header(console));
    }

    drop(consoles.pop());
    let two = format!("HUB {} · 2 consoles", nats.url);
    for console in &mut consoles {
        console.until("two consoles counted", |s| s.session.consoles == Some(2)).await;
        assert!(header(console).contains(&two), "{}", header(console));
    }
    hub.abort();
}

fn drawn(state: &State, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    let keymap = Keymap::builtin("default").unwrap();
    terminal.draw(|frame| opsdeck::ui::draw(frame, state, crate::fixtures::t0(), &Theme::default(), &keymap)).unwrap();
    terminal.backend().to_string()
}

#[test]
fn a_narrow_header_drops_the_count_of_consoles_first() {
    let mut state = crate::fixtures::ready();
    state.session.backend = "HUB nats://127.0.0.1:4222".to_owned();
    state.session.consoles = Some(1);
    let wide = drawn(&state, 160, 40);
    assert!(wide.lines().next().unwrap().contains("HUB nats://127.0.0.1:4222 · 1 console "), "{wide}");
    for (width, height) in [(20, 5), (30, 10), (40, 12)] {
        let screen = drawn(&state, width, height);
        let first = screen.lines().next().unwrap();
        assert!(!first.contains("console"), "{width}×{height}: {first}");
    }
}
