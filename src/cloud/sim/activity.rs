//! Scaling activities, reconstructed from the capacity history rather than recorded.
//!
//! Every minute knot of the last hour where desired capacity changed becomes an activity worded
//! the way Auto Scaling words it, and the AZ outage adds its terminations and replacements.
//! Since desired capacity is a pure function of time, the history is too. A user's change to
//! the bounds or the desired capacity, and a scheduled action's when it runs, is an activity of
//! its own, worded as AWS words it.

use crate::cloud::model::{ScalingActivity, Timestamp};

use super::capacity::{Change, Overrides, PolicyChange};
use super::groups::{REPLACE_END, REPLACE_START};
use super::noise::{at_secs, hash, mix, secs_of, uuid};
use super::scenario::{OUTAGE_AZ, OUTAGE_START};
use super::world::{Moment, World};

const MAX_ACTIVITIES: usize = 10;
/// Seconds a launch takes to finish, as far as the activity's status goes.
const LAUNCH_SECS: f64 = 120.0;

fn iso(t: Timestamp) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn instance_id(h: u64) -> String {
    format!("i-0{:016x}", mix(h))
}

fn launching(count: u32, h: u64) -> String {
    if count == 1 {
        format!("Launching a new EC2 instance: {}", instance_id(h))
    } else {
        format!("Launching {count} new EC2 instances")
    }
}

fn terminating(count: u32, h: u64) -> String {
    if count == 1 {
        format!("Terminating EC2 instance: {}", instance_id(h))
    } else {
        format!("Terminating {count} EC2 instances")
    }
}

fn status(now: f64, started: f64, takes: f64) -> String {
    if now - started < takes { "InProgress" } else { "Successful" }.to_owned()
}

/// An activity of the hour: the policy's, worded once it is among the newest, or another.
enum Activity {
    Policy(PolicyChange),
    Worded(ScalingActivity),
}

impl World {
    /// Most recent first, at most ten. The policy's changes of the hour are worded only when
    /// among the ten: a busy group changes capacity dozens of times an hour.
    ///
    /// `policy` is the group's `policy_hour` of the same minute, if known: what the policy
    /// alone did, which holds while no user's change or scheduled action is in force.
    pub fn activities(&self, g: usize, now: &Moment, policy: Option<&[PolicyChange]>) -> Vec<ScalingActivity> {
        let overrides = self.overrides(g, now.tau);
        let changes = match (policy, &overrides) {
            (Some(policy), None) => policy.to_vec(),
            _ => self.scaling_changes(g, now, overrides.as_ref()),
        };
        let mut activities: Vec<(f64, Activity)> = (changes.into_iter())
            .filter(|change| change.started <= now.secs)
            .map(|change| (change.started, Activity::Policy(change)))
            .collect();
        let mut others = self.outage_activities(g, now);
        if let Some(o) = &overrides {
            others.extend(self.user_activities(g, now, o));
        }
        activities.extend(others.into_iter().map(|(started, activity)| (started, Activity::Worded(activity))));
        activities.sort_by(|a, b| b.0.total_cmp(&a.0));
        (activities.into_iter().take(MAX_ACTIVITIES))
            .map(|(_, activity)| match activity {
                Activity::Policy(c) => self.capacity_change(g, c.minute, c.from, c.to, now.secs).1,
                Activity::Worded(activity) => activity,
            })
            .collect()
    }

    /// Each of the region's groups' `scaling_changes` under no override, as of the minute of
    /// `now` (whether or not their activities started yet): the same all minute long, and the
    /// most of a groups poll at thousands of groups.
    pub(super) fn policy_hour(&self, region: &str, now: Timestamp) -> Vec<Vec<PolicyChange>> {
        let Some(r) = self.region(region) else { return Vec::new() };
        let m = self.moment(secs_of(now));
        r.groups.iter().map(|&g| self.scaling_changes(g, &m, None)).collect()
    }

