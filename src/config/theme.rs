//! Themes: a palette of named colours mapped onto semantic roles.
//!
//! The screens only ever ask for a role (`ok`, `critical`, `stale`, …), never a colour, so a
//! theme can restyle everything and `mono` can drop colour entirely. Built-in themes are
//! embedded; a user theme is `themes/NAME.toml` in the config dir (it wins over a built-in of the
//! same name, and the roles it leaves out come from its `base`). `NO_COLOR` forces `mono`, and
//! colours are mapped to what the terminal can show when a theme is loaded.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

use super::ConfigError;
use super::colour::{ColourDepth, Display, contrast};
use crate::state::environment::Environment;

/// The built-in themes, embedded at build time.
pub const BUILTIN: &[(&str, &str)] = &[
    ("default", include_str!("../../themes/default.toml")),
    ("light", include_str!("../../themes/light.toml")),
    ("warroom", include_str!("../../themes/warroom.toml")),
    ("mono", include_str!("../../themes/mono.toml")),
];

/// What a style means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Text,
    Ok,
    Warn,
    Critical,
    Stale,
    Muted,
    Accent,
    Danger,
    Selection,
    Header,
    Border,
    ProdBanner,
}

impl Role {
    pub const ALL: [Self; 12] = [
        Self::Text,
        Self::Ok,
        Self::Warn,
        Self::Critical,
        Self::Stale,
        Self::Muted,
        Self::Accent,
        Self::Danger,
        Self::Selection,
        Self::Header,
        Self::Border,
        Self::ProdBanner,
    ];
}

// The flags mirror the file format, where each is an independent switch.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RoleSpec {
    fg: Option<String>,
    bg: Option<String>,
    #[serde(default)]
    bold: bool,
    #[serde(default)]
    italic: bool,
    #[serde(default)]
    underline: bool,
    #[serde(default)]
    reversed: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChartSpec {
    #[serde(default)]
    series: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    /// A built-in theme that styles the roles this file leaves out (user themes; default "default").
    base: Option<String>,
    #[serde(default)]
    palette: HashMap<String, String>,
    #[serde(default)]
    roles: HashMap<Role, RoleSpec>,
    #[serde(default)]
    chart: ChartSpec,
}

/// A loaded theme: one style per role, plus colours for chart series.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub name: String,
    styles: HashMap<Role, Style>,
    series: Vec<Color>,
    /// The colours the terminal shows (colours were mapped to it).
    depth: ColourDepth,
}

/// Where a theme of that name comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThemeSource {
    Builtin(&'static str),
    User(PathBuf),
}

/// Finds the theme `name`: `themes/NAME.toml` in `dir` first, then the built-ins.
pub fn find(name: &str, dir: Option<&Path>) -> Result<ThemeSource, ConfigError> {
    let valid = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    let user = dir.map(|d| d.join("themes").join(format!("{name}.toml")));
    if let Some(path) = user.as_ref().filter(|p| valid && p.is_file()) {
        return Ok(ThemeSource::User(path.clone()));
    }
    if let Some((_, text)) = BUILTIN.iter().find(|(n, _)| *n == name) {
        return Ok(ThemeSource::Builtin(text));
    }
    let builtin: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
    let mut expected = format!("one of {}", builtin.join(", "));
    if let Some(path) = user.filter(|_| valid) {
        let _ = write!(expected, ", or a theme file {}", path.display());
    }
    Err(ConfigError::Unknown { what: "theme", name: name.to_owned(), expected })
}

impl Theme {
    /// The style of a role (unstyled if the theme leaves it out).
    pub fn style(&self, role: Role) -> Style {
        self.styles.get(&role).copied().unwrap_or_default()
    }

    /// The colour of the n-th chart series, cycling.
    pub fn series(&self, n: usize) -> Style {
        if self.series.is_empty() {
            return Style::default();
        }
        Style::default().fg(self.series[n % self.series.len()])
    }

