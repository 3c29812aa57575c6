//! Network faults against the whole console: throttling, 5xx, hung calls, a region down,
//! garbled answers and expired credentials — each injected by the proxy for real, at HTTP level.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use aws_sdk_autoscaling::Client as AutoScaling;
use aws_sdk_rds::Client as Rds;
use crossterm::event::KeyCode;
use opsdeck::cloud::Inventory;
use opsdeck::cloud::aws::Timeouts;
use opsdeck::cloud::model::Scope;
use opsdeck::cloud::model::Timestamp;
use opsdeck::feed::Feed;
use opsdeck::state::{State, Tab};

use super::proxy::{Fault, Match, Seen};
use super::{Console, LIMIT, SHORT};
use crate::aws::{moto, sdk, seed};

fn ready<T>(feed: Option<&Feed<T>>) -> bool {
    matches!(feed, Some(Feed::Ready(_)))
}

fn failed_with<T>(feed: Option<&Feed<T>>, kind: &str) -> bool {
    feed.and_then(Feed::failure).is_some_and(|f| f.error.kind() == kind)
}

/// Whether the feed holds data fetched after `at` (a success, not the last good data of a failure).
fn ready_since<T>(feed: Option<&Feed<T>>, at: Timestamp) -> bool {
    matches!(feed, Some(Feed::Ready(snapshot)) if snapshot.fetched_at > at)
}

fn failure_at<T>(feed: Option<&Feed<T>>) -> Option<Timestamp> {
    feed.and_then(Feed::failure).map(|f| f.at)
}

fn has_db(state: &State, scope: &Scope, id: &str) -> bool {
    state.fetched.fleet.get(scope).and_then(Feed::data).is_some_and(|f| f.instances.iter().any(|i| i.id == id))
}

fn group_names(state: &State, scope: &Scope) -> Vec<String> {
    let mut names: Vec<String> = state
        .fetched
        .groups
        .get(scope)
        .and_then(Feed::data)
        .map(|g| g.iter().map(|g| g.name.clone()).collect())
        .unwrap_or_default();
    names.sort();
    names
}

/// Seeds one instance and the two groups ("api", "web") in `region`.
async fn seed_region(region: &str, db: &str) {
    let config = sdk(moto(), region).await;
    seed::postgres(&Rds::new(&config), db, None, false).await;
    seed::groups(&AutoScaling::new(&config), region).await;
}

/// A groups probe: one DescribeAutoScalingGroups for a single record (a full poll asks for
/// every page, then DescribeScalingActivities).
fn is_probe(s: &Seen) -> bool {
    s.operation == "DescribeAutoScalingGroups" && s.param("MaxRecords") == Some("1")
}

