//! Doctor on the simulated fleet, as is and with calls that fail the ways AWS fails: exit
//! codes, the IAM action named, the text within 80 columns; and the terminal and files checks.

use std::collections::HashMap;
use std::time::Duration;

use super::*;
use crate::cloud::forward::forward;
use crate::cloud::model::{Identity, Scope};
use crate::cloud::sim::{SimConfig, Simulator};
use crate::cloud::{Checked, Checkup, CloudError, CloudFuture};
use crate::config::colour::ColourDepth;

/// The simulator, with some of doctor's calls failing and, if asked, no identity known.
#[derive(Debug)]
struct Failing {
    sim: Simulator,
    fail: HashMap<Checkup, CloudError>,
    identity_unknown: bool,
}

impl Inventory for Failing {
    forward!(sim => label, scopes, clock, db_fleet, metrics, alarms, scaling_groups, db_events, performance, blocking,
        sql_detail, db_snapshot, alarm_history);
    fn checkup<'a>(&'a self, scope: &'a Scope, call: Checkup) -> Option<CloudFuture<'a, Checked>> {
        match self.fail.get(&call) {
            Some(error) => Some(Box::pin(async move { Err(error.clone()) })),
            None => self.sim.checkup(scope, call),
        }
    }
    fn identity(&self, scope: &Scope) -> Option<Identity> {
        if self.identity_unknown { None } else { self.sim.identity(scope) }
    }
    fn identity_unknown(&self, _: &Scope) -> Option<String> {
        self.identity_unknown.then(|| "sts:GetCallerIdentity timed out".to_owned())
    }
}

fn failing(fail: impl IntoIterator<Item = (Checkup, CloudError)>) -> Failing {
    Failing { sim: Simulator::new(SimConfig::default()), fail: fail.into_iter().collect(), identity_unknown: false }
}

fn denied(action: &str) -> CloudError {
    CloudError::AccessDenied { action: action.to_owned(), message: "AccessDenied: not authorized".to_owned() }
}

fn paths() -> Paths {
    Paths { log_file: "/var/log/opsdeck.log".into(), audit_log: "/var/lib/opsdeck/audit.jsonl".into() }
}

const UTF8_TERMINAL: &[(&str, &str)] = &[("TERM", "xterm-256color"), ("LANG", "en_US.UTF-8")];

fn env(set: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
    move |name| set.iter().find(|(n, _)| *n == name).map(|(_, v)| (*v).to_owned())
}

async fn report(inventory: &dyn Inventory) -> Report {
    let settings = Settings::default();
    Report {
        backend: Some(inventory.label()),
        cannot_connect: None,
        scopes: examine_scopes(inventory, Duration::from_secs(15)).await,
        terminal: examine_terminal(env(UTF8_TERMINAL), Display::FULL, Some((120, 40))),
        files: examine_files(&settings, None, &paths(), Display::FULL),
    }
}

#[tokio::test(start_paused = true)]
async fn the_simulated_fleet_answers_every_call() {
    let r = report(&failing([])).await;
    assert_eq!((r.exit_code(), r.status()), (EXIT_OK, "ok"));
    assert_eq!(r.scopes.len(), 2);
    for scope in &r.scopes {
        assert_eq!(scope.account.as_deref(), Some("000000000000"));
        let results: Vec<&str> = scope.calls.iter().map(|c| c.outcome.word()).collect();
        assert_eq!(results.len(), Checkup::ALL.len());
        assert!(results.iter().all(|w| *w == "ok"), "{}: {results:?}", scope.region);
    }
    let feeds: Vec<&str> = r.scopes[0].calls.iter().map(|c| c.feed).collect();
    assert_eq!(feeds, ["rds", "rds", "metrics", "alarms", "asg", "asg", "pi", "events"]);
}

