//! What the rules judge by: the `[posture]` section of config.toml (limits and per-rule
//! overrides), the health thresholds, and the time the data was fetched.
//!
//! Overrides are applied in one place, `Policy::record`, so every rule obeys them the same way:
//! `off` drops the rule's findings and its "unknown" notes alike, `warn` or `critical` sets the
//! severity of every finding it makes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::rule::RuleId;
use super::{Finding, Outcome, Posture, Unknown};
use crate::cloud::model::Timestamp;
use crate::judging::{Level, Thresholds};

/// How config.toml overrides one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RuleSetting {
    /// The rule is not evaluated.
    Off,
    /// Every finding of the rule is a warning.
    Warn,
    /// Every finding of the rule is critical.
    Critical,
}

/// The `[posture]` section of config.toml.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct PostureSettings {
    /// Backup retention under this many days is a finding.
    pub backup_min_days: u32,
    /// Whether encryption with the default `aws/rds` key is a finding.
    pub expect_customer_kms: bool,
    /// A CA certificate expiring within this many days is a finding.
    pub cert_warn_days: u32,
    /// An Auto Scaling Group short of desired capacity for this long is a finding.
    pub capacity_stuck_minutes: u32,
    /// Per-rule overrides by rule id: "off", "warn" or "critical".
    pub rules: BTreeMap<RuleId, RuleSetting>,
}

impl Default for PostureSettings {
    fn default() -> Self {
        Self {
            backup_min_days: 7,
            expect_customer_kms: true,
            cert_warn_days: 30,
            capacity_stuck_minutes: 15,
            rules: BTreeMap::new(),
        }
    }
}

impl PostureSettings {
    pub fn is_enabled(&self, rule: RuleId) -> bool {
        self.rules.get(&rule) != Some(&RuleSetting::Off)
    }
}

/// Everything a rule may consult besides the resource itself.
#[derive(Debug, Clone, Copy)]
pub struct Policy<'a> {
    pub settings: &'a PostureSettings,
    pub thresholds: &'a Thresholds,
    /// When the data was fetched: ages and expiries are measured from here.
    pub now: Timestamp,
}

impl Policy<'_> {
    /// Adds a rule's outcome to a resource's posture, obeying the overrides.
    pub fn record(&self, posture: &mut Posture, rule: RuleId, outcome: Outcome) {
        let setting = self.settings.rules.get(&rule).copied();
        match (outcome, setting) {
            (_, Some(RuleSetting::Off)) | (Outcome::Pass, _) => {}
            (Outcome::Unknown(reason), _) => posture.unknown.push(Unknown { rule, reason: reason.into() }),
            (Outcome::Fail(level, message), setting) => {
                let level = match setting {
                    Some(RuleSetting::Warn) => Level::Warn,
                    Some(RuleSetting::Critical) => Level::Critical,
                    _ => level,
                };
                posture.findings.push(Finding { rule, level, message: message.into() });
            }
        }
    }
}
