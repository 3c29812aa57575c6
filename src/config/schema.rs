//! JSON Schemas (draft 2020-12) of config.toml, theme files and keymap files, generated from the
//! very types their parsers read, for editors with a TOML language server (Taplo, Even Better
//! TOML) to complete and check the files as they are written: `opsdeck config schema NAME`.
//!
//! Derived schemas come from the serde attributes (`deny_unknown_fields`, `default`, renames);
//! the values that check themselves as they are read have hand-written schemas (`values`) that
//! accept what their `try_from` accepts, with the patterns in `patterns`.

mod keymap;
mod patterns;
mod values;

use schemars::{Schema, schema_for};
use serde_json::Value;

use super::settings::Settings;

/// The config.toml schema.
pub fn config() -> Schema {
    titled(schema_for!(Settings), "opsdeck config.toml", "Settings of opsdeck, a terminal operations console.")
}

/// The schema of a theme file (`themes/NAME.toml`).
pub fn theme() -> Schema {
    titled(super::theme::schema(), "opsdeck theme", "A theme: a palette of named colours and a style per role.")
}

/// The schema of a keymap file (`keymap.toml`).
pub fn keymap() -> Schema {
    titled(keymap::schema(), "opsdeck keymap", "A keymap: per mode, key chords to commands.")
}

/// A schema as pretty JSON with a final newline, as `opsdeck config schema` prints it.
pub fn render(schema: &Schema) -> String {
    let mut text = serde_json::to_string_pretty(schema).unwrap_or_default();
    text.push('\n');
    text
}

fn titled(mut schema: Schema, title: &str, description: &str) -> Schema {
    schema.insert("title".to_owned(), Value::from(title));
    schema.insert("description".to_owned(), Value::from(description));
    schema
}
