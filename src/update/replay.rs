//! The replay keys: they become `Effect::Replay` for the app to move the replay clock (`]`/`[`
//! to the time of the next/previous event on the recording's timeline); in a console that is
//! not replaying they only say so. The clock's state comes back as
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
        Command::ReplayNextEvent | Command::ReplayPrevEvent => return event(state, command),
        _ => return None,
    };
    Some(Effect::Replay(action))
}

/// `]` / `[`: the replay clock to the next / previous event of the recording's timeline.
fn event(state: &mut State, command: Command) -> Option<Effect> {
    if !state.timeline.recorded {
        state.notice = Some(Notice::info("the recording's timeline is still being read"));
        return None;
    }
    let now = state.now?;
    let (target, none) = if command == Command::ReplayNextEvent {
        (state.timeline.next_after(now), "no event after this time in the recording")
    } else {
        (state.timeline.last_before(now), "no event before this time in the recording")
    };
    if target.is_none() {
        state.notice = Some(Notice::info(none));
    }
    target.map(|at| Effect::Replay(ReplayAction::Seek(at)))
}

/// The replay clock's state: redrawn only when it changed.
pub(super) fn status(state: &mut State, status: ReplayStatus) {
    if state.session.replay != Some(status) {
        state.session.replay = Some(status);
        state.dirty = true;
    }
}
