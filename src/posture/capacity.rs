//! Rules on Auto Scaling Groups: no headroom left for a peak, or capacity asked for that has not
//! arrived for longer than launches take.

use super::{Outcome, Policy, Posture, RuleId};
use crate::cloud::model::ScalingGroup;
use crate::judging::Level;
use crate::judging::format_age;

/// Every group rule.
pub fn group(group: &ScalingGroup, policy: &Policy<'_>) -> Posture {
    let mut p = Posture::default();
    policy.record(&mut p, RuleId::AsgAtMax, at_max(group));
    policy.record(&mut p, RuleId::AsgCapacityStuck, stuck(group, policy));
    p.sort();
    p
}

pub fn at_max(group: &ScalingGroup) -> Outcome {
    if group.max > 0 && group.desired >= group.max {
        Outcome::fail(RuleId::AsgAtMax, format!("at its max size of {}: no headroom for a peak", group.max))
    } else {
        Outcome::Pass
    }
}

/// Short of desired capacity for at least `capacity_stuck_minutes`; critical when the share in
/// service is past the console's critical line too.
pub fn stuck(group: &ScalingGroup, policy: &Policy<'_>) -> Outcome {
    if group.in_service >= group.desired {
        return Outcome::Pass;
    }
    let Some(since) = group.below_desired_since else {
        return Outcome::unknown("how long it has been short of desired capacity was not reported");
    };
    let short_for = (policy.now - since).num_seconds().max(0);
    if short_for < i64::from(policy.settings.capacity_stuck_minutes) * 60 {
        return Outcome::Pass;
    }
    let share = f64::from(group.in_service) * 100.0 / f64::from(group.desired);
    let level = policy.thresholds.group_in_service_pct.level(share).max(Level::Warn);
    let message = format!("{} of {} desired in service for {}", group.in_service, group.desired, format_age(short_for));
    Outcome::Fail(level, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::judging::Thresholds;
    use crate::posture::PostureSettings;
    use chrono::{Duration, TimeZone, Utc};

    fn group(desired: u32, max: u32, in_service: u32, short_minutes: Option<i64>) -> ScalingGroup {
        let now = Utc.with_ymd_and_hms(2026, 11, 27, 15, 0, 0).unwrap();
        ScalingGroup {
            name: "web".into(),
            region: "us-east-1".into(),
            min: 1,
            desired,
            max,
            in_service,
            pending: desired.saturating_sub(in_service),
            terminating: 0,
            below_desired_since: short_minutes.map(|m| now - Duration::minutes(m)),
            instances_by_az: Vec::new(),
            activities: Vec::new(),
            scheduled: Vec::new(),
        }
    }

    fn judge(g: &ScalingGroup) -> Posture {
        let (settings, thresholds) = (PostureSettings::default(), Thresholds::default());
        let now = Utc.with_ymd_and_hms(2026, 11, 27, 15, 0, 0).unwrap();
        super::group(g, &Policy { settings: &settings, thresholds: &thresholds, now })
    }

    #[test]
    fn at_max_fires_only_without_headroom() {
        assert!(judge(&group(12, 12, 12, None)).has(RuleId::AsgAtMax));
        assert!(!judge(&group(6, 12, 6, None)).has(RuleId::AsgAtMax));
        assert!(!judge(&group(0, 0, 0, None)).has(RuleId::AsgAtMax), "a group sized to zero is parked, not full");
    }

    #[test]
    fn short_capacity_fires_only_once_it_lasts() {
        let stuck = judge(&group(8, 12, 3, Some(22)));
        assert_eq!(&*stuck.findings[0].message, "3 of 8 desired in service for 22m");
        assert_eq!(stuck.findings[0].level, Level::Critical, "3/8 is under the 50% critical line");
        assert_eq!(judge(&group(8, 12, 7, Some(22))).worst(), Level::Warn);
        assert!(judge(&group(8, 12, 3, Some(5))).findings.is_empty(), "launches take minutes");
        assert!(judge(&group(8, 12, 8, None)).findings.is_empty());
    }

    #[test]
    fn unknown_duration_is_said_not_guessed() {
        let p = judge(&group(8, 12, 3, None));
        assert!(p.findings.is_empty());
        assert_eq!(p.unknown[0].rule, RuleId::AsgCapacityStuck);
    }
}
