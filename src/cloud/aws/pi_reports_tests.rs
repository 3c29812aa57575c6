//! Analysis reports against aws-smithy-mocks, shaped as the PI API reference documents them:
//! a listing with a report missing its id and one missing its times, a report whose text
//! carries control characters, an unknown severity, an over-long description, the statements
//! its data names, and the create request's window and identifier.

use std::time::Instant;

use aws_sdk_pi::operation::create_performance_analysis_report::CreatePerformanceAnalysisReportOutput;
use aws_sdk_pi::operation::get_performance_analysis_report::GetPerformanceAnalysisReportOutput;
use aws_sdk_pi::operation::list_performance_analysis_reports::ListPerformanceAnalysisReportsOutput;
use aws_sdk_pi::types::{
    AnalysisReport, AnalysisReportSummary, AnalysisStatus, Data, Insight, PerformanceInsightsMetric, Recommendation,
    Severity as PiSeverity, TextFormat,
};
use aws_smithy_mocks::mock;
use aws_smithy_types::DateTime;

use super::pi_reports::{self, MAX_TEXT};
use super::pi_tests::instance;
use super::tests::{T0, metered, pi_client};
use crate::cloud::model::{ReportStatus, Severity, Timestamp};

fn summary(id: Option<&str>, status: AnalysisStatus, created: i64) -> AnalysisReportSummary {
    AnalysisReportSummary::builder()
        .set_analysis_report_id(id.map(str::to_owned))
        .status(status)
        .create_time(DateTime::from_secs(created))
        .start_time(DateTime::from_secs(created - 3600))
        .end_time(DateTime::from_secs(created))
        .build()
}

#[tokio::test]
async fn a_listing_keeps_reports_with_ids_newest_first_and_unknown_statuses_as_written() {
    let list = mock!(aws_sdk_pi::Client::list_performance_analysis_reports)
        .match_requests(|r| r.identifier() == Some("db-EXAMPLEDBIID"))
        .then_output(|| {
            ListPerformanceAnalysisReportsOutput::builder()
                .analysis_reports(summary(Some("report-old"), AnalysisStatus::Succeeded, T0))
                .analysis_reports(summary(None, AnalysisStatus::Failed, T0 + 10))
                .analysis_reports(summary(Some("report-new"), AnalysisStatus::Running, T0 + 600))
                .analysis_reports(summary(Some("report-odd\u{1b}[2J"), AnalysisStatus::from("QUEUED"), T0 + 300))
                .analysis_reports(AnalysisReportSummary::builder().analysis_report_id("report-bare").build())
                .build()
        });
    let (accounting, counter) = metered();
    let client = pi_client(&[&list], &counter);
    let reports = pi_reports::list(&client, "db-EXAMPLEDBIID").await.unwrap();
    let ids: Vec<&str> = reports.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["report-new", "report-odd[2J", "report-old", "report-bare"]);
    assert_eq!(reports[0].status, ReportStatus::Running);
    assert_eq!(reports[1].status, ReportStatus::Other("QUEUED".to_owned()));
    assert_eq!((reports[3].start, reports[3].status.label()), (None, ""));
    assert_eq!(reports[2].start, Timestamp::from_timestamp(T0 - 3600, 0));
    assert_eq!(accounting.usage(Instant::now()).calls("PI", "ListPerformanceAnalysisReports"), 1);
}

fn metric(dimension: &str, value: &str) -> Data {
    let metric =
        PerformanceInsightsMetric::builder().metric("db.load.avg").dimensions(dimension, value).value(2.1).build();
    Data::builder().performance_insights_metric(metric).build()
}

