//! Where themes come from: the built-ins embedded at build time, `themes/NAME.toml` in the
//! user's config directory, and the loader `:theme` uses at run time.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::Theme;
use crate::config::ConfigError;
use crate::config::colour::{ColourSetting, Display};

/// The built-in themes, embedded at build time.
pub const BUILTIN: &[(&str, &str)] = &[
    ("default", include_str!("../../../themes/default.toml")),
    ("light", include_str!("../../../themes/light.toml")),
    ("warroom", include_str!("../../../themes/warroom.toml")),
    ("mono", include_str!("../../../themes/mono.toml")),
];

/// Where a theme of that name comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThemeSource {
    Builtin(&'static str),
    User(PathBuf),
}

/// Finds the theme `name`: `themes/NAME.toml` in `dir` first, then the built-ins.
pub fn find(name: &str, dir: Option<&Path>) -> Result<ThemeSource, ConfigError> {
    let valid = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    let user = dir.map(|d| d.join("themes").join(format!("{name}.toml")));
    if let Some(path) = user.as_ref().filter(|p| valid && p.is_file()) {
        return Ok(ThemeSource::User(path.clone()));
    }
    if let Some((_, text)) = BUILTIN.iter().find(|(n, _)| *n == name) {
        return Ok(ThemeSource::Builtin(text));
    }
    let builtin: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
    let mut expected = format!("one of {}", builtin.join(", "));
    if let Some(path) = user.filter(|_| valid) {
        let _ = write!(expected, ", or a theme file {}", path.display());
    }
    Err(ConfigError::Unknown { what: "theme", name: name.to_owned(), expected })
}

/// Loads themes by name at run time (`:theme`), with the user's theme directory and the
/// terminal's colour support as they were at start.
#[derive(Debug, Clone)]
pub struct ThemeLoader {
    dir: Option<PathBuf>,
    display: Display,
}

impl ThemeLoader {
    /// Themes from the user's config directory (its `themes/`) and the built-ins, for `display`.
    pub fn new(dir: Option<PathBuf>, display: Display) -> Self {
        Self { dir, display }
    }

    /// The theme `name`, for `--theme` and `:theme NAME`.
    pub fn load(&self, name: &str) -> Result<Theme, ConfigError> {
        Theme::load_for(name, self.dir.as_deref(), self.display)
    }

    /// Every theme that `load` finds: the built-ins and the user's `themes/NAME.toml`, sorted.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = BUILTIN.iter().map(|(name, _)| (*name).to_owned()).collect();
        let files = self.dir.as_ref().and_then(|d| std::fs::read_dir(d.join("themes")).ok());
        for entry in files.into_iter().flatten().flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "toml")
                && let Some(stem) = path.file_stem().and_then(|s| s.to_str())
                && find(stem, self.dir.as_deref()).is_ok()
            {
                names.push(stem.to_owned());
            }
        }
        names.sort();
        names.dedup();
        names
    }
}

impl Default for ThemeLoader {
    /// Built-in themes only, for the terminal as detected now.
    fn default() -> Self {
        Self { dir: None, display: Display::detect(ColourSetting::default()) }
    }
}
