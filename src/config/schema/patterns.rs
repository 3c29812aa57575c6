//! Regular expressions (the subset ECMA-262 and Rust's regex crate share) that accept exactly
//! the strings the hand-written parsers accept: colours as ratatui reads them, key chords as
//! the keymap reads them.

use crate::config::keymap::{KEY_NAMES, MODIFIERS};

/// Characters ratatui drops from a colour name before it looks the name up.
const SEPARATORS: &str = "[ _-]*";

/// `word` in any case, ASCII letters only.
fn any_case(word: &str) -> String {
    word.chars()
        .map(|c| {
            if c.is_ascii_alphabetic() {
                format!("[{}{}]", c.to_ascii_lowercase(), c.to_ascii_uppercase())
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// `word` as ratatui's colour parser matches it: any case, separators anywhere.
fn loose(word: &str) -> String {
    word.chars().fold(String::new(), |mut out, c| {
        out.push_str(&any_case(&c.to_string()));
        out.push_str(SEPARATORS);
        out
    })
}

fn either(words: &[&str]) -> String {
    let words: Vec<String> = words.iter().map(|w| loose(w)).collect();
    format!("(?:{})", words.join("|"))
}

/// A decimal `u8` as `str::parse` reads it (an optional `+`, leading zeros).
const U8: &str = r"\+?0*(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";

/// A colour: a name (ratatui lower-cases it, drops separators, reads "bright" as "light",
/// "grey" and "silver" as "gray"), a 256-palette index, or "#rrggbb".
pub fn colour() -> String {
    let (light, hues, greys) = (
        either(&["light", "bright"]),
        either(&["red", "green", "yellow", "blue", "magenta", "cyan"]),
        either(&["gray", "grey", "silver"]),
    );
    let names = [
        either(&["reset", "black", "white"]),
        format!("{light}?{hues}"),
        format!("(?:{})?{greys}", loose("dark")),
        format!("{light}(?:{}|{greys})", either(&["black", "white"])),
    ];
    format!("^(?:{SEPARATORS}(?:{})|{U8}|#[0-9A-Fa-f]{{6}})$", names.join("|"))
}

/// A key chord: modifiers (`ctrl-`, `alt-`, `shift-`, any case) before one character, a named
/// key or a function key (`f1`).
pub fn chord() -> String {
    let modifiers: Vec<String> = MODIFIERS.iter().map(|(m, _)| any_case(m)).collect();
    let names: Vec<String> = KEY_NAMES.iter().map(|(n, _)| any_case(n)).collect();
    format!("^(?:{})*(?:.|{}|[fF]{U8})$", modifiers.join("|"), names.join("|"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn matches(pattern: &str, text: &str) -> bool {
        jsonschema::is_valid(&json!({ "type": "string", "pattern": pattern }), &json!(text))
    }

    #[test]
    fn colours_are_what_ratatui_reads() {
        use std::str::FromStr;
        let pattern = colour();
        let cases = [
            "red",
            "Light Red",
            "bright_blue",
            "dark-grey",
            "silver",
            "lightgray",
            "RESET",
            "255",
            "007",
            "#d70000",
            "#12345",
            "scarlet",
            "grey50",
            "256",
            "light",
            "#gg0000",
            "",
        ];
        for case in cases {
            let parsed = ratatui::style::Color::from_str(case).is_ok();
            assert_eq!(matches(&pattern, case), parsed, "{case:?}");
        }
    }

    #[test]
    fn chords_are_what_the_keymap_reads() {
        let pattern = chord();
        let cases = [
            "q",
            "G",
            "ctrl-c",
            "CTRL-Shift-Tab",
            "pagedown",
            "f5",
            "F12",
            "f256",
            "-",
            "ctrl--",
            "hyper-q",
            "ctrl-",
            "enterr",
        ];
        for case in cases {
            let parsed = crate::config::keymap::Chord::parse(case).is_some();
            assert_eq!(matches(&pattern, case), parsed, "{case:?}");
        }
    }
}
