//! Broken runbook files and the exact error each gives, and random edits of valid files: a
//! valid runbook or an error at a line and column, never a panic.

use proptest::prelude::*;

use super::BUILTIN;
use super::LoadError;
use super::validate::load;

const HEAD: &str = "name = \"t\"\ntitle = \"T {id}\"\ntarget = \"auto_scaling_group\"\nrisk = \"low\"\n";
const CALL: &str = "[[steps]]\ncall = \"set_desired_capacity\"\nwith = { to = \"desired + 1\" }\n";

fn error(text: &str) -> String {
    load("t.toml", text, false).map_or_else(|e| e.to_string(), |_| "valid".to_owned())
}

#[test]
fn a_minimal_file_is_valid() {
    assert_eq!(error(&format!("{HEAD}{CALL}")), "valid");
}

#[test]
fn broken_steps_give_located_errors() {
    let cases: &[(String, &str)] = &[
        (
            format!("{HEAD}[[steps]]\ncall = \"delete_everything\"\n"),
            "t.toml:6:8: unknown operation `delete_everything`: expected one of set_desired_capacity, set_max_size, put_scheduled_action, delete_scheduled_action, create_db_snapshot, copy_db_snapshot, create_cluster_snapshot, reboot_with_failover, failover_cluster, promote_read_replica, disable_alarm_actions, enable_alarm_actions, create_cluster_instance, modify_instance_class",
        ),
        (
            format!("{HEAD}[[steps]]\ncall = \"set_desired_capacity\"\nwith = {{ to = \"desird + 1\" }}\n"),
            "t.toml:7:16: unknown property or parameter `desird` of target kind auto_scaling_group: expected one of id, region, now, stamp, lag_limit, desired, min, max, in_service, pending, scheduled, next_scheduled",
        ),
        (
            format!("{HEAD}[[steps]]\ncall = \"set_desired_capacity\"\nwith = {{ count = \"1\" }}\n"),
            "t.toml:7:10: unknown parameter `count` of `set_desired_capacity`: expected to",
        ),
        (
            format!("{HEAD}[[steps]]\ncall = \"set_desired_capacity\"\n"),
            "t.toml:6:8: `set_desired_capacity` needs `to` (the new desired capacity)",
        ),
        (
            format!("{HEAD}[[steps]]\ncall = \"set_max_size\"\nwith = {{ to = \"max + 1\" }}\n"),
            "t.toml:6:8: `set_max_size` is a high-risk call in a low-risk runbook: set risk = \"high\", or plan it only `when` the runbook's `high_when` holds",
        ),
        (
            format!("{HEAD}{CALL}[[steps]]\nwait = \"in_service\"\nwith = {{ count = \"desired\" }}\n"),
            "t.toml:9:8: the wait `in_service` needs a `timeout` (e.g. \"15m\")",
        ),
        (
            format!(
                "{HEAD}{CALL}[[steps]]\nwait = \"in_service\"\nwith = {{ count = \"desired\" }}\ntimeout = \"forever\"\n"
            ),
            "t.toml:11:11: a timeout is a number with s, m or h, 1s to 24h, e.g. \"15m\"",
        ),
        (
            format!("{HEAD}{CALL}[[steps]]\nwait = \"standalone\"\ntimeout = \"1m\"\n"),
            "t.toml:9:8: `standalone` waits on target kind read_replica, not auto_scaling_group",
        ),
        (
            format!("{HEAD}[[steps]]\ncall = \"promote_read_replica\"\n"),
            "t.toml:6:8: `promote_read_replica` acts on target kind read_replica, not auto_scaling_group",
        ),
    ];
    assert_all(cases);
}

