//! What moto cannot exercise — alarm history (moto has none; Performance Insights is in
//! `pi_tests`) and throttling — against aws-smithy-mocks: answers shaped like the examples of the AWS API
//! reference, through real SDK clients that carry the adapter's call counter.

use std::sync::Arc;
use std::time::{Duration, Instant};

use aws_config::Region;
use aws_config::retry::RetryConfig;
use aws_credential_types::Credentials;
use aws_sdk_cloudwatch::operation::describe_alarm_history::DescribeAlarmHistoryOutput;
use aws_sdk_cloudwatch::operation::describe_alarms::DescribeAlarmsOutput;
use aws_sdk_cloudwatch::types::{AlarmHistoryItem as SdkItem, HistoryItemType};
use aws_smithy_mocks::{MockResponseInterceptor, Rule, RuleMode, create_mock_http_client, mock};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_types::DateTime;
use aws_smithy_types::body::SdkBody;

use super::accounting::{Accounting, CallCounter};
use super::alarms;
use crate::cloud::CloudError;
use crate::cloud::model::{AlarmHistoryKind, AlarmState};

/// 2018-10-23 08:00 UTC: the hour of the PI API reference's examples.
pub(super) const T0: i64 = 1_540_281_600;

pub(super) fn mocks(rules: &[&Rule]) -> MockResponseInterceptor {
    rules.iter().fold(MockResponseInterceptor::new().rule_mode(RuleMode::MatchAny), |m, r| m.with_rule(r))
}

pub(super) fn metered() -> (Arc<Accounting>, CallCounter) {
    let accounting = Arc::new(Accounting::default());
    (Arc::clone(&accounting), CallCounter::new(accounting))
}

/// A client of one SDK whose every call is answered by `rules` and counted by `counter`, its
/// config builder given any further settings after them.
macro_rules! mocked_client {
    ($sdk:ident, $rules:expr, $counter:expr $(, $setting:ident($($arg:expr),*))*) => {
        $sdk::Client::from_conf(
            $sdk::Config::builder()
                .behavior_version_latest()
                $(.$setting($($arg),*))*
                .region(Region::new("us-east-1"))
                .credentials_provider(Credentials::new("AKIDEXAMPLE", "secret", None, None, "test"))
                .http_client(create_mock_http_client())
                .interceptor(mocks($rules))
                .interceptor($counter.clone())
                .build(),
        )
    };
}

pub(super) fn pi_client(rules: &[&Rule], counter: &CallCounter) -> aws_sdk_pi::Client {
    mocked_client!(aws_sdk_pi, rules, counter)
}

pub(super) fn rds_client(rules: &[&Rule], counter: &CallCounter) -> aws_sdk_rds::Client {
    mocked_client!(aws_sdk_rds, rules, counter)
}

fn cloudwatch_client(rules: &[&Rule], counter: &CallCounter) -> aws_sdk_cloudwatch::Client {
    let retries = RetryConfig::standard().with_initial_backoff(Duration::from_millis(1));
    mocked_client!(aws_sdk_cloudwatch, rules, counter, retry_config(retries))
}

#[tokio::test]
async fn alarm_history_is_newest_first_with_transitions() {
    let item = |at: i64, kind: HistoryItemType, summary: &str| {
        SdkItem::builder()
            .alarm_name("myalarm")
            .timestamp(DateTime::from_secs(at))
            .history_item_type(kind)
            .history_summary(summary)
            .history_data("{\"version\":\"1.0\"}")
            .build()
    };
    let rule = mock!(aws_sdk_cloudwatch::Client::describe_alarm_history)
        .match_requests(|r| r.alarm_name() == Some("myalarm"))
        .then_output(move || {
            DescribeAlarmHistoryOutput::builder()
                .alarm_history_items(item(
                    T0 + 60,
                    HistoryItemType::Action,
                    "Successfully executed action arn:aws:sns:us-east-1:123456789012:ops",
                ))
                .alarm_history_items(item(T0, HistoryItemType::StateUpdate, "Alarm updated from OK to ALARM"))
                .alarm_history_items(item(T0 + 600, HistoryItemType::StateUpdate, "Alarm updated from ALARM to OK"))
                .alarm_history_items(item(
                    T0 - 86_400,
                    HistoryItemType::ConfigurationUpdate,
                    "Alarm \"myalarm\" created",
                ))
                .build()
        });
    let (_, counter) = metered();
    let client = cloudwatch_client(&[&rule], &counter);
    let history = alarms::history(&client, "myalarm").await.unwrap();
    let times: Vec<i64> = history.iter().filter_map(|h| h.at).map(|t| t.timestamp()).collect();
    assert_eq!(times, [T0 + 600, T0 + 60, T0, T0 - 86_400]);
    assert_eq!(history[0].transition, Some((AlarmState::Alarm, AlarmState::Ok)));
    assert_eq!(history[1].kind, AlarmHistoryKind::Action);
    assert_eq!(history[1].transition, None);
    assert_eq!(history[2].transition, Some((AlarmState::Ok, AlarmState::Alarm)));
    assert_eq!(history[3].kind, AlarmHistoryKind::ConfigurationUpdate);
}

