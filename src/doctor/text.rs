//! Doctor's report for a person: at most 80 columns, no colour, text from AWS escaped (every
//! line goes through `check::text::wrap`); the verdict first, then each scope with its calls,
//! the terminal and the files.

use super::scopes::fix;
use super::{Outcome, Report, ScopeReport};
use crate::check::text::wrap;

/// The width of the label column.
const LABEL: usize = 13;

fn field(label: &str, value: &str, out: &mut Vec<String>) {
    let first = format!("  {label:<LABEL$}");
    out.extend(wrap(value, &first, &" ".repeat(LABEL + 2)));
}

fn headline(report: &Report) -> String {
    let what = match report.exit_code() {
        super::EXIT_OK => "everything the console needs works",
        super::EXIT_DEGRADED => "the console runs, with something missing",
        _ => "the console cannot run",
    };
    format!("opsdeck doctor: {} - {what} (exit {})", report.status().to_uppercase(), report.exit_code())
}

fn scope(s: &ScopeReport, out: &mut Vec<String>) {
    out.push(String::new());
    let name = s.profile.as_ref().map_or_else(|| s.region.clone(), |p| format!("{p}/{}", s.region));
    out.extend(wrap(&name, "", "  "));
    field("credentials", &s.credentials, out);
    match (&s.account, &s.principal, &s.identity_unknown) {
        (Some(account), Some(arn), _) => field("identity", &format!("account {account} as {arn}"), out),
        (_, _, Some(why)) => field("identity", &format!("not known: {why}; the console writes nothing here"), out),
        _ => field("identity", "not known", out),
    }
    field("region", &s.region, out);
    for call in &s.calls {
        out.push(format!("  {:<8} {:<35} {}", call.feed, call.request, call.outcome.word()));
        match &call.outcome {
            Outcome::Ok => {}
            Outcome::NotApplicable(why) => out.extend(wrap(why, "      ", "      ")),
            Outcome::NotChecked => out.push("      the backend has no such call".to_owned()),
            Outcome::Failed(error) => {
                out.extend(wrap(&error.to_string(), "      ", "      "));
                out.extend(wrap(&fix(error), "      fix: ", "           "));
            }
        }
    }
}

fn terminal(report: &Report, out: &mut Vec<String>) {
    let t = &report.terminal;
    out.push(String::new());
    out.push("terminal".to_owned());
    let term = match (&t.term, &t.colorterm) {
        (Some(term), Some(colorterm)) => format!("{term} (COLORTERM={colorterm})"),
        (Some(term), None) => term.clone(),
        (None, _) => "not set".to_owned(),
    };
    field("TERM", &term, out);
    let colours =
        if t.no_colour { format!("{}; NO_COLOR is set: the mono theme", t.colours) } else { t.colours.to_owned() };
    field("colours", &colours, out);
    let locale =
        t.locale.as_ref().map_or_else(|| "no locale set".to_owned(), |(name, value)| format!("{name}={value}"));
    field("UTF-8", &format!("{} ({locale})", if t.utf8 { "yes" } else { "no" }), out);
    if let Some((columns, rows)) = t.size {
        field("size", &format!("{columns}×{rows}"), out);
    }
    for advice in &t.advice {
        out.extend(wrap(advice, "  advice: ", "          "));
    }
}

fn files(report: &Report, out: &mut Vec<String>) {
    out.push(String::new());
    out.push("files".to_owned());
    for f in &report.files {
        let text = match &f.path {
            Some(path) => format!("{path}: {}", f.state),
            None => f.state.clone(),
        };
        field(f.what, &text, out);
    }
}

/// The whole report, one `\n` after each line.
pub fn render(report: &Report) -> String {
    let mut out = wrap(&headline(report), "", "  ");
    match (&report.backend, &report.cannot_connect) {
        (_, Some(why)) => {
            out.push(String::new());
            out.push("cannot connect:".to_owned());
            for line in why.lines() {
                out.extend(wrap(line, "  ", "  "));
            }
        }
        (Some(backend), None) => {
            out.push(String::new());
            let n = report.scopes.len();
            out.extend(wrap(
                &format!("{backend}: {n} {} the console would poll", if n == 1 { "scope" } else { "scopes" }),
                "",
                "  ",
            ));
        }
        (None, None) => {}
    }
    for s in &report.scopes {
        scope(s, &mut out);
    }
    terminal(report, &mut out);
    files(report, &mut out);
    let mut text = out.join("\n");
    text.push('\n');
    text
}
