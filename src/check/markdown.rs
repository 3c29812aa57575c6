//! The markdown report: pasted into a ticket or a chat, it renders as headings and tables with
//! the rule ids and resource names in code spans.

use std::fmt::Write as _;

use super::{Line, Report, resource_label};
use crate::judging::Level;

/// Makes text safe inside a table cell: no pipes, no line breaks.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

fn table(out: &mut String, title: &str, lines: &[Line<'_>]) {
    if lines.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n### {title} ({})\n", lines.len());
    out.push_str("| Resource | Kind | Region | Rule | Finding | Remedy |\n|---|---|---|---|---|---|\n");
    for line in lines {
        let (r, f) = (line.resource, line.finding);
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | `{}` | {} | {} |",
            cell(&r.key.id),
            r.kind.label(),
            cell(&r.key.scope.to_string()),
            f.rule,
            cell(&f.message),
            cell(f.remedy())
        );
    }
}

fn unknown(out: &mut String, report: &Report) {
    let unknown = report.unknown();
    if unknown.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n### Not evaluated ({})\n", unknown.len());
    for (r, u) in unknown {
        let _ = writeln!(out, "- `{}` on {}: {}", u.rule, cell(&resource_label(r)), cell(&u.reason));
    }
}

fn fetch_errors(out: &mut String, report: &Report) {
    if report.errors.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n### Could not fetch ({})\n", report.errors.len());
    for e in &report.errors {
        let _ =
            writeln!(out, "- {} **{}**: {} ({})", e.scope, e.feed.label(), cell(&e.error.to_string()), e.error.hint());
    }
}

/// The whole report.
pub fn render(report: &Report) -> String {
    let mut out = format!("## opsdeck check: {}\n\n", report.status());
    let when = report.checked_at.format("%Y-%m-%d %H:%M UTC");
    let _ = writeln!(out, "**{}** — {}: {}; checked {when}", report.headline(), report.backend, report.scope_list());
    table(&mut out, "Critical", &report.findings(Level::Critical));
    table(&mut out, "Warnings", &report.findings(Level::Warn));
    unknown(&mut out, report);
    fetch_errors(&mut out, report);
    if report.exit_code() == super::EXIT_OK {
        out.push_str("\nEvery rule passed.\n");
    }
    out
}
