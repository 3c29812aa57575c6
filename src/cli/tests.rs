//! Unit tests of the command line: every subcommand and flag parses as documented, and bad
//! values are refused.

use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;

use super::{AuditAction, Cli, Command, FailOn, HubAction, ReportFormat, RunbookAction, is_check};
use crate::cloud::aws::Timeouts;
use crate::cloud::sim::Scenario;

#[test]
fn the_command_line_is_consistent() {
    use clap::CommandFactory;
    Cli::command().debug_assert();
}

#[test]
fn profiles_regions_and_timeouts_parse() {
    let args = "opsdeck --profile prod --profile dr --region eu-west-1 --region us-east-1 --attempt-timeout 3";
    let cli = Cli::try_parse_from(args.split(' ')).unwrap();
    assert_eq!(cli.source.profiles, ["prod", "dr"]);
    assert_eq!(cli.source.regions, ["eu-west-1", "us-east-1"]);
    assert_eq!(cli.timeouts(), Timeouts { attempt: Duration::from_secs(3), operation: Duration::from_secs(15) });
    assert_eq!(cli.fetch_timeout(), Duration::from_mins(1));
    assert!(Cli::try_parse_from(["opsdeck", "--call-timeout", "0"]).is_err());
}

#[test]
fn record_takes_a_path_or_none_for_the_recordings_folder() {
    let parse = |args: &[&str]| Cli::try_parse_from(args).unwrap().record;
    assert_eq!(parse(&["opsdeck", "--demo"]), None);
    assert_eq!(parse(&["opsdeck", "--demo", "--record"]), Some(None), "last on the line");
    assert_eq!(parse(&["opsdeck", "--record", "--demo"]), Some(None), "before another flag");
    assert_eq!(parse(&["opsdeck", "--record", "/tmp/x.odr"]), Some(Some(PathBuf::from("/tmp/x.odr"))));
}

#[test]
fn demo_flags_parse() {
    let cli = Cli::try_parse_from(["opsdeck", "--demo", "--scenario", "black-friday", "--speed", "30"]).unwrap();
    assert!(cli.source.demo);
    assert_eq!(cli.source.scenario, Scenario::BlackFriday);
    assert!((cli.source.speed - 30.0).abs() < f64::EPSILON);
}

#[test]
fn check_takes_the_source_flags_after_it() {
    let cli = Cli::try_parse_from(["opsdeck", "check", "--demo", "--format", "json", "--seed", "7"]).unwrap();
    let Some(Command::Check(args)) = cli.command else { panic!("not check") };
    assert_eq!(args.format, ReportFormat::Json);
    assert!(cli.source.demo);
    assert_eq!(cli.source.seed, 7);
    assert_eq!(args.fail_on, FailOn::Warn);
    assert!(Cli::try_parse_from(["opsdeck", "check", "--format", "yaml"]).is_err());
    let cli = "opsdeck check --format prometheus --fail-on critical --only cpu-hgh,no-multi-az --skip a";
    let Some(Command::Check(args)) = Cli::try_parse_from(cli.split(' ')).unwrap().command else { panic!() };
    assert_eq!((args.format, args.fail_on), (ReportFormat::Prometheus, FailOn::Critical));
    assert_eq!((args.only, args.skip), (vec!["cpu-hgh".to_owned(), "no-multi-az".to_owned()], vec!["a".to_owned()]));
    assert!(is_check(["opsdeck", "--demo", "check"].map(std::ffi::OsString::from)));
    assert!(!is_check(["opsdeck", "--demo"].map(std::ffi::OsString::from)));
}

#[test]
fn audit_prints_or_verifies() {
    let cli = Cli::try_parse_from(["opsdeck", "audit", "--tail", "3"]).unwrap();
    assert!(matches!(cli.command, Some(Command::Audit { action: None, tail: Some(3), json: false })));
    let cli = Cli::try_parse_from(["opsdeck", "audit", "verify", "--audit-log", "/tmp/a.jsonl"]).unwrap();
    assert!(matches!(cli.command, Some(Command::Audit { action: Some(AuditAction::Verify), .. })));
}

