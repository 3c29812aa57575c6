//! Fuzz-style tests of the config readers: random bytes, and random mutations of every shipped
//! settings, theme and keymap file, give a valid config or an error naming a line — never a
//! panic. Deterministic (a seeded xorshift), so a failure reproduces.

use opsdeck::config::ConfigError;
use opsdeck::config::keymap::{self, Keymap};
use opsdeck::config::settings::{DEFAULTS, Settings};
use opsdeck::config::theme::{self, Theme};

/// xorshift64*: small, fast and good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Pieces that make TOML interesting: structure, quotes, escapes, numbers, odd characters.
const TOKENS: &[&str] = &[
    "[",
    "]",
    "[[",
    "]]",
    "{",
    "}",
    "=",
    "\"",
    "'",
    "\"\"\"",
    ",",
    ".",
    "#",
    "\n",
    "\\",
    "\\u",
    "-",
    "+",
    "0",
    "-1",
    "1e400",
    "nan",
    "inf",
    "true",
    "none",
    "quit",
    "#ff0000",
    "ctrl-",
    "shift-",
    "é",
    "\u{1F600}",
    "\t",
    "\r\n",
    "\0",
    "9999999999999999999999",
    "warn",
    "critical",
    "[profiles.x]",
    "prod_banner",
];

fn mutate(rng: &mut Rng, text: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(5) {
            0 if !bytes.is_empty() => {
                let end = (at + rng.below(12)).min(bytes.len());
                bytes.drain(at.min(end)..end);
            }
            1 => {
                let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
                bytes.splice(at..at, token.iter().copied());
            }
            2 if at < bytes.len() => bytes[at] = (rng.next() & 0xff) as u8,
            3 if !bytes.is_empty() => {
                // Duplicate a line somewhere else: repeated keys and sections.
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let lines: Vec<&str> = text.lines().collect();
                let line = lines[rng.below(lines.len())].to_owned() + "\n";
                bytes.splice(at..at, line.bytes());
            }
            _ => bytes.insert(at, b'\n'),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// An error must say where: a parse error points inside the text (or just past its end).
fn located(error: &ConfigError, text: &str) {
    if let ConfigError::Parse { line, column, .. } = error {
        let lines = text.split('\n').count();
        assert!(*line >= 1 && *line <= lines, "line {line} of {lines}: {error}");
        assert!(*column >= 1, "{error}");
    }
}

fn try_all(text: &str) {
    if let Err(e) = Settings::parse("fuzz.toml", text) {
        located(&e, text);
    }
    if let Err(e) = Theme::parse("fuzz", "fuzz.toml", text) {
        located(&e, text);
    }
    match Keymap::builtin("default").map(|base| base.layered("fuzz.toml", text)) {
        Ok(Err(e)) => located(&e, text),
        Ok(Ok(_)) => {}
        Err(e) => panic!("the default keymap: {e}"),
    }
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = Rng(0x5eed_0001);
    for _ in 0..2000 {
        let len = rng.below(200);
        let bytes: Vec<u8> = (0..len).map(|_| (rng.next() & 0xff) as u8).collect();
        try_all(&String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn mutations_of_the_shipped_files_never_panic() {
    let mut files: Vec<&str> = vec![DEFAULTS, include_str!("fixtures/config/valid/config.toml")];
    files.extend(theme::BUILTIN.iter().map(|(_, t)| *t));
    files.extend(keymap::BUILTIN.iter().map(|(_, t)| *t));
    let mut rng = Rng(0x5eed_0002);
    let mut valid = 0;
    for text in files {
        for _ in 0..600 {
            let mutated = mutate(&mut rng, text);
            try_all(&mutated);
            valid += usize::from(Settings::parse("m", &mutated).is_ok());
        }
    }
    assert!(valid > 0, "some mutations stay valid, so the valid path is exercised too");
}
