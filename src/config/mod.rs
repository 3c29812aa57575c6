//! Configuration files: settings, themes and keymaps (embedded defaults, the user's files
//! layered over them, parsed with precise errors).
//!
//! Every error names the file, the line and column, and what was wrong, so a broken file is
//! reported before the terminal is touched. Nothing here ever writes into the user's directory.

pub mod accounts;
pub mod colour;
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

/// 1-based line and column of a byte offset (one inside a character counts as its start).
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rfind('\n').map_or(before.chars().count(), |i| before[i + 1..].chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_are_one_based() {
        assert_eq!(line_column("ab\ncd", 0), (1, 1));
        assert_eq!(line_column("ab\ncd", 4), (2, 2));
        assert_eq!(line_column("é\nx", 1), (1, 1), "inside a character");
        assert_eq!(line_column("ab", 99), (1, 3), "past the end");
    }

    #[test]
    fn a_key_is_found_at_the_top_level_only() {
        let text = "# theme = \"x\"\n  theme = \"x\"\n[a]\nkeymap = \"y\"\n";
        let err = ConfigError::at_key("c", text, "theme", "bad".into());
        assert_eq!(err.to_string(), "c:2:3: bad");
        let err = ConfigError::at_key("c", text, "keymap", "bad".into());
        assert_eq!(err.to_string(), "c: bad");
    }
}
