//! `opsdeck runbook list | show | lint` as a process: what they print and their exit codes,
//! with a team runbook in the config dir's `runbooks/`.

use std::path::Path;

use crate::check::{opsdeck, scratch};

/// A team runbook, also the picker's (`ui_picker`).
pub(crate) const TEAM: &str = r#"
name = "add-two"
description = "two more, never beyond the maximum"
title = "Add two to {id}"
target = "auto_scaling_group"
risk = "low"

[[steps]]
call = "set_desired_capacity"
with = { to = "min(desired + 2, max)" }

[[steps]]
approve = true
"#;

fn with_team_runbook(home: &Path) {
    let folder = home.join("config").join("opsdeck").join("runbooks");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("add-two.toml"), TEAM).unwrap();
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn list_names_the_built_ins_and_the_team_runbook_with_its_file() {
    let home = scratch("runbook-list");
    with_team_runbook(&home);
    let out = opsdeck(&["runbook", "list"], &home);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    let names: Vec<&str> = text.lines().filter_map(|l| l.split_whitespace().next()).collect();
    assert_eq!(
        names,
        [
            "scale-up",
            "snapshot",
            "snapshot-cluster",
            "failover-multi-az",
            "failover-aurora",
            "promote-replica",
            "prescale-window",
            "remove-scheduled-action",
            "pause-alarm-actions",
            "resume-alarm-actions",
            "add-aurora-reader",
            "resize-instance",
            "add-two"
        ]
    );
    assert!(text.lines().last().unwrap().ends_with("add-two.toml)"), "{text}");
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
fn show_prints_the_plan_on_the_simulated_fleet_and_exits_by_whether_it_could_run() {
    let home = scratch("runbook-show");
    with_team_runbook(&home);
    let out = opsdeck(&["runbook", "show", "scale-up", "--target", "checkout-api", "--demo"], &home);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    // The simulated traffic follows the wall clock, and so does the group's desired capacity:
    // the target is read from the plan, then held to what the plan says of it.
    let target = text
        .strip_prefix("Scale up checkout-api to ")
        .and_then(|rest| rest.split_once(" (scale-up on checkout-api, us-east-1)\n"))
        .and_then(|(n, _)| n.parse::<u32>().ok())
        .unwrap_or_else(|| panic!("{text}"));
    let step =
        format!("  1. autoscaling:SetDesiredCapacity AutoScalingGroupName=checkout-api DesiredCapacity={target}");
    assert!(text.contains(&step), "{text}");
    assert!(text.contains(&format!(", target {target}\n")), "{text}");
    let out =
        opsdeck(&["runbook", "show", "pause-alarm-actions", "--target", "shop-prod-db-cpu-high", "--demo"], &home);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("  1. cloudwatch:DisableAlarmActions AlarmNames=shop-prod-db-cpu-high (us-east-1)"),
        "{text}"
    );
    let out =
        opsdeck(&["runbook", "show", "resume-alarm-actions", "--target", "shop-prod-db-cpu-high", "--demo"], &home);
    assert_eq!(out.status.code(), Some(1), "nothing is paused: {}", stdout(&out));
    let out = opsdeck(&["runbook", "show", "add-two", "--target", "checkout-api", "--demo"], &home);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "self-approval is off: {text}");
    assert!(text.contains("  FAIL a second person approves: no war-room hub"), "{text}");
    let out = opsdeck(&["runbook", "show", "add-two", "--target", "shop-prod-db", "--demo"], &home);
    assert_eq!(out.status.code(), Some(1), "not a group: {}", stdout(&out));
    assert!(stdout(&out).contains("FAIL the group is known"), "{}", stdout(&out));
    let out = opsdeck(&["runbook", "show", "nope", "--target", "x", "--demo"], &home);
    assert_eq!(out.status.code(), Some(4));
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
fn lint_exits_0_on_a_valid_file_and_1_with_the_located_error() {
    let home = scratch("runbook-lint");
    let good = home.join("good.toml");
    std::fs::write(&good, TEAM).unwrap();
    let out = opsdeck(&["runbook", "lint", good.to_str().unwrap()], &home);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let bad = home.join("bad.toml");
    std::fs::write(&bad, TEAM.replace("timeout", "x").replace("approve = true", "wait = \"in_service\"")).unwrap();
    let out = opsdeck(&["runbook", "lint", bad.to_str().unwrap()], &home);
    assert_eq!(out.status.code(), Some(1));
    let expected = format!("{}:13:8: the wait `in_service` needs a `timeout` (e.g. \"15m\")\n", bad.display());
    assert_eq!(stdout(&out), expected);
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
fn a_broken_team_runbook_stops_the_console_before_the_terminal() {
    let home = scratch("runbook-broken");
    with_team_runbook(&home);
    let folder = home.join("config").join("opsdeck").join("runbooks");
    std::fs::write(
        folder.join("zz.toml"),
        TEAM.replace("add-two", "zz").replace("set_desired_capacity", "drop_database"),
    )
    .unwrap();
    let out = opsdeck(&["--demo"], &home);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0));
    assert!(stderr.contains("zz.toml:9:8: unknown operation `drop_database`"), "{stderr}");
    assert!(out.stdout.is_empty(), "nothing drawn");
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
fn show_takes_parameters_and_says_what_each_was() {
    let home = scratch("runbook-show-params");
    let args = |extra: &[&'static str]| {
        let mut args = vec!["runbook", "show", "prescale-window", "--target", "checkout-api", "--demo"];
        args.extend_from_slice(extra);
        args
    };
    let out = opsdeck(&args(&["--param", "start=2036-11-27 06:00", "--param", "window_desired=10"]), &home);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    let params: Vec<&str> = text.lines().skip_while(|l| *l != "parameters:").skip(1).take(5).collect();
    assert_eq!(params[0], "  start = 2036-11-27 06:00 UTC (given)", "{text}");
    assert_eq!(params[1], "  end = 2036-11-27 18:00 UTC (default)", "follows the start: {text}");
    assert_eq!(params[2], "  window_desired = 10 (given)", "{text}");
    assert_eq!(params[3], "  window_min = 10 (default)", "follows the desired capacity: {text}");
    assert!(text.contains("StartTime=2036-11-27T06:00:00Z MinSize=10 DesiredCapacity=10"), "{text}");
    let out = opsdeck(&args(&["--param", "start=2036-13-27 06:00"]), &home);
    assert_eq!(out.status.code(), Some(1), "not a time: the plan cannot run: {}", stdout(&out));
    assert!(stdout(&out).contains("month 13 is not 01–12"), "{}", stdout(&out));
    let out = opsdeck(&args(&["--param", "size=3"]), &home);
    assert_eq!(out.status.code(), Some(4));
    assert!(
        stdout(&out).contains("prescale-window has no parameter `size`: expected one of start, end,"),
        "{}",
        stdout(&out)
    );
    let _ = std::fs::remove_dir_all(&home);
}
