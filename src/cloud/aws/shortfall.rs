//! Since when an Auto Scaling Group has been short of desired capacity: the API says how many
//! instances are in service now, not since when fewer than desired were. Two sources answer it:
//! the oldest launch that has not succeeded since the group's last successful one (its start is
//! when the missing capacity was asked for), and the adapter's memory of the first poll that saw
//! the group short. A group seen short for the first time with no such launch stays unknown
//! (the rule says "not reported"), never "just now".

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use crate::cloud::model::{ScalingActivity, ScalingGroup, Scope, Timestamp};

/// Status codes of an activity that has ended well or been called off.
const SETTLED: [&str; 2] = ["Successful", "Cancelled"];

/// When each group of each scope was first seen short of desired capacity.
#[derive(Debug, Default)]
pub struct Shortfalls(Mutex<HashMap<(Scope, String), Timestamp>>);

fn is_launch(a: &ScalingActivity) -> bool {
    a.description.starts_with("Launching")
}

/// The start of the oldest launch, failed or still going, since the newest successful one.
/// `activities` are newest first.
pub fn pending_launch_since(activities: &[ScalingActivity]) -> Option<Timestamp> {
    activities
        .iter()
        .filter(|a| is_launch(a))
        .take_while(|a| a.status != "Successful")
        .filter(|a| !SETTLED.contains(&a.status.as_str()))
        .filter_map(|a| a.started)
        .min()
}

impl Shortfalls {
    /// Fills `below_desired_since` of a scope's groups polled at `now`, and forgets groups that
    /// have their capacity again (or are gone).
    pub fn stamp(&self, scope: &Scope, groups: &mut [ScalingGroup], now: Timestamp) {
        let mut seen = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        seen.retain(|(s, name), _| s != scope || groups.iter().any(|g| &g.name == name && g.in_service < g.desired));
        for g in groups.iter_mut() {
            if g.in_service >= g.desired {
                g.below_desired_since = None;
                continue;
            }
            let first = *seen.entry((scope.clone(), g.name.clone())).or_insert(now);
            let remembered = (first < now).then_some(first);
            let launch = pending_launch_since(&g.activities);
            g.below_desired_since = match (launch, remembered) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone, Utc};

    fn at(minute: i64) -> Timestamp {
        Utc.with_ymd_and_hms(2026, 11, 27, 15, 0, 0).unwrap() + Duration::minutes(minute)
    }

    fn launch(minute: i64, status: &str) -> ScalingActivity {
        ScalingActivity {
            started: Some(at(minute)),
            description: "Launching a new EC2 instance: i-0abc".into(),
            cause: None,
            status: status.into(),
        }
    }

    fn group(in_service: u32, activities: Vec<ScalingActivity>) -> ScalingGroup {
        ScalingGroup {
            name: "web".into(),
            region: "us-east-1".into(),
            min: 1,
            desired: 6,
            max: 12,
            in_service,
            pending: 6 - in_service,
            terminating: 0,
            below_desired_since: None,
            instances_by_az: Vec::new(),
            activities,
            scheduled: Vec::new(),
        }
    }

    #[test]
    fn the_oldest_launch_not_yet_done_since_the_last_success_dates_the_shortfall() {
        let newest_first = vec![
            launch(-5, "InProgress"),
            launch(-20, "Failed"),
            launch(-30, "Cancelled"),
            launch(-60, "Successful"),
            launch(-90, "Failed"),
        ];
        assert_eq!(pending_launch_since(&newest_first), Some(at(-20)), "the failure before the success is history");
        assert_eq!(pending_launch_since(&[launch(-1, "Successful")]), None);
    }

    #[test]
    fn the_first_poll_that_sees_a_shortfall_remembers_it_until_capacity_returns() {
        let scope = Scope::region("us-east-1");
        let memory = Shortfalls::default();
        let mut groups = vec![group(3, Vec::new())];
        memory.stamp(&scope, &mut groups, at(0));
        assert_eq!(groups[0].below_desired_since, None, "first sight, no launch: unknown, not 'just now'");
        memory.stamp(&scope, &mut groups, at(20));
        assert_eq!(groups[0].below_desired_since, Some(at(0)), "short since the first poll that saw it");
        let mut whole = vec![group(6, Vec::new())];
        memory.stamp(&scope, &mut whole, at(21));
        assert_eq!(whole[0].below_desired_since, None);
        let mut again = vec![group(3, vec![launch(21, "PreInService")])];
        memory.stamp(&scope, &mut again, at(22));
        assert_eq!(again[0].below_desired_since, Some(at(21)), "forgotten once whole; the launch dates it now");
    }
}
