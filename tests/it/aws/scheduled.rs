//! Scheduled actions against moto: `PutScheduledUpdateGroupAction` twice (a pre-scale window's
//! start and end), both listed by the poller's one `DescribeScheduledActions` per region and
//! by the one-group read a run re-checks with, then `DeleteScheduledAction`.
//!
//! What moto (5.2.5) does and does not do here: it stores, lists and deletes scheduled actions
//! with their start time and sizes, and refuses to delete a name it does not hold, as AWS does.
//! It never runs one: no clock moves the group's sizes at the start time, and the action stays
//! listed after it (AWS runs it, then removes a one-off action). It checks nothing AWS checks
//! on a put (a start in the past, a desired capacity outside the bounds, that the group
//! exists), answers every action in one page, and keys actions by name alone per region (AWS
//! by group and name). The running half is the simulator's, tested in `runbooks_scheduled`.

use chrono::{Duration, Utc};
use opsdeck::cloud::model::{ResourceKey, ScheduledAction, Scope};
use opsdeck::cloud::{Inventory, Operations};

use super::{adapter, moto, sdk, seed};

fn action(name: &str, start: chrono::DateTime<Utc>, (min, desired, max): (u32, u32, u32)) -> ScheduledAction {
    ScheduledAction {
        name: name.to_owned(),
        start: Some(start),
        end: None,
        recurrence: None,
        min: Some(min),
        desired: Some(desired),
        max: Some(max),
    }
}

#[tokio::test]
#[ignore = "needs moto_server: bash tests/run runs it"]
async fn scheduled_actions_are_put_listed_and_deleted() {
    let moto = moto();
    let region = "il-central-1";
    let config = sdk(moto, region).await;
    seed::groups(&aws_sdk_autoscaling::Client::new(&config), region).await;
    let aws = adapter(moto, &[region]).await;
    let scope = Scope::region(region);
    let web = ResourceKey::new(scope.clone(), "web");
    // Whole seconds: what the API keeps.
    let now = chrono::DateTime::from_timestamp(Utc::now().timestamp(), 0).unwrap();
    let (start, end) = (now + Duration::hours(1), now + Duration::hours(13));
    let raise = action("opsdeck-prescale-test-start", start, (3, 4, 4));
    let back = action("opsdeck-prescale-test-end", end, (1, 2, 4));
    // Put in the "wrong" order: the listing is soonest first whatever the order of the calls.
    assert!(aws.put_scheduled_action(&web, &back).await.unwrap().request_id.is_some());
    assert!(aws.put_scheduled_action(&web, &raise).await.unwrap().request_id.is_some());

    let groups = aws.scaling_groups(&scope).await.unwrap();
    let listed = &groups.iter().find(|g| g.name == "web").unwrap().scheduled;
    assert_eq!(listed, &[raise.clone(), back.clone()], "both, soonest first, with their times and sizes");
    assert!(groups.iter().find(|g| g.name == "api").unwrap().scheduled.is_empty(), "shared out by group");
    let one = aws.scaling_group(&web).await.unwrap();
    assert_eq!(one.scheduled, [raise.clone(), back.clone()], "the one-group read a run re-checks with");
    assert_eq!((one.min, one.desired, one.max), (1, 2, 4), "nothing has run: the start is an hour away");

    // The same name replaces the action (the call is idempotent).
    let moved = action("opsdeck-prescale-test-start", start + Duration::minutes(30), (3, 4, 4));
    aws.put_scheduled_action(&web, &moved).await.unwrap();
    assert_eq!(aws.scaling_group(&web).await.unwrap().scheduled, [moved, back.clone()]);

    assert!(aws.delete_scheduled_action(&web, "opsdeck-prescale-test-start").await.unwrap().request_id.is_some());
    assert_eq!(aws.scaling_group(&web).await.unwrap().scheduled, [back]);
    aws.delete_scheduled_action(&web, "opsdeck-prescale-test-end").await.unwrap();
    assert!(aws.scaling_groups(&scope).await.unwrap().iter().all(|g| g.scheduled.is_empty()));
    let gone = aws.delete_scheduled_action(&web, "opsdeck-prescale-test-end").await;
    assert!(gone.is_err(), "moto's ValidationError, as on AWS: {gone:?}");
}
