//! The monitoring formats on hand-made data: Prometheus text that parses as the text format
//! (HELP and TYPE for every metric, label values escaped), JUnit counts and `--fail-on`.

use super::tests::{bad, fetched as fetched_with, report as report_of};
use super::*;
use crate::cloud::CloudError;
use crate::cloud::model::{DbInstance, DbRole};
use crate::feed::FeedKind;
use crate::posture::fixtures::good;

/// A parsed sample: the metric's name, its labels and its value.
type Sample = (String, Vec<(String, String)>, f64);

/// One sample of the text format, parsed as Prometheus does: the name, the label pairs with
/// their escapes undone, and the value.
fn parse_sample(line: &str) -> Sample {
    let name_end = line.find(['{', ' ']).unwrap();
    let name = line[..name_end].to_owned();
    let mut rest = &line[name_end..];
    let mut labels = Vec::new();
    if let Some(after) = rest.strip_prefix('{') {
        let mut chars = after.char_indices();
        loop {
            let (start, _) = chars.next().unwrap();
            let eq = after[start..].find("=\"").unwrap() + start;
            let key = after[start..eq].to_owned();
            for _ in start..=eq {
                chars.next();
            }
            let mut value = String::new();
            let end = loop {
                let (i, c) = chars.next().unwrap();
                match c {
                    '\\' => match chars.next().unwrap().1 {
                        'n' => value.push('\n'),
                        other => value.push(other),
                    },
                    '"' => break i,
                    c => value.push(c),
                }
            };
            labels.push((key, value));
            match after[end + 1..].chars().next().unwrap() {
                ',' => {
                    chars.next();
                }
                '}' => {
                    rest = &after[end + 2..];
                    break;
                }
                other => panic!("unexpected {other:?} in {line}"),
            }
        }
    }
    let value = rest.strip_prefix(' ').unwrap().parse().unwrap();
    (name, labels, value)
}

/// Every sample, checking that its metric's HELP and TYPE came first.
fn samples(text: &str) -> Vec<Sample> {
    let mut described = std::collections::HashSet::new();
    let mut out = Vec::new();
    for line in text.lines() {
        if let Some(help) = line.strip_prefix("# HELP ") {
            described.insert(help.split(' ').next().unwrap().to_owned());
        } else if let Some(kind) = line.strip_prefix("# TYPE ") {
            assert!(kind.ends_with(" gauge"), "{line}");
        } else {
            let sample = parse_sample(line);
            assert!(described.contains(&sample.0), "no HELP before {line}");
            out.push(sample);
        }
    }
    out
}

fn value(samples: &[Sample], name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    samples
        .iter()
        .find(|(n, l, _)| n == name && labels.iter().all(|(k, v)| l.iter().any(|(lk, lv)| lk == k && lv == v)))
        .map(|s| s.2)
}

#[test]
fn prometheus_counts_findings_feeds_and_the_exit_code() {
    let mut f = fetched_with(vec![bad(), good("db", DbRole::Primary)]);
    let error = CloudError::AccessDenied { action: "cloudwatch:DescribeAlarms".into(), message: "no".into() };
    f.scopes.push((Scope::region("us-west-2"), fetch::ScopeFetch::default()));
    f.errors.push(FetchError { scope: Scope::region("us-west-2"), feed: FeedKind::Alarms, error });
    let r = judge(&f, &PostureSettings::default(), &Thresholds::default());
    let s = samples(&prometheus::render(&r));
    let finding = [("rule", "publicly-accessible"), ("severity", "critical"), ("region", "us-east-1")];
    assert_eq!(value(&s, "opsdeck_check_findings", &finding), Some(1.0));
    assert_eq!(s.iter().filter(|x| x.0 == "opsdeck_check_findings").count(), 3, "one series per finding");
    assert_eq!(value(&s, "opsdeck_check_findings_by_severity", &[("severity", "critical")]), Some(1.0));
    assert_eq!(value(&s, "opsdeck_check_findings_by_severity", &[("severity", "warn")]), Some(2.0));
    assert_eq!(value(&s, "opsdeck_check_feed_fetched", &[("region", "us-east-1"), ("feed", "alarms")]), Some(1.0));
    assert_eq!(value(&s, "opsdeck_check_feed_fetched", &[("region", "us-west-2"), ("feed", "alarms")]), Some(0.0));
    assert_eq!(value(&s, "opsdeck_check_feed_fetched", &[("region", "us-west-2"), ("feed", "rds")]), Some(1.0));
    let denied = [("region", "us-west-2"), ("feed", "alarms"), ("kind", "access denied")];
    assert_eq!(value(&s, "opsdeck_check_fetch_errors", &denied), Some(1.0));
    assert_eq!(value(&s, "opsdeck_check_exit_code", &[]), Some(f64::from(EXIT_INCOMPLETE)));
    assert_eq!(value(&s, "opsdeck_check_resources", &[]), Some(2.0));
    assert_eq!(value(&s, "opsdeck_check_timestamp_seconds", &[]), Some(r.checked_at.timestamp() as f64));
}

