//! The options of the subcommands that read a recording (or the hub's stream): `opsdeck replay`
//! and `opsdeck timeline`.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

/// Options of `opsdeck replay`.
#[derive(Debug, Clone, Args)]
pub struct ReplayArgs {
    /// The recording (`.odr`), or the war-room hub's NATS (`nats://HOST:4222`): what its
    /// stream kept between `--from` and `--to`.
    pub path: PathBuf,
    /// Start here: a time of day (14:32, UTC) or a duration from the start (15m).
    #[arg(long, value_name = "T")]
    pub at: Option<String>,
    /// From the hub's stream: from T (RFC 3339, a time of day in UTC, or a duration ago: 2h).
    #[arg(long, value_name = "T")]
    pub from: Option<String>,
    /// From the hub's stream: up to T (as `--from`) [default: now].
    #[arg(long, value_name = "T")]
    pub to: Option<String>,
}

/// Options of `opsdeck timeline`.
#[derive(Debug, Clone, Args)]
pub struct TimelineArgs {
    /// The recording (`.odr`), or the war-room hub's NATS (`nats://HOST:4222`), whose stream
    /// is read between `--from` and `--to` (then RFC 3339, a time of day, or a duration ago).
    pub path: PathBuf,
    /// Leave out what happened before T: a time of day (14:32, UTC) or a duration from the start.
    #[arg(long, value_name = "T")]
    pub from: Option<String>,
    /// Leave out what happened after T (as `--from`).
    #[arg(long, value_name = "T")]
    pub to: Option<String>,
    /// text, markdown (for a post-mortem document) or json.
    #[arg(long, value_name = "FORMAT", default_value = "text")]
    pub format: TimelineFormat,
}

/// How `opsdeck timeline` prints: a story in time has no Prometheus or JUnit shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TimelineFormat {
    Text,
    Markdown,
    Json,
}