    /// Whether the theme uses no colour at all (`mono`).
    pub fn is_monochrome(&self) -> bool {
        self.series.is_empty() && self.styles.values().all(|s| s.fg.is_none() && s.bg.is_none())
    }

    /// The banner of an environment: its own colour where config.toml gives one (and the theme
    /// has colour), else `prod_banner` for production and the reversed accent for the others.
    pub fn environment(&self, env: &Environment) -> Style {
        match env.colour {
            Some(colour) if !self.is_monochrome() => {
                let bg = self.depth.map(colour);
                Style::default().bg(bg).fg(contrast(bg)).add_modifier(Modifier::BOLD)
            }
            _ if env.is_production() => self.style(Role::ProdBanner).add_modifier(Modifier::BOLD),
            _ => self.style(Role::Accent).add_modifier(Modifier::REVERSED | Modifier::BOLD),
        }
    }

    /// Parses a theme file; `origin` names it in errors.
    pub fn parse(name: &str, origin: &str, text: &str) -> Result<Self, ConfigError> {
        Self::parse_file(name, origin, text).map(|(theme, _)| theme)
    }

    /// Parses a theme file, with the base it names.
    fn parse_file(name: &str, origin: &str, text: &str) -> Result<(Self, Option<String>), ConfigError> {
        let file: ThemeFile = toml::from_str(text).map_err(|e| ConfigError::toml(origin, text, &e))?;
        // Every palette entry must be a colour, used or not; reported in file order.
        let mut palette: Vec<(&String, &String)> = file.palette.iter().collect();
        palette.sort_by_key(|(_, value)| text.find(&format!("\"{value}\"")));
        for (name, value) in palette {
            if Color::from_str(value).is_err() {
                let message = format!("palette colour `{name}` is `{value}`: expected a colour name or \"#rrggbb\"");
                return Err(ConfigError::invalid(origin, text, value, message));
            }
        }
        let resolve = |raw: &str| -> Result<Color, ConfigError> {
            let value = file.palette.get(raw).map_or(raw, String::as_str);
            Color::from_str(value).map_err(|_| {
                let message = format!("unknown colour `{raw}`: expected a palette name, a colour name or \"#rrggbb\"");
                ConfigError::invalid(origin, text, raw, message)
            })
        };
        let mut styles = HashMap::new();
        for (role, spec) in &file.roles {
            let mut style = Style::default();
            if let Some(fg) = &spec.fg {
                style = style.fg(resolve(fg)?);
            }
            if let Some(bg) = &spec.bg {
                style = style.bg(resolve(bg)?);
            }
            let flags = [
                (spec.bold, Modifier::BOLD),
                (spec.italic, Modifier::ITALIC),
                (spec.underline, Modifier::UNDERLINED),
                (spec.reversed, Modifier::REVERSED),
            ];
            for (on, modifier) in flags {
                if on {
                    style = style.add_modifier(modifier);
                }
            }
            styles.insert(*role, style);
        }
        let series = file.chart.series.iter().map(|c| resolve(c)).collect::<Result<_, _>>()?;
        let theme = Self { name: name.to_owned(), styles, series, depth: ColourDepth::TrueColour };
        Ok((theme, file.base))
    }