#[tokio::test]
async fn a_report_maps_its_insights_safely() {
    let long = "x".repeat(MAX_TEXT + 50);
    let get = mock!(aws_sdk_pi::Client::get_performance_analysis_report)
        .match_requests(|r| {
            r.text_format() == Some(&TextFormat::PlainText) && r.analysis_report_id() == Some("report-1")
        })
        .then_output(move || {
            let supporting = Insight::builder().insight_id("insight-2").insight_type("HighCPU").build().unwrap();
            let dominating = Insight::builder()
                .insight_id("insight-1")
                .insight_type("DominatingSQLs")
                .severity(PiSeverity::High)
                .description("Unusual load\u{7}\r\nfrom one statement\u{1b}]0;pwned\u{7}")
                .insight_data(metric(
                    "db.sql_tokenized.statement",
                    "SELECT * FROM orders WHERE lower(customer_email) = ?",
                ))
                .insight_data(metric(
                    "db.sql_tokenized.statement",
                    "SELECT * FROM orders WHERE lower(customer_email) = ?",
                ))
                .insight_data(metric("db.wait_event.name", "IO:DataFileRead"))
                .recommendations(
                    Recommendation::builder()
                        .recommendation_description("Investigate the following SQLs: sql-1")
                        .recommendation_details(long.clone())
                        .build(),
                )
                .supporting_insights(supporting)
                .build()
                .unwrap();
            let odd =
                Insight::builder().insight_id("insight-3").severity(PiSeverity::from("Critical")).build().unwrap();
            let report = AnalysisReport::builder()
                .analysis_report_id("report-1")
                .status(AnalysisStatus::Succeeded)
                .insights(dominating)
                .insights(odd)
                .build()
                .unwrap();
            GetPerformanceAnalysisReportOutput::builder().analysis_report(report).build()
        });
    let (_, counter) = metered();
    let client = pi_client(&[&get], &counter);
    let report = pi_reports::get(&client, "db-EXAMPLEDBIID", "report-1").await.unwrap();
    assert_eq!(report.summary.status, ReportStatus::Succeeded);
    let first = &report.insights[0];
    assert_eq!((first.kind.as_deref(), &first.severity), (Some("DominatingSQLs"), &Severity::High));
    let description = first.description.clone().unwrap_or_default();
    assert_eq!(description, "Unusual load\nfrom one statement]0;pwned");
    assert!(!description.chars().any(|c| c != '\n' && c.is_control()));
    assert_eq!(first.statements, ["SELECT * FROM orders WHERE lower(customer_email) = ?"], "named once");
    let details = first.recommendations[0].details.clone().unwrap_or_default();
    assert_eq!(details.chars().count(), MAX_TEXT + 1, "cut, and the cut marked");
    assert!(details.ends_with('…'));
    assert_eq!(first.supporting.len(), 1);
    assert_eq!(report.insights[1].severity, Severity::Other("Critical".to_owned()));
    assert_eq!(report.insights[1].severity.label(), "Critical");
}

#[tokio::test]
async fn a_report_missing_from_the_answer_is_not_found() {
    let get = mock!(aws_sdk_pi::Client::get_performance_analysis_report)
        .then_output(|| GetPerformanceAnalysisReportOutput::builder().build());
    let (_, counter) = metered();
    let client = pi_client(&[&get], &counter);
    let error = pi_reports::get(&client, "db-EXAMPLEDBIID", "report-9").await.unwrap_err();
    assert!(matches!(error, crate::cloud::CloudError::NotFound { .. }), "{error:?}");
}

#[tokio::test]
async fn create_sends_the_window_and_the_resource_id_once() {
    let create = mock!(aws_sdk_pi::Client::create_performance_analysis_report)
        .match_requests(|r| {
            r.identifier() == Some("db-EXAMPLEDBIID")
                && r.start_time().map(DateTime::secs) == Some(T0)
                && r.end_time().map(DateTime::secs) == Some(T0 + 3600)
        })
        .then_output(|| CreatePerformanceAnalysisReportOutput::builder().analysis_report_id("report-1").build());
    let (accounting, counter) = metered();
    let client = pi_client(&[&create], &counter);
    let key = instance();
    let window = (Timestamp::from_timestamp(T0, 0).unwrap(), Timestamp::from_timestamp(T0 + 3600, 0).unwrap());
    pi_reports::create(&client, &key, "db-EXAMPLEDBIID", window).await.unwrap();
    assert_eq!(accounting.usage(Instant::now()).calls("PI", "CreatePerformanceAnalysisReport"), 1);
}
