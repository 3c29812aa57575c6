//! The JUnit report: XML for a CI pipeline that checks a staging account, so a failed check is
//! a red test in the pipeline's view, with the finding and its fix as the failure's text.
//!
//! One `<testsuite>` per scope (profile and region); in it one `<testcase>` per resource judged
//! (`classname` `opsdeck.<scope>.<kind>`, `name` the resource id) and one per feed that could
//! not be fetched (`classname` `opsdeck.<scope>.fetch`, with an `<error>`). A resource fails
//! when it has a finding at the `--fail-on` level or worse; the failure's text lists every
//! finding with its fix, and findings under the level and rules that could not be evaluated go
//! to `<system-out>`. With `--fail-on never` nothing fails and nothing errs.
//!
//! Text is escaped for XML after control and bidi characters are made visible (`printable`):
//! XML 1.0 cannot hold most control characters at all.

use std::fmt::Write as _;

use super::{Report, severity};
use crate::cli::FailOn;
use crate::cloud::model::Scope;
use crate::judging::Level;
use crate::posture::{Assessed, Finding};
use crate::printable;

/// Text or an attribute value as XML, safe in either.
pub fn xml(raw: &str) -> String {
    let raw = printable::escape(raw);
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// Element text as XML: each line escaped as `xml` does, the line breaks kept.
fn xml_text(raw: &str) -> String {
    raw.split('\n').map(xml).collect::<Vec<_>>().join("\n")
}

/// Whether a finding fails its test case.
fn fails(finding: &Finding, fail_on: FailOn) -> bool {
    match fail_on {
        FailOn::Warn => finding.level >= Level::Warn,
        FailOn::Critical => finding.level >= Level::Critical,
        FailOn::Never => false,
    }
}

fn finding_line(f: &Finding) -> String {
    format!("{} ({}): {}\n  fix: {}\n", f.rule, severity(f.level), f.message, f.remedy())
}

/// One resource's test case, and whether it failed.
fn case(r: &Assessed, fail_on: FailOn, out: &mut String) -> bool {
    let (failing, other): (Vec<&Finding>, Vec<&Finding>) = r.posture.findings.iter().partition(|f| fails(f, fail_on));
    let classname = format!("opsdeck.{}.{}", r.key.scope, r.kind.id());
    let _ = write!(out, "    <testcase classname=\"{}\" name=\"{}\"", xml(&classname), xml(&r.key.id));
    let mut notes: String = other.iter().map(|f| finding_line(f)).collect();
    for u in &r.posture.unknown {
        let _ = writeln!(notes, "{} not evaluated: {}", u.rule, u.reason);
    }
    if failing.is_empty() && notes.is_empty() {
        out.push_str("/>\n");
        return false;
    }
    out.push_str(">\n");
    if let Some(worst) = failing.first() {
        let (critical, warn) = (r.posture.count(Level::Critical), r.posture.count(Level::Warn));
        let message = format!("{critical} critical, {warn} warnings on {}", super::resource_label(r));
        let text: String = failing.iter().map(|f| finding_line(f)).collect();
        let kind = severity(worst.level);
        let _ =
            writeln!(out, "      <failure type=\"{kind}\" message=\"{}\">{}</failure>", xml(&message), xml_text(&text));
    }
    if !notes.is_empty() {
        let _ = writeln!(out, "      <system-out>{}</system-out>", xml_text(&notes));
    }
    out.push_str("    </testcase>\n");
    !failing.is_empty()
}

/// One scope's test suite.
fn suite(report: &Report, scope: &Scope, fail_on: FailOn) -> (String, usize, usize, usize) {
    let mut body = String::new();
    let mut failures = 0;
    let resources: Vec<&Assessed> = report.assessed.iter().filter(|r| &r.key.scope == scope).collect();
    for r in &resources {
        failures += usize::from(case(r, fail_on, &mut body));
    }
    let errors: Vec<_> = report.errors.iter().filter(|e| &e.scope == scope).collect();
    for e in &errors {
        let classname = format!("opsdeck.{scope}.fetch");
        let _ = writeln!(body, "    <testcase classname=\"{}\" name=\"{}\">", xml(&classname), e.feed.label());
        let tag = if fail_on == FailOn::Never { "system-out" } else { "error" };
        let attributes = if tag == "error" {
            format!(" type=\"{}\" message=\"{}\"", xml(e.error.kind()), xml(&e.error.to_string()))
        } else {
            String::new()
        };
        let text = format!("{}\nwhat to do: {}\n", e.error, e.error.hint());
        let _ = writeln!(body, "      <{tag}{attributes}>{}</{tag}>", xml_text(&text));
        body.push_str("    </testcase>\n");
    }
    let errored = if fail_on == FailOn::Never { 0 } else { errors.len() };
    (body, resources.len() + errors.len(), failures, errored)
}

/// The whole report as a JUnit XML document, ending in a newline.
pub fn render(report: &Report, fail_on: FailOn) -> String {
    let at = report.checked_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut suites = String::new();
    let (mut tests, mut failures, mut errors) = (0, 0, 0);
    for scope in &report.scopes {
        let (body, t, f, e) = suite(report, scope, fail_on);
        let name = xml(&scope.to_string());
        let _ = writeln!(
            suites,
            "  <testsuite name=\"{name}\" tests=\"{t}\" failures=\"{f}\" errors=\"{e}\" timestamp=\"{at}\">"
        );
        suites.push_str(&body);
        suites.push_str("  </testsuite>\n");
        (tests, failures, errors) = (tests + t, failures + f, errors + e);
    }
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let name = xml(&format!("opsdeck check ({})", report.backend));
    let _ = writeln!(
        out,
        "<testsuites name=\"{name}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" timestamp=\"{at}\">"
    );
    out.push_str(&suites);
    out.push_str("</testsuites>\n");
    out
}
