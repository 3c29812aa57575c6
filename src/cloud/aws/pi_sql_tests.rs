//! One statement in full against aws-smithy-mocks: its own load, and its text found through
//! its digest's heaviest statement, fetched once; a text PI is still processing leaves the load.

use std::sync::Mutex;
use std::time::Instant;

use aws_sdk_pi::operation::describe_dimension_keys::DescribeDimensionKeysOutput;
use aws_sdk_pi::operation::get_dimension_key_details::GetDimensionKeyDetailsOutput;
use aws_sdk_pi::operation::get_resource_metrics::GetResourceMetricsOutput;
use aws_sdk_pi::types::{DetailStatus, DimensionKeyDetail};
use aws_smithy_mocks::{Rule, mock};

use super::pi_meta::Known;
use super::pi_sql::{self, Kept};
use super::pi_tests::{asks_group, at, instance, key, long_statement, series, target};
use super::tests::{metered, pi_client};
use crate::cloud::model::{Capabilities, Dimension, Window};

/// What the adapter knows of an instance whose engine reports no execution plans.
pub(super) fn without_plans() -> Known {
    let capabilities = Capabilities { no_plans: Some("not reported".to_owned()), ..Capabilities::default() };
    Mutex::new([("db-EXAMPLEDBIID".to_owned(), capabilities)].into())
}

fn own_load_rule() -> Rule {
    mock!(aws_sdk_pi::Client::get_resource_metrics)
        .match_requests(|r| {
            r.metric_queries()
                .iter()
                .any(|q| q.filter().and_then(|f| f.get("db.sql_tokenized.id")).is_some_and(|d| d == "D1"))
        })
        .then_output(|| {
            GetResourceMetricsOutput::builder().metric_list(series("db.load.avg", None, &[0.5, 0.7, 0.6])).build()
        })
}

fn statement_rule() -> Rule {
    mock!(aws_sdk_pi::Client::describe_dimension_keys)
        .match_requests(|r| {
            asks_group(r, "db.sql") && r.filter().and_then(|f| f.get("db.sql.tokenized_id")).is_some_and(|d| d == "D1")
        })
        .then_output(|| DescribeDimensionKeysOutput::builder().keys(key(&[("db.sql.id", "S1")], 0.6, &[], &[])).build())
}

#[tokio::test]
async fn a_statement_in_full_is_two_calls_once_then_its_load_alone() {
    let details = mock!(aws_sdk_pi::Client::get_dimension_key_details)
        .match_requests(|r| r.group() == Some("db.sql") && r.group_identifier() == Some("S1"))
        .then_output(|| {
            let detail = DimensionKeyDetail::builder()
                .dimension("db.sql.statement")
                .value(long_statement())
                .status(DetailStatus::Available)
                .build();
            GetDimensionKeyDetailsOutput::builder().dimensions(detail).build()
        });
    let rules = [own_load_rule(), statement_rule(), details];
    let (accounting, counter) = metered();
    let client = pi_client(&rules.iter().collect::<Vec<_>>(), &counter);
    let key = instance();
    let (texts, plans, known) = (Mutex::default(), Mutex::default(), without_plans());
    let kept = Kept { texts: &texts, plans: &plans, known: &known };
    let view = at(Window::Hour, Dimension::WaitEvent);
    let detail = Box::pin(pi_sql::detail(&client, target(&key, "postgres"), view, "D1", kept)).await.unwrap();
    assert_eq!(detail.statement, Some(long_statement()));
    assert_eq!(detail.load.iter().map(|(_, v)| *v).collect::<Vec<_>>(), [0.5, 0.7, 0.6]);
    assert_eq!(detail.plans.not_reported.as_deref(), Some("not reported"));
    Box::pin(pi_sql::detail(&client, target(&key, "postgres"), view, "D1", kept)).await.unwrap();
    let usage = accounting.usage(Instant::now());
    assert_eq!(usage.calls("PI", "GetResourceMetrics"), 2);
    assert_eq!((usage.calls("PI", "DescribeDimensionKeys"), usage.calls("PI", "GetDimensionKeyDetails")), (1, 1));
}

#[tokio::test]
async fn a_text_still_processing_leaves_the_load() {
    let details = mock!(aws_sdk_pi::Client::get_dimension_key_details).then_output(|| {
        let detail =
            DimensionKeyDetail::builder().dimension("db.sql.statement").status(DetailStatus::Processing).build();
        GetDimensionKeyDetailsOutput::builder().dimensions(detail).build()
    });
    let rules = [own_load_rule(), statement_rule(), details];
    let (_, counter) = metered();
    let client = pi_client(&rules.iter().collect::<Vec<_>>(), &counter);
    let key = instance();
    let view = at(Window::Hour, Dimension::WaitEvent);
    let (texts, plans, known) = (Mutex::default(), Mutex::default(), without_plans());
    let kept = Kept { texts: &texts, plans: &plans, known: &known };
    let detail = Box::pin(pi_sql::detail(&client, target(&key, "postgres"), view, "D1", kept)).await.unwrap();
    assert_eq!(detail.statement, None, "the view shows the list's text meanwhile");
    assert_eq!(detail.load.len(), 3);
}