#[test]
fn broken_expressions_and_file_fields_give_located_errors() {
    let cases: &[(String, &str)] = &[
        (
            format!("{HEAD}{CALL}[[checks]]\nwhat = \"x\"\nassert = \"desired >\"\nwhy = \"w\"\n"),
            "t.toml:10:20: expected a value",
        ),
        (
            format!("{HEAD}{CALL}[[checks]]\nwhat = \"x\"\nassert = \"system('ls')\"\nwhy = \"w\"\n"),
            "t.toml:10:11: unknown function `system`: expected one of min, max, ceil, floor, if, known, secs, status_of, lag_of, scheduled_of",
        ),
        (
            format!("{HEAD}{CALL}[[steps]]\nassert = \"desired_unchanged\"\n"),
            "t.toml:9:10: an `assert` re-checks before a call: a `call` step must follow it",
        ),
        (
            format!("{HEAD}[[steps]]\nwait = \"in_service\"\ncall = \"set_desired_capacity\"\n"),
            "t.toml:7:8: a step is one of `call`, `wait`, `assert` or `approve`, not two",
        ),
        (
            format!("{HEAD}{CALL}[[steps]]\ntimeout = \"1m\"\n"),
            "t.toml:8:1: a step needs one of `call`, `wait`, `assert` or `approve`",
        ),
        (HEAD.to_owned(), "t.toml:1:8: a runbook makes at least one `call`"),
        (
            HEAD.replace("auto_scaling_group", "lambda"),
            "t.toml:3:10: unknown target kind `lambda`: expected one of db_instance, aurora_cluster, read_replica, auto_scaling_group, alarm",
        ),
        (HEAD.replace("\"low\"", "\"medium\""), "t.toml:4:8: unknown risk `medium`: expected one of low, high"),
        (
            format!("{HEAD}shell = \"rm -rf /\"\n{CALL}"),
            "t.toml:5:1: unknown field `shell`, expected one of `name`, `title`, `target`, `risk`, `high_when`, `description`, `kind`, `params`, `checks`, `steps`, `effects`, `data_at_risk`",
        ),
        (
            format!("{HEAD}{CALL}[[params]]\nname = \"max\"\ntype = \"integer\"\n"),
            "t.toml:9:8: `max` is already a property or parameter",
        ),
        (
            format!("{HEAD}{CALL}[[params]]\nname = \"n\"\ntype = \"float\"\n"),
            "t.toml:10:8: unknown parameter type `float`: expected one of integer, boolean, text, choice, time",
        ),
        (
            format!("{HEAD}{CALL}[[params]]\nname = \"n\"\ntype = \"integer\"\nmin = 5\nmax = 2\n"),
            "t.toml:11:7: min 5 is above max 2",
        ),
        (
            format!("{HEAD}{CALL}[[params]]\nname = \"r\"\ntype = \"choice\"\nfrom = \"readers\"\n"),
            "t.toml:11:8: `readers` are an aurora_cluster's",
        ),
        (format!("{}{CALL}", HEAD.replace("T {id}", "T {id")), "t.toml:2:12: a `{` without its `}`"),
        (
            format!("{HEAD}{CALL}[[steps]]\napprove = false\n"),
            "t.toml:9:11: `approve = false` approves nothing: leave the step out",
        ),
        (HEAD.replace("\"t\"", "\"My Book\""), "t.toml:1:8: a runbook's name is lowercase letters, digits and `-`"),
        (
            format!("{HEAD}high_when = \"capacity > max\"\n{CALL}"),
            "t.toml:5:14: unknown property or parameter `capacity` of target kind auto_scaling_group: expected one of id, region, now, stamp, lag_limit, desired, min, max, in_service, pending, scheduled, next_scheduled",
        ),
        ("name = \"t\"\ntitle = \"T\"\n".to_owned(), "t.toml:1:1: missing field `target`"),
    ];
    assert_all(cases);
}

fn assert_all(cases: &[(String, &str)]) {
    let wrong: Vec<String> = cases
        .iter()
        .filter(|(text, expected)| error(text) != *expected)
        .map(|(text, expected)| format!("{text}\n  got:      {}\n  expected: {expected}", error(text)))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
}

#[test]
fn a_high_risk_call_is_allowed_only_when_the_runbook_is_high_risk() {
    let guarded = format!(
        "{HEAD}high_when = \"desired + 1 > max\"\n[[steps]]\ncall = \"set_max_size\"\nwith = {{ to = \"desired + 1\" }}\nwhen = \"desired + 1 > max\"\n{CALL}"
    );
    assert_eq!(error(&guarded), "valid");
    assert_eq!(error(&format!("{}{CALL}", HEAD.replace("\"low\"", "\"high\""))), "valid");
}

fn located(text: &str) -> bool {
    match load("t.toml", text, false) {
        Ok(_) => true,
        Err(LoadError::At { file, line, column, message }) => {
            file == "t.toml"
                && line >= 1
                && line <= text.lines().count().max(1) + 1
                && column >= 1
                && !message.is_empty()
        }
        Err(_) => false,
    }
}

/// A char boundary at or before `i`.
fn boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn random_edits_give_a_runbook_or_a_located_error(
        file in 0..BUILTIN.len(),
        at in 0usize..4000,
        len in 0usize..12,
        insert in prop::sample::select(vec!["", "\"", "{", "}", "'", "=", "[[steps]]\n", "\n", "(", "max(", "zz", "0", "-", "é", "timeout = \"1m\"\n", "call = \"set_max_size\"\n"]),
    ) {
        let text = BUILTIN[file].1;
        let start = boundary(text, at % (text.len() + 1));
        let end = boundary(text, start + len);
        let edited = format!("{}{insert}{}", &text[..start], &text[end.max(start)..]);
        prop_assert!(located(&edited), "{edited}");
    }
}
