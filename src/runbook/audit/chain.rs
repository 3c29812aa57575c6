//! The chain through the audit log: every entry carries, as `prev_sha256`, the SHA-256 of the
//! line before it (its bytes without the newline); the first entry of a file carries `null`.
//! `verify` walks the file and names each line whose link is broken, missing or forked, so an
//! edited, cut or torn log is found, and so are two writers that appended from the same end.
//!
//! The chain is no signature: whoever can rewrite the file can rewrite every hash after the
//! line they changed, and removing the last entries leaves no broken link. It shows damage and
//! careless edits, and it tells apart what two sessions wrote.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

use serde_json::Value;

/// The field that holds the link.
pub const LINK: &str = "prev_sha256";

/// SHA-256 of one line, in lower-case hex.
pub fn sha256_hex(line: &[u8]) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, line);
    hex(digest.as_ref())
}

/// Bytes in lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

/// One line that does not hold up, by its 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub what: String,
}

/// What `verify` found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Verified {
    /// Lines in the file (entries and broken lines).
    pub lines: usize,
    /// The distinct run ids seen.
    pub runs: BTreeSet<String>,
    /// Every line that breaks the chain, in file order.
    pub problems: Vec<Problem>,
}

impl Verified {
    pub fn is_intact(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Walks the whole log (the file's bytes) and checks every link.
pub fn verify(content: &[u8]) -> Verified {
    let mut found = Verified::default();
    // The hash of every line seen so far, to tell a fork (a link to an older line) from a
    // link to nothing in the file.
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut before: Option<String> = None;
    let mut lines: Vec<&[u8]> = content.split(|&b| b == b'\n').collect();
    let torn = lines.last().is_some_and(|last| !last.is_empty());
    if !torn {
        lines.pop();
    }
    let count = lines.len();
    for (i, line) in lines.into_iter().enumerate() {
        let n = i + 1;
        let mut problem = |what: String| found.problems.push(Problem { line: n, what });
        if torn && n == count {
            problem("torn: the file ends in the middle of this line (a write was cut off)".to_owned());
        }
        match std::str::from_utf8(line).map_err(|e| e.to_string()).and_then(|t| {
            if t.trim().is_empty() {
                Err("an empty line".to_owned())
            } else {
                serde_json::from_str::<Value>(t).map_err(|e| e.to_string())
            }
        }) {
            Ok(entry) => {
                if let Some(problem_text) = link_problem(&entry, n, before.as_deref(), &seen) {
                    problem(problem_text);
                }
                if let Some(run) = entry.get("run_id").and_then(Value::as_str) {
                    found.runs.insert(run.to_owned());
                }
            }
            Err(why) if !(torn && n == count) => problem(format!("not an audit entry ({why})")),
            Err(_) => {}
        }
        let hash = sha256_hex(line);
        seen.entry(hash.clone()).or_insert(n);
        before = Some(hash);
    }
    found.lines = count;
    found
}

/// What is wrong with the link of entry `n`, if anything.
fn link_problem(entry: &Value, n: usize, before: Option<&str>, seen: &HashMap<String, usize>) -> Option<String> {
    let link = match entry.get(LINK) {
        None => return Some(format!("no {LINK}: not chained (written by an older opsdeck, or by hand)")),
        Some(Value::Null) if before.is_none() => return None,
        Some(Value::Null) => {
            return Some(format!("claims to be the first entry, but line {} comes before it", n - 1));
        }
        Some(Value::String(link)) => link,
        Some(other) => return Some(format!("{LINK} is not a hash: {other}")),
    };
    match before {
        Some(hash) if hash == link => None,
        None => Some("links to a line that is not in the file: lines before it were removed".to_owned()),
        Some(_) => Some(match seen.get(link) {
            Some(&m) => format!(
                "fork: links to line {m}, not to line {}: two writers appended to the same end of the log",
                n - 1
            ),
            None => format!("links to nothing in the file: line {} was changed, or lines were removed", n - 1),
        }),
    }
}
