//! The runbook side of `update`: action keys open a confirm dialog on a plan, the dialog is
//! edited and confirmed (or not), and the runner's reports move the runs panel along.
//!
//! The dialog holds the plan it shows. It is built here, from the fleet as fetched, when the
//! dialog opens (every default resolved then: the reader, the capacity, the snapshot id), when
//! the operator changes a parameter, and when new data arrives while it is open. New data that
//! changes what the plan does marks it changed: the dialog says so and the next confirm only
//! acknowledges it. Drawing only shows the plan, and confirming starts exactly the plan held.

use crate::command::Command;
use crate::event::Effect;
use crate::feed::FeedKind;
use crate::runbook::book::Value;
use crate::runbook::book::builtin::{default_param, plan_request};
use crate::runbook::book::fields::{fields, pinned, shown};
use crate::runbook::book::props::readers;
use crate::runbook::catalog::snapshot_id;
use crate::runbook::plan::{Plan, Request, Risk, RunbookKind};
use crate::runbook::report::{RunReport, RunUpdate};
use crate::state::runs::{Confirm, ConfirmField};
use crate::state::{Mode, Notice, State, Tab, Writes};

/// The largest capacity the dialog lets anyone type.
const MAX_TARGET: u32 = 10_000;

/// An action key: open the confirm dialog on the selected resource, or say why not.
pub(super) fn request(state: &mut State, command: Command) {
    if named::refused(state) {
        return;
    }
    let request = match (command, state.nav.tab) {
        (Command::ScaleUp, Tab::Capacity) => scale_request(state),
        (Command::ScaleUp, _) => Err("U scales up the group selected on the Capacity tab (4)"),
        (Command::Snapshot, Tab::Fleet) => snapshot_request(state),
        (Command::Snapshot, _) => Err("S snapshots the DB selected on the Fleet tab (1)"),
        (Command::Failover, Tab::Fleet | Tab::Replication) => state
            .selected_key(state.nav.tab)
            .map(|target| Request::Failover { target, reader: None })
            .ok_or("nothing selected"),
        (Command::Failover, _) => Err("F fails over the DB selected on the Fleet (1) or Replication (2) tab"),
        (Command::Analyze, Tab::Performance) => analysis_request(state),
        (Command::Analyze, _) => Err("A asks for an analysis report on the Performance tab (3)"),
        _ => Err("not an action"),
    };
    match request {
        Ok(request) => open(state, request),
        Err(why) => state.notice = Some(Notice::warn(why)),
    }
}

/// Opens the confirm dialog on a request, with its plan built from the data held now and its
/// defaults pinned: a cluster failover keeps the reader chosen now, whatever lags do later.
pub fn open(state: &mut State, mut request: Request) {
    // A runbook file's parameters are pinned as they are now (but those given): the operator
    // changes them in the dialog, and new data does not.
    if let Request::Runbook { name, target, at, given } = &mut request {
        let fleet = state.fleet_view();
        for (param, value) in pinned(&state.session.runbooks, &fleet, name, target, *at) {
            if !given.iter().any(|(g, _)| *g == param) {
                given.push((param, value));
            }
        }
    }
    let (plan, readers) = planned(state, &request);
    if let Request::Failover { reader: reader @ None, .. } = &mut request {
        *reader = plan.failover_reader().map(str::to_owned);
    }
    let fields = match &request {
        Request::Runbook { name, target, .. } => fields(&state.session.runbooks, &state.fleet_view(), name, target),
        _ => Vec::new(),
    };
    let mut confirm = Confirm::new(request, plan, readers);
    // The first field that is not typed into, so that `y` still confirms at once.
    confirm.focus = fields.iter().position(|f| !f.kind.is_typed()).unwrap_or(fields.len());
    confirm.fields = fields;
    confirm.shown = shown(&state.session.runbooks, &state.fleet_view(), &confirm.request);
    state.nav.mode = Mode::Confirm(Box::new(confirm));
}

