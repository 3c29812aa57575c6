//! The replay keys: they become `Effect::Replay` for the app to move the replay clock; in a
//! console that is not replaying they only say so. The clock's state comes back as
//! `Event::Replay` for the header.

use crate::command::Command;
use crate::event::{Effect, ReplayAction};
use crate::state::{Notice, ReplayStatus, State};

/// One minute of recorded time, what → and ← move.
const STEP_SECS: i64 = 60;

pub(super) fn command(state: &mut State, command: Command) -> Option<Effect> {
    if state.session.replay.is_none() {
        state.notice = Some(Notice::info("the replay keys move a recording: opsdeck replay FILE"));
        return None;
    }
    let action = match command {
        Command::ReplayPlay => ReplayAction::Toggle,
        Command::ReplayForward => ReplayAction::Step(STEP_SECS),
        Command::ReplayBack => ReplayAction::Step(-STEP_SECS),
        Command::ReplayFaster => ReplayAction::Faster,
        Command::ReplaySlower => ReplayAction::Slower,
        _ => return None,
    };
    Some(Effect::Replay(action))
}

/// The replay clock's state: redrawn only when it changed.
pub(super) fn status(state: &mut State, status: ReplayStatus) {
    if state.session.replay != Some(status) {
        state.session.replay = Some(status);
        state.dirty = true;
    }
}
