//! The metrics plan: which CloudWatch series to ask for, over which time window, packed into as
//! few `GetMetricData` calls as the API allows (500 queries each); and what a refresh of the
//! RDS events feed costs (`DescribeEvents`, two source types, 100 events a page).
//!
//! Pure functions, no I/O: the adapter feeds them what it knows (the instances with their roles,
//! the groups, and how far each series is already known) and runs the batches they return. The
//! benchmark and the tests read the same plan, so the figures in the README are the ones the
//! adapter really sends.

use std::collections::BTreeMap;

use crate::cloud::model::DbMetric;

/// The most queries one `GetMetricData` call may carry.
pub const MAX_QUERIES_PER_CALL: usize = 500;
/// Seconds per datapoint: RDS publishes every minute.
pub const PERIOD_SECS: i64 = crate::cloud::model::METRIC_PERIOD_SECS;
/// How much history the screens show.
pub const HISTORY_SECS: i64 = 3600;
/// How far back an update re-asks: CloudWatch fills the newest minutes in late.
pub const OVERLAP_SECS: i64 = 3 * PERIOD_SECS;

/// Which replica-lag metric an instance reports, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lag {
    None,
    /// `ReplicaLag`: an RDS read replica.
    Replica,
    /// `AuroraReplicaLag`: an Aurora reader.
    Aurora,
}

/// What the planner needs to know about one DB instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceTarget {
    pub id: String,
    pub aurora: bool,
    pub lag: Lag,
    /// Performance Insights is on, so RDS publishes the DB load counters (`DBLoad`, …).
    pub db_load: bool,
}

/// One series the console follows.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SeriesKey {
    Db { instance: String, metric: DbMetric },
    GroupCpu { group: String },
}

/// One `MetricDataQuery`: a series and the CloudWatch names it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub key: SeriesKey,
    pub namespace: &'static str,
    pub metric_name: &'static str,
    pub dimension: (&'static str, String),
}

/// A time range in epoch seconds, both ends multiples of `PERIOD_SECS`; `end` is exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Window {
    pub start: i64,
    pub end: i64,
}

/// One `GetMetricData` call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    pub window: Window,
    pub queries: Vec<Query>,
}

/// The queries for one instance: five for every instance, replica lag for replicas, and the
/// four DB load counters for instances with Performance Insights on (nine or ten in all: at
/// 1,000 instances with PI on, 992 of them replicas, 9,992 series in 20 calls per refresh).
pub fn instance_queries(instance: &InstanceTarget) -> impl Iterator<Item = Query> + '_ {
    let wanted = |m: &DbMetric| {
        (*m != DbMetric::ReplicaLag || instance.lag != Lag::None) && (!m.is_db_load() || instance.db_load)
    };
    DbMetric::ALL.into_iter().filter(wanted).map(|metric| Query {
        key: SeriesKey::Db { instance: instance.id.clone(), metric },
        namespace: "AWS/RDS",
        metric_name: metric.cloudwatch_name(instance.lag == Lag::Aurora || instance.aurora),
        dimension: ("DBInstanceIdentifier", instance.id.clone()),
    })
}

/// The query for an Auto Scaling Group's average CPU (EC2 publishes it per group).
pub fn group_query(group: &str) -> Query {
    Query {
        key: SeriesKey::GroupCpu { group: group.to_owned() },
        namespace: "AWS/EC2",
        metric_name: "CPUUtilization",
        dimension: ("AutoScalingGroupName", group.to_owned()),
    }
}

/// Every query for a region's instances and groups.
pub fn queries(instances: &[InstanceTarget], groups: &[String]) -> Vec<Query> {
    let mut all: Vec<Query> = instances.iter().flat_map(instance_queries).collect();
    all.extend(groups.iter().map(|g| group_query(g)));
    all
}

/// The window to ask for a series known up to `known_until` (exclusive), at `now`: the whole
/// hour for a new series, otherwise only the newest periods.
pub fn window(known_until: Option<i64>, now: i64) -> Window {
    let end = now.div_euclid(PERIOD_SECS) * PERIOD_SECS + PERIOD_SECS;
    let oldest = end - HISTORY_SECS;
    let start = known_until.map_or(oldest, |known| (known - OVERLAP_SECS).clamp(oldest, end - PERIOD_SECS));
    Window { start: start.div_euclid(PERIOD_SECS) * PERIOD_SECS, end }
}

/// Packs queries into calls: one group per window, at most `MAX_QUERIES_PER_CALL` each.
pub fn plan(requests: impl IntoIterator<Item = (Window, Query)>) -> Vec<Batch> {
    let mut by_window: BTreeMap<Window, Vec<Query>> = BTreeMap::new();
    for (window, query) in requests {
        by_window.entry(window).or_default().push(query);
    }
    let mut batches = Vec::new();
    for (window, queries) in by_window {
        let mut rest = queries.into_iter().peekable();
        while rest.peek().is_some() {
            let queries: Vec<Query> = rest.by_ref().take(MAX_QUERIES_PER_CALL).collect();
            batches.push(Batch { window, queries });
        }
    }
    batches
}

