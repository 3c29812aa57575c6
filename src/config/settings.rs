//! Settings: `config.toml`, a plain serde struct with one section per concern (for now
//! `[posture]`), layered over the built-in defaults.
//!
//! The file is looked for in opsdeck's XDG config directory, or wherever `--config` /
//! `OPSDECK_CONFIG` points. A missing default file means the defaults; a file named explicitly
//! must exist. Unknown keys and unknown rule ids are errors that name the file, line and column,
//! reported before anything else happens.

use std::path::Path;

use serde::Deserialize;

use super::{ConfigError, paths};
use crate::posture::PostureSettings;

/// The defaults, documented; `Settings::default()` is what they parse to (a test holds them equal).
pub const DEFAULTS: &str = include_str!("../../config/default.toml");

/// Everything config.toml can say.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    pub posture: PostureSettings,
}

impl Settings {
    /// Parses a settings file; `origin` names it in errors.
    pub fn parse(origin: &str, text: &str) -> Result<Self, ConfigError> {
        toml::from_str(text).map_err(|e| ConfigError::toml(origin, text, &e))
    }

    /// Loads `explicit` (which must exist) or, without one, the default file if there is one.
    pub fn load(explicit: Option<&Path>) -> Result<Self, ConfigError> {
        let path = match explicit {
            Some(path) => path.to_path_buf(),
            None => match paths::config_file() {
                Some(path) if path.exists() => path,
                _ => return Ok(Self::default()),
            },
        };
        Self::read(&path)
    }

    fn read(path: &Path) -> Result<Self, ConfigError> {
        let origin = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| ConfigError::Read { file: origin.clone(), message: e.to_string() })?;
        Self::parse(&origin, &text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::posture::{RuleId, RuleSetting};

    #[test]
    fn the_documented_defaults_are_the_built_in_ones() {
        assert_eq!(Settings::parse("config/default.toml", DEFAULTS).unwrap(), Settings::default());
        assert_eq!(Settings::parse("empty.toml", "").unwrap(), Settings::default());
    }

    #[test]
    fn rules_are_disabled_or_relevelled_by_id() {
        let text = "[posture]\nbackup_min_days = 14\n\n[posture.rules]\nperformance-insights-off = \"off\"\n\
                    deletion-protection-off = \"critical\"\n";
        let settings = Settings::parse("c.toml", text).unwrap();
        assert_eq!(settings.posture.backup_min_days, 14);
        assert!(settings.posture.expect_customer_kms, "unset keys keep their defaults");
        assert_eq!(settings.posture.rules.get(&RuleId::PerformanceInsightsOff), Some(&RuleSetting::Off));
        assert_eq!(settings.posture.rules.get(&RuleId::DeletionProtectionOff), Some(&RuleSetting::Critical));
        assert!(!settings.posture.is_enabled(RuleId::PerformanceInsightsOff));
    }

    #[test]
    fn an_unknown_rule_id_names_its_line() {
        let text = "[posture]\ncert_warn_days = 10\n\n[posture.rules]\ncpu-high = \"warn\"\ncpu-hihg = \"off\"\n";
        let err = Settings::parse("c.toml", text).unwrap_err().to_string();
        assert!(err.starts_with("c.toml:6:1:"), "{err}");
        assert!(err.contains("cpu-hihg"), "{err}");
    }

    #[test]
    fn unknown_keys_and_bad_values_name_their_line() {
        let err = Settings::parse("c.toml", "[posture]\nbackup_days = 7\n").unwrap_err().to_string();
        assert!(err.starts_with("c.toml:2:1:") && err.contains("backup_days"), "{err}");
        let err = Settings::parse("c.toml", "[posture.rules]\ncpu-high = \"loud\"\n").unwrap_err().to_string();
        assert!(err.starts_with("c.toml:2:") && err.contains("loud"), "{err}");
        let err = Settings::parse("c.toml", "[postur]\n").unwrap_err().to_string();
        assert!(err.starts_with("c.toml:1:"), "{err}");
    }

    #[test]
    fn an_explicit_file_must_exist() {
        let err = Settings::load(Some(Path::new("/nonexistent/opsdeck.toml"))).unwrap_err().to_string();
        assert!(err.starts_with("/nonexistent/opsdeck.toml: "), "{err}");
    }
}
