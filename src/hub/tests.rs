//! The hub's encoding without a server: what the publisher sends for a run of poll results,
//! read back by a console's view, gives the same data; large data goes in parts that fit.

use chrono::{Duration, TimeZone, Utc};

use super::parts;
use super::publish::Publisher;
use super::subject;
use super::view::View;
use super::wire::{self, MAX_BODY, Outgoing, Part};
use crate::cloud::CloudError;
use crate::cloud::model::{DbFleet, Scope};
use crate::record::{FeedName, Observation, Payload, Stream};

fn fleet(n: usize, note: &str) -> DbFleet {
    let sim = crate::cloud::sim::Simulator::new(crate::cloud::sim::SimConfig {
        fleet_size: Some(n),
        ..crate::cloud::sim::SimConfig::default()
    });
    let scope = crate::cloud::Inventory::scopes(&sim).remove(0);
    let mut fleet = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap()
        .block_on(async { crate::cloud::Inventory::db_fleet(&sim, &scope).await.unwrap() });
    for instance in fleet.instances_mut() {
        instance.class = instance.class.take().map(|c| format!("{c}{note}"));
    }
    fleet
}

fn observed(at_min: i64, data: Result<Payload, CloudError>) -> Observation {
    let at = Utc.with_ymd_and_hms(2026, 11, 27, 15, 0, 0).unwrap() + Duration::minutes(at_min);
    Observation { at, stream: Stream::scoped(FeedName::Fleet, Scope::region("us-east-1")), result: data }
}

fn read(view: &mut View, out: &[Outgoing]) {
    for message in out {
        view.read(wire::read(&message.body).unwrap(), message.part);
    }
}

#[test]
fn subjects_keep_their_shape_whatever_the_profile_is_called() {
    let scope = Scope { profile: Some("team.a*>b_c".to_owned()), region: "eu-west-1".to_owned() };
    let stream = Stream::scoped(FeedName::Fleet, scope);
    assert_eq!(subject::changes(&stream), "opsdeck.v2.state.team_2Ea_2A_3Eb_5Fc@eu-west-1.fleet");
    assert_eq!(subject::keyframes(&stream), "opsdeck.v2.state.team_2Ea_2A_3Eb_5Fc@eu-west-1.fleet.key");
    assert_eq!(subject::scope_token(&Scope::region("us-east-1")), "@us-east-1");
    assert_eq!(subject::version_of("opsdeck.v3.hub.a"), Some(3));
    assert_eq!(Part::parse("2/3"), Some(Part { index: 2, of: 3 }));
    assert_eq!(Part::parse("3/3"), None);
}

#[test]
fn a_run_of_results_reads_back_the_same_and_only_changes_are_sent() {
    let mut publisher = Publisher::new(Duration::minutes(10));
    let mut view = View::default();
    let first = fleet(12, "");
    let out = publisher.publish(&observed(0, Ok(Payload::Fleet(first.clone()))));
    assert_eq!(out.len(), 1);
    assert!(out[0].subject.ends_with(".fleet.key"), "the first result is a keyframe");
    read(&mut view, &out);
    let stream = Stream::scoped(FeedName::Fleet, Scope::region("us-east-1"));
    assert_eq!(view.current(&stream), Some(Ok(&Payload::Fleet(first.clone()))));

    assert!(publisher.publish(&observed(1, Ok(Payload::Fleet(first.clone())))).is_empty(), "nothing new");
    let mut second = first.clone();
    second.instances_mut()[3].class = Some("db.r6g.24xlarge".to_owned());
    let out = publisher.publish(&observed(2, Ok(Payload::Fleet(second.clone()))));
    assert_eq!((out.len(), out[0].subject.rsplit('.').next() == Some("fleet")), (1, true), "a change");
    assert!(
        out[0].body.len()
            < wire::body(&crate::record::Line::Whole {
                at: Utc::now(),
                stream: stream.clone(),
                data: Payload::Fleet(second.clone())
            })
            .len()
    );
    read(&mut view, &out);
    assert_eq!(view.current(&stream), Some(Ok(&Payload::Fleet(second.clone()))));

    let error = CloudError::Throttled { service: "rds".into(), message: "slow down".into() };
    let out = publisher.publish(&observed(3, Err(error.clone())));
    assert_eq!(out.len(), 1);
    assert!(publisher.publish(&observed(4, Err(error.clone()))).is_empty(), "a failure is said once");
    read(&mut view, &out);
    assert_eq!(view.current(&stream), Some(Err(&error)));
    let out = publisher.publish(&observed(5, Ok(Payload::Fleet(second.clone()))));
    read(&mut view, &out);
    assert_eq!(view.current(&stream), Some(Ok(&Payload::Fleet(second.clone()))), "recovered");

    let out = publisher.publish(&observed(15, Ok(Payload::Fleet(second.clone()))));
    assert!(out.iter().all(|m| m.subject.rsplit('.').next() == Some("key")), "a keyframe is due after ten minutes");
}

