//! What the terminal can show: whether colour is wanted at all (`NO_COLOR`), and how many
//! colours there are. A theme's hex colours are mapped to the nearest the terminal has when the
//! theme is loaded, so a 256- or 16-colour terminal (tmux, SSH, a console) gets a sensible theme
//! rather than whatever it makes of a 24-bit escape.

use schemars::{JsonSchema, Schema};
use serde::{Deserialize, Serialize};

use ratatui::style::Color;

/// How many colours the terminal shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ColourDepth {
    /// The 16 ANSI colours, whose exact shades the terminal's own palette decides.
    Ansi16,
    /// The xterm 256-colour palette.
    Ansi256,
    /// 24-bit colour.
    TrueColour,
}

impl ColourDepth {
    /// From `COLORTERM` and `TERM`: `truecolor`/`24bit` (or a `-direct` terminal) is 24-bit, a
    /// `*-256color` terminal has 256, anything else is assumed to have 16.
    pub fn from_vars(colorterm: Option<&str>, term: Option<&str>) -> Self {
        let colorterm = colorterm.unwrap_or_default().to_ascii_lowercase();
        let term = term.unwrap_or_default().to_ascii_lowercase();
        if colorterm == "truecolor" || colorterm == "24bit" || term.ends_with("-direct") {
            Self::TrueColour
        } else if term.contains("256color") {
            Self::Ansi256
        } else {
            Self::Ansi16
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Ansi16 => "16 colours",
            Self::Ansi256 => "256 colours",
            Self::TrueColour => "24-bit colour",
        }
    }

    /// The nearest colour this depth can show. Named ANSI colours are kept as they are.
    pub fn map(self, colour: Color) -> Color {
        match (self, colour) {
            (Self::Ansi256, Color::Rgb(r, g, b)) => Color::Indexed(nearest_256(r, g, b)),
            (Self::Ansi16, Color::Rgb(r, g, b)) => nearest_16(r, g, b),
            (Self::Ansi16, Color::Indexed(i)) if i < 16 => ANSI16[usize::from(i)],
            (Self::Ansi16, Color::Indexed(i)) => {
                let (r, g, b) = indexed_rgb(i);
                nearest_16(r, g, b)
            }
            _ => colour,
        }
    }
}

/// The `colours` setting: detect, or say what the terminal can do (e.g. inside tmux over SSH,
/// where `COLORTERM` does not get through).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[schemars(transform = also_24bit)]
pub enum ColourSetting {
    #[default]
    #[serde(rename = "auto")]
    Auto,
    #[serde(rename = "truecolor", alias = "24bit")]
    TrueColour,
    #[serde(rename = "256")]
    Ansi256,
    #[serde(rename = "16")]
    Ansi16,
}

/// The schema lists the alias too, which serde accepts.
fn also_24bit(schema: &mut Schema) {
    if let Some(names) = schema.get_mut("enum").and_then(serde_json::Value::as_array_mut) {
        names.push("24bit".into());
    }
}

/// What the terminal gets: colour or not, and how many.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Display {
    /// `NO_COLOR` is set (to anything but the empty string): the `mono` theme, whatever is asked.
    pub no_colour: bool,
    pub depth: ColourDepth,
}

impl Display {
    /// From the process environment and the `colours` setting.
    pub fn detect(setting: ColourSetting) -> Self {
        let var = |name: &str| std::env::var(name).ok();
        Self::from_vars(setting, var("NO_COLOR").as_deref(), var("COLORTERM").as_deref(), var("TERM").as_deref())
    }

    pub fn from_vars(
        setting: ColourSetting,
        no_colour: Option<&str>,
        colorterm: Option<&str>,
        term: Option<&str>,
    ) -> Self {
        let depth = match setting {
            ColourSetting::Auto => ColourDepth::from_vars(colorterm, term),
            ColourSetting::TrueColour => ColourDepth::TrueColour,
            ColourSetting::Ansi256 => ColourDepth::Ansi256,
            ColourSetting::Ansi16 => ColourDepth::Ansi16,
        };
        Self { no_colour: no_colour.is_some_and(|v| !v.is_empty()), depth }
    }

    /// 24-bit colour, with colour: what a test or a snapshot draws with.
    pub const FULL: Self = Self { no_colour: false, depth: ColourDepth::TrueColour };
}

/// The 16 ANSI colours in index order, with the shades xterm gives them (for distances).
const ANSI16: [Color; 16] = [
    Color::Black,
    Color::Red,
    Color::Green,
    Color::Yellow,
    Color::Blue,
    Color::Magenta,
    Color::Cyan,
    Color::Gray,
    Color::DarkGray,
    Color::LightRed,
    Color::LightGreen,
    Color::LightYellow,
    Color::LightBlue,
    Color::LightMagenta,
    Color::LightCyan,
    Color::White,
];

