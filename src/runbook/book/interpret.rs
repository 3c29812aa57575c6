//! Planning a runbook file: its parameters resolved, its preconditions checked on the data on
//! screen, its steps turned into the exact calls and waits of a `Plan` — the same plan the
//! confirm dialog shows, the runner carries out and the audit log records. No I/O.

use std::collections::BTreeMap;

use crate::cloud::model::{ResourceKey, Timestamp};
use crate::runbook::fleet::FleetView;
use crate::runbook::plan::{Check, Plan, Risk, Step};

use super::build::{Known, assumption};
use super::eval::{Scope as _, Value, eval, holds, render};
use super::expr::Expr;
use super::model::{CheckDef, ParamKind, Runbook, StepBody};
use super::props::Target;

/// How a plan may be approved: without the war-room hub there is no second person, so an
/// `approve` step fails its check unless config.toml allows self-approval.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Approval {
    pub allow_self: bool,
}

/// The plan of `book` on the target selected as `key`, with the parameters given (the others
/// take their defaults). A time given as `now` (`CLOCK`) is the time the plan is built as of:
/// its `now` and `stamp`, and the defaults made from them.
pub fn plan(
    book: &Runbook,
    fleet: &FleetView<'_>,
    key: &ResourceKey,
    given: &BTreeMap<String, Value>,
    approval: Approval,
) -> Plan {
    let mut plan = match Target::resolve(fleet, book.target, key) {
        Some(target) => planned(book, target, given, approval),
        None => missing(book, key),
    };
    push_busy(fleet, &mut plan);
    plan
}

/// The precondition every plan ends with: no other run on its target.
pub fn push_busy(fleet: &FleetView<'_>, plan: &mut Plan) {
    let busy = fleet.is_busy(&plan.target);
    let why = if busy { "a run on this target is in progress" } else { "none" };
    plan.checks.push(Check::new("no other run in progress on the target", !busy, why));
}

/// Every parameter's value on the target selected as `key` when none is given (empty when
/// there is no such target).
pub fn defaults(book: &Runbook, fleet: &FleetView<'_>, key: &ResourceKey) -> BTreeMap<String, Value> {
    defaults_at(book, fleet, key, None)
}

/// `defaults`, as of `at` when given (the time a dialog opened: see `CLOCK`).
pub fn defaults_at(
    book: &Runbook,
    fleet: &FleetView<'_>,
    key: &ResourceKey,
    at: Option<Timestamp>,
) -> BTreeMap<String, Value> {
    let given = at.map(|at| (CLOCK.to_owned(), Value::Time(at))).into_iter().collect();
    values(book, fleet, key, &given)
}

/// Every parameter's value as the plan with `given` uses it (empty when there is no such
/// target): what the confirm dialog shows for the parameters it has not been given.
pub fn values(
    book: &Runbook,
    fleet: &FleetView<'_>,
    key: &ResourceKey,
    given: &BTreeMap<String, Value>,
) -> BTreeMap<String, Value> {
    let Some(mut target) = Target::resolve(fleet, book.target, key) else { return BTreeMap::new() };
    fill(book, &mut target, given);
    target.params
}

/// The target's parameters from `given`, or their defaults, as of the clock given if any.
fn fill(book: &Runbook, target: &mut Target<'_>, given: &BTreeMap<String, Value>) {
    if let Some(Value::Time(at)) = given.get(CLOCK) {
        target.clock = Some(*at);
    }
    for param in &book.params {
        let value = param_value(&param.kind, target, given.get(&param.name));
        target.params.insert(param.name.clone(), value);
    }
}

fn empty(book: &Runbook, key: &ResourceKey, title: String, risk: Risk) -> Plan {
    let mut plan = crate::runbook::checks::empty_plan(book.kind, key, title, risk);
    plan.runbook_file = (!book.builtin).then(|| format!("{} ({})", book.name, book.origin));
    plan
}

