//! `opsdeck audit` and `opsdeck audit verify`: the log printed for a person (or as the JSON
//! Lines it is), and its chain checked, with the exit code each gives. Names and messages in
//! the log came from AWS: everything printed is escaped (`printable`).

use std::io::{self, Write as _};

use super::{AuditLog, describe};
use crate::printable;

/// Problems `verify` spells out before counting the rest.
const PROBLEMS_SHOWN: usize = 10;

fn shown(log: &AuditLog) -> String {
    printable::escape(&log.path().display().to_string()).into_owned()
}

/// The log, oldest first (the last `tail` entries). A line that is not an entry is named on
/// stderr and the lines after it are printed; the exit code is then 1.
pub fn entries(log: &AuditLog, tail: Option<usize>, json: bool) -> io::Result<u8> {
    let entries = log.read()?;
    if entries.is_empty() {
        eprintln!("opsdeck: no runbook runs recorded in {}", shown(log));
    }
    let skip = tail.map_or(0, |n| entries.len().saturating_sub(n));
    let mut broken = false;
    let mut out = io::stdout().lock();
    for (_, entry) in entries.into_iter().skip(skip) {
        let line = match entry {
            Ok(value) if json => printable::escape_json(&value.to_string()).into_owned(),
            Ok(value) => describe(&value),
            Err(why) => {
                broken = true;
                eprintln!("opsdeck: {}", printable::escape(&why));
                continue;
            }
        };
        // A closed pipe (`| head`) is the reader's choice.
        if writeln!(out, "{line}").is_err() {
            break;
        }
    }
    Ok(u8::from(broken))
}

/// One line and 0 when every link holds; else every broken line (the first ones) on stderr,
/// and 1.
pub fn verify(log: &AuditLog) -> io::Result<u8> {
    let path = shown(log);
    let verified = log.verify()?;
    let (lines, runs) = (verified.lines, verified.runs.len());
    if verified.is_intact() {
        let runs = if runs == 1 { "1 run".to_owned() } else { format!("{runs} runs") };
        println!("{path}: intact, {lines} entries of {runs}, each linked to the one before");
        return Ok(0);
    }
    for problem in verified.problems.iter().take(PROBLEMS_SHOWN) {
        eprintln!("{path}:{}: {}", problem.line, printable::escape(&problem.what));
    }
    let count = verified.problems.len();
    let first = verified.problems.first().map_or(0, |p| p.line);
    let more = count.saturating_sub(PROBLEMS_SHOWN);
    let more = if more > 0 { format!(" ({more} more not shown)") } else { String::new() };
    eprintln!("{path}: broken, {count} of {lines} lines do not hold up, the first at line {first}{more}");
    Ok(1)
}
