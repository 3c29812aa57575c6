//! `opsdeck config`: the files in use and the effective settings, printed as a config.toml
//! whose header comments say where everything is, so the output can be saved as a starting file.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::colour::Display;
use super::settings::Settings;
use super::{ConfigError, keymap, paths};

/// The files the console would use, resolved from the command line and the settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Files {
    pub log_file: PathBuf,
    pub audit_log: PathBuf,
    /// Who each profile's credentials are, or why that is not known: printed as comments.
    pub identity: Vec<String>,
}

/// The report: header comments, then the effective settings as TOML.
pub fn render(settings: &Settings, files: &Files, display: Display) -> Result<String, ConfigError> {
    let body = toml::to_string(settings)
        .map_err(|e| ConfigError::Read { file: "effective settings".to_owned(), message: e.to_string() })?;
    let mut out = String::from(
        "# opsdeck config: the files in use and the effective settings (the built-in defaults, with\n\
         # config.toml and the command line over them). This output is itself a valid config.toml.\n#\n",
    );
    for (what, value) in header(settings, files, display) {
        // A value of several lines (the identity) continues under the first, still a comment.
        let mut lines = value.lines();
        let _ = writeln!(out, "# {what:<12} {}", lines.next().unwrap_or_default());
        for line in lines {
            let _ = writeln!(out, "# {:<12} {line}", "");
        }
    }
    out.push('\n');
    out.push_str(&body);
    Ok(out)
}

fn header(settings: &Settings, files: &Files, display: Display) -> Vec<(&'static str, String)> {
    let dir = settings.config_dir();
    let config = match (&settings.file, paths::config_file()) {
        (Some(file), _) => format!("{} (read)", file.display()),
        (None, Some(file)) => format!("{} (not found: the built-in defaults apply)", file.display()),
        (None, None) => "none (no home directory: the built-in defaults apply)".to_owned(),
    };
    let themes = dir.as_ref().map_or_else(|| "none".to_owned(), |d| user_themes(&d.join("themes")));
    let keymap = dir.as_ref().map_or_else(
        || "none".to_owned(),
        |d| {
            let file = keymap::user_file(d);
            let state = if file.is_file() { format!("layered over `{}`", settings.keymap) } else { "not found".into() };
            format!("{} ({state})", file.display())
        },
    );
    let mut terminal = display.depth.label().to_owned();
    if display.no_colour {
        terminal.push_str("; NO_COLOR is set: the mono theme is used");
    }
    vec![
        ("config file", config),
        ("user themes", themes),
        ("user keymap", keymap),
        ("log file", files.log_file.display().to_string()),
        ("audit log", files.audit_log.display().to_string()),
        ("terminal", terminal),
        ("identity", files.identity.join("\n")),
    ]
}

/// The themes directory with the names of the themes in it.
fn user_themes(dir: &Path) -> String {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .filter_map(|path| path.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    names.sort();
    let listed = if names.is_empty() { "none".to_owned() } else { names.join(", ") };
    format!("{} ({listed})", dir.display())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::colour::ColourDepth;

    #[test]
    fn the_report_is_a_config_file_with_its_paths_in_comments() {
        let settings = Settings {
            file: Some(PathBuf::from("/nonexistent/cfg/config.toml")),
            theme: "warroom".into(),
            ..Settings::default()
        };
        let identity = vec!["profile `p`: account 1".to_owned(), "  credentials: x".to_owned()];
        let files = Files { log_file: "/l/opsdeck.log".into(), audit_log: "/a/audit.jsonl".into(), identity };
        let display = Display { no_colour: true, depth: ColourDepth::Ansi256 };
        let text = render(&settings, &files, display).unwrap();
        assert!(text.contains("# config file  /nonexistent/cfg/config.toml (read)\n"), "{text}");
        assert!(text.contains("# user themes  /nonexistent/cfg/themes (none)\n"), "{text}");
        assert!(text.contains("# user keymap  /nonexistent/cfg/keymap.toml (not found)\n"), "{text}");
        assert!(text.contains("# audit log    /a/audit.jsonl\n"), "{text}");
        assert!(text.contains("256 colours; NO_COLOR is set"), "{text}");
        assert!(text.contains("# identity     profile `p`: account 1\n#                credentials: x\n"), "{text}");
        let back = Settings::parse("report", &text).unwrap();
        assert_eq!(back, Settings { file: None, ..settings });
    }
}
