//! A runbook as loaded and validated: every name resolved against the catalog, every
//! expression parsed. Built by `validate`, planned by `interpret`.

use std::collections::BTreeMap;
use std::time::Duration;

use super::expr::{Expr, Piece};
use super::ops::{Operation, TargetKind};
use crate::runbook::plan::{Risk, RunbookKind};

/// A validated runbook.
#[derive(Debug, Clone)]
pub struct Runbook {
    pub name: String,
    /// Where it came from: a built-in's name or the user's file.
    pub origin: String,
    pub builtin: bool,
    pub description: String,
    pub title: Vec<Piece>,
    pub target: TargetKind,
    pub risk: Risk,
    pub high_when: Option<Expr>,
    pub kind: RunbookKind,
    pub params: Vec<ParamDef>,
    pub checks: Vec<CheckDef>,
    pub steps: Vec<StepDef>,
    pub effects: Vec<(Option<Expr>, Vec<Piece>)>,
    pub data_at_risk: Option<Vec<Piece>>,
}

/// A parameter and its type.
#[derive(Debug, Clone)]
pub struct ParamDef {
    pub name: String,
    pub label: String,
    pub kind: ParamKind,
}

#[derive(Debug, Clone)]
pub enum ParamKind {
    Integer {
        min: i64,
        max: i64,
        default: Option<Expr>,
    },
    Boolean {
        default: Option<Expr>,
    },
    Text {
        default: Option<Vec<Piece>>,
    },
    /// A time (UTC): given as `in 2h` or `2026-11-27 06:00`; the default is an expression
    /// (`now + 1h`) or a time written so.
    Time {
        default: Option<Expr>,
    },
    /// One of the cluster's readers, lowest replica lag first.
    Reader,
    /// One of the group's scheduled actions, soonest first.
    Scheduled,
    /// An instance class of the target's family (see `choices::classes`); the default is an
    /// expression (the current class when it has none).
    Class {
        default: Option<Expr>,
    },
    /// One of the AZs of the cluster's region; the default is an expression (the AZ with the
    /// fewest members when it has none).
    Zone {
        default: Option<Expr>,
    },
}

#[derive(Debug, Clone)]
pub struct CheckDef {
    pub what: Vec<Piece>,
    pub assert: Expr,
    pub why: Vec<Piece>,
    pub why_failed: Option<Vec<Piece>>,
    pub why_unknown: Option<Vec<Piece>>,
    pub when: Option<Expr>,
}

#[derive(Debug, Clone)]
pub struct StepDef {
    pub when: Option<Expr>,
    pub body: StepBody,
}

#[derive(Debug, Clone)]
pub enum StepBody {
    Call { op: &'static Operation, args: BTreeMap<&'static str, Expr> },
    Wait { until: &'static str, args: BTreeMap<&'static str, Expr>, timeout: Duration },
    Assert { fact: &'static str, args: BTreeMap<&'static str, Expr> },
    Approve,
}

impl Runbook {
    /// The calls it may make, in order (for `runbook list` and the IAM policy).
    pub fn calls(&self) -> impl Iterator<Item = &'static Operation> + '_ {
        self.steps.iter().filter_map(|s| match s.body {
            StepBody::Call { op, .. } => Some(op),
            _ => None,
        })
    }
}
