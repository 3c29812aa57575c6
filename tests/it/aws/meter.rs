//! The API budget meter: usage sampled on the tick reaches the status bar, and only a change of
//! the figures it shows costs a frame.

use opsdeck::cloud::model::{ApiUsage, OperationUsage};
use opsdeck::event::Event;
use opsdeck::update::update;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::fixtures;

fn usage(calls_last_minute: u64, recent_throttles: u64, total: u64) -> ApiUsage {
    let operation = OperationUsage {
        service: "CloudWatch".into(),
        operation: "GetMetricData".into(),
        calls: total,
        throttles: recent_throttles,
        errors: recent_throttles,
    };
    ApiUsage { calls_last_minute, recent_throttles, operations: vec![operation] }
}

#[test]
fn the_status_bar_shows_calls_per_minute_and_throttles() {
    let mut state = fixtures::ready();
    state.dirty = false;
    update(&mut state, Event::Usage(usage(42, 0, 100)));
    assert!(state.dirty, "the first sample shows");
    state.dirty = false;
    update(&mut state, Event::Usage(usage(42, 0, 130)));
    assert!(!state.dirty, "the totals moved, the shown figures did not: no frame");
    update(&mut state, Event::Usage(usage(44, 3, 160)));
    assert!(state.dirty);
    let mut terminal = Terminal::new(TestBackend::new(200, 30)).unwrap();
    let theme = opsdeck::config::theme::Theme::default();
    let keymap = opsdeck::config::keymap::Keymap::builtin("default").unwrap();
    terminal.draw(|frame| opsdeck::ui::draw(frame, &state, fixtures::t0(), &theme, &keymap)).unwrap();
    let screen = terminal.backend().to_string();
    let bar = screen.lines().last().unwrap();
    assert!(bar.contains("api 44/min") && bar.contains("3 throttled"), "{bar}");
}
