//! Configuration files: settings, themes and keymaps (embedded defaults, the user's files
//! layered over them, parsed with precise errors).
//!
//! Every error names the file, the line and column, and what was wrong, so a broken file is
//! reported before the terminal is touched. Nothing here ever writes into the user's directory.

pub mod accounts;
pub mod colour;
pub mod hub;
pub mod identity;
pub mod keymap;
pub mod paths;
pub mod profiles;
pub mod report;
pub mod runbooks;
pub mod schema;
pub mod sections;
pub mod settings;
pub mod theme;
pub mod values;

use thiserror::Error;

use crate::printable::line_column;

/// A configuration file that could not be used.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("{file}:{line}:{column}: {message}")]
    Parse { file: String, line: usize, column: usize, message: String },
    #[error("unknown {what} `{name}`: expected {expected}")]
    Unknown { what: &'static str, name: String, expected: String },
    #[error("{file}: {message}")]
    Read { file: String, message: String },
}

impl ConfigError {
    /// A TOML or schema error, located by its span.
    pub fn toml(file: &str, text: &str, error: &toml::de::Error) -> Self {
        let offset = error.span().map_or(0, |s| s.start);
        let (line, column) = line_column(text, offset);
        Self::Parse { file: file.to_owned(), line, column, message: error.message().trim().to_owned() }
    }

    /// A value that parsed but means nothing; located at the first place `needle` is quoted.
    pub fn invalid(file: &str, text: &str, needle: &str, message: String) -> Self {
        let offset = text.find(&format!("\"{needle}\"")).map_or(0, |i| i + 1);
        let (line, column) = line_column(text, offset);
        Self::Parse { file: file.to_owned(), line, column, message }
    }
}

impl ConfigError {
    /// A top-level `key = value` that parsed but names nothing; located at its line.
    pub fn at_key(file: &str, text: &str, key: &str, message: String) -> Self {
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let trimmed = line.trim_start();
            if trimmed.starts_with('[') {
                break;
            }
            let is_key = trimmed.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with('='));
            if is_key {
                let (line, column) = line_column(text, offset + line.len() - trimmed.len());
                return Self::Parse { file: file.to_owned(), line, column, message };
            }
            offset += line.len();
        }
        Self::Read { file: file.to_owned(), message }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_found_at_the_top_level_only() {
        let text = "# theme = \"x\"\n  theme = \"x\"\n[a]\nkeymap = \"y\"\n";
        let err = ConfigError::at_key("c", text, "theme", "bad".into());
        assert_eq!(err.to_string(), "c:2:3: bad");
        let err = ConfigError::at_key("c", text, "keymap", "bad".into());
        assert_eq!(err.to_string(), "c: bad");
    }
}
