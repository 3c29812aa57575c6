//! `[hub]`: the war-room hub on NATS JetStream, for `opsdeck hub` and for a console on it.

use std::path::PathBuf;

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
    /// Replicas of the hub's JetStream stream and key-value buckets: 1 on a single server, 3 on
    /// a three-node cluster (at most 5, and no more than the cluster has nodes).
    pub replicas: Replicas,
    /// How to authenticate to NATS (any of these, as the NATS tools take them).
    #[serde(flatten)]
    pub auth: NatsAuth,
}

/// NATS credentials and TLS, as `nats` and `nats-server` take them. A user and password or a
/// token may also be in the URL (`nats://user:pass@host:4222`); `tls://` asks for TLS.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct NatsAuth {
    /// A `.creds` file (a user JWT and its nkey seed), as `nsc` writes them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub creds: Option<PathBuf>,
    /// A file holding an nkey seed (`SU…`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nkey: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// Better in `OPSDECK_NATS_PASSWORD` than in a file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// Better in `OPSDECK_NATS_TOKEN` than in a file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// The CA certificate (PEM) the server's certificate is checked against; implies TLS.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls_ca: Option<PathBuf>,
    /// A client certificate and its key (PEM), for servers that verify clients.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls_cert: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls_key: Option<PathBuf>,
}

impl NatsAuth {
    /// These, with `over`'s given fields in their place (the command line over config.toml).
    #[must_use]
    pub fn or(self, over: Self) -> Self {
        Self {
            creds: over.creds.or(self.creds),
            nkey: over.nkey.or(self.nkey),
            user: over.user.or(self.user),
            password: over.password.or(self.password),
            token: over.token.or(self.token),
            tls_ca: over.tls_ca.or(self.tls_ca),
            tls_cert: over.tls_cert.or(self.tls_cert),
            tls_key: over.tls_key.or(self.tls_key),
        }
    }
}

impl Default for HubSettings {
    fn default() -> Self {
        Self { url: None, retention_hours: 48, stale_after_secs: 15, replicas: Replicas(1), auth: NatsAuth::default() }
    }
}

/// How many copies JetStream keeps of the hub's stream and buckets: 1 to 5, as JetStream allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "u64", into = "u64")]
pub struct Replicas(usize);

impl Replicas {
    pub const MIN: usize = 1;
    pub const MAX: usize = 5;

    pub fn get(self) -> usize {
        self.0
    }
}

impl TryFrom<u64> for Replicas {
    type Error = String;

    fn try_from(n: u64) -> Result<Self, String> {
        match usize::try_from(n) {
            Ok(n) if (Self::MIN..=Self::MAX).contains(&n) => Ok(Self(n)),
            _ => Err(format!(
                "expected {} to {} replicas (3 on a three-node JetStream cluster, 1 on a single server), found {n}",
                Self::MIN,
                Self::MAX
            )),
        }
    }
}

impl From<Replicas> for u64 {
    fn from(replicas: Replicas) -> Self {
        replicas.0 as u64
    }
}
