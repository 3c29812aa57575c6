//! Network faults against the whole console: throttling, 5xx, hung calls, a region down,
//! garbled answers and expired credentials — each injected by the proxy for real, at HTTP level.

use std::time::{Duration, Instant};

use aws_sdk_autoscaling::Client as AutoScaling;
use aws_sdk_rds::Client as Rds;
use crossterm::event::KeyCode;
use opsdeck::cloud::Inventory;
use opsdeck::cloud::aws::Timeouts;
use opsdeck::cloud::model::Scope;
use opsdeck::feed::Feed;
use opsdeck::state::{State, Tab};

use super::proxy::{Fault, Match};
use super::{Console, SHORT};
use crate::aws::{moto, sdk, seed};

fn ready<T>(feed: Option<&Feed<T>>) -> bool {
    matches!(feed, Some(Feed::Ready(_)))
}

fn failed_with<T>(feed: Option<&Feed<T>>, kind: &str) -> bool {
    feed.and_then(Feed::failure).is_some_and(|f| f.error.kind() == kind)
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
    let Some(moto) = moto() else { return };
    let config = sdk(moto, region).await;
    seed::postgres(&Rds::new(&config), db, None, false).await;
    seed::groups(&AutoScaling::new(&config), region).await;
}

const READY: Duration = Duration::from_secs(30);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_throttled_service_keeps_its_data_probes_sparingly_and_is_fresh_within_an_interval() {
    let Some(moto) = moto() else { return };
    let region = "ap-south-1";
    seed_region(region, "thr-db").await;
    let scope = Scope::region(region);
    let mut c = Console::start(moto, &[region], Timeouts::default(), "throttle").await;
    c.until("fleet and groups ready", READY, |s| {
        ready(s.fetched.groups.get(&scope)) && ready(s.fetched.fleet.get(&scope))
    })
    .await;

    let throttled_at = c.aws.clock().now();
    let start = Instant::now();
    let rule = c.proxy.inject(Match { service: Some("autoscaling"), ..Match::default() }, Fault::Throttle, 1.0, 1);
    c.until("groups throttled", READY, |s| failed_with(s.fetched.groups.get(&scope), "throttled")).await;
    assert_eq!(group_names(&c.app.state, &scope), ["api", "web"], "the last good groups stay");
    c.press(KeyCode::Char('4')).await;
    assert_eq!(c.app.state.nav.tab, Tab::Capacity);
    let screen = c.screen();
    let marker = screen.split("stale: throttled ").nth(1).unwrap_or_default();
    assert!(marker.starts_with(|ch: char| ch.is_ascii_digit() || ch == '<'), "stale with its age: {screen}");
    assert!(screen.contains("web") && screen.contains("api"), "{screen}");

    // Twenty seconds of throttling: the fleet keeps updating; the groups poller stops polling
    // and probes once an interval, each probe a single request.
    let window = Duration::from_secs(20);
    let mut failures = Vec::new();
    c.until("the throttling window", window + READY, |s| {
        if let Some(f) = s.fetched.groups.get(&scope).and_then(Feed::failure)
            && failures.last() != Some(&f.at)
        {
            failures.push(f.at);
        }
        start.elapsed() >= window
    })
    .await;
    let fleet_at = c.app.state.fetched.fleet.get(&scope).and_then(Feed::snapshot).map(|s| s.fetched_at);
    assert!(fleet_at.is_some_and(|at| at > throttled_at), "the fleet kept updating");
    assert!(ready(c.app.state.fetched.fleet.get(&scope)));
    assert!(
        failed_with(c.app.state.fetched.groups.get(&scope), "throttled"),
        "still said after {} probes",
        failures.len()
    );
    let gaps: Vec<i64> = failures.windows(2).map(|w| (w[1] - w[0]).num_milliseconds()).collect();
    assert!(gaps.iter().all(|&g| g >= 700), "probes closer than an interval (less jitter): {gaps:?}");
    let seen = c.proxy.seen();
    let in_window = |s: &&super::proxy::Seen| s.at >= start && s.at < start + window;
    let autoscaling: Vec<&str> =
        seen.iter().filter(in_window).filter(|s| s.service == "autoscaling").map(|s| s.operation.as_str()).collect();
    // A healthy poll is DescribeAutoScalingGroups then DescribeScalingActivities, once a second;
    // throttled, the SDK would try each call three times: 40 to 60 requests in these 20 s.
    // Probing, it is one request an interval (±20 %), and never the activities.
    assert!(autoscaling.len() <= 27, "{} requests in {window:?} at a 1 s interval", autoscaling.len());
    assert!(autoscaling.iter().all(|&op| op == "DescribeAutoScalingGroups"), "{autoscaling:?}");
    let usage = c.aws.usage().unwrap();
    let op = usage.operations.iter().find(|o| o.operation == "DescribeAutoScalingGroups").unwrap();
    assert!(op.throttles >= 10 && op.errors >= op.throttles, "{op:?}");
    assert!(usage.recent_throttles >= 10);

    c.proxy.lift(rule);
    let lifted_at = c.aws.clock().now();
    let lifted = Instant::now();
    // The next probe is at most an interval (+20 %) away; its answer brings the full poll.
    c.until("groups fresh again by themselves", Duration::from_secs(10), |s| ready(s.fetched.groups.get(&scope))).await;
    let took = lifted.elapsed();
    let fresh = c.app.state.fetched.groups.get(&scope).and_then(Feed::snapshot).map(|s| s.fetched_at);
    assert!(fresh.is_some_and(|at| at >= lifted_at));
    // One interval (1.2 s with jitter) plus the probe and the poll against a loaded moto.
    assert!(took < Duration::from_millis(1200) + Duration::from_secs(3), "fresh {took:?} after the fault ended");
    assert!(!c.screen().contains("stale: throttled") && !c.screen().contains("· throttled, "), "{}", c.screen());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_hundreds_never_blank_or_change_good_data_and_are_counted() {
    let Some(moto) = moto() else { return };
    let region = "eu-west-3";
    seed_region(region, "err-db").await;
    let scope = Scope::region(region);
    let mut c = Console::start(moto, &[region], Timeouts::default(), "5xx").await;
    c.until("fleet and groups ready", READY, |s| {
        ready(s.fetched.groups.get(&scope)) && ready(s.fetched.fleet.get(&scope))
    })
    .await;

    c.proxy.inject(Match::default(), Fault::Status(500), 0.15, 7);
    c.proxy.inject(Match::default(), Fault::Status(503), 0.18, 11);
    c.proxy.inject(Match::default(), Fault::Latency(Duration::from_millis(300)), 0.2, 17);
    let start = Instant::now();
    let mut checked = 0_u32;
    c.until("fifteen seconds of 5xx", Duration::from_secs(45), |s| {
        assert!(has_db(s, &scope, "err-db"), "the fleet lost its good data");
        assert_eq!(group_names(s, &scope), ["api", "web"], "the groups lost or changed their good data");
        checked += 1;
        start.elapsed() >= Duration::from_secs(15)
    })
    .await;
    assert!(checked > 10, "the loop ran ({checked} checks)");
    assert!(c.screen().contains("err-db"));
    let spoiled = c.proxy.seen().iter().filter(|s| matches!(s.fault, Some(Fault::Status(_)))).count() as u64;
    let usage = c.aws.usage().unwrap();
    let errors: u64 = usage.operations.iter().map(|o| o.errors).sum();
    assert!(spoiled >= 5 && errors >= spoiled, "{spoiled} 5xx answers, {errors} errors counted: {usage:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hung_calls_end_within_the_timeouts_and_keys_still_work() {
    let Some(moto) = moto() else { return };
    let region = "ap-northeast-2";
    seed_region(region, "hang-db").await;
    let scope = Scope::region(region);
    let mut c = Console::start(moto, &[region], SHORT, "hang").await;
    c.until("fleet ready", READY, |s| ready(s.fetched.fleet.get(&scope))).await;

    let rule = c.proxy.inject(Match { service: Some("rds"), ..Match::default() }, Fault::Hang, 1.0, 3);
    let start = Instant::now();
    // Keys are handled at once while every RDS call hangs.
    for (key, tab) in [('2', Tab::Replication), ('4', Tab::Capacity), ('1', Tab::Fleet)] {
        let took = c.press(KeyCode::Char(key)).await;
        assert_eq!(c.app.state.nav.tab, tab);
        assert!(took < Duration::from_millis(500), "key {key} took {took:?}");
    }
    c.until("the hung fleet call gives up", SHORT.operation * 3, |s| {
        failed_with(s.fetched.fleet.get(&scope), "network")
    })
    .await;
    let waited = start.elapsed();
    // The first call may have started just before the hang; one operation timeout, plus a poll.
    assert!(waited <= SHORT.operation + Duration::from_secs(3), "gave up after {waited:?}");
    assert!(has_db(&c.app.state, &scope, "hang-db"), "the last good fleet stays");
    assert!(ready(c.app.state.fetched.groups.get(&scope)), "the other services are unaffected");
    let took = c.press(KeyCode::Char('2')).await;
    assert!(took < Duration::from_millis(500));
    c.press(KeyCode::Char('1')).await;
    assert!(c.screen().contains("· network, "), "the row keeps its verdict and says why: {}", c.screen());
    c.proxy.lift(rule);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_region_down_leaves_the_other_fully_shown_and_says_why() {
    let Some(moto) = moto() else { return };
    let (up, down) = ("eu-south-1", "ap-southeast-2");
    seed_region(up, "up-db").await;
    seed_region(down, "down-db").await;
    let (up_scope, down_scope) = (Scope::region(up), Scope::region(down));
    let mut c = Console::start(moto, &[up, down], SHORT, "region").await;
    c.until("both regions ready", READY, |s| {
        ready(s.fetched.fleet.get(&up_scope)) && ready(s.fetched.fleet.get(&down_scope))
    })
    .await;

    let rule = c.proxy.inject(Match { region: Some(down), ..Match::default() }, Fault::Hang, 1.0, 5);
    let down_at = c.aws.clock().now();
    c.until("the region's fleet and groups fail", READY, |s| {
        failed_with(s.fetched.fleet.get(&down_scope), "network")
            && failed_with(s.fetched.groups.get(&down_scope), "network")
    })
    .await;
    c.until("the healthy region updated since", READY, |s| {
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
async fn malformed_and_truncated_answers_are_classified_errors_not_panics() {
    let Some(moto) = moto() else { return };
    let region = "us-east-2";
    seed_region(region, "bad-db").await;
    let scope = Scope::region(region);
    let mut c = Console::start(moto, &[region], SHORT, "malformed").await;
    c.until("fleet ready", READY, |s| ready(s.fetched.fleet.get(&scope))).await;

    for fault in [Fault::Malformed, Fault::Truncate, Fault::Reset] {
        let on = Match { service: Some("rds"), operation: Some("DescribeDBInstances"), ..Match::default() };
        let rule = c.proxy.inject(on, fault, 1.0, 9);
        c.until(&format!("fleet fails on {fault:?}"), READY, |s| {
            s.fetched.fleet.get(&scope).and_then(Feed::failure).is_some()
        })
        .await;
        let failure = c.app.state.fetched.fleet.get(&scope).and_then(Feed::failure).unwrap();
        assert!(["error", "network"].contains(&failure.error.kind()), "{fault:?}: {:?}", failure.error);
        assert!(!failure.error.to_string().is_empty());
        assert!(has_db(&c.app.state, &scope, "bad-db"), "the last good fleet stays after {fault:?}");
        assert!(c.screen().contains("bad-db"));
        c.proxy.lift(rule);
        c.until("fleet recovers", READY, |s| ready(s.fetched.fleet.get(&scope))).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_credentials_mid_session_say_what_to_do_without_exiting() {
    let Some(moto) = moto() else { return };
    let region = "sa-east-1";
    seed_region(region, "cred-db").await;
    let scope = Scope::region(region);
    let mut c = Console::start(moto, &[region], SHORT, "credentials").await;
    c.until("fleet ready", READY, |s| ready(s.fetched.fleet.get(&scope)) && ready(s.fetched.groups.get(&scope))).await;

    for code in ["ExpiredToken", "InvalidClientTokenId"] {
        let rule = c.proxy.inject(Match::default(), Fault::Error(403, code), 1.0, 13);
        c.until(&format!("panes say credentials on {code}"), READY, |s| {
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
        c.until("fresh after new credentials", READY, |s| ready(s.fetched.fleet.get(&scope))).await;
        c.press(KeyCode::Char('1')).await;
    }
}
