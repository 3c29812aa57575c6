//! The report on hand-made data: exit codes, and the three formats (the JSON shape asserted,
//! text within 80 columns, markdown tables).

use chrono::Duration;

use super::*;
use crate::cloud::CloudError;
use crate::cloud::model::{DbFleet, DbInstance, DbMetric, DbRole, DbSeries, Metrics, Series};
use crate::feed::FeedKind;
use crate::judging::GIB;
use crate::posture::fixtures::{alarm, good, now};
use crate::posture::{RuleId, RuleSetting};

fn east() -> Scope {
    Scope::region("us-east-1")
}

/// Healthy metrics for `ids`, so that only posture rules speak.
fn calm(ids: &[&str]) -> Metrics {
    let point = |v| Series::new([(now(), v)]);
    let series = DbSeries {
        series: [
            (DbMetric::Cpu, point(20.0)),
            (DbMetric::FreeStorage, point(300.0 * GIB)),
            (DbMetric::Connections, point(50.0)),
            (DbMetric::ReplicaLag, point(0.5)),
        ]
        .into_iter()
        .collect(),
    };
    Metrics::new(ids.iter().map(|id| ((*id).to_owned(), series.clone())).collect(), std::collections::HashMap::new())
}

pub(super) fn fetched(instances: Vec<DbInstance>) -> Fetched {
    let ids: Vec<String> = instances.iter().map(|i| i.id.clone()).collect();
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let alarms = ids.iter().flat_map(|id| [alarm(id, "CPUUtilization"), alarm(id, "FreeStorageSpace")]).collect();
    let data = ScopeFetch {
        fleet: Some(DbFleet::new(instances, Vec::new())),
        metrics: Some(calm(&ids)),
        alarms: Some(alarms),
        groups: Some(Vec::new()),
    };
    Fetched { backend: "TEST".into(), scopes: vec![(east(), data)], errors: Vec::new(), at: now() }
}

use fetch::ScopeFetch;

pub(super) fn report(instances: Vec<DbInstance>) -> Report {
    judge(&fetched(instances), &PostureSettings::default(), &Thresholds::default())
}

/// An instance that is public (critical), without deletion protection and whose certificate
/// expires in 10 days (warnings), with a very long name.
pub(super) fn bad() -> DbInstance {
    let mut db = good("reporting-warehouse-primary-with-a-name-long-enough-to-wrap-the-line", DbRole::Primary);
    db.publicly_accessible = Some(true);
    db.deletion_protection = Some(false);
    if let Some(ca) = db.ca_certificate.as_mut() {
        ca.valid_until = Some(now() + Duration::days(10) + Duration::hours(1));
    }
    db
}

#[test]
fn exit_codes_follow_the_worst_finding() {
    assert_eq!(report(vec![good("db", DbRole::Primary)]).exit_code(), EXIT_OK);
    let warned = report(vec![DbInstance { deletion_protection: Some(false), ..good("db", DbRole::Primary) }]);
    assert_eq!(warned.exit_code(), EXIT_WARN);
    assert_eq!(report(vec![good("db", DbRole::Primary), bad()]).exit_code(), EXIT_CRITICAL);
}

#[test]
fn missing_data_wins_over_everything_and_is_named() {
    let mut f = fetched(vec![bad()]);
    let error = CloudError::Throttled { service: "monitoring".into(), message: "Rate exceeded".into() };
    f.errors.push(FetchError { scope: Scope::region("us-west-2"), feed: FeedKind::Alarms, error });
    let r = judge(&f, &PostureSettings::default(), &Thresholds::default());
    assert_eq!(r.exit_code(), EXIT_INCOMPLETE);
    let text = text::render(&r);
    assert!(text.contains("COULD NOT FETCH (1)"), "{text}");
    assert!(text.contains("us-west-2 alarms: throttled by monitoring: Rate exceeded"), "{text}");
    assert!(markdown::render(&r).contains("us-west-2 **alarms**"));
}

#[test]
fn config_overrides_change_the_exit_code() {
    let mut settings = PostureSettings::default();
    settings.rules.insert(RuleId::PubliclyAccessible, RuleSetting::Warn);
    let r = judge(&fetched(vec![bad()]), &settings, &Thresholds::default());
    assert_eq!(r.exit_code(), EXIT_WARN);
    for rule in [RuleId::PubliclyAccessible, RuleId::DeletionProtectionOff, RuleId::CaCertExpiring] {
        settings.rules.insert(rule, RuleSetting::Off);
    }
    assert_eq!(judge(&fetched(vec![bad()]), &settings, &Thresholds::default()).exit_code(), EXIT_OK);
}

#[test]
fn text_fits_80_columns_and_groups_by_severity_then_resource() {
    let mut noisy = bad();
    noisy.kms_key_aws_managed = None;
    noisy.id = "arn-like-identifier-without-any-spaces-that-is-far-wider-than-eighty-columns-of-terminal-x".into();
    let r = report(vec![bad(), good("db", DbRole::Primary), noisy]);
    let text = text::render(&r);
    for line in text.lines() {
        assert!(line.chars().count() <= text::WIDTH, "too wide ({}): {line}", line.chars().count());
        assert!(!line.contains('\u{1b}'), "no escape codes: {line}");
    }
    let critical = text.find("CRITICAL (2)").unwrap();
    let warnings = text.find("WARNINGS (4)").unwrap();
    assert!(critical < warnings, "{text}");
    assert!(text.starts_with("opsdeck check: CRITICAL - 2 critical, 4 warnings on 2 of 3 resources\n"), "{text}");
    assert!(text.contains("  - publicly-accessible: publicly accessible"), "{text}");
    assert!(text.contains("    fix: modify the instance with PubliclyAccessible=false"), "{text}");
    assert!(text.contains("NOT EVALUATED (2)"), "{text}: the key's kind, and so its rotation");
    assert!(text.contains("default-kms-key: which kind of KMS key encrypts it was not reported"), "{text}");
}

