//! `opsdeck doctor` as a process of the built binary: on the demo (exit 0, text and JSON), with
//! a broken config.toml (reported, exit 4), a locale that is not UTF-8 (the `--ascii` advice),
//! and an AWS endpoint where nothing answers (every call "network", exit 4).

use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::check::scratch;

fn doctor(args: &[&str], home: &Path, env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_opsdeck"));
    command
        .arg("doctor")
        .args(args)
        .stdin(Stdio::null())
        .env_remove("OPSDECK_CONFIG")
        .env_remove("LC_ALL")
        .env_remove("LC_CTYPE")
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("LANG", "en_US.UTF-8")
        .env("TERM", "xterm-256color");
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().unwrap()
}

#[test]
fn doctor_on_the_demo_passes_and_prints_every_section() {
    let home = scratch("doctor-demo");
    let out = doctor(&["--demo"], &home, &[]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.starts_with("opsdeck doctor: OK - everything the console needs works (exit 0)\n"), "{text}");
    for says in [
        "\nDEMO: 2 scopes the console would poll\n",
        "\nus-west-2\n  credentials  the simulated fleet (--demo)",
        "  identity     account 000000000000 as arn:aws:iam::000000000000:user/demo\n",
        "  alarms   DescribeAlarms of 1                 ok\n",
        "  pi       GetResourceMetrics of one instance  ok\n",
        "\nterminal\n  TERM         xterm-256color\n",
        "  UTF-8        yes (LANG=en_US.UTF-8)\n",
        "  theme        `default` loads\n",
        "  audit log    ",
    ] {
        assert!(text.contains(says), "{says:?}\n{text}");
    }
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = doctor(&["--demo", "--format", "json"], &home, &[]);
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((value["status"].as_str(), value["exit_code"].as_u64()), (Some("ok"), Some(0)));
    assert_eq!(value["scopes"].as_array().unwrap().len(), 2);
    assert_eq!(value["scopes"][0]["calls"][0]["action"], "rds:DescribeDBInstances");
    assert_eq!(value["files"][0]["what"], "config");
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
fn a_broken_config_is_reported_and_exits_4_and_a_latin1_locale_gets_the_ascii_advice() {
    let home = scratch("doctor-broken");
    let dir = home.join("config").join("opsdeck");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), "theme = \"default\"\n[poll]\nfleet = \"often\"\n").unwrap();
    let out = doctor(&["--demo"], &home, &[("LANG", "de_DE.ISO-8859-1")]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(4), "{text}");
    assert!(text.starts_with("opsdeck doctor: BROKEN - the console cannot run (exit 4)\n"), "{text}");
    assert!(text.contains("  config       ") && text.contains("opsdeck/config.toml:3:"), "{text}");
    assert!(text.contains("  UTF-8        no (LANG=de_DE.ISO-8859-1)\n"), "{text}");
    assert!(
        text.contains(
            "  advice: the locale is not UTF-8 (LANG=de_DE.ISO-8859-1): start opsdeck with\n          --ascii"
        ),
        "{text}"
    );
    // The rest is still examined: the demo's calls answered.
    assert!(text.contains("  rds      DescribeDBInstances of 20           ok\n"), "{text}");
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
fn an_endpoint_that_never_answers_is_network_trouble_and_nothing_can_run() {
    let home = scratch("doctor-offline");
    // A port nothing listens on: every call is refused at once.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let endpoint = format!("http://127.0.0.1:{port}");
    let env = [
        ("AWS_ENDPOINT_URL", endpoint.as_str()),
        ("AWS_ACCESS_KEY_ID", "AKIAOFFLINEKEYS00001"),
        ("AWS_SECRET_ACCESS_KEY", "offline"),
        ("AWS_EC2_METADATA_DISABLED", "true"),
        ("AWS_CONFIG_FILE", "/nonexistent"),
        ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent"),
    ];
    let out = doctor(&["--region", "eu-south-1", "--attempt-timeout", "2", "--format", "json"], &home, &env);
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(4), "{value:#}");
    let scope = &value["scopes"][0];
    assert!(scope["identity_unknown"].as_str().unwrap().contains("sts:GetCallerIdentity"), "{scope}");
    let results: Vec<&str> = scope["calls"].as_array().unwrap().iter().map(|c| c["result"].as_str().unwrap()).collect();
    assert!(results.iter().all(|r| *r == "network"), "{results:?}");
    let _ = std::fs::remove_dir_all(&home);
}
