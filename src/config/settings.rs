//! Settings: `config.toml`, a plain serde struct with one section per concern, layered over
//! the built-in defaults (a key left out keeps its default).
//!
//! The file is looked for in opsdeck's XDG config directory, or wherever `--config` /
//! `OPSDECK_CONFIG` points. A missing default file means the defaults; a file named explicitly
//! must exist. Unknown keys, bad values and unknown theme or keymap names are errors that name
//! the file, line and column, reported before anything else happens. The directory of the file
//! in use is the "config directory" where user themes (`themes/NAME.toml`) and the user keymap
//! (`keymap.toml`) are looked for.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};

use super::accounts::Accounts;
use super::colour::ColourSetting;
use super::hub::HubSettings;
use super::profiles::{AwsSettings, ProfileSettings, Profiles};
use super::runbooks::RunbookSettings;
use super::sections::{PollSettings, RecordSettings, ThresholdSettings};
use super::{ConfigError, keymap, paths, theme};
use crate::posture::PostureSettings;

/// The defaults, documented; `Settings::default()` is what they parse to (a test holds them equal).
pub const DEFAULTS: &str = include_str!("../../config/default.toml");

/// Everything config.toml can say. Top-level keys come first: TOML puts them before any table.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
#[schemars(transform = colours_alias)]
pub struct Settings {
    /// A built-in theme (default, light, warroom, mono) or `themes/NAME.toml` in the config dir.
    #[schemars(schema_with = "theme_name")]
    pub theme: String,
    /// A built-in keymap (default, vim); `keymap.toml` in the config dir is layered over it.
    #[schemars(schema_with = "keymap_name")]
    pub keymap: String,
    /// "auto", "truecolor", "256" or "16".
    #[serde(alias = "colors")]
    pub colours: ColourSetting,
    /// The audit log of runbook runs; `~/` is the home directory, a relative path is relative to
    /// the config dir. Unset: `$XDG_DATA_HOME/opsdeck/audit.jsonl`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audit_log: Option<PathBuf>,
    pub poll: PollSettings,
    pub thresholds: ThresholdSettings,
    pub aws: AwsSettings,
    /// Per profile (an AWS profile name, or "demo" for the simulated fleet).
    pub profiles: Profiles,
    /// Per AWS account id: over the profile's settings (see `identity`).
    pub accounts: Accounts,
    pub posture: PostureSettings,
    pub record: RecordSettings,
    pub hub: HubSettings,
    pub runbooks: RunbookSettings,
    /// The file these settings were read from; None for the built-in defaults.
    #[serde(skip)]
    pub file: Option<PathBuf>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            theme: "default".to_owned(),
            keymap: "default".to_owned(),
            colours: ColourSetting::Auto,
            audit_log: None,
            poll: PollSettings::default(),
            thresholds: ThresholdSettings::default(),
            aws: AwsSettings::default(),
            profiles: BTreeMap::<_, ProfileSettings>::new(),
            accounts: Accounts::new(),
            posture: PostureSettings::default(),
            record: RecordSettings::default(),
            hub: HubSettings::default(),
            runbooks: RunbookSettings::default(),
            file: None,
        }
    }
}

/// A theme name as `theme::find` reads it (a built-in or a user theme's file name).
fn theme_name(_: &mut SchemaGenerator) -> Schema {
    let builtin: Vec<&str> = theme::BUILTIN.iter().map(|(name, _)| *name).collect();
    json_schema!({ "type": "string", "pattern": "^[A-Za-z0-9_-]+$", "examples": builtin })
}

/// A keymap name: one of the built-ins, which `keymap::find` knows.
fn keymap_name(_: &mut SchemaGenerator) -> Schema {
    let builtin: Vec<&str> = keymap::BUILTIN.iter().map(|(name, _)| *name).collect();
    json_schema!({ "type": "string", "enum": builtin })
}

fn colours_alias(schema: &mut Schema) {
    super::values::schema_alias(schema, "colours", "colors");
}

