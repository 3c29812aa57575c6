//! RDS events against aws-smithy-mocks, for what moto does not send: a second page (`Marker`),
//! an event without a date, one without a source type, and a message with control characters;
//! and what the second fetch asks for. Calls are counted by the adapter's own counter.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use aws_sdk_rds::operation::describe_events::{DescribeEventsInput, DescribeEventsOutput};
use aws_sdk_rds::types::{Event, SourceType};
use aws_smithy_mocks::mock;
use aws_smithy_types::DateTime;

use super::events::{EventLogs, fetch};
use super::tests::{T0, metered, rds_client};
use crate::cloud::model::{EventSource, Scope, Timestamp};

fn event(secs: Option<i64>, source: Option<SourceType>, id: &str, message: &str) -> Event {
    let mut e = Event::builder().source_identifier(id).message(message).event_categories("failover");
    e = e.set_date(secs.map(|s| DateTime::from_secs(T0 + s))).set_source_type(source);
    e.source_arn(format!("arn:aws:rds:us-east-1:123456789012:db:{id}")).build()
}

fn of_type(r: &DescribeEventsInput, t: &SourceType) -> bool {
    r.source_type() == Some(t)
}

fn time(secs: i64) -> Timestamp {
    Timestamp::from_timestamp(T0 + secs, 0).unwrap_or_default()
}

#[tokio::test]
async fn every_page_of_both_source_types_is_read_and_odd_events_are_kept_safe() {
    let asked = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&asked);
    let first = mock!(aws_sdk_rds::Client::describe_events)
        .match_requests(|r| of_type(r, &SourceType::DbInstance) && r.marker().is_none())
        .then_compute_output(move |r| {
            log.lock().unwrap().push(r.start_time().map(DateTime::secs));
            DescribeEventsOutput::builder()
                .events(event(
                    Some(-900),
                    Some(SourceType::DbInstance),
                    "shop-prod-db",
                    "Multi-AZ instance failover started.",
                ))
                .events(event(None, Some(SourceType::DbInstance), "shop-prod-db", "an event without a date"))
                .marker("page-2")
                .build()
        });
    let second = mock!(aws_sdk_rds::Client::describe_events)
        .match_requests(|r| of_type(r, &SourceType::DbInstance) && r.marker() == Some("page-2"))
        .then_output(|| {
            DescribeEventsOutput::builder()
                .events(event(Some(-600), None, "shop-prod-db", "restarted \u{1b}[31mred\u{7}"))
                .build()
        });
    let clusters = mock!(aws_sdk_rds::Client::describe_events)
        .match_requests(|r| of_type(r, &SourceType::DbCluster))
        .then_output(|| {
            DescribeEventsOutput::builder()
                .events(event(
                    Some(-700),
                    Some(SourceType::DbCluster),
                    "shop-catalog",
                    "Completed failover to DB instance: shop-catalog-2",
                ))
                .build()
        });
    let (accounting, counter) = metered();
    let client = rds_client(&[&first, &second, &clusters], &counter);
    let (logs, scope) = (EventLogs::default(), Scope::region("us-east-1"));

    let events = fetch(&client, &logs, &scope, time(0)).await.unwrap();
    let seen: Vec<(i64, EventSource, &str)> =
        events.iter().map(|e| ((e.at - time(0)).num_seconds(), e.source, e.source_id.as_str())).collect();
    assert_eq!(
        seen,
        [
            (-900, EventSource::Instance, "shop-prod-db"),
            (-700, EventSource::Cluster, "shop-catalog"),
            (-600, EventSource::Instance, "shop-prod-db")
        ],
        "oldest first, the undated one left out, a missing type read as the type asked"
    );
    assert_eq!(events[2].message, "restarted \\u{1b}[31mred\\u{7}", "control characters are escaped, not kept");
    assert!(events.iter().all(|e| !e.message.chars().any(crate::printable::is_unsafe)));
    assert_eq!(events[0].categories, ["failover"]);
    assert_eq!(events[0].arn.as_deref(), Some("arn:aws:rds:us-east-1:123456789012:db:shop-prod-db"));
    let usage = accounting.usage(Instant::now());
    assert_eq!(usage.calls("RDS", "DescribeEvents"), 3, "two pages of instances, one of clusters");

    let again = fetch(&client, &logs, &scope, time(30)).await.unwrap();
    assert_eq!(again, events, "what comes again is not repeated");
    let starts = asked.lock().unwrap().clone();
    assert_eq!(starts, [Some(T0 - 3600), Some(T0 - 120)], "the last hour, then from the last fetch less two minutes");
    assert_eq!(accounting.usage(Instant::now()).calls("RDS", "DescribeEvents"), 6);
}
