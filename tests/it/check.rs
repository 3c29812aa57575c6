//! `opsdeck check` end to end: the demo fleet judged through the library (on a paused clock),
//! the Fleet tab agreeing with it, and the built binary run as cron would run it.

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use opsdeck::check::{self, EXIT_CRITICAL, EXIT_UNUSABLE, EXIT_WARN, Fetched, Report};
use opsdeck::cloud::Inventory;
use opsdeck::cloud::sim::{Scenario, SimClock, SimConfig, Simulator};
use opsdeck::event::{Event, Polled};
use opsdeck::feed::Snapshot;
use opsdeck::judging::{Level, Thresholds};
use opsdeck::posture::{PostureSettings, RuleId};
use opsdeck::state::State;
use opsdeck::update::update;

fn simulator(scenario: Scenario) -> (Simulator, Arc<SimClock>) {
    let start = Utc.with_ymd_and_hms(2026, 11, 27, 15, 0, 0).unwrap();
    let clock = Arc::new(SimClock::manual(start));
    (Simulator::with_clock(SimConfig { scenario, ..SimConfig::default() }, Arc::clone(&clock)), clock)
}

async fn demo_report(sim: &Simulator) -> (Fetched, Report) {
    let fetched = check::fetch(sim, Duration::from_secs(15)).await;
    let report = check::judge(&fetched, &PostureSettings::default(), &Thresholds::default());
    (fetched, report)
}

fn rules_of(report: &Report, id: &str) -> Vec<RuleId> {
    let Some(r) = report.assessed.iter().find(|r| r.key.id == id) else { panic!("{id} not judged") };
    r.posture.findings.iter().map(|f| f.rule).collect()
}

#[tokio::test(start_paused = true)]
async fn the_legacy_instance_fails_exactly_what_it_should() {
    let (sim, _) = simulator(Scenario::Steady);
    let (fetched, report) = demo_report(&sim).await;
    assert!(fetched.errors.is_empty(), "{:?}", fetched.errors);
    assert_eq!(
        rules_of(&report, "legacy-reports-2014"),
        [
            RuleId::StorageUnencrypted,
            RuleId::PubliclyAccessible,
            RuleId::TlsNotRequired,
            RuleId::DbPortOpenToWorld,
            RuleId::NoMultiAz,
            RuleId::BackupRetentionShort,
            RuleId::BackupsNotReplicated,
            RuleId::DeletionProtectionOff,
            RuleId::PerformanceInsightsOff,
            RuleId::CaCertExpiring,
            RuleId::MasterPasswordUnmanaged,
            RuleId::FreeStorageLow,
            RuleId::AlarmsMissing,
        ]
    );
    let legacy = report.assessed.iter().find(|r| r.key.id == "legacy-reports-2014").unwrap();
    assert_eq!(
        legacy.posture.count(Level::Critical),
        4,
        "unencrypted, public, TLS not required on its public endpoint, its port open to the world"
    );
    assert_eq!(report.exit_code(), EXIT_CRITICAL);
    assert!(rules_of(&report, "shop-prod-db").is_empty(), "the hardened primary passes");
    let flagged: Vec<&str> =
        report.assessed.iter().filter(|r| !r.posture.findings.is_empty()).map(|r| r.key.id.as_str()).collect();
    assert_eq!(flagged, ["legacy-reports-2014"], "a steady day flags only the legacy instance");
    assert!(report.unknown().is_empty(), "the simulator reports every fact: {:?}", report.unknown());
}

#[tokio::test(start_paused = true)]
async fn black_friday_runs_the_groups_to_their_max() {
    let (sim, clock) = simulator(Scenario::BlackFriday);
    clock.advance(Duration::from_mins(30));
    let (_, report) = demo_report(&sim).await;
    assert!(rules_of(&report, "storefront-web").contains(&RuleId::AsgAtMax), "{report:#?}");
}

fn finding<'r>(report: &'r Report, id: &str, rule: RuleId) -> Option<&'r str> {
    let r = report.assessed.iter().find(|r| r.key.id == id)?;
    r.posture.findings.iter().find(|f| f.rule == rule).map(|f| &*f.message)
}

