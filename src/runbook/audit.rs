//! The audit log: an append-only JSON Lines file with one entry when a plan is confirmed, one
//! per step result and one at the end of a run. Each entry is written, flushed and synced
//! before the run goes on, so a crash never loses the record of what was done.

use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use crate::cloud::model::Timestamp;

use super::plan::{Plan, RunbookKind};

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
    pub run: u64,
    pub user: &'a str,
    pub backend: &'a str,
    pub profile: Option<&'a str>,
    pub region: &'a str,
    pub runbook: RunbookKind,
    pub target: &'a str,
    #[serde(flatten)]
    pub record: Record<'a>,
}

/// The audit log file.
#[derive(Debug, Clone)]
pub struct AuditLog {
    path: PathBuf,
}

impl AuditLog {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one entry and syncs it to disk before returning.
    pub fn append(&self, entry: &Entry<'_>) -> io::Result<()> {
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let mut line = serde_json::to_vec(entry).map_err(io::Error::other)?;
        line.push(b'\n');
        let mut file = OpenOptions::new().create(true).append(true).open(&self.path)?;
        // One write of a whole line: appends from concurrent runs never interleave.
        file.write_all(&line)?;
        file.flush()?;
        file.sync_data()
    }

    /// Every entry, oldest first; a line that is not JSON comes back as an error naming it.
    pub fn read(&self) -> io::Result<Vec<Result<Value, String>>> {
        let file = match File::open(&self.path) {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(e),
        };
        let mut entries = Vec::new();
        for (n, line) in BufReader::new(file).lines().enumerate() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            entries.push(
                serde_json::from_str(&line)
                    .map_err(|e| format!("{}:{}: unreadable entry: {e}", self.path.display(), n + 1)),
            );
        }
        Ok(entries)
    }
}

/// The OS user running opsdeck.
pub fn os_user() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|var| std::env::var(var).ok().filter(|v| !v.is_empty()))
        .or_else(|| whoami::username().ok())
        .unwrap_or_else(|| "unknown".to_owned())
}

/// One entry as a line for people: time, run, event, runbook, target, user and the details.
pub fn describe(entry: &Value) -> String {
    let field = |name: &str| entry.get(name).and_then(Value::as_str).unwrap_or("—").to_owned();
    let run = entry.get("run").and_then(Value::as_u64).map_or("—".to_owned(), |r| format!("run {r}"));
    let head = format!(
        "{}  {run:<7} {:<9} {} {} ({} {}) by {}",
        field("time"),
        field("event"),
        field("runbook"),
        field("target"),
        field("backend"),
        field("region"),
        field("user")
    );
    let tail = match field("event").as_str() {
        "confirmed" => {
            let steps = entry.pointer("/plan/steps").and_then(Value::as_array).map_or(0, Vec::len);
            format!("{steps} steps")
        }
        "step" => {
            let id =
                entry.get("request_id").and_then(Value::as_str).map(|r| format!(" request {r}")).unwrap_or_default();
            let detail = entry.get("detail").and_then(Value::as_str).map(|d| format!(" — {d}")).unwrap_or_default();
            format!(
                "#{} {}: {}{id}{detail}",
                entry.get("index").and_then(Value::as_u64).unwrap_or(0) + 1,
                field("outcome"),
                field("step")
            )
        }
        "finished" => {
            let reason = entry.get("reason").and_then(Value::as_str).map(|r| format!(": {r}")).unwrap_or_default();
            format!("{}{reason}", field("outcome"))
        }
        _ => String::new(),
    };
    format!("{head}  {tail}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloud::model::{ResourceKey, Scope};
    use crate::runbook::plan::Risk;
    use chrono::{TimeZone, Utc};

    fn plan() -> Plan {
        Plan {
            runbook: RunbookKind::Snapshot,
            target: ResourceKey::new(Scope::region("us-east-1"), "shop-prod-db"),
            title: "Snapshot shop-prod-db".into(),
            risk: Risk::Low,
            checks: Vec::new(),
            steps: Vec::new(),
            effects: Vec::new(),
            data_at_risk: None,
        }
    }

    fn entry<'a>(plan: &'a Plan, record: Record<'a>) -> Entry<'a> {
        Entry {
            time: Utc.with_ymd_and_hms(2026, 11, 27, 15, 0, 0).unwrap(),
            run: 1,
            user: "alice",
            backend: "DEMO",
            profile: None,
            region: "us-east-1",
            runbook: plan.runbook,
            target: &plan.target.id,
            record,
        }
    }

    #[test]
    fn entries_append_and_read_back_in_order() {
        let dir = std::env::temp_dir().join(format!("opsdeck-audit-{}", std::process::id()));
        let log = AuditLog::new(dir.join("nested").join("audit.jsonl"));
        let plan = plan();
        log.append(&entry(&plan, Record::Confirmed { plan: &plan })).unwrap();
        let step = Record::Step {
            index: 0,
            step: "rds:CreateDBSnapshot".into(),
            outcome: "ok",
            request_id: Some("req-1".into()),
            detail: None,
        };
        log.append(&entry(&plan, step)).unwrap();
        log.append(&entry(&plan, Record::Finished { outcome: "succeeded", reason: None })).unwrap();
        let entries: Vec<Value> = log.read().unwrap().into_iter().map(Result::unwrap).collect();
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[0]["event"], "confirmed");
        assert_eq!(entries[0]["plan"]["title"], "Snapshot shop-prod-db");
        assert_eq!(entries[1]["request_id"], "req-1");
        assert_eq!(entries[2]["outcome"], "succeeded");
        assert!(
            describe(&entries[1]).contains("#1 ok: rds:CreateDBSnapshot request req-1"),
            "{}",
            describe(&entries[1])
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_missing_log_is_empty_and_a_broken_line_is_named() {
        let dir = std::env::temp_dir().join(format!("opsdeck-audit-broken-{}", std::process::id()));
        let log = AuditLog::new(dir.join("audit.jsonl"));
        assert!(log.read().unwrap().is_empty());
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(log.path(), "{\"event\":\"finished\"}\nnot json\n").unwrap();
        let entries = log.read().unwrap();
        assert!(entries[0].is_ok());
        assert!(entries[1].as_ref().unwrap_err().contains("audit.jsonl:2"));
        std::fs::remove_dir_all(dir).unwrap();
    }
}
