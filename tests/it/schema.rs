//! The JSON Schemas of `opsdeck config schema`: each is valid draft-07, every shipped file
//! (built-in themes and keymaps, the documented defaults, the valid fixtures) passes its
//! schema, and the invalid fixtures fail it wherever the fault is one a schema can express.

use std::path::{Path, PathBuf};
use std::process::Command;

use jsonschema::Validator;
use opsdeck::config::schema;
use serde_json::Value;

fn root(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

/// The file as JSON, or None when it is not TOML at all (a syntax fixture).
fn as_json(path: &Path) -> Option<Value> {
    toml::from_str(&std::fs::read_to_string(path).unwrap()).ok()
}

fn validator(schema: &schemars::Schema) -> Validator {
    jsonschema::draft7::new(schema.as_value()).unwrap()
}

/// The schema for a fixture, by the prefix of its name.
fn schema_of(path: &Path) -> schemars::Schema {
    let name = path.file_name().unwrap().to_string_lossy();
    match name.split('_').next() {
        Some("theme") => schema::theme(),
        Some("keymap") => schema::keymap(),
        _ => schema::config(),
    }
}

#[test]
fn every_schema_is_valid_draft_07() {
    for (name, schema) in [("config", schema::config()), ("theme", schema::theme()), ("keymap", schema::keymap())] {
        let value = schema.as_value();
        assert_eq!(value["$schema"], "http://json-schema.org/draft-07/schema#", "{name}");
        assert!(value["title"].as_str().is_some_and(|t| t.contains(name)), "{name}");
        jsonschema::draft7::meta::validate(value).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn every_shipped_file_passes_its_schema() {
    let valid = root("tests/it/fixtures/config/valid");
    let sets = [
        (schema::theme(), [toml_files(&root("themes")), toml_files(&valid.join("themes"))].concat()),
        (schema::keymap(), [toml_files(&root("keymaps")), vec![valid.join("keymap.toml")]].concat()),
        (schema::config(), [toml_files(&root("config")), vec![valid.join("config.toml")]].concat()),
    ];
    let mut checked = 0;
    for (schema, files) in sets {
        let validator = validator(&schema);
        for file in files {
            let instance = as_json(&file).unwrap();
            let errors: Vec<String> = validator.iter_errors(&instance).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{}: {errors:?}", file.display());
            checked += 1;
        }
    }
    assert_eq!(checked, 4 + 1 + 2 + 1 + 1 + 1, "every built-in theme and keymap, the defaults and the fixtures");
}

/// Invalid fixtures whose fault only the parser sees: an order between two values, two
/// spellings of one key, a colour name that may be a palette entry, a theme that may be a user's.
const PARSER_ONLY: [&str; 4] =
    ["config_bad_threshold.toml", "keymap_conflict.toml", "theme_bad_colour.toml", "config_unknown_theme.toml"];

#[test]
fn invalid_fixtures_fail_their_schema_where_a_schema_can_say_so() {
    let mut failed = Vec::new();
    for file in toml_files(&root("tests/it/fixtures/config/invalid")) {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let Some(instance) = as_json(&file) else { continue };
        let valid = validator(&schema_of(&file)).is_valid(&instance);
        assert_eq!(valid, PARSER_ONLY.contains(&name.as_str()), "{name}");
        if !valid {
            failed.push(name);
        }
    }
    for expected in ["config_bad_poll.toml", "config_threshold_out_of_range.toml", "config_unknown_keymap.toml"] {
        assert!(failed.iter().any(|f| f == expected), "{expected} in {failed:?}");
    }
    for expected in ["keymap_unknown_command.toml", "keymap_unknown_key.toml", "theme_bad_hex.toml"] {
        assert!(failed.iter().any(|f| f == expected), "{expected} in {failed:?}");
    }
    assert!(failed.len() >= 10, "{failed:?}");
}

#[test]
fn aliases_and_names_the_parser_accepts_pass() {
    let config = validator(&schema::config());
    let text = "colors = \"24bit\"\n[profiles.prod]\ncolor = \"Bright Red\"\nenvironment = \" prod \"\n\
                [accounts.\"123456789012\"]\ncolor = \"#00ff00\"\n[posture.rules]\ncpu-high = \"off\"\n";
    let parsed = opsdeck::config::settings::Settings::parse("c.toml", text);
    assert!(parsed.is_ok(), "{parsed:?}");
    assert!(config.is_valid(&toml::from_str(text).unwrap()));
    for bad in [
        "colours = \"24bit\"\ncolors = \"auto\"\n",
        "[posture.rules]\ncpu-hihg = \"off\"\n",
        "[aws]\nregions = [\"Mars\"]\n",
    ] {
        assert!(!config.is_valid(&toml::from_str(bad).unwrap()), "{bad}");
    }
}

fn opsdeck(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_opsdeck"))
        .args(args)
        // Printing a schema reads no config: a missing file named here changes nothing.
        .env("OPSDECK_CONFIG", "/nonexistent/opsdeck/config.toml")
        .output()
        .unwrap()
}

#[test]
fn the_binary_prints_each_schema_as_json() {
    for (name, schema) in [("config", schema::config()), ("theme", schema::theme()), ("keymap", schema::keymap())] {
        let output = opsdeck(&["config", "schema", name]);
        assert!(output.status.success(), "{name}: {}", String::from_utf8_lossy(&output.stderr));
        let printed: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(&printed, schema.as_value(), "{name}");
    }
}

#[test]
fn an_unknown_schema_name_lists_the_names() {
    let output = opsdeck(&["config", "schema", "runbooks"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("runbooks") && stderr.contains("config, theme, keymap"), "{stderr}");
    assert!(output.stdout.is_empty());
}
