//! Themes: a palette of named colours mapped onto semantic roles.
//!
//! The screens only ever ask for a role (`ok`, `critical`, `stale`, …), never a colour, so a
//! theme can restyle everything and `mono` can drop colour entirely.

use std::collections::HashMap;
use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

use super::ConfigError;

/// The built-in themes, embedded at build time.
pub const BUILTIN: &[(&str, &str)] = &[("default", include_str!("../../themes/default.toml"))];

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
    #[serde(default)]
    palette: HashMap<String, String>,
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

    /// Parses a theme file; `origin` names it in errors.
    pub fn parse(name: &str, origin: &str, text: &str) -> Result<Self, ConfigError> {
        let file: ThemeFile = toml::from_str(text).map_err(|e| ConfigError::toml(origin, text, &e))?;
        let resolve = |raw: &str| -> Result<Color, ConfigError> {
            let value = file.palette.get(raw).map_or(raw, String::as_str);
            Color::from_str(value)
                .map_err(|_| ConfigError::invalid(origin, text, raw, format!("unknown colour `{raw}`")))
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
        Ok(Self { name: name.to_owned(), styles, series })
    }

    /// A built-in theme by name.
    pub fn builtin(name: &str) -> Result<Self, ConfigError> {
        let (_, text) = BUILTIN
            .iter()
            .find(|(n, _)| *n == name)
            .ok_or_else(|| ConfigError::Unknown { what: "theme", name: name.to_owned() })?;
        Self::parse(name, &format!("themes/{name}.toml (built in)"), text)
    }
}

impl Default for Theme {
    /// The embedded default theme; it is parsed by a test, so failure here means a broken build.
    fn default() -> Self {
        Self::builtin("default").unwrap_or_else(|_| Self {
            name: "plain".into(),
            styles: HashMap::new(),
            series: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_theme_parses_and_styles_every_role() {
        for (name, _) in BUILTIN {
            let theme = Theme::builtin(name).unwrap();
            for role in Role::ALL {
                assert!(theme.styles.contains_key(&role), "{name} lacks {role:?}");
            }
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
}
