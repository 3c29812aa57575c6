//! Scaling a group by hand: bounds and desired capacity change at once, instances arrive one at
//! a time, the activity history says who asked, and the group's CPU feels the new capacity.

use std::time::Duration;

use super::*;
use crate::cloud::Operations;
use crate::cloud::model::ScalingGroup;

fn web() -> ResourceKey {
    ResourceKey::new(east(), "storefront-web")
}

fn assert_balanced(g: &ScalingGroup) {
    let counts: Vec<u32> = g.instances_by_az.iter().map(|(_, n)| *n).collect();
    assert_eq!(counts.iter().sum::<u32>(), g.in_service, "{g:?}");
    let (lo, hi) = (counts.iter().min().copied().unwrap_or(0), counts.iter().max().copied().unwrap_or(0));
    assert!(hi - lo <= 1, "unbalanced {counts:?}");
}

async fn group_cpu(s: &Simulator, name: &str) -> f64 {
    let targets = MetricTargets { instances: vec![], groups: vec![name.to_owned()] };
    let metrics = s.metrics(&east(), &targets).await.unwrap_or_default();
    metrics.group_cpu.get(name).and_then(crate::cloud::model::Series::latest).unwrap_or(f64::NAN)
}

#[tokio::test(start_paused = true)]
async fn desired_capacity_ramps_up_instance_by_instance() {
    let (s, clock) = sim(Scenario::Steady);
    let before = group(&s, "storefront-web").await;
    assert!(before.desired < 20 && before.in_service == before.desired, "{before:?}");
    let receipt = s.set_desired_capacity(&web(), 20).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(receipt.request_id.is_some_and(|id| id.len() == 36));
    let asked = group(&s, "storefront-web").await;
    assert_eq!((asked.desired, asked.max, asked.in_service), (20, 24, before.in_service));
    assert_eq!(asked.pending, 20 - before.in_service);
    assert_eq!((before.below_desired_since, asked.below_desired_since), (None, Some(start())));
    let newest = &asked.activities[0];
    assert_eq!(newest.description, format!("Launching {} new EC2 instances", 20 - before.desired));
    let cause = newest.cause.clone().unwrap_or_default();
    let wording = format!(
        "a user request explicitly set group desired capacity changing the desired capacity from {} to 20",
        before.desired
    );
    assert!(cause.contains(&wording), "{cause}");
    assert_eq!(newest.status, "InProgress");
    let (mut last, mut waited) = (before.in_service, 0);
    while last < 20 {
        clock.advance(Duration::from_secs(5));
        waited += 5;
        let g = group(&s, "storefront-web").await;
        assert!(g.in_service == last || g.in_service == last + 1, "{last} -> {}", g.in_service);
        assert_eq!(g.in_service + g.pending, 20);
        assert_balanced(&g);
        assert!(g.in_service == 20 || g.below_desired_since == Some(start()), "{g:?}");
        last = g.in_service;
        assert!(waited <= 900, "still {last} after {waited}s");
    }
    let launched = 20 - before.in_service;
    assert!((launched * 20..=launched * 40 + 5).contains(&waited), "{launched} instances took {waited}s");
    let done = group(&s, "storefront-web").await;
    assert_eq!((done.activities[0].status.as_str(), done.below_desired_since), ("Successful", None));
}

#[tokio::test(start_paused = true)]
async fn raising_max_in_a_surge_lets_the_group_catch_up() {
    let (s, clock) = sim(Scenario::BlackFriday);
    let (twin, twin_clock) = sim(Scenario::BlackFriday);
    clock.advance(MINUTE * 20);
    twin_clock.advance(MINUTE * 20);
    let pinned = group(&s, "storefront-web").await;
    assert_eq!((pinned.desired, pinned.in_service), (24, 24));
    let refused = s.set_desired_capacity(&web(), 36).await;
    let message = "New SetDesiredCapacity value 36 is above max value 24 for the AutoScalingGroup.";
    assert_eq!(refused, Err(CloudError::Other { message: message.to_owned() }));
    assert!(s.set_max_size(&web(), 36).await.is_ok());
    // The policy wanted more all along, so raising the ceiling alone already raises desired.
    let raised = group(&s, "storefront-web").await;
    assert_eq!((raised.max, raised.desired, raised.in_service, raised.pending), (36, 36, 24, 12));
    let cause = raised.activities[0].cause.clone().unwrap_or_default();
    assert!(cause.contains("update of AutoScalingGroup constraints to min: 3, max: 36, desired: 36"), "{cause}");
    assert!(s.set_desired_capacity(&web(), 36).await.is_ok());
    clock.advance(MINUTE * 10);
    twin_clock.advance(MINUTE * 10);
    let caught_up = group(&s, "storefront-web").await;
    assert_eq!((caught_up.in_service, caught_up.pending), (36, 0));
    let (relieved, hot) = (group_cpu(&s, "storefront-web").await, group_cpu(&twin, "storefront-web").await);
    assert!(relieved < hot - 10.0, "CPU {relieved} with 36 instances vs {hot} with 24");
}

#[tokio::test(start_paused = true)]
async fn bounds_are_checked_like_auto_scaling_does() {
    let (s, clock) = sim(Scenario::Steady);
    let ghost = s.set_desired_capacity(&ResourceKey::new(east(), "ghost-asg"), 3).await;
    assert!(matches!(ghost, Err(CloudError::NotFound { .. })), "{ghost:?}");
    assert!(matches!(
        s.set_max_size(&ResourceKey::new(west(), "storefront-web"), 9).await,
        Err(CloudError::NotFound { .. })
    ));
    let low = s.set_desired_capacity(&web(), 1).await;
    let message = "New SetDesiredCapacity value 1 is below min value 3 for the AutoScalingGroup.";
    assert_eq!(low, Err(CloudError::Other { message: message.to_owned() }));
    let below_min = s.set_max_size(&web(), 2).await;
    assert!(
        matches!(&below_min, Err(CloudError::Other { message }) if message.contains("Max bound, 2, must be greater than or equal to min bound, 3")),
        "{below_min:?}"
    );
    // Lowering max under desired capacity takes desired down with it, at once.
    assert!(s.set_desired_capacity(&web(), 20).await.is_ok());
    clock.advance(MINUTE * 10);
    assert_eq!(group(&s, "storefront-web").await.in_service, 20);
    assert!(s.set_max_size(&web(), 10).await.is_ok());
    let shrunk = group(&s, "storefront-web").await;
    assert_eq!((shrunk.max, shrunk.desired, shrunk.in_service), (10, 10, 10));
    assert_eq!(shrunk.activities[0].description, "Terminating 10 EC2 instances");
    assert_balanced(&shrunk);
}
