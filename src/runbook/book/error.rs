//! A runbook file that cannot be used: the file, the 1-based line and column, and what is
//! wrong — the shape config files' errors have ("file:line:col: message").

use thiserror::Error;

use crate::printable::line_column;

/// Why a runbook file was refused.
#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum LoadError {
    #[error("{file}:{line}:{column}: {message}")]
    At { file: String, line: usize, column: usize, message: String },
    #[error("{file}: {message}")]
    Read { file: String, message: String },
}

impl LoadError {
    /// An error at a byte offset of `text`.
    pub fn at(file: &str, text: &str, offset: usize, message: impl Into<String>) -> Self {
        let (line, column) = line_column(text, offset);
        Self::At { file: file.to_owned(), line, column, message: message.into() }
    }

    /// A TOML or field error, located by its span.
    pub fn toml(file: &str, text: &str, error: &toml::de::Error) -> Self {
        Self::at(file, text, error.span().map_or(0, |s| s.start), error.message().trim())
    }
}