    /// The policy's own changes in the hour to the minute of `now`: where the traffic alone
    /// moved desired capacity between knots (their activities may start after `now`).
    fn scaling_changes(&self, g: usize, now: &Moment, o: Option<&Overrides>) -> Vec<PolicyChange> {
        let last = (now.secs / 60.0).floor() as i64;
        let (t0, max) = (self.t0_secs(), self.groups[g].max);
        // Both knots under the constraints in force at the later one, so a user's change is
        // not mistaken for the policy's (it has an activity of its own). With none in force, a
        // knot's desired capacity is the next knot's previous one: each is found once.
        let mut policy = None;
        let mut desired = |minute: i64| {
            if let Some(o) = o {
                let c = o.at(max, minute as f64 * 60.0 - t0);
                return (self.desired_under(g, minute - 1, c), self.desired_under(g, minute, c));
            }
            let previous = policy.unwrap_or_else(|| self.desired_at(g, minute - 1));
            let desired = self.desired_at(g, minute);
            policy = Some(desired);
            (previous, desired)
        };
        let mut found = Vec::new();
        for minute in (last - 59)..=last {
            let (previous, desired) = desired(minute);
            if desired != previous {
                found.push(PolicyChange {
                    started: self.change_started(g, minute),
                    minute,
                    from: previous,
                    to: desired,
                });
            }
        }
        found
    }

    /// When the activity of the policy's change at `minute` started: seconds into the minute.
    fn change_started(&self, g: usize, minute: i64) -> f64 {
        minute as f64 * 60.0 + 3.0 + (hash(&[self.seed, self.groups[g].key, minute as u64]) % 15) as f64
    }

    fn capacity_change(&self, g: usize, minute: i64, from: u32, to: u32, now: f64) -> (f64, ScalingActivity) {
        let spec = &self.groups[g];
        let alarmed = minute as f64 * 60.0;
        let started = self.change_started(g, minute);
        let h = hash(&[self.seed, spec.key, minute as u64, 1]);
        let (side, description, verb, takes) = if to > from {
            ("High", launching(to - from, h), "an instance was started", LAUNCH_SECS)
        } else {
            ("Low", terminating(from - to, h), "an instance was taken out of service", 30.0)
        };
        let direction = if to > from { "increasing" } else { "shrinking" };
        let alarm = format!("TargetTracking-{}-Alarm{side}-{}", spec.name, uuid(spec.key));
        let cause = format!(
            "At {} a monitor alarm {alarm} in state ALARM triggered policy {} changing the desired capacity from {from} to {to}. \
             At {} {verb} in response to a difference between desired and actual capacity, {direction} the capacity from {from} to {to}.",
            iso(at_secs(alarmed)),
            spec.policy,
            iso(at_secs(started)),
        );
        (
            started,
            ScalingActivity {
                started: Some(at_secs(started)),
                description,
                cause: Some(cause),
                status: status(now, started, takes),
            },
        )
    }

    /// What the user's changes did: one activity for each change that moved desired capacity.
    fn user_activities(&self, g: usize, now: &Moment, o: &Overrides) -> Vec<(f64, ScalingActivity)> {
        let (t0, max) = (self.t0_secs(), self.groups[g].max);
        let (current, _) = self.desired_and_max(g, Some(o), now);
        let in_service = self.capacity(g, Some(o), now);
        let mut found = Vec::new();
        for (i, change) in o.changes.iter().enumerate().filter(|(_, c)| now.tau - c.at < 3600.0) {
            let minute = ((change.at + t0) / 60.0).floor() as i64;
            let after = o.after(max, i + 1);
            let moved = (self.desired_under(g, minute, o.after(max, i)), self.desired_under(g, minute, after));
            if moved.0 != moved.1 {
                let done = in_service >= moved.1.min(current);
                found.push((change.at + t0, self.user_change(g, change, moved, (after.min, after.max), done)));
            }
        }
        found
    }