    /// A built-in theme by name, in 24-bit colour.
    pub fn builtin(name: &str) -> Result<Self, ConfigError> {
        let (_, text) = BUILTIN.iter().find(|(n, _)| *n == name).ok_or_else(|| ConfigError::Unknown {
            what: "theme",
            name: name.to_owned(),
            expected: format!("one of {}", BUILTIN.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")),
        })?;
        Self::parse(name, &format!("themes/{name}.toml (built in)"), text)
    }

    /// The theme `name` as found by `find` in `dir`, `mono` when `NO_COLOR` is set, colours
    /// mapped to the terminal's.
    pub fn load_for(name: &str, dir: Option<&Path>, display: Display) -> Result<Self, ConfigError> {
        let theme = match find(name, dir)? {
            ThemeSource::Builtin(_) => Self::builtin(name)?,
            ThemeSource::User(path) => Self::read_user(name, &path)?,
        };
        // The requested theme is still read, so a broken file is reported with NO_COLOR too.
        let theme = if display.no_colour { Self::builtin("mono")? } else { theme };
        Ok(theme.adapted(display.depth))
    }

    fn read_user(name: &str, path: &Path) -> Result<Self, ConfigError> {
        let origin = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| ConfigError::Read { file: origin.clone(), message: e.to_string() })?;
        let (mut theme, base) = Self::parse_file(name, &origin, &text)?;
        let base_name = base.as_deref().unwrap_or("default");
        let base = Self::builtin(base_name).map_err(|e| ConfigError::at_key(&origin, &text, "base", e.to_string()))?;
        for (role, style) in base.styles {
            theme.styles.entry(role).or_insert(style);
        }
        if theme.series.is_empty() {
            theme.series = base.series;
        }
        Ok(theme)
    }

    /// The theme with every colour mapped to the nearest that `depth` can show.
    #[must_use]
    pub fn adapted(mut self, depth: ColourDepth) -> Self {
        let map = |colour: Option<Color>| colour.map(|c| depth.map(c));
        for style in self.styles.values_mut() {
            style.fg = map(style.fg);
            style.bg = map(style.bg);
            style.underline_color = map(style.underline_color);
        }
        for colour in &mut self.series {
            *colour = depth.map(*colour);
        }
        self.depth = depth;
        self
    }
}

