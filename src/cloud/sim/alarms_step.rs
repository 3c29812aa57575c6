//! The simulator's alarms a minute (or a few) on from its last answer. Past minutes never
//! change under the same interventions, so an alarm's hour is its last one with the new
//! minutes' values added: one value per alarm and minute instead of the hour's sixty (a
//! group's CPU alone reads its capacity at several minutes), which was the largest part of
//! the simulator's minute at thousands of instances.

use crate::cloud::model::{Alarm, Timestamp};

use super::alarms::{Track, minute_of, state_of};
use super::world::{Moment, World};

/// A region's alarms as `DescribeAlarms` tells them, with the hour each was judged on, in the
/// region's definition order: what the next minute's answer is stepped on from.
#[derive(Debug, Clone, Default)]
pub(super) struct AlarmsHour {
    pub alarms: Vec<Alarm>,
    tracks: Vec<Track>,
}

impl World {
    /// The alarms of `region` at `now`, given `before`: what this answered for the region
    /// under the same interventions, and the minute it answered at (computed whole without).
    pub fn alarms_after(&self, region: &str, now: Timestamp, before: Option<(i64, &AlarmsHour)>) -> AlarmsHour {
        let Some(r) = self.region(region) else { return AlarmsHour::default() };
        let (first, last) = Self::minutes(now);
        let timeline = self.timeline(now);
        let before =
            before.filter(|&(since, old)| (first..last).contains(&since) && old.tracks.len() == r.alarms.len());
        let tracks: Vec<Track> = match before {
            Some((since, old)) => {
                let new: Vec<Moment> = timeline.iter().filter(|m| minute_of(m) > since).copied().collect();
                r.alarms.iter().zip(&old.tracks).map(|(&a, old)| self.track_after(a, old, first, &new)).collect()
            }
            None => r.alarms.iter().map(|&a| self.track(a, &timeline)).collect(),
        };
        let tau = self.moment_at(now).tau;
        let alarms = r.alarms.iter().zip(&tracks).map(|(&a, track)| self.alarm_of(a, track, tau)).collect();
        AlarmsHour { alarms, tracks }
    }

    /// Alarm `a`'s hour from `old` (an hour that ended before the `new` minutes) and the new
    /// minutes, for the hour whose first minute is `first`.
    fn track_after(&self, a: usize, old: &Track, first: i64, new: &[Moment]) -> Track {
        let spec = &self.alarms[a];
        let mut track = *old;
        let mut state = state_of(spec, old.latest);
        for m in new {
            let value = self.alarm_value(spec, m);
            let now = state_of(spec, value);
            if now != state {
                track.changed = Some(minute_of(m));
                track.quoted = value;
            }
            (state, track.latest) = (now, value);
        }
        // A change is one from the minute before within the hour: the hour's first minute has none.
        match track.changed {
            Some(minute) if minute <= first => self.settled_track(a, track.latest),
            _ => track,
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;
    use crate::cloud::model::AlarmState;
    use crate::cloud::sim::{Scenario, SimConfig};

    /// Every minute of two hours and a half of each scenario (the AZ outage's alarms fire and
    /// clear, a surge's queues back up), stepped on from the answer before, is what computing
    /// the hour whole gives; gaps of a few minutes and of more than an hour too.
    #[test]
    fn stepping_on_from_the_last_answer_is_computing_the_hour_whole() {
        for scenario in Scenario::ALL {
            let config = SimConfig { fleet_size: Some(40), scenario, ..SimConfig::default() };
            let start = Timestamp::from_timestamp(1_764_000_000, 0).unwrap();
            let world = World::build(&config, start);
            for region in ["us-east-1", "us-west-2"] {
                let mut before: Option<(i64, AlarmsHour)> = None;
                let (mut stepped, mut changes, mut states) = (0, 0, std::collections::BTreeSet::new());
                for minutes in (0..150).chain([153, 160, 230, 231]) {
                    let now = start + Duration::minutes(minutes) + Duration::seconds(7);
                    let next = world.alarms_after(region, now, before.as_ref().map(|(m, a)| (*m, a)));
                    let whole = world.alarms_after(region, now, None);
                    assert_eq!(next.alarms, whole.alarms, "{scenario} {region}: minute {minutes}");
                    assert_eq!(next.tracks, whole.tracks, "{scenario} {region}: minute {minutes}");
                    stepped += usize::from(before.as_ref().is_some_and(|(m, _)| World::minutes(now).1 - m < 60));
                    changes += next.tracks.iter().filter(|t| t.changed.is_some()).count();
                    states.extend(next.alarms.iter().map(|a| a.state.as_str()));
                    before = Some((World::minutes(now).1, next));
                }
                assert!(stepped > 140, "{scenario} {region}: {stepped} stepped");
                if scenario == Scenario::AzOutage && region == "us-east-1" {
                    assert!(changes > 0, "no alarm changed state");
                    assert!(states.contains(AlarmState::Alarm.as_str()) && states.contains(AlarmState::Ok.as_str()));
                }
            }
        }
    }
}
