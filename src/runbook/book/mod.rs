//! Runbooks as data: TOML files in `runbooks/` (embedded at build time) and in the user's
//! config directory (`runbooks/NAME.toml`, which add runbooks and override a built-in of the
//! same name, as keymap.toml is layered over a keymap).
//!
//! A file names its target kind, risk, typed parameters, preconditions and steps; `validate`
//! checks every name against the typed catalog in `ops` and reports what is wrong at its line
//! and column before the terminal is touched; `interpret` builds the same `Plan` the confirm
//! dialog, runner and audit log already use. `builtin` maps the console's requests onto the
//! built-in runbooks.

mod build;
pub mod builtin;
pub mod choices;
pub mod error;
mod eval;
pub mod expr;
pub mod fields;
mod format;
pub mod interpret;
mod locate;
pub mod model;
pub mod ops;
pub mod props;
pub mod time;
pub mod validate;
mod validate_steps;

use std::path::{Path, PathBuf};

pub use error::LoadError;
pub use eval::Value;
pub use model::Runbook;

/// The built-in runbooks, embedded at build time.
pub const BUILTIN: &[(&str, &str)] = &[
    ("scale-up", include_str!("../../../runbooks/scale-up.toml")),
    ("snapshot", include_str!("../../../runbooks/snapshot.toml")),
    ("snapshot-cluster", include_str!("../../../runbooks/snapshot-cluster.toml")),
    ("failover-multi-az", include_str!("../../../runbooks/failover-multi-az.toml")),
    ("failover-aurora", include_str!("../../../runbooks/failover-aurora.toml")),
    ("promote-replica", include_str!("../../../runbooks/promote-replica.toml")),
    ("prescale-window", include_str!("../../../runbooks/prescale-window.toml")),
    ("remove-scheduled-action", include_str!("../../../runbooks/remove-scheduled-action.toml")),
    ("pause-alarm-actions", include_str!("../../../runbooks/pause-alarm-actions.toml")),
    ("resume-alarm-actions", include_str!("../../../runbooks/resume-alarm-actions.toml")),
    ("add-aurora-reader", include_str!("../../../runbooks/add-aurora-reader.toml")),
    ("resize-instance", include_str!("../../../runbooks/resize-instance.toml")),
];

/// The runbooks in use: the built-ins, with the user's files added and overriding by name.
#[derive(Debug, Clone, Default)]
pub struct Library {
    books: Vec<Runbook>,
    /// How their `approve` steps may be approved (config.toml's `[runbooks]`).
    pub approval: interpret::Approval,
}

/// The user's runbooks folder in a config dir.
pub fn user_dir(config_dir: &Path) -> PathBuf {
    config_dir.join("runbooks")
}

/// Two libraries are the same when they hold the same runbooks from the same files.
impl PartialEq for Library {
    fn eq(&self, other: &Self) -> bool {
        let names = |l: &Self| l.books.iter().map(|b| (b.name.clone(), b.origin.clone())).collect::<Vec<_>>();
        names(self) == names(other) && self.approval == other.approval
    }
}

impl Library {
    /// The built-in runbooks alone.
    pub fn builtin() -> Result<Self, LoadError> {
        let books = BUILTIN
            .iter()
            .map(|(name, text)| validate::load(&format!("runbooks/{name}.toml (built in)"), text, true))
            .collect::<Result<_, _>>()?;
        Ok(Self { books, approval: interpret::Approval::default() })
    }

    /// The built-in runbooks, parsed once per process (for readiness and `opsdeck check`).
    pub fn shared() -> &'static Self {
        static BUILTIN: std::sync::OnceLock<Library> = std::sync::OnceLock::new();
        BUILTIN.get_or_init(|| Self::builtin().unwrap_or_default())
    }

    /// The built-ins with the user's `runbooks/*.toml` (in the config dir `dir`) layered over
    /// them, in file-name order; the first broken file is the error.
    pub fn load(dir: Option<&Path>) -> Result<Self, LoadError> {
        let mut library = Self::builtin()?;
        let Some(folder) = dir.map(user_dir).filter(|d| d.is_dir()) else { return Ok(library) };
        let read = |e: std::io::Error| LoadError::Read { file: folder.display().to_string(), message: e.to_string() };
        let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
            .map_err(read)?
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml") && p.is_file())
            .collect();
        files.sort();
        for path in files {
            library.add(load_file(&path)?);
        }
        Ok(library)
    }

    /// Adds a runbook, replacing one of the same name.
    pub fn add(&mut self, book: Runbook) {
        match self.books.iter_mut().find(|b| b.name == book.name) {
            Some(old) => *old = book,
            None => self.books.push(book),
        }
    }

    pub fn get(&self, name: &str) -> Option<&Runbook> {
        self.books.iter().find(|b| b.name == name)
    }

    pub fn all(&self) -> &[Runbook] {
        &self.books
    }
}

/// Reads and validates one runbook file (for `runbook lint` and the user's folder).
pub fn load_file(path: &Path) -> Result<Runbook, LoadError> {
    let origin = path.display().to_string();
    let text =
        std::fs::read_to_string(path).map_err(|e| LoadError::Read { file: origin.clone(), message: e.to_string() })?;
    validate::load(&origin, &text, false)
}

#[cfg(test)]
mod alarm_tests;
#[cfg(test)]
mod lint_tests;
#[cfg(test)]
mod rds_tests;
#[cfg(test)]
mod schedule_tests;
#[cfg(test)]
mod tests;
