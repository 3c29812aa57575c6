//! Text from outside (AWS identifiers and error messages, the audit log) made safe to print: it
//! is data, never terminal control. Control characters (C0, DEL, C1) and the bidirectional
//! overrides and isolates that make a terminal reorder what it shows (U+202A–U+202E,
//! U+2066–U+2069) are escaped so that they are seen, not obeyed.
//!
//! Every text output goes through here: `opsdeck check` (text, markdown and JSON), `opsdeck
//! audit`, and the console's frame (`ui`), so no output path keeps a copy of its own.

pub mod markdown;
pub mod position;

pub use position::line_column;

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` would act on a terminal (or reorder its text) rather than be shown.
pub fn is_unsafe(c: char) -> bool {
    // `is_control` is Unicode's Cc: C0 (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F).
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The display width of a string in terminal cells. Printable ASCII, what AWS ids and most
/// values are made of, is one cell a byte, counted without the Unicode tables.
pub fn width(text: &str) -> usize {
    if text.bytes().all(|b| b.is_ascii_graphic() || b == b' ') {
        text.len()
    } else {
        ratatui::text::Span::raw(text).width()
    }
}

/// `text` with every unsafe character written as a visible escape (`\u{1b}`). Tabs and line
/// breaks become spaces, so one value stays on one line.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\t' | '\n' | '\r' => out.push(' '),
            c if is_unsafe(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// `text` without its unsafe characters, for where an escape would not fit (a drawn cell).
pub fn strip(text: &str) -> Cow<'_, str> {
    if text.chars().any(is_unsafe) {
        Cow::Owned(text.chars().filter(|&c| !is_unsafe(c)).collect())
    } else {
        text.into()
    }
}

/// JSON text with every unsafe character that serde_json leaves raw (DEL, C1, the bidi
/// controls) written as a `\uXXXX` escape: still valid JSON, and it decodes to the same value.
/// serde_json already escapes C0 inside strings; outside strings JSON is ASCII, so a raw tab or
/// line break there is layout and stays.
pub fn escape_json(json: &str) -> Cow<'_, str> {
    let raw = |c: char| is_unsafe(c) && !matches!(c, '\t' | '\n' | '\r');
    if !json.chars().any(raw) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 8);
    for c in json.chars() {
        if raw(c) {
            // Every such character is in the Basic Multilingual Plane: one \u escape each.
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_strings_width_is_what_the_terminal_gives_it() {
        for text in ["orders-db-0042", "a b", "", "データベース", "db-é", "x\u{7}y", "tab\there"] {
            assert_eq!(width(text), ratatui::text::Span::raw(text).width(), "{text:?}");
        }
    }

    #[test]
    fn controls_and_bidi_overrides_are_escaped_and_the_rest_is_kept() {
        assert!(matches!(escape("shop-prod-db データ"), Cow::Borrowed(_)));
        assert_eq!(escape("a\u{1b}[31mb\u{7}c"), "a\\u{1b}[31mb\\u{7}c");
        assert_eq!(escape("x\u{7f}\u{9b}y"), "x\\u{7f}\\u{9b}y");
        assert_eq!(escape("db\u{202e}gnp.exe\u{2066}"), "db\\u{202e}gnp.exe\\u{2066}");
        assert_eq!(escape("one\r\ntwo\tthree"), "one  two three");
        assert_eq!(strip("ab\u{202e}c\u{1b}"), "abc");
        for c in ['\u{0}', '\u{1f}', '\u{7f}', '\u{80}', '\u{9f}', '\u{202a}', '\u{202e}', '\u{2066}', '\u{2069}'] {
            assert!(is_unsafe(c), "{c:?}");
        }
        for c in [' ', 'a', '\u{a0}', '\u{2029}', '\u{2070}', '\u{2065}', 'デ'] {
            assert!(!is_unsafe(c), "{c:?}");
        }
    }

    #[test]
    fn json_keeps_its_layout_and_its_value() {
        let value = serde_json::json!({ "name": "a\u{7f}b\u{85}c\u{202e}d\u{1b}" });
        let pretty = serde_json::to_string_pretty(&value).unwrap_or_default();
        let safe = escape_json(&pretty);
        assert!(!safe.chars().any(|c| is_unsafe(c) && c != '\n'), "{safe}");
        assert!(safe.contains("\\u007f") && safe.contains("\\u0085") && safe.contains("\\u202e"), "{safe}");
        assert!(safe.contains("\\u001b"), "serde_json escapes C0 itself: {safe}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&safe).ok(), Some(value));
    }
}
