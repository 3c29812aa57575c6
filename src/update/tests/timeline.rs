//! The Timeline tab: poll results become events through the same deriver as the export, notes,
//! Enter to the resource, and `]`/`[` in a replay.

use super::*;
use crate::cloud::model::{Alarm, AlarmState};
use crate::event::ReplayAction;
use crate::record::Entry;
use crate::state::ReplayStatus;
use crate::timeline::Source;

fn alarms_at(alarms: Vec<Alarm>, secs: i64) -> Event {
    Event::Polled(Polled::Alarms(east(), Ok(Snapshot { data: alarms, fetched_at: at(secs) })))
}

fn hot_cpu(secs: i64) -> Event {
    let series = DbSeries { series: [(DbMetric::Cpu, Series::new([(at(secs), 97.0)]))].into_iter().collect() };
    let metrics = Metrics::new([("a".to_owned(), series)].into_iter().collect(), std::collections::HashMap::default());
    Event::Polled(Polled::Metrics(east(), Ok(Snapshot { data: metrics, fetched_at: at(secs) })))
}

/// A console that saw a fleet, an alarm go OK → ALARM, and a DB's CPU go critical.
fn incident() -> (State, Vec<Event>) {
    let events = vec![
        fleet_event(&["a"]),
        alarms_at(vec![alarm("cpu-high", AlarmState::Ok)], 10),
        alarms_at(vec![alarm("cpu-high", AlarmState::Alarm)], 70),
        hot_cpu(80),
    ];
    let mut state = State::new("TEST", vec![east()]);
    for event in events.clone() {
        update(&mut state, event);
    }
    (state, events)
}

/// What the export finds in the entries recorded of `events`, once it is checked to be what the
/// live tab of `state` holds.
fn live_equals_export(state: &State, events: &[Event]) -> Vec<crate::timeline::Event> {
    let entries: Vec<Entry> = events
        .iter()
        .filter_map(|e| match e {
            Event::Polled(p) => p.observation().map(Entry::Observed),
            _ => None,
        })
        .collect();
    let exported = crate::timeline::events(&entries, &state.session.thresholds);
    let live: Vec<_> = state.timeline.events().iter().map(|e| (**e).clone()).collect();
    assert_eq!(live, exported);
    exported
}

fn whats(state: &State) -> Vec<(Source, String, String)> {
    state.rows.timeline.iter().map(|r| (r.event.source, r.event.resource.clone(), r.event.what.clone())).collect()
}

#[test]
fn polled_results_put_an_alarm_transition_and_a_verdict_change_on_the_tab() {
    let (state, _) = incident();
    let seen = whats(&state);
    assert_eq!(seen.len(), 2, "{seen:#?}");
    // Newest first.
    assert_eq!(seen[0], (Source::Health, "a".to_owned(), "became crit: CPU 97%".to_owned()));
    assert_eq!(seen[1].0, Source::Alarm);
    assert_eq!(seen[1].1, "cpu-high");
    assert!(seen[1].2.starts_with("OK → ALARM (OK for 1 min)"), "{seen:#?}");
    assert_eq!(*state.rows.timeline[0].scope, east());
}

#[test]
fn the_live_tab_holds_what_the_export_finds_in_the_same_entries() {
    let (state, events) = incident();
    let exported = live_equals_export(&state, &events);
    assert_eq!(exported.len(), 2);
}

