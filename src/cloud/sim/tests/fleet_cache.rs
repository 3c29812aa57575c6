//! The fleet answered once a minute: every answer equals the fleet built from scratch at the
//! same moment, through backup windows opening and closing, a runbook's write and the AZ
//! outage; and within a minute, while nothing was written, a poll reuses the answer built.

use std::collections::HashMap;
use std::time::Duration;

use super::*;
use crate::cloud::Operations;

/// The answer kept for a region, if any.
fn kept(s: &Simulator, scope: &Scope) -> Option<Arc<DbFleet>> {
    s.fleets.answers().get(&scope.region).map(|a| Arc::clone(&a.answer))
}

/// Polls both regions every `step` for `steps` steps; each answer must be the fleet built from
/// scratch at that moment. Returns how many times an instance's status moved between polls.
async fn polled_as_built(s: &Simulator, clock: &SimClock, step: Duration, steps: u32) -> usize {
    let mut moved = 0;
    let mut last: HashMap<String, DbFleet> = HashMap::new();
    for n in 0..steps {
        for scope in [east(), west()] {
            let answer = s.db_fleet(&scope).await.unwrap_or_default();
            let now = clock.now();
            assert_eq!(answer, s.world.db_fleet(&scope.region, now), "{scope} at step {n}, {now}");
            if let Some(before) = last.get(&scope.region) {
                let status = |f: &DbFleet| f.instances.iter().map(|i| i.status.clone()).collect::<Vec<_>>();
                moved += usize::from(status(before) != status(&answer));
            }
            last.insert(scope.region.clone(), answer);
        }
        clock.advance(step);
    }
    moved
}

#[tokio::test(start_paused = true)]
async fn every_answer_is_the_fleet_built_at_its_moment_and_a_minute_reuses_one() {
    let (s, clock) = sim_with(Scenario::Steady, 7, Some(1500));
    // Backups open and close on the minute: the answers follow them.
    let moved = polled_as_built(&s, &clock, Duration::from_secs(17), 100).await;
    assert!(moved > 0, "backup windows opened or closed in the half hour");
    // Within a minute, the answer built is reused as it is.
    clock.advance(Duration::from_secs(60 - clock.now().timestamp().rem_euclid(60) as u64));
    let _ = s.db_fleet(&east()).await;
    let first = kept(&s, &east());
    clock.advance(Duration::from_secs(20));
    let _ = s.db_fleet(&east()).await;
    let second = kept(&s, &east());
    assert!(first.zip(second).is_some_and(|(a, b)| Arc::ptr_eq(&a, &b)), "the same minute's answer");
    // A runbook's write acts at its own second: from then on every answer is built.
    let prod = ResourceKey::new(east(), "shop-prod-db");
    assert!(s.reboot_with_failover(&prod).await.is_ok());
    assert_eq!(polled_as_built(&s, &clock, Duration::from_secs(7), 40).await.min(1), 1, "the reboot was seen");
}

#[tokio::test(start_paused = true)]
async fn the_az_outage_is_answered_as_built_at_every_second_of_it() {
    let (s, clock) = sim_with(Scenario::AzOutage, 42, Some(300));
    let moved = polled_as_built(&s, &clock, Duration::from_secs(11), 130).await;
    assert!(moved > 0, "the outage moved statuses");
}
