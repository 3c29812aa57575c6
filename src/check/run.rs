//! One `opsdeck check` on a connected inventory: fetch (with the progress line on a terminal),
//! judge, print the report on stdout, and give the exit code.

use std::io::Write as _;
use std::time::Duration;

use super::progress::{Silent, Terminal};
use super::{EXIT_UNUSABLE, fetch_with, judge, render};
use crate::cli::CheckArgs;
use crate::cloud::Inventory;
use crate::judging::Thresholds;
use crate::posture::PostureSettings;

/// Runs the check; `posture` is config.toml's, with `--only` and `--skip` applied (`select`).
pub async fn run(
    inventory: &dyn Inventory,
    args: &CheckArgs,
    posture: &PostureSettings,
    thresholds: &Thresholds,
    timeout: Duration,
) -> u8 {
    let progress = Terminal::start(inventory.scopes().len());
    let fetched = match &progress {
        Some(line) => fetch_with(inventory, timeout, line).await,
        None => fetch_with(inventory, timeout, &Silent).await,
    };
    if let Some(line) = progress {
        line.finish();
    }
    let report = judge(&fetched, posture, thresholds);
    match render(&report, args.format, args.fail_on) {
        Ok(text) => {
            // A closed pipe (`| head`) is the reader's choice, not a failure of the check.
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
            report.exit_code_failing_on(args.fail_on)
        }
        Err(error) => {
            eprintln!("opsdeck: cannot write the report: {error}");
            EXIT_UNUSABLE
        }
    }
}