#[test]
fn a_note_is_typed_saved_on_the_timeline_and_kept_by_the_app() {
    let mut state = State::new("TEST", vec![east()]);
    state.session.operator = "dana".into();
    update(&mut state, Event::Tick(at(42)));
    update(&mut state, Event::Command(Command::Note));
    assert_eq!(state.nav.mode, Mode::Note(String::new()));
    typed(&mut state, "failing over \u{1b}[31mby hand");
    let effects = update(&mut state, Event::Command(Command::Confirm));
    assert_eq!(state.nav.mode, Mode::Normal);
    let text = "failing over \\u{1b}[31mby hand".to_owned();
    assert_eq!(effects, vec![Effect::Note { at: at(42), who: "dana".into(), text: text.clone() }]);
    assert_eq!(whats(&state), [(Source::Note, "dana".to_owned(), text)]);
    // A run's audit line, sent back by the app, goes on the timeline too.
    let line = serde_json::json!({"event": "finished", "run": 1, "run_id": "x", "region": "us-east-1", "outcome": "succeeded"});
    update(&mut state, Event::Logged(Entry::Audit { at: at(50), line }));
    assert_eq!(whats(&state)[0], (Source::Runbook, "run 1".to_owned(), "succeeded".to_owned()));
}

#[test]
fn esc_or_an_empty_line_adds_no_note_and_a_replay_takes_none() {
    let mut state = State::new("TEST", vec![east()]);
    update(&mut state, Event::Tick(at(0)));
    update(&mut state, Event::Command(Command::Note));
    typed(&mut state, "oops");
    assert!(update(&mut state, Event::Command(Command::Back)).is_empty());
    assert_eq!(state.nav.mode, Mode::Normal);
    update(&mut state, Event::Command(Command::Note));
    typed(&mut state, "   ");
    assert!(update(&mut state, Event::Command(Command::Confirm)).is_empty());
    assert!(state.timeline.events().is_empty());
    state.session.replay = Some(ReplayStatus { playing: false, speed: 1, ended: false });
    update(&mut state, Event::Command(Command::Note));
    assert_eq!(state.nav.mode, Mode::Normal);
    assert!(state.notice.as_ref().is_some_and(|n| n.text.contains("read-only record")));
}

#[test]
fn enter_on_an_alarm_event_selects_the_alarm_in_its_tab() {
    let (mut state, _) = incident();
    update(&mut state, alarms_at(vec![alarm("aaa", AlarmState::Ok), alarm("cpu-high", AlarmState::Alarm)], 90));
    update(&mut state, Event::Command(Command::TabTimeline));
    assert_eq!(state.nav.tab, Tab::Timeline);
    update(&mut state, Event::Command(Command::Down));
    assert_eq!(state.rows.timeline[state.cursor(Tab::Timeline).selected].event.source, Source::Alarm);
    update(&mut state, Event::Command(Command::Open));
    assert_eq!(state.nav.tab, Tab::Alarms);
    assert_eq!(state.selected_key(Tab::Alarms), Some(ResourceKey::new(east(), "cpu-high")));
    // The health event opens the DB's detail in the Fleet tab.
    update(&mut state, Event::Command(Command::TabTimeline));
    update(&mut state, Event::Command(Command::Top));
    update(&mut state, Event::Command(Command::Open));
    assert_eq!(state.nav.tab, Tab::Fleet);
    assert_eq!(state.nav.mode, Mode::Detail(DetailTarget::Db(ResourceKey::new(east(), "a"))));
}

#[test]
fn a_moved_selection_stays_on_its_event_when_new_ones_arrive() {
    let (mut state, _) = incident();
    update(&mut state, Event::Command(Command::TabTimeline));
    update(&mut state, Event::Command(Command::Down));
    update(&mut state, alarms_at(vec![alarm("cpu-high", AlarmState::Ok)], 200));
    let selected = &state.rows.timeline[state.cursor(Tab::Timeline).selected];
    assert!(selected.event.what.starts_with("OK → ALARM"), "{selected:?}");
}

