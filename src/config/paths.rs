//! Where opsdeck keeps its files: XDG directories through `directories`.

use std::path::PathBuf;

use directories::ProjectDirs;

fn project() -> Option<ProjectDirs> {
    ProjectDirs::from("", "", "opsdeck")
}

/// The settings file: `config.toml` in the XDG config dir (None without a home directory).
pub fn config_file() -> Option<PathBuf> {
    project().map(|p| p.config_dir().join("config.toml"))
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