const THROTTLED: &str = "<ErrorResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"><Error><Type>Sender</Type>\
    <Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>abc</RequestId></ErrorResponse>";

fn throttled() -> HttpResponse {
    HttpResponse::new(400.try_into().unwrap(), SdkBody::from(THROTTLED))
}

#[tokio::test]
async fn throttling_is_typed_counted_and_retried() {
    let rule = mock!(aws_sdk_cloudwatch::Client::describe_alarms).sequence().http_response(throttled).times(3).build();
    let (accounting, counter) = metered();
    let client = cloudwatch_client(&[&rule], &counter);
    let error = alarms::alarms(&client, "us-east-1").await.unwrap_err();
    assert!(matches!(error, CloudError::Throttled { .. }), "{error:?}");
    assert!(error.wants_backoff());
    let usage = accounting.usage(Instant::now());
    assert_eq!(usage.calls("CloudWatch", "DescribeAlarms"), 3, "the SDK's standard mode tried three times");
    assert_eq!(usage.recent_throttles, 3);

    // A throttle the SDK's retry absorbed still shows on the meter.
    let rule = mock!(aws_sdk_cloudwatch::Client::describe_alarms)
        .sequence()
        .http_response(throttled)
        .output(|| DescribeAlarmsOutput::builder().build())
        .build();
    let (accounting, counter) = metered();
    let client = cloudwatch_client(&[&rule], &counter);
    assert_eq!(alarms::alarms(&client, "us-east-1").await.unwrap(), Vec::new());
    let usage = accounting.usage(Instant::now());
    assert_eq!((usage.calls("CloudWatch", "DescribeAlarms"), usage.total_throttles()), (2, 1));
}

/// Credentials that are there until `gone` is set, as an SSO cache or a credentials file is
/// until someone deletes it.
#[derive(Debug)]
struct Vanishing {
    gone: Arc<std::sync::atomic::AtomicBool>,
}

impl aws_credential_types::provider::ProvideCredentials for Vanishing {
    fn provide_credentials<'a>(&'a self) -> aws_credential_types::provider::future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        use aws_credential_types::provider::error::CredentialsError;
        let answer = if self.gone.load(std::sync::atomic::Ordering::SeqCst) {
            Err(CredentialsError::not_loaded("the SSO token cache file is gone"))
        } else {
            Ok(Credentials::new("AKIDEXAMPLE", "secret", None, None, "test"))
        };
        aws_credential_types::provider::future::ProvideCredentials::ready(answer)
    }
}

#[tokio::test]
async fn credentials_that_vanish_mid_session_say_what_to_do() {
    // A real HTTP client towards a closed port: a call that gets as far as the network fails
    // with a network error, one that does not even get credentials fails before it.
    let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).unwrap().port();
    let gone = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (accounting, counter) = metered();
    let config = aws_sdk_cloudwatch::Config::builder()
        .behavior_version_latest()
        .region(Region::new("us-east-1"))
        .endpoint_url(format!("http://127.0.0.1:{port}"))
        .credentials_provider(Vanishing { gone: Arc::clone(&gone) })
        // Asked on every call, as a cache is once what it holds expires.
        .identity_cache(aws_sdk_cloudwatch::config::IdentityCache::no_cache())
        .retry_config(RetryConfig::disabled())
        .http_client(super::connect::https_client())
        .interceptor(counter.clone())
        .build();
    let client = aws_sdk_cloudwatch::Client::from_conf(config);
    let first = alarms::alarms(&client, "us-east-1").await.unwrap_err();
    assert_eq!(first.kind(), "network", "signed and sent: {first:?}");
    gone.store(true, std::sync::atomic::Ordering::SeqCst);
    let error = alarms::alarms(&client, "us-east-1").await.unwrap_err();
    assert_eq!(error.kind(), "credentials", "{error:?}");
    assert!(error.hint().contains("aws sso login"), "{}", error.hint());
    assert!(error.to_string().contains("cache file is gone"), "{error}");
    // Nothing is sent without credentials: only the first call reached the wire.
    assert_eq!(accounting.usage(Instant::now()).calls("CloudWatch", "DescribeAlarms"), 1);
}