/// `GetMetricData` calls for `queries` series in one window.
pub fn calls_per_refresh(queries: usize) -> usize {
    queries.div_ceil(MAX_QUERIES_PER_CALL)
}

/// The events one `DescribeEvents` page carries (the API's largest).
pub const EVENTS_PAGE: i32 = 100;

/// `DescribeEvents` calls per refresh of the events feed, given how many new events each source
/// type has: one per type (`db-instance`, `db-cluster`) at least, one more per further page.
pub fn event_calls_per_refresh(instance_events: usize, cluster_events: usize) -> usize {
    let page = EVENTS_PAGE.unsigned_abs() as usize;
    instance_events.div_ceil(page).max(1) + cluster_events.div_ceil(page).max(1)
}

/// Calls a per-metric design (`GetMetricStatistics` for each series) needs for the same data.
pub fn naive_calls(queries: usize) -> usize {
    queries
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fleet(n: usize, lag: Lag) -> Vec<InstanceTarget> {
        (0..n)
            .map(|i| InstanceTarget { id: format!("db-{i}"), aurora: lag == Lag::Aurora, lag, db_load: false })
            .collect()
    }

    #[test]
    fn db_load_is_asked_only_where_performance_insights_publishes_it() {
        let mut with_pi = fleet(1000, Lag::Replica);
        for target in &mut with_pi[8..] {
            target.db_load = true;
        }
        // 8 primaries-to-be without PI: 6 each; 992 with PI: 10 each.
        let queries = queries(&with_pi, &[]);
        assert_eq!(queries.len(), 8 * 6 + 992 * 10);
        assert_eq!(calls_per_refresh(queries.len()), 20);
        let names: Vec<&str> = instance_queries(&with_pi[8]).map(|q| q.metric_name).skip(6).collect();
        assert_eq!(names, ["DBLoad", "DBLoadCPU", "DBLoadNonCPU", "DBLoadRelativeToNumVCPUs"]);
    }

    #[test]
    fn events_take_two_calls_a_refresh_and_one_more_per_full_page() {
        assert_eq!(event_calls_per_refresh(0, 0), 2, "a quiet fleet: one call per source type");
        assert_eq!(event_calls_per_refresh(100, 3), 2);
        assert_eq!(event_calls_per_refresh(101, 250), 5);
    }

    #[test]
    fn a_thousand_replicas_take_twelve_calls() {
        let now = 1_795_000_000;
        let queries = queries(&fleet(1000, Lag::Replica), &[]);
        assert_eq!(queries.len(), 6000);
        let batches = plan(queries.into_iter().map(|q| (window(None, now), q)));
        assert_eq!(batches.len(), 12);
        assert!(batches.iter().all(|b| b.queries.len() <= MAX_QUERIES_PER_CALL));
        assert_eq!(batches.iter().map(|b| b.queries.len()).sum::<usize>(), 6000);
        assert_eq!(calls_per_refresh(6000), 12);
        assert_eq!(naive_calls(6000), 6000);
    }

    #[test]
    fn lag_is_asked_only_of_replicas_and_aurora_names_its_metrics() {
        let primary = InstanceTarget { id: "p".into(), aurora: false, lag: Lag::None, db_load: false };
        assert_eq!(instance_queries(&primary).count(), 5);
        let reader = InstanceTarget { id: "r".into(), aurora: true, lag: Lag::Aurora, db_load: false };
        let names: Vec<&str> = instance_queries(&reader).map(|q| q.metric_name).collect();
        assert_eq!(
            names,
            ["CPUUtilization", "DatabaseConnections", "FreeLocalStorage", "ReadIOPS", "WriteIOPS", "AuroraReplicaLag"]
        );
        let group = group_query("web");
        assert_eq!((group.namespace, group.dimension.0), ("AWS/EC2", "AutoScalingGroupName"));
    }

    #[test]
    fn updates_ask_only_for_the_newest_periods() {
        let now = 1_795_000_030; // 30 s into a minute
        let full = window(None, now);
        assert_eq!(full.end % PERIOD_SECS, 0);
        assert!(full.end > now);
        assert_eq!(full.end - full.start, HISTORY_SECS);
        let update = window(Some(full.end), now + 60);
        assert_eq!(update.end, full.end + 60);
        assert_eq!(update.start, full.end - OVERLAP_SECS);
        // Known long ago: never more than the hour.
        assert_eq!(window(Some(now - 86_400), now), full);
    }

    #[test]
    fn new_and_known_series_go_in_separate_calls() {
        let now = 1_795_000_000;
        let known = window(Some(now), now);
        let fresh = window(None, now);
        let mut requests: Vec<(Window, Query)> =
            queries(&fleet(400, Lag::None), &[]).into_iter().map(|q| (known, q)).collect();
        requests.extend(queries(&fleet(10, Lag::Replica), &[]).into_iter().map(|q| (fresh, q)));
        let batches = plan(requests);
        assert_eq!(batches.iter().filter(|b| b.window == known).count(), 4);
        assert_eq!(batches.iter().filter(|b| b.window == fresh).count(), 1);
        assert!(plan(Vec::new()).is_empty());
    }
}
