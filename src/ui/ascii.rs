//! `--ascii`: for terminals and fonts without box drawing, blocks, braille or symbols. The
//! frame is drawn as usual and then every cell is mapped to plain ASCII in one pass, so no
//! screen needs an ASCII variant of its own and none can be forgotten.

use ratatui::buffer::Buffer;

/// The ASCII stand-in of one cell's symbol.
pub fn plain(symbol: &str) -> Option<&'static str> {
    let mut chars = symbol.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else { return None };
    if c.is_ascii() {
        return None;
    }
    Some(match c {
        '│' | '┃' | '║' | '╎' | '┆' => "|",
        '┌' | '┐' | '└' | '┘' | '├' | '┤' | '┬' | '┴' | '┼' | '╭' | '╮' | '╯' | '╰' | '┏' | '┓' | '┗' | '┛' => {
            "+"
        }
        '█' | '▇' | '▆' | '■' => "#",
        '▅' | '▄' | '▉' | '▊' | '▋' => "=",
        '▃' | '▂' | '▌' | '▍' | '▎' | '—' | '–' | '─' | '━' | '═' | '╌' | '┄' | '╶' | '╴' => {
            "-"
        }
        '▁' | '▏' | '▐' => "_",
        '░' | '▒' | '▓' | '·' => ".",
        '●' | '•' | '○' => "*",
        '✓' | '↓' => "v",
        '✗' | '×' => "x",
        '↑' => "^",
        '…' => "~",
        '≥' | '▶' | '▸' | '⏎' | '→' | '⇢' => ">",
        '≤' | '◀' | '←' => "<",
        '“' | '”' => "\"",
        _ if ('\u{2800}'..='\u{28ff}').contains(&c) => ":",
        _ => "?",
    })
}

/// Rewrites every cell of the buffer in ASCII. Wide characters (e.g. CJK ids) become "?" so
/// the columns stay where they were.
pub fn translate(buffer: &mut Buffer) {
    for cell in &mut buffer.content {
        if let Some(ascii) = plain(cell.symbol()) {
            cell.set_symbol(ascii);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borders_blocks_and_marks_become_ascii() {
        assert_eq!(plain("┌"), Some("+"));
        assert_eq!(plain("█"), Some("#"));
        assert_eq!(plain("✓"), Some("v"));
        assert_eq!(plain("a"), None);
        assert_eq!(plain("デ"), Some("?"));
    }
}
