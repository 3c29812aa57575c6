//! A one-line message for the status bar, until the next key.

use crate::judging::Level;

/// A status-bar message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub level: Level,
}

impl Notice {
    pub fn warn(text: impl Into<String>) -> Self {
        Self { text: text.into(), level: Level::Warn }
    }

    pub fn info(text: impl Into<String>) -> Self {
        Self { text: text.into(), level: Level::Ok }
    }
}
