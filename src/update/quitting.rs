//! Quitting while runs are in progress: the console asks first. Quitting stops watching the
//! runs (what they already sent goes on in AWS) and the audit log records each as abandoned,
//! so it must be meant: type `quit` and Enter, or press Ctrl-C again; Esc goes back.

use crate::command::Command;
use crate::event::Effect;
use crate::state::{Mode, Notice, State};

/// What is typed to quit.
pub const WORD: &str = "quit";

/// A command while asked whether to quit.
pub(super) fn command(state: &mut State, command: Command) -> Vec<Effect> {
    let Mode::Quitting(typed) = &mut state.nav.mode else { return Vec::new() };
    match command {
        Command::Confirm if typed == WORD => return super::quit(state),
        Command::Confirm => state.notice = Some(Notice::warn(format!("type {WORD} to quit, or Esc to stay"))),
        Command::DeleteChar => {
            typed.pop();
        }
        Command::Back => {
            state.nav.mode = Mode::Normal;
            state.notice = Some(Notice::info("still running: nothing was abandoned"));
        }
        Command::Quit => return super::quit(state),
        _ => {}
    }
    Vec::new()
}

/// A character typed into the question.
pub(super) fn text(state: &mut State, c: char) {
    if let Mode::Quitting(typed) = &mut state.nav.mode {
        typed.push(c);
    }
}
