//! Reading keymap files, and layering the user's `keymap.toml` over a built-in keymap.
//!
//! A file maps, per mode, chords to commands. A chord the user binds replaces the built-in
//! binding of that chord (in that mode only); `"none"` unbinds it. Within one file, two spellings
//! of one chord in a mode ("G" and "shift-g") are a conflict. Errors point at the exact key.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::de::{Error as _, IntoDeserializer, value::StrDeserializer};
use serde::{Deserialize, Deserializer};
use toml::Spanned;

use super::{BUILTIN, Chord, KeyMode, Keymap};
use crate::command::Command;
use crate::config::ConfigError;

/// What a file says a chord does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Binding {
    /// `"none"`: the chord does nothing (in a user file: unbinds the built-in binding).
    Unbound,
    Bound(Command),
}

impl<'de> Deserialize<'de> for Binding {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        if name == "none" {
            return Ok(Self::Unbound);
        }
        let command: StrDeserializer<'_, D::Error> = name.as_str().into_deserializer();
        Command::deserialize(command).map(Self::Bound).map_err(|e| D::Error::custom(format!("{e}, or `none`")))
    }
}

type File = BTreeMap<KeyMode, BTreeMap<Spanned<String>, Binding>>;

/// The user's keymap file in a config dir.
pub fn user_file(dir: &Path) -> PathBuf {
    dir.join("keymap.toml")
}

/// The built-in keymap `name`, or why there is none.
pub fn find(name: &str) -> Result<&'static str, ConfigError> {
    BUILTIN.iter().find(|(n, _)| *n == name).map(|(_, text)| *text).ok_or_else(|| ConfigError::Unknown {
        what: "keymap",
        name: name.to_owned(),
        expected: format!("one of {}", BUILTIN.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")),
    })
}

impl Keymap {
    /// `text` (named `origin` in errors) layered over this keymap.
    pub fn layered(mut self, origin: &str, text: &str) -> Result<Self, ConfigError> {
        let file: File = toml::from_str(text).map_err(|e| ConfigError::toml(origin, text, &e))?;
        let at = |offset: usize, message: String| {
            let (line, column) = crate::printable::line_column(text, offset);
            ConfigError::Parse { file: origin.to_owned(), line, column, message }
        };
        for (mode, entries) in file {
            let mut entries: Vec<(Spanned<String>, Binding)> = entries.into_iter().collect();
            entries.sort_by_key(|(key, _)| key.span().start);
            let section = self.bindings.entry(mode).or_default();
            let mut spelled: HashMap<Chord, String> = HashMap::new();
            for (key, binding) in entries {
                let (offset, key) = (key.span().start, key.into_inner());
                let chord = Chord::parse(&key).ok_or_else(|| at(offset, format!("unknown key `{key}`")))?;
                if let Some(first) = spelled.insert(chord, key.clone()) {
                    let mode = format!("{mode:?}").to_lowercase();
                    return Err(at(offset, format!("`{key}` is the same key as `{first}` in [{mode}]")));
                }
                match binding {
                    Binding::Bound(command) => section.insert(chord, command),
                    Binding::Unbound => section.remove(&chord),
                };
            }
        }
        Ok(self)
    }

    /// The keymap `name` with the user's `keymap.toml` (in the config dir `dir`) layered over it.
    pub fn load(name: &str, dir: Option<&Path>) -> Result<Self, ConfigError> {
        let base = Self::builtin(name)?;
        let Some(path) = dir.map(user_file).filter(|p| p.is_file()) else { return Ok(base) };
        let origin = path.display().to_string();
        let text = std::fs::read_to_string(&path)
            .map_err(|e| ConfigError::Read { file: origin.clone(), message: e.to_string() })?;
        base.layered(&origin, &text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Mode;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn key(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn a_user_binding_replaces_the_chord_and_none_unbinds() {
        let user = "[normal]\n\"q\" = \"help\"\n\"x\" = \"quit\"\n\"S\" = \"none\"\n";
        let map = Keymap::builtin("default").unwrap().layered("keymap.toml", user).unwrap();
        assert_eq!(map.command(&Mode::Normal, key('q')), Some(Command::Help));
        assert_eq!(map.command(&Mode::Normal, key('x')), Some(Command::Quit));
        assert_eq!(map.command(&Mode::Normal, key('S')), None);
        assert_eq!(map.command(&Mode::Normal, key('j')), Some(Command::Down), "the rest is kept");
        assert_eq!(map.command(&Mode::Help, key('q')), Some(Command::Quit), "other modes are kept");
    }

    #[test]
    fn errors_point_at_the_key_in_its_own_section() {
        let text = "[normal]\n\"shift-g\" = \"bottom\"\n[detail]\n\"G\" = \"bottom\"\n\"shift-g\" = \"top\"\n";
        let err = Keymap::default().layered("k.toml", text).unwrap_err().to_string();
        assert_eq!(err, "k.toml:5:1: `shift-g` is the same key as `G` in [detail]");
        let err = Keymap::default().layered("k.toml", "[normal]\n\"q\" = \"explode\"\n").unwrap_err().to_string();
        assert!(err.starts_with("k.toml:2:7:") && err.contains("explode") && err.contains("none"), "{err}");
    }

    #[test]
    fn an_unknown_keymap_says_what_there_is() {
        let err = find("emacs").unwrap_err().to_string();
        assert_eq!(err, "unknown keymap `emacs`: expected one of default, vim");
    }
}