const ANSI16_RGB: [(u8, u8, u8); 16] = [
    (0, 0, 0),
    (205, 0, 0),
    (0, 205, 0),
    (205, 205, 0),
    (0, 0, 238),
    (205, 0, 205),
    (0, 205, 205),
    (229, 229, 229),
    (127, 127, 127),
    (255, 0, 0),
    (0, 255, 0),
    (255, 255, 0),
    (92, 92, 255),
    (255, 0, 255),
    (0, 255, 255),
    (255, 255, 255),
];

/// The six levels of each channel of the 256-colour cube (indices 16–231).
const CUBE: [u8; 6] = [0, 95, 135, 175, 215, 255];

fn distance((r1, g1, b1): (u8, u8, u8), (r2, g2, b2): (u8, u8, u8)) -> u32 {
    let d = |a: u8, b: u8| u32::from(a.abs_diff(b)).pow(2);
    d(r1, r2) + d(g1, g2) + d(b1, b2)
}

fn nearest_level(v: u8) -> u8 {
    (0u8..6).min_by_key(|&i| CUBE[usize::from(i)].abs_diff(v)).unwrap_or(0)
}

/// The nearest of the 240 palette colours past the first 16 (the cube and the grey ramp),
/// whose shades are the same on every terminal, unlike the first 16.
pub fn nearest_256(r: u8, g: u8, b: u8) -> u8 {
    let (ri, gi, bi) = (nearest_level(r), nearest_level(g), nearest_level(b));
    let cube = (CUBE[usize::from(ri)], CUBE[usize::from(gi)], CUBE[usize::from(bi)]);
    let cube_index = 16 + 36 * ri + 6 * gi + bi;
    let mean = ((u16::from(r) + u16::from(g) + u16::from(b)) / 3) as u8;
    let step = (mean.saturating_sub(3) / 10).min(23);
    let grey = 8 + 10 * step;
    if distance((r, g, b), (grey, grey, grey)) < distance((r, g, b), cube) { 232 + step } else { cube_index }
}

/// The red, green and blue of a colour as xterm shows it; `None` for the terminal's own
/// colours (`Reset`), which only the terminal knows.
pub fn rgb_of(colour: Color) -> Option<(u8, u8, u8)> {
    match colour {
        Color::Rgb(r, g, b) => Some((r, g, b)),
        Color::Indexed(i) => Some(indexed_rgb(i)),
        other => ANSI16.iter().position(|&c| c == other).map(|i| ANSI16_RGB[i]),
    }
}

/// Black or white, whichever reads better on `background`.
pub fn contrast(background: Color) -> Color {
    let Some((r, g, b)) = rgb_of(background) else { return Color::White };
    let luminance = 0.299 * f64::from(r) + 0.587 * f64::from(g) + 0.114 * f64::from(b);
    if luminance > 140.0 { Color::Black } else { Color::White }
}

/// The WCAG contrast ratio of two colours, 1 (none) to 21 (black on white); `None` when either
/// is the terminal's own colour.
pub fn contrast_ratio(first: Color, second: Color) -> Option<f64> {
    let luminance = |colour: Color| {
        let (red, green, blue) = rgb_of(colour)?;
        let linear = |channel: u8| {
            let value = f64::from(channel) / 255.0;
            if value <= 0.039_28 { value / 12.92 } else { ((value + 0.055) / 1.055).powf(2.4) }
        };
        Some(0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue))
    };
    let (one, other) = (luminance(first)?, luminance(second)?);
    Some((one.max(other) + 0.05) / (one.min(other) + 0.05))
}

/// The colour of a 256-palette index (the first 16 as xterm shows them).
fn indexed_rgb(i: u8) -> (u8, u8, u8) {
    match i {
        0..=15 => ANSI16_RGB[usize::from(i)],
        16..=231 => {
            let n = i - 16;
            (CUBE[usize::from(n / 36)], CUBE[usize::from(n / 6 % 6)], CUBE[usize::from(n % 6)])
        }
        _ => {
            let v = 8 + 10 * (i - 232);
            (v, v, v)
        }
    }
}

