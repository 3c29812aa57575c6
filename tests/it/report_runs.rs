//! An analysis report end to end on the simulator in the slow-query scenario: planned from
//! what the console shows, run as the app runs it (audited before and after), waited for
//! until PI has run it, and read back with its insight naming the slow statement.

use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};

use opsdeck::cloud::model::{ReportStatus, ResourceKey, Severity, Window};
use opsdeck::cloud::sim::{Scenario, SimClock, SimConfig, Simulator};
use opsdeck::cloud::{Clock, Inventory, ReadOnly};
use opsdeck::runbook::audit::AuditLog;
use opsdeck::runbook::catalog::plan;
use opsdeck::runbook::plan::Request;
use opsdeck::runbook::report::RunStatus;

use crate::runbooks::{Bench, east};

fn slow_query(name: &str) -> Bench {
    let clock = Arc::new(SimClock::manual(Utc.with_ymd_and_hms(2026, 11, 27, 15, 0, 0).unwrap()));
    let config = SimConfig { scenario: Scenario::SlowQuery, ..SimConfig::default() };
    let sim = Arc::new(Simulator::with_clock(config, Arc::clone(&clock)));
    let path = std::env::temp_dir().join(format!("opsdeck-it-{name}-{}.jsonl", std::process::id()));
    let _ = std::fs::remove_file(&path);
    Bench { sim, clock, audit: AuditLog::new(path) }
}

#[tokio::test(start_paused = true)]
async fn a_report_run_is_audited_waits_for_pi_and_names_the_slow_statement() {
    let bench = slow_query("report");
    bench.clock.advance(Duration::from_mins(20));
    let state = bench.state().await;
    let key = ResourceKey::new(east(), "shop-prod-db");
    let (start, end) = Window::FiveMinutes.bounds(bench.clock.now());
    let planned = plan(&state.fleet_view(), &Request::AnalysisReport { target: key.clone(), start, end });
    assert!(planned.can_confirm(), "{:?}", planned.checks);
    let (status, progress) = bench.run(planned, bench.ops()).await;
    assert_eq!(status, RunStatus::Succeeded, "{progress:?}");
    assert!(progress.iter().any(|p| p.contains("RUNNING")), "the wait saw it run: {progress:?}");
    let audit = bench.audit();
    let events: Vec<&str> = audit.iter().map(|e| e["event"].as_str().unwrap_or("")).collect();
    assert_eq!(events, ["confirmed", "step", "step", "finished"], "audited before and after");
    assert_eq!(audit[0]["runbook"], "analysis_report");
    assert!(audit[1]["step"].as_str().unwrap_or("").starts_with("pi:CreatePerformanceAnalysisReport"));
    assert_eq!(audit[3]["outcome"], "succeeded");

    let reports = bench.sim.analysis_reports(&key).await.unwrap();
    assert_eq!(reports.len(), 1);
    assert_eq!(
        (reports[0].status.clone(), reports[0].start, reports[0].end),
        (ReportStatus::Succeeded, Some(start), Some(end))
    );
    let report = bench.sim.analysis_report(&key, &reports[0].id).await.unwrap();
    let insight = report.insights.first().expect("an insight");
    assert_eq!(insight.kind.as_deref(), Some("DominatingSQLs"));
    assert_eq!(insight.severity, Severity::High);
    assert_eq!(insight.statements, ["SELECT * FROM orders WHERE lower(customer_email) = $1 ORDER BY created_at DESC"]);
}

#[tokio::test(start_paused = true)]
async fn read_only_refuses_the_report_and_the_audit_log_says_so() {
    let bench = slow_query("report-ro");
    let state = bench.state().await;
    let key = ResourceKey::new(east(), "shop-prod-db");
    let (start, end) = Window::Hour.bounds(bench.clock.now());
    let planned = plan(&state.fleet_view(), &Request::AnalysisReport { target: key.clone(), start, end });
    let (status, _) = bench.run(planned, Arc::new(ReadOnly)).await;
    assert!(matches!(status, RunStatus::Failed(ref why) if why.contains("read-only")), "{status:?}");
    assert!(bench.sim.analysis_reports(&key).await.unwrap().is_empty());
    let outcomes: Vec<String> = bench.audit().iter().map(|e| e["event"].to_string()).collect();
    assert_eq!(outcomes.len(), 3, "confirmed, the refused step, finished: {outcomes:?}");
}
