//! The options of `opsdeck hub`: the NATS server it publishes to, its name, the stream's
//! retention, keyframes and replicas; and `hub status`.

use clap::{Args, Subcommand};

/// Options of `opsdeck hub`.
#[derive(Debug, Clone, Args)]
pub struct HubArgs {
    #[command(subcommand)]
    pub action: Option<HubAction>,
    /// The NATS server (with JetStream) to publish to: `nats://HOST:4222` [default: `[hub] url`].
    #[arg(long, value_name = "URL", env = "OPSDECK_HUB", global = true)]
    pub nats: Option<String>,
    /// This hub's name in its subjects.
    #[arg(long, value_name = "NAME", default_value = "hub")]
    pub name: String,
    /// Hours the stream keeps what was published [default: `[hub] retention_hours`, 48].
    #[arg(long, value_name = "HOURS", value_parser = clap::value_parser!(u32).range(1..=8760))]
    pub retention_hours: Option<u32>,
    /// Minutes of the backend's clock between two keyframes of a feed: a console joining
    /// late reads from its feeds' last keyframes on.
    #[arg(long, value_name = "MINUTES", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=1440))]
    pub keyframe_minutes: u32,
    /// Replicas of the stream and every bucket the hub creates: 3 on a three-node JetStream
    /// cluster [default: `[hub] replicas`, 1].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=5))]
    pub replicas: Option<u8>,
}

/// What `opsdeck hub` does besides running a hub.
#[derive(Debug, Clone, Subcommand)]
pub enum HubAction {
    /// Print every hub's status: its scopes and whether it polls them, the consoles connected,
    /// its calls per minute and the throttled answers per account and region.
    Status,
}