/// How many probes the throttled groups feed is watched for.
const PROBES: usize = 10;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs moto_server: bash tests/run runs it"]
async fn a_throttled_service_keeps_its_data_probes_once_per_failure_and_polls_again_after_an_answer() {
    let moto = moto();
    let region = "ap-south-1";
    seed_region(region, "thr-db").await;
    let scope = Scope::region(region);
    // Timeouts longer than any wait of the test: a call held at the gate below never times out.
    let timeouts = Timeouts { attempt: LIMIT * 2, operation: LIMIT * 4 };
    let mut c = Console::start(moto, &[region], timeouts, "throttle").await;
    c.until("fleet and groups ready", |s| ready(s.fetched.groups.get(&scope)) && ready(s.fetched.fleet.get(&scope)))
        .await;

    // The test lets the region's Auto Scaling calls through one at a time, so that each failure
    // the pane reports can be matched with the requests that made it. Once a call of the groups
    // poller waits at the gate, none is under way past it: everything after is throttled.
    let autoscaling = Match { service: Some("autoscaling"), region: Some(region), ..Match::default() };
    let gate = c.proxy.gate(autoscaling);
    c.proxy.wait_until("a groups call at the gate", LIMIT, |p| p.held(gate) > 0).await;
    let rule = c.proxy.inject(autoscaling, Fault::Throttle, 1.0, 1);
    let throttled_at = c.aws.clock().now();
    let groups_log = |c: &Console| -> Vec<Seen> {
        c.proxy.seen().into_iter().filter(|s| s.service == "autoscaling" && s.region == region).collect()
    };
    let before = groups_log(&c).len();
    // That call is a full poll's (retried by the SDK); it fails, and the poller turns to probes.
    c.proxy.admit(gate, 1);
    c.until("groups throttled", |s| failed_with(s.fetched.groups.get(&scope), "throttled")).await;
    let polled = groups_log(&c)[before..].to_vec();
    assert!(!polled.is_empty() && polled.iter().all(|s| s.fault == Some(Fault::Throttle)), "{polled:#?}");
    assert_eq!(group_names(&c.app.state, &scope), ["api", "web"], "the last good groups stay");
    c.press(KeyCode::Char('4')).await;
    assert_eq!(c.app.state.nav.tab, Tab::Capacity);
    let screen = c.screen();
    let marker = screen.split("stale: throttled ").nth(1).unwrap_or_default();
    assert!(marker.starts_with(|ch: char| ch.is_ascii_digit() || ch == '<'), "stale with its age: {screen}");
    assert!(screen.contains("web") && screen.contains("api"), "{screen}");

    // Probing: each failure the pane reports is one request, a probe (never retried, never the
    // activities), and no full poll comes between them. The probing has three minutes in all:
    // with the waits around it, every throttle falls within the meter's ten-minute window.
    let probing_from = groups_log(&c).len();
    let probing = Instant::now() + Duration::from_mins(3);
    for n in 1..=PROBES {
        let last = failure_at(c.app.state.fetched.groups.get(&scope));
        c.proxy.admit(gate, 1);
        c.until_before(&format!("failure {n} of the probes reported"), probing, |s| {
            failure_at(s.fetched.groups.get(&scope)) != last
        })
        .await;
        assert!(failed_with(c.app.state.fetched.groups.get(&scope), "throttled"), "probe {n}");
        assert_eq!(group_names(&c.app.state, &scope), ["api", "web"], "the last good groups stay");
        let probes = &groups_log(&c)[probing_from..];
        assert_eq!(probes.len(), n, "one request per reported failure: {probes:#?}");
        assert!(probes.iter().all(|s| is_probe(s) && s.fault == Some(Fault::Throttle)), "{probes:#?}");
        let calls: HashSet<&str> = probes.iter().map(|s| s.invocation.as_str()).collect();
        assert_eq!(calls.len(), n, "each probe its own call, sent once: {probes:#?}");
    }
    // The next probe waits at the gate, so the groups stay as they are while the fleet updates.
    c.until("the fleet updated while the groups are throttled", |s| {
        ready_since(s.fetched.fleet.get(&scope), throttled_at)
    })
    .await;
    assert!(failed_with(c.app.state.fetched.groups.get(&scope), "throttled"));
    let log = groups_log(&c);
    let throttled = |op: &str| log.iter().filter(|s| s.operation == op && s.fault == Some(Fault::Throttle)).count();
    let usage = c.aws.usage().unwrap();
    let op = usage.operations.iter().find(|o| o.operation == "DescribeAutoScalingGroups").unwrap();
    // The meter counts every throttled request the proxy answered (the SDK's retries too).
    assert_eq!(op.throttles, throttled("DescribeAutoScalingGroups") as u64, "{op:?}");
    assert!(op.throttles >= PROBES as u64 && op.errors >= op.throttles, "{op:?}");
    let all_throttled = log.iter().filter(|s| s.fault == Some(Fault::Throttle)).count();
    assert_eq!(usage.recent_throttles, all_throttled as u64, "{usage:?}");

    // Lifted: the waiting probe is answered, and the full poll follows it at once.
    c.proxy.lift(rule);
    let lifted_at = c.aws.clock().now();
    let lifted = groups_log(&c).len();
    c.proxy.ungate(gate);
    c.until("groups fresh again by themselves", |s| ready(s.fetched.groups.get(&scope))).await;
    let fresh = c.app.state.fetched.groups.get(&scope).and_then(Feed::snapshot).map(|s| s.fetched_at);
    assert!(fresh.is_some_and(|at| at >= lifted_at), "data fetched after the lift");
    let after = &groups_log(&c)[lifted..];
    let order: Vec<(bool, &str)> = after.iter().take(3).map(|s| (is_probe(s), s.operation.as_str())).collect();
    assert_eq!(
        order,
        [
            (true, "DescribeAutoScalingGroups"),
            (false, "DescribeAutoScalingGroups"),
            (false, "DescribeScalingActivities")
        ],
        "the answered probe, then the full poll: {after:#?}"
    );
    assert!(after.iter().all(|s| s.fault.is_none()), "{after:#?}");
    assert!(!c.screen().contains("stale: throttled") && !c.screen().contains("· throttled, "), "{}", c.screen());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs moto_server: bash tests/run runs it"]
async fn five_hundreds_never_blank_or_change_good_data_and_are_counted() {
    let moto = moto();
    let region = "eu-west-3";
    seed_region(region, "err-db").await;
    let scope = Scope::region(region);
    let mut c = Console::start(moto, &[region], Timeouts::default(), "5xx").await;
    c.until("fleet and groups ready", |s| ready(s.fetched.groups.get(&scope)) && ready(s.fetched.fleet.get(&scope)))
        .await;

    let rules = [
        c.proxy.inject(Match::default(), Fault::Status(500), 0.15, 7),
        c.proxy.inject(Match::default(), Fault::Status(503), 0.18, 11),
        c.proxy.inject(Match::default(), Fault::Latency(Duration::from_millis(300)), 0.2, 17),
    ];
    let started = c.aws.clock().now();
    // Performance Insights (which moto lacks) is left out of the counts: its poller may still be
    // waiting on a spoiled answer at the end.
    let spoiled =
        |seen: &[Seen]| seen.iter().filter(|s| s.service != "pi" && matches!(s.fault, Some(Fault::Status(_)))).count();
    let proxy = c.proxy.clone();
    // Until twenty answers were spoiled and both panes were refreshed meanwhile, every state the
    // loop goes through keeps the good data.
    c.until("twenty 5xx answers, the fleet and groups refreshed meanwhile", |s| {
        assert!(has_db(s, &scope, "err-db"), "the fleet lost its good data");
        assert_eq!(group_names(s, &scope), ["api", "web"], "the groups lost or changed their good data");
        spoiled(&proxy.seen()) >= 20
            && ready_since(s.fetched.fleet.get(&scope), started)
            && ready_since(s.fetched.groups.get(&scope), started)
    })
    .await;
    assert!(c.screen().contains("err-db"));

    for rule in rules {
        c.proxy.lift(rule);
    }
    let lifted_at = c.aws.clock().now();
    // A result fetched after the lift ends whatever call its poller had under way: once every
    // feed has one, every spoiled answer has reached the adapter's meter.
    c.until("every feed answered since the faults ended", |s| {
        ready_since(s.fetched.fleet.get(&scope), lifted_at)
            && ready_since(s.fetched.groups.get(&scope), lifted_at)
            && ready_since(s.fetched.alarms.get(&scope), lifted_at)
            && ready_since(s.fetched.metrics.get(&scope), lifted_at)
    })
    .await;
    let spoiled = spoiled(&c.proxy.seen()) as u64;
    let usage = c.aws.usage().unwrap();
    let errors: u64 = usage.operations.iter().filter(|o| o.service != "PI").map(|o| o.errors).sum();
    assert!(spoiled >= 20 && errors >= spoiled, "{spoiled} 5xx answers, {errors} errors counted: {usage:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs moto_server: bash tests/run runs it"]
async fn hung_calls_end_as_timeouts_of_their_pane_and_keys_come_before_queued_results() {
    let moto = moto();
    let region = "ap-northeast-2";
    seed_region(region, "hang-db").await;
    let scope = Scope::region(region);
    let mut c = Console::start(moto, &[region], SHORT, "hang").await;
    c.until("fleet and groups ready", |s| ready(s.fetched.fleet.get(&scope)) && ready(s.fetched.groups.get(&scope)))
        .await;

    let rule = c.proxy.inject(Match { service: Some("rds"), ..Match::default() }, Fault::Hang, 1.0, 3);
    let hung = c.proxy.seen().len();
    // While the loop takes no step, the groups poller ends two full polls: by the time the second
    // asks for its activities, the first one's result is queued, unapplied.
    let groups_before = c.app.state.fetched.groups.get(&scope).and_then(Feed::snapshot).map(|s| s.fetched_at);
    c.proxy
        .wait_until("an RDS call hung and two more groups polls", LIMIT, |p| {
            let seen = &p.seen()[hung..];
            seen.iter().any(|s| s.service == "rds" && s.fault == Some(Fault::Hang))
                && seen.iter().filter(|s| s.region == region && s.operation == "DescribeScalingActivities").count() >= 2
        })
        .await;
    // Keys are handled first: each press is one step, which applies no poll result (`press`).
    for (key, tab) in [('2', Tab::Replication), ('4', Tab::Capacity), ('1', Tab::Fleet)] {
        c.press(KeyCode::Char(key)).await;
        assert_eq!(c.app.state.nav.tab, tab);
    }
    let groups_now = c.app.state.fetched.groups.get(&scope).and_then(Feed::snapshot).map(|s| s.fetched_at);
    assert_eq!(groups_now, groups_before, "no groups result was applied with the keys");
    c.until("the queued groups results applied after the keys", |s| {
        s.fetched.groups.get(&scope).and_then(Feed::snapshot).map(|s| s.fetched_at) > groups_before
    })
    .await;

    c.until("the hung fleet call gives up", |s| failed_with(s.fetched.fleet.get(&scope), "network")).await;
    let failure = c.app.state.fetched.fleet.get(&scope).and_then(Feed::failure).unwrap().clone();
    let why = failure.error.to_string();
    assert!(why.contains("timed out") || why.contains("no answer within"), "a timeout: {why}");
    let rds: Vec<Seen> = c.proxy.seen()[hung..].iter().filter(|s| s.service == "rds").cloned().collect();
    assert!(!rds.is_empty() && rds.iter().all(|s| s.fault == Some(Fault::Hang)), "no RDS call answered: {rds:#?}");
    assert!(has_db(&c.app.state, &scope, "hang-db"), "the last good fleet stays");
    c.until("the groups updated after the fleet failed", |s| ready_since(s.fetched.groups.get(&scope), failure.at))
        .await;
    assert!(failed_with(c.app.state.fetched.fleet.get(&scope), "network"), "the fleet is still failed");
    c.press(KeyCode::Char('2')).await;
    assert_eq!(c.app.state.nav.tab, Tab::Replication);
    c.press(KeyCode::Char('1')).await;
    assert!(c.screen().contains("· network, "), "the row keeps its verdict and says why: {}", c.screen());
    c.proxy.lift(rule);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs moto_server: bash tests/run runs it"]
async fn one_region_down_leaves_the_other_fully_shown_and_says_why() {
    let moto = moto();
    let (up, down) = ("eu-south-1", "ap-southeast-2");
    seed_region(up, "up-db").await;
    seed_region(down, "down-db").await;
    let (up_scope, down_scope) = (Scope::region(up), Scope::region(down));
    let mut c = Console::start(moto, &[up, down], SHORT, "region").await;
    c.until("both regions ready", |s| ready(s.fetched.fleet.get(&up_scope)) && ready(s.fetched.fleet.get(&down_scope)))
        .await;

    let rule = c.proxy.inject(Match { region: Some(down), ..Match::default() }, Fault::Hang, 1.0, 5);
    let down_at = c.aws.clock().now();
    c.until("the region's fleet and groups fail", |s| {
        failed_with(s.fetched.fleet.get(&down_scope), "network")
            && failed_with(s.fetched.groups.get(&down_scope), "network")
    })
    .await;
    c.until("the healthy region updated since", |s| {
        s.fetched.fleet.get(&up_scope).and_then(Feed::snapshot).is_some_and(|snap| snap.fetched_at > down_at)
    })
    .await;
    let state = &c.app.state;
    assert!(ready(state.fetched.fleet.get(&up_scope)) && ready(state.fetched.groups.get(&up_scope)));
    let row = |id: &str| c.screen().lines().find(|l| l.contains(id)).map(str::to_owned).unwrap_or_default();
    assert!(row("down-db").contains("· network, "), "{}", c.screen());
    assert!(!row("up-db").contains("stale"), "{}", c.screen());
    let seen = c.proxy.seen();
    assert!(seen.iter().any(|s| s.region == down && s.service == "autoscaling" && s.fault == Some(Fault::Hang)));
    assert!(seen.iter().all(|s| s.region != up || s.fault.is_none()), "only the down region was spoiled");
    c.proxy.lift(rule);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs moto_server: bash tests/run runs it"]
async fn malformed_and_truncated_answers_are_classified_errors_not_panics() {
    let moto = moto();
    let region = "us-east-2";
    seed_region(region, "bad-db").await;
    let scope = Scope::region(region);
    let mut c = Console::start(moto, &[region], SHORT, "malformed").await;
    c.until("fleet ready", |s| ready(s.fetched.fleet.get(&scope))).await;

    for fault in [Fault::Malformed, Fault::Truncate, Fault::Reset] {
        let on = Match { service: Some("rds"), operation: Some("DescribeDBInstances"), ..Match::default() };
        let rule = c.proxy.inject(on, fault, 1.0, 9);
        c.until(&format!("fleet fails on {fault:?}"), |s| {
            s.fetched.fleet.get(&scope).and_then(Feed::failure).is_some()
        })
        .await;
        let failure = c.app.state.fetched.fleet.get(&scope).and_then(Feed::failure).unwrap();
        assert!(["error", "network"].contains(&failure.error.kind()), "{fault:?}: {:?}", failure.error);
        assert!(!failure.error.to_string().is_empty());
        assert!(has_db(&c.app.state, &scope, "bad-db"), "the last good fleet stays after {fault:?}");
        assert!(c.screen().contains("bad-db"));
        c.proxy.lift(rule);
        c.until("fleet recovers", |s| ready(s.fetched.fleet.get(&scope))).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs moto_server: bash tests/run runs it"]
async fn expired_credentials_mid_session_say_what_to_do_without_exiting() {
    let moto = moto();
    let region = "sa-east-1";
    seed_region(region, "cred-db").await;
    let scope = Scope::region(region);
    let mut c = Console::start(moto, &[region], SHORT, "credentials").await;
    c.until("fleet ready", |s| ready(s.fetched.fleet.get(&scope)) && ready(s.fetched.groups.get(&scope))).await;

    for code in ["ExpiredToken", "InvalidClientTokenId"] {
        let rule = c.proxy.inject(Match::default(), Fault::Error(403, code), 1.0, 13);
        c.until(&format!("panes say credentials on {code}"), |s| {
            failed_with(s.fetched.fleet.get(&scope), "credentials")
                && failed_with(s.fetched.groups.get(&scope), "credentials")
        })
        .await;
        let failure = c.app.state.fetched.fleet.get(&scope).and_then(Feed::failure).unwrap();
        assert!(failure.error.hint().contains("aws sso login"), "{}", failure.error.hint());
        assert!(c.screen().contains("· credentials, "), "{}", c.screen());
        assert!(has_db(&c.app.state, &scope, "cred-db"));
        assert!(!c.app.state.quit);
        c.press(KeyCode::Char('4')).await;
        assert_eq!(c.app.state.nav.tab, Tab::Capacity, "the console still answers keys");
        c.proxy.lift(rule);
        c.until("fresh after new credentials", |s| ready(s.fetched.fleet.get(&scope))).await;
        c.press(KeyCode::Char('1')).await;
    }
}
