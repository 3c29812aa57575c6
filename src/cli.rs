//! The command line: where the data comes from (simulator or AWS) and what to do with it. This
//! file holds the top-level `Cli` and its global flags; the subcommands and their options live in
//! the files named for them, all re-exported here.

use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;

mod check;
mod command;
mod doctor;
mod hub;
mod iam_policy;
mod nats;
mod recording;
mod runbook;
mod source;
#[cfg(test)]
mod tests;

pub use check::{CheckArgs, FailOn, ReportFormat, is_check};
pub use command::{AuditAction, Command, ConfigAction, SchemaName};
pub use doctor::{DoctorArgs, DoctorFormat};
pub use hub::{HubAction, HubArgs};
pub use iam_policy::{IamPolicyArgs, PolicyFormat};
pub use nats::NatsFlags;
pub use recording::{ReplayArgs, TimelineArgs, TimelineFormat};
pub use runbook::RunbookAction;
pub use source::Source;

use crate::cloud::aws::Timeouts;

/// A terminal operations console for RDS, Aurora, CloudWatch, Performance Insights and Auto
/// Scaling — on your AWS fleet, or on a built-in simulated one.
// Command-line switches are independent yes/no answers; an enum would only hide them.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Parser)]
#[command(name = "opsdeck", version = env!("OPSDECK_VERSION"), about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub source: Source,

    /// Settings file [default: config.toml in the XDG config dir, e.g. ~/.config/opsdeck].
    #[arg(long, value_name = "PATH", env = "OPSDECK_CONFIG", global = true)]
    pub config: Option<PathBuf>,

    /// Theme: default, light, warroom, mono, or themes/NAME.toml in the config dir
    /// [default: `theme` in config.toml].
    #[arg(long, value_name = "NAME", global = true)]
    pub theme: Option<String>,

    /// Keymap: default or vim; keymap.toml in the config dir is layered over it
    /// [default: `keymap` in config.toml].
    #[arg(long, value_name = "NAME", global = true)]
    pub keymap: Option<String>,

    /// Never change anything: action keys only explain, and every write is refused.
    #[arg(long, global = true)]
    pub read_only: bool,

    /// Show runbook plans, but never run them.
    #[arg(long, global = true)]
    pub dry_run: bool,

    /// War-room display: read-only, rotates tabs every SECONDS (default 20), ignores every
    /// key but quit, shows a large clock and flashes when an alarm fires.
    #[arg(long, value_name = "SECONDS", num_args = 0..=1, default_missing_value = "20", require_equals = true)]
    pub kiosk: Option<u32>,

    /// The tabs the kiosk rotates through, e.g. `overview,alarms,capacity` [default: the
    /// Overview alone on a terminal of at least 160×45, else every tab].
    #[arg(long, value_name = "TABS", value_delimiter = ',', requires = "kiosk")]
    pub kiosk_tabs: Vec<String>,

    /// Only ASCII on screen: no box drawing, block or braille characters, no symbols.
    #[arg(long)]
    pub ascii: bool,

    /// Leave the mouse to the terminal (keeps text selection working).
    #[arg(long)]
    pub no_mouse: bool,

    /// The audit log of runbook runs (JSON Lines) [default: $XDG_DATA_HOME/opsdeck/audit.jsonl].
    #[arg(long, value_name = "PATH", env = "OPSDECK_AUDIT_LOG", global = true)]
    pub audit_log: Option<PathBuf>,

    /// Seconds one AWS call may take, retries included, before it counts as failed (a feed's
    /// fetch of several pages may take four times that).
    #[arg(long, value_name = "SECS", default_value_t = 15, value_parser = clap::value_parser!(u64).range(1..=600), global = true)]
    pub call_timeout: u64,

    /// Seconds one attempt of an AWS call may take before the SDK retries it.
    #[arg(long, value_name = "SECS", default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..=600), global = true)]
    pub attempt_timeout: u64,

    /// Record what the console sees (every feed result and audit entry) to PATH, or to a new
    /// file in the recordings folder (`[record]` in config.toml) when PATH is left out.
    #[arg(long, value_name = "PATH", num_args = 0..=1)]
    pub record: Option<Option<PathBuf>>,

    /// Read from the war-room hub at URL (`nats://HOST:4222`, `tls://…`, see `opsdeck hub`)
    /// instead of from AWS: no AWS calls of its own; runbooks with the operator's own
    /// credentials (`--profile`) [default: `[hub] url` in config.toml].
    #[arg(long, value_name = "URL", env = "OPSDECK_HUB")]
    pub hub: Option<String>,

    #[command(flatten)]
    pub nats: NatsFlags,

    /// Write the log here instead of the state directory.
    #[arg(long, value_name = "PATH", env = "OPSDECK_LOG_FILE", global = true)]
    pub log_file: Option<PathBuf>,
}

/// How many calls' time one feed's fetch may take before its poller counts it as hung: a fetch
/// spans several calls (pages, metric batches).
const FETCH_CALLS: u32 = 4;

impl Cli {
    /// The SDK's limits for every AWS call.
    pub fn timeouts(&self) -> Timeouts {
        Timeouts {
            attempt: Duration::from_secs(self.attempt_timeout),
            operation: Duration::from_secs(self.call_timeout),
        }
    }

    /// How long one feed's fetch may take.
    pub fn fetch_timeout(&self) -> Duration {
        self.timeouts().operation.saturating_mul(FETCH_CALLS)
    }
}
