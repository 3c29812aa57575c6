//! The audit log on disk: entries and their links, reading past damage, verifying the chain
//! (edits, cuts, forks, torn lines), concurrent appends, run ids and escaped output.

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
        runbook_file: None,
    }
}

fn entry<'a>(plan: &'a Plan, run_id: &'a str, record: Record<'a>) -> Entry<'a> {
    Entry {
        time: Utc.with_ymd_and_hms(2026, 11, 27, 15, 0, 0).unwrap(),
        run: 1,
        run_id,
        user: "alice",
        account: Some("000000000000"),
        principal: Some("arn:aws:iam::000000000000:user/demo"),
        backend: "DEMO",
        profile: None,
        region: "us-east-1",
        runbook: plan.runbook,
        target: &plan.target.id,
        record,
    }
}

/// A fresh log in a folder of its own; the folder is removed by the test.
fn scratch(name: &str) -> (PathBuf, AuditLog) {
    let dir = std::env::temp_dir().join(format!("opsdeck-audit-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let log = AuditLog::new(dir.join("nested").join("audit.jsonl"));
    (dir, log)
}

fn finished<'a>(plan: &'a Plan, run_id: &'a str) -> Entry<'a> {
    entry(plan, run_id, Record::Finished { outcome: "succeeded", reason: None })
}

fn lines(log: &AuditLog) -> Vec<String> {
    std::fs::read_to_string(log.path()).unwrap().lines().map(str::to_owned).collect()
}

fn problems(log: &AuditLog) -> Vec<(usize, String)> {
    log.verify().unwrap().problems.into_iter().map(|p| (p.line, p.what)).collect()
}

#[test]
fn entries_append_and_read_back_in_order_each_linked_to_the_one_before() {
    let (dir, log) = scratch("order");
    let plan = plan();
    log.append(&entry(&plan, "r1", Record::Confirmed { plan: &plan })).unwrap();
    let step = Record::Step {
        index: 0,
        step: "rds:CreateDBSnapshot".into(),
        outcome: "ok",
        request_id: Some("req-1".into()),
        detail: None,
    };
    log.append(&entry(&plan, "r1", step)).unwrap();
    log.append(&finished(&plan, "r1")).unwrap();
    let entries: Vec<Value> = log.read().unwrap().into_iter().map(|(_, e)| e.unwrap()).collect();
    assert_eq!(entries.len(), 3);
    assert_eq!(entries[0]["event"], "confirmed");
    assert_eq!(entries[0]["plan"]["title"], "Snapshot shop-prod-db");
    assert_eq!((&entries[1]["run"], &entries[1]["run_id"]), (&Value::from(1), &Value::from("r1")));
    assert_eq!(entries[1]["request_id"], "req-1");
    assert_eq!(entries[2]["outcome"], "succeeded");
    let raw = lines(&log);
    assert_eq!(entries[0][chain::LINK], Value::Null, "the first entry starts the chain");
    assert_eq!(entries[1][chain::LINK], chain::sha256_hex(raw[0].as_bytes()));
    assert_eq!(entries[2][chain::LINK], chain::sha256_hex(raw[1].as_bytes()));
    let verified = log.verify().unwrap();
    assert!(verified.is_intact(), "{verified:?}");
    assert_eq!((verified.lines, verified.runs.len()), (3, 1));
    assert!(describe(&entries[1]).contains("#1 ok: rds:CreateDBSnapshot request req-1"), "{}", describe(&entries[1]));
    std::fs::remove_dir_all(dir).unwrap();
}

#[cfg(unix)]
#[test]
fn the_log_and_its_folder_are_created_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, log) = scratch("mode");
    log.append(&finished(&plan(), "r1")).unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(log.path()) & 0o077, 0, "{:o}", mode(log.path()));
    assert_eq!(mode(log.path().parent().unwrap()) & 0o077, 0);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_missing_log_is_empty_and_damaged_lines_are_named_and_read_past() {
    let (dir, log) = scratch("broken");
    assert!(log.read().unwrap().is_empty());
    assert!(log.verify().unwrap().is_intact());
    std::fs::create_dir_all(log.path().parent().unwrap()).unwrap();
    let content = b"{\"event\":\"finished\"}\nnot json\n\xff\xfe not utf-8\n\n{\"event\":\"step\"}\n{\"eve";
    std::fs::write(log.path(), content).unwrap();
    let read = log.read().unwrap();
    let numbers: Vec<usize> = read.iter().map(|(n, _)| *n).collect();
    assert_eq!(numbers, [1, 2, 3, 5, 6], "the blank line 4 is skipped");
    assert!(read[0].1.is_ok() && read[3].1.is_ok(), "entries after damage are read: {read:?}");
    for (i, line) in [(1, 2), (2, 3), (4, 6)] {
        let why = read[i].1.as_ref().unwrap_err();
        assert!(why.contains(&format!("audit.jsonl:{line}: skipped")), "{why}");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn verify_names_the_first_edited_removed_or_unchained_line() {
    let (dir, log) = scratch("verify");
    let plan = plan();
    for _ in 0..4 {
        log.append(&finished(&plan, "r1")).unwrap();
    }
    let intact = lines(&log);
    let rewrite = |lines: &[String]| std::fs::write(log.path(), lines.join("\n") + "\n").unwrap();
    let mut edited = intact.clone();
    edited[1] = edited[1].replace("succeeded", "failed");
    rewrite(&edited);
    assert_eq!(problems(&log), [(3, "links to nothing in the file: line 2 was changed, or lines were removed".into())]);
    let removed = [intact[0].clone(), intact[2].clone(), intact[3].clone()];
    rewrite(&removed);
    assert_eq!(problems(&log)[0].0, 2);
    rewrite(&intact[1..]);
    assert!(problems(&log)[0].1.contains("lines before it were removed"), "{:?}", problems(&log));
    let mut unchained = intact.clone();
    unchained.insert(2, r#"{"event":"finished","run":1}"#.to_owned());
    rewrite(&unchained);
    let found = problems(&log);
    assert_eq!(found[0].0, 3);
    assert!(found[0].1.contains("no prev_sha256"), "{found:?}");
    rewrite(&intact);
    assert!(log.verify().unwrap().is_intact());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_fork_from_two_unlocked_writers_is_named() {
    let (dir, log) = scratch("fork");
    let plan = plan();
    log.append(&finished(&plan, "a")).unwrap();
    log.append(&finished(&plan, "a")).unwrap();
    // A writer that did not wait for the lock read the same last line as the one before it.
    let mut raw = lines(&log);
    let mut second: Value = serde_json::from_str(&raw[1]).unwrap();
    second["run_id"] = "b".into();
    raw.push(second.to_string());
    std::fs::write(log.path(), raw.join("\n") + "\n").unwrap();
    let verified = log.verify().unwrap();
    assert_eq!(verified.runs.len(), 2);
    assert_eq!(
        verified.problems,
        [Problem {
            line: 3,
            what: "fork: links to line 1, not to line 2: two writers appended to the same end of the log".into()
        }]
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_torn_last_line_is_named_and_the_next_entry_starts_a_line_of_its_own() {
    let (dir, log) = scratch("torn");
    let plan = plan();
    log.append(&finished(&plan, "r1")).unwrap();
    let mut file = std::fs::OpenOptions::new().append(true).open(log.path()).unwrap();
    file.write_all(b"{\"time\":\"2026-11-27T15:").unwrap();
    drop(file);
    let found = problems(&log);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, 2);
    assert!(found[0].1.starts_with("torn"), "{found:?}");
    log.append(&finished(&plan, "r2")).unwrap();
    let found = problems(&log);
    assert_eq!(found.iter().map(|p| p.0).collect::<Vec<_>>(), [2], "only the torn line: {found:?}");
    assert!(found[0].1.starts_with("not an audit entry"), "{found:?}");
    let read = log.read().unwrap();
    assert_eq!(read[2].1.as_ref().unwrap()["run_id"], "r2");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn concurrent_appends_queue_up_and_keep_one_chain() {
    let (dir, log) = scratch("concurrent");
    let plan = plan();
    let ids: Vec<&'static str> = vec!["w0", "w1", "w2", "w3"];
    std::thread::scope(|s| {
        for &id in &ids {
            // Each writer opens the file on its own, as another process would.
            let log = AuditLog::new(log.path());
            let plan = &plan;
            s.spawn(move || {
                for _ in 0..25 {
                    log.append(&finished(plan, id)).unwrap();
                }
            });
        }
    });
    let verified = log.verify().unwrap();
    assert!(verified.is_intact(), "{:?}", verified.problems);
    assert_eq!((verified.lines, verified.runs.len()), (100, 4));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_write_that_fails_names_the_file() {
    let (dir, log) = scratch("unwritable");
    std::fs::create_dir_all(log.path()).unwrap();
    let error = log.append(&finished(&plan(), "r1")).unwrap_err();
    assert!(error.to_string().contains("audit.jsonl"), "{error}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn run_ids_are_unique_and_long() {
    let ids: std::collections::BTreeSet<String> = (0..1000).map(|_| new_run_id()).collect();
    assert_eq!(ids.len(), 1000);
    assert!(ids.iter().all(|id| id.len() == 32 && id.chars().all(|c| c.is_ascii_hexdigit())));
}

#[test]
fn a_described_entry_cannot_drive_the_terminal() {
    let entry = serde_json::json!({
        "event": "step", "index": 0, "outcome": "failed", "step": "rds:RebootDBInstance",
        "run": 3, "run_id": "0123456789abcdef",
        "target": "db\u{1b}]0;owned\u{7}\u{202e}", "detail": "boom\r\n\u{9b}31m",
    });
    let line = describe(&entry);
    assert!(!line.chars().any(crate::printable::is_unsafe), "{line:?}");
    assert!(line.contains("db\\u{1b}]0;owned\\u{7}\\u{202e}"), "{line}");
    assert!(line.contains("run 3   01234567"), "{line}");
}

#[test]
fn a_confirmed_team_runbook_names_its_file_and_a_built_in_does_not() {
    let entry = |plan: serde_json::Value| serde_json::json!({ "event": "confirmed", "run": 1, "plan": plan });
    let team = entry(serde_json::json!({ "steps": [{}], "runbook_file": "add-two (/etc/rb/add\u{1b}[2J.toml)" }));
    let line = describe(&team);
    assert!(line.ends_with("1 steps, runbook add-two (/etc/rb/add\\u{1b}[2J.toml)"), "{line}");
    assert!(describe(&entry(serde_json::json!({ "steps": [{}] }))).ends_with("1 steps"));
}
