//! The Performance Insights mapping against aws-smithy-mocks (moto has no PI): answers shaped
//! as the PI API reference documents them, including a statement cut at 500 bytes, statistics
//! PI left out, a dimension the engine lacks, a role without the discovery permissions, and a
//! full text still being processed. Calls are counted by the adapter's own counter.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

use aws_sdk_pi::operation::describe_dimension_keys::{DescribeDimensionKeysInput, DescribeDimensionKeysOutput};
use aws_sdk_pi::operation::get_resource_metadata::{GetResourceMetadataError, GetResourceMetadataOutput};
use aws_sdk_pi::operation::get_resource_metrics::{GetResourceMetricsInput, GetResourceMetricsOutput};
use aws_sdk_pi::operation::list_available_resource_dimensions::ListAvailableResourceDimensionsOutput;
use aws_sdk_pi::types::error::NotAuthorizedException;
use aws_sdk_pi::types::{
    DataPoint, DimensionDetail, DimensionGroupDetail, DimensionKeyDescription, FeatureMetadata, FeatureStatus,
    MetricDimensionGroups, MetricKeyDataPoints, ResponsePartitionKey, ResponseResourceMetricKey,
};
use aws_smithy_mocks::{Rule, mock};
use aws_smithy_types::DateTime;

use super::pi;
use super::pi_query::Target;
use super::tests::{T0, metered, pi_client};
use crate::cloud::model::{Dimension, InsightsMode, PiView, ResourceKey, Scope, Timestamp, Window};

const PG_GROUPS: [&str; 6] = ["db.wait_event", "db.sql_tokenized", "db.host", "db.user", "db", "db.application"];

pub(super) fn series(metric: &str, dimension: Option<(&str, &str)>, values: &[f64]) -> MetricKeyDataPoints {
    let mut key = ResponseResourceMetricKey::builder().metric(metric);
    if let Some((name, value)) = dimension {
        key = key.dimensions(name, value);
    }
    let points = (0_i64..)
        .zip(values)
        .map(|(i, &v)| DataPoint::builder().timestamp(DateTime::from_secs(T0 + 60 * i)).value(v).build().unwrap());
    MetricKeyDataPoints::builder().key(key.build().unwrap()).set_data_points(Some(points.collect())).build()
}

pub(super) fn key(
    dimensions: &[(&str, &str)],
    total: f64,
    partitions: &[f64],
    stats: &[(&str, f64)],
) -> DimensionKeyDescription {
    let dimensions: HashMap<String, String> = dimensions.iter().map(|&(k, v)| (k.into(), v.into())).collect();
    let partitions = (!partitions.is_empty()).then(|| partitions.to_vec());
    let stats: HashMap<String, f64> = stats.iter().map(|&(k, v)| (k.into(), v)).collect();
    DimensionKeyDescription::builder()
        .set_dimensions(Some(dimensions))
        .total(total)
        .set_partitions(partitions)
        .set_additional_metrics((!stats.is_empty()).then_some(stats))
        .build()
}

pub(super) fn long_statement() -> String {
    let columns: Vec<String> = (0..60).map(|i| format!("o.column_{i}")).collect();
    format!("SELECT {} FROM orders o WHERE o.customer_id = ?", columns.join(", "))
}

fn grouped_by(r: &GetResourceMetricsInput) -> Vec<&str> {
    r.metric_queries().iter().filter_map(|q| q.group_by()).map(aws_sdk_pi::types::DimensionGroup::group).collect()
}

pub(super) fn asks_group(r: &DescribeDimensionKeysInput, group: &str) -> bool {
    r.group_by().is_some_and(|g| g.group() == group)
}

