//! A pre-scale window end to end on the simulator, as the console makes it: `:runbook
//! prescale-window` on a group of the Capacity tab, `y`, the run, both actions in the group's
//! detail; the start comes and the group's bounds and desired capacity change with a scheduled
//! action's activity, the action gone; `X` in the detail removes the end action through the
//! same plan → confirm → run → audit path, and the group keeps the window's sizes. Simulated
//! time is moved by hand and tokio's clock is paused: nothing sleeps for real.

use std::time::Duration;

use opsdeck::cloud::model::{ResourceKey, ScalingGroup, ScheduledAction};
use opsdeck::cloud::{Clock, CloudError, Inventory, Operations, ReadOnly};
use opsdeck::command::Command;
use opsdeck::config::keymap::Keymap;
use opsdeck::config::theme::Theme;
use opsdeck::event::{Effect, Event};
use opsdeck::runbook::plan::{Action, Plan, Step};
use opsdeck::runbook::report::RunStatus;
use opsdeck::state::{Mode, State, Tab};
use opsdeck::update::update;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::runbooks::{Bench, east};

const GROUP: &str = "checkout-api";

fn group_detail(state: &mut State) {
    update(state, Event::Command(Command::TabCapacity));
    update(state, Event::Command(Command::Top));
    while state.selected_key(Tab::Capacity).map(|k| k.id) != Some(GROUP.to_owned()) {
        update(state, Event::Command(Command::Down));
    }
    update(state, Event::Command(Command::Open));
}

fn screen(state: &State) -> String {
    let Ok(mut terminal) = Terminal::new(TestBackend::new(120, 40));
    let (theme, keymap) = (Theme::default(), Keymap::builtin("default").unwrap_or_default());
    let now = state.now.unwrap();
    let Ok(_) = terminal.draw(|frame| opsdeck::ui::draw(frame, state, now, &theme, &keymap));
    terminal.backend().to_string()
}

/// `y` on the open dialog: the plan it starts.
fn confirm(state: &mut State) -> Plan {
    let Mode::Confirm(dialog) = &state.nav.mode else { panic!("no dialog: {:?}", state.notice) };
    assert!(dialog.plan.can_confirm(), "{:?}", dialog.plan.checks);
    let effects = update(state, Event::Text('y'));
    let [Effect::StartRun { plan, .. }] = &effects[..] else { panic!("{effects:?}") };
    (**plan).clone()
}

/// A put's name, start and (min, desired, max).
type Put = (String, chrono::DateTime<chrono::Utc>, (u32, u32, u32));

fn puts(plan: &Plan) -> Vec<Put> {
    plan.steps
        .iter()
        .filter_map(|s| match s {
            Step::Call { action: Action::PutScheduledAction { name, start, min, desired, max, .. }, .. } => {
                Some((name.clone(), *start, (*min, *desired, *max)))
            }
            _ => None,
        })
        .collect()
}

async fn group(bench: &Bench) -> ScalingGroup {
    bench.sim.scaling_group(&ResourceKey::new(east(), GROUP)).await.unwrap()
}

fn names(g: &ScalingGroup) -> Vec<&str> {
    g.scheduled.iter().map(|a| a.name.as_str()).collect()
}

