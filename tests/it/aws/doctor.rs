//! `opsdeck doctor` and `opsdeck check --format prometheus` as processes of the built binary,
//! pointed at moto the way a shell with exported keys points opsdeck at an account.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use super::{moto, sdk, seed};
use crate::check::scratch;

fn opsdeck(args: &[&str], home: &Path) -> Output {
    command(args, home)
        .env("AWS_ACCESS_KEY_ID", "AKIADOCTORKEYS000001")
        .env("AWS_SECRET_ACCESS_KEY", "doctor")
        .output()
        .unwrap()
}

/// opsdeck pointed at moto, with no keys in the environment.
fn command(args: &[&str], home: &Path) -> Command {
    let path = |f: &str| home.join(f).display().to_string();
    let mut command = Command::new(env!("CARGO_BIN_EXE_opsdeck"));
    command
        .args(args)
        .stdin(Stdio::null())
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_SESSION_TOKEN")
        .env_remove("OPSDECK_CONFIG")
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", path("config"))
        .env("XDG_STATE_HOME", path("state"))
        .env("XDG_DATA_HOME", path("data"))
        .env("AWS_CONFIG_FILE", path("aws-config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", path("aws-credentials"))
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_ENDPOINT_URL", &moto().endpoint)
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .env("LANG", "C.UTF-8")
        .env("TERM", "xterm-256color");
    command
}

#[tokio::test]
#[ignore = "needs moto_server: bash tests/run runs it"]
async fn doctor_against_moto_names_the_credentials_the_identity_and_every_call() {
    let region = "ap-southeast-2";
    let rds = aws_sdk_rds::Client::new(&sdk(moto(), region).await);
    seed::postgres(&rds, "doctor-db", None, true).await;
    let home = scratch("doctor-moto");
    let out = opsdeck(&["doctor", "--region", region, "--format", "json"], &home);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert_eq!((value["status"].as_str(), value["exit_code"].as_u64()), (Some("ok"), Some(0)));
    let scope = &value["scopes"][0];
    assert_eq!(scope["region"], region);
    assert_eq!(scope["account"], seed::ACCOUNT);
    assert!(scope["principal"].as_str().unwrap().starts_with("arn:aws:"), "{scope}");
    assert!(scope["credentials"].as_str().unwrap().starts_with("the environment variables AWS_ACCESS_KEY_ID"));
    let calls: Vec<(&str, &str)> = scope["calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["action"].as_str().unwrap(), c["result"].as_str().unwrap()))
        .collect();
    assert_eq!(calls.len(), 8, "{calls:?}");
    for (action, result) in &calls[..6] {
        assert_eq!(*result, "ok", "{action}: {stdout}");
    }
    // moto does not report PerformanceInsightsEnabled: no instance to ask PI about.
    assert_eq!(calls[6], ("pi:GetResourceMetrics", "not applicable"), "{stdout}");
    assert_eq!(calls[7], ("rds:DescribeEvents", "ok"), "{stdout}");
    assert_eq!(value["terminal"]["utf8"], true);
    let text = opsdeck(&["doctor", "--region", region], &home);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.starts_with("opsdeck doctor: OK - everything the console needs works (exit 0)\n"), "{text}");
    assert!(text.contains(&format!("  identity     account {} as arn:aws:", seed::ACCOUNT)), "{text}");
    assert!(text.contains("  rds      DescribeDBInstances of 20           ok\n"), "{text}");
    assert!(text.contains("  events   DescribeEvents of 20                ok\n"), "{text}");
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
    let _ = std::fs::remove_dir_all(&home);
}

#[tokio::test]
#[ignore = "needs moto_server: bash tests/run runs it"]
async fn check_for_prometheus_against_moto_reports_what_was_seeded() {
    let region = "ap-northeast-1";
    let rds = aws_sdk_rds::Client::new(&sdk(moto(), region).await);
    seed::postgres(&rds, "prom-db", None, false).await;
    let home = scratch("prometheus-moto");
    let out = opsdeck(&["check", "--region", region, "--format", "prometheus", "--only", "no-multi-az"], &home);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}{}", String::from_utf8_lossy(&out.stderr));
    let finding = format!(
        "opsdeck_check_findings{{rule=\"no-multi-az\",severity=\"warn\",resource=\"prom-db\",kind=\"db-instance\",region=\"{region}\",profile=\"\"}} 1"
    );
    assert!(text.lines().any(|l| l == finding), "{text}");
    assert!(text.lines().any(|l| l == "opsdeck_check_findings_by_severity{severity=\"warn\"} 1"), "{text}");
    let fetched = format!("opsdeck_check_feed_fetched{{region=\"{region}\",profile=\"\",feed=\"alarms\"}} 1");
    assert!(text.lines().any(|l| l == fetched), "{text}");
    let junit = opsdeck(&["check", "--region", region, "--format", "junit", "--fail-on", "critical"], &home);
    assert_eq!(junit.status.code(), Some(0), "{}", String::from_utf8_lossy(&junit.stdout));
    let xml = String::from_utf8(junit.stdout).unwrap();
    assert!(xml.contains("<testcase classname=\"opsdeck.ap-northeast-1.db-instance\" name=\"prom-db\">"), "{xml}");
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
#[ignore = "needs moto_server: bash tests/run runs it"]
fn doctor_says_what_kind_of_profile_gave_the_credentials() {
    let home = scratch("doctor-profile");
    std::fs::write(home.join("aws-config"), "[profile staging]\nregion = eu-south-2\n").unwrap();
    std::fs::write(
        home.join("aws-credentials"),
        "[staging]\naws_access_key_id = AKIASTAGING00000001\naws_secret_access_key = s\n",
    )
    .unwrap();
    let out = command(&["doctor", "--profile", "staging", "--format", "json"], &home).output().unwrap();
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{value:#}");
    let scope = &value["scopes"][0];
    assert_eq!((scope["profile"].as_str(), scope["region"].as_str()), (Some("staging"), Some("eu-south-2")));
    assert_eq!(
        scope["credentials"],
        "profile `staging` (named by --profile or [aws] profiles): static keys in the shared credentials file"
    );
    let _ = std::fs::remove_dir_all(&home);
}
