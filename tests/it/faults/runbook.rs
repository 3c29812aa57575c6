//! A runbook whose second call is throttled, against moto through the fault proxy: the run
//! stops there, says what was done and what was not, and the audit log has every entry.

use std::sync::Arc;
use std::time::Duration;

use aws_sdk_autoscaling::Client as AutoScaling;
use opsdeck::cloud::model::{ResourceKey, Scope};
use opsdeck::cloud::{Inventory, Operations};
use opsdeck::event::{Event, Polled};
use opsdeck::feed::stamped;
use opsdeck::runbook::audit::AuditLog;
use opsdeck::runbook::catalog::plan;
use opsdeck::runbook::plan::Step;
use opsdeck::runbook::plan::{Plan, Request};
use opsdeck::runbook::report::{RunStatus, RunUpdate};
use opsdeck::runbook::runner::Runner;
use opsdeck::state::State;
use opsdeck::update::update;
use tokio::sync::mpsc;

use super::proxy::{Fault, FaultProxy, Match};
use super::{LIMIT, SHORT, adapter_via};
use crate::aws::{moto, sdk, seed};

/// A region seeded with the groups (web is 1/2/4), the adapter through a fault proxy, and
/// the state after one poll of the groups.
struct Groups {
    asg: AutoScaling,
    proxy: FaultProxy,
    aws: Arc<opsdeck::cloud::aws::Aws>,
    state: State,
    scope: Scope,
}

async fn groups_in(region: &str) -> Groups {
    let moto = moto();
    let asg = AutoScaling::new(&sdk(moto, region).await);
    seed::groups(&asg, region).await;
    let proxy = FaultProxy::start(&moto.endpoint);
    let aws = Arc::new(adapter_via(&proxy, &[region], SHORT).await);
    let scope = Scope::region(region);
    let mut state = State::new(aws.label(), aws.scopes());
    let groups = stamped(aws.scaling_groups(&scope).await, aws.clock().now());
    update(&mut state, Event::Polled(Polled::Groups(scope.clone(), groups)));
    Groups { asg, proxy, aws, state, scope }
}

