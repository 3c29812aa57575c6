//! The options of `opsdeck doctor`: how it prints its report.

use clap::{Args, ValueEnum};

/// Options of `opsdeck doctor`.
#[derive(Debug, Clone, Args)]
pub struct DoctorArgs {
    /// text (for a person, 80 columns) or json (for a script).
    #[arg(long, value_name = "FORMAT", default_value = "text")]
    pub format: DoctorFormat,
}

/// How `opsdeck doctor` prints its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DoctorFormat {
    Text,
    Json,
}