#[test]
fn theme_keymap_and_config_parse() {
    let cli = Cli::try_parse_from(["opsdeck", "config", "--theme", "warroom", "--keymap", "vim"]).unwrap();
    assert!(matches!(cli.command, Some(Command::Config { action: None })));
    assert_eq!((cli.theme.as_deref(), cli.keymap.as_deref()), (Some("warroom"), Some("vim")));
}

#[test]
fn runbook_lists_shows_and_lints() {
    let cli = Cli::try_parse_from(["opsdeck", "runbook", "show", "scale-up", "--target", "web", "--demo"]).unwrap();
    let Some(Command::Runbook { action: RunbookAction::Show { name, target, .. } }) = cli.command else { panic!() };
    assert_eq!((name.as_str(), target.as_str()), ("scale-up", "web"));
    let cli = Cli::try_parse_from(["opsdeck", "runbook", "lint", "x.toml"]).unwrap();
    assert!(matches!(cli.command, Some(Command::Runbook { action: RunbookAction::Lint { .. } })));
    assert!(Cli::try_parse_from(["opsdeck", "runbook", "show", "scale-up"]).is_err(), "--target is required");
}

#[test]
fn hub_takes_the_source_flags_and_a_console_takes_a_hub() {
    let cli = "opsdeck hub --nats nats://127.0.0.1:4222 --demo --fleet-size 300 --retention-hours 6";
    let cli = Cli::try_parse_from(cli.split(' ')).unwrap();
    let Some(Command::Hub(args)) = cli.command else { panic!("not hub") };
    assert_eq!(
        (args.nats.as_deref(), args.retention_hours, args.keyframe_minutes),
        (Some("nats://127.0.0.1:4222"), Some(6), 10)
    );
    assert_eq!((cli.source.demo, cli.source.fleet_size), (true, Some(300)));
    assert_eq!(args.replicas, None, "[hub] replicas unless given");
    let cli = Cli::try_parse_from(["opsdeck", "hub", "--demo", "--replicas", "3"]).unwrap();
    let Some(Command::Hub(args)) = cli.command else { panic!("not hub") };
    assert_eq!(args.replicas, Some(3));
    for bad in ["0", "6"] {
        assert!(Cli::try_parse_from(["opsdeck", "hub", "--replicas", bad]).is_err(), "{bad} replicas");
    }
    let cli = Cli::try_parse_from(["opsdeck", "hub", "status", "--nats", "nats://hub:4222"]).unwrap();
    let Some(Command::Hub(args)) = cli.command else { panic!("not hub") };
    assert!(matches!(args.action, Some(HubAction::Status)));
    let cli = Cli::try_parse_from(["opsdeck", "--hub", "nats://hub:4222"]).unwrap();
    assert_eq!(cli.hub.as_deref(), Some("nats://hub:4222"));
}

#[test]
fn bad_speed_and_scenario_are_refused() {
    assert!(Cli::try_parse_from(["opsdeck", "--demo", "--speed", "0"]).is_err());
    assert!(Cli::try_parse_from(["opsdeck", "--demo", "--scenario", "meteor"]).is_err());
}

#[test]
fn demo_start_takes_any_rfc3339_offset_and_keeps_it_in_utc() {
    let cli = Cli::try_parse_from(["opsdeck", "--demo", "--demo-start", "2026-11-27T04:15:00+01:00"]).unwrap();
    let start = cli.source.demo_start.map(|at| at.to_rfc3339());
    assert_eq!(start.as_deref(), Some("2026-11-27T03:15:00+00:00"));
    assert_eq!(Cli::try_parse_from(["opsdeck", "--demo"]).unwrap().source.demo_start, None, "now, by default");
    assert!(Cli::try_parse_from(["opsdeck", "--demo-start", "2026-11-27"]).is_err(), "a date alone is not a time");
}
