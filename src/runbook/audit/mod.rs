//! The audit log: an append-only JSON Lines file with one entry when a plan is confirmed, one
//! per step result and one at the end of a run, and one per operator note (`Note`). Each entry is written, flushed and synced
//! before the run goes on, so a crash never loses the record of what was done.
//!
//! What holds: every entry names its run twice, by the session's short number (`run`, as the
//! screen shows it) and by an id no other run shares (`run_id`), so sessions sharing a log are
//! told apart; every entry links the line before it (`chain`), and `opsdeck audit verify` walks
//! the links. An append takes an exclusive lock on the file (`flock` on unix), reads the last
//! line, and writes one whole line after it, so processes sharing a log queue up instead of
//! forking the chain; a writer that does not lock (an older opsdeck, a filesystem without
//! locks) can still fork it, and `verify` names the line. The file and its folder are created
//! owner-only. `describe` turns an entry into a line for people.

pub mod chain;
mod describe;
pub mod print;
mod tail;

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;
use serde_json::Value;

use crate::cloud::model::Timestamp;
use crate::owner_only;

use super::plan::{Plan, RunbookKind};

pub use chain::{Problem, Verified};
pub use describe::describe;

/// What happened, with what it carries.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Record<'a> {
    /// The user confirmed this plan.
    Confirmed { plan: &'a Plan },
    /// A step finished (or was not taken): `outcome` is ok, failed or stopped.
    Step { index: usize, step: String, outcome: &'a str, request_id: Option<String>, detail: Option<String> },
    /// The run ended: succeeded, failed or stopped.
    Finished { outcome: &'a str, reason: Option<String> },
}

/// One line of the log.
#[derive(Debug, Clone, Serialize)]
pub struct Entry<'a> {
    pub time: Timestamp,
    /// The run's number in its session, as the screen shows it: 1, 2, … in every process.
    pub run: u64,
    /// The run's id, unique across sessions and hosts (`new_run_id`).
    pub run_id: &'a str,
    /// The OS user running opsdeck.
    pub user: &'a str,
    /// The AWS account the call went to, and the principal that made it, as
    /// `sts:GetCallerIdentity` said at connect (the simulated account on the simulator).
    pub account: Option<&'a str>,
    pub principal: Option<&'a str>,
    pub backend: &'a str,
    pub profile: Option<&'a str>,
    pub region: &'a str,
    pub runbook: RunbookKind,
    pub target: &'a str,
    #[serde(flatten)]
    pub record: Record<'a>,
}

/// An operator's note (`n` in the console): one line of its own, linked like the others.
#[derive(Debug, Clone, Serialize)]
pub struct Note<'a> {
    /// Wall time, as every entry has.
    pub time: Timestamp,
    /// When on the backend's clock (the simulator's virtual time in a demo), as the timeline
    /// places the note.
    pub at: Timestamp,
    /// The OS user, as a run's entries name it.
    pub user: &'a str,
    pub backend: &'a str,
    /// Always "note".
    pub event: &'static str,
    pub text: &'a str,
}

impl<'a> Note<'a> {
    pub fn new(at: Timestamp, user: &'a str, backend: &'a str, text: &'a str) -> Self {
        Self { time: chrono::Utc::now(), at, user, backend, event: "note", text }
    }
}

/// An entry as written: with the link to the line before it.
#[derive(Serialize)]
struct Chained<'a, T: Serialize> {
    #[serde(flatten)]
    entry: &'a T,
    prev_sha256: Option<String>,
}

/// One line as read back: its line number and the entry, or why it is not one.
pub type ReadLine = (usize, Result<Value, String>);

/// Where a copy of every line written goes (a recording), as JSON.
pub type Tee = std::sync::Arc<dyn Fn(&Value) + Send + Sync>;

/// The audit log file.
#[derive(Clone)]
pub struct AuditLog {
    path: PathBuf,
    tee: Option<Tee>,
}

impl std::fmt::Debug for AuditLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuditLog").field("path", &self.path).field("tee", &self.tee.is_some()).finish()
    }
}

