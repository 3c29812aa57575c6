//! Where opsdeck keeps its files: XDG directories through `directories`.

use std::path::{Path, PathBuf};

use directories::ProjectDirs;

fn project() -> Option<ProjectDirs> {
    ProjectDirs::from("", "", "opsdeck")
}

/// opsdeck's XDG config directory, e.g. ~/.config/opsdeck (None without a home directory).
pub fn config_dir() -> Option<PathBuf> {
    project().map(|p| p.config_dir().to_path_buf())
}

/// The settings file: `config.toml` in the XDG config dir (None without a home directory).
pub fn config_file() -> Option<PathBuf> {
    config_dir().map(|dir| dir.join("config.toml"))
}

/// `~/x` as the home directory's `x`; other paths as they are.
pub fn expand_home(path: &Path) -> PathBuf {
    let home = directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf());
    match (path.strip_prefix("~"), home) {
        (Ok(rest), Some(home)) => home.join(rest),
        _ => path.to_path_buf(),
    }
}

/// The directory for logs: the XDG state dir where there is one, else the cache dir, else
/// the system temp dir (so logging never fails for want of a home).
pub fn log_dir() -> PathBuf {
    project().map_or_else(
        || std::env::temp_dir().join("opsdeck"),
        |p| p.state_dir().map_or_else(|| p.cache_dir().to_path_buf(), std::path::Path::to_path_buf),
    )
}

/// The directory for data opsdeck keeps, such as the audit log: the XDG data dir.
pub fn data_dir() -> PathBuf {
    project().map_or_else(|| std::env::temp_dir().join("opsdeck"), |p| p.data_dir().to_path_buf())
}

/// The audit log, unless config.toml or `--audit-log` says otherwise.
pub fn audit_log() -> PathBuf {
    data_dir().join("audit.jsonl")
}
