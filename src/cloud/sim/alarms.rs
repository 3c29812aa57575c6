//! `CloudWatch` alarms evaluated against the simulated metrics.
//!
//! An alarm's state is its comparison applied to the latest value; when it last changed is the
//! last crossing in the last hour of minute knots (or, with none, some hours before). Reasons
//! use `CloudWatch`'s wording so the alarm pane reads like the real thing. Whether an alarm's
//! actions run follows the `DisableAlarmActions` and `EnableAlarmActions` calls in the journal.

use crate::cloud::CloudError;
use crate::cloud::model::{Alarm, AlarmHistoryItem, AlarmHistoryKind, AlarmState, Comparison, ResourceKey, Timestamp};

use super::interventions::Action;
use super::noise::{at_secs, hash, key_of, secs_of};
use super::spec::{AlarmSource, AlarmSpec};
use super::world::{Moment, World};

fn breaches(comparison: Comparison, value: f64, threshold: f64) -> bool {
    match comparison {
        Comparison::Greater => value > threshold,
        Comparison::GreaterOrEqual => value >= threshold,
        Comparison::Less => value < threshold,
        Comparison::LessOrEqual => value <= threshold,
    }
}

fn words(comparison: Comparison) -> &'static str {
    match comparison {
        Comparison::Greater => "greater than",
        Comparison::GreaterOrEqual => "greater than or equal to",
        Comparison::Less => "less than",
        Comparison::LessOrEqual => "less than or equal to",
    }
}

pub(super) fn state_of(spec: &AlarmSpec, value: Option<f64>) -> AlarmState {
    match value {
        None => AlarmState::InsufficientData,
        Some(v) if breaches(spec.comparison, v, spec.threshold) => AlarmState::Alarm,
        Some(_) => AlarmState::Ok,
    }
}

/// `CloudWatch`'s explanation of a transition, datapoint stamped at its minute.
fn reason(spec: &AlarmSpec, state: AlarmState, value: Option<f64>, at: Timestamp) -> String {
    let Some(value) = value else {
        return "Insufficient Data: 1 datapoint was unknown.".to_owned();
    };
    let stamp = at_secs((at.timestamp() / 60 * 60) as f64).format("%d/%m/%y %H:%M:%S");
    let (not, transition) = if state == AlarmState::Alarm { ("", "OK -> ALARM") } else { ("not ", "ALARM -> OK") };
    format!(
        "Threshold Crossed: 1 out of the last 1 datapoints [{value:.1} ({stamp})] was {not}{} the threshold ({:.1}) \
         (minimum 1 datapoint for {transition} transition).",
        words(spec.comparison),
        spec.threshold
    )
}

fn state_update(at: Timestamp, from: AlarmState, to: AlarmState) -> AlarmHistoryItem {
    AlarmHistoryItem {
        at: Some(at),
        kind: AlarmHistoryKind::StateUpdate,
        summary: format!("Alarm updated from {} to {}", from.as_str(), to.as_str()),
        transition: Some((from, to)),
    }
}

/// What an alarm's hour of minute knots comes to: its latest value, the minute of its last
/// change of state in the hour (none when it held one state all hour), and the value its
/// reason quotes (at that change, or at `settled_since`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Track {
    pub latest: Option<f64>,
    pub changed: Option<i64>,
    pub quoted: Option<f64>,
}

/// The minute (since the epoch) a moment of the timeline stands for.
pub(super) fn minute_of(m: &Moment) -> i64 {
    m.at.timestamp().div_euclid(60)
}

impl World {
    pub(super) fn alarm_value(&self, spec: &AlarmSpec, m: &Moment) -> Option<f64> {
        match spec.source {
            AlarmSource::Db { idx, metric } => {
                if self.dbs[idx].stopped {
                    return None;
                }
                self.db_sample(idx, m).get(metric)
            }
            AlarmSource::ClusterCpu(c) => {
                self.clusters[c].members.iter().map(|&idx| self.db_sample(idx, m).cpu).reduce(f64::max)
            }
            AlarmSource::GroupCpu(g) => Some(self.group_cpu(g, m)),
            AlarmSource::QueueDepth(g) => Some(self.queue_depth(g, m)),
            AlarmSource::Unsimulated => None,
        }
    }

    /// Alarm `a`'s hour on `timeline` (the minute knots `timeline` gives), computed whole.
    pub(super) fn track(&self, a: usize, timeline: &[Moment]) -> Track {
        let spec = &self.alarms[a];
        let values: Vec<Option<f64>> = timeline.iter().map(|m| self.alarm_value(spec, m)).collect();
        let states: Vec<AlarmState> = values.iter().map(|&v| state_of(spec, v)).collect();
        let latest = values.last().copied().flatten();
        let changed = (1..states.len()).rev().find(|&i| states[i] != states[i - 1]);
        match changed {
            Some(i) => Track { latest, changed: Some(minute_of(&timeline[i])), quoted: values[i] },
            None => self.settled_track(a, latest),
        }
    }

    /// An alarm whose hour holds no change of state: it changed when `settled_since` says,
    /// and its reason quotes its value then.
    pub(super) fn settled_track(&self, a: usize, latest: Option<f64>) -> Track {
        let spec = &self.alarms[a];
        let quoted = self.alarm_value(spec, &self.moment(secs_of(self.settled_since(spec))));
        Track { latest, changed: None, quoted }
    }

