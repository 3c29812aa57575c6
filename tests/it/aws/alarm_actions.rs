//! Pausing and resuming an alarm's actions against moto: `DisableAlarmActions` and
//! `EnableAlarmActions` as the runbooks send them, each read back through `DescribeAlarms`
//! (`ActionsEnabled`), which moto keeps per alarm as CloudWatch does. moto runs no alarm
//! actions at all, so what pausing spares (a notification, a scaling policy) is not seen here.

use aws_sdk_cloudwatch::types::{ComparisonOperator, StateValue};
use opsdeck::cloud::model::{ResourceKey, Scope};
use opsdeck::cloud::{Inventory, Operations};

use super::{adapter, moto, sdk, seed};

#[tokio::test]
#[ignore = "needs moto_server: bash tests/run runs it"]
async fn alarm_actions_pause_and_resume_and_describe_alarms_shows_it() {
    let moto = moto();
    let region = "eu-central-2";
    let cw = aws_sdk_cloudwatch::Client::new(&sdk(moto, region).await);
    let high = (ComparisonOperator::GreaterThanThreshold, 80.0);
    seed::alarm(&cw, "maint-cpu-high", ("maint-db", "CPUUtilization"), high.clone(), StateValue::Alarm).await;
    seed::alarm(&cw, "maint-cpu-other", ("maint-db-2", "CPUUtilization"), high, StateValue::Ok).await;
    let aws = adapter(moto, &[region]).await;
    let scope = Scope::region(region);
    let key = ResourceKey::new(scope.clone(), "maint-cpu-high");
    let actions = |alarms: &[opsdeck::cloud::model::Alarm], name: &str| {
        alarms.iter().find(|a| a.name == name).map(|a| a.actions_enabled)
    };

    let before = aws.alarms(&scope).await.unwrap();
    assert_eq!(actions(&before, "maint-cpu-high"), Some(true), "a new alarm's actions are enabled");

    let receipt = aws.disable_alarm_actions(&key, &[]).await.unwrap();
    assert!(receipt.request_id.is_some(), "{receipt:?}");
    let paused = aws.alarms(&scope).await.unwrap();
    assert_eq!(actions(&paused, "maint-cpu-high"), Some(false));
    assert_eq!(actions(&paused, "maint-cpu-other"), Some(true), "only the alarm named");
    assert_eq!(aws.alarm(&key).await.unwrap().state.as_str(), "ALARM", "it keeps its state");

    aws.enable_alarm_actions(&key, &[]).await.unwrap();
    assert!(aws.alarm(&key).await.unwrap().actions_enabled, "resumed");

    // Both in one call, as the runbooks send an alarm and the others on its resource.
    let other = ["maint-cpu-other".to_owned()];
    aws.disable_alarm_actions(&key, &other).await.unwrap();
    let both = aws.alarms(&scope).await.unwrap();
    assert_eq!((actions(&both, "maint-cpu-high"), actions(&both, "maint-cpu-other")), (Some(false), Some(false)));
    aws.enable_alarm_actions(&key, &other).await.unwrap();
    let again = aws.alarms(&scope).await.unwrap();
    assert_eq!((actions(&again, "maint-cpu-high"), actions(&again, "maint-cpu-other")), (Some(true), Some(true)));
}