fn missing(book: &Runbook, key: &ResourceKey) -> Plan {
    let mut plan = empty(book, key, format!("{} {}", book.kind.label(), key.id), Risk::High);
    let what = format!("{} is known", book.target.noun());
    plan.checks.push(Check::new(what, false, "not in the data on screen (yet)"));
    plan
}

/// The name a pinned clock is given under.
pub const CLOCK: &str = "now";

fn planned(book: &Runbook, mut target: Target<'_>, given: &BTreeMap<String, Value>, approval: Approval) -> Plan {
    fill(book, &mut target, given);
    let high = book.high_when.as_ref().is_some_and(|e| holds(e, &target));
    let risk = if high { Risk::High } else { book.risk };
    let mut plan = empty(book, &target.key, render(&book.title, &target), risk);
    for check in &book.checks {
        if check.when.as_ref().is_none_or(|w| holds(w, &target)) {
            plan.checks.push(precondition(check, &target));
        }
    }
    let mut asserted = Vec::new();
    for step in &book.steps {
        if !step.when.as_ref().is_none_or(|w| holds(w, &target)) {
            continue;
        }
        match &step.body {
            StepBody::Assert { fact, args } => asserted.extend(assumption(fact, args, &target)),
            StepBody::Call { op, args } => {
                let mut known = Known { target: &target, failed: Vec::new() };
                let (action, mut expect) = known.action(op.name, args);
                for extra in asserted.drain(..) {
                    if !expect.contains(&extra) {
                        expect.push(extra);
                    }
                }
                plan.checks.extend(known.failed);
                plan.steps.extend(action.map(|action| Step::Call { action, expect }));
            }
            StepBody::Wait { until, args, timeout } => {
                let mut known = Known { target: &target, failed: Vec::new() };
                let wait = known.wait(until, args);
                plan.checks.extend(known.failed);
                plan.steps.extend(wait.map(|wait| Step::wait(wait, *timeout)));
            }
            StepBody::Approve => plan.checks.push(if approval.allow_self {
                Check::new("a second person approves", true, "self-approval allowed by config.toml")
            } else {
                Check::new(
                    "a second person approves",
                    false,
                    "no war-room hub to approve from, and config.toml does not allow self-approval",
                )
            }),
        }
    }
    for (when, text) in &book.effects {
        if when.as_ref().is_none_or(|w| holds(w, &target)) {
            plan.effects.push(render(text, &target));
        }
    }
    plan.data_at_risk = book.data_at_risk.as_ref().map(|t| render(t, &target));
    plan
}

