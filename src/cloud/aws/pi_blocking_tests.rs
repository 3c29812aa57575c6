//! Blocking against aws-smithy-mocks: the tree from `db.blocking_sql` partitioned by waiting
//! digest, the session and object each blocker held most, and an engine without blocking
//! dimensions that is not asked at all.

use std::sync::Mutex;
use std::time::Instant;

use aws_sdk_pi::operation::describe_dimension_keys::DescribeDimensionKeysOutput;
use aws_sdk_pi::operation::get_resource_metadata::GetResourceMetadataOutput;
use aws_sdk_pi::types::ResponsePartitionKey;
use aws_smithy_mocks::{Rule, mock};

use super::pi_blocking;
use super::pi_tests::{asks_group, at, dimensions_rule, instance, key, target};
use super::tests::{metered, pi_client};
use crate::cloud::model::{Dimension, Window};

fn partition(name: &str, value: &str) -> ResponsePartitionKey {
    ResponsePartitionKey::builder().dimensions(name, value).build().unwrap()
}

fn rules() -> [Rule; 4] {
    let tree = mock!(aws_sdk_pi::Client::describe_dimension_keys)
        .match_requests(|r| asks_group(r, "db.blocking_sql"))
        .then_output(|| {
            DescribeDimensionKeysOutput::builder()
                .keys(key(
                    &[("db.blocking_sql.id", "B1"), ("db.blocking_sql.sql", "UPDATE orders SET status = ?")],
                    2.0,
                    &[1.5, 0.5],
                    &[],
                ))
                .keys(key(&[("db.blocking_sql.id", "B2")], 0.2, &[0.0, 0.2], &[]))
                .partition_keys(partition("db.sql_tokenized.statement", "INSERT INTO order_items VALUES (?)"))
                .partition_keys(partition("db.sql_tokenized.statement", "DELETE FROM carts WHERE id = ?"))
                .build()
        });
    let sessions = mock!(aws_sdk_pi::Client::describe_dimension_keys)
        .match_requests(|r| asks_group(r, "db.blocking_session"))
        .then_output(|| {
            DescribeDimensionKeysOutput::builder()
                .keys(key(&[("db.blocking_session.id", "48213")], 1.9, &[1.9, 0.0], &[]))
                .keys(key(&[("db.blocking_session.id", "51002")], 0.3, &[0.1, 0.2], &[]))
                .partition_keys(partition("db.blocking_sql.id", "B1"))
                .partition_keys(partition("db.blocking_sql.id", "B2"))
                .build()
        });
    // Objects PI did not name for B2: its object stays unknown.
    let objects = mock!(aws_sdk_pi::Client::describe_dimension_keys)
        .match_requests(|r| asks_group(r, "db.blocking_object"))
        .then_output(|| {
            DescribeDimensionKeysOutput::builder()
                .keys(key(
                    &[("db.blocking_object.type", "tuple"), ("db.blocking_object.value", "public.orders")],
                    2.0,
                    &[2.0],
                    &[],
                ))
                .partition_keys(partition("db.blocking_sql.id", "B1"))
                .build()
        });
    let metadata =
        mock!(aws_sdk_pi::Client::get_resource_metadata).then_output(|| GetResourceMetadataOutput::builder().build());
    [tree, sessions, objects, metadata]
}

#[tokio::test]
async fn a_blocker_names_its_session_its_object_and_its_waiters() {
    static GROUPS: [&str; 3] = ["db.wait_event", "db.sql_tokenized", "db.blocking_sql"];
    let dims = dimensions_rule(&GROUPS);
    let rules = rules();
    let mut all: Vec<&Rule> = rules.iter().collect();
    all.push(&dims);
    let (accounting, counter) = metered();
    let client = pi_client(&all, &counter);
    let key = instance();
    let view = at(Window::Hour, Dimension::WaitEvent);
    let tree =
        Box::pin(pi_blocking::blocking(&client, target(&key, "postgres"), view, &Mutex::default())).await.unwrap();
    assert_eq!(tree.not_reported, None);
    let ids: Vec<&str> = tree.blockers.iter().map(|b| b.id.as_str()).collect();
    assert_eq!(ids, ["B1", "B2"]);
    let b1 = &tree.blockers[0];
    assert_eq!(b1.statement, "UPDATE orders SET status = ?");
    assert_eq!((b1.session.as_deref(), b1.object.as_deref()), (Some("48213"), Some("tuple · public.orders")));
    assert_eq!(b1.waiters.iter().map(|w| w.load).collect::<Vec<_>>(), [1.5, 0.5]);
    let b2 = &tree.blockers[1];
    assert_eq!(b2.statement, "B2", "a blocker without its text is named by its id");
    assert_eq!((b2.session.as_deref(), b2.object.as_deref()), (Some("51002"), None));
    assert_eq!(b2.waiters.len(), 1, "a partition with no load is no waiter");
    assert_eq!(accounting.usage(Instant::now()).calls("PI", "DescribeDimensionKeys"), 3);
}

