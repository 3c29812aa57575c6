//! The options of `opsdeck check`: its report's format, the findings that fail it, the rules it
//! judges with; and how a command line meant for it is told apart when it fails to parse.

use clap::{Args, ValueEnum};

/// Options of `opsdeck check`.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// text (80 columns, no colour), json (stable shape, see README), markdown (for a ticket),
    /// prometheus (node_exporter's textfile format) or junit (XML for CI).
    #[arg(long, value_name = "FORMAT", default_value = "text")]
    pub format: ReportFormat,

    /// The findings that make the exit code non-zero: critical (warnings exit 0), warn (the
    /// usual exit codes) or never (0 whenever the check ran; 4 still means it could not).
    #[arg(long, value_name = "LEVEL", default_value = "warn")]
    pub fail_on: FailOn,

    /// Judge with these rules only (ids as in config.toml, comma-separated).
    #[arg(long, value_name = "RULE,...", value_delimiter = ',')]
    pub only: Vec<String>,

    /// Leave these rules out (ids as in config.toml, comma-separated).
    #[arg(long, value_name = "RULE,...", value_delimiter = ',')]
    pub skip: Vec<String>,
}

/// How `opsdeck check` prints its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
    Markdown,
    Prometheus,
    Junit,
}

/// Which findings fail `opsdeck check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Only critical findings (and missing data) exit non-zero.
    Critical,
    /// Warnings too: the usual exit codes.
    Warn,
    /// Nothing found fails the check.
    Never,
}

/// Whether a command line that failed to parse was meant for `check`, whose exit codes a cron
/// job reads: clap's usual 2 would read as "critical" there.
pub fn is_check(args: impl IntoIterator<Item = std::ffi::OsString>) -> bool {
    args.into_iter().skip(1).any(|a| a == "check" || a == "timeline")
}
