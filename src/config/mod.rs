//! Configuration files: themes and keymaps (embedded defaults, parsed with precise errors).
//!
//! Every error names the file, the line and column, and what was wrong, so a broken file is
//! reported before the terminal is touched.

pub mod keymap;
pub mod paths;
pub mod settings;
pub mod theme;

use thiserror::Error;

/// A configuration file that could not be used.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("{file}:{line}:{column}: {message}")]
    Parse { file: String, line: usize, column: usize, message: String },
    #[error("unknown {what} `{name}`")]
    Unknown { what: &'static str, name: String },
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

/// 1-based line and column of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
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
    }
}
