//! Execution plans against aws-smithy-mocks: the plans of one digest with their load, the
//! texts of the two heaviest fetched once, a text still processing, a key without an id, and
//! an engine that reports no plans, which is not asked.

use std::sync::Mutex;
use std::time::Instant;

use aws_sdk_pi::operation::describe_dimension_keys::DescribeDimensionKeysOutput;
use aws_sdk_pi::operation::get_dimension_key_details::GetDimensionKeyDetailsOutput;
use aws_sdk_pi::types::{DetailStatus, DimensionKeyDetail};
use aws_smithy_mocks::{Rule, mock};

use super::pi_plans;
use super::pi_tests::{asks_group, at, instance, key, target};
use super::tests::{metered, pi_client};
use crate::cloud::model::{Capabilities, Dimension, Window};

const NEW_PLAN: &str =
    "Seq Scan on orders  (cost=0.00..431250.00 rows=25 width=212)\n  Filter: (lower(customer_email) = $1)";

fn keys_rule() -> Rule {
    mock!(aws_sdk_pi::Client::describe_dimension_keys)
        .match_requests(|r| {
            asks_group(r, "db.execution_plan")
                && r.filter().and_then(|f| f.get("db.sql_tokenized.id")).is_some_and(|d| d == "D1")
                && r.partition_by().is_some_and(|p| p.group() == "db.sql_tokenized")
        })
        .then_output(|| {
            DescribeDimensionKeysOutput::builder()
                .keys(key(&[("db.execution_plan.id", "P-OLD")], 0.2, &[0.2], &[]))
                .keys(key(&[("db.execution_plan.id", "P-NEW")], 1.8, &[1.8], &[]))
                .keys(key(&[("db.execution_plan.id", "P-RARE")], 0.01, &[0.01], &[]))
                // A key PI sent without its plan id is no plan.
                .keys(key(&[], 0.5, &[0.5], &[]))
                .build()
        })
}

fn text_rule() -> Rule {
    mock!(aws_sdk_pi::Client::get_dimension_key_details)
        .match_requests(|r| {
            r.group() == Some("db.execution_plan")
                && r.requested_dimensions().contains(&"db.execution_plan.raw_plan".to_owned())
        })
        .then_output(|| {
            let detail = DimensionKeyDetail::builder()
                .dimension("db.execution_plan.raw_plan")
                .value(NEW_PLAN)
                .status(DetailStatus::Available)
                .build();
            GetDimensionKeyDetailsOutput::builder().dimensions(detail).build()
        })
}

#[tokio::test]
async fn plans_come_heaviest_first_with_the_texts_of_two_fetched_once() {
    let rules = [keys_rule(), text_rule()];
    let (accounting, counter) = metered();
    let client = pi_client(&rules.iter().collect::<Vec<_>>(), &counter);
    let (key, texts) = (instance(), Mutex::default());
    let capabilities = Capabilities::default();
    let view = at(Window::Hour, Dimension::WaitEvent);
    let found = pi_plans::plans(&client, target(&key, "oracle-ee"), view, "D1", (&capabilities, &texts)).await;
    assert_eq!(found.not_reported, None);
    let ids: Vec<&str> = found.plans.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["P-NEW", "P-OLD", "P-RARE"]);
    assert_eq!(found.plans[0].text.as_deref(), Some(NEW_PLAN));
    assert!(found.plans[1].text.is_some());
    assert_eq!(found.plans[2].text, None, "only the two compared have their text");
    assert_eq!(found.share(&found.plans[0]).map(|s| (s * 100.0).round()), Some(90.0));
    pi_plans::plans(&client, target(&key, "oracle-ee"), view, "D1", (&capabilities, &texts)).await;
    let usage = accounting.usage(Instant::now());
    assert_eq!(usage.calls("PI", "DescribeDimensionKeys"), 2);
    assert_eq!(usage.calls("PI", "GetDimensionKeyDetails"), 2, "texts are fetched once");
}

#[tokio::test]
async fn a_plan_text_still_processing_is_none_and_asked_again() {
    let processing = mock!(aws_sdk_pi::Client::get_dimension_key_details).then_output(|| {
        let detail = DimensionKeyDetail::builder()
            .dimension("db.execution_plan.raw_plan")
            .status(DetailStatus::Processing)
            .build();
        GetDimensionKeyDetailsOutput::builder().dimensions(detail).build()
    });
    let rules = [keys_rule(), processing];
    let (accounting, counter) = metered();
    let client = pi_client(&rules.iter().collect::<Vec<_>>(), &counter);
    let (key, texts) = (instance(), Mutex::default());
    let view = at(Window::Hour, Dimension::WaitEvent);
    let capabilities = Capabilities::default();
    let found = pi_plans::plans(&client, target(&key, "oracle-ee"), view, "D1", (&capabilities, &texts)).await;
    assert!(found.plans.iter().all(|p| p.text.is_none()));
    pi_plans::plans(&client, target(&key, "oracle-ee"), view, "D1", (&capabilities, &texts)).await;
    assert_eq!(accounting.usage(Instant::now()).calls("PI", "GetDimensionKeyDetails"), 4);
}

#[tokio::test]
async fn an_engine_without_plans_is_not_asked() {
    let rules = [keys_rule(), text_rule()];
    let (accounting, counter) = metered();
    let client = pi_client(&rules.iter().collect::<Vec<_>>(), &counter);
    let key = instance();
    let why = "execution plans are not reported by this engine (mysql)";
    let capabilities = Capabilities { no_plans: Some(why.to_owned()), ..Capabilities::default() };
    let view = at(Window::Hour, Dimension::WaitEvent);
    let found = pi_plans::plans(&client, target(&key, "mysql"), view, "D1", (&capabilities, &Mutex::default())).await;
    assert_eq!(found.not_reported.as_deref(), Some(why));
    assert!(found.plans.is_empty());
    assert_eq!(accounting.usage(Instant::now()).calls("PI", "DescribeDimensionKeys"), 0);
}

#[tokio::test]
async fn a_failed_listing_says_why_instead_of_an_empty_pane() {
    let denied = mock!(aws_sdk_pi::Client::describe_dimension_keys).then_error(|| {
        aws_sdk_pi::operation::describe_dimension_keys::DescribeDimensionKeysError::NotAuthorizedException(
            aws_sdk_pi::types::error::NotAuthorizedException::builder().message("no").build(),
        )
    });
    let (_, counter) = metered();
    let client = pi_client(&[&denied], &counter);
    let key = instance();
    let view = at(Window::Hour, Dimension::WaitEvent);
    let capabilities = Capabilities::default();
    let found =
        pi_plans::plans(&client, target(&key, "oracle-ee"), view, "D1", (&capabilities, &Mutex::default())).await;
    let why = found.not_reported.unwrap_or_default();
    assert!(why.starts_with("execution plans could not be read"), "{why}");
    assert!(why.contains("pi:DescribeDimensionKeys"), "{why}");
}
