//! Operator notes: `n` opens a one-line prompt; Enter puts the note on the timeline at once and
//! asks the app to keep it (in the recording, when recording, and in the audit log); Esc or an
//! empty line cancels. A replay is a read-only record: it takes no notes.

use crate::command::Command;
use crate::event::Effect;
use crate::printable;
use crate::record::Entry;
use crate::state::{Mode, Notice, State};

use super::timeline;

/// Characters a note holds at most: one line, not a document.
pub const MAX_CHARS: usize = 500;

/// `n`: the prompt, unless this is a replay.
pub(super) fn open(state: &mut State) {
    if state.session.replay.is_some() || state.timeline.recorded {
        state.notice = Some(Notice::warn("a replay is a read-only record: notes are added live"));
        return;
    }
    state.nav.mode = Mode::Note(String::new());
}

/// A command while the note is being typed.
pub(super) fn command(state: &mut State, command: Command) -> Vec<Effect> {
    let Mode::Note(typed) = &mut state.nav.mode else { return Vec::new() };
    match command {
        Command::Back => {
            state.nav.mode = Mode::Normal;
            state.notice = Some(Notice::info("no note added"));
        }
        Command::DeleteChar => {
            typed.pop();
        }
        Command::Confirm => {
            let text = std::mem::take(typed);
            state.nav.mode = Mode::Normal;
            return save(state, &text);
        }
        Command::Quit => return super::quit(state),
        _ => {}
    }
    Vec::new()
}

/// A character typed into the note.
pub(super) fn text(state: &mut State, c: char) {
    if let Mode::Note(typed) = &mut state.nav.mode
        && typed.chars().count() < MAX_CHARS
    {
        typed.push(c);
    }
}

/// The note, by the operator, now: on the timeline, and an effect to keep it.
fn save(state: &mut State, typed: &str) -> Vec<Effect> {
    // Typed or pasted, it is shown and written as data: control characters are escaped.
    let text = printable::escape(typed).trim().to_owned();
    if text.is_empty() {
        state.notice = Some(Notice::info("an empty note: nothing added"));
        return Vec::new();
    }
    let Some(at) = state.now else {
        state.notice = Some(Notice::warn("the clock has not started yet: try again in a second"));
        return Vec::new();
    };
    let who = state.session.operator.clone();
    timeline::observe(state, &Entry::Note { at, who: who.clone(), text: text.clone() });
    state.notice = Some(Notice::info("note added to the timeline (6)"));
    vec![Effect::Note { at, who, text }]
}