#[tokio::test(start_paused = true)]
async fn a_denied_call_degrades_and_names_the_iam_action_to_grant() {
    let throttled = CloudError::Throttled { service: "autoscaling".into(), message: "Rate exceeded".into() };
    let inventory =
        failing([(Checkup::MetricData, denied("cloudwatch:GetMetricData")), (Checkup::ScalingActivities, throttled)]);
    let r = report(&inventory).await;
    assert_eq!((r.exit_code(), r.status()), (EXIT_DEGRADED, "degraded"));
    let words: Vec<&str> = r.scopes[0].calls.iter().map(|c| c.outcome.word()).collect();
    assert_eq!(words, ["ok", "ok", "access denied", "ok", "ok", "throttled", "ok", "ok"]);
    let text = text::render(&r);
    assert!(
        text.starts_with("opsdeck doctor: DEGRADED - the console runs, with something missing (exit 1)\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "  metrics  GetMetricData of one series         access denied\n      access denied: cloudwatch:GetMetricData is not allowed"
        ),
        "{text}"
    );
    assert!(text.contains("      fix: grant cloudwatch:GetMetricData to this role\n"), "{text}");
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
    let value: serde_json::Value = serde_json::from_str(&json::render(&r).unwrap()).unwrap();
    assert_eq!(value["exit_code"], 1);
    let call = &value["scopes"][0]["calls"][2];
    assert_eq!(
        (call["action"].as_str(), call["result"].as_str()),
        (Some("cloudwatch:GetMetricData"), Some("access denied"))
    );
    assert_eq!(call["fix"], "grant cloudwatch:GetMetricData to this role");
}

#[tokio::test(start_paused = true)]
async fn an_unknown_identity_degrades_and_no_answer_at_all_is_broken() {
    let mut inventory = failing([]);
    inventory.identity_unknown = true;
    let r = report(&inventory).await;
    assert_eq!(r.exit_code(), EXIT_DEGRADED);
    assert!(text::render(&r).contains("identity     not known: sts:GetCallerIdentity timed out; the console writes"));
    let network = CloudError::Network { message: "could not be sent".into() };
    let r = report(&failing(Checkup::ALL.map(|c| (c, network.clone())))).await;
    assert_eq!((r.exit_code(), r.status()), (EXIT_BROKEN, "broken"));
    let mut r = report(&failing([])).await;
    r.scopes.clear();
    r.cannot_connect = Some("no AWS credentials found".into());
    assert_eq!(r.exit_code(), EXIT_BROKEN);
    assert!(text::render(&r).contains("\ncannot connect:\n  no AWS credentials found\n"));
}

#[test]
fn the_terminal_says_whether_it_is_utf8_and_what_to_do_if_not() {
    let t = examine_terminal(env(UTF8_TERMINAL), Display::FULL, Some((120, 40)));
    assert!(t.utf8 && t.advice.is_empty(), "{t:?}");
    assert_eq!(t.locale, Some(("LANG".to_owned(), "en_US.UTF-8".to_owned())));
    // LC_ALL wins over LANG, as the C library has it.
    let t = examine_terminal(
        env(&[("TERM", "screen"), ("LANG", "en_US.UTF-8"), ("LC_ALL", "C")]),
        Display::FULL,
        Some((70, 20)),
    );
    assert!(!t.utf8);
    assert!(t.advice[0].starts_with("the locale is not UTF-8 (LC_ALL=C): start opsdeck with --ascii"), "{t:?}");
    assert!(t.advice[1].contains("70×20"), "{t:?}");
    let t =
        examine_terminal(env(&[("LC_CTYPE", "C.utf8")]), Display { no_colour: true, depth: ColourDepth::Ansi16 }, None);
    assert!(t.utf8 && t.no_colour && t.term.is_none());
    assert!(t.advice[0].starts_with("TERM is not set"), "{t:?}");
}

#[test]
fn a_broken_keymap_or_config_blocks_the_console() {
    let settings = Settings { keymap: "nope".to_owned(), ..Settings::default() };
    let files = examine_files(&settings, None, &paths(), Display::FULL);
    let keymap = files.iter().find(|f| f.what == "keymap").unwrap();
    assert!(keymap.blocks && keymap.state.contains("nope"), "{keymap:?}");
    assert!(files.iter().filter(|f| f.what != "keymap").all(|f| !f.blocks), "{files:?}");
    let error = ConfigError::Read { file: "/etc/opsdeck.toml".into(), message: "permission denied".into() };
    let files = examine_files(&Settings::default(), Some(&error), &paths(), Display::FULL);
    assert!(files[0].blocks && files[0].state.contains("/etc/opsdeck.toml"), "{files:?}");
    let log = files.iter().find(|f| f.what == "log").unwrap();
    assert_eq!(log.path.as_deref(), Some("/var/log/opsdeck.log"));
}
