//! The audit log end to end: two sessions sharing a log are told apart and keep one chain; a
//! log that cannot be written mid-run stops the run before its next call, and the runs panel
//! says why; `opsdeck audit` and `opsdeck audit verify` run as processes on a real log, damaged
//! and whole.

use std::sync::Arc;

use opsdeck::cloud::model::ResourceKey;
use opsdeck::cloud::{Clock, Inventory, Operations};
use opsdeck::config::keymap::Keymap;
use opsdeck::config::theme::Theme;
use opsdeck::event::Event;
use opsdeck::runbook::catalog::plan;
use opsdeck::runbook::plan::{Request, Step};
use opsdeck::runbook::report::{RunStatus, RunUpdate};
use opsdeck::update::update;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::check::{opsdeck, scratch};
use crate::fixtures::writes::AfterEachWrite;
use crate::runbooks::{Bench, east};

#[tokio::test(start_paused = true)]
async fn two_sessions_sharing_a_log_are_told_apart_and_keep_one_chain() {
    let bench = Bench::new("sessions");
    let group = ResourceKey::new(east(), "checkout-api");
    for _ in 0..2 {
        // Each pass is a new session: its runner numbers its first run 1, as every session does.
        let state = bench.state().await;
        let target = state.group(&group).unwrap().desired + 1;
        let request = Request::ScaleUp { group: group.clone(), target };
        let (status, _) = bench.run(plan(&state.fleet_view(), &request), bench.ops()).await;
        assert_eq!(status, RunStatus::Succeeded);
    }
    let audit = bench.audit();
    assert!(audit.iter().all(|e| e["run"] == 1), "the short number restarts");
    // Who did it: the OS user, and the account and principal of the simulated fleet.
    assert!(audit.iter().all(|e| e["account"] == "000000000000"), "{audit:?}");
    assert!(audit.iter().all(|e| e["principal"] == "arn:aws:iam::000000000000:user/demo"), "{audit:?}");
    let ids: Vec<&str> = audit.iter().map(|e| e["run_id"].as_str().unwrap()).collect();
    let changes = ids.windows(2).filter(|w| w[0] != w[1]).count();
    assert_eq!(changes, 1, "two runs, each entry naming its own: {ids:?}");
    let verified = bench.audit.verify().unwrap();
    assert!(verified.is_intact(), "{:?}", verified.problems);
    assert_eq!((verified.lines, verified.runs.len()), (audit.len(), 2));
    let _ = std::fs::remove_file(bench.audit.path());
}

#[tokio::test(start_paused = true)]
async fn a_log_that_cannot_be_written_mid_run_stops_the_run_before_its_next_call_and_the_panel_says_why() {
    let bench = Bench::new("unwritable");
    let mut state = bench.state().await;
    let key = ResourceKey::new(east(), "checkout-api");
    let before = state.group(&key).unwrap().clone();
    let plan = plan(&state.fleet_view(), &Request::ScaleUp { group: key.clone(), target: before.max + 2 });
    assert!(matches!(plan.steps.as_slice(), [Step::Call { .. }, Step::Call { .. }, Step::Wait { .. }]), "{plan:?}");
    // Right after the first call the log is moved aside and a folder takes its path, which
    // nobody (root included) can append to.
    let log = bench.audit.path().to_path_buf();
    let kept_path = log.with_extension("kept");
    let moved = kept_path.clone();
    let ops = Arc::new(AfterEachWrite::new(&bench.sim, move |before, result| {
        if before == 0 {
            std::fs::rename(&log, &moved).unwrap();
            std::fs::create_dir(&log).unwrap();
        }
        result
    }));
    let id = state.runs.start(plan.clone(), bench.clock.now());
    assert_eq!(id, 1, "the bench runs its plans as run 1");
    let reports = bench.reports(plan, Arc::clone(&ops) as Arc<dyn Operations>).await;

    let Some(RunUpdate::Finished(RunStatus::Failed(why))) = reports.last().map(|r| r.update.clone()) else {
        panic!("{reports:?}")
    };
    assert!(why.contains("the audit log cannot be written") && why.contains("stopped after step 1"), "{why}");
    assert!(why.contains(&bench.audit.path().display().to_string()), "the file is named: {why}");
    assert_eq!(*ops.calls.lock().unwrap(), ["set_max_size"], "the second call was never made");
    let groups = bench.sim.scaling_groups(&east()).await.unwrap();
    let after = groups.iter().find(|g| g.name == key.id).unwrap();
    assert_eq!((after.max, after.desired), (before.max + 2, before.desired), "done stays done, the rest was not");
    let kept = std::fs::read_to_string(&kept_path).unwrap();
    assert_eq!(kept.lines().count(), 1, "the confirmation was recorded before the first call: {kept}");

    for report in reports {
        update(&mut state, Event::Run(report));
    }
    let Ok(mut terminal) = Terminal::new(TestBackend::new(200, 50));
    let keymap = Keymap::builtin("default").unwrap_or_default();
    let now = bench.clock.now();
    let Ok(_) = terminal.draw(|frame| opsdeck::ui::draw(frame, &state, now, &Theme::default(), &keymap));
    let screen = terminal.backend().to_string();
    assert!(screen.contains("✗ run 1"), "{screen}");
    assert!(screen.contains("failed at step 1/3: the audit log cannot be written"), "{screen}");
    std::fs::remove_dir(bench.audit.path()).unwrap();
    std::fs::remove_file(&kept_path).unwrap();
}

