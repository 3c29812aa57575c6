//! The Prometheus report: node_exporter's textfile format, for a cron job that writes it beside
//! node_exporter (`--collector.textfile.directory`) so that Alertmanager pages on it.
//!
//! ```text
//! # HELP opsdeck_check_findings Findings of the check, by rule, severity and resource.
//! # TYPE opsdeck_check_findings gauge
//! opsdeck_check_findings{rule="storage-unencrypted",severity="critical",resource="legacy-reports-2014",kind="db-instance",region="us-east-1",profile=""} 1
//! ```
//!
//! Every metric has its HELP and TYPE lines, even with no sample; the totals by severity and
//! the feeds fetched are always there (0 or 1), so an alert on them never sees a gap. Label
//! values are escaped as the text format requires (`\\`, `\"`, `\n`), after control and bidi
//! characters have been made visible (`printable`), so a resource name cannot end a label or
//! a line. Samples carry no timestamp (node_exporter refuses them); the check's time is a
//! metric of its own.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{Report, severity};
use crate::feed::FeedKind;
use crate::judging::Level;
use crate::posture::RuleId;
use crate::printable;

/// The feeds a check fetches in every scope.
const FEEDS: [FeedKind; 4] = [FeedKind::Fleet, FeedKind::Metrics, FeedKind::Alarms, FeedKind::Groups];

/// A label value as the text format writes it, between double quotes.
pub fn label(value: &str) -> String {
    let value = printable::escape(value);
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// `name{a="x",b="y"}` with the values escaped.
fn series(name: &str, labels: &[(&str, &str)]) -> String {
    if labels.is_empty() {
        return name.to_owned();
    }
    let labels: Vec<String> = labels.iter().map(|(k, v)| format!("{k}=\"{}\"", label(v))).collect();
    format!("{name}{{{}}}", labels.join(","))
}

/// One metric: its HELP and TYPE lines, then its samples.
fn metric(out: &mut String, name: &str, help: &str, samples: impl IntoIterator<Item = (String, i64)>) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} gauge");
    for (series, value) in samples {
        let _ = writeln!(out, "{series} {value}");
    }
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn findings(report: &Report, out: &mut String) {
    // Keyed by every label, so two findings can never make two samples of one series.
    let mut by_labels: BTreeMap<[&str; 6], usize> = BTreeMap::new();
    for r in &report.assessed {
        for f in &r.posture.findings {
            let profile = r.key.scope.profile.as_deref().unwrap_or("");
            let key = [f.rule.id(), severity(f.level), &r.key.id, r.kind.id(), &r.key.scope.region, profile];
            *by_labels.entry(key).or_default() += 1;
        }
    }
    let names = ["rule", "severity", "resource", "kind", "region", "profile"];
    let samples = by_labels.into_iter().map(|(values, n)| {
        let labels: Vec<(&str, &str)> = names.into_iter().zip(values).collect();
        (series("opsdeck_check_findings", &labels), count(n))
    });
    metric(out, "opsdeck_check_findings", "Findings of the check, by rule, severity and resource.", samples);
    let levels = [Level::Critical, Level::Warn].map(|level| {
        (series("opsdeck_check_findings_by_severity", &[("severity", severity(level))]), count(report.count(level)))
    });
    metric(out, "opsdeck_check_findings_by_severity", "Findings of the check, by severity.", levels);
}

fn not_evaluated(report: &Report, out: &mut String) {
    let mut by_rule: BTreeMap<RuleId, usize> = BTreeMap::new();
    for (_, unknown) in report.unknown() {
        *by_rule.entry(unknown.rule).or_default() += 1;
    }
    let samples =
        by_rule.into_iter().map(|(rule, n)| (series("opsdeck_check_not_evaluated", &[("rule", rule.id())]), count(n)));
    let help = "Resources a rule could not judge because a fact it needs was not reported, by rule.";
    metric(out, "opsdeck_check_not_evaluated", help, samples);
}

fn fetches(report: &Report, out: &mut String) {
    let mut fetched = Vec::new();
    for scope in &report.scopes {
        let profile = scope.profile.as_deref().unwrap_or("");
        for feed in FEEDS {
            let failed = report.errors.iter().any(|e| &e.scope == scope && e.feed == feed);
            let labels = [("region", scope.region.as_str()), ("profile", profile), ("feed", feed.label())];
            fetched.push((series("opsdeck_check_feed_fetched", &labels), i64::from(!failed)));
        }
    }
    let help = "1 when the check fetched the feed in the region, 0 when it could not (see opsdeck_check_fetch_errors).";
    metric(out, "opsdeck_check_feed_fetched", help, fetched);
    let errors = report.errors.iter().map(|e| {
        let profile = e.scope.profile.as_deref().unwrap_or("");
        let labels = [
            ("region", e.scope.region.as_str()),
            ("profile", profile),
            ("feed", e.feed.label()),
            ("kind", e.error.kind()),
        ];
        (series("opsdeck_check_fetch_errors", &labels), 1)
    });
    let help =
        "Feeds that could not be fetched, by region, feed and kind of error (throttled, access denied, network, ...).";
    metric(out, "opsdeck_check_fetch_errors", help, errors);
}

/// The whole report in the text format, ending in a newline.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    findings(report, &mut out);
    not_evaluated(report, &mut out);
    fetches(report, &mut out);
    let resources = [(series("opsdeck_check_resources", &[]), count(report.assessed.len()))];
    metric(&mut out, "opsdeck_check_resources", "Resources the check judged.", resources);
    let exit = [(series("opsdeck_check_exit_code", &[]), i64::from(report.exit_code()))];
    let help = "The check's exit code by the usual codes, whatever --fail-on says: 0 ok, 1 warnings, 2 critical, 3 some data could not be fetched.";
    metric(&mut out, "opsdeck_check_exit_code", help, exit);
    let at = [(series("opsdeck_check_timestamp_seconds", &[]), report.checked_at.timestamp())];
    metric(&mut out, "opsdeck_check_timestamp_seconds", "When the check ran, in seconds since the Unix epoch.", at);
    out
}
