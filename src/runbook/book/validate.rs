//! From a runbook file to a runbook: every name is looked up in the catalog and every
//! expression parsed before anything runs. Each error names the file, line and column of what
//! is wrong — an unknown operation, property or parameter, a high-risk call in a low-risk
//! runbook, a wait without a timeout — in the shape the other config files use.

use toml::Spanned;

use super::error::LoadError;
use super::expr::{Expr, Piece};
use super::format::{CheckSpec, File, Param};
use super::locate::{Loc, Names, Result, expression, lookup, template, template_with};
use super::model::{CheckDef, ParamDef, ParamKind, Runbook, StepBody, StepDef};
use super::ops::{self, TARGETS, TargetKind};
use crate::runbook::plan::{Risk, RunbookKind};

pub use super::validate_steps::duration;

/// Parses and validates a runbook file; `origin` names it in errors.
pub fn load(origin: &str, text: &str, builtin: bool) -> Result<Runbook> {
    let file: File = toml::from_str(text).map_err(|e| LoadError::toml(origin, text, &e))?;
    let loc = Loc { origin, text };
    let name = file.name.get_ref();
    let valid = !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !valid {
        return Err(loc.at(file.name.span().start, "a runbook's name is lowercase letters, digits and `-`"));
    }
    let target = lookup(&loc, &file.target, "target kind", TARGETS.iter().map(|(n, k)| (*n, *k)))?;
    let risk = lookup(&loc, &file.risk, "risk", [("low", Risk::Low), ("high", Risk::High)].into_iter())?;
    let mut names = Names { kind: target, names: target.properties().map(str::to_owned).collect() };
    let params = params(&loc, &file.params, &mut names)?;
    let title = template(&loc, &file.title, &names)?;
    let high_when = file.high_when.as_ref().map(|e| expression(&loc, e, &names)).transpose()?;
    if high_when.is_some() && risk == Risk::High {
        let span = file.high_when.as_ref().map_or(0, |e| e.span().start);
        return Err(loc.at(span, "`high_when` only means something in a low-risk runbook"));
    }
    let checks = file.checks.iter().map(|c| check(&loc, c, &names)).collect::<Result<Vec<_>>>()?;
    let steps = super::validate_steps::steps(&loc, &file, &names)?;
    let effects = file
        .effects
        .iter()
        .map(|e| {
            Ok((e.when.as_ref().map(|w| expression(&loc, w, &names)).transpose()?, template(&loc, &e.text, &names)?))
        })
        .collect::<Result<Vec<_>>>()?;
    let kind = runbook_kind(&loc, &file, &steps)?;
    Ok(Runbook {
        name: name.clone(),
        origin: origin.to_owned(),
        builtin,
        description: file.description.clone().unwrap_or_default(),
        title,
        target,
        risk,
        high_when,
        kind,
        params,
        checks,
        steps,
        effects,
        data_at_risk: file.data_at_risk.as_ref().map(|t| template(&loc, t, &names)).transpose()?,
    })
}

fn params(loc: &Loc<'_>, specs: &[Param], names: &mut Names) -> Result<Vec<ParamDef>> {
    let mut out: Vec<ParamDef> = Vec::new();
    for spec in specs {
        let name = spec.name.get_ref();
        let ident = name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !ident {
            return Err(loc.at(spec.name.span().start, "a parameter's name is lowercase letters, digits and `_`"));
        }
        if names.names.contains(name) {
            return Err(loc.at(spec.name.span().start, format!("`{name}` is already a property or parameter")));
        }
        let kinds = [("integer", 0), ("boolean", 1), ("text", 2), ("choice", 3), ("time", 4)];
        let kind = match lookup(loc, &spec.kind, "parameter type", kinds.into_iter())? {
            0 => {
                let (min, max) = (
                    spec.min.as_ref().map_or(0, |m| *m.get_ref()),
                    spec.max.as_ref().map_or(i64::from(u32::MAX), |m| *m.get_ref()),
                );
                if min > max {
                    let at = spec.min.as_ref().map_or(spec.name.span().start, |m| m.span().start);
                    return Err(loc.at(at, format!("min {min} is above max {max}")));
                }
                ParamKind::Integer { min, max, default: default_expr(loc, spec, names)? }
            }
            1 => ParamKind::Boolean { default: default_expr(loc, spec, names)? },
            2 => ParamKind::Text { default: default_text(loc, spec, names)? },
            3 => choice(loc, spec, names)?,
            _ => ParamKind::Time { default: default_time(loc, spec, names)? },
        };
        names.names.push(name.clone());
        out.push(ParamDef {
            name: name.clone(),
            label: spec.label.clone().unwrap_or_else(|| name.replace('_', " ")),
            kind,
        });
    }
    Ok(out)
}

fn default_expr(loc: &Loc<'_>, spec: &Param, names: &Names) -> Result<Option<Expr>> {
    let Some(default) = &spec.default else { return Ok(None) };
    match default.get_ref() {
        toml::Value::Integer(n) => Ok(Some(Expr::Number(*n as f64))),
        toml::Value::Boolean(b) => Ok(Some(Expr::Bool(*b))),
        toml::Value::String(s) => expression(loc, &Spanned::new(default.span(), s.clone()), names).map(Some),
        _ => Err(loc.at(default.span().start, "a default is a number, true/false or an expression in quotes")),
    }
}

