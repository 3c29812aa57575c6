//! The replay clock: the recorded time being shown, playing at a speed or paused, between the
//! recording's first and last record. Real time is tokio's, so a test's paused clock drives it.

use std::sync::Mutex;

use chrono::{Duration, NaiveTime, TimeZone};
use tokio::time::Instant;

use crate::cloud::Clock;
use crate::cloud::model::Timestamp;

/// The speeds `+` and `-` step through.
pub const SPEEDS: [u32; 10] = [1, 2, 5, 10, 30, 60, 120, 300, 450, 600];

#[derive(Debug, Clone, Copy)]
struct Play {
    /// The recorded time at `since`.
    base: Timestamp,
    since: Instant,
    playing: bool,
    speed: u32,
}

/// Where a replay is and how it moves.
#[derive(Debug)]
pub struct ReplayClock {
    start: Timestamp,
    end: Timestamp,
    play: Mutex<Play>,
}

/// What the header says of a replay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlayState {
    pub playing: bool,
    pub speed: u32,
    /// The clock reached the last record.
    pub ended: bool,
}

impl ReplayClock {
    /// A clock at `start`, playing at ×1.
    pub fn new(start: Timestamp, end: Timestamp) -> Self {
        let play = Play { base: start, since: Instant::now(), playing: true, speed: 1 };
        Self { start, end: end.max(start), play: Mutex::new(play) }
    }

    pub fn start(&self) -> Timestamp {
        self.start
    }

    pub fn end(&self) -> Timestamp {
        self.end
    }

    fn with<R>(&self, f: impl FnOnce(&mut Play) -> R) -> R {
        let mut play = self.play.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut play)
    }

    fn at(&self, play: &Play) -> Timestamp {
        if !play.playing {
            return play.base;
        }
        let real = Instant::now().saturating_duration_since(play.since);
        let shown = Duration::from_std(real * play.speed).unwrap_or(Duration::MAX);
        play.base.checked_add_signed(shown).unwrap_or(self.end).clamp(self.start, self.end)
    }

    /// Re-bases the clock at its current time (before changing how it moves).
    fn rebase(&self, play: &mut Play) {
        play.base = self.at(play);
        play.since = Instant::now();
    }

    pub fn state(&self) -> PlayState {
        self.with(|play| PlayState { playing: play.playing, speed: play.speed, ended: self.at(play) >= self.end })
    }

    pub fn toggle(&self) {
        self.with(|play| {
            self.rebase(play);
            // Play at the end starts again from the beginning.
            if !play.playing && play.base >= self.end {
                play.base = self.start;
            }
            play.playing = !play.playing;
        });
    }

    /// Moves to a recorded time (kept within the recording).
    pub fn seek(&self, to: Timestamp) {
        self.with(|play| {
            play.base = to.clamp(self.start, self.end);
            play.since = Instant::now();
        });
    }

    /// Moves by a recorded duration, forward or back.
    pub fn step(&self, by: Duration) {
        let now = self.now();
        self.seek(now.checked_add_signed(by).unwrap_or(now));
    }

    /// The next speed up (`up`) or down.
    pub fn faster(&self, up: bool) {
        self.with(|play| {
            self.rebase(play);
            let i = SPEEDS.iter().position(|&s| s >= play.speed).unwrap_or(0);
            let i = if up { (i + 1).min(SPEEDS.len() - 1) } else { i.saturating_sub(1) };
            play.speed = SPEEDS[i];
        });
    }

    /// The time `:goto` names: a time of day (`14:32`, `14:32:10`, UTC, the first one at or
    /// after the start) or a duration from the start (`15m`, `1h30m`, `90s`).
    pub fn goto_target(&self, text: &str) -> Result<Timestamp, String> {
        let text = text.trim();
        if text.contains(':') {
            let time = NaiveTime::parse_from_str(text, "%H:%M:%S")
                .or_else(|_| NaiveTime::parse_from_str(text, "%H:%M"))
                .map_err(|_| format!("{text:?} is not a time: give HH:MM or HH:MM:SS (UTC)"))?;
            let mut day = self.start.date_naive();
            loop {
                let at = chrono::Utc.from_utc_datetime(&day.and_time(time));
                if at >= self.start - Duration::seconds(59) || day > self.end.date_naive() {
                    return Ok(at);
                }
                day = day.succ_opt().ok_or("the date is out of range")?;
            }
        }
        let secs = duration_secs(text)
            .ok_or_else(|| format!("{text:?} is neither a time (14:32) nor a duration from the start (15m, 1h30m)"))?;
        Ok(self.start + Duration::seconds(secs))
    }
}

/// `1h30m`, `15m`, `90s`, `2h` as seconds.
fn duration_secs(text: &str) -> Option<i64> {
    let (mut total, mut number, mut any) = (0_i64, String::new(), false);
    for c in text.trim_start_matches('+').chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit = match c {
            'h' => 3600,
            'm' => 60,
            's' => 1,
            _ => return None,
        };
        total = total.checked_add(number.parse::<i64>().ok()?.checked_mul(unit)?)?;
        number.clear();
        any = true;
    }
    (any && number.is_empty()).then_some(total)
}

impl Clock for ReplayClock {
    fn now(&self) -> Timestamp {
        self.with(|play| self.at(play))
    }

    fn rate(&self) -> f64 {
        f64::from(self.with(|play| play.speed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clock() -> ReplayClock {
        let start = chrono::Utc.with_ymd_and_hms(2026, 11, 27, 14, 0, 0).unwrap();
        ReplayClock::new(start, start + Duration::hours(2))
    }

    #[test]
    fn goto_takes_a_time_of_day_or_a_duration() {
        let c = clock();
        assert_eq!(c.goto_target("14:32").unwrap(), c.start() + Duration::minutes(32));
        assert_eq!(c.goto_target("15:01:30").unwrap(), c.start() + Duration::seconds(3690));
        assert_eq!(c.goto_target("1h30m").unwrap(), c.start() + Duration::minutes(90));
        assert_eq!(c.goto_target("45s").unwrap(), c.start() + Duration::seconds(45));
        assert!(c.goto_target("soon").unwrap_err().contains("neither a time"));
        assert!(c.goto_target("25:99").unwrap_err().contains("not a time"));
    }

    #[tokio::test(start_paused = true)]
    async fn the_clock_plays_pauses_and_stays_within_the_recording() {
        let c = clock();
        c.faster(true);
        tokio::time::advance(std::time::Duration::from_secs(10)).await;
        assert_eq!(c.now(), c.start() + Duration::seconds(20), "×2");
        c.toggle();
        tokio::time::advance(std::time::Duration::from_secs(10)).await;
        assert_eq!(c.now(), c.start() + Duration::seconds(20), "paused");
        assert!(!c.state().playing);
        c.step(Duration::hours(5));
        assert_eq!(c.now(), c.end());
        assert!(c.state().ended);
        c.step(Duration::minutes(-1));
        assert_eq!(c.now(), c.end() - Duration::minutes(1));
        for _ in 0..20 {
            c.faster(true);
        }
        assert_eq!(c.state().speed, 600);
    }
}
