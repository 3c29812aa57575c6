//! The markdown report: pasted into a ticket or a chat, it renders as headings and tables with
//! the rule ids and resource names in code spans.
//!
//! Names and messages come from AWS, and an Auto Scaling group or alarm name may hold
//! backticks, `|`, `<` or brackets. A name goes into a code span fenced with more backticks
//! than it holds; other text has markdown's punctuation escaped; in a table `|` is escaped
//! everywhere. So no name can end a cell, open a link or write HTML. Control and bidi
//! characters are escaped before any of that (`printable`).

use std::fmt::Write as _;

use super::{Line, Report};
use crate::judging::Level;

use crate::printable::markdown::{code, text};

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
            "| {} | {} | {} | `{}` | {} | {} |",
            code(&r.key.id, true),
            r.kind.label(),
            text(&r.key.scope.to_string()),
            f.rule,
            text(&f.message),
            text(f.remedy())
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
        let (id, kind, scope) = (code(&r.key.id, false), r.kind.label(), text(&r.key.scope.to_string()));
        let _ = writeln!(out, "- `{}` on {id} ({kind}, {scope}): {}", u.rule, text(&u.reason));
    }
}

fn fetch_errors(out: &mut String, report: &Report) {
    if report.errors.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n### Could not fetch ({})\n", report.errors.len());
    for e in &report.errors {
        let (scope, error, hint) = (text(&e.scope.to_string()), text(&e.error.to_string()), text(&e.error.hint()));
        let _ = writeln!(out, "- {scope} **{}**: {error} ({hint})", e.feed.label());
    }
}

/// The whole report.
pub fn render(report: &Report) -> String {
    let mut out = format!("## opsdeck check: {}\n\n", report.status());
    let when = report.checked_at.format("%Y-%m-%d %H:%M UTC");
    let (backend, scopes) = (text(&report.backend), text(&report.scope_list()));
    let _ = writeln!(out, "**{}** — {backend}: {scopes}; checked {when}", report.headline());
    table(&mut out, "Critical", &report.findings(Level::Critical));
    table(&mut out, "Warnings", &report.findings(Level::Warn));
    unknown(&mut out, report);
    fetch_errors(&mut out, report);
    if report.exit_code() == super::EXIT_OK {
        out.push_str("\nEvery rule passed.\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_stay_in_their_code_span_and_text_renders_as_itself() {
        assert_eq!(code("shop-web-asg", true), "`shop-web-asg`");
        assert_eq!(code("a`b", true), "``a`b``");
        assert_eq!(code("`x``", false), "``` `x`` ```");
        assert_eq!(code("a|b<img src=x>", true), "`a\\|b<img src=x>`");
        assert_eq!(code("a|b", false), "`a|b`");
        assert_eq!(code("db\u{1b}[2J", true), "`db\\u{1b}[2J`");
        assert_eq!(text("x | [y](http://e) <b>_z_ & `w`"), "x \\| \\[y\\](http://e) &lt;b>\\_z\\_ &amp; \\`w\\`");
        assert_eq!(text("one\ntwo\u{7}"), "one two\\\\u{7}");
    }
}