#[tokio::test(start_paused = true)]
async fn an_az_outage_leaves_the_failovers_not_ready_with_the_failed_precondition() {
    let (sim, clock) = simulator(Scenario::AzOutage);
    let (_, calm) = demo_report(&sim).await;
    for id in ["shop-catalog", "shop-prod-db", "shop-prod-db-dr"] {
        assert_eq!(finding(&calm, id, RuleId::FailoverNotReady), None, "{id} is ready before the outage");
    }
    // Eighty seconds into the outage: the primary is rebooting onto its standby and the DR
    // replica has stalled behind it.
    clock.advance(Duration::from_secs(200));
    let (_, report) = demo_report(&sim).await;
    let primary = finding(&report, "shop-prod-db", RuleId::FailoverNotReady);
    assert_eq!(primary, Some("fail over shop-prod-db: the instance is rebooting"), "{report:#?}");
    let dr = finding(&report, "shop-prod-db-dr", RuleId::FailoverNotReady).unwrap_or_default();
    let west = report.assessed.iter().find(|r| r.key.id == "shop-prod-db-dr");
    assert!(dr.starts_with("promote shop-prod-db-dr: replica lag ") && dr.ends_with(" over 30s"), "{dr} {west:?}");
}

#[tokio::test(start_paused = true)]
async fn the_az_outage_stalls_the_dr_backups_until_they_are_older_than_the_rpo() {
    let (sim, clock) = simulator(Scenario::AzOutage);
    clock.advance(Duration::from_mins(30));
    let (_, half_hour) = demo_report(&sim).await;
    assert_eq!(finding(&half_hour, "shop-prod-db", RuleId::DrBackupStale), None, "40 minutes behind, within 1 h");
    clock.advance(Duration::from_mins(35));
    let (_, report) = demo_report(&sim).await;
    let stale = finding(&report, "shop-prod-db", RuleId::DrBackupStale);
    assert_eq!(stale, Some("newest restorable backup in us-west-2 is 1h13m old, over the 1h00m RPO"));
}

#[tokio::test(start_paused = true)]
async fn the_fleet_tab_shows_the_same_findings_as_check() {
    let (sim, _) = simulator(Scenario::Steady);
    let (fetched, report) = demo_report(&sim).await;
    let mut state = State::new(sim.label(), sim.scopes());
    for (scope, data) in fetched.scopes {
        let snap = |d| Ok(Snapshot { data: d, fetched_at: fetched.at });
        let polls = [
            data.fleet.map(|d| Polled::Fleet(scope.clone(), snap(d))),
            data.metrics.map(|d| Polled::Metrics(scope.clone(), Ok(Snapshot { data: d, fetched_at: fetched.at }))),
            data.alarms.map(|d| Polled::Alarms(scope.clone(), Ok(Snapshot { data: d, fetched_at: fetched.at }))),
        ];
        for polled in polls.into_iter().flatten() {
            update(&mut state, Event::Polled(polled));
        }
    }
    for row in &state.rows.fleet {
        let judged = report.assessed.iter().find(|r| r.key == row.facts.key).unwrap();
        assert_eq!(row.posture, judged.posture, "{}", row.facts.key);
    }
}