#[tokio::test(start_paused = true)]
async fn a_prescale_window_runs_shows_fires_at_its_start_and_its_end_can_be_removed() {
    let bench = Bench::new("prescale");
    let mut state = bench.state().await;
    let before = group(&bench).await;
    group_detail(&mut state);
    update(&mut state, Event::Command(Command::Back));
    update(&mut state, Event::Command(Command::Palette));
    "runbook prescale-window".chars().for_each(|c| drop(update(&mut state, Event::Text(c))));
    update(&mut state, Event::Command(Command::Confirm));
    let plan = confirm(&mut state);
    let [(start_name, start, raised), (end_name, end, back)] = &puts(&plan)[..] else { panic!("{plan:?}") };
    assert_eq!(*back, (before.min, before.desired, before.max), "the end puts back the sizes of now");
    assert_eq!((*end - *start).num_hours(), 12);
    let (status, _) = bench.run(plan.clone(), bench.ops()).await;
    assert_eq!(status, RunStatus::Succeeded);
    let events: Vec<_> = bench.audit().iter().map(|e| e["event"].as_str().unwrap().to_owned()).collect();
    assert_eq!(events, ["confirmed", "step", "step", "finished"], "audited before and after each call");

    let mut state = bench.state().await;
    assert_eq!(names(state.group(&ResourceKey::new(east(), GROUP)).unwrap()), [start_name, end_name]);
    group_detail(&mut state);
    let text = screen(&state);
    assert!(text.contains("Scheduled actions (soonest first)") && text.contains(start_name.as_str()), "{text}");
    assert!(text.contains(&format!("{} / {} / {}", raised.0, raised.1, raised.2)), "{text}");
    assert!(text.contains("X removes one"), "{text}");

    // The start comes: the bounds change then, worded as AWS words it, and the action is gone.
    let to_start = (*start - bench.clock.now()).to_std().unwrap() + Duration::from_secs(1);
    bench.clock.advance(to_start);
    let during = group(&bench).await;
    assert_eq!((during.min, during.max), (raised.0, raised.2));
    assert!(during.desired >= raised.1, "{during:?}");
    assert_eq!(names(&during), [end_name.as_str()], "a one-off action is removed once it has run");
    let groups = bench.sim.scaling_groups(&east()).await.unwrap();
    let activities = &groups.iter().find(|g| g.name == GROUP).unwrap().activities;
    let cause =
        format!("a scheduled action update of AutoScalingGroup constraints to min: {}, max: {}", raised.0, raised.2);
    assert!(activities.iter().any(|a| a.cause.as_deref().is_some_and(|c| c.contains(&cause))), "{activities:?}");
    bench.clock.advance(Duration::from_mins(15));
    assert!(group(&bench).await.in_service >= raised.1, "instances come into service");

    // X in the detail plans removing the end action, the one left.
    let mut state = bench.state().await;
    group_detail(&mut state);
    update(&mut state, Event::Command(Command::RemoveScheduled));
    let removal = confirm(&mut state);
    assert!(matches!(
        &removal.steps[..],
        [Step::Call { action: Action::DeleteScheduledAction { name, .. }, .. }] if name == end_name
    ));
    assert_eq!(bench.run(removal, bench.ops()).await.0, RunStatus::Succeeded);
    bench.clock.advance((*end - bench.clock.now()).to_std().unwrap() + Duration::from_mins(1));
    let after = group(&bench).await;
    assert!(after.scheduled.is_empty());
    assert_eq!((after.min, after.max), (raised.0, raised.2), "the removed end never ran");
}

#[tokio::test(start_paused = true)]
async fn the_simulator_refuses_what_auto_scaling_refuses_and_read_only_refuses_everything() {
    let bench = Bench::new("prescale-refused");
    let key = ResourceKey::new(east(), GROUP);
    let now = bench.clock.now();
    let action = |minutes: i64, (min, desired, max): (u32, u32, u32)| ScheduledAction {
        name: "x".into(),
        start: Some(now + chrono::Duration::minutes(minutes)),
        end: None,
        recurrence: None,
        min: Some(min),
        desired: Some(desired),
        max: Some(max),
    };
    let past = bench.sim.put_scheduled_action(&key, &action(-1, (1, 2, 3))).await.unwrap_err();
    assert!(past.to_string().contains("is in the past"), "{past}");
    let outside = bench.sim.put_scheduled_action(&key, &action(60, (4, 2, 8))).await.unwrap_err();
    assert!(outside.to_string().contains("must be between the specified min size:4 and max size:8"), "{outside}");
    let missing = bench.sim.delete_scheduled_action(&key, "never-put").await.unwrap_err();
    assert!(matches!(missing, CloudError::NotFound { .. }), "{missing:?}");
    let refused = ReadOnly.put_scheduled_action(&key, &action(60, (1, 2, 3))).await.unwrap_err();
    assert!(matches!(refused, CloudError::Refused { .. }));
    assert!(matches!(ReadOnly.delete_scheduled_action(&key, "x").await, Err(CloudError::Refused { .. })));
    assert!(group(&bench).await.scheduled.is_empty(), "nothing refused was kept");
}
