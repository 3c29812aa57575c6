//! Themes: a palette of named colours mapped onto semantic roles.
//!
//! The screens only ever ask for a role (`ok`, `critical`, `stale`, …), never a colour, so a
//! theme can restyle everything and `mono` can drop colour entirely. Built-in themes are
//! embedded; a user theme is `themes/NAME.toml` in the config dir (it wins over a built-in of the
//! same name, and the roles it leaves out come from its `base`). `NO_COLOR` forces `mono`, and
//! colours are mapped to what the terminal can show when a theme is loaded.

use std::collections::HashMap;
use std::path::Path;
use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;

use super::ConfigError;
use super::colour::{ColourDepth, Display, contrast};
use crate::state::environment::Environment;

mod source;

pub use source::{BUILTIN, ThemeLoader, ThemeSource, find};

/// What a style means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, JsonSchema)]
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
/// The style of a role. Colours are palette names, colour names or "#rrggbb".
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RoleSpec {
    /// The text colour.
    fg: Option<String>,
    /// The background colour.
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

/// `[chart]`: how charts are coloured.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct ChartSpec {
    /// The colours of the series in turn (palette names, colour names or "#rrggbb").
    #[serde(default)]
    series: Vec<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    /// A built-in theme that styles the roles this file leaves out (user themes; default "default").
    #[serde(default)]
    #[schemars(schema_with = "builtin_name", extend("default" = "default"))]
    base: Option<String>,
    /// Names for colours, used by the roles and the chart.
    #[serde(default)]
    #[schemars(with = "HashMap<String, super::values::ColourName>")]
    palette: HashMap<String, String>,
    /// The style of each role the screens ask for.
    #[serde(default)]
    roles: HashMap<Role, RoleSpec>,
    #[serde(default)]
    chart: ChartSpec,
}

/// The schema of a theme file (see `config::schema`).
pub(crate) fn schema(generator: SchemaGenerator) -> Schema {
    generator.into_root_schema_for::<ThemeFile>()
}

fn builtin_name(_: &mut SchemaGenerator) -> Schema {
    let names: Vec<&str> = BUILTIN.iter().map(|(name, _)| *name).collect();
    json_schema!({ "type": "string", "enum": names })
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
mod tests;
