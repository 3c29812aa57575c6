//! What a user's capacity changes do to an Auto Scaling Group: the bounds and desired capacity
//! change at once (by a call, or by a scheduled action when its start comes), and instances
//! come into service one at a time.
//!
//! A group nobody touched follows the target-tracking model in `groups`. From a group's first
//! change on, its capacity is stepped forward from that moment: while fewer instances are in
//! service than desired, the next one arrives 20–40 s after the previous (boot and health
//! check), and scale-in is immediate. Desired capacity is the larger of the user's and the
//! policy's wish, within the bounds in force — a manual scale-out the policy never undoes.

use crate::cloud::CloudError;
use crate::cloud::model::ResourceKey;

use super::interventions::Action;
use super::noise::hash;
use super::world::{Moment, World};

/// Seconds of history stepping covers at least (see `stepping_start`).
const STEPPING_WINDOW: f64 = 3600.0;

/// One change a user made to a group, at `at` (tau); `scheduled` when a scheduled action made it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Change {
    pub at: f64,
    pub min: Option<u32>,
    pub desired: Option<u32>,
    pub max: Option<u32>,
    pub scheduled: bool,
}

/// The bounds and the user's desired capacity in force at one time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Constraints {
    pub min: u32,
    pub max: u32,
    /// The user's desired capacity: the policy may ask for more, never for less.
    pub floor: Option<u32>,
}

/// The changes made to one group, oldest first; never empty.
#[derive(Debug, Clone)]
pub(super) struct Overrides {
    /// The group's own minimum, before any change.
    pub spec_min: u32,
    pub changes: Vec<Change>,
}

impl Overrides {
    pub fn first(&self) -> f64 {
        self.changes.first().map_or(f64::INFINITY, |c| c.at)
    }

    /// The constraints after the first `n` changes.
    pub fn after(&self, spec_max: u32, n: usize) -> Constraints {
        let mut c = Constraints { min: self.spec_min, max: spec_max, floor: None };
        for change in self.changes.iter().take(n) {
            if let Some(min) = change.min {
                c.min = min;
            }
            if let Some(max) = change.max {
                // A lower maximum lowers the desired capacity with it, as AWS does implicitly.
                c = Constraints { max, floor: c.floor.map(|f| f.min(max)), ..c };
            }
            if change.desired.is_some() {
                c.floor = change.desired;
            }
        }
        c
    }

    /// The constraints in force at `tau`.
    pub fn at(&self, spec_max: u32, tau: f64) -> Constraints {
        self.after(spec_max, self.changes.iter().take_while(|c| c.at <= tau).count())
    }

    fn next_after(&self, tau: f64) -> Option<f64> {
        self.changes.iter().map(|c| c.at).find(|&at| at > tau)
    }
}

/// A change of desired capacity by the scaling policy, before its activity is worded.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct PolicyChange {
    pub(super) started: f64,
    pub(super) minute: i64,
    pub(super) from: u32,
    pub(super) to: u32,
}

impl World {
    /// The user's changes to group `g` made by `tau`, with those its scheduled actions made
    /// when they ran; `None` while it has none.
    pub fn overrides(&self, g: usize, tau: f64) -> Option<Overrides> {
        let mut changes = self.journal.find(tau, |at, action| match *action {
            Action::Capacity { group, desired, max } if group == g => {
                Some(Change { at, min: None, desired, max, scheduled: false })
            }
            _ => None,
        });
        changes.extend(self.schedule(g, tau).fired);
        changes.sort_by(|a, b| a.at.total_cmp(&b.at));
        (!changes.is_empty()).then_some(Overrides { spec_min: self.groups[g].min, changes })
    }

    /// Desired capacity for the traffic of `minute` under `c`.
    pub fn desired_under(&self, g: usize, minute: i64, c: Constraints) -> u32 {
        let policy = self.needed(g, minute);
        let wanted = c.floor.map_or(policy, |floor| floor.max(policy));
        wanted.max(c.min).min(c.max.max(c.min))
    }

    /// Desired capacity at `secs` (since the epoch), with the constraints in force then.
    fn desired_with(&self, g: usize, o: &Overrides, secs: f64) -> u32 {
        let c = o.at(self.groups[g].max, secs - self.t0_secs());
        self.desired_under(g, (secs / 60.0).floor() as i64, c)
    }

    /// (min, max) as the group reports them at `m`.
    pub fn bounds(&self, g: usize, o: Option<&Overrides>, m: &Moment) -> (u32, u32) {
        let spec = &self.groups[g];
        o.map_or((spec.min, spec.max), |o| {
            let c = o.at(spec.max, m.tau);
            (c.min, c.max)
        })
    }

    /// (desired, max) as the group reports them at `m`.
    pub fn desired_and_max(&self, g: usize, o: Option<&Overrides>, m: &Moment) -> (u32, u32) {
        let spec = &self.groups[g];
        match o {
            Some(o) => (self.desired_with(g, o, m.secs), o.at(spec.max, m.tau).max),
            None => (self.desired_at(g, (m.secs / 60.0).floor() as i64), spec.max),
        }
    }

