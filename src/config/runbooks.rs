//! `[runbooks]`: how the runbooks in `runbooks/*.toml` may run.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `[runbooks]` in config.toml.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct RunbookSettings {
    /// Let the operator approve a runbook's `approve` step alone. Off, a runbook with such a
    /// step cannot run: there is no war-room hub yet for a second person to approve from.
    pub allow_self_approval: bool,
}