#[test]
fn a_result_the_stream_did_not_store_is_stated_whole_next_time() {
    let mut publisher = Publisher::new(Duration::minutes(10));
    let first = fleet(4, "");
    publisher.publish(&observed(0, Ok(Payload::Fleet(first.clone()))));
    let mut second = first.clone();
    second.instances_mut()[1].class = Some("db.r6g.24xlarge".to_owned());
    // A change NATS did not store (it was down): the console still has the first data.
    assert!(publisher.publish(&observed(1, Ok(Payload::Fleet(second.clone())))).len() == 1);
    publisher.forget_stream(&Stream::scoped(FeedName::Fleet, Scope::region("us-east-1")));
    let out = publisher.publish(&observed(2, Ok(Payload::Fleet(second))));
    assert!(
        out.len() == 1 && out[0].subject.ends_with(".fleet.key"),
        "the same data again is stated whole, not skipped as unchanged"
    );
}

#[test]
fn a_late_joiner_skips_changes_until_a_keyframe() {
    let mut publisher = Publisher::new(Duration::minutes(10));
    let first = fleet(5, "");
    let _ = publisher.publish(&observed(0, Ok(Payload::Fleet(first.clone()))));
    let mut second = first.clone();
    second.instances_mut().pop();
    let change = publisher.publish(&observed(1, Ok(Payload::Fleet(second.clone()))));
    let keyframe = publisher.publish(&observed(12, Ok(Payload::Fleet(second.clone()))));
    let mut view = View::default();
    read(&mut view, &change);
    assert_eq!((view.streams(), view.skipped), (0, 1));
    read(&mut view, &keyframe);
    assert_eq!(view.streams(), 1);
}

#[test]
fn a_large_fleet_goes_in_parts_that_each_fit_and_merge_back() {
    let big = fleet(5_000, &"x".repeat(200));
    let mut publisher = Publisher::new(Duration::minutes(10));
    let out = publisher.publish(&observed(0, Ok(Payload::Fleet(big.clone()))));
    assert!(out.len() > 1, "5,000 instances do not fit in one message");
    assert!(out.iter().all(|m| m.body.len() <= MAX_BODY));
    assert!(out.iter().enumerate().all(|(i, m)| m.part == Some(Part { index: i, of: out.len() })));
    let mut view = View::default();
    read(&mut view, &out);
    let stream = Stream::scoped(FeedName::Fleet, Scope::region("us-east-1"));
    assert_eq!(view.current(&stream), Some(Ok(&Payload::Fleet(big.clone()))));
    // A part missing leaves the keyframe unread rather than half of the fleet.
    let mut view = View::default();
    read(&mut view, &out[1..]);
    assert_eq!(view.streams(), 0);
    assert_eq!(parts::merge(parts::split(&Payload::Fleet(big.clone()), 7)), Some(Payload::Fleet(big)));
}

#[test]
fn a_lock_key_is_a_valid_kv_key_that_names_its_region() {
    use crate::cloud::model::ResourceKey;
    let scope = Scope { profile: Some("prod.eu*".to_owned()), region: "eu-west-1".to_owned() };
    let key = subject::lock_key(&ResourceKey::new(scope, "orders db/1".to_owned()));
    assert!(key.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)), "{key}");
    assert_eq!(key.split('.').count(), 3);
    assert_eq!(subject::lock_region(&key).as_deref(), Some("eu-west-1"));
    let key = subject::lock_key(&ResourceKey::new(Scope::region("us-east-1"), "db".to_owned()));
    assert_eq!(key, "_.us-east-1.db");
}

#[test]
fn other_consoles_runs_follow_their_shared_lines() {
    use crate::state::war::OtherRuns;
    let mut runs = OtherRuns::default();
    let at = Utc.with_ymd_and_hms(2026, 11, 27, 15, 0, 0).unwrap();
    let line = |event: &str, extra: serde_json::Value| {
        let mut line = serde_json::json!({"event": event, "run_id": "r1", "origin": "alice@jump-1", "target": "db"});
        line.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        line
    };
    assert!(!runs.observe(at, &serde_json::json!({"event": "confirmed", "run_id": "x"})), "not shared: no origin");
    assert!(runs.observe(at, &line("confirmed", serde_json::json!({"plan": {"title": "Fail over db"}}))));
    assert!(runs.observe(at, &line("step", serde_json::json!({"index": 0, "step": "reboot", "outcome": "ok"}))));
    let run = runs.iter().next().unwrap().clone();
    assert_eq!((run.title.as_str(), run.status.as_str(), run.active), ("Fail over db", "step 1 reboot: ok", true));
    assert!(runs.observe(at, &line("finished", serde_json::json!({"outcome": "succeeded"}))));
    assert!(!runs.iter().next().unwrap().active);
}

#[test]
fn a_scope_is_heard_of_by_its_messages_and_the_beats_of_the_hub_polling_it() {
    let at = |min: i64| Utc.with_ymd_and_hms(2026, 11, 27, 15, 0, 0).unwrap() + Duration::minutes(min);
    let (east, west) = (Scope::region("us-east-1"), Scope::region("us-west-2"));
    let mut view = View::default();
    read(&mut view, &Publisher::new(Duration::minutes(10)).publish(&observed(0, Ok(Payload::Fleet(fleet(2, ""))))));
    assert_eq!(view.last_heard_of(&east), Some(at(0)), "its message");
    view.beat(at(1), Some(std::slice::from_ref(&west)));
    view.beat(at(2), Some(&[]));
    assert_eq!(view.last_heard_of(&east), Some(at(0)), "neither the other hub's beat nor a standby's");
    assert_eq!((view.last_heard_of(&west), view.last_heard()), (Some(at(1)), Some(at(2))));
    view.beat(at(3), None);
    assert_eq!(view.last_heard_of(&east), Some(at(3)), "a hub that does not say counts for every scope");
}
