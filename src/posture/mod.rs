//! Posture and health rules: what is wrong with a database or an Auto Scaling Group, how bad it
//! is and what to do about it. One module, shared by the Fleet tab and `opsdeck check`.
//!
//! Rules are pure functions over the domain types (plus metrics, alarms and the policy), so they
//! are tested on hand-made resources. A rule whose fact the backend did not report says so as an
//! `Unknown` note instead of firing: a missing value is never taken for a bad one.

pub mod alarms;
pub mod capacity;
pub mod db;
#[cfg(test)]
pub(crate) mod fixtures;
pub mod metrics;
pub mod network;
pub mod policy;
pub mod rule;
pub mod scope;

use std::sync::Arc;

use serde::Serialize;

use crate::cloud::model::ResourceKey;
use crate::judging::Level;

pub use policy::{Policy, PostureSettings, RuleSetting};
pub use rule::RuleId;

/// What one rule made of one resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Pass,
    /// The rule fired, with its severity and the one-line finding.
    Fail(Level, String),
    /// A fact the rule needs was not reported; the reason says which.
    Unknown(String),
}

impl Outcome {
    /// The rule fired at its usual severity.
    pub fn fail(rule: RuleId, message: impl Into<String>) -> Self {
        Self::Fail(rule.level(), message.into())
    }

    pub fn unknown(reason: impl Into<String>) -> Self {
        Self::Unknown(reason.into())
    }
}

/// A rule that fired on a resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: RuleId,
    /// Warn or Critical, after config overrides.
    pub level: Level,
    /// One line, e.g. "backup retention 1 day, under 7". Shared: a posture is copied into
    /// each minute's rows, and its words do not change with the minute.
    pub message: Arc<str>,
}

impl Finding {
    pub fn remedy(&self) -> &'static str {
        self.rule.remedy()
    }
}

/// A rule that could not be evaluated for want of a fact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unknown {
    pub rule: RuleId,
    /// Shared, as a finding's message is.
    pub reason: Arc<str>,
}

/// Everything the rules found about one resource: findings worst first, then unknowns.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Posture {
    pub findings: Vec<Finding>,
    pub unknown: Vec<Unknown>,
}

impl Posture {
    /// The worst severity found (Ok when nothing fired).
    pub fn worst(&self) -> Level {
        self.findings.iter().map(|f| f.level).max().unwrap_or(Level::Ok)
    }

    /// How many findings have exactly this level.
    pub fn count(&self, level: Level) -> usize {
        self.findings.iter().filter(|f| f.level == level).count()
    }

    /// Whether a rule fired.
    pub fn has(&self, rule: RuleId) -> bool {
        self.findings.iter().any(|f| f.rule == rule)
    }

    /// Critical first, then by rule order, so lists read the same everywhere.
    pub fn sort(&mut self) {
        self.findings.sort_by_key(|f| (std::cmp::Reverse(f.level), f.rule));
        self.unknown.sort_by_key(|u| u.rule);
    }
}

/// What kind of resource a posture is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ResourceKind {
    DbInstance,
    DbCluster,
    AutoScalingGroup,
}

impl ResourceKind {
    /// The kebab-case id, as the JSON report spells it.
    pub fn id(self) -> &'static str {
        match self {
            Self::DbInstance => "db-instance",
            Self::DbCluster => "db-cluster",
            Self::AutoScalingGroup => "auto-scaling-group",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::DbInstance => "DB instance",
            Self::DbCluster => "Aurora cluster",
            Self::AutoScalingGroup => "Auto Scaling Group",
        }
    }
}

/// One resource with its posture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessed {
    pub key: ResourceKey,
    pub kind: ResourceKind,
    pub posture: Posture,
}
