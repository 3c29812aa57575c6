//! Starting warm: a console whose recordings folder holds the last session's recording draws
//! that session's last state at once, every feed stale with its true age, and its own polls
//! replace it when they answer. Recordings of another backend, and files that are not
//! recordings, are passed over.

use std::sync::Arc;
use std::time::Duration;

use opsdeck::cloud::sim::{Scenario, SimClock, SimConfig, Simulator};
use opsdeck::cloud::{Clock, Inventory};
use opsdeck::feed::{FeedKind, Freshness};
use opsdeck::record::warm;
use opsdeck::record::{Header, Recorder};
use opsdeck::runbook::audit::AuditLog;
use opsdeck::state::Writes;

use crate::record::{console, record_az_outage, temp};

#[tokio::test(start_paused = true)]
async fn a_console_starts_from_the_last_recording_until_its_polls_answer() {
    let folder = temp("warm");
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    let seen = record_az_outage(&folder.join("opsdeck-20261127T150000Z.odr"), false).await;
    let (recorded, _, _) = seen.last().cloned().unwrap();
    // Written after it, so newer: one of another backend, one that is no recording at all.
    let scopes = Simulator::new(SimConfig::default()).scopes();
    let other =
        Recorder::start(&folder.join("prod.odr"), &Header::new(recorded, "prod".to_owned(), None, scopes.clone()))
            .unwrap();
    other.finish();
    std::fs::write(folder.join("broken.odr"), "not a recording\n").unwrap();

    let later = recorded + chrono::Duration::hours(3);
    let clock = Arc::new(SimClock::manual(later));
    let sim = Arc::new(Simulator::with_clock(
        SimConfig { scenario: Scenario::AzOutage, ..SimConfig::default() },
        Arc::clone(&clock),
    ));
    let inventory: Arc<dyn Inventory> = Arc::clone(&sim) as Arc<dyn Inventory>;
    let found = warm::latest(&folder, &inventory.label(), &inventory.scopes()).expect("the DEMO recording is found");
    assert!(found.path.ends_with("opsdeck-20261127T150000Z.odr"), "{}", found.path.display());
    assert_eq!(found.recorded, recorded);
    assert_eq!(found.observations.len(), scopes.len() * 5, "fleet, metrics, alarms, groups and events of every scope");
    assert!(found.observations.iter().take(scopes.len()).all(|o| o.stream.feed == opsdeck::record::FeedName::Fleet));

    let mut live = console(Arc::clone(&inventory), sim, AuditLog::new(temp("warm.audit")), Writes::Allowed);
    live.app.start_warm(found);
    let state = &live.app.state;
    for (_, feed) in state.fetched.fleet.iter() {
        assert_eq!(feed.snapshot().map(|s| s.fetched_at), Some(recorded), "the recorded fleet, with its time");
    }
    assert!(!state.rows.fleet.is_empty() && !state.rows.alarms.is_empty(), "rows in the first frame");
    for kind in [FeedKind::Fleet, FeedKind::Metrics, FeedKind::Alarms, FeedKind::Groups] {
        assert_eq!(state.freshness(kind, later), Freshness::Stale { age_secs: 3 * 3600 }, "{kind:?}");
    }
    let notice = state.notice.as_ref().map(|n| n.text.clone()).unwrap_or_default();
    assert!(notice.contains("opsdeck-20261127T150000Z.odr recorded 3h ago"), "{notice}");
    live.app.handle(opsdeck::event::Event::Tick(later));
    live.app.draw_if_dirty(&mut live.terminal).unwrap();
    let screen = live.terminal.backend().to_string();
    assert!(screen.contains("3h old"), "every pane says how old: {screen}");

    // The console's own polls replace it.
    tokio::time::advance(Duration::from_secs(1)).await;
    live.settle(clock.now()).await;
    for (_, feed) in live.app.state.fetched.fleet.iter() {
        assert_eq!(feed.snapshot().map(|s| s.fetched_at), Some(later));
    }
    assert_eq!(live.app.state.freshness(FeedKind::Fleet, later), Freshness::Fresh);
    let _ = std::fs::remove_dir_all(&folder);
}

#[test]
fn nothing_to_start_from_is_a_cold_start() {
    let folder = temp("warm-empty");
    let _ = std::fs::remove_dir_all(&folder);
    assert!(warm::latest(&folder, "DEMO", &[]).is_none(), "no folder");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("torn.odr"), "").unwrap();
    let scopes = Simulator::new(SimConfig::default()).scopes();
    assert!(warm::latest(&folder, "DEMO", &scopes).is_none(), "an empty file");
    let clock: Arc<dyn Clock> = Arc::new(SimClock::manual(chrono::Utc::now()));
    let header = Header::new(clock.now(), "DEMO".to_owned(), None, scopes.clone());
    Recorder::start(&folder.join("headeronly.odr"), &header).unwrap().finish();
    assert!(warm::latest(&folder, "DEMO", &scopes).is_none(), "a recording without records yet");
    let _ = std::fs::remove_dir_all(&folder);
}