/// The nearest of the 16 ANSI colours by hue, not by distance: a soft green must stay green
/// (meaning "ok") even where a grey is nearer, because the 16 are only names for shades each
/// terminal picks itself.
pub fn nearest_16(r: u8, g: u8, b: u8) -> Color {
    let (max, min) = (r.max(g).max(b), r.min(g).min(b));
    let chroma = f64::from(max - min);
    let lightness = (f64::from(max) + f64::from(min)) / 510.0;
    if chroma < 50.0 {
        return match lightness {
            l if l < 0.2 => Color::Black,
            l if l < 0.55 => Color::DarkGray,
            l if l < 0.85 => Color::Gray,
            _ => Color::White,
        };
    }
    let (rf, gf, bf) = (f64::from(r), f64::from(g), f64::from(b));
    let hue = if max == r {
        60.0 * ((gf - bf) / chroma).rem_euclid(6.0)
    } else if max == g {
        60.0 * ((bf - rf) / chroma + 2.0)
    } else {
        60.0 * ((rf - gf) / chroma + 4.0)
    };
    let bright = lightness > 0.55;
    // Boundaries between the hues as people name them, not at equal angles.
    let (normal, light) = match hue {
        h if !(20.0..345.0).contains(&h) => (Color::Red, Color::LightRed),
        h if h < 75.0 => (Color::Yellow, Color::LightYellow),
        h if h < 165.0 => (Color::Green, Color::LightGreen),
        h if h < 205.0 => (Color::Cyan, Color::LightCyan),
        h if h < 260.0 => (Color::Blue, Color::LightBlue),
        _ => (Color::Magenta, Color::LightMagenta),
    };
    if bright { light } else { normal }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_comes_from_colorterm_then_term() {
        assert_eq!(ColourDepth::from_vars(Some("truecolor"), Some("xterm")), ColourDepth::TrueColour);
        assert_eq!(ColourDepth::from_vars(Some("24bit"), None), ColourDepth::TrueColour);
        assert_eq!(ColourDepth::from_vars(None, Some("tmux-256color")), ColourDepth::Ansi256);
        assert_eq!(ColourDepth::from_vars(None, Some("xterm-direct")), ColourDepth::TrueColour);
        assert_eq!(ColourDepth::from_vars(None, Some("linux")), ColourDepth::Ansi16);
        assert_eq!(ColourDepth::from_vars(None, None), ColourDepth::Ansi16);
    }

    #[test]
    fn no_color_is_any_non_empty_value() {
        let with = |v| Display::from_vars(ColourSetting::Auto, v, None, Some("xterm-256color"));
        assert!(with(Some("1")).no_colour);
        assert!(!with(Some("")).no_colour);
        assert!(!with(None).no_colour);
        assert_eq!(with(None).depth, ColourDepth::Ansi256);
        let forced = Display::from_vars(ColourSetting::TrueColour, None, None, Some("xterm"));
        assert_eq!(forced.depth, ColourDepth::TrueColour);
    }

    #[test]
    fn the_256_palette_is_hit_exactly_where_it_can_be() {
        assert_eq!(nearest_256(0, 0, 0), 16);
        assert_eq!(nearest_256(255, 255, 255), 231);
        assert_eq!(nearest_256(255, 0, 0), 196);
        assert_eq!(nearest_256(0x80, 0x80, 0x80), 244);
        for i in 16..=255u8 {
            let (r, g, b) = indexed_rgb(i);
            assert_eq!(indexed_rgb(nearest_256(r, g, b)), (r, g, b), "index {i}");
        }
    }

    #[test]
    fn sixteen_colours_keep_the_meaning_of_the_default_palette() {
        assert_eq!(nearest_16(0x9e, 0xce, 0x6a), Color::LightGreen, "ok");
        assert_eq!(nearest_16(0xe0, 0xaf, 0x68), Color::LightYellow, "warn");
        assert_eq!(nearest_16(0xf7, 0x76, 0x8e), Color::LightRed, "critical");
        assert_eq!(nearest_16(0x7d, 0xcf, 0xff), Color::LightCyan, "accent");
        assert_eq!(nearest_16(0x7a, 0xa2, 0xf7), Color::LightBlue, "header");
        assert_eq!(nearest_16(0x73, 0x7a, 0xa2), Color::DarkGray, "muted");
        assert_eq!(nearest_16(0x1a, 0x1b, 0x26), Color::Black);
        assert_eq!(nearest_16(0xdb, 0x4b, 0x4b), Color::LightRed, "banner");
        assert_eq!(nearest_16(0x58, 0x75, 0x39), Color::Green, "light ok");
        assert_eq!(nearest_16(0x8c, 0x6c, 0x3e), Color::Yellow, "light warn");
        assert_eq!(nearest_16(0x6b, 0x70, 0x89), Color::DarkGray, "light muted");
    }

    #[test]
    fn banner_text_contrasts_with_its_colour() {
        assert_eq!(contrast(Color::Red), Color::White);
        assert_eq!(contrast(Color::Yellow), Color::Black);
        assert_eq!(contrast(Color::Rgb(0xd7, 0, 0)), Color::White);
        assert_eq!(contrast(Color::Indexed(226)), Color::Black);
        assert_eq!(contrast(Color::Reset), Color::White);
    }

    #[test]
    fn mapping_keeps_named_colours() {
        assert_eq!(ColourDepth::Ansi16.map(Color::Red), Color::Red);
        assert_eq!(ColourDepth::Ansi16.map(Color::Indexed(9)), Color::LightRed);
        assert_eq!(ColourDepth::Ansi16.map(Color::Indexed(196)), Color::Red);
        assert_eq!(ColourDepth::Ansi256.map(Color::Rgb(255, 0, 0)), Color::Indexed(196));
        assert_eq!(ColourDepth::TrueColour.map(Color::Rgb(1, 2, 3)), Color::Rgb(1, 2, 3));
    }
}