impl Settings {
    /// Parses a settings file; `origin` names it in errors. Names of themes and keymaps are
    /// checked by `load`, which knows where user themes are.
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
        let mut settings = Self::parse(&origin, &text)?;
        settings.file = Some(path.to_path_buf());
        settings.check_names(&origin, &text)?;
        Ok(settings)
    }

    /// The theme and keymap named must exist: said at their line, not later without one.
    fn check_names(&self, origin: &str, text: &str) -> Result<(), ConfigError> {
        if let Err(error) = theme::find(&self.theme, self.config_dir().as_deref()) {
            return Err(ConfigError::at_key(origin, text, "theme", error.to_string()));
        }
        if let Err(error) = keymap::find(&self.keymap) {
            return Err(ConfigError::at_key(origin, text, "keymap", error.to_string()));
        }
        Ok(())
    }

    /// Where user themes and the user keymap are: the directory of the settings file in use, or
    /// opsdeck's XDG config directory.
    pub fn config_dir(&self) -> Option<PathBuf> {
        match &self.file {
            Some(file) => Some(file.parent().map_or_else(PathBuf::new, Path::to_path_buf)),
            None => paths::config_dir(),
        }
    }

    /// The folder recordings go to: `[record] folder` resolved as `audit_log` is, else the
    /// XDG data dir's `recordings`.
    pub fn record_folder(&self) -> PathBuf {
        let Some(folder) = self.record.folder.as_deref() else { return paths::data_dir().join("recordings") };
        let path = paths::expand_home(folder);
        match self.config_dir() {
            Some(dir) if path.is_relative() => dir.join(path),
            _ => path,
        }
    }

    /// The audit log path config.toml gives, resolved (`~/`, relative to the config dir).
    pub fn audit_log_path(&self) -> Option<PathBuf> {
        let path = paths::expand_home(self.audit_log.as_deref()?);
        match self.config_dir() {
            Some(dir) if path.is_relative() => Some(dir.join(path)),
            _ => Some(path),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::judging::Limit;
    use crate::posture::{RuleId, RuleSetting};

    #[test]
    fn the_documented_defaults_are_the_built_in_ones() {
        assert_eq!(Settings::parse("config/default.toml", DEFAULTS).unwrap(), Settings::default());
        assert_eq!(Settings::parse("empty.toml", "").unwrap(), Settings::default());
    }

    #[test]
    fn the_defaults_print_as_toml_that_reads_back() {
        let printed = toml::to_string(&Settings::default()).unwrap();
        assert_eq!(Settings::parse("printed", &printed).unwrap(), Settings::default());
    }

    #[test]
    fn sections_are_read() {
        let text = "theme = \"light\"\nkeymap = \"vim\"\ncolours = \"256\"\naudit_log = \"audit.jsonl\"\n\
                    [poll]\nmetrics = 60\n[thresholds]\ncpu = { warn = 50, critical = 75.5 }\n\
                    [aws]\nprofiles = [\"prod\"]\nregions = [\"eu-west-1\"]\n\
                    [profiles.prod]\nenvironment = \"prod\"\ncolor = \"red\"\nread_only = true\n";
        let s = Settings::parse("c.toml", text).unwrap();
        assert_eq!((s.theme.as_str(), s.keymap.as_str(), s.colours), ("light", "vim", ColourSetting::Ansi256));
        assert_eq!(s.poll.intervals().metrics.as_secs(), 60);
        assert_eq!(s.poll.intervals().fleet.as_secs(), 30, "unset keys keep their defaults");
        assert_eq!(s.thresholds.thresholds().cpu, Limit::above(50.0, 75.5));
        assert_eq!(s.aws.profiles[0].0, "prod");
        assert!(s.profiles.values().next().unwrap().read_only);
    }

    #[test]
    fn bad_values_name_their_line() {
        let cases = [
            ("[poll]\nfleet = 30\nalarms = 1\n", "c.toml:3:10:", "5 to 3600"),
            ("[thresholds]\ncpu = { warn = 95, critical = 90 }\n", "c.toml:2:7:", "warn ≤ critical"),
            ("[thresholds]\nfree_storage_gib = { warn = 5, critical = 20 }\n", "c.toml:2:", "warn ≥ critical"),
            ("[thresholds]\ncpu = { warn = 50 }\n", "c.toml:2:", "critical"),
            ("[profiles.prod]\nenvironment = \"prod\"\ncolour = \"reddish\"\n", "c.toml:3:10:", "reddish"),
            ("[profiles.prod]\nreadonly = true\n", "c.toml:2:1:", "readonly"),
            ("[aws]\nregions = [\"us-east-1\", \"Mars\"]\n", "c.toml:2:", "Mars"),
            ("colours = \"65k\"\n", "c.toml:1:", "65k"),
            ("[poll]\nfleet = \"30s\"\n", "c.toml:2:9:", "expected a whole number of seconds"),
            ("[poll]\nfleet = -30\n", "c.toml:2:9:", "expected a whole number of seconds"),
        ];
        for (text, at, says) in cases {
            let err = Settings::parse("c.toml", text).unwrap_err().to_string();
            assert!(err.starts_with(at) && err.contains(says), "{text:?} gave {err}");
        }
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

    #[test]
    fn the_config_dir_is_where_the_file_is() {
        let settings = Settings {
            file: Some(PathBuf::from("/etc/opsdeck/config.toml")),
            audit_log: Some(PathBuf::from("logs/audit.jsonl")),
            ..Settings::default()
        };
        assert_eq!(settings.config_dir(), Some(PathBuf::from("/etc/opsdeck")));
        assert_eq!(settings.audit_log_path(), Some(PathBuf::from("/etc/opsdeck/logs/audit.jsonl")));
        let absolute = Settings { audit_log: Some(PathBuf::from("/var/log/a.jsonl")), ..settings };
        assert_eq!(absolute.audit_log_path(), Some(PathBuf::from("/var/log/a.jsonl")));
    }
}