/// Load by one dimension, the total and the vCPUs, as `GetResourceMetrics` answers.
fn metrics_rule() -> Rule {
    mock!(aws_sdk_pi::Client::get_resource_metrics)
        .match_requests(|r| r.metric_queries().iter().all(|q| q.filter().is_none()))
        .then_output(|| {
            GetResourceMetricsOutput::builder()
                .aligned_start_time(DateTime::from_secs(T0))
                .aligned_end_time(DateTime::from_secs(T0 + 3600))
                .identifier("db-EXAMPLEDBIID")
                .metric_list(series("db.load.avg", Some(("db.wait_event.name", "CPU")), &[1.2, 1.5, 0.9]))
                .metric_list(series("db.load.avg", Some(("db.wait_event.name", "IO:DataFileRead")), &[0.3, 0.5, 0.1]))
                .metric_list(series("db.load.avg", Some(("db.host.name", "10.0.0.7")), &[1.0, 1.1, 0.6]))
                .metric_list(series("db.load.avg", None, &[1.6, 2.0, 1.0]))
                .metric_list(series("os.general.numVCPUs.avg", None, &[2.0, 2.0, 2.0]))
                .build()
        })
}

/// Top SQL by digest, the first cut at 500 bytes and with one statistic missing.
fn sql_rule() -> Rule {
    mock!(aws_sdk_pi::Client::describe_dimension_keys)
        .match_requests(|r| asks_group(r, "db.sql_tokenized"))
        .then_output(|| {
            let full = long_statement();
            let stats = [
                ("db.sql_tokenized.stats.calls_per_sec.avg", 120.5),
                ("db.sql_tokenized.stats.total_time_per_call.avg", 4.2),
            ];
            DescribeDimensionKeysOutput::builder()
                .keys(key(
                    &[("db.sql_tokenized.id", "D1"), ("db.sql_tokenized.statement", &full[..500])],
                    0.61,
                    &[0.1, 0.5],
                    &stats,
                ))
                .keys(key(
                    &[("db.sql_tokenized.id", "D2"), ("db.sql_tokenized.statement", "SELECT ?")],
                    0.05,
                    &[0.05, 0.0],
                    &[],
                ))
                .partition_keys(
                    ResponsePartitionKey::builder().dimensions("db.wait_event.name", "CPU").build().unwrap(),
                )
                .partition_keys(
                    ResponsePartitionKey::builder()
                        .dimensions("db.wait_event.name", "IO:DataFileRead")
                        .build()
                        .unwrap(),
                )
                .build()
        })
}

fn keys_rule(group: &'static str, name: &'static str, keys: &'static [(&'static str, f64)]) -> Rule {
    mock!(aws_sdk_pi::Client::describe_dimension_keys).match_requests(move |r| asks_group(r, group)).then_output(
        move || {
            keys.iter()
                .fold(DescribeDimensionKeysOutput::builder(), |b, &(k, v)| b.keys(key(&[(name, k)], v, &[], &[])))
                .build()
        },
    )
}

fn metadata_rule(advanced: FeatureStatus) -> Rule {
    mock!(aws_sdk_pi::Client::get_resource_metadata).then_output(move || {
        GetResourceMetadataOutput::builder()
            .identifier("db-EXAMPLEDBIID")
            .features("ADVANCED_DATABASE_INSIGHTS", FeatureMetadata::builder().status(advanced.clone()).build())
            .build()
    })
}

pub(super) fn dimensions_rule(groups: &'static [&'static str]) -> Rule {
    mock!(aws_sdk_pi::Client::list_available_resource_dimensions).then_output(move || {
        let groups = groups.iter().map(|g| {
            DimensionGroupDetail::builder()
                .group(*g)
                .dimensions(DimensionDetail::builder().identifier(format!("{g}.name")).build())
                .build()
        });
        let metric = MetricDimensionGroups::builder().metric("db.load").set_groups(Some(groups.collect())).build();
        ListAvailableResourceDimensionsOutput::builder().metric_dimensions(metric).build()
    })
}

pub(super) fn instance() -> ResourceKey {
    ResourceKey::new(Scope::region("us-east-1"), "shop-db")
}

pub(super) fn target<'a>(key: &'a ResourceKey, engine: &'a str) -> Target<'a> {
    Target { key, resource_id: "db-EXAMPLEDBIID", class: Some("db.r6g.xlarge"), engine }
}

pub(super) fn at(window: Window, dimension: Dimension) -> (Timestamp, PiView) {
    (Timestamp::from_timestamp(T0 + 3630, 0).unwrap(), PiView { window, dimension })
}

