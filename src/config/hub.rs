//! `[hub]`: the war-room hub on NATS JetStream, for `opsdeck hub` and for a console on it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `[hub]` in config.toml.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct HubSettings {
    /// A console reads from this hub instead of from AWS (as `--hub` or `OPSDECK_HUB` do), e.g.
    /// `nats://hub.internal:4222`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// How many hours the hub's JetStream stream keeps what it published.
    pub retention_hours: u32,
    /// A console on the hub shows its panes stale once the hub has been silent this many seconds.
    pub stale_after_secs: u32,
}

impl Default for HubSettings {
    fn default() -> Self {
        Self { url: None, retention_hours: 48, stale_after_secs: 15 }
    }
}