fn param_value(kind: &ParamKind, target: &Target<'_>, given: Option<&Value>) -> Value {
    match kind {
        ParamKind::Integer { min, max, default } => {
            let value = match given {
                Some(Value::Text(t)) => Some(t.trim().parse().map_or_else(
                    |_| Value::Unknown(format!("`{t}` is not a whole number")),
                    |n: i64| Value::Number(n as f64),
                )),
                other => other.cloned().or_else(|| default.as_ref().map(|d| eval(d, target))),
            };
            match value {
                Some(Value::Number(n)) => Value::Number(n.round().clamp(*min as f64, *max as f64)),
                Some(Value::Unknown(why)) => Value::Unknown(why),
                _ => Value::Unknown("no value".to_owned()),
            }
        }
        ParamKind::Boolean { default } => match given {
            Some(Value::Bool(b)) => Value::Bool(*b),
            Some(Value::Text(t)) if t == "true" || t == "false" => Value::Bool(t == "true"),
            _ => Value::Bool(default.as_ref().is_some_and(|d| holds(d, target))),
        },
        ParamKind::Text { default } => match given {
            Some(Value::Text(t)) => Value::Text(t.clone()),
            _ => default.as_ref().map_or(Value::Text(String::new()), |d| Value::Text(render(d, target))),
        },
        ParamKind::Time { default } => match given {
            Some(Value::Time(t)) => Value::Time(*t),
            Some(Value::Text(text)) => given_time(text, target),
            _ => match default.as_ref().map(|d| eval(d, target)) {
                Some(v @ (Value::Time(_) | Value::Unknown(_))) => v,
                Some(other) => Value::Unknown(format!("{other} is not a time")),
                None => Value::Unknown("no value".to_owned()),
            },
        },
        ParamKind::Reader | ParamKind::Scheduled => {
            let choices = super::props::offered(kind, target).unwrap_or_default();
            let chosen = match given {
                Some(Value::Text(t)) if choices.contains(t) => Some(t.clone()),
                _ => choices.into_iter().next(),
            };
            Value::Text(chosen.unwrap_or_default())
        }
        ParamKind::Class { default } => {
            let current = target.get("class").or_else(|| target.get("writer_class"));
            let Some(Value::Text(current)) = current else {
                return Value::Unknown(format!("the instance class of {} is not in the data on screen", target.key.id));
            };
            let offered = super::choices::classes(&current);
            chosen(given, default.as_ref(), target, current, &offered, |t| {
                format!("{t} is not one of the {} classes offered for {}", offered.len(), target.key.id)
            })
        }
        ParamKind::Zone { default } => {
            let azs = super::choices::cluster_azs(target.fleet, &target.key);
            let Some(fewest) = super::choices::fewest_az(&azs).map(str::to_owned) else {
                return Value::Unknown(format!("no AZ of {} in the data on screen", target.key.scope.region));
            };
            let names: Vec<String> = azs.into_iter().map(|(az, _)| az).collect();
            chosen(given, default.as_ref(), target, fewest, &names, |t| {
                format!("{t} is not an AZ of {} ({})", target.key.scope.region, names.join(", "))
            })
        }
    }
}

/// A choice: the value given if it is one of `offered` (unknown with `not_offered` if it is
/// not), else the default expression's, else `fallback`.
fn chosen(
    given: Option<&Value>,
    default: Option<&Expr>,
    target: &Target<'_>,
    fallback: String,
    offered: &[String],
    not_offered: impl Fn(&str) -> String,
) -> Value {
    match given {
        Some(Value::Text(t)) if offered.contains(t) => Value::Text(t.clone()),
        Some(Value::Text(t)) => Value::Unknown(not_offered(t)),
        _ => match default.map(|d| eval(d, target)) {
            Some(Value::Text(t)) if !t.is_empty() => Value::Text(t),
            Some(Value::Unknown(why)) => Value::Unknown(why),
            _ => Value::Text(fallback),
        },
    }
}

/// A time given as text (`in 2h`, `2026-11-27 06:00`), or why it is not one.
fn given_time(text: &str, target: &Target<'_>) -> Value {
    match super::time::parse(text) {
        Ok(super::time::When::At(t)) => Value::Time(t),
        Ok(super::time::When::In(secs)) => match target.fleet.moving_clock(target.clock) {
            Some(now) => super::eval::eval(
                &super::expr::Expr::Binary(
                    super::expr::Op::Add,
                    Box::new(super::expr::Expr::Time(now)),
                    Box::new(super::expr::Expr::Number(secs)),
                ),
                target,
            ),
            None => Value::Unknown("no clock yet".to_owned()),
        },
        Err(e) => Value::Unknown(format!("`{text}` is not a time: {} (at {})", e.message, e.offset + 1)),
    }
}

fn precondition(check: &CheckDef, target: &Target<'_>) -> Check {
    let what = render(&check.what, target);
    match eval(&check.assert, target) {
        Value::Bool(true) => Check::new(what, true, render(&check.why, target)),
        Value::Bool(false) => Check::new(what, false, render(check.why_failed.as_ref().unwrap_or(&check.why), target)),
        Value::Unknown(why) => {
            let mut with = target.clone();
            with.params.insert("unknown".to_owned(), Value::Text(why.clone()));
            let text = check.why_unknown.as_ref().map_or_else(|| format!("unknown: {why}"), |t| render(t, &with));
            Check::new(what, false, text)
        }
        other => Check::new(what, false, format!("not a yes or no: {other}")),
    }
}