#[tokio::test(start_paused = true)]
async fn audit_and_audit_verify_as_processes_on_a_whole_then_damaged_log() {
    let bench = Bench::new("process");
    let state = bench.state().await;
    let group = ResourceKey::new(east(), "checkout-api");
    let target = state.group(&group).unwrap().desired + 1;
    let request = Request::ScaleUp { group, target };
    let (status, _) = bench.run(plan(&state.fleet_view(), &request), bench.ops()).await;
    assert_eq!(status, RunStatus::Succeeded);
    let home = scratch("audit-process");
    let log = bench.audit.path().to_str().unwrap().to_owned();
    let run = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["--audit-log", log.as_str()]);
        let out = opsdeck(&all, &home);
        (out.status.code(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
    };

    let (code, stdout, _) = run(&["audit", "verify"]);
    assert_eq!(code, Some(0), "{stdout}");
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.ends_with(": intact, 4 entries of 1 run, each linked to the one before\n"), "{stdout}");

    // An entry edited, a hostile one added by hand, and a line torn by a crash.
    let mut lines: Vec<String> = std::fs::read_to_string(&log).unwrap().lines().map(str::to_owned).collect();
    lines[1] = lines[1].replace("\"ok\"", "\"failed\"");
    lines.push(r#"{"event":"finished","run":9,"target":"db\u001b]0;owned\u0007\u202e","outcome":"ok"}"#.to_owned());
    lines.push("{\"time\":\"2026-".to_owned());
    std::fs::write(&log, lines.join("\n")).unwrap();

    let (code, stdout, stderr) = run(&["audit", "verify"]);
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    let first = stderr.lines().next().unwrap_or_default();
    assert!(
        first.ends_with(".jsonl:3: links to nothing in the file: line 2 was changed, or lines were removed"),
        "{stderr}"
    );
    assert!(stderr.contains(":5: no prev_sha256") && stderr.contains(":6: torn"), "{stderr}");
    assert!(stderr.contains("broken, 3 of 6 lines do not hold up, the first at line 3"), "{stderr}");

    let (code, stdout, stderr) = run(&["audit"]);
    assert_eq!(code, Some(1), "a damaged line is an error, after the rest was printed");
    assert_eq!(stdout.lines().count(), 5, "every readable entry: {stdout}");
    assert!(stderr.contains(".jsonl:6: skipped, not a JSON entry"), "{stderr}");
    assert!(!stdout.chars().any(|c| c != '\n' && opsdeck::printable::is_unsafe(c)), "{stdout:?}");
    assert!(stdout.contains("db\\u{1b}]0;owned\\u{7}\\u{202e}"), "{stdout}");
    let (_, json, _) = run(&["audit", "--json", "--tail", "2"]);
    let value: serde_json::Value = serde_json::from_str(json.trim()).unwrap();
    assert_eq!(value["target"], "db\u{1b}]0;owned\u{7}\u{202e}", "JSON keeps the value, escaped: {json}");
    assert!(!json.chars().any(|c| c != '\n' && opsdeck::printable::is_unsafe(c)), "{json:?}");
    let _ = std::fs::remove_dir_all(&home);
    let _ = std::fs::remove_file(&log);
}