impl AuditLog {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into(), tee: None }
    }

    /// The same log, with every line it writes also handed to `tee` (after it is on disk).
    #[must_use]
    pub fn with_tee(self, tee: Tee) -> Self {
        Self { tee: Some(tee), ..self }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one entry, linked to the line before it, and syncs it to disk before returning.
    /// An error names the file.
    pub fn append(&self, entry: &Entry<'_>) -> io::Result<()> {
        self.append_linked(entry).map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", self.path.display())))
    }

    /// Appends an operator's note, as `append` does an entry.
    pub fn append_note(&self, note: &Note<'_>) -> io::Result<()> {
        self.append_linked(note).map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", self.path.display())))
    }

    /// The tee this log hands its lines to, if any (to chain another after it).
    pub fn tee(&self) -> Option<Tee> {
        self.tee.clone()
    }

    fn append_linked<T: Serialize>(&self, entry: &T) -> io::Result<()> {
        let mut file = owner_only::open_append(&self.path)?;
        // Held until `file` is dropped: another process appending waits here, so it links to
        // this entry rather than to the same line as this one.
        lock(&file)?;
        let last = tail::last_line(&mut file)?;
        let mut line = Vec::new();
        if last.as_ref().is_some_and(|l| !l.ended) {
            // A line torn by a crash is ended first, so this entry stands on a line of its own.
            line.push(b'\n');
        }
        let prev_sha256 = last.map(|l| chain::sha256_hex(&l.bytes));
        serde_json::to_writer(&mut line, &Chained { entry, prev_sha256 }).map_err(io::Error::other)?;
        line.push(b'\n');
        // One write of a whole line, under the lock.
        file.write_all(&line)?;
        file.flush()?;
        file.sync_data()?;
        if let Some(tee) = &self.tee
            && let Ok(value) = serde_json::from_slice::<Value>(&line[usize::from(line[0] == b'\n')..])
        {
            tee(&value);
        }
        Ok(())
    }

    /// Every line, oldest first, with its line number; a line that is not an entry (torn by a
    /// crash, not UTF-8, not JSON) comes back as an error naming the file and the line, and the
    /// lines after it are read as usual. Blank lines are skipped. A missing file is empty.
    pub fn read(&self) -> io::Result<Vec<ReadLine>> {
        let Some(content) = self.content()? else { return Ok(Vec::new()) };
        let mut lines = Vec::new();
        for (i, line) in content.split(|&b| b == b'\n').enumerate() {
            let n = i + 1;
            let entry = match std::str::from_utf8(line) {
                Ok(text) if text.trim().is_empty() => continue,
                Ok(text) => serde_json::from_str::<Value>(text).map_err(|e| format!("not a JSON entry ({e})")),
                Err(e) => Err(format!("not UTF-8 ({e})")),
            };
            let entry = entry.map_err(|why| format!("{}:{n}: skipped, {why}", self.path.display()));
            lines.push((n, entry));
        }
        Ok(lines)
    }

    /// Checks every link of the chain (see `chain`); a missing file has nothing to check.
    pub fn verify(&self) -> io::Result<Verified> {
        Ok(self.content()?.map(|content| chain::verify(&content)).unwrap_or_default())
    }

    fn content(&self) -> io::Result<Option<Vec<u8>>> {
        match std::fs::read(&self.path) {
            Ok(content) => Ok(Some(content)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// An exclusive lock on the whole file, waiting for it; where the platform has no file locks
/// the append goes on without one.
fn lock(file: &File) -> io::Result<()> {
    match file.lock() {
        Err(e) if e.kind() == io::ErrorKind::Unsupported => Ok(()),
        other => other,
    }
}

/// A run id no other run shares, in this process or another: 128 bits from the system's
/// random source, as hex. Should that source fail, the wall clock, the process id and a
/// counter still make it unique on this host.
pub fn new_run_id() -> String {
    use ring::rand::SecureRandom as _;
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut bytes = [0u8; 16];
    if ring::rand::SystemRandom::new().fill(&mut bytes).is_err() {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        bytes[..8].copy_from_slice(&(nanos as u64).to_be_bytes());
        bytes[8..12].copy_from_slice(&std::process::id().to_be_bytes());
        bytes[12..].copy_from_slice(&(COUNTER.fetch_add(1, Ordering::Relaxed) as u32).to_be_bytes());
    }
    chain::hex(&bytes)
}

/// The OS user running opsdeck.
pub fn os_user() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|var| std::env::var(var).ok().filter(|v| !v.is_empty()))
        .or_else(|| whoami::username().ok())
        .unwrap_or_else(|| "unknown".to_owned())
}

#[cfg(test)]
mod tests;
