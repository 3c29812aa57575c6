//! JSON Schemas (draft-07, the draft every TOML language server reads) of config.toml, theme files and keymap files, generated from the
//! very types their parsers read, for editors with a TOML language server (Taplo, Even Better
//! TOML) to complete and check the files as they are written: `opsdeck config schema NAME`.
//!
//! Derived schemas come from the serde attributes (`deny_unknown_fields`, `default`, renames);
//! the values that check themselves as they are read have hand-written schemas (`values`) that
//! accept what their `try_from` accepts, with the patterns in `patterns`.

mod keymap;
mod patterns;
mod values;

use schemars::generate::SchemaSettings;
use schemars::{Schema, SchemaGenerator};
use serde_json::Value;

use super::settings::Settings;

/// The config.toml schema.
pub fn config() -> Schema {
    titled(
        generator().into_root_schema_for::<Settings>(),
        "opsdeck config.toml",
        "Settings of opsdeck, a terminal operations console.",
    )
}

/// The schema of a theme file (`themes/NAME.toml`).
pub fn theme() -> Schema {
    titled(
        super::theme::schema(generator()),
        "opsdeck theme",
        "A theme: a palette of named colours and a style per role.",
    )
}

/// The schema of a keymap file (`keymap.toml`).
pub fn keymap() -> Schema {
    titled(keymap::schema(generator()), "opsdeck keymap", "A keymap: per mode, key chords to commands.")
}

/// A schema as pretty JSON with a final newline, as `opsdeck config schema` prints it.
pub fn render(schema: &Schema) -> String {
    let mut text = serde_json::to_string_pretty(schema).unwrap_or_default();
    text.push('\n');
    text
}

/// Draft-07 with `definitions`: Taplo and the editors built on it resolve `$ref`s there, while
/// 2020-12's `$defs` is newer than some of them.
fn generator() -> SchemaGenerator {
    SchemaSettings::draft07().into_generator()
}

fn titled(mut schema: Schema, title: &str, description: &str) -> Schema {
    schema.insert("title".to_owned(), Value::from(title));
    schema.insert("description".to_owned(), Value::from(description));
    schema
}