/// The plan for a request from the fleet as fetched, and the readers a cluster failover may
/// choose from.
fn planned(state: &State, request: &Request) -> (Plan, Vec<String>) {
    let fleet = state.fleet_view();
    let plan = plan_request(&state.session.runbooks, &fleet, request, state.session.runbooks.approval);
    let choices = if plan.runbook == RunbookKind::ClusterFailover { readers(&fleet, &plan.target) } else { Vec::new() };
    (plan, choices)
}

/// Who changed what the open dialog's plan is built from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Change {
    /// The operator, editing a parameter: the plan they see is the plan they asked for.
    Edited,
    /// New data: if the plan now acts differently, they must review it before it can run.
    Data,
}

/// Rebuilds the open dialog's plan from its request and the data now held.
pub(super) fn replan(state: &mut State, change: Change) {
    let Mode::Confirm(confirm) = &state.nav.mode else { return };
    let (plan, readers) = planned(state, &confirm.request);
    let values = match &confirm.request {
        Request::Runbook { .. } => shown(&state.session.runbooks, &state.fleet_view(), &confirm.request),
        _ => Vec::new(),
    };
    let Mode::Confirm(confirm) = &mut state.nav.mode else { return };
    confirm.shown = values;
    if change == Change::Data && !plan.acts_like(&confirm.plan) {
        confirm.changed = true;
        confirm.typed.clear();
    }
    confirm.plan = plan;
    confirm.readers = readers;
}

/// The window the Performance tab shows, on the instance in focus.
fn analysis_request(state: &State) -> Result<Request, &'static str> {
    let target = state.fetched.focus.clone().ok_or("no instance is in focus")?;
    let now = state.now.unwrap_or_else(chrono::Utc::now);
    let (start, end) = state.fetched.pi_view.window.bounds(now);
    Ok(Request::AnalysisReport { target, start, end })
}

fn scale_request(state: &State) -> Result<Request, &'static str> {
    let group = state.selected_key(Tab::Capacity).ok_or("no group selected")?;
    state.group(&group).ok_or("the group is not loaded")?;
    // The runbook's default: half as many again, capped at the maximum unless already there.
    let target = match default_param(&state.session.runbooks, &state.fleet_view(), "scale-up", &group, "capacity") {
        Some(Value::Number(n)) => n.round().clamp(0.0, f64::from(MAX_TARGET)) as u32,
        _ => return Err("the scale-up runbook has no capacity for this group"),
    };
    Ok(Request::ScaleUp { group, target })
}

fn snapshot_request(state: &State) -> Result<Request, &'static str> {
    let target = state.selected_key(Tab::Fleet).ok_or("nothing selected")?;
    let at = state.now.unwrap_or_else(chrono::Utc::now);
    Ok(Request::Snapshot { snapshot_id: snapshot_id(&target.id, at), target, copy_to_dr: false })
}

fn dialog(state: &mut State) -> Option<&mut Confirm> {
    match &mut state.nav.mode {
        Mode::Confirm(confirm) => Some(confirm),
        _ => None,
    }
}

fn confirm_ref(state: &State) -> Option<&Confirm> {
    match &state.nav.mode {
        Mode::Confirm(confirm) => Some(confirm),
        _ => None,
    }
}

/// A command while the confirm dialog is open.
pub(super) fn confirm_command(state: &mut State, command: Command) -> Vec<Effect> {
    match command {
        Command::Quit => return super::quit(state),
        Command::Back => cancel(state),
        Command::Confirm => return go(state, true),
        Command::NextField => toggle_field(state),
        Command::Increment => adjust(state, 1),
        Command::Decrement => adjust(state, -1),
        Command::PageDown => scroll(state, 5),
        Command::PageUp => scroll(state, -5),
        Command::NextChoice => choose_reader(state, true),
        Command::PrevChoice => choose_reader(state, false),
        Command::DeleteChar => delete_char(state),
        _ => {}
    }
    replan(state, Change::Edited);
    Vec::new()
}

fn cancel(state: &mut State) {
    state.nav.mode = Mode::Normal;
    state.notice = Some(Notice::info("cancelled: nothing was done"));
}