    /// Alarm `a` as `DescribeAlarms` tells it at `tau`, from its hour.
    pub(super) fn alarm_of(&self, a: usize, track: &Track, tau: f64) -> Alarm {
        let spec = &self.alarms[a];
        let state = state_of(spec, track.latest);
        let updated = match track.changed {
            Some(minute) => self.moment(minute as f64 * 60.0).at,
            None => self.settled_since(spec),
        };
        Alarm {
            name: spec.name.clone(),
            region: spec.region.clone(),
            state,
            reason: Some(reason(spec, state, track.quoted, updated)),
            updated: Some(updated),
            namespace: Some(spec.namespace.clone()),
            metric: Some(spec.metric.clone()),
            dimensions: spec.dimensions.clone(),
            comparison: Some(spec.comparison),
            threshold: Some(spec.threshold),
            actions_enabled: self.actions_enabled(a, tau),
        }
    }

    /// Whether alarm `a` runs its actions at `tau`: as the last `DisableAlarmActions` or
    /// `EnableAlarmActions` on it left it, enabled when there was none.
    pub fn actions_enabled(&self, a: usize, tau: f64) -> bool {
        let set = self.journal.find(tau, |_, action| match *action {
            Action::AlarmActions { ref alarms, enabled } if alarms.contains(&a) => Some(enabled),
            _ => None,
        });
        set.last().copied().unwrap_or(true)
    }

    /// The index of the alarm `name` in `region`.
    pub fn alarm_index(&self, region: &str, name: &str) -> Option<usize> {
        self.region(region)?.alarms.iter().copied().find(|&a| self.alarms[a].name == name)
    }

    /// Checks `DisableAlarmActions` (`enabled` false) or `EnableAlarmActions` of an alarm and
    /// the others of its region in `also`. Either is idempotent: CloudWatch accepts it whatever
    /// the flags are already.
    pub fn plan_alarm_actions(
        &self,
        (key, also): (&ResourceKey, &[String]),
        enabled: bool,
    ) -> Result<Action, CloudError> {
        let region = &key.scope.region;
        let alarms = std::iter::once(key.id.as_str())
            .chain(also.iter().map(String::as_str))
            .map(|name| {
                self.alarm_index(region, name)
                    .ok_or_else(|| CloudError::NotFound { what: format!("alarm {name} ({region})") })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Action::AlarmActions { alarms, enabled })
    }

    /// When an alarm that has not moved in the window last changed: hours before the simulator's
    /// start, and so before any window (the first ends at the start), so no screen shows a change
    /// the series cannot explain; and fixed, so its age grows as time passes. Its value then is
    /// computed too, so the reason quotes a datapoint that really was.
    fn settled_since(&self, spec: &AlarmSpec) -> Timestamp {
        let minutes = 120 + hash(&[self.seed, key_of(&spec.name)]) % 600;
        at_secs(self.t0_secs() - 3600.0 - minutes as f64 * 60.0)
    }

    /// One alarm's history, newest first, as `DescribeAlarmHistory` tells it: every state change
    /// in the last hour, the change that put the alarm in the state it had when the hour began
    /// (at the same moment `alarms_after` reports), and its creation a day before that.
    pub fn alarm_history(&self, region: &str, name: &str, now: Timestamp) -> Option<Vec<AlarmHistoryItem>> {
        let spec = self.region(region)?.alarms.iter().map(|&a| &self.alarms[a]).find(|s| s.name == name)?;
        let timeline = self.timeline(now);
        let states: Vec<AlarmState> = timeline.iter().map(|m| state_of(spec, self.alarm_value(spec, m))).collect();
        let first = *states.first()?;
        let since = self.settled_since(spec);
        let mut items = vec![AlarmHistoryItem {
            at: Some(since - chrono::Duration::days(1)),
            kind: AlarmHistoryKind::ConfigurationUpdate,
            summary: format!("Alarm \"{}\" created", spec.name),
            transition: None,
        }];
        if first != AlarmState::InsufficientData {
            items.push(state_update(since, AlarmState::InsufficientData, first));
        }
        for (i, pair) in states.windows(2).enumerate() {
            if pair[0] != pair[1] {
                items.push(state_update(timeline[i + 1].at, pair[0], pair[1]));
            }
        }
        items.reverse();
        Some(items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloud::model::Comparison;
    use chrono::{TimeZone, Utc};

    fn spec() -> AlarmSpec {
        AlarmSpec {
            name: "x-cpu-high".into(),
            region: "us-east-1".into(),
            namespace: "AWS/RDS".into(),
            metric: "CPUUtilization".into(),
            dimensions: vec![],
            comparison: Comparison::Greater,
            threshold: 80.0,
            source: AlarmSource::Unsimulated,
        }
    }

    #[test]
    fn reasons_read_like_cloudwatch() {
        let at = Utc.with_ymd_and_hms(2026, 11, 27, 15, 2, 31).single().unwrap_or_default();
        let text = reason(&spec(), AlarmState::Alarm, Some(92.34), at);
        assert_eq!(
            text,
            "Threshold Crossed: 1 out of the last 1 datapoints [92.3 (27/11/26 15:02:00)] was greater than the \
             threshold (80.0) (minimum 1 datapoint for OK -> ALARM transition)."
        );
        assert!(reason(&spec(), AlarmState::Ok, Some(12.0), at).contains("was not greater than"));
        assert!(reason(&spec(), AlarmState::InsufficientData, None, at).starts_with("Insufficient Data"));
    }

    #[test]
    fn comparisons_in_both_directions() {
        assert!(breaches(Comparison::Greater, 81.0, 80.0));
        assert!(!breaches(Comparison::Greater, 80.0, 80.0));
        assert!(breaches(Comparison::GreaterOrEqual, 80.0, 80.0));
        assert!(breaches(Comparison::Less, 1.0, 2.0));
        assert!(breaches(Comparison::LessOrEqual, 2.0, 2.0));
    }
}
