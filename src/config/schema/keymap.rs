//! The keymap file's schema: the modes (`KeyMode`) to tables of chords (the pattern
//! `Chord::parse` reads) to bindings (a command, or `none`).

use std::borrow::Cow;
use std::collections::BTreeMap;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use super::patterns;
use crate::command::Command;
use crate::config::keymap::{Binding, KeyMode};

/// A chord as a keymap file writes it, for the schema only (the file reads it as a string).
struct Spelling;

impl JsonSchema for Spelling {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Chord")
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "pattern": patterns::chord() })
    }
}

impl JsonSchema for Binding {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Binding")
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let command = generator.subschema_for::<Command>();
        let none = json_schema!({ "const": "none", "description": "Unbinds the key (over a built-in keymap)." });
        json_schema!({ "anyOf": [command, none] })
    }
}

/// The schema of a keymap file: the parser's file type with each chord as its pattern.
pub fn schema(generator: SchemaGenerator) -> Schema {
    generator.into_root_schema_for::<BTreeMap<KeyMode, BTreeMap<Spelling, Binding>>>()
}
