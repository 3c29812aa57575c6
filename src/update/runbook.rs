//! The runbook side of `update`: action keys open a confirm dialog on a plan, the dialog is
//! edited and confirmed (or not), and the runner's reports move the runs panel along.

use crate::command::Command;
use crate::event::Effect;
use crate::runbook::catalog::{Request, plan, snapshot_id, suggest_capacity};
use crate::runbook::failover::readers;
use crate::runbook::plan::{Action, Risk, RunbookKind, Step};
use crate::state::runs::{Confirm, ConfirmField, Notice, RunEvent, RunStatus, RunUpdate, RunView};
use crate::state::{FeedKind, Mode, State, Tab, Writes};

/// The largest capacity the dialog lets anyone type.
const MAX_TARGET: u32 = 10_000;

/// An action key: open the confirm dialog on the selected resource, or say why not.
pub(super) fn request(state: &mut State, command: Command) {
    if state.writes == Writes::ReadOnly {
        state.notice = Some(Notice::warn("read-only: opsdeck was started with --read-only, runbooks are off"));
        return;
    }
    let request = match (command, state.tab) {
        (Command::ScaleUp, Tab::Capacity) => scale_request(state),
        (Command::ScaleUp, _) => Err("U scales up the group selected on the Capacity tab (4)"),
        (Command::Snapshot, Tab::Fleet) => snapshot_request(state),
        (Command::Snapshot, _) => Err("S snapshots the DB selected on the Fleet tab (1)"),
        (Command::Failover, Tab::Fleet | Tab::Replication) => state
            .selected_key(state.tab)
            .map(|target| Request::Failover { target, reader: None })
            .ok_or("nothing selected"),
        (Command::Failover, _) => Err("F fails over the DB selected on the Fleet (1) or Replication (2) tab"),
        _ => Err("not an action"),
    };
    match request {
        Ok(request) => state.mode = Mode::Confirm(Confirm::new(request)),
        Err(why) => state.notice = Some(Notice::warn(why)),
    }
}

fn scale_request(state: &State) -> Result<Request, &'static str> {
    let group = state.selected_key(Tab::Capacity).ok_or("no group selected")?;
    let target = state.group(&group).map(suggest_capacity).ok_or("the group is not loaded")?;
    Ok(Request::ScaleUp { group, target })
}

fn snapshot_request(state: &State) -> Result<Request, &'static str> {
    let target = state.selected_key(Tab::Fleet).ok_or("nothing selected")?;
    let at = state.now.unwrap_or_else(chrono::Utc::now);
    Ok(Request::Snapshot { snapshot_id: snapshot_id(&target.id, at), target, copy_to_dr: false })
}

fn dialog(state: &mut State) -> Option<&mut Confirm> {
    match &mut state.mode {
        Mode::Confirm(confirm) => Some(confirm),
        _ => None,
    }
}

/// A command while the confirm dialog is open.
pub(super) fn confirm_command(state: &mut State, command: Command) -> Vec<Effect> {
    match command {
        Command::Quit => {
            state.quit = true;
            return vec![Effect::Quit];
        }
        Command::Back => cancel(state),
        Command::Confirm => return go(state, true),
        Command::NextField => toggle_field(state),
        Command::Increment => adjust(state, 1),
        Command::Decrement => adjust(state, -1),
        Command::NextChoice => choose_reader(state, true),
        Command::PrevChoice => choose_reader(state, false),
        Command::DeleteChar => delete_char(state),
        _ => {}
    }
    Vec::new()
}

fn cancel(state: &mut State) {
    state.mode = Mode::Normal;
    state.notice = Some(Notice::info("cancelled: nothing was done"));
}

/// A typed character: `y`/`n` on low-risk plans, `c` toggles the DR copy of a snapshot,
/// digits go into the scale-up number, anything else into the identifier.
pub(super) fn text(state: &mut State, c: char) -> Vec<Effect> {
    let Some(request) = confirm_ref(state).map(|c| c.request.clone()) else { return Vec::new() };
    let risk = plan(state, &request).risk;
    let digit_field = matches!(confirm_ref(state), Some(Confirm { field: ConfirmField::Number, .. }));
    if risk == Risk::Low && c == 'y' {
        return go(state, false);
    }
    if risk == Risk::Low && (c == 'n' || c == 'N') {
        cancel(state);
        return Vec::new();
    }
    let Some(confirm) = dialog(state) else { return Vec::new() };
    match &mut confirm.request {
        Request::ScaleUp { target, .. } if digit_field => {
            if let Some(d) = c.to_digit(10) {
                *target = (*target * 10 + d).min(MAX_TARGET);
            }
        }
        Request::Snapshot { copy_to_dr, .. } if c == 'c' => *copy_to_dr = !*copy_to_dr,
        _ if risk == Risk::High => confirm.typed.push(c),
        _ => {}
    }
    Vec::new()
}

