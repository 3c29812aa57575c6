//! The log file: where it is and how it is opened, for the console and for `opsdeck hub`
//! alike (never the screen the console draws on).

use std::path::PathBuf;
use std::sync::Mutex;

use color_eyre::Result;
use color_eyre::eyre::WrapErr;

use crate::config::paths;
use crate::owner_only;

pub fn default_log_file() -> PathBuf {
    paths::log_dir().join("opsdeck.log")
}

/// Logs go to a file, never to the screen the console draws on.
pub fn init_logging(path: Option<PathBuf>) -> Result<PathBuf> {
    let path = path.unwrap_or_else(default_log_file);
    // Owner-only, like the audit log: it names profiles, resources and runs.
    let file = owner_only::open_append(&path).wrap_err_with(|| format!("cannot open log file {}", path.display()))?;
    let filter = tracing_subscriber::EnvFilter::try_from_env("OPSDECK_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt().with_writer(Mutex::new(file)).with_ansi(false).with_env_filter(filter).init();
    Ok(path)
}