#[test]
fn a_clean_fleet_says_so() {
    let text = text::render(&report(vec![good("db", DbRole::Primary)]));
    assert!(text.starts_with("opsdeck check: OK - no findings on 1 resource\n"), "{text}");
    assert!(text.trim_end().ends_with("Every rule passed."), "{text}");
}

#[test]
fn json_has_the_documented_shape() {
    let r = report(vec![bad(), good("db", DbRole::Primary)]);
    let value: serde_json::Value = serde_json::from_str(&json::render(&r).unwrap()).unwrap();
    assert_eq!(value["version"], 1);
    assert_eq!(value["backend"], "TEST");
    assert_eq!(value["checked_at"], "2026-11-27T15:00:00Z");
    assert_eq!(value["scopes"], serde_json::json!(["us-east-1"]));
    let summary = &value["summary"];
    assert_eq!(summary["status"], "critical");
    assert_eq!(summary["exit_code"], 2);
    assert_eq!(summary["critical"], 1);
    assert_eq!(summary["warn"], 2);
    assert_eq!(summary["unknown"], 0);
    assert_eq!(summary["resources"], 2);
    assert_eq!(summary["resources_with_findings"], 1);
    assert_eq!(summary["fetch_errors"], 0);
    let findings = value["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 3);
    let first = findings[0].as_object().unwrap();
    let mut keys: Vec<&str> = first.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["finding", "kind", "profile", "region", "remedy", "resource", "rule", "severity"]);
    assert_eq!(first["rule"], "publicly-accessible");
    assert_eq!(first["severity"], "critical");
    assert_eq!(first["kind"], "db-instance");
    assert_eq!(first["region"], "us-east-1");
    assert!(first["profile"].is_null());
    assert_eq!(findings[1]["severity"], "warn");
    assert!(value["unknown"].as_array().unwrap().is_empty());
    assert!(value["fetch_errors"].as_array().unwrap().is_empty());
}

#[test]
fn markdown_is_a_table_per_severity() {
    let md = markdown::render(&report(vec![bad()]));
    assert!(md.starts_with("## opsdeck check: critical\n"), "{md}");
    assert!(md.contains("### Critical (1)\n\n| Resource | Kind | Region | Rule | Finding | Remedy |\n|---|"), "{md}");
    assert!(md.contains("| `publicly-accessible` |"), "{md}");
    assert!(md.contains("### Warnings (2)"), "{md}");
}

#[test]
fn wrapping_keeps_words_and_cuts_only_what_cannot_fit() {
    let lines = text::wrap(&"word ".repeat(40), "  - ", "    ");
    assert!(lines.iter().all(|l| l.chars().count() <= text::WIDTH));
    assert!(lines.iter().skip(1).all(|l| l.starts_with("    word")));
    let long = "x".repeat(200);
    let lines = text::wrap(&long, "fix: ", "     ");
    assert_eq!(lines.concat().replace(' ', "").replace("fix:", ""), long);
    assert!(lines.iter().all(|l| l.chars().count() <= text::WIDTH));
}

#[test]
fn aws_text_cannot_drive_a_terminal_or_break_markdown_in_any_format() {
    let hostile = "db\u{1b}]0;owned\u{7}\r|`<b>[x](http://e)\u{202e}\u{7f}\u{9b}2J";
    let mut db = bad();
    db.id = hostile.to_owned();
    let mut f = fetched(vec![db]);
    let message = "Rate \u{1b}[2Jexceeded\u{85}\u{2066}".to_owned();
    let error = CloudError::Throttled { service: "monitoring".into(), message: message.clone() };
    f.errors.push(FetchError { scope: Scope::region("us-west-2"), feed: FeedKind::Alarms, error });
    let r = judge(&f, &PostureSettings::default(), &Thresholds::default());
    let unsafe_in =
        |out: &str| out.chars().filter(|&c| c != '\n' && crate::printable::is_unsafe(c)).collect::<Vec<_>>();
    for format in
        [ReportFormat::Text, ReportFormat::Json, ReportFormat::Markdown, ReportFormat::Prometheus, ReportFormat::Junit]
    {
        let out = render(&r, format, FailOn::Warn).unwrap();
        assert!(unsafe_in(&out).is_empty(), "{format:?} passes {:?}:\n{out}", unsafe_in(&out));
    }
    let text = text::render(&r);
    assert!(text.contains("db\\u{1b}]0;owned\\u{7}"), "{text}");
    let value: serde_json::Value = serde_json::from_str(&json::render(&r).unwrap()).unwrap();
    assert_eq!(value["findings"][0]["resource"], hostile, "JSON keeps the value, escaped");
    assert!(value["fetch_errors"][0]["error"].as_str().unwrap().contains(&message));
    let md = markdown::render(&r);
    let row = md.lines().find(|l| l.contains("publicly-accessible")).unwrap();
    let cells = row.split('|').count() - row.matches("\\|").count();
    assert_eq!(cells, 8, "six cells, nothing more: {row}");
    assert!(row.starts_with("| ``db\\u{1b}]0;owned\\u{7} \\|`<b>[x](http://e)\\u{202e}\\u{7f}\\u{9b}2J`` |"), "{row}");
}
