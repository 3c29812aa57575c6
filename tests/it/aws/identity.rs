//! Which account am I in, against moto: production keys exported in the environment win over
//! `--profile staging` (as the AWS SDK's chain has it), and opsdeck follows the account those
//! keys are in — a profile that must be in another account stops before anything is drawn,
//! naming the credentials that won; `[accounts."ID"]` gives the banner and read-only; and
//! `opsdeck config` prints who each profile is.
//!
//! moto answers `sts:GetCallerIdentity` for keys it has not issued with its default account,
//! 123456789012: here that stands for production.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use super::moto;
use crate::check::scratch;

#[path = "../../../benches/console/session.rs"]
#[allow(dead_code)]
mod session;

/// The account moto puts unknown keys in.
const MOTO_ACCOUNT: &str = "123456789012";

/// A home with an AWS config naming profile `staging` (its own keys, in another account), and
/// a config.toml with `opsdeck`.
fn home(name: &str, opsdeck: &str) -> PathBuf {
    let home = scratch(&format!("identity-{name}"));
    std::fs::write(home.join("aws-config"), "[profile staging]\nregion = eu-north-1\n").unwrap();
    std::fs::write(
        home.join("aws-credentials"),
        "[staging]\naws_access_key_id = AKIASTAGINGKEYS0001\naws_secret_access_key = staging\n",
    )
    .unwrap();
    std::fs::write(home.join("config.toml"), opsdeck).unwrap();
    home
}

/// The environment of an on-call shell with production keys exported, pointed at moto.
fn environment(home: &Path) -> Vec<(&'static str, String)> {
    let path = |f: &str| home.join(f).display().to_string();
    vec![
        ("HOME", home.display().to_string()),
        ("XDG_CONFIG_HOME", path("config")),
        ("XDG_STATE_HOME", path("state")),
        ("XDG_DATA_HOME", path("data")),
        ("OPSDECK_CONFIG", path("config.toml")),
        ("AWS_CONFIG_FILE", path("aws-config")),
        ("AWS_SHARED_CREDENTIALS_FILE", path("aws-credentials")),
        ("AWS_EC2_METADATA_DISABLED", "true".to_owned()),
        ("AWS_ENDPOINT_URL", moto().endpoint.clone()),
        ("AWS_ACCESS_KEY_ID", "AKIAPRODUCTIONKEYS01".to_owned()),
        ("AWS_SECRET_ACCESS_KEY", "production".to_owned()),
    ]
}

fn opsdeck(args: &[&str], home: &Path) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_opsdeck"));
    // moto under a loaded machine can be slow: generous, but still bounded, timeouts.
    command
        .args(args)
        .args(["--attempt-timeout", "60", "--call-timeout", "120"])
        .stdin(Stdio::null())
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_SESSION_TOKEN");
    for (name, value) in environment(home) {
        command.env(name, value);
    }
    command.output().unwrap()
}

#[test]
#[ignore = "needs moto_server: bash tests/run runs it"]
fn a_profile_whose_credentials_are_in_another_account_stops_before_drawing() {
    let home = home("mismatch", "[profiles.staging]\nenvironment = \"staging\"\naccount = \"222222222222\"\n");
    let out = opsdeck(&["--profile", "staging"], &home);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    for says in [
        "profile `staging` must be in AWS account 222222222222",
        &format!("its credentials are in account {MOTO_ACCOUNT}, as arn:aws:"),
        "The credentials that won: the environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
        "so they won over profile `staging`",
        "Nothing was drawn or sent",
    ] {
        assert!(stderr.contains(says), "{says}: {stderr}");
    }
    // Nothing was drawn: no escape sequence at all, no alternate screen, nothing on stdout.
    assert!(out.stdout.is_empty() && !out.stderr.contains(&0x1b), "{stderr}");
    // `check` stops the same way, as unusable.
    let out = opsdeck(&["check", "--profile", "staging"], &home);
    assert_eq!(out.status.code(), Some(4), "{}", String::from_utf8_lossy(&out.stderr));
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
#[ignore = "needs moto_server: bash tests/run runs it"]
fn opsdeck_config_prints_who_each_profile_is() {
    let home = home("config", &format!("[accounts.\"{MOTO_ACCOUNT}\"]\nalias = \"shop-prod\"\n"));
    let out = opsdeck(&["config", "--profile", "staging"], &home);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        stdout.contains(&format!("# identity     profile `staging`: account shop-prod ({MOTO_ACCOUNT}) as arn:aws:")),
        "{stdout}"
    );
    assert!(stdout.contains("#                credentials: the environment variables AWS_ACCESS_KEY_ID"), "{stdout}");
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
#[ignore = "needs moto_server: bash tests/run runs it"]
fn the_account_the_keys_are_in_gives_the_banner_and_read_only_over_the_profile_name() {
    let home = home(
        "console",
        &format!(
            "[profiles.staging]\nenvironment = \"staging\"\n\
             [accounts.\"{MOTO_ACCOUNT}\"]\nalias = \"shop-prod\"\nenvironment = \"prod\"\nread_only = true\n"
        ),
    );
    let args: Vec<String> = ["--profile", "staging", "--no-mouse", "--attempt-timeout", "60", "--call-timeout", "120"]
        .map(str::to_owned)
        .to_vec();
    let mut command = session::command(env!("CARGO_BIN_EXE_opsdeck"), &args, &home);
    for (name, value) in environment(&home) {
        command = command.env(name, value);
    }
    let console = session::Session::spawn(command).unwrap();
    // A liveness bound, not a timing assertion: the screen says it or the test fails saying so.
    let wait = Duration::from_mins(1);
    let header = |r: &session::Record| {
        let top = r.row(0);
        top.contains(" PROD ") && top.contains(&format!("acct shop-prod ({MOTO_ACCOUNT})")) && top.contains("read-only")
    };
    let seen = console.wait_for(wait, header);
    let top = console.record().row(0);
    assert!(seen.is_some(), "{top}");
    console.send("F").unwrap();
    let says = format!("read-only: account shop-prod ({MOTO_ACCOUNT}) is read_only in config.toml");
    let notice = console.wait_for(wait, move |r| (0..session::ROWS).any(|y| r.row(y).contains(&says)));
    let screen: Vec<String> = (0..session::ROWS).map(|y| console.record().row(y)).collect();
    assert!(notice.is_some(), "{}", screen.join("\n"));
    console.quit();
    let _ = std::fs::remove_dir_all(&home);
}