    /// Instances in service at `m` before the AZ outage takes its share.
    pub fn capacity(&self, g: usize, o: Option<&Overrides>, m: &Moment) -> u32 {
        match o {
            Some(o) => self.stepped_capacity(g, o, m.secs),
            None => self.settled_at(g, (m.secs / 60.0).floor() as i64),
        }
    }

    /// Seconds until the instance that makes `n` in service `n + 1` passes its health check.
    fn launch_gap(&self, g: usize, n: u32) -> f64 {
        20.0 + (hash(&[self.seed, self.groups[g].key, u64::from(n), 0x1A]) % 21) as f64
    }

    /// Where stepping to `secs` starts, and with how many in service: the first change, or —
    /// hours after it — a whole hour since it, one to two hours back, taken as caught up.
    ///
    /// The anchor depends only on `secs`, so values stay a pure function of time, while the cost
    /// of an evaluation stays bounded however long the demo runs. A ramp lasts minutes, so a
    /// group is caught up an hour after any change unless demand outgrew it all that hour.
    fn stepping_start(&self, g: usize, o: &Overrides, secs: f64) -> (f64, u32) {
        let (t0, first) = (self.t0_secs(), o.first());
        let hours = ((secs - t0 - first) / STEPPING_WINDOW).floor() - 1.0;
        if hours < 1.0 {
            let start = first + t0;
            return (start, self.settled_at(g, (start / 60.0).floor() as i64));
        }
        let start = first + t0 + hours * STEPPING_WINDOW;
        (start, self.desired_with(g, o, start))
    }

    /// Steps capacity to `secs`: one launch, minute boundary or change at a time.
    fn stepped_capacity(&self, g: usize, o: &Overrides, secs: f64) -> u32 {
        let t0 = self.t0_secs();
        let (mut t, mut n) = self.stepping_start(g, o, secs);
        loop {
            let desired = self.desired_with(g, o, t);
            if n >= desired {
                n = desired;
                let minute_end = ((t / 60.0).floor() + 1.0) * 60.0;
                let next = o.next_after(t - t0).map_or(minute_end, |at| minute_end.min(at + t0)).max(t + 1e-3);
                if next > secs {
                    return n;
                }
                t = next;
            } else {
                let arrives = t + self.launch_gap(g, n);
                if arrives > secs {
                    return n;
                }
                t = arrives;
                n += u32::from(self.desired_with(g, o, t) > n);
            }
        }
    }

    /// Checks `SetDesiredCapacity` against the bounds in force at `m`.
    pub fn plan_desired(&self, key: &ResourceKey, desired: u32, m: &Moment) -> Result<Action, CloudError> {
        let g = self.group_for(key)?;
        let (min, max) = self.bounds(g, self.overrides(g, m.tau).as_ref(), m);
        let message = if desired > max {
            format!("New SetDesiredCapacity value {desired} is above max value {max} for the AutoScalingGroup.")
        } else if desired < min {
            format!("New SetDesiredCapacity value {desired} is below min value {min} for the AutoScalingGroup.")
        } else {
            return Ok(Action::Capacity { group: g, desired: Some(desired), max: None });
        };
        Err(CloudError::Other { message })
    }

    /// Checks `UpdateAutoScalingGroup` with a new maximum against the minimum in force at `m`.
    pub fn plan_max(&self, key: &ResourceKey, max: u32, m: &Moment) -> Result<Action, CloudError> {
        let g = self.group_for(key)?;
        let (min, _) = self.bounds(g, self.overrides(g, m.tau).as_ref(), m);
        if max < min {
            let message =
                format!("ValidationError: Max bound, {max}, must be greater than or equal to min bound, {min}");
            return Err(CloudError::Other { message });
        }
        Ok(Action::Capacity { group: g, desired: None, max: Some(max) })
    }

    fn group_for(&self, key: &ResourceKey) -> Result<usize, CloudError> {
        self.group_index(&key.scope.region, &key.id)
            .ok_or_else(|| CloudError::NotFound { what: format!("Auto Scaling group {key}") })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(at: f64, desired: Option<u32>, max: Option<u32>) -> Change {
        Change { at, min: None, desired, max, scheduled: false }
    }

    #[test]
    fn a_lower_max_caps_the_users_desired_capacity() {
        let o = Overrides {
            spec_min: 2,
            changes: vec![change(1.0, None, Some(36)), change(2.0, Some(30), None), change(3.0, None, Some(20))],
        };
        assert_eq!(o.at(24, 0.5), Constraints { min: 2, max: 24, floor: None });
        assert_eq!(o.at(24, 1.0), Constraints { min: 2, max: 36, floor: None });
        assert_eq!(o.at(24, 2.5), Constraints { min: 2, max: 36, floor: Some(30) });
        assert_eq!(o.at(24, 9.0), Constraints { min: 2, max: 20, floor: Some(20) });
        assert_eq!(o.next_after(1.0), Some(2.0));
        assert_eq!(o.next_after(3.0), None);
    }
}
