//! `opsdeck doctor`: what stands between a new user and a working console, checked the way the
//! console would meet it. For every scope it would poll: which credentials won and why, who they
//! are (`sts:GetCallerIdentity`, asked at connect), and one cheap call per feed with its result
//! (ok, access denied naming the IAM action, throttled, network, not applicable). Then the
//! terminal (TERM, colours, UTF-8) and the files (config, theme, keymap, log, audit log).
//!
//! Exit 0 when everything the console needs works, 1 when some feed will be missing (or writes
//! will be off because the account is not known), 4 when nothing can run.

pub mod json;
pub mod scopes;
pub mod terminal;
pub mod text;

use std::time::Duration;

use serde::Serialize;

use crate::cli::DoctorFormat;
use crate::cloud::Inventory;
use crate::config::ConfigError;
use crate::config::colour::Display;
use crate::config::settings::Settings;

pub use scopes::{CallReport, Outcome, ScopeReport, examine_scopes};
pub use terminal::{FileReport, Paths, Terminal, examine_files, examine_terminal};

/// Exit code: everything the console needs works.
pub const EXIT_OK: u8 = 0;
/// Exit code: the console runs, but some feed will be missing (or writes will be off).
pub const EXIT_DEGRADED: u8 = 1;
/// Exit code: nothing can run (no backend, a broken config, theme or keymap, no call answered).
pub const EXIT_BROKEN: u8 = 4;

/// Everything doctor found.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The backend's label ("DEMO", "AWS prod"), when it connected.
    pub backend: Option<String>,
    /// Why the backend could not be connected at all.
    pub cannot_connect: Option<String>,
    pub scopes: Vec<ScopeReport>,
    pub terminal: Terminal,
    pub files: Vec<FileReport>,
}

impl Report {
    /// 4 when nothing can run, 1 when something will be missing, else 0.
    pub fn exit_code(&self) -> u8 {
        let answered = self.scopes.iter().flat_map(|s| &s.calls).any(|c| c.outcome.is_answered());
        if self.cannot_connect.is_some() || self.files.iter().any(|f| f.blocks) || !answered {
            EXIT_BROKEN
        } else if self.scopes.iter().any(ScopeReport::is_degraded) {
            EXIT_DEGRADED
        } else {
            EXIT_OK
        }
    }

    /// One word for the outcome: ok, degraded or broken.
    pub fn status(&self) -> &'static str {
        match self.exit_code() {
            EXIT_OK => "ok",
            EXIT_DEGRADED => "degraded",
            _ => "broken",
        }
    }
}

/// Everything doctor looks at besides the backend.
#[derive(Debug, Clone, Copy)]
pub struct Setup<'a> {
    pub settings: &'a Settings,
    /// Why config.toml did not load (the defaults are used in its place).
    pub config_error: Option<&'a ConfigError>,
    pub paths: &'a Paths,
    /// How long one call may take.
    pub timeout: Duration,
}

/// Examines the terminal and the files, then every scope of `backend` (or why there is none).
pub async fn examine(backend: Result<&dyn Inventory, String>, setup: Setup<'_>) -> Report {
    let display = Display::detect(setup.settings.colours);
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let mut report = Report {
        backend: None,
        cannot_connect: None,
        scopes: Vec::new(),
        terminal: examine_terminal(var, display, terminal::size()),
        files: examine_files(setup.settings, setup.config_error, setup.paths, display),
    };
    match backend {
        Ok(inventory) => {
            report.backend = Some(inventory.label());
            report.scopes = examine_scopes(inventory, setup.timeout).await;
        }
        Err(why) => report.cannot_connect = Some(why),
    }
    report
}

/// The report in the format asked for.
pub fn render(report: &Report, format: DoctorFormat) -> Result<String, serde_json::Error> {
    match format {
        DoctorFormat::Text => Ok(text::render(report)),
        DoctorFormat::Json => json::render(report),
    }
}

#[cfg(test)]
mod tests;
