//! One instance's CloudWatch metrics over a window longer than the metrics feed's hour (6 h,
//! 24 h, 7 days), for its detail view's sparklines: the series the feed follows for that
//! instance, at the window's period, in one `GetMetricData` call (ten series of at most 1,440
//! points fit in one answer page; a further page would be followed).
//!
//! Nothing is kept here: the detail view asks again when it opens, when the window changes
//! and on refresh, and a window's datapoints are not worth a cache that the hour's are.

use aws_sdk_cloudwatch::Client;
use aws_sdk_cloudwatch::types::MetricDataQuery;

use super::metrics::{Points, get_metric_data, to_sdk};
use super::planner::{InstanceTarget, Query, SeriesKey, instance_queries};
use crate::cloud::CloudError;
use crate::cloud::model::{DbSeries, MAX_HISTORY_POINTS, Series, Timestamp, Window};

/// The series of `instance` over `window` ending with the period `now` is in.
pub async fn fetch(
    client: &Client,
    instance: &InstanceTarget,
    window: Window,
    now: Timestamp,
) -> Result<DbSeries, CloudError> {
    let queries: Vec<Query> = instance_queries(instance).collect();
    let period = window.metric_period_secs();
    let range = window.metric_range(now);
    let sdk: Vec<MetricDataQuery> = queries.iter().enumerate().map(|(i, q)| to_sdk(i, q, period)).collect();
    let (start, end) = (Timestamp::from_timestamp(range.0, 0), Timestamp::from_timestamp(range.1, 0));
    let (Some(start), Some(end)) = (start, end) else {
        return Err(CloudError::Other { message: format!("no time range for the last {}", window.label()) });
    };
    let points = get_metric_data(client, sdk, start, end).await?;
    Ok(to_db_series(queries, points, range))
}

/// The answer as the domain has it: each series oldest first, one datapoint per timestamp,
/// inside the range asked for and never more than a series holds.
fn to_db_series(queries: Vec<Query>, points: Vec<Points>, (start, end): (i64, i64)) -> DbSeries {
    let mut db = DbSeries::default();
    for (query, mut points) in queries.into_iter().zip(points) {
        let SeriesKey::Db { metric, .. } = query.key else { continue };
        points.retain(|&(t, v)| (start..end).contains(&t) && v.is_finite());
        points.sort_by_key(|&(t, _)| t);
        points.dedup_by_key(|&mut (t, _)| t);
        let skip = points.len().saturating_sub(MAX_HISTORY_POINTS);
        db.series.insert(metric, Series::from_secs(points.into_iter().skip(skip)));
    }
    db
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloud::aws::planner::Lag;
    use crate::cloud::model::DbMetric;

    fn target() -> InstanceTarget {
        InstanceTarget { id: "db".into(), aurora: false, lag: Lag::Replica, db_load: false }
    }

    #[test]
    fn odd_answers_are_put_in_order_inside_the_range() {
        let queries: Vec<Query> = instance_queries(&target()).collect();
        assert_eq!(queries.len(), 6, "five metrics and replica lag");
        let mut points = vec![Vec::new(); queries.len()];
        // CPU: out of order, a duplicate, one point before and one after the range, a NaN.
        points[0] = vec![(180, 3.0), (60, 1.0), (120, 2.0), (120, 2.5), (0, 9.0), (600, 9.0), (240, f64::NAN)];
        let db = to_db_series(queries, points, (60, 600));
        let cpu: Vec<(i64, f64)> = db.get(DbMetric::Cpu).map(Series::raw).unwrap_or_default();
        assert_eq!(cpu, [(60, 1.0), (120, 2.0), (180, 3.0)]);
        assert!(db.get(DbMetric::Connections).is_some_and(Series::is_empty), "asked, nothing reported: empty");
        assert!(db.get(DbMetric::ReplicaLag).is_some());
        assert!(db.get(DbMetric::DbLoad).is_none(), "not asked without Performance Insights");
    }

    #[test]
    fn a_series_never_holds_more_than_a_day_of_minutes() {
        let queries: Vec<Query> = instance_queries(&target()).take(1).collect();
        let many: Points = (0..2_000).map(|i| (i * 60, i as f64)).collect();
        let db = to_db_series(queries, vec![many], (0, 2_000 * 60));
        let cpu = db.get(DbMetric::Cpu).map(Series::raw).unwrap_or_default();
        assert_eq!(cpu.len(), MAX_HISTORY_POINTS);
        assert_eq!(cpu.last(), Some(&(1_999 * 60, 1_999.0)), "the newest are kept");
    }
}
