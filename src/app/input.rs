//! The terminal's input turned into events: keys through the keymap (or typed into a dialog
//! that takes text), resizes and the mouse.

use crossterm::event::{Event as TermEvent, KeyEvent, KeyEventKind};

use super::App;
use crate::event::Event;
use crate::state::State;

impl App {
    /// Handles every key (and other terminal input) already typed; true if there was any.
    pub(super) fn drain_input(&mut self) -> bool {
        let mut any = false;
        while let Ok(input) = self.input.try_recv() {
            any = true;
            if let Some(event) = self.translate(&input) {
                self.handle(event);
            }
        }
        any
    }

    /// The event a piece of terminal input stands for, if any.
    pub(super) fn translate(&self, input: &TermEvent) -> Option<Event> {
        match input {
            TermEvent::Key(key) if key.kind != KeyEventKind::Release => {
                self.keymap.command(&self.state.nav.mode, *key).map(Event::Command).or_else(|| typed(&self.state, key))
            }
            TermEvent::Resize(columns, rows) => Some(Event::Resize(*columns, *rows)),
            TermEvent::Mouse(mouse) => Some(Event::Mouse(*mouse)),
            _ => None,
        }
    }
}

/// In a dialog that takes text, a plain character that the keymap does not bind is typed.
fn typed(state: &State, key: &KeyEvent) -> Option<Event> {
    use crossterm::event::{KeyCode, KeyModifiers};
    let plain = (key.modifiers - KeyModifiers::SHIFT).is_empty();
    match key.code {
        KeyCode::Char(c) if plain && state.nav.mode.takes_text() => Some(Event::Text(c)),
        _ => None,
    }
}