#[test]
fn prometheus_label_values_are_escaped_so_a_name_cannot_end_a_label_or_a_line() {
    let mut db = bad();
    db.id = "a\"b\\c\nd}\u{1b}[2J e".to_owned();
    let text = prometheus::render(&report_of(vec![db]));
    let s = samples(&text);
    let resources: Vec<&str> = s
        .iter()
        .filter(|x| x.0 == "opsdeck_check_findings")
        .map(|x| x.1.iter().find(|(k, _)| k == "resource").unwrap().1.as_str())
        .collect();
    assert_eq!(resources.len(), 3);
    assert!(resources.iter().all(|r| *r == "a\"b\\c d}\\u{1b}[2J e"), "{resources:?}");
    assert!(!text.contains('\u{1b}'), "{text}");
    assert_eq!(prometheus::label("a\"b\\c"), "a\\\"b\\\\c");
}

#[test]
fn junit_fails_resources_at_the_fail_on_level() {
    let warned = DbInstance { deletion_protection: Some(false), ..good("warned", DbRole::Primary) };
    let r = report_of(vec![bad(), warned, good("db", DbRole::Primary)]);
    let xml = junit::render(&r, FailOn::Warn);
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"opsdeck check (TEST)\" tests=\"3\" failures=\"2\" errors=\"0\""), "{xml}");
    assert!(xml.contains("<testcase classname=\"opsdeck.us-east-1.db-instance\" name=\"db\"/>"), "{xml}");
    assert!(xml.contains("<failure type=\"critical\" message=\"1 critical, 2 warnings on "), "{xml}");
    let critical = junit::render(&r, FailOn::Critical);
    assert!(critical.contains("tests=\"3\" failures=\"1\""), "{critical}");
    assert!(
        critical.contains("<system-out>deletion-protection-off (warn): deletion protection is off\n"),
        "{critical}"
    );
    let never = junit::render(&r, FailOn::Never);
    assert!(never.contains("failures=\"0\" errors=\"0\"") && !never.contains("<failure"), "{never}");
}

#[test]
fn junit_errs_on_what_could_not_be_fetched_and_escapes_names() {
    let mut db = bad();
    db.id = "x<b>&\"y\u{7}".to_owned();
    let mut f = fetched_with(vec![db]);
    let error = CloudError::Throttled { service: "monitoring".into(), message: "Rate exceeded".into() };
    f.errors.push(FetchError { scope: Scope::region("us-east-1"), feed: FeedKind::Alarms, error });
    let r = judge(&f, &PostureSettings::default(), &Thresholds::default());
    let xml = junit::render(&r, FailOn::Warn);
    assert!(xml.contains("tests=\"2\" failures=\"1\" errors=\"1\""), "{xml}");
    assert!(
        xml.contains(
            "<testcase classname=\"opsdeck.us-east-1.fetch\" name=\"alarms\">\n      <error type=\"throttled\""
        ),
        "{xml}"
    );
    assert!(xml.contains("name=\"x&lt;b&gt;&amp;&quot;y\\u{7}\""), "{xml}");
    assert!(!xml.chars().any(|c| c != '\n' && crate::printable::is_unsafe(c)), "{xml}");
}

#[test]
fn fail_on_moves_the_threshold_and_never_hides_that_data_is_missing_from_the_report() {
    let warned = report_of(vec![DbInstance { deletion_protection: Some(false), ..good("db", DbRole::Primary) }]);
    let critical = report_of(vec![bad()]);
    let table = [
        (FailOn::Warn, [EXIT_WARN, EXIT_CRITICAL]),
        (FailOn::Critical, [EXIT_OK, EXIT_CRITICAL]),
        (FailOn::Never, [EXIT_OK, EXIT_OK]),
    ];
    for (fail_on, [w, c]) in table {
        assert_eq!(warned.exit_code_failing_on(fail_on), w, "{fail_on:?}");
        assert_eq!(critical.exit_code_failing_on(fail_on), c, "{fail_on:?}");
    }
    let mut f = fetched_with(vec![good("db", DbRole::Primary)]);
    let error = CloudError::Network { message: "no answer".into() };
    f.errors.push(FetchError { scope: Scope::region("us-east-1"), feed: FeedKind::Fleet, error });
    let incomplete = judge(&f, &PostureSettings::default(), &Thresholds::default());
    assert_eq!(incomplete.exit_code_failing_on(FailOn::Critical), EXIT_INCOMPLETE);
    assert_eq!(incomplete.exit_code_failing_on(FailOn::Never), EXIT_OK);
}
