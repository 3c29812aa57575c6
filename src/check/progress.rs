//! The progress line of `opsdeck check` on a terminal: how many scopes have been fetched, on
//! stderr, rewritten in place and cleared before the report is printed. When stderr is not a
//! terminal (cron, a pipe, CI) nothing is written at all, so logs and mails stay clean.

use std::io::{IsTerminal as _, Write as _};

use crate::cloud::model::Scope;

/// Told as each scope's feeds have all been fetched.
pub trait Progress: Sync {
    /// `done` of `total` scopes fetched, the last one being `scope`.
    fn fetched(&self, done: usize, total: usize, scope: &Scope);
}

/// No progress shown.
#[derive(Debug, Default, Clone, Copy)]
pub struct Silent;

impl Progress for Silent {
    fn fetched(&self, _: usize, _: usize, _: &Scope) {}
}

/// The line for `done` of `total`.
pub fn line(done: usize, total: usize, scope: Option<&Scope>) -> String {
    let noun = if total == 1 { "region" } else { "regions" };
    match scope {
        Some(scope) => format!(
            "opsdeck check: fetched {done} of {total} {noun} ({})",
            crate::printable::escape(&scope.to_string())
        ),
        None => format!("opsdeck check: fetching {total} {noun}..."),
    }
}

/// The progress line on stderr, when stderr is a terminal.
#[derive(Debug)]
pub struct Terminal(());

/// Carriage return and "erase the line": the next text starts on a clean line.
const CLEAR: &str = "\r\u{1b}[2K";

impl Terminal {
    /// Starts the line for `total` scopes if stderr is a terminal.
    pub fn start(total: usize) -> Option<Self> {
        if !std::io::stderr().is_terminal() {
            return None;
        }
        let _ = write!(std::io::stderr().lock(), "{CLEAR}{}", line(0, total, None));
        Some(Self(()))
    }

    /// Clears the line, before the report is printed.
    pub fn finish(self) {
        let _ = write!(std::io::stderr().lock(), "{CLEAR}");
    }
}

impl Progress for Terminal {
    fn fetched(&self, done: usize, total: usize, scope: &Scope) {
        let _ = write!(std::io::stderr().lock(), "{CLEAR}{}", line(done, total, Some(scope)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_counts_regions() {
        assert_eq!(line(0, 3, None), "opsdeck check: fetching 3 regions...");
        let scope = Scope { profile: Some("prod".into()), region: "eu-west-1".into() };
        assert_eq!(line(2, 3, Some(&scope)), "opsdeck check: fetched 2 of 3 regions (prod/eu-west-1)");
        assert_eq!(line(1, 1, Some(&Scope::region("us-east-1"))), "opsdeck check: fetched 1 of 1 region (us-east-1)");
    }
}