#[tokio::test]
async fn by_wait_event_maps_load_top_sql_statistics_and_waits() {
    let waits = keys_rule("db.wait_event", "db.wait_event.name", &[("IO:DataFileRead", 0.3), ("CPU", 1.2)]);
    let rules = [metrics_rule(), sql_rule(), waits, metadata_rule(FeatureStatus::Enabled), dimensions_rule(&PG_GROUPS)];
    let (accounting, counter) = metered();
    let client = pi_client(&rules.iter().collect::<Vec<_>>(), &counter);
    let key = instance();
    let known = Mutex::default();
    let perf =
        Box::pin(pi::performance(&client, target(&key, "postgres"), at(Window::Hour, Dimension::WaitEvent), &known))
            .await
            .unwrap();
    assert_eq!(perf.view, PiView::default());
    assert_eq!(perf.capabilities.mode, Some(InsightsMode::Advanced));
    assert!(perf.capabilities.missing.is_empty());
    assert_eq!(perf.max_vcpu, Some(2.0), "os.general.numVCPUs wins over the class size");
    assert_eq!(perf.load.len(), 3);
    let first = &perf.load[0];
    assert_eq!(first.at.timestamp(), T0);
    assert!(first.slices.contains(&("CPU".to_owned(), 1.2)));
    assert!(!first.slices.iter().any(|(k, _)| k == "10.0.0.7"), "a series of another dimension is not this slice");
    let other = first.slices.iter().find(|(w, _)| w == "Other").map(|(_, v)| *v).unwrap();
    assert!((other - 0.1).abs() < 1e-9, "what the top waits leave of the total: {other}");
    assert!((first.total() - 1.6).abs() < 1e-9);
    let top = &perf.top_sql[0];
    assert_eq!(top.id, "D1");
    assert_eq!(top.statement.len(), 500, "the list keeps PI's cut text; the detail view fetches the rest");
    assert_eq!(top.top_wait.as_deref(), Some("IO:DataFileRead"));
    assert_eq!((top.stats.calls_per_sec, top.stats.latency_ms), (Some(120.5), Some(4.2)));
    assert_eq!(top.stats.rows_per_call, None, "a statistic PI left out is not a zero");
    assert_eq!(perf.top_sql[1].stats, crate::cloud::model::SqlStats::default());
    assert_eq!(perf.top_keys.iter().map(|w| w.name.as_str()).collect::<Vec<_>>(), ["CPU", "IO:DataFileRead"]);
    let usage = accounting.usage(Instant::now());
    assert_eq!(usage.calls("PI", "GetResourceMetrics"), 1);
    assert_eq!(usage.calls("PI", "DescribeDimensionKeys"), 2);
    assert_eq!(
        (usage.calls("PI", "GetResourceMetadata"), usage.calls("PI", "ListAvailableResourceDimensions")),
        (1, 1)
    );
    assert_eq!(usage.calls("PI", "GetDimensionKeyDetails"), 0);
    // The next refresh, and a window change, are three calls: what the engine reports is known.
    let again = at(Window::Day, Dimension::WaitEvent);
    Box::pin(pi::performance(&client, target(&key, "postgres"), again, &known)).await.unwrap();
    let usage = accounting.usage(Instant::now());
    assert_eq!(usage.calls("PI", "GetResourceMetrics") + usage.calls("PI", "DescribeDimensionKeys"), 6);
    assert_eq!(usage.calls("PI", "GetResourceMetadata"), 1);
}