fn choice(loc: &Loc<'_>, spec: &Param, names: &Names) -> Result<ParamKind> {
    let from = spec.from.as_ref().ok_or_else(|| loc.at(spec.kind.span().start, "a choice needs `from`"))?;
    let choices = [("readers", 0), ("scheduled_actions", 1), ("classes", 2), ("azs", 3)];
    let which = lookup(loc, from, "choice", choices.into_iter())?;
    let (fits, whose) = match which {
        0 | 3 => (names.kind == TargetKind::AuroraCluster, "an aurora_cluster's"),
        1 => (names.kind == TargetKind::AutoScalingGroup, "an auto_scaling_group's"),
        _ => (
            matches!(names.kind, TargetKind::DbInstance | TargetKind::ReadReplica | TargetKind::AuroraCluster),
            "a DB instance's or an aurora_cluster's",
        ),
    };
    if !fits {
        return Err(loc.at(from.span().start, format!("`{}` are {whose}", from.get_ref())));
    }
    Ok(match which {
        0 => ParamKind::Reader,
        1 => ParamKind::Scheduled,
        2 => ParamKind::Class { default: default_expr(loc, spec, names)? },
        _ => ParamKind::Zone { default: default_expr(loc, spec, names)? },
    })
}

/// A time's default: a time as written (`in 2h`, `2026-11-27 06:00`) or an expression.
fn default_time(loc: &Loc<'_>, spec: &Param, names: &Names) -> Result<Option<Expr>> {
    let Some(default) = &spec.default else { return Ok(None) };
    let toml::Value::String(s) = default.get_ref() else {
        return Err(loc.at(default.span().start, "a time's default is a time (\"in 2h\") or an expression in quotes"));
    };
    if !super::time::looks_like_time(s) {
        return expression(loc, &Spanned::new(default.span(), s.clone()), names).map(Some);
    }
    let when = super::time::parse(s).map_err(|e| loc.at(default.span().start + 1 + e.offset, e.message))?;
    Ok(Some(match when {
        super::time::When::At(t) => Expr::Time(t),
        super::time::When::In(secs) => {
            Expr::Binary(super::expr::Op::Add, Box::new(Expr::Name("now".to_owned(), 0)), Box::new(Expr::Number(secs)))
        }
    }))
}

fn default_text(loc: &Loc<'_>, spec: &Param, names: &Names) -> Result<Option<Vec<Piece>>> {
    let Some(default) = &spec.default else { return Ok(None) };
    let toml::Value::String(s) = default.get_ref() else {
        return Err(loc.at(default.span().start, "a text parameter's default is a text"));
    };
    template(loc, &Spanned::new(default.span(), s.clone()), names).map(Some)
}

fn check(loc: &Loc<'_>, spec: &CheckSpec, names: &Names) -> Result<CheckDef> {
    Ok(CheckDef {
        what: template(loc, &spec.what, names)?,
        assert: expression(loc, &spec.assert, names)?,
        why: template(loc, &spec.why, names)?,
        why_failed: spec.why_failed.as_ref().map(|t| template(loc, t, names)).transpose()?,
        why_unknown: spec.why_unknown.as_ref().map(|t| template_with(loc, t, names, &["unknown"])).transpose()?,
        when: spec.when.as_ref().map(|w| expression(loc, w, names)).transpose()?,
    })
}

fn runbook_kind(loc: &Loc<'_>, file: &File, steps: &[StepDef]) -> Result<RunbookKind> {
    const KINDS: [(&str, RunbookKind); 11] = [
        ("scale_up", RunbookKind::ScaleUp),
        ("snapshot", RunbookKind::Snapshot),
        ("forced_failover", RunbookKind::ForcedFailover),
        ("cluster_failover", RunbookKind::ClusterFailover),
        ("promote", RunbookKind::Promote),
        ("analysis_report", RunbookKind::AnalysisReport),
        ("schedule_capacity", RunbookKind::ScheduleCapacity),
        ("pause_alarm_actions", RunbookKind::PauseAlarmActions),
        ("resume_alarm_actions", RunbookKind::ResumeAlarmActions),
        ("add_reader", RunbookKind::AddReader),
        ("resize", RunbookKind::Resize),
    ];
    if let Some(kind) = &file.kind {
        return lookup(loc, kind, "runbook kind", KINDS.into_iter());
    }
    let calls =
        || steps.iter().filter_map(|s| if let StepBody::Call { op, .. } = s.body { Some(op.name) } else { None });
    if calls().any(|name| name == "modify_instance_class") {
        return Ok(RunbookKind::Resize);
    }
    let first = steps.iter().find_map(|s| if let StepBody::Call { op, .. } = s.body { Some(op.name) } else { None });
    Ok(match first.and_then(ops::call).map(|op| op.name) {
        Some("set_desired_capacity" | "set_max_size") => RunbookKind::ScaleUp,
        Some("reboot_with_failover") => RunbookKind::ForcedFailover,
        Some("failover_cluster") => RunbookKind::ClusterFailover,
        Some("promote_read_replica") => RunbookKind::Promote,
        Some("put_scheduled_action" | "delete_scheduled_action") => RunbookKind::ScheduleCapacity,
        Some("disable_alarm_actions") => RunbookKind::PauseAlarmActions,
        Some("enable_alarm_actions") => RunbookKind::ResumeAlarmActions,
        Some("create_cluster_instance") => RunbookKind::AddReader,
        _ => RunbookKind::Snapshot,
    })
}
