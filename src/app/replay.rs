//! The app's side of recording and replay: a recorder that every poll result the console
//! applies goes to, and a replay clock that the replay keys move.

use std::path::Path;
use std::sync::Arc;

use chrono::Duration;

use super::App;
use crate::cloud::Clock as _;
use crate::event::{Event, Polled, ReplayAction};
use crate::record::Recorder;
use crate::record::replay::{PlayState, ReplayClock};
use crate::record::warm::Warm;
use crate::state::{Notice, ReplayStatus};

/// Playing faster than this, every feed is polled on each tick (once a second), so that the
/// screens keep up with the recorded time rather than wait for their poll intervals.
const POLL_EVERY_TICK_FROM: u32 = 10;

fn status(state: PlayState) -> ReplayStatus {
    ReplayStatus { playing: state.playing, speed: state.speed, ended: state.ended }
}

impl App {
    /// Records every poll result from now on (and the audit lines the recorder's tee gets).
    pub fn record_to(&mut self, recorder: Recorder) {
        self.recorder = Some(recorder);
    }

    /// Starts from the last state a recording held: each feed is drawn at once, stale with
    /// its true age, until the console's own polls answer; the status bar says from when.
    pub fn start_warm(&mut self, warm: Warm) {
        let age = (self.clock.now() - warm.recorded).num_seconds();
        for observation in warm.observations {
            if let Some(polled) = Polled::from_observation(observation) {
                self.handle(Event::Polled(polled));
            }
        }
        let name = warm.path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let words = format!(
            "showing what {} recorded {} ago until the polls answer",
            crate::printable::escape(&name),
            crate::judging::format_age(age)
        );
        self.handle(Event::Notice(Notice::info(words)));
    }

    /// Stops recording: what is queued is written and the file closed.
    pub fn stop_recording(&mut self) {
        if let Some(recorder) = self.recorder.take() {
            recorder.finish();
        }
    }

    /// Replays `recording` on this clock: the replay keys move it and the header shows its
    /// state. The recording's timeline is read off the loop (the first frame does not wait).
    pub fn replay_on(&mut self, clock: Arc<ReplayClock>, recording: &Path) {
        let now = status(clock.state());
        self.replay = Some(clock);
        self.handle(Event::Replay(now));
        let (path, thresholds, tx) =
            (recording.to_path_buf(), self.state.session.thresholds.clone(), self.events_tx.clone());
        tokio::task::spawn_blocking(move || {
            let event = match crate::timeline::live::recorded(&path, &thresholds) {
                Ok(events) => Event::TimelineLoaded(events),
                Err(error) => Event::Notice(Notice::warn(format!("no timeline: {error}"))),
            };
            tx.send(event).ok();
        });
    }

    pub(super) fn move_replay(&mut self, action: &ReplayAction) {
        let Some(clock) = self.replay.clone() else { return };
        match action {
            ReplayAction::Toggle => clock.toggle(),
            ReplayAction::Step(secs) => clock.step(Duration::seconds(*secs)),
            ReplayAction::Seek(at) => clock.seek(*at),
            ReplayAction::Faster => clock.faster(true),
            ReplayAction::Slower => clock.faster(false),
            ReplayAction::Goto(text) => match clock.goto_target(text) {
                Ok(at) => clock.seek(at),
                Err(why) => {
                    self.handle(Event::Notice(Notice::warn(why)));
                    return;
                }
            },
        }
        // Every pane shows the new time as soon as its feed answers.
        self.pollers.refresh_all();
        self.handle(Event::Replay(status(clock.state())));
        self.handle(Event::Tick(clock.now()));
    }

    pub(super) fn replay_tick(&mut self) {
        let Some(clock) = self.replay.clone() else { return };
        let state = clock.state();
        if state.playing && !state.ended && state.speed >= POLL_EVERY_TICK_FROM {
            self.pollers.refresh_all();
        }
        self.handle(Event::Replay(status(state)));
    }
}