/// A directory of its own for one process test's config files.
pub(crate) fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("opsdeck-it-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the built binary with no terminal, no user config and no colour hints.
pub(crate) fn opsdeck(args: &[&str], home: &PathBuf) -> Output {
    Command::new(env!("CARGO_BIN_EXE_opsdeck"))
        .args(args)
        .env_remove("OPSDECK_CONFIG")
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

/// A fixed virtual start for the simulated fleet, so that the report does not hang on the time
/// of day the suite runs at: Black Friday morning, outside every nightly backup window.
const DEMO_START: &str = "2026-11-27T09:00:00Z";

/// [`opsdeck`] on the simulated fleet started at [`DEMO_START`].
fn demo(args: &[&str], home: &PathBuf) -> Output {
    opsdeck(&[args, &["--demo-start", DEMO_START]].concat(), home)
}

#[test]
fn check_demo_as_a_process_exits_2_with_a_plain_report() {
    let home = scratch("text");
    let out = demo(&["check", "--demo"], &home);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(i32::from(EXIT_CRITICAL)), "{stdout}");
    assert!(stdout.starts_with("opsdeck check: CRITICAL - 4 critical, 9 warnings on 1 of 12 resources\n"), "{stdout}");
    assert!(stdout.contains("legacy-reports-2014 (DB instance, us-east-1)\n  - storage-unencrypted:"), "{stdout}");
    assert!(stdout.lines().all(|l| l.chars().count() <= 80), "{stdout}");
    assert!(!stdout.contains('\u{1b}'), "no colour when piped");
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
fn check_demo_json_parses_and_markdown_is_a_table() {
    let home = scratch("json");
    let out = demo(&["check", "--demo", "--format", "json"], &home);
    assert_eq!(out.status.code(), Some(i32::from(EXIT_CRITICAL)));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value["summary"]["exit_code"], 2);
    assert_eq!(value["summary"]["critical"], 4);
    let findings = value["findings"].as_array().unwrap();
    assert!(findings.iter().all(|f| f["resource"] == "legacy-reports-2014" && f["region"] == "us-east-1"));
    for key in ["rule", "severity", "resource", "region", "finding", "remedy"] {
        assert!(findings.iter().all(|f| f[key].is_string()), "{key}");
    }
    let md = demo(&["--demo", "check", "--format", "markdown"], &home);
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(md.contains("| `legacy-reports-2014` | DB instance | us-east-1 | `publicly-accessible` |"), "{md}");
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
fn config_overrides_reach_the_process_and_a_broken_config_names_its_line() {
    let home = scratch("config");
    let relaxed = home.join("relaxed.toml");
    std::fs::write(
        &relaxed,
        "[posture.rules]\nstorage-unencrypted = \"warn\"\npublicly-accessible = \"off\"\ntls-not-required = \"warn\"\ndb-port-open-to-world = \"warn\"\n",
    )
    .unwrap();
    let out = demo(&["check", "--demo", "--config", relaxed.to_str().unwrap()], &home);
    assert_eq!(out.status.code(), Some(i32::from(EXIT_WARN)), "{}", String::from_utf8_lossy(&out.stdout));

    let broken = home.join("config").join("opsdeck");
    std::fs::create_dir_all(&broken).unwrap();
    std::fs::write(
        broken.join("config.toml"),
        "[posture]\ncert_warn_days = 30\n\n[posture.rules]\ncpu-hgh = \"off\"\n",
    )
    .unwrap();
    let out = demo(&["check", "--demo"], &home);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(i32::from(EXIT_UNUSABLE)), "{stderr}");
    assert!(stderr.contains("opsdeck/config.toml:5:1:") && stderr.contains("cpu-hgh"), "{stderr}");
    assert!(out.stdout.is_empty(), "nothing is checked with a broken config");
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
fn a_mistyped_check_exits_4_not_2() {
    let home = scratch("usage");
    let out = demo(&["check", "--demo", "--format", "yaml"], &home);
    assert_eq!(out.status.code(), Some(i32::from(EXIT_UNUSABLE)));
    assert!(String::from_utf8_lossy(&out.stderr).contains("yaml"));
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
fn check_demo_for_monitoring_prometheus_and_junit() {
    let home = scratch("monitoring");
    let out = demo(&["check", "--demo", "--format", "prometheus"], &home);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(i32::from(EXIT_CRITICAL)), "{text}");
    assert!(out.stderr.is_empty(), "no progress line when stderr is not a terminal");
    assert!(text.starts_with("# HELP opsdeck_check_findings "), "{text}");
    for line in [
        "opsdeck_check_findings{rule=\"storage-unencrypted\",severity=\"critical\",resource=\"legacy-reports-2014\",kind=\"db-instance\",region=\"us-east-1\",profile=\"\"} 1",
        "opsdeck_check_findings_by_severity{severity=\"critical\"} 4",
        "opsdeck_check_findings_by_severity{severity=\"warn\"} 9",
        "opsdeck_check_feed_fetched{region=\"us-west-2\",profile=\"\",feed=\"alarms\"} 1",
        "opsdeck_check_resources 12",
        "opsdeck_check_exit_code 2",
    ] {
        assert!(text.lines().any(|l| l == line), "{line}\n{text}");
    }
    let names: std::collections::BTreeSet<&str> =
        text.lines().filter(|l| !l.starts_with('#')).map(|l| l.split(['{', ' ']).next().unwrap()).collect();
    for name in names {
        assert!(text.contains(&format!("# HELP {name} ")) && text.contains(&format!("# TYPE {name} gauge")), "{name}");
    }
    let out = demo(&["check", "--demo", "--format", "junit", "--fail-on", "critical"], &home);
    let xml = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(i32::from(EXIT_CRITICAL)), "{xml}");
    assert!(
        xml.contains("<testsuites name=\"opsdeck check (DEMO)\" tests=\"12\" failures=\"1\" errors=\"0\""),
        "{xml}"
    );
    assert!(xml.contains("<testsuite name=\"us-west-2\" tests=\"1\" failures=\"0\""), "{xml}");
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
fn fail_on_only_and_skip_choose_what_fails() {
    let home = scratch("fail-on");
    let code = |args: &[&str]| demo(args, &home).status.code();
    assert_eq!(code(&["check", "--demo", "--fail-on", "never"]), Some(0));
    assert_eq!(
        code(&[
            "check",
            "--demo",
            "--skip",
            "storage-unencrypted,publicly-accessible,tls-not-required,db-port-open-to-world"
        ]),
        Some(1)
    );
    let skipped = [
        "check",
        "--demo",
        "--skip",
        "storage-unencrypted,publicly-accessible,tls-not-required,db-port-open-to-world",
        "--fail-on",
        "critical",
    ];
    assert_eq!(code(&skipped), Some(0));
    let out = demo(&["check", "--demo", "--only", "no-multi-az", "--format", "json"], &home);
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules: Vec<&str> = value["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert_eq!((out.status.code(), rules), (Some(1), vec!["no-multi-az"]));
    let out = demo(&["check", "--demo", "--only", "no-multi-az,cpu-hgh"], &home);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(i32::from(EXIT_UNUSABLE)), "{stderr}");
    assert!(
        stderr.starts_with("opsdeck: --only: `cpu-hgh` is no rule; the rules are: storage-unencrypted, "),
        "{stderr}"
    );
    assert!(stderr.contains("cpu-high") && out.stdout.is_empty(), "{stderr}");
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
fn on_a_terminal_stderr_shows_progress_and_clears_it_and_the_report_is_unchanged() {
    use std::io::Read as _;
    let home = scratch("progress");
    let report = home.join("report.txt");
    let (mut pty, pts) = pty_process::blocking::open().unwrap();
    let mut child = pty_process::blocking::Command::new(env!("CARGO_BIN_EXE_opsdeck"))
        .args(["check", "--demo", "--demo-start", DEMO_START])
        .env_remove("OPSDECK_CONFIG")
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .stdout(std::fs::File::create(&report).unwrap())
        .spawn(pts)
        .unwrap();
    let status = child.wait().unwrap();
    // The pty gives EIO once the process (its only writer) is gone: everything has been read.
    let mut stderr = Vec::new();
    let _ = pty.read_to_end(&mut stderr);
    let stderr = String::from_utf8(stderr).unwrap();
    assert_eq!(status.code(), Some(i32::from(EXIT_CRITICAL)));
    assert!(stderr.starts_with("\r\u{1b}[2Kopsdeck check: fetching 2 regions..."), "{stderr:?}");
    assert!(stderr.contains("opsdeck check: fetched 2 of 2 regions ("), "{stderr:?}");
    assert!(stderr.ends_with("\r\u{1b}[2K"), "the line is cleared before the report: {stderr:?}");
    let plain = demo(&["check", "--demo"], &home);
    let text = std::fs::read_to_string(&report).unwrap();
    // The clock moves between the runs: compare all but the line with the time.
    let without_time = |t: &str| t.lines().filter(|l| !l.contains("checked ")).collect::<Vec<_>>().join("\n");
    assert_eq!(without_time(&text), without_time(&String::from_utf8(plain.stdout).unwrap()));
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
fn inside_the_primary_s_nightly_backup_window_its_failover_is_not_ready() {
    let home = scratch("backup-window");
    // shop-prod-db's backup window opens at 03:10 UTC and lasts twenty minutes.
    let out = opsdeck(&["check", "--demo", "--demo-start", "2026-11-27T03:15:00Z", "--format", "json"], &home);
    assert_eq!(out.status.code(), Some(i32::from(EXIT_CRITICAL)), "{}", String::from_utf8_lossy(&out.stderr));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = value["findings"].as_array().unwrap();
    let failover: Vec<_> = findings.iter().filter(|f| f["rule"] == "failover-not-ready").collect();
    assert_eq!(failover.len(), 1, "{findings:#?}");
    assert_eq!((&failover[0]["resource"], &failover[0]["severity"]), (&"shop-prod-db".into(), &"warn".into()));
    assert!(failover[0]["finding"].as_str().unwrap().contains("backing-up"), "{:?}", failover[0]);
    assert_eq!((&value["summary"]["critical"], &value["summary"]["warn"]), (&4.into(), &10.into()), "{value}");
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
fn a_demo_start_that_is_not_a_time_is_a_usage_error() {
    let home = scratch("demo-start");
    let out = opsdeck(&["check", "--demo", "--demo-start", "friday"], &home);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(i32::from(EXIT_UNUSABLE)), "{stderr}");
    assert!(stderr.contains("`friday` is not an RFC 3339 time such as 2026-11-27T09:00:00Z"), "{stderr}");
    assert!(out.stdout.is_empty());
    let _ = std::fs::remove_dir_all(&home);
}