impl Default for Theme {
    /// The embedded default theme; it is parsed by a test, so failure here means a broken build.
    fn default() -> Self {
        Self::builtin("default").unwrap_or_else(|_| Self {
            name: "plain".into(),
            styles: HashMap::new(),
            series: Vec::new(),
            depth: ColourDepth::TrueColour,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loader_names_the_builtin_and_the_users_themes() {
        let dir = std::env::temp_dir().join(format!("opsdeck-theme-names-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("themes")).unwrap();
        std::fs::write(dir.join("themes/night.toml"), "").unwrap();
        std::fs::write(dir.join("themes/bad name.toml"), "").unwrap();
        std::fs::write(dir.join("themes/notes.txt"), "").unwrap();
        let display = Display::detect(super::super::colour::ColourSetting::default());
        let names = ThemeLoader::new(Some(dir.clone()), display).names();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(names.iter().filter(|n| n.as_str() == "night").count(), 1, "{names:?}");
        assert!(BUILTIN.iter().all(|(b, _)| names.iter().any(|n| n == b)), "{names:?}");
        assert!(!names.iter().any(|n| n.contains(' ') || n == "notes"), "{names:?}");
    }

    #[test]
    fn every_builtin_theme_parses_and_styles_every_role() {
        for (name, _) in BUILTIN {
            let theme = Theme::builtin(name).unwrap();
            for role in Role::ALL {
                assert!(theme.styles.contains_key(&role), "{name} lacks {role:?}");
            }
            assert_eq!(theme.is_monochrome(), *name == "mono", "{name}");
        }
    }

    #[test]
    fn unknown_colour_names_file_and_line() {
        let text = "[roles]\nok = { fg = \"green\" }\nwarn = { fg = \"purplish\" }\n";
        let err = Theme::parse("t", "my.toml", text).unwrap_err().to_string();
        assert!(err.contains("my.toml:3"), "{err}");
        assert!(err.contains("purplish"), "{err}");
    }

    #[test]
    fn unknown_role_is_an_error_with_its_line() {
        let text = "[roles]\nok = { fg = \"green\" }\nsparkle = { fg = \"red\" }\n";
        let err = Theme::parse("t", "my.toml", text).unwrap_err().to_string();
        assert!(err.contains("my.toml:3"), "{err}");
    }

    #[test]
    fn no_color_forces_mono_whatever_is_asked() {
        let display = Display { no_colour: true, ..Display::FULL };
        let theme = Theme::load_for("warroom", None, display).unwrap();
        assert_eq!(theme.name, "mono");
        assert!(theme.is_monochrome());
        assert!(Theme::load_for("nosuch", None, display).is_err(), "a wrong name is still wrong");
    }

    #[test]
    fn colours_follow_the_terminal() {
        let sixteen = Display { no_colour: false, depth: ColourDepth::Ansi16 };
        let theme = Theme::load_for("default", None, sixteen).unwrap();
        assert_eq!(theme.style(Role::Ok).fg, Some(Color::LightGreen));
        assert_eq!(theme.style(Role::Critical).fg, Some(Color::LightRed));
        let theme = Theme::load_for("default", None, Display { depth: ColourDepth::Ansi256, ..sixteen }).unwrap();
        assert!(matches!(theme.style(Role::Ok).fg, Some(Color::Indexed(_))));
        assert!(matches!(theme.series(0).fg, Some(Color::Indexed(_))));
    }

    #[test]
    fn the_environment_banner_uses_its_colour_or_the_role() {
        let theme = Theme::builtin("default").unwrap();
        let prod = Environment { profile: "p".into(), label: "prod".into(), colour: None };
        assert_eq!(theme.environment(&prod).bg, theme.style(Role::ProdBanner).bg);
        let stage = Environment { label: "staging".into(), colour: Some(Color::Yellow), ..prod.clone() };
        assert_eq!(theme.environment(&stage).bg, Some(Color::Yellow));
        assert_eq!(theme.environment(&stage).fg, Some(Color::Black));
        let mono = Theme::builtin("mono").unwrap();
        let style = mono.environment(&Environment { colour: Some(Color::Red), ..prod });
        assert_eq!((style.fg, style.bg), (None, None));
        assert!(style.add_modifier.contains(Modifier::REVERSED));
    }

    #[test]
    fn unknown_names_say_what_there_is() {
        let err = find("solarized", Some(Path::new("/cfg"))).unwrap_err().to_string();
        assert_eq!(
            err,
            "unknown theme `solarized`: expected one of default, light, warroom, mono, or a theme file /cfg/themes/solarized.toml"
        );
        assert!(find("../x", Some(Path::new("/cfg"))).is_err());
    }
}

/// Loads themes by name at run time (`:theme`), with the user's theme directory and the
/// terminal's colour support as they were at start.
#[derive(Debug, Clone)]
pub struct ThemeLoader {
    dir: Option<PathBuf>,
    display: Display,
}

impl ThemeLoader {
    /// Themes from the user's config directory (its `themes/`) and the built-ins, for `display`.
    pub fn new(dir: Option<PathBuf>, display: Display) -> Self {
        Self { dir, display }
    }

    /// The theme `name`, for `--theme` and `:theme NAME`.
    pub fn load(&self, name: &str) -> Result<Theme, ConfigError> {
        Theme::load_for(name, self.dir.as_deref(), self.display)
    }

    /// Every theme that `load` finds: the built-ins and the user's `themes/NAME.toml`, sorted.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = BUILTIN.iter().map(|(name, _)| (*name).to_owned()).collect();
        let files = self.dir.as_ref().and_then(|d| std::fs::read_dir(d.join("themes")).ok());
        for entry in files.into_iter().flatten().flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "toml")
                && let Some(stem) = path.file_stem().and_then(|s| s.to_str())
                && find(stem, self.dir.as_deref()).is_ok()
            {
                names.push(stem.to_owned());
            }
        }
        names.sort();
        names.dedup();
        names
    }
}

impl Default for ThemeLoader {
    /// Built-in themes only, for the terminal as detected now.
    fn default() -> Self {
        Self { dir: None, display: Display::detect(super::colour::ColourSetting::default()) }
    }
}
