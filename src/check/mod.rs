//! `opsdeck check`: fetch every feed once, judge every resource with the posture rules, and
//! report for a person (text, 80 columns), a ticket (markdown), a script (JSON), monitoring
//! (Prometheus textfile) or CI (JUnit), with an exit code a cron job can act on.
//!
//! Fetching is the only I/O (`fetch`); judging and rendering are pure, so the whole report is
//! tested on hand-made data, and the process itself only once, on the demo fleet.

pub mod fetch;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod progress;
pub mod prometheus;
pub mod readiness;
pub mod run;
pub mod select;
pub mod text;

use crate::cli::{FailOn, ReportFormat};
use crate::cloud::model::{Scope, Timestamp};
use crate::judging::{Level, Thresholds};
use crate::posture::scope::{ScopeData, assess};
use crate::posture::{Assessed, Finding, Policy, PostureSettings, Unknown};

pub use fetch::{FetchError, Fetched, fetch, fetch_with};
pub use select::{UnknownRules, select};

/// The report in the format asked for; `fail_on` decides what JUnit counts as a failure.
pub fn render(report: &Report, format: ReportFormat, fail_on: FailOn) -> Result<String, serde_json::Error> {
    match format {
        ReportFormat::Text => Ok(text::render(report)),
        ReportFormat::Json => json::render(report),
        ReportFormat::Markdown => Ok(markdown::render(report)),
        ReportFormat::Prometheus => Ok(prometheus::render(report)),
        ReportFormat::Junit => Ok(junit::render(report, fail_on)),
    }
}

/// Exit code: every rule passed.
pub const EXIT_OK: u8 = 0;
/// Exit code: warnings, nothing critical.
pub const EXIT_WARN: u8 = 1;
/// Exit code: at least one critical finding.
pub const EXIT_CRITICAL: u8 = 2;
/// Exit code: some data could not be fetched; what was fetched is still reported.
pub const EXIT_INCOMPLETE: u8 = 3;
/// Exit code: the check could not run at all (bad command line, broken config, no backend).
pub const EXIT_UNUSABLE: u8 = 4;

/// The judged fleet.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub backend: String,
    pub scopes: Vec<Scope>,
    pub checked_at: Timestamp,
    /// Every resource judged, by scope, then clusters, instances and groups by id.
    pub assessed: Vec<Assessed>,
    pub errors: Vec<FetchError>,
}

/// One finding with the resource it is about, for listing.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    pub resource: &'a Assessed,
    pub finding: &'a Finding,
}

/// Judges what was fetched.
pub fn judge(fetched: &Fetched, settings: &PostureSettings, thresholds: &Thresholds) -> Report {
    let policy = Policy { settings, thresholds, now: fetched.at };
    let mut assessed: Vec<Assessed> = fetched
        .scopes
        .iter()
        .flat_map(|(scope, data)| {
            let data = ScopeData {
                fleet: data.fleet.as_ref(),
                metrics: data.metrics.as_ref(),
                alarms: data.alarms.as_deref(),
                groups: data.groups.as_deref(),
            };
            assess(scope, data, policy)
        })
        .collect();
    readiness::add(fetched, policy, thresholds, &mut assessed);
    Report {
        backend: fetched.backend.clone(),
        scopes: fetched.scopes.iter().map(|(s, _)| s.clone()).collect(),
        checked_at: fetched.at,
        assessed,
        errors: fetched.errors.clone(),
    }
}

impl Report {
    /// Findings of one level, in resource order.
    pub fn findings(&self, level: Level) -> Vec<Line<'_>> {
        self.assessed
            .iter()
            .flat_map(|r| {
                r.posture
                    .findings
                    .iter()
                    .filter(move |f| f.level == level)
                    .map(move |f| Line { resource: r, finding: f })
            })
            .collect()
    }

    pub fn count(&self, level: Level) -> usize {
        self.assessed.iter().map(|r| r.posture.count(level)).sum()
    }

    /// Every rule that could not be evaluated, with its resource.
    pub fn unknown(&self) -> Vec<(&Assessed, &Unknown)> {
        self.assessed.iter().flat_map(|r| r.posture.unknown.iter().map(move |u| (r, u))).collect()
    }

    /// How many resources have at least one finding.
    pub fn flagged(&self) -> usize {
        self.assessed.iter().filter(|r| !r.posture.findings.is_empty()).count()
    }

    /// 3 when data is missing (a partial check never passes for a full one), else 2 / 1 / 0.
    pub fn exit_code(&self) -> u8 {
        if !self.errors.is_empty() {
            EXIT_INCOMPLETE
        } else if self.count(Level::Critical) > 0 {
            EXIT_CRITICAL
        } else if self.count(Level::Warn) > 0 {
            EXIT_WARN
        } else {
            EXIT_OK
        }
    }

    /// The exit code when only findings at `fail_on` or worse fail the check: `critical` lets
    /// warnings pass (missing data still exits 3: it may hide a critical finding), `never`
    /// exits 0 whatever was found or missed.
    pub fn exit_code_failing_on(&self, fail_on: FailOn) -> u8 {
        match (fail_on, self.exit_code()) {
            (FailOn::Warn, code) | (FailOn::Critical, code @ (EXIT_CRITICAL | EXIT_INCOMPLETE)) => code,
            (FailOn::Critical | FailOn::Never, _) => EXIT_OK,
        }
    }

    /// One word for the outcome: ok, warn, critical or incomplete.
    pub fn status(&self) -> &'static str {
        match self.exit_code() {
            EXIT_OK => "ok",
            EXIT_WARN => "warn",
            EXIT_CRITICAL => "critical",
            _ => "incomplete",
        }
    }

    /// "2 critical, 9 warnings on 3 of 14 resources".
    pub fn headline(&self) -> String {
        let (critical, warn) = (self.count(Level::Critical), self.count(Level::Warn));
        let warnings = if warn == 1 { "warning" } else { "warnings" };
        let total = self.assessed.len();
        if critical + warn == 0 {
            return format!("no findings on {total} {}", resources(total));
        }
        format!("{critical} critical, {warn} {warnings} on {} of {total} {}", self.flagged(), resources(total))
    }

    pub fn scope_list(&self) -> String {
        self.scopes.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
    }
}

fn resources(n: usize) -> &'static str {
    if n == 1 { "resource" } else { "resources" }
}

/// "legacy-reports-2014 (DB instance, us-east-1)"; the scope names the profile when there is one.
pub fn resource_label(r: &Assessed) -> String {
    format!("{} ({}, {})", r.key.id, r.kind.label(), r.key.scope)
}

/// The severity word scripts and tickets use.
pub fn severity(level: Level) -> &'static str {
    match level {
        Level::Critical => "critical",
        Level::Warn => "warn",
        Level::Ok => "ok",
    }
}

#[cfg(test)]
mod monitoring_tests;
#[cfg(test)]
mod tests;
