//! The text report: for a terminal, a phone over SSH or a cron mail. No colour, no control
//! characters (those in AWS text are escaped), every line at most 80 columns (wrapped on words, long identifiers cut hard).
//!
//! Critical findings come first, then warnings, each grouped under its resource with the fix
//! beneath; then what could not be evaluated, grouped by rule and reason so a backend that
//! never reports some fact costs one paragraph, not one line per database; then what could not
//! be fetched.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use ratatui::text::Span;

use super::{Line, Report, resource_label};
use crate::judging::Level;
use crate::posture::RuleId;
use crate::printable;

/// The widest line the report prints.
pub const WIDTH: usize = 80;

/// How many resource names an "not evaluated" paragraph spells out before counting the rest.
const NAMED: usize = 3;

fn cells(text: &str) -> usize {
    Span::raw(text).width()
}

/// The longest prefix of `word` at most `room` cells wide, and the rest.
fn split_at_cells(word: &str, room: usize) -> (&str, &str) {
    let mut used = 0;
    for (i, c) in word.char_indices() {
        used += cells(c.encode_utf8(&mut [0; 4]));
        if used > room {
            return word.split_at(i);
        }
    }
    (word, "")
}

/// Wraps `text` to `WIDTH`: the first line starts with `first`, the others with `rest`. A word
/// too wide for any line (an ARN) is cut across lines rather than overflowing. Control and bidi
/// characters in `text` are escaped (`printable`); every line of the report passes here.
pub fn wrap(text: &str, first: &str, rest: &str) -> Vec<String> {
    // Identifiers and error messages come from AWS: escaped before they are measured.
    let text = printable::escape(text);
    let mut lines = Vec::new();
    let mut line = first.to_owned();
    let mut empty = true;
    for mut word in text.split_whitespace() {
        loop {
            let sep = usize::from(!empty);
            let free = WIDTH.saturating_sub(cells(&line) + sep);
            if cells(word) <= free {
                if !empty {
                    line.push(' ');
                }
                line.push_str(word);
                empty = false;
                break;
            }
            let (head, tail) = split_at_cells(word, free);
            let fits_fresh = cells(word) <= WIDTH.saturating_sub(cells(rest));
            if (!empty && fits_fresh) || head.is_empty() {
                lines.push(std::mem::replace(&mut line, rest.to_owned()));
                empty = true;
                if head.is_empty() && cells(rest) >= WIDTH {
                    break;
                }
                continue;
            }
            if !empty {
                line.push(' ');
            }
            line.push_str(head);
            lines.push(std::mem::replace(&mut line, rest.to_owned()));
            empty = true;
            word = tail;
        }
    }
    lines.push(line);
    lines
}

fn header(report: &Report, out: &mut Vec<String>) {
    out.extend(wrap(&report.headline(), &format!("opsdeck check: {} - ", report.status().to_uppercase()), "  "));
    let when = report.checked_at.format("%Y-%m-%d %H:%M UTC");
    out.extend(wrap(&format!("{}: {}; checked {when}", report.backend, report.scope_list()), "", "  "));
}

fn findings(lines: &[Line<'_>], title: &str, out: &mut Vec<String>) {
    if lines.is_empty() {
        return;
    }
    out.push(String::new());
    out.push(format!("{title} ({})", lines.len()));
    let mut last = None;
    for line in lines {
        if last != Some(&line.resource.key) {
            out.push(String::new());
            out.extend(wrap(&resource_label(line.resource), "", "  "));
            last = Some(&line.resource.key);
        }
        let f = line.finding;
        out.extend(wrap(&format!("{}: {}", f.rule, f.message), "  - ", "    "));
        out.extend(wrap(f.remedy(), "    fix: ", "         "));
    }
}

fn unknown(report: &Report, out: &mut Vec<String>) {
    let mut grouped: BTreeMap<(RuleId, &str), Vec<&str>> = BTreeMap::new();
    for (r, u) in report.unknown() {
        grouped.entry((u.rule, &u.reason)).or_default().push(&r.key.id);
    }
    if grouped.is_empty() {
        return;
    }
    out.push(String::new());
    out.push(format!("NOT EVALUATED ({}): a fact the rule needs was not reported", report.unknown().len()));
    for ((rule, reason), ids) in grouped {
        let mut names = ids.iter().take(NAMED).copied().collect::<Vec<_>>().join(", ");
        if ids.len() > NAMED {
            let _ = write!(names, " and {} more", ids.len() - NAMED);
        }
        out.extend(wrap(&format!("{rule}: {reason} ({names})"), "  - ", "    "));
    }
}

fn fetch_errors(report: &Report, out: &mut Vec<String>) {
    if report.errors.is_empty() {
        return;
    }
    out.push(String::new());
    out.push(format!("COULD NOT FETCH ({}): findings above may be missing", report.errors.len()));
    for e in &report.errors {
        out.extend(wrap(&format!("{} {}: {}", e.scope, e.feed.label(), e.error), "  - ", "    "));
        out.extend(wrap(&e.error.hint(), "    what to do: ", "      "));
    }
}

/// The whole report, one `\n` after each line.
pub fn render(report: &Report) -> String {
    let mut out = Vec::new();
    header(report, &mut out);
    findings(&report.findings(Level::Critical), "CRITICAL", &mut out);
    findings(&report.findings(Level::Warn), "WARNINGS", &mut out);
    unknown(report, &mut out);
    fetch_errors(report, &mut out);
    if report.exit_code() == super::EXIT_OK {
        out.push(String::new());
        out.push("Every rule passed.".to_owned());
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}
