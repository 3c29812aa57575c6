//! Performance analysis reports: `CreatePerformanceAnalysisReport` (a write, only from a
//! confirmed plan), `ListPerformanceAnalysisReports` (at most two pages, newest first) and
//! `GetPerformanceAnalysisReport` in plain text. Every text PI returns is data: control
//! characters and bidi overrides are dropped (line breaks kept) and a text is cut at `MAX_TEXT` characters.
//! Statements an insight names come from its data's SQL dimensions.

use aws_sdk_pi::Client;
use aws_sdk_pi::operation::RequestId;
use aws_sdk_pi::types::{AnalysisReportSummary, AnalysisStatus, Insight as PiInsight, ServiceType, TextFormat};
use aws_smithy_types::DateTime;

use super::errors::classify;
use super::once::send_once;
use crate::cloud::model::{
    AnalysisReport, Insight, Recommendation, ReportStatus, ReportSummary, ResourceKey, Severity, Timestamp,
};
use crate::cloud::{CloudError, Receipt};

/// Reports asked for per page, and pages read at most.
const PAGE: i32 = 25;
const MAX_PAGES: usize = 2;
/// The longest text kept from a report (PI allows 8000 characters per description).
pub(super) const MAX_TEXT: usize = 8_000;
/// Supporting insights kept per insight.
const MAX_SUPPORTING: usize = 10;

/// A text from PI made safe to draw: no control characters but line breaks, at most
/// `MAX_TEXT` characters ("…" marks a cut).
pub fn clean(text: &str) -> String {
    let mut out: String = text
        .replace("\r\n", "\n")
        .replace('\t', "    ")
        .chars()
        .filter(|&c| c == '\n' || !unsafe_char(c))
        .take(MAX_TEXT)
        .collect();
    if text.chars().count() > MAX_TEXT {
        out.push('…');
    }
    out
}

/// What a terminal would act on (or reorder text by): control characters, bidi overrides.
fn unsafe_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn time(t: Option<&DateTime>) -> Option<Timestamp> {
    t.and_then(|t| Timestamp::from_timestamp(t.secs(), 0))
}

fn status(s: Option<&AnalysisStatus>) -> ReportStatus {
    match s {
        Some(AnalysisStatus::Running) => ReportStatus::Running,
        Some(AnalysisStatus::Succeeded) => ReportStatus::Succeeded,
        Some(AnalysisStatus::Failed) => ReportStatus::Failed,
        Some(other) => ReportStatus::Other(clean(other.as_str())),
        None => ReportStatus::Other(String::new()),
    }
}

/// A listed report; one without an id is no report.
pub fn summary(s: &AnalysisReportSummary) -> Option<ReportSummary> {
    Some(ReportSummary {
        id: clean(s.analysis_report_id()?),
        status: status(s.status()),
        created: time(s.create_time()),
        start: time(s.start_time()),
        end: time(s.end_time()),
    })
}

/// The statements an insight's data names (`db.sql_tokenized.statement`, `db.sql.statement`).
fn statements(insight: &PiInsight) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let data = insight.insight_data().iter().filter_map(|d| d.performance_insights_metric());
    for metric in data {
        let dimensions = metric.dimensions().into_iter().chain(metric.filter()).flatten();
        for (name, value) in dimensions {
            let statement = clean(value);
            if name.ends_with(".statement") && !found.contains(&statement) {
                found.push(statement);
            }
        }
    }
    found
}

/// One insight, with its supporting insights one level deep.
pub fn insight(i: &PiInsight, depth: usize) -> Insight {
    let severity = match i.severity() {
        Some(aws_sdk_pi::types::Severity::High) => Severity::High,
        Some(aws_sdk_pi::types::Severity::Medium) => Severity::Medium,
        Some(aws_sdk_pi::types::Severity::Low) => Severity::Low,
        Some(other) => Severity::Other(clean(other.as_str())),
        None => Severity::Other(String::new()),
    };
    let recommendations = i
        .recommendations()
        .iter()
        .map(|r| Recommendation {
            description: r.recommendation_description().map(clean),
            details: r.recommendation_details().map(clean),
        })
        .collect();
    let supporting = if depth == 0 {
        i.supporting_insights().iter().take(MAX_SUPPORTING).map(|s| insight(s, depth + 1)).collect()
    } else {
        Vec::new()
    };
    Insight {
        id: clean(i.insight_id()),
        kind: i.insight_type().map(clean),
        severity,
        start: time(i.start_time()),
        end: time(i.end_time()),
        description: i.description().map(clean),
        statements: statements(i),
        recommendations,
        supporting,
    }
}

/// The reports of an instance, newest first.
pub async fn list(client: &Client, resource_id: &str) -> Result<Vec<ReportSummary>, CloudError> {
    let mut reports = Vec::new();
    let mut token: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let output = client
            .list_performance_analysis_reports()
            .service_type(ServiceType::Rds)
            .identifier(resource_id)
            .max_results(PAGE)
            .set_next_token(token.take())
            .send()
            .await
            .map_err(|e| classify(&e, "pi:ListPerformanceAnalysisReports"))?;
        reports.extend(output.analysis_reports().iter().filter_map(summary));
        match output.next_token() {
            Some(next) => token = Some(next.to_owned()),
            None => break,
        }
    }
    reports.sort_by_key(|r| std::cmp::Reverse(r.created));
    Ok(reports)
}

/// One report with its insights.
pub async fn get(client: &Client, resource_id: &str, id: &str) -> Result<AnalysisReport, CloudError> {
    let output = client
        .get_performance_analysis_report()
        .service_type(ServiceType::Rds)
        .identifier(resource_id)
        .analysis_report_id(id)
        .text_format(TextFormat::PlainText)
        .send()
        .await
        .map_err(|e| classify(&e, "pi:GetPerformanceAnalysisReport"))?;
    let Some(report) = output.analysis_report() else {
        return Err(CloudError::NotFound { what: format!("analysis report {id}") });
    };
    let summary = ReportSummary {
        id: clean(report.analysis_report_id()),
        status: status(report.status()),
        created: time(report.create_time()),
        start: time(report.start_time()),
        end: time(report.end_time()),
    };
    Ok(AnalysisReport { summary, insights: report.insights().iter().map(|i| insight(i, 0)).collect() })
}

/// Creates a report of an instance over a window.
pub async fn create(
    client: &Client,
    instance: &ResourceKey,
    resource_id: &str,
    (start, end): (Timestamp, Timestamp),
) -> Result<Receipt, CloudError> {
    let request = client
        .create_performance_analysis_report()
        .service_type(ServiceType::Rds)
        .identifier(resource_id)
        .start_time(DateTime::from_secs(start.timestamp()))
        .end_time(DateTime::from_secs(end.timestamp()));
    // Sent once, as every write: the runner reads the reports back rather than send it again.
    let output = send_once!(aws_sdk_pi, request, "pi:CreatePerformanceAnalysisReport")?;
    tracing::info!(instance = %instance, report = ?output.analysis_report_id(), "analysis report created");
    Ok(Receipt { request_id: output.request_id().map(str::to_owned) })
}
