//! A runbook file as written: TOML read with the position of every value, so that whatever is
//! wrong with it can be reported at its line and column. `validate` turns this into a runbook.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

/// A runbook file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct File {
    /// The name it is run and overridden by, e.g. "scale-up".
    pub name: Spanned<String>,
    /// A template shown as the plan's title, e.g. "Scale up {id} to {capacity}".
    pub title: Spanned<String>,
    /// What it acts on: db_instance, aurora_cluster, read_replica, auto_scaling_group, alarm.
    pub target: Spanned<String>,
    /// low (`y` confirms) or high (type the target's name).
    pub risk: Spanned<String>,
    /// A low-risk runbook becomes high risk when this holds (e.g. "capacity > max").
    pub high_when: Option<Spanned<String>>,
    /// One line on what it is for, for `runbook list` and the picker.
    #[serde(default)]
    pub description: Option<String>,
    /// Which built-in screen and runner behaviour the plan takes (built-ins only).
    #[serde(default)]
    pub kind: Option<Spanned<String>>,
    #[serde(default)]
    pub params: Vec<Param>,
    #[serde(default)]
    pub checks: Vec<CheckSpec>,
    #[serde(default)]
    pub steps: Vec<Spanned<StepSpec>>,
    #[serde(default)]
    pub effects: Vec<EffectSpec>,
    /// For runbooks that may lose data: a template saying what (e.g. the replica's lag).
    pub data_at_risk: Option<Spanned<String>>,
}

/// A typed parameter.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Param {
    pub name: Spanned<String>,
    /// integer, boolean, text, time or choice.
    #[serde(rename = "type")]
    pub kind: Spanned<String>,
    /// An expression (integer, boolean, time) or a template (text) over the target's
    /// properties; a time's may also be a time as written (`in 2h`, `2026-11-27 06:00`).
    pub default: Option<Spanned<toml::Value>>,
    pub min: Option<Spanned<i64>>,
    pub max: Option<Spanned<i64>>,
    /// For a choice: what it chooses from: "readers" (an Aurora cluster's readers, lowest lag
    /// first), "scheduled_actions" (a group's scheduled actions, soonest first), "classes"
    /// (instance classes of the target's family) or "azs" (the cluster's region's AZs).
    pub from: Option<Spanned<String>>,
    /// What the confirm dialog calls it.
    pub label: Option<String>,
}

/// A precondition: checked on the data on screen when the plan is built.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckSpec {
    pub what: Spanned<String>,
    pub assert: Spanned<String>,
    /// What was seen (a template); `why_failed` instead when it fails, `why_unknown` when a
    /// value it needs is unknown or too old (`{unknown}` is why).
    pub why: Spanned<String>,
    pub why_failed: Option<Spanned<String>>,
    pub why_unknown: Option<Spanned<String>>,
    /// Only checked when this holds.
    pub when: Option<Spanned<String>>,
}

/// A step: exactly one of `call`, `wait`, `assert`, `approve`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepSpec {
    pub call: Option<Spanned<String>>,
    pub wait: Option<Spanned<String>>,
    pub assert: Option<Spanned<String>>,
    pub approve: Option<Spanned<bool>>,
    /// The operation's or wait's arguments, each an expression.
    #[serde(default, rename = "with")]
    pub args: BTreeMap<Spanned<String>, Spanned<String>>,
    /// For a wait: how long at most, e.g. "15m", "1h", "90s".
    pub timeout: Option<Spanned<String>>,
    /// Only planned when this holds.
    pub when: Option<Spanned<String>>,
}

/// One line of the expected effect.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EffectSpec {
    pub text: Spanned<String>,
    pub when: Option<Spanned<String>>,
}