/// Runs `plan` against the adapter to its end, with a fresh audit log named for `name`: the
/// final status, the steps begun in order, and the log.
async fn run_to_end(g: &Groups, plan: Plan, name: &str) -> (RunStatus, Vec<usize>, AuditLog) {
    let path = std::env::temp_dir().join(format!("opsdeck-it-faults-{name}-{}.jsonl", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let audit = AuditLog::new(path);
    let runner = Runner {
        inventory: Arc::clone(&g.aws) as Arc<dyn Inventory>,
        operations: Arc::clone(&g.aws) as Arc<dyn Operations>,
        audit: audit.clone(),
        poll_every: Duration::from_secs(1),
        call_timeout: SHORT.operation,
        locks: None,
    };
    let (tx, mut rx) = mpsc::unbounded_channel();
    let task = tokio::spawn(runner.run(1, plan, tx));
    let mut steps = Vec::new();
    let status = tokio::time::timeout(LIMIT, async {
        loop {
            match rx.recv().await.map(|report| report.update) {
                Some(RunUpdate::Finished(status)) => break status,
                Some(RunUpdate::Step(index)) => steps.push(index),
                Some(_) => {}
                None => panic!("the runner ended without a report"),
            }
        }
    })
    .await
    .expect("the run ended (a liveness guard)");
    task.await.unwrap();
    (status, steps, audit)
}

/// The log's entries, and each as `event:outcome`.
fn entries(audit: &AuditLog) -> (Vec<serde_json::Value>, Vec<String>) {
    let entries: Vec<serde_json::Value> = audit.read().unwrap().into_iter().map(|(_, e)| e.unwrap()).collect();
    let events = entries
        .iter()
        .map(|e| format!("{}:{}", e["event"].as_str().unwrap(), e["outcome"].as_str().unwrap_or("")))
        .collect();
    (entries, events)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs moto_server: bash tests/run runs it"]
async fn a_run_throttled_on_its_second_call_stops_and_the_audit_log_has_it_all() {
    let g = groups_in("ap-southeast-1").await;
    let (asg, proxy, aws, state, scope) = (&g.asg, &g.proxy, &g.aws, &g.state, &g.scope);

    // web is 1/2/4: going to 6 raises the max first (call 1), then the desired (call 2).
    let plan =
        plan(&state.fleet_view(), &Request::ScaleUp { group: ResourceKey::new(scope.clone(), "web"), target: 6 });
    assert!(plan.can_confirm(), "{plan:?}");
    assert!(matches!(plan.steps.as_slice(), [Step::Call { .. }, Step::Call { .. }, Step::Wait { .. }]));
    proxy.inject(Match { operation: Some("SetDesiredCapacity"), ..Match::default() }, Fault::Throttle, 1.0, 2);

    let (status, steps, audit) = run_to_end(&g, plan, "run").await;

    let RunStatus::Failed(why) = status else { panic!("{status:?}") };
    assert!(why.contains("throttled"), "{why}");
    assert_eq!(steps, [0, 1], "the wait was never started");
    let (entries, events) = entries(&audit);
    assert_eq!(events, ["confirmed:", "step:ok", "step:failed", "finished:failed"]);
    // Every entry names the account and principal sts:GetCallerIdentity gave at connect.
    for entry in &entries {
        assert_eq!(entry["account"], "123456789012", "{entry}");
        assert!(entry["principal"].as_str().is_some_and(|p| p.starts_with("arn:aws:")), "{entry}");
    }
    assert!(entries[2]["detail"].as_str().is_some_and(|d| d.contains("throttled")), "{}", entries[2]);
    assert!(entries[3]["reason"].as_str().is_some_and(|r| r.contains("throttled")), "{}", entries[3]);

    // What was done stays done (max 6), what was not was not (desired still 2).
    let after = asg.describe_auto_scaling_groups().auto_scaling_group_names("web").send().await.unwrap();
    let web = &after.auto_scaling_groups()[0];
    assert_eq!((web.max_size(), web.desired_capacity()), (Some(6), Some(2)));
    let usage = aws.usage().unwrap();
    assert!(usage.operations.iter().any(|o| o.operation == "SetDesiredCapacity" && o.throttles >= 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs moto_server: bash tests/run runs it"]
async fn a_write_that_gets_no_answer_is_sent_once_and_read_back() {
    let g = groups_in("ap-northeast-3").await;
    let (asg, proxy, state, scope) = (&g.asg, &g.proxy, &g.state, &g.scope);
    // web is 1/2/4: going to 3 is one call, then the wait.
    let plan =
        plan(&state.fleet_view(), &Request::ScaleUp { group: ResourceKey::new(scope.clone(), "web"), target: 3 });
    assert!(matches!(plan.steps.as_slice(), [Step::Call { .. }, Step::Wait { .. }]), "{plan:?}");
    // Every SetDesiredCapacity loses its connection before an answer (and before moto sees it).
    proxy.inject(Match { operation: Some("SetDesiredCapacity"), ..Match::default() }, Fault::Reset, 1.0, 3);
    let before = proxy.seen().len();

    let (status, _, audit) = run_to_end(&g, plan, "once").await;

    let RunStatus::Failed(why) = status else { panic!("{status:?}") };
    assert!(why.contains("did not take effect") && why.contains("not sent again"), "{why}");
    let seen: Vec<_> = proxy.seen().into_iter().skip(before).collect();
    let writes: Vec<_> = seen.iter().filter(|s| s.operation == "SetDesiredCapacity").collect();
    assert_eq!(writes.len(), 1, "the write is sent once, never retried: {seen:#?}");
    // The re-check before it, and the read-back after it, each asked for the one group.
    let reads: Vec<_> = seen.iter().filter(|s| s.operation == "DescribeAutoScalingGroups").collect();
    assert_eq!(reads.len(), 2, "{seen:#?}");
    assert!(reads.iter().all(|r| r.param("AutoScalingGroupNames.member.1") == Some("web")), "{reads:#?}");
    let (_, events) = entries(&audit);
    assert_eq!(events, ["confirmed:", "step:unknown", "finished:failed"]);
    let after = asg.describe_auto_scaling_groups().auto_scaling_group_names("web").send().await.unwrap();
    assert_eq!(
        after.auto_scaling_groups()[0].desired_capacity(),
        Some(2),
        "nothing was done behind the operator's back"
    );
}
