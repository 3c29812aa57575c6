//! Scheduled actions of the simulated groups (`PutScheduledUpdateGroupAction`): each waits in
//! the journal until its start time, then sets the group's min, desired and max there and then
//! — a change like a user's, worded as a scheduled action's — and is gone, as a one-off action
//! is on AWS. Deleting or replacing one (the same name) before it starts means it never runs.
//!
//! Like every other write, what a schedule does is a pure function of the journal and the
//! virtual time: nothing fires in the background, the evaluation at a moment applies the
//! actions whose start it has passed.

use crate::cloud::CloudError;
use crate::cloud::model::{ResourceKey, ScheduledAction};

use super::capacity::Change;
use super::interventions::{Action, Scheduled};
use super::noise::{at_secs, secs_of};
use super::world::{Moment, World};

/// What a group's schedule is at one time: the actions still waiting (soonest first), and the
/// changes the others made when they ran.
#[derive(Debug, Default)]
pub(super) struct Schedule {
    pub waiting: Vec<Scheduled>,
    pub fired: Vec<Change>,
}

impl Schedule {
    /// Runs, in start order, the waiting actions whose start is at or before `tau` (the
    /// simulator started `t0` seconds after the epoch).
    fn run_until(&mut self, tau: f64, t0: f64) {
        self.waiting.sort_by(|a, b| (a.start, &a.name).cmp(&(b.start, &b.name)));
        let due = self.waiting.iter().take_while(|s| s.start as f64 - t0 <= tau).count();
        for s in self.waiting.drain(..due) {
            let at = s.start as f64 - t0;
            self.fired.push(Change { at, min: s.min, desired: s.desired, max: s.max, scheduled: true });
        }
    }
}

impl World {
    /// Group `g`'s schedule as it stands at `tau`.
    pub fn schedule(&self, g: usize, tau: f64) -> Schedule {
        let edits = self.journal.find(tau, |at, action| match action {
            Action::Schedule { group, action } if *group == g => Some((at, Some(action.clone()), action.name.clone())),
            Action::Unschedule { group, name } if *group == g => Some((at, None, name.clone())),
            _ => None,
        });
        let (mut schedule, t0) = (Schedule::default(), self.t0_secs());
        for (at, put, name) in edits {
            schedule.run_until(at, t0);
            schedule.waiting.retain(|s| s.name != name);
            schedule.waiting.extend(put);
        }
        schedule.run_until(tau, t0);
        schedule
    }

    /// The actions of group `g` that have not run by `m`, as `DescribeScheduledActions` lists them.
    pub fn scheduled_at(&self, g: usize, m: &Moment) -> Vec<ScheduledAction> {
        let mut waiting = self.schedule(g, m.tau).waiting;
        waiting.sort_by(|a, b| (a.start, &a.name).cmp(&(b.start, &b.name)));
        waiting
            .into_iter()
            .map(|s| ScheduledAction {
                start: Some(at_secs(s.start as f64)),
                end: None,
                recurrence: None,
                min: s.min,
                desired: s.desired,
                max: s.max,
                name: s.name,
            })
            .collect()
    }

    /// Checks `PutScheduledUpdateGroupAction` as Auto Scaling does: a start in the future, and
    /// a desired capacity within the bounds it sets (or the group's).
    pub fn plan_schedule(&self, key: &ResourceKey, a: &ScheduledAction, m: &Moment) -> Result<Action, CloudError> {
        let g = self
            .group_index(&key.scope.region, &key.id)
            .ok_or_else(|| CloudError::NotFound { what: format!("Auto Scaling group {key}") })?;
        let invalid = |message: String| Err(CloudError::Other { message: format!("ValidationError: {message}") });
        if a.recurrence.is_some() || a.end.is_some() {
            return invalid("the simulator runs one-off scheduled actions only (a start time, no recurrence)".into());
        }
        let Some(start) = a.start else { return invalid("a StartTime is needed".into()) };
        if start <= m.at {
            return invalid(format!("Given start time {} is in the past", start.format("%FT%TZ")));
        }
        let spec = &self.groups[g];
        let (min, max) = (a.min.unwrap_or(spec.min), a.max.unwrap_or(spec.max));
        if min > max {
            return invalid(format!("Max bound, {max}, must be greater than or equal to min bound, {min}"));
        }
        if let Some(desired) = a.desired.filter(|d| !(min..=max).contains(d)) {
            return invalid(format!(
                "Desired capacity:{desired} must be between the specified min size:{min} and max size:{max}"
            ));
        }
        // Whole seconds since the epoch: what Auto Scaling keeps.
        let start = secs_of(start).floor() as i64;
        let action = Scheduled { name: a.name.clone(), start, min: a.min, desired: a.desired, max: a.max };
        Ok(Action::Schedule { group: g, action })
    }

    /// Checks `DeleteScheduledAction`: the action must still be waiting.
    pub fn plan_unschedule(&self, key: &ResourceKey, name: &str, m: &Moment) -> Result<Action, CloudError> {
        let g = self
            .group_index(&key.scope.region, &key.id)
            .ok_or_else(|| CloudError::NotFound { what: format!("Auto Scaling group {key}") })?;
        if !self.schedule(g, m.tau).waiting.iter().any(|s| s.name == name) {
            return Err(CloudError::NotFound { what: format!("scheduled action {name} of {}", key.id) });
        }
        Ok(Action::Unschedule { group: g, name: name.to_owned() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn put(name: &str, start: i64, desired: u32) -> Scheduled {
        Scheduled { name: name.into(), start, min: Some(1), desired: Some(desired), max: Some(20) }
    }

    #[test]
    fn actions_run_in_start_order_once_their_start_has_passed() {
        // Starts are seconds since the epoch; the simulator started at 1000.
        let mut s = Schedule { waiting: vec![put("end", 1200, 4), put("start", 1100, 12)], fired: Vec::new() };
        s.run_until(99.0, 1000.0);
        assert!(s.fired.is_empty());
        s.run_until(250.0, 1000.0);
        assert_eq!(
            s.fired.iter().map(|c| (c.at, c.desired)).collect::<Vec<_>>(),
            [(100.0, Some(12)), (200.0, Some(4))]
        );
        assert!(s.waiting.is_empty() && s.fired.iter().all(|c| c.scheduled));
    }
}