#[test]
fn brackets_move_a_replay_to_the_next_and_previous_event() {
    let (live, _) = incident();
    let recorded: Vec<_> = live.timeline.events().iter().map(|e| (**e).clone()).collect();
    let mut state = State::new("REPLAY", vec![east()]);
    // Outside a replay the keys only say so.
    assert!(update(&mut state, Event::Command(Command::ReplayNextEvent)).is_empty());
    assert!(state.notice.is_some());
    state.session.replay = Some(ReplayStatus { playing: false, speed: 1, ended: false });
    update(&mut state, Event::TimelineLoaded(recorded));
    update(&mut state, Event::Tick(at(0)));
    assert!(state.rows.timeline.is_empty(), "nothing had happened at the start");
    let next = update(&mut state, Event::Command(Command::ReplayNextEvent));
    // The alarm changed at its own update time; without one, when it was polled.
    assert_eq!(next, vec![Effect::Replay(ReplayAction::Seek(at(70)))]);
    update(&mut state, Event::Tick(at(70)));
    assert_eq!(state.rows.timeline.len(), 1);
    assert_eq!(
        update(&mut state, Event::Command(Command::ReplayNextEvent)),
        vec![Effect::Replay(ReplayAction::Seek(at(80)))]
    );
    update(&mut state, Event::Tick(at(80)));
    assert!(update(&mut state, Event::Command(Command::ReplayNextEvent)).is_empty(), "no event after the last");
    assert_eq!(
        update(&mut state, Event::Command(Command::ReplayPrevEvent)),
        vec![Effect::Replay(ReplayAction::Seek(at(70)))]
    );
    // A poll in a replay does not add to the recording's timeline.
    update(&mut state, alarms_at(vec![alarm("other", AlarmState::Alarm)], 80));
    assert_eq!(state.timeline.events().len(), 2);
}

#[test]
fn every_scoped_feed_read_where_it_is_brings_what_its_recorded_entry_brings() {
    use crate::cloud::model::{DbEvent, EventSource};
    let Event::Polled(Polled::Fleet(_, Ok(mut rebooting))) = fleet_at(&["a"], 100) else { unreachable!() };
    rebooting.data.instances_mut()[0].status = DbStatus::Rebooting;
    let failure = Failure { error: crate::cloud::CloudError::Other { message: "down".into() }, at: at(110) };
    let event = DbEvent {
        at: at(105),
        source: EventSource::Instance,
        source_id: "a".into(),
        categories: vec!["availability".into()],
        message: "DB instance restarted".into(),
        arn: None,
    };
    let events_at = |secs| Snapshot { data: vec![event.clone()], fetched_at: at(secs) };
    let (_, mut events) = incident();
    events.extend([
        Event::Polled(Polled::Fleet(east(), Ok(rebooting))),
        Event::Polled(Polled::Alarms(east(), Err(failure))),
        Event::Polled(Polled::Events(east(), Ok(events_at(120)))),
        Event::Polled(Polled::Events(east(), Ok(events_at(130)))),
        Event::Polled(Polled::Groups(east(), Ok(Snapshot { data: Vec::new(), fetched_at: at(140) }))),
        fleet_at(&["a"], 150),
        alarms_at(vec![alarm("cpu-high", AlarmState::Ok)], 160),
    ]);
    let mut state = State::new("TEST", vec![east()]);
    for event in events.clone() {
        update(&mut state, event);
    }
    let exported = live_equals_export(&state, &events);
    let sources: Vec<Source> = exported.iter().map(|e| e.source).collect();
    for source in [Source::Alarm, Source::Db, Source::RdsEvent, Source::Health] {
        assert!(sources.contains(&source), "{source:?} in {exported:#?}");
    }
}

#[test]
fn new_thresholds_judge_the_verdicts_again_at_the_next_poll_even_of_data_already_held() {
    let (mut state, _) = incident();
    state.session.thresholds.cpu = crate::judging::Limit::above(98.0, 99.0);
    // The fleet as held: no status moved, but CPU 97% is no longer past a limit.
    update(&mut state, fleet_at(&["a"], 100));
    assert_eq!(whats(&state)[0], (Source::Health, "a".to_owned(), "back to ok".to_owned()));
    // Polled again, the same data brings nothing new.
    let count = state.timeline.events().len();
    update(&mut state, fleet_at(&["a"], 130));
    assert_eq!(state.timeline.events().len(), count);
}
