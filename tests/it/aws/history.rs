//! A DB instance's metrics over a window past the hour (`Inventory::db_history`), against
//! moto's CloudWatch: one `GetMetricData` call per window, averaged per the window's period,
//! only what falls inside the window, and a primary's series without replica lag.

use aws_sdk_cloudwatch::Client as CloudWatch;
use aws_sdk_cloudwatch::types::{Dimension, MetricDatum};
use aws_smithy_types::DateTime;
use opsdeck::cloud::Inventory;
use opsdeck::cloud::model::{DbMetric, ResourceKey, Scope, Series, Window};

use super::{adapter, moto, sdk, seed};

/// `(epoch seconds, value)` datapoints of one instance's CPU.
async fn cpu(cw: &CloudWatch, id: &str, points: &[(i64, f64)]) {
    let data: Vec<MetricDatum> = points
        .iter()
        .map(|&(at, v)| {
            MetricDatum::builder()
                .metric_name("CPUUtilization")
                .dimensions(Dimension::builder().name("DBInstanceIdentifier").value(id).build())
                .timestamp(DateTime::from_secs(at))
                .value(v)
                .build()
        })
        .collect();
    cw.put_metric_data().namespace("AWS/RDS").set_metric_data(Some(data)).send().await.unwrap();
}

#[tokio::test]
#[ignore = "needs moto_server: bash tests/run runs it"]
async fn a_window_is_one_call_at_its_period_for_the_open_instance() {
    let moto = moto();
    let region = "me-central-1";
    let config = sdk(moto, region).await;
    let (rds, cw) = (aws_sdk_rds::Client::new(&config), CloudWatch::new(&config));
    seed::postgres(&rds, "hist-primary", None, false).await;
    // Hourly for the last 20 hours, two points in one ten-minute period three days ago, and
    // one nine days ago (outside every window).
    let now = chrono::Utc::now().timestamp();
    let hourly: Vec<(i64, f64)> = (1..=20).map(|h| (now - h * 3_600 - 5, f64::from(h as u8))).collect();
    cpu(&cw, "hist-primary", &hourly).await;
    let period = (now - 3 * 86_400).div_euclid(600) * 600;
    cpu(&cw, "hist-primary", &[(period + 100, 10.0), (period + 300, 20.0), (now - 9 * 86_400, 99.0)]).await;

    let aws = adapter(moto, &[region]).await;
    let scope = Scope::region(region);
    aws.db_fleet(&scope).await.unwrap();
    let key = ResourceKey::new(scope, "hist-primary");
    let calls = || aws.usage().map_or(0, |u| u.calls("CloudWatch", "GetMetricData"));

    let six = aws.db_history(&key, Window::SixHours).await.unwrap();
    assert_eq!(calls(), 1);
    let values: Vec<f64> = six.get(DbMetric::Cpu).map(|s| s.values().collect()).unwrap_or_default();
    assert_eq!(values, [5.0, 4.0, 3.0, 2.0, 1.0], "the last six hours' hourly points, oldest first");
    assert!(six.get(DbMetric::ReplicaLag).is_none(), "a primary has no lag to ask for");
    assert!(six.get(DbMetric::Connections).is_some_and(Series::is_empty), "asked, nothing reported");

    let day = aws.db_history(&key, Window::Day).await.unwrap();
    assert_eq!(calls(), 2);
    assert_eq!(day.get(DbMetric::Cpu).map(Series::len), Some(20));

    let week = aws.db_history(&key, Window::Week).await.unwrap();
    assert_eq!(calls(), 3);
    let points = week.get(DbMetric::Cpu).map(Series::raw).unwrap_or_default();
    assert!(points.iter().all(|&(t, _)| t % 600 == 0), "ten-minute periods: {points:?}");
    assert!(points.iter().any(|&(_, v)| (v - 15.0).abs() < 1e-9), "two points in one period average: {points:?}");
    assert!(points.iter().all(|&(_, v)| v < 99.0), "nine days ago is outside the week");
    assert_eq!(points.len(), 21, "20 hourly periods and the averaged one");
}