fn confirm_ref(state: &State) -> Option<&Confirm> {
    match &state.mode {
        Mode::Confirm(confirm) => Some(confirm),
        _ => None,
    }
}

fn toggle_field(state: &mut State) {
    if let Some(confirm) = dialog(state)
        && matches!(confirm.request, Request::ScaleUp { .. })
    {
        confirm.field = match confirm.field {
            ConfirmField::Number => ConfirmField::Word,
            ConfirmField::Word => ConfirmField::Number,
        };
    }
}

fn adjust(state: &mut State, delta: i64) {
    if let Some(Confirm { request: Request::ScaleUp { target, .. }, .. }) = dialog(state) {
        *target = u32::try_from((i64::from(*target) + delta).clamp(0, i64::from(MAX_TARGET))).unwrap_or(0);
    }
}

fn delete_char(state: &mut State) {
    let Some(confirm) = dialog(state) else { return };
    match (&mut confirm.request, confirm.field) {
        (Request::ScaleUp { target, .. }, ConfirmField::Number) => *target /= 10,
        _ => {
            confirm.typed.pop();
        }
    }
}

fn choose_reader(state: &mut State, forward: bool) {
    let Some(request @ Request::Failover { .. }) = confirm_ref(state).map(|c| c.request.clone()) else { return };
    let current = plan(state, &request);
    let Some(Step::Call { action: Action::FailoverCluster { target: chosen, .. }, .. }) = current.steps.first() else {
        return;
    };
    let choices = readers(state, &current.target);
    let Some(index) = choices.iter().position(|r| r == chosen) else { return };
    let len = choices.len();
    let next = choices[if forward { (index + 1) % len } else { (index + len - 1) % len }].clone();
    if let Some(Confirm { request: Request::Failover { reader, .. }, .. }) = dialog(state) {
        *reader = Some(next);
    }
}

/// Confirms the dialog. `enter` is true for the Enter key, which means No on a low-risk plan.
fn go(state: &mut State, enter: bool) -> Vec<Effect> {
    let Some(confirm) = confirm_ref(state).cloned() else { return Vec::new() };
    let plan = plan(state, &confirm.request);
    if enter && plan.risk == Risk::Low {
        cancel(state);
        return Vec::new();
    }
    if !plan.can_confirm() {
        let failed =
            plan.checks.iter().find(|c| !c.ok).map_or("no steps".to_owned(), |c| format!("{}: {}", c.what, c.why));
        state.notice = Some(Notice::warn(format!("cannot run: {failed}")));
        return Vec::new();
    }
    if plan.risk == Risk::High && confirm.typed != plan.confirm_word() {
        state.notice = Some(Notice::warn(format!("type {} to confirm", plan.confirm_word())));
        return Vec::new();
    }
    state.mode = Mode::Normal;
    if state.writes == Writes::DryRun {
        state.notice = Some(Notice::info("dry run: the plan was shown, nothing was done"));
        return Vec::new();
    }
    let id = state.next_run_id;
    state.next_run_id += 1;
    let started = state.now.unwrap_or_else(chrono::Utc::now);
    state.notice = Some(Notice::info(format!("run {id} started: {}", plan.title)));
    state.runs.push(RunView {
        id,
        plan: plan.clone(),
        step: 0,
        progress: None,
        status: RunStatus::Running,
        started,
        finished: None,
    });
    vec![Effect::StartRun { id, plan: Box::new(plan) }]
}

/// A runner report. When a step has changed the fleet, the feed that shows it is polled at
/// once, so the tables follow the run instead of lagging a poll interval behind it.
pub(super) fn progress(state: &mut State, event: RunEvent) -> Vec<Effect> {
    let Some(run) = state.runs.iter_mut().find(|r| r.id == event.id) else { return Vec::new() };
    let changed = match event.update {
        RunUpdate::Step(index) => {
            run.step = index;
            run.progress = None;
            index > 0
        }
        RunUpdate::Progress(seen) => {
            run.progress = Some(seen);
            false
        }
        RunUpdate::Finished(status) => {
            run.status = status;
            run.finished = Some(event.at);
            true
        }
    };
    let feed = if run.plan.runbook == RunbookKind::ScaleUp { FeedKind::Groups } else { FeedKind::Fleet };
    if changed { vec![Effect::Refresh(feed)] } else { Vec::new() }
}
