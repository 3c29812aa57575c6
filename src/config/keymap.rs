//! Keymaps: key chords to typed commands, per mode.
//!
//! A chord is written as people say it ("q", "G", "ctrl-c", "shift-tab", "pagedown"); two
//! spellings of one chord in the same mode, an unknown key or an unknown command are load
//! errors that point at the line. Built-in keymaps are embedded; the user's `keymap.toml` is
//! layered over the chosen one (see `layer`).

use std::collections::HashMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use schemars::JsonSchema;
use serde::Deserialize;

use super::ConfigError;
use crate::command::Command;
use crate::state::Mode;

mod layer;

pub(crate) use layer::Binding;
pub use layer::{find, user_file};

/// The built-in keymaps, embedded at build time.
pub const BUILTIN: &[(&str, &str)] =
    &[("default", include_str!("../../keymaps/default.toml")), ("vim", include_str!("../../keymaps/vim.toml"))];

/// A key with its modifiers, normalised so that "G" and "shift-g" are one chord.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Chord {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl Chord {
    pub fn from_event(event: KeyEvent) -> Self {
        Self::normalised(event.code, event.modifiers)
    }

    fn normalised(code: KeyCode, modifiers: KeyModifiers) -> Self {
        let mut modifiers = modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match code {
            KeyCode::Char(c) if modifiers.contains(KeyModifiers::SHIFT) => {
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::Char(c.to_ascii_uppercase())
            }
            KeyCode::Tab if modifiers.contains(KeyModifiers::SHIFT) => {
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            KeyCode::BackTab => {
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        Self { code, modifiers }
    }

    /// Parses "q", "ctrl-c", "shift-tab", "enter", "f5", …
    pub fn parse(text: &str) -> Option<Self> {
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = text;
        while let Some((prefix, flag)) =
            MODIFIERS.iter().find(|(prefix, _)| rest.to_ascii_lowercase().starts_with(prefix))
        {
            modifiers |= *flag;
            rest = &rest[prefix.len()..];
        }
        Some(Self::normalised(key_code(rest)?, modifiers))
    }

    /// How the help overlay writes the chord.
    pub fn label(&self) -> String {
        let mut out = String::new();
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            out.push_str("ctrl-");
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            out.push_str("alt-");
        }
        let key = match self.code {
            KeyCode::Char(' ') => "space".to_owned(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "enter".to_owned(),
            KeyCode::Esc => "esc".to_owned(),
            KeyCode::Tab => "tab".to_owned(),
            KeyCode::BackTab => "shift-tab".to_owned(),
            KeyCode::Up => "↑".to_owned(),
            KeyCode::Down => "↓".to_owned(),
            KeyCode::Left => "←".to_owned(),
            KeyCode::Right => "→".to_owned(),
            KeyCode::PageUp => "pgup".to_owned(),
            KeyCode::PageDown => "pgdn".to_owned(),
            KeyCode::Home => "home".to_owned(),
            KeyCode::End => "end".to_owned(),
            KeyCode::Backspace => "backspace".to_owned(),
            KeyCode::F(n) => format!("f{n}"),
            other => format!("{other:?}").to_lowercase(),
        };
        out.push_str(&key);
        out
    }
}

fn key_code(name: &str) -> Option<KeyCode> {
    let mut chars = name.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return Some(KeyCode::Char(c));
    }
    let lower = name.to_ascii_lowercase();
    if let Some((_, code)) = KEY_NAMES.iter().find(|(key, _)| *key == lower) {
        return Some(*code);
    }
    match lower.strip_prefix('f') {
        Some(number) if !number.is_empty() => Some(KeyCode::F(number.parse().ok()?)),
        _ => None,
    }
}

/// The modifier prefixes of a chord, in any case (the keymap schema's pattern is made from these).
pub const MODIFIERS: [(&str, KeyModifiers); 3] =
    [("ctrl-", KeyModifiers::CONTROL), ("alt-", KeyModifiers::ALT), ("shift-", KeyModifiers::SHIFT)];

/// The keys a chord names by name, in any case; besides these, one character or `f1`…`f255`.
pub const KEY_NAMES: [(&str, KeyCode); 18] = [
    ("enter", KeyCode::Enter),
    ("return", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("escape", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("space", KeyCode::Char(' ')),
    ("backspace", KeyCode::Backspace),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("pageup", KeyCode::PageUp),
    ("pgup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
    ("pgdn", KeyCode::PageDown),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
];

/// The sections of a keymap file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum KeyMode {
    Normal,
    Detail,
    Help,
    Confirm,
    Filter,
    Palette,
}

impl KeyMode {
    pub fn of(mode: &Mode) -> Self {
        match mode {
            Mode::Normal => Self::Normal,
            Mode::Detail(_) => Self::Detail,
            Mode::Help => Self::Help,
            // Asked to quit: the confirm dialog's keys (Enter, Esc, Backspace, Ctrl-C).
            Mode::Confirm(_) | Mode::Quitting(_) => Self::Confirm,
            Mode::Filter => Self::Filter,
            // A note is a line typed like the palette's (Enter saves, Esc cancels).
            Mode::Palette(_) | Mode::Note(_) => Self::Palette,
        }
    }
}

/// A loaded keymap.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Keymap {
    bindings: HashMap<KeyMode, HashMap<Chord, Command>>,
}

impl Keymap {
    /// Parses a keymap file; `origin` names it in errors.
    pub fn parse(origin: &str, text: &str) -> Result<Self, ConfigError> {
        Self::default().layered(origin, text)
    }

    /// A built-in keymap by name.
    pub fn builtin(name: &str) -> Result<Self, ConfigError> {
        Self::parse(&format!("keymaps/{name}.toml (built in)"), find(name)?)
    }

    /// The command a key means in a mode.
    pub fn command(&self, mode: &Mode, key: KeyEvent) -> Option<Command> {
        self.bindings.get(&KeyMode::of(mode))?.get(&Chord::from_event(key)).copied()
    }

    /// Every binding of a mode, grouped by command in the order of first appearance, for help.
    pub fn bindings(&self, mode: KeyMode) -> Vec<(Command, Vec<String>)> {
        let mut grouped: Vec<(Command, Vec<String>)> = Vec::new();
        let Some(section) = self.bindings.get(&mode) else { return grouped };
        let mut entries: Vec<(&Chord, &Command)> = section.iter().collect();
        entries.sort_by_key(|(chord, command)| (**command as u8, chord.label()));
        for (chord, command) in entries {
            match grouped.iter_mut().find(|(c, _)| c == command) {
                Some((_, keys)) => keys.push(chord.label()),
                None => grouped.push((*command, vec![chord.label()])),
            }
        }
        grouped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn builtin_keymaps_parse() {
        for (name, _) in BUILTIN {
            Keymap::builtin(name).unwrap();
        }
    }

    #[test]
    fn default_keys_mean_what_the_help_says() {
        let map = Keymap::builtin("default").unwrap();
        let normal = Mode::Normal;
        assert_eq!(map.command(&normal, key(KeyCode::Char('q'), KeyModifiers::NONE)), Some(Command::Quit));
        assert_eq!(map.command(&normal, key(KeyCode::Char('G'), KeyModifiers::SHIFT)), Some(Command::Bottom));
        assert_eq!(map.command(&normal, key(KeyCode::BackTab, KeyModifiers::SHIFT)), Some(Command::PrevTab));
        assert_eq!(map.command(&normal, key(KeyCode::Char('c'), KeyModifiers::CONTROL)), Some(Command::Quit));
        assert_eq!(map.command(&normal, key(KeyCode::Char('x'), KeyModifiers::NONE)), None);
        assert_eq!(map.command(&Mode::Help, key(KeyCode::Esc, KeyModifiers::NONE)), Some(Command::Back));
        // A DB instance's detail moves its sparklines' window with the Performance tab's key.
        let detail = Mode::Detail(crate::state::DetailTarget::Blocking);
        for map in [map, Keymap::builtin("vim").unwrap()] {
            assert_eq!(map.command(&detail, key(KeyCode::Char('w'), KeyModifiers::NONE)), Some(Command::NextWindow));
        }
    }

    #[test]
    fn unknown_command_names_the_line() {
        let err = Keymap::parse("k.toml", "[normal]\n\"q\" = \"quit\"\n\"x\" = \"explode\"\n").unwrap_err();
        assert!(err.to_string().starts_with("k.toml:3:"), "{err}");
        assert!(err.to_string().contains("explode"), "{err}");
    }

    #[test]
    fn two_spellings_of_one_chord_conflict() {
        let err = Keymap::parse("k.toml", "[normal]\n\"G\" = \"bottom\"\n\"shift-g\" = \"top\"\n").unwrap_err();
        assert!(err.to_string().contains("same key"), "{err}");
    }

    #[test]
    fn unknown_key_names_the_line() {
        let err = Keymap::parse("k.toml", "[normal]\n\"hyper-q\" = \"quit\"\n").unwrap_err();
        assert_eq!(err.to_string(), "k.toml:2:1: unknown key `hyper-q`");
    }
}
