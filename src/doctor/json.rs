//! Doctor's report for a script: one JSON document. Fields are only ever added.
//!
//! ```json
//! { "version": 1, "status": "degraded", "exit_code": 1, "backend": "AWS prod", "cannot_connect": null,
//!   "scopes": [ { "profile": "prod", "region": "us-east-1", "credentials": "profile `prod` …",
//!                 "account": "123456789012", "principal": "arn:aws:iam::…", "identity_unknown": null,
//!                 "calls": [ { "feed": "metrics", "request": "GetMetricData of one series",
//!                              "action": "cloudwatch:GetMetricData", "result": "access denied",
//!                              "detail": "…", "fix": "grant cloudwatch:GetMetricData to this role" } ] } ],
//!   "terminal": { "term": "xterm-256color", "colours": "24-bit", "utf8": true, "advice": [] , … },
//!   "files": [ { "what": "config", "path": "…", "state": "parses", "blocks": false } ] }
//! ```
//!
//! `result` is `ok`, `not applicable`, `not checked`, or the kind of error (`access denied`,
//! `throttled`, `network`, `credentials`, `not found`, `error`). Strings from AWS are escaped
//! as in `opsdeck check --format json`.

use serde::Serialize;

use super::scopes::fix;
use super::{FileReport, Outcome, Report, ScopeReport, Terminal};
use crate::printable;

#[derive(Debug, Serialize)]
struct Document<'a> {
    version: u32,
    status: &'static str,
    exit_code: u8,
    backend: Option<&'a str>,
    cannot_connect: Option<&'a str>,
    scopes: Vec<ScopeOut<'a>>,
    terminal: &'a Terminal,
    files: &'a [FileReport],
}

#[derive(Debug, Serialize)]
struct ScopeOut<'a> {
    #[serde(flatten)]
    scope: &'a ScopeReport,
    calls: Vec<CallOut<'a>>,
}

#[derive(Debug, Serialize)]
struct CallOut<'a> {
    feed: &'a str,
    request: &'a str,
    action: &'a str,
    result: &'static str,
    detail: Option<String>,
    fix: Option<String>,
}

fn calls(scope: &ScopeReport) -> Vec<CallOut<'_>> {
    scope
        .calls
        .iter()
        .map(|c| {
            let (detail, fix) = match &c.outcome {
                Outcome::Ok | Outcome::NotChecked => (None, None),
                Outcome::NotApplicable(why) => (Some(why.clone()), None),
                Outcome::Failed(error) => (Some(error.to_string()), Some(fix(error))),
            };
            CallOut { feed: c.feed, request: c.request, action: c.action, result: c.outcome.word(), detail, fix }
        })
        .collect()
}

/// The report as pretty-printed JSON, ending in a newline.
pub fn render(report: &Report) -> Result<String, serde_json::Error> {
    let document = Document {
        version: 1,
        status: report.status(),
        exit_code: report.exit_code(),
        backend: report.backend.as_deref(),
        cannot_connect: report.cannot_connect.as_deref(),
        scopes: report.scopes.iter().map(|scope| ScopeOut { scope, calls: calls(scope) }).collect(),
        terminal: &report.terminal,
        files: &report.files,
    };
    serde_json::to_string_pretty(&document).map(|text| printable::escape_json(&text).into_owned() + "\n")
}