#[tokio::test]
async fn a_slice_groups_by_its_dimension_and_sql_needs_no_second_list() {
    let hosts = keys_rule("db.host", "db.host.name", &[("10.0.0.7", 0.9)]);
    let rules =
        [metrics_rule(), sql_rule(), hosts, metadata_rule(FeatureStatus::Disabled), dimensions_rule(&PG_GROUPS)];
    let (accounting, counter) = metered();
    let client = pi_client(&rules.iter().collect::<Vec<_>>(), &counter);
    let key = instance();
    let known = Mutex::default();
    let perf =
        Box::pin(pi::performance(&client, target(&key, "postgres"), at(Window::SixHours, Dimension::Host), &known))
            .await
            .unwrap();
    assert_eq!(perf.capabilities.mode, Some(InsightsMode::Standard));
    assert!(perf.load[0].slices.contains(&("10.0.0.7".to_owned(), 1.0)));
    assert_eq!(perf.top_keys[0].name, "10.0.0.7");
    let by_sql = at(Window::Hour, Dimension::Sql);
    let perf = Box::pin(pi::performance(&client, target(&key, "postgres"), by_sql, &known)).await.unwrap();
    assert_eq!(perf.top_keys[0].name, perf.top_sql[0].statement, "sliced by SQL, the top list is top SQL");
    let usage = accounting.usage(Instant::now());
    assert_eq!(usage.calls("PI", "DescribeDimensionKeys"), 3, "two for the host slice, one for the SQL slice");
}

#[tokio::test]
async fn a_dimension_the_engine_lacks_is_not_asked_for_and_says_why() {
    static MYSQL: [&str; 5] = ["db.wait_event", "db.sql_tokenized", "db.host", "db.user", "db"];
    let metrics =
        mock!(aws_sdk_pi::Client::get_resource_metrics).match_requests(|r| grouped_by(r).is_empty()).then_output(
            || GetResourceMetricsOutput::builder().metric_list(series("db.load.avg", None, &[0.4, 0.5])).build(),
        );
    let sql = mock!(aws_sdk_pi::Client::describe_dimension_keys)
        .match_requests(|r| {
            asks_group(r, "db.sql_tokenized")
                && r.additional_metrics().contains(&"db.sql_tokenized.stats.count_star_per_sec.avg".to_owned())
        })
        .then_output(|| DescribeDimensionKeysOutput::builder().build());
    let rules = [metrics, sql, metadata_rule(FeatureStatus::Unsupported), dimensions_rule(&MYSQL)];
    let (accounting, counter) = metered();
    let client = pi_client(&rules.iter().collect::<Vec<_>>(), &counter);
    let key = instance();
    let view = at(Window::Hour, Dimension::Application);
    let perf = Box::pin(pi::performance(&client, target(&key, "mysql"), view, &Mutex::default())).await.unwrap();
    assert_eq!(
        perf.capabilities.why_not(Dimension::Application),
        Some("db.application is not reported by this engine (mysql)")
    );
    assert_eq!(perf.capabilities.mode, None, "unsupported is neither mode");
    assert!(perf.top_keys.is_empty());
    assert_eq!(perf.load.len(), 2, "the load is still drawn, unsliced");
    assert_eq!(accounting.usage(Instant::now()).calls("PI", "DescribeDimensionKeys"), 1, "no list for a missing slice");
}

#[tokio::test]
async fn without_the_discovery_permissions_everything_is_offered() {
    let denied = mock!(aws_sdk_pi::Client::get_resource_metadata).then_error(|| {
        GetResourceMetadataError::NotAuthorizedException(NotAuthorizedException::builder().message("denied").build())
    });
    let listed = mock!(aws_sdk_pi::Client::list_available_resource_dimensions).then_error(|| {
        aws_sdk_pi::operation::list_available_resource_dimensions::ListAvailableResourceDimensionsError::NotAuthorizedException(
            NotAuthorizedException::builder().message("denied").build(),
        )
    });
    let waits = keys_rule("db.wait_event", "db.wait_event.name", &[("CPU", 1.2)]);
    let rules = [metrics_rule(), sql_rule(), waits, denied, listed];
    let (accounting, counter) = metered();
    let client = pi_client(&rules.iter().collect::<Vec<_>>(), &counter);
    let key = instance();
    let known = Mutex::default();
    let view = at(Window::Hour, Dimension::WaitEvent);
    let perf = Box::pin(pi::performance(&client, target(&key, "postgres"), view, &known)).await.unwrap();
    assert!(perf.capabilities.missing.is_empty());
    assert_eq!(perf.capabilities.mode, None);
    Box::pin(pi::performance(&client, target(&key, "postgres"), view, &known)).await.unwrap();
    assert_eq!(accounting.usage(Instant::now()).calls("PI", "GetResourceMetadata"), 1, "not asked again each refresh");
}
