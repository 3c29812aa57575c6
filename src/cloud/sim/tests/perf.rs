//! Performance Insights in the simulator: every slice and window, what MySQL does not report,
//! per-statement statistics and one statement's own load.

use super::*;
use crate::cloud::model::{Dimension, LoadSample, Performance, PiQuery, PiView, ResourceKey, Window};

fn query(id: &str, window: Window, dimension: Dimension) -> PiQuery {
    PiQuery { instance: ResourceKey::new(east(), id), view: PiView { window, dimension } }
}

#[tokio::test(start_paused = true)]
async fn every_slice_adds_up_to_the_same_load() {
    let (s, _) = sim(Scenario::SlowQuery);
    let totals = |perf: &Performance| perf.load.iter().map(LoadSample::total).collect::<Vec<f64>>();
    let by_wait = s.performance(&query("shop-prod-db", Window::Hour, Dimension::WaitEvent)).await.unwrap();
    for dimension in Dimension::ALL {
        let perf = s.performance(&query("shop-prod-db", Window::Hour, dimension)).await.unwrap();
        assert_eq!(perf.view.dimension, dimension);
        assert_eq!(perf.load.len(), 60);
        assert!(perf.capabilities.why_not(dimension).is_none(), "PostgreSQL reports {dimension:?}");
        assert!(!perf.top_keys.is_empty(), "{dimension:?}");
        assert!(perf.top_keys.windows(2).all(|w| w[0].load >= w[1].load));
        if dimension != Dimension::WaitEvent {
            // The per-key jitter differs, so the sum only roughly follows the wait split.
            let (a, b): (f64, f64) = (totals(&perf).iter().sum(), totals(&by_wait).iter().sum());
            assert!((a / b - 1.0).abs() < 0.25, "{dimension:?}: {a} vs {b}");
        }
    }
}

#[tokio::test(start_paused = true)]
async fn windows_have_their_points_and_periods() {
    let (s, _) = sim(Scenario::Steady);
    for window in Window::ALL {
        let perf = s.performance(&query("shop-prod-db", window, Dimension::WaitEvent)).await.unwrap();
        assert_eq!(perf.load.len(), window.points(), "{window:?}");
        let gaps: Vec<i64> = perf.load.windows(2).map(|w| (w[1].at - w[0].at).num_seconds()).collect();
        assert!(gaps.iter().all(|&g| g == window.period_secs()), "{window:?}");
    }
}

#[tokio::test(start_paused = true)]
async fn mysql_has_no_applications_and_no_rows_per_call() {
    // The platform's own MySQL has PI off; a generated fleet has MySQL with it on.
    let (s, _) = sim_with(Scenario::Steady, 42, Some(200));
    let mut mysql = None;
    for scope in s.scopes() {
        let fleet = s.db_fleet(&scope).await.unwrap();
        let found = fleet.instances.iter().find(|i| i.engine == "mysql" && i.performance_insights == Some(true));
        mysql = mysql.or_else(|| found.map(|i| ResourceKey::new(scope.clone(), i.id.clone())));
    }
    let instance = mysql.unwrap();
    let view = PiView { window: Window::Hour, dimension: Dimension::Application };
    let perf = s.performance(&PiQuery { instance, view }).await.unwrap();
    assert!(perf.capabilities.why_not(Dimension::Application).is_some_and(|w| w.contains("mysql")));
    assert!(perf.top_keys.is_empty(), "nothing to list for a slice the engine lacks");
    assert!(perf.load.iter().all(|s| s.slices.len() == 1), "the load is drawn unsliced");
    assert!(perf.top_sql.iter().all(|q| q.stats.rows_per_call.is_none() && q.stats.calls_per_sec.is_some()));
}

#[tokio::test(start_paused = true)]
async fn statistics_agree_with_the_load_and_the_slow_one_is_slow() {
    let (s, clock) = sim(Scenario::SlowQuery);
    clock.advance(MINUTE * 20);
    let perf = s.performance(&query("shop-prod-db", Window::Hour, Dimension::Sql)).await.unwrap();
    for sql in &perf.top_sql {
        let (calls, latency) = (sql.stats.calls_per_sec.unwrap(), sql.stats.latency_ms.unwrap());
        assert!((calls * latency / 1000.0 - sql.load).abs() < 1e-9, "Little's law for {}", sql.statement);
    }
    let slow = &perf.top_sql[0];
    assert!(slow.statement.contains("lower(customer_email)"));
    assert!(slow.stats.latency_ms.unwrap() >= 1000.0);
    assert_eq!(perf.top_keys[0].name, slow.statement, "sliced by SQL, the top list is top SQL");
    let detail = s.sql_detail(&query("shop-prod-db", Window::Hour, Dimension::Sql), &slow.id).await.unwrap();
    assert_eq!(detail.statement.as_deref(), Some(slow.statement.as_str()));
    assert_eq!(detail.load.len(), 60);
    let mean = detail.load.iter().map(|(_, v)| v).sum::<f64>() / 60.0;
    assert!((mean - slow.load).abs() < 1e-9, "its own load averages to its list load");
    let missing = s.sql_detail(&query("shop-prod-db", Window::Hour, Dimension::Sql), "NOPE").await;
    assert!(matches!(missing, Err(CloudError::NotFound { .. })));
}

#[tokio::test(start_paused = true)]
async fn slow_query_leaves_one_session_blocking_many_and_mysql_says_it_reports_none() {
    let (calm, _) = sim(Scenario::Steady);
    let steady = calm.blocking(&query("shop-prod-db", Window::Hour, Dimension::WaitEvent)).await.unwrap();
    assert!(steady.blockers.is_empty() && steady.not_reported.is_none());
    let (s, clock) = sim(Scenario::SlowQuery);
    clock.advance(MINUTE * 20);
    let tree = s.blocking(&query("shop-prod-db", Window::Hour, Dimension::WaitEvent)).await.unwrap();
    assert_eq!(tree.blockers.len(), 1);
    let blocker = &tree.blockers[0];
    assert!(blocker.session.is_some() && blocker.object.as_deref().is_some_and(|o| o.contains("orders")));
    assert!(blocker.waiters.len() > 1, "one session blocks many");
    let waited: f64 = blocker.waiters.iter().map(|w| w.load).sum();
    assert!((waited - blocker.load).abs() < 1e-9 && blocker.load > 0.0);
    assert!(blocker.waiters.windows(2).all(|w| w[0].load >= w[1].load));
    let (big, _) = sim_with(Scenario::Steady, 42, Some(200));
    let mut mysql = None;
    for scope in big.scopes() {
        let fleet = big.db_fleet(&scope).await.unwrap();
        let found = fleet.instances.iter().find(|i| i.engine == "mysql" && i.performance_insights == Some(true));
        mysql = mysql.or_else(|| found.map(|i| ResourceKey::new(scope.clone(), i.id.clone())));
    }
    let none = big.blocking(&PiQuery::new(mysql.unwrap())).await.unwrap();
    assert!(none.not_reported.is_some_and(|w| w.contains("mysql")));
}