/// A typed character: into a runbook file's parameter in focus if it takes it; else `y`/`n`
/// on low-risk plans, `c` toggles the DR copy of a snapshot, digits go into the scale-up
/// number, anything else into the identifier.
pub(super) fn text(state: &mut State, c: char) -> Vec<Effect> {
    if fields::type_into(state, c) {
        replan(state, Change::Edited);
        return Vec::new();
    }
    let Some(confirm) = confirm_ref(state) else { return Vec::new() };
    let risk = confirm.plan.risk;
    let digit_field = confirm.field == ConfirmField::Number;
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
    replan(state, Change::Edited);
    Vec::new()
}

/// Confirms the dialog. `enter` is true for the Enter key, which means No on a low-risk plan.
fn go(state: &mut State, enter: bool) -> Vec<Effect> {
    let Some(confirm) = confirm_ref(state) else { return Vec::new() };
    if enter && confirm.plan.risk == Risk::Low {
        cancel(state);
        return Vec::new();
    }
    if let Some(confirm) = dialog(state)
        && std::mem::take(&mut confirm.changed)
    {
        state.notice = Some(Notice::warn("the plan changed while it was open: review it, then confirm again"));
        return Vec::new();
    }
    let Some(confirm) = confirm_ref(state) else { return Vec::new() };
    let plan = &confirm.plan;
    let refused = if plan.can_confirm() {
        (plan.risk == Risk::High && confirm.typed != plan.confirm_word())
            .then(|| format!("type {} to confirm", plan.confirm_word()))
    } else {
        let failed =
            plan.checks.iter().find(|c| !c.ok).map_or("no steps".to_owned(), |c| format!("{}: {}", c.what, c.why));
        Some(format!("cannot run: {failed}"))
    };
    if let Some(why) = refused {
        state.notice = Some(Notice::warn(why));
        return Vec::new();
    }
    let Mode::Confirm(confirm) = std::mem::take(&mut state.nav.mode) else { return Vec::new() };
    let plan = confirm.plan;
    if state.session.writes == Writes::DryRun {
        state.notice = Some(Notice::info("dry run: the plan was shown, nothing was done"));
        return Vec::new();
    }
    let started = state.now.unwrap_or_else(chrono::Utc::now);
    let id = state.runs.start(plan.clone(), started);
    state.notice = Some(Notice::info(format!("run {id} started: {}", plan.title)));
    if plan.runbook == RunbookKind::AnalysisReport {
        // Where the report will show: the list is fetched as the view opens.
        state.nav.mode = Mode::Detail(crate::state::DetailTarget::Reports);
    }
    vec![Effect::StartRun { id, plan: Box::new(plan) }]
}

/// A runner report. When a step has changed the fleet, the feed that shows it is polled at
/// once, so the tables follow the run instead of lagging a poll interval behind it.
pub(super) fn progress(state: &mut State, report: RunReport) -> Vec<Effect> {
    let outcome = state.runs.update(report.id, |run| {
        let changed = match report.update {
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
                run.finished = Some(report.at);
                true
            }
        };
        (changed, run.plan.runbook)
    });
    // A finished run frees its target: an open dialog's "no other run" check follows.
    replan(state, Change::Data);
    match outcome {
        Some((true, RunbookKind::ScaleUp | RunbookKind::ScheduleCapacity)) => vec![Effect::Refresh(FeedKind::Groups)],
        Some((true, RunbookKind::PauseAlarmActions | RunbookKind::ResumeAlarmActions)) => {
            vec![Effect::Refresh(FeedKind::Alarms)]
        }
        Some((true, RunbookKind::AnalysisReport)) => super::reports::run_moved(state),
        Some((true, _)) => vec![Effect::Refresh(FeedKind::Fleet)],
        _ => Vec::new(),
    }
}

mod fields;
mod named;
mod scheduled;
use fields::{adjust, choose_reader, delete_char, scroll, toggle_field};
pub(super) use named::{pick, request_book};
pub(super) use scheduled::remove as remove_scheduled;

#[cfg(test)]
mod fields_tests;
#[cfg(test)]
mod named_tests;
#[cfg(test)]
mod tests;