    fn user_change(
        &self,
        g: usize,
        change: &Change,
        (from, to): (u32, u32),
        (min, max): (u32, u32),
        done: bool,
    ) -> ScalingActivity {
        let spec = &self.groups[g];
        let started = change.at + self.t0_secs();
        let h = hash(&[self.seed, spec.key, (started * 1000.0) as u64, 0x05E]);
        let request = if change.scheduled {
            format!(
                "a scheduled action update of AutoScalingGroup constraints to min: {min}, max: {max}, desired: {to}"
            )
        } else if change.max.is_some() {
            format!("a user request update of AutoScalingGroup constraints to min: {min}, max: {max}, desired: {to}")
        } else {
            "a user request explicitly set group desired capacity".to_owned()
        };
        let (description, verb, direction) = if to > from {
            let verb = if to - from == 1 { "an instance was started" } else { "instances were started" };
            (launching(to - from, h), verb, "increasing")
        } else {
            (terminating(from - to, h), "an instance was taken out of service", "shrinking")
        };
        let cause = format!(
            "At {} {request} changing the desired capacity from {from} to {to}. At {} {verb} in response to a \
             difference between desired and actual capacity, {direction} the capacity from {from} to {to}.",
            iso(at_secs(started)),
            iso(at_secs(started + 1.0)),
        );
        let status = if done || to < from { "Successful" } else { "InProgress" }.to_owned();
        ScalingActivity { started: Some(at_secs(started)), description, cause: Some(cause), status }
    }

    fn outage_activities(&self, g: usize, now: &Moment) -> Vec<(f64, ScalingActivity)> {
        if !self.outage_hits(g) || now.tau < OUTAGE_START {
            return Vec::new();
        }
        let t0 = self.t0_secs();
        let before = self.settled_at(g, ((t0 + OUTAGE_START) / 60.0).floor() as i64);
        let lost = self.share_in_outage_az(g, before);
        if lost == 0 {
            return Vec::new();
        }
        let h = hash(&[self.seed, self.groups[g].key, 0xA2]);
        let noticed = t0 + OUTAGE_START + 7.0;
        let mut found = vec![(
            noticed,
            ScalingActivity {
                started: Some(at_secs(noticed)),
                description: terminating(lost, h),
                cause: Some(format!(
                    "At {} {lost} instance(s) in {OUTAGE_AZ} were taken out of service in response to an EC2 health check indicating they have been terminated or stopped.",
                    iso(at_secs(noticed))
                )),
                status: status(now.secs, noticed, REPLACE_START - OUTAGE_START),
            },
        )];
        let launched = t0 + REPLACE_START + 4.0;
        if now.secs >= launched {
            found.push((launched, ScalingActivity {
                started: Some(at_secs(launched)),
                description: launching(lost, h ^ 1),
                cause: Some(format!(
                    "At {} an instance was started in response to a difference between desired and actual capacity, increasing the capacity from {} to {before}.",
                    iso(at_secs(launched)),
                    before - lost
                )),
                status: status(now.secs, launched, REPLACE_END - REPLACE_START),
            }));
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use crate::cloud::model::Timestamp;
    use crate::cloud::sim::world::World;
    use crate::cloud::sim::{Scenario, SimConfig};

    /// A groups answer from the policy's hour found at the start of its minute is the one
    /// found whole, at every second of the minute a poll may come at, in every scenario (the
    /// groups with a scheduled action in force find theirs whole).
    #[test]
    fn the_policy_hour_of_the_minute_gives_the_groups_found_whole() {
        let start = Timestamp::from_timestamp(1_764_000_000, 0).unwrap();
        for scenario in Scenario::ALL {
            let world = World::build(&SimConfig { fleet_size: Some(60), scenario, ..SimConfig::default() }, start);
            let mut activities = 0;
            for region in ["us-east-1", "us-west-2"] {
                for step in 0..240 {
                    let now = start + Duration::seconds(step * 13);
                    let minute = Timestamp::from_timestamp(now.timestamp().div_euclid(60) * 60, 0).unwrap();
                    let policy = world.policy_hour(region, minute);
                    let groups = world.scaling_groups(region, now, Some(&policy));
                    assert_eq!(groups, world.scaling_groups(region, now, None), "{scenario} {region} {now}");
                    activities += groups.iter().map(|g| g.activities.len()).sum::<usize>();
                }
            }
            assert!(activities > 100, "{scenario}: {activities} activities seen");
        }
    }
}
