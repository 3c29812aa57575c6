//! What `opsdeck runbook` does: list, show a plan on a target, or lint a file; and the parser of
//! `runbook show --param NAME=VALUE`.

use std::path::PathBuf;

use clap::Subcommand;

/// What `opsdeck runbook` does.
#[derive(Debug, Clone, Subcommand)]
pub enum RunbookAction {
    /// Every runbook: its name, target kind, risk, where it comes from, and its calls.
    List,
    /// The plan NAME would build on the target TARGET as the data is now (no calls are made;
    /// with --demo, on the simulated fleet). Exits 0 when the plan could be confirmed, 1 when a
    /// precondition fails, 4 when it cannot be built.
    Show {
        #[arg(value_name = "NAME")]
        name: String,
        /// The target's identifier: a DB instance, Aurora cluster or Auto Scaling Group.
        #[arg(long, value_name = "ID")]
        target: String,
        /// A parameter's value instead of its default, e.g. `--param start='2026-11-27 06:00'`
        /// or `--param window_desired=40` (repeatable).
        #[arg(long = "param", value_name = "NAME=VALUE", value_parser = param_value)]
        params: Vec<(String, String)>,
    },
    /// Check a runbook file: exit 0 when it is valid, 1 with each error located.
    Lint {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

/// `NAME=VALUE` of `runbook show --param`.
fn param_value(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => Ok((name.trim().to_owned(), value.to_owned())),
        _ => Err(format!("`{text}` is not NAME=VALUE")),
    }
}
