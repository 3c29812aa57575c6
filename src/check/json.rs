//! The JSON report: a documented, stable shape for scripts (see README, "opsdeck check").
//!
//! ```json
//! { "version": 1, "backend": "DEMO", "checked_at": "2026-11-27T15:00:00Z",
//!   "scopes": ["us-east-1", "us-west-2"],
//!   "summary": { "status": "critical", "exit_code": 2, "critical": 2, "warn": 9, "unknown": 0,
//!                "resources": 14, "resources_with_findings": 3, "fetch_errors": 0 },
//!   "findings": [ { "rule": "storage-unencrypted", "severity": "critical",
//!                   "resource": "legacy-reports-2014", "kind": "db-instance",
//!                   "region": "us-east-1", "profile": null,
//!                   "finding": "storage is not encrypted", "remedy": "…" } ],
//!   "unknown": [ { "rule": "…", "resource": "…", "kind": "…", "region": "…", "profile": null,
//!                  "reason": "…" } ],
//!   "fetch_errors": [ { "region": "us-west-2", "profile": null, "feed": "alarms",
//!                       "kind": "throttled", "error": "…" } ] }
//! ```
//!
//! Strings are escaped as JSON requires, and DEL, C1 and bidi controls as `\uXXXX` too, so
//! printing the report cannot drive a terminal; the decoded values are unchanged.
//!
//! Fields are only ever added (and `version` raised if one ever has to change meaning).
//! Findings come critical first, then by resource and rule.

use serde::Serialize;

use super::{Report, severity};
use crate::judging::Level;
use crate::posture::{Assessed, ResourceKind, RuleId};
use crate::printable;

/// The version of the shape below.
pub const VERSION: u32 = 1;

#[derive(Debug, Serialize)]
struct Document<'a> {
    version: u32,
    backend: &'a str,
    checked_at: String,
    scopes: Vec<String>,
    summary: Summary,
    findings: Vec<FindingOut<'a>>,
    unknown: Vec<UnknownOut<'a>>,
    fetch_errors: Vec<FetchErrorOut<'a>>,
}

#[derive(Debug, Serialize)]
struct Summary {
    status: &'static str,
    exit_code: u8,
    critical: usize,
    warn: usize,
    unknown: usize,
    resources: usize,
    resources_with_findings: usize,
    fetch_errors: usize,
}

#[derive(Debug, Serialize)]
struct FindingOut<'a> {
    rule: RuleId,
    severity: &'static str,
    resource: &'a str,
    kind: ResourceKind,
    region: &'a str,
    profile: Option<&'a str>,
    finding: &'a str,
    remedy: &'static str,
}

#[derive(Debug, Serialize)]
struct UnknownOut<'a> {
    rule: RuleId,
    resource: &'a str,
    kind: ResourceKind,
    region: &'a str,
    profile: Option<&'a str>,
    reason: &'a str,
}

#[derive(Debug, Serialize)]
struct FetchErrorOut<'a> {
    region: &'a str,
    profile: Option<&'a str>,
    feed: &'static str,
    kind: &'static str,
    error: String,
}

fn findings(report: &Report) -> Vec<FindingOut<'_>> {
    [Level::Critical, Level::Warn]
        .into_iter()
        .flat_map(|level| report.findings(level))
        .map(|line| FindingOut {
            rule: line.finding.rule,
            severity: severity(line.finding.level),
            resource: &line.resource.key.id,
            kind: line.resource.kind,
            region: &line.resource.key.scope.region,
            profile: line.resource.key.scope.profile.as_deref(),
            finding: &line.finding.message,
            remedy: line.finding.remedy(),
        })
        .collect()
}

fn unknown(report: &Report) -> Vec<UnknownOut<'_>> {
    report
        .unknown()
        .into_iter()
        .map(|(r, u): (&Assessed, _)| UnknownOut {
            rule: u.rule,
            resource: &r.key.id,
            kind: r.kind,
            region: &r.key.scope.region,
            profile: r.key.scope.profile.as_deref(),
            reason: &u.reason,
        })
        .collect()
}

/// The report as pretty-printed JSON, ending in a newline.
pub fn render(report: &Report) -> Result<String, serde_json::Error> {
    let summary = Summary {
        status: report.status(),
        exit_code: report.exit_code(),
        critical: report.count(Level::Critical),
        warn: report.count(Level::Warn),
        unknown: report.unknown().len(),
        resources: report.assessed.len(),
        resources_with_findings: report.flagged(),
        fetch_errors: report.errors.len(),
    };
    let fetch_errors = report
        .errors
        .iter()
        .map(|e| FetchErrorOut {
            region: &e.scope.region,
            profile: e.scope.profile.as_deref(),
            feed: e.feed.label(),
            kind: e.error.kind(),
            error: e.error.to_string(),
        })
        .collect();
    let document = Document {
        version: VERSION,
        backend: &report.backend,
        checked_at: report.checked_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        scopes: report.scopes.iter().map(ToString::to_string).collect(),
        summary,
        findings: findings(report),
        unknown: unknown(report),
        fetch_errors,
    };
    // serde_json escapes C0 controls but leaves DEL, C1 and the bidi controls raw.
    serde_json::to_string_pretty(&document).map(|text| printable::escape_json(&text).into_owned() + "\n")
}
