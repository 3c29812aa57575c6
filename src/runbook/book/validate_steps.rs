//! Validating a runbook file's steps: each is one `call`, `wait`, `assert` or `approve` from
//! the catalog, with the arguments it takes; a wait has a timeout; a high-risk call only runs
//! when the runbook is high risk; an `assert` comes before a call.

use std::collections::BTreeMap;
use std::time::Duration;

use toml::Spanned;

use super::expr::Expr;
use super::format::{File, StepSpec};
use super::locate::{Loc, Names, Result, expression, lookup};
use super::model::{StepBody, StepDef};
use super::ops::{ASSERTS, Arg, CALLS, WAITS, fits};
use crate::runbook::plan::Risk;

pub(super) fn steps(loc: &Loc<'_>, file: &File, names: &Names) -> Result<Vec<StepDef>> {
    let mut out = Vec::new();
    for (i, spec) in file.steps.iter().enumerate() {
        let body = step_body(loc, file, spec, names)?;
        let spec = spec.get_ref();
        if let StepBody::Assert { .. } = body {
            let next_is_call = file.steps[i + 1..]
                .iter()
                .find(|s| s.get_ref().assert.is_none())
                .is_some_and(|s| s.get_ref().call.is_some());
            if !next_is_call {
                let at = spec.assert.as_ref().map_or(0, |a| a.span().start);
                return Err(loc.at(at, "an `assert` re-checks before a call: a `call` step must follow it"));
            }
        }
        let when = spec.when.as_ref().map(|w| expression(loc, w, names)).transpose()?;
        out.push(StepDef { when, body });
    }
    if !out.iter().any(|s| matches!(s.body, StepBody::Call { .. })) {
        return Err(loc.at(file.name.span().start, "a runbook makes at least one `call`"));
    }
    Ok(out)
}

fn step_body(loc: &Loc<'_>, file: &File, spanned: &Spanned<StepSpec>, names: &Names) -> Result<StepBody> {
    let spec = spanned.get_ref();
    let given = [
        spec.call.as_ref().map(Spanned::span),
        spec.wait.as_ref().map(Spanned::span),
        spec.assert.as_ref().map(Spanned::span),
        spec.approve.as_ref().map(Spanned::span),
    ];
    let mut spans: Vec<_> = given.iter().flatten().collect();
    spans.sort_by_key(|s| s.start);
    let mut present = spans.into_iter();
    let first = present.next().map(|s| s.start);
    if let Some(second) = present.next() {
        return Err(loc.at(second.start, "a step is one of `call`, `wait`, `assert` or `approve`, not two"));
    }
    let Some(first) = first else {
        return Err(loc.at(spanned.span().start, "a step needs one of `call`, `wait`, `assert` or `approve`"));
    };
    if let Some(call) = &spec.call {
        let op = lookup(loc, call, "operation", CALLS.iter().map(|op| (op.name, op)))?;
        if !fits(op.target, names.kind) {
            return Err(loc.at(
                first,
                format!("`{}` acts on target kind {}, not {}", op.name, op.target.name(), names.kind.name()),
            ));
        }
        if op.risk == Risk::High && file.risk.get_ref() == "low" {
            let guarded = match (&spec.when, &file.high_when) {
                (Some(when), Some(high)) => when.get_ref().trim() == high.get_ref().trim(),
                _ => false,
            };
            if !guarded {
                let message = format!(
                    "`{}` is a high-risk call in a low-risk runbook: set risk = \"high\", or plan it only `when` the runbook's `high_when` holds",
                    op.name
                );
                return Err(loc.at(first, message));
            }
        }
        return Ok(StepBody::Call { op, args: args(loc, first, op.name, op.args, spec, names)? });
    }
    if let Some(wait) = &spec.wait {
        let (until, made_for, arg_defs) = lookup(loc, wait, "wait", WAITS.iter().map(|(n, k, a)| (*n, (*n, *k, *a))))?;
        if !fits(made_for, names.kind) {
            return Err(
                loc.at(first, format!("`{until}` waits on target kind {}, not {}", made_for.name(), names.kind.name()))
            );
        }
        let timeout = spec
            .timeout
            .as_ref()
            .ok_or_else(|| loc.at(first, format!("the wait `{until}` needs a `timeout` (e.g. \"15m\")")))?;
        let timeout = duration(timeout.get_ref()).ok_or_else(|| {
            loc.at(timeout.span().start, "a timeout is a number with s, m or h, 1s to 24h, e.g. \"15m\"")
        })?;
        return Ok(StepBody::Wait { until, args: args(loc, first, until, arg_defs, spec, names)?, timeout });
    }
    if spec.timeout.is_some() {
        return Err(loc.at(spec.timeout.as_ref().map_or(first, |t| t.span().start), "only a `wait` has a timeout"));
    }
    if let Some(assert) = &spec.assert {
        let (fact, arg_defs) = lookup(loc, assert, "assertion", ASSERTS.iter().map(|(n, a)| (*n, (*n, *a))))?;
        return Ok(StepBody::Assert { fact, args: args(loc, first, fact, arg_defs, spec, names)? });
    }
    if spec.approve.as_ref().is_some_and(|a| !*a.get_ref()) {
        return Err(loc.at(first, "`approve = false` approves nothing: leave the step out"));
    }
    Ok(StepBody::Approve)
}

fn args(
    loc: &Loc<'_>,
    at: usize,
    what: &str,
    defs: &'static [Arg],
    spec: &StepSpec,
    names: &Names,
) -> Result<BTreeMap<&'static str, Expr>> {
    let mut out = BTreeMap::new();
    for (key, value) in &spec.args {
        let Some(def) = defs.iter().find(|d| d.name == key.get_ref()) else {
            let expected: Vec<&str> = defs.iter().map(|d| d.name).collect();
            let expected = if expected.is_empty() { "none".to_owned() } else { expected.join(", ") };
            return Err(loc.at(
                key.span().start,
                format!("unknown parameter `{}` of `{what}`: expected {expected}", key.get_ref()),
            ));
        };
        out.insert(def.name, expression(loc, value, names)?);
    }
    if let Some(missing) = defs.iter().find(|d| d.required && !out.contains_key(d.name)) {
        return Err(loc.at(at, format!("`{what}` needs `{}` ({})", missing.name, missing.what)));
    }
    Ok(out)
}

/// "90s", "15m", "1h": 1 s to 24 h.
pub fn duration(text: &str) -> Option<Duration> {
    let unit = text.chars().last()?;
    let number: u64 = text[..text.len() - unit.len_utf8()].parse().ok()?;
    let secs = number.checked_mul(match unit {
        's' => 1,
        'm' => 60,
        'h' => 3600,
        _ => return None,
    })?;
    (1..=24 * 3600).contains(&secs).then(|| Duration::from_secs(secs))
}
