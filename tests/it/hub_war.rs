//! The war room on a real nats-server: two consoles on one hub, each with its own
//! credentials (the simulator's operations here) and identity. A run takes its target's lock
//! in NATS; the other console's run on the same target is refused and told who holds it; each
//! console's runs and notes appear in the other's Runs panel and Timeline.

use std::sync::Arc;

use crossterm::event::KeyCode;

use opsdeck::config::hub::NatsAuth;
use opsdeck::hub::war::WarRoom;
use opsdeck::runbook::report::RunStatus;
use opsdeck::timeline::Source;

use crate::hub::{Console, answered, fleet, joined, serving};
use crate::nats::Nats;

#[tokio::test]
#[ignore = "needs nats-server: bash tests/run runs it"]
async fn a_run_locks_its_target_war_room_wide_and_runs_and_notes_are_shared() {
    let nats = Nats::start();
    let (clock, sim) = fleet();
    let hub = serving(&nats.url, &sim).await;

    let mut alice = Console::with_operations(Arc::new(joined(&nats.url, &clock).await), Arc::clone(&sim) as _);
    alice.app.share(&WarRoom::join(&nats.url, &NatsAuth::default(), "alice@jump-1").await.unwrap());
    let mut bob = Console::with_operations(Arc::new(joined(&nats.url, &clock).await), Arc::clone(&sim) as _);
    bob.app.share(&WarRoom::join(&nats.url, &NatsAuth::default(), "bob@jump-2").await.unwrap());
    alice.until("every feed answered", answered).await;
    bob.until("every feed answered", answered).await;

    // Alice scales up checkout-api; it waits for the new instances (the clock stands still).
    for key in ['4', 'U', 'y'] {
        alice.press(KeyCode::Char(key)).await;
    }
    assert_eq!(alice.app.state.runs.len(), 1, "{}", alice.screen());
    let target = alice.app.state.runs[0].plan.target.id.clone();
    bob.until("alice's run seen past its first step", |s| {
        s.others.iter().any(|r| r.origin == "alice@jump-1" && r.active && r.status.starts_with("step 1"))
    })
    .await;
    assert!(bob.screen().contains("alice@jump-1"), "bob's Runs panel names alice's run:\n{}", bob.screen());

    // Bob tries the same target: refused before any step, told who holds it.
    for key in ['4', 'U', 'y'] {
        bob.press(KeyCode::Char(key)).await;
    }
    assert_eq!(bob.app.state.runs[0].plan.target.id, target);
    bob.until("bob's run refused", |s| !s.runs[0].is_active()).await;
    let RunStatus::Stopped(why) = &bob.app.state.runs[0].status else {
        panic!("not refused: {:?}", bob.app.state.runs[0].status)
    };
    assert!(why.contains("locked by alice@jump-1") && why.contains("nothing was done"), "{why}");
    assert!(alice.app.state.runs[0].is_active(), "alice's run goes on");
    alice
        .until("bob's refused run seen", |s| {
            s.others
                .iter()
                .any(|r| r.origin == "bob@jump-2" && !r.active && r.status.contains("locked by alice@jump-1"))
        })
        .await;

    // While the lock is held the hub polls RDS and Auto Scaling at half rate there, and says so.
    let region = alice.app.state.runs[0].plan.target.scope.region.clone();
    let halved = format!("halved in {region}");
    alice.until("the hub's slowdown said", |s| s.notice.as_ref().is_some_and(|n| n.text.contains(&halved))).await;

    // A note from bob reaches alice's Timeline, by bob.
    bob.press(KeyCode::Char('n')).await;
    for c in "failing over at 15:10".chars() {
        bob.press(KeyCode::Char(c)).await;
    }
    bob.press(KeyCode::Enter).await;
    alice
        .until("bob's note on alice's timeline", |s| {
            s.timeline.events().iter().any(|e| {
                e.source == Source::Note && e.resource == "bob@jump-2" && e.what.contains("failing over at 15:10")
            })
        })
        .await;
    let confirmed = |s: &opsdeck::state::State| {
        s.timeline.events().iter().any(|e| e.source == Source::Runbook && e.what.contains("confirmed by alice@jump-1"))
    };
    bob.until("alice's run on bob's timeline", confirmed).await;

    // Alice's run ends and lets the lock go: bob's next run on the target is not refused.
    clock.advance(std::time::Duration::from_mins(15));
    alice.until("alice's run over", |s| !s.runs[0].is_active()).await;
    assert_eq!(alice.app.state.runs[0].status, RunStatus::Succeeded);
    for key in ['4', 'U', 'y'] {
        bob.press(KeyCode::Char(key)).await;
    }
    assert_eq!(bob.app.state.runs.len(), 2, "{}", bob.screen());
    // It goes on to its re-checks (which may find that the group changed since bob's plan).
    let refused = |status: &RunStatus| matches!(status, RunStatus::Stopped(why) if why.contains("locked by"));
    bob.until("bob's second run past the lock", |s| s.runs[1].step > 0 || !s.runs[1].is_active()).await;
    assert!(!refused(&bob.app.state.runs[1].status), "{:?}", bob.app.state.runs[1].status);
    hub.abort();
}