#[tokio::test]
async fn an_engine_without_blocking_dimensions_is_not_asked() {
    static GROUPS: [&str; 2] = ["db.wait_event", "db.sql_tokenized"];
    let dims = dimensions_rule(&GROUPS);
    let rules = rules();
    let mut all: Vec<&Rule> = rules.iter().collect();
    all.push(&dims);
    let (accounting, counter) = metered();
    let client = pi_client(&all, &counter);
    let key = instance();
    let view = at(Window::Hour, Dimension::WaitEvent);
    let tree = Box::pin(pi_blocking::blocking(&client, target(&key, "mysql"), view, &Mutex::default())).await.unwrap();
    assert_eq!(tree.not_reported.as_deref(), Some("blocking is not reported by this engine (mysql)"));
    assert!(tree.blockers.is_empty());
    assert_eq!(accounting.usage(Instant::now()).calls("PI", "DescribeDimensionKeys"), 0);
}

#[tokio::test]
async fn aurora_postgresql_adds_the_lock_trees_of_the_busiest_second() {
    use aws_sdk_pi::operation::get_dimension_key_details::GetDimensionKeyDetailsOutput;
    use aws_sdk_pi::operation::get_resource_metrics::GetResourceMetricsOutput;
    use aws_sdk_pi::types::{DetailStatus, DimensionKeyDetail};

    use super::pi_tests::series;
    use super::tests::T0;

    static GROUPS: [&str; 4] = ["db.wait_event", "db.sql_tokenized", "db.blocking_sql", "db.lock_snapshot"];
    let dims = dimensions_rule(&GROUPS);
    // One-second load: the third second (T0 + 120) is the busiest.
    let seconds = mock!(aws_sdk_pi::Client::get_resource_metrics)
        .match_requests(|r| r.period_in_seconds() == Some(1))
        .then_output(|| {
            GetResourceMetricsOutput::builder().metric_list(series("db.load.avg", None, &[0.5, 1.0, 4.0, 2.0])).build()
        });
    let trees = mock!(aws_sdk_pi::Client::get_dimension_key_details)
        .match_requests(move |r| {
            r.group() == Some("db.lock_snapshot") && r.group_identifier() == Some(&(T0 + 120).to_string())
        })
        .then_output(|| {
            let detail = DimensionKeyDetail::builder()
                .dimension("db.lock_snapshot.lock_trees")
                .value("pid 1 holds RowExclusiveLock\u{1b}[31m\n  └ pid 2 waits")
                .status(DetailStatus::Available)
                .build();
            GetDimensionKeyDetailsOutput::builder().dimensions(detail).build()
        });
    let rules = rules();
    let mut all: Vec<&Rule> = rules.iter().collect();
    all.extend([&dims, &seconds, &trees]);
    let (accounting, counter) = metered();
    let client = pi_client(&all, &counter);
    let key = instance();
    let view = at(Window::Hour, Dimension::WaitEvent);
    let tree = Box::pin(pi_blocking::blocking(&client, target(&key, "aurora-postgresql"), view, &Mutex::default()))
        .await
        .unwrap();
    let snapshot = tree.lock_snapshot.expect("a lock snapshot");
    assert_eq!(snapshot.at.timestamp(), T0 + 120);
    assert_eq!(snapshot.trees, "pid 1 holds RowExclusiveLock[31m\n  └ pid 2 waits");
    assert_eq!(tree.blockers.len(), 2, "the tree still stands");
    let usage = accounting.usage(Instant::now());
    assert_eq!((usage.calls("PI", "GetResourceMetrics"), usage.calls("PI", "GetDimensionKeyDetails")), (1, 1));
}
