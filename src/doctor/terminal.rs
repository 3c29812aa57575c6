//! Doctor's look at the terminal and the files: TERM, the colour depth detected, whether the
//! locale is UTF-8 (else `--ascii`), the size, and whether config.toml, the theme and the
//! keymap parse, with where the log and the audit log go.

use std::io::IsTerminal as _;
use std::path::PathBuf;

use serde::Serialize;

use crate::config::ConfigError;
use crate::config::colour::Display;
use crate::config::keymap::{self, Keymap};
use crate::config::paths;
use crate::config::settings::Settings;
use crate::config::theme::ThemeLoader;

/// The smallest terminal every tab is laid out for.
const MIN_SIZE: (u16, u16) = (80, 24);

/// What the terminal is and can show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Terminal {
    pub term: Option<String>,
    pub colorterm: Option<String>,
    /// The colour depth the console would draw with ("24-bit", "256 colours", …).
    pub colours: &'static str,
    /// `NO_COLOR` is set: the mono theme.
    pub no_colour: bool,
    /// The variable that decides the character set (LC_ALL, else LC_CTYPE, else LANG), and its value.
    pub locale: Option<(String, String)>,
    pub utf8: bool,
    /// Columns and rows, when stdout is a terminal.
    pub size: Option<(u16, u16)>,
    /// What to do about what was found.
    pub advice: Vec<String>,
}

/// Whether a locale name is UTF-8 ("en_US.UTF-8", "C.utf8").
fn is_utf8(locale: &str) -> bool {
    let lower = locale.to_ascii_lowercase();
    lower.contains("utf-8") || lower.contains("utf8")
}

/// The terminal as the environment `var` describes it, with `display` detected from it and the
/// size of the terminal if there is one.
pub fn examine_terminal(var: impl Fn(&str) -> Option<String>, display: Display, size: Option<(u16, u16)>) -> Terminal {
    let locale = ["LC_ALL", "LC_CTYPE", "LANG"].into_iter().find_map(|name| var(name).map(|v| (name.to_owned(), v)));
    let utf8 = locale.as_ref().is_some_and(|(_, value)| is_utf8(value));
    let term = var("TERM");
    let mut advice = Vec::new();
    if !utf8 {
        let said = locale
            .as_ref()
            .map_or_else(|| "no LANG, LC_CTYPE or LC_ALL is set".to_owned(), |(n, v)| format!("{n}={v}"));
        advice.push(format!(
            "the locale is not UTF-8 ({said}): start opsdeck with --ascii, or set LANG=C.UTF-8 if the terminal and font show UTF-8"
        ));
    }
    match term.as_deref() {
        None | Some("" | "dumb") => advice.push("TERM is not set (or is dumb): the console needs a terminal that takes cursor movement; set TERM, e.g. xterm-256color".to_owned()),
        _ => {}
    }
    if let Some((columns, rows)) = size.filter(|(c, r)| *c < MIN_SIZE.0 || *r < MIN_SIZE.1) {
        advice.push(format!("the terminal is {columns}×{rows}: the console is laid out for at least 80×24"));
    }
    Terminal {
        term,
        colorterm: var("COLORTERM"),
        colours: display.depth.label(),
        no_colour: display.no_colour,
        locale,
        utf8,
        size,
        advice,
    }
}

/// The size of the terminal on stdout, if stdout is one.
pub fn size() -> Option<(u16, u16)> {
    std::io::stdout().is_terminal().then(crossterm::terminal::size).and_then(Result::ok)
}

/// Where the console's log and the audit log go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    pub log_file: PathBuf,
    pub audit_log: PathBuf,
}

/// One file the console reads or writes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileReport {
    /// "config", "theme", "keymap", "log" or "audit log".
    pub what: &'static str,
    pub path: Option<String>,
    /// What was found: "parses", "not found: the built-in defaults apply", the error, ...
    pub state: String,
    /// Whether the console would refuse to start over it.
    pub blocks: bool,
}

fn file(what: &'static str, path: Option<String>, state: impl Into<String>, blocks: bool) -> FileReport {
    FileReport { what, path, state: state.into(), blocks }
}

/// config.toml (or why it did not load), the theme and the keymap the console would load, and
/// where it would log.
pub fn examine_files(
    settings: &Settings,
    config_error: Option<&ConfigError>,
    paths: &Paths,
    display: Display,
) -> Vec<FileReport> {
    let shown = |p: &std::path::Path| crate::printable::escape(&p.display().to_string()).into_owned();
    let config = match (config_error, &settings.file, paths::config_file()) {
        (Some(error), _, _) => file("config", None, error.to_string(), true),
        (None, Some(path), _) => file("config", Some(shown(path)), "parses", false),
        (None, None, Some(path)) => file("config", Some(shown(&path)), "not found: the built-in defaults apply", false),
        (None, None, None) => file("config", None, "no home directory: the built-in defaults apply", false),
    };
    let dir = settings.config_dir();
    let theme = match ThemeLoader::new(dir.clone(), display).load(&settings.theme) {
        Ok(theme) => file("theme", None, format!("`{}` loads", theme.name), false),
        Err(error) => file("theme", None, error.to_string(), true),
    };
    let keymap_path = dir.as_deref().map(keymap::user_file).filter(|p| p.is_file()).map(|p| shown(&p));
    let keymap = match Keymap::load(&settings.keymap, dir.as_deref()) {
        Ok(_) if keymap_path.is_some() => {
            file("keymap", keymap_path, format!("parses, layered over `{}`", settings.keymap), false)
        }
        Ok(_) => file("keymap", None, format!("`{}` (no keymap.toml)", settings.keymap), false),
        Err(error) => file("keymap", keymap_path, error.to_string(), true),
    };
    let log = file("log", Some(shown(&paths.log_file)), "the console's log", false);
    let audit = file("audit log", Some(shown(&paths.audit_log)), "every runbook run is appended here", false);
    vec![config, theme, keymap, log, audit]
}
