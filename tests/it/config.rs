//! Configuration: the shipped themes and keymaps, the fixtures (valid and invalid) under
//! `fixtures/config/`, and the binary itself with a broken or a valid config: errors name the
//! file, line and column, exit non-zero and never touch the terminal; `opsdeck config` prints
//! the effective settings.

use std::path::{Path, PathBuf};
use std::process::{Command as Process, Output, Stdio};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use opsdeck::cloud::model::Identity;
use opsdeck::command::Command;
use opsdeck::config::colour::{ColourDepth, Display};
use opsdeck::config::identity::{self, InUse};
use opsdeck::config::keymap::{self, Keymap};
use opsdeck::config::settings::Settings;
use opsdeck::config::theme::{self, Role, Theme};
use opsdeck::state::Mode;
use ratatui::style::{Color, Modifier};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/fixtures/config")
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, modifiers)
}

#[test]
fn every_shipped_theme_and_keymap_file_is_built_in_and_parses() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (dir, builtin) in [("themes", theme::BUILTIN), ("keymaps", keymap::BUILTIN)] {
        let mut files: Vec<String> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path().file_stem().unwrap().to_string_lossy().into_owned())
            .collect();
        files.sort();
        let mut names: Vec<String> = builtin.iter().map(|(n, _)| (*n).to_owned()).collect();
        names.sort();
        assert_eq!(files, names, "every file in {dir}/ is embedded");
    }
    for (name, _) in theme::BUILTIN {
        let theme = Theme::builtin(name).unwrap();
        assert_ne!(theme.style(Role::ProdBanner), ratatui::style::Style::default(), "{name}");
    }
    for (name, _) in keymap::BUILTIN {
        let map = Keymap::builtin(name).unwrap();
        let quit = map.command(&Mode::Normal, key(KeyCode::Char('c'), KeyModifiers::CONTROL));
        assert_eq!(quit, Some(Command::Quit), "ctrl-c quits in {name}");
    }
    assert_eq!(themes(), ["default", "light", "warroom", "mono"]);
}

fn themes() -> Vec<&'static str> {
    theme::BUILTIN.iter().map(|(n, _)| *n).collect()
}

#[test]
fn the_vim_keymap_speaks_vim() {
    let vim = Keymap::builtin("vim").unwrap();
    let normal = |code, modifiers| vim.command(&Mode::Normal, key(code, modifiers));
    assert_eq!(normal(KeyCode::Char('j'), KeyModifiers::NONE), Some(Command::Down));
    assert_eq!(normal(KeyCode::Char('k'), KeyModifiers::NONE), Some(Command::Up));
    assert_eq!(normal(KeyCode::Char('l'), KeyModifiers::NONE), Some(Command::NextTab));
    assert_eq!(normal(KeyCode::Char('h'), KeyModifiers::NONE), Some(Command::PrevTab));
    assert_eq!(normal(KeyCode::Char('d'), KeyModifiers::CONTROL), Some(Command::PageDown));
    assert_eq!(normal(KeyCode::Char('u'), KeyModifiers::CONTROL), Some(Command::PageUp));
    assert_eq!(normal(KeyCode::Char('G'), KeyModifiers::SHIFT), Some(Command::Bottom));
    assert_eq!(normal(KeyCode::Char('q'), KeyModifiers::NONE), Some(Command::Quit));
    assert_eq!(vim.command(&Mode::Help, key(KeyCode::Char('q'), KeyModifiers::NONE)), Some(Command::Back));
}

/// The `# expect: LINE:COLUMN: words` comment that opens an invalid fixture.
fn expectation(text: &str) -> (String, String) {
    let first = text.lines().next().unwrap();
    let expect = first.strip_prefix("# expect: ").unwrap_or_else(|| panic!("no expectation in {first}"));
    let mut parts = expect.splitn(3, ':');
    let (line, column) = (parts.next().unwrap(), parts.next().unwrap());
    let words = parts.next().unwrap_or_default().trim().to_owned();
    (if column.is_empty() { format!("{line}:") } else { format!("{line}:{column}:") }, words)
}

#[test]
fn invalid_fixtures_name_the_file_line_and_column_and_what_was_expected() {
    let dir = fixtures().join("invalid");
    let (mut seen, mut wrong) = (0, Vec::new());
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let origin = path.display().to_string();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let error = if name.starts_with("config_") {
            Settings::load(Some(&path)).unwrap_err()
        } else if name.starts_with("theme_") {
            Theme::parse("t", &origin, &text).unwrap_err()
        } else if name.starts_with("keymap_") {
            Keymap::builtin("default").unwrap().layered(&origin, &text).unwrap_err()
        } else {
            panic!("{name}: fixtures are config_, theme_ or keymap_");
        };
        let (at, words) = expectation(&text);
        let error = error.to_string();
        if !error.starts_with(&format!("{origin}:{at}")) || !error.contains(&words) {
            wrong.push(format!("{name}: expected {at} {words:?}, got {error}"));
        }
        seen += 1;
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(seen >= 15, "only {seen} fixtures");
}

#[test]
fn the_valid_fixture_loads_every_section() {
    let settings = Settings::load(Some(&fixtures().join("valid/config.toml"))).unwrap();
    assert_eq!(settings.poll.intervals().metrics.as_secs(), 20);
    assert_eq!(settings.poll.intervals().fleet.as_secs(), 30, "unset keys keep their defaults");
    assert!((settings.thresholds.thresholds().cpu.critical - 85.0).abs() < f64::EPSILON);
    assert_eq!(settings.audit_log_path(), Some(fixtures().join("valid/audit/opsdeck.jsonl")));
    let in_use =
        |profile: &str| [InUse { profile: profile.to_owned(), identity: Some(Identity::simulated()), unknown: None }];
    let env = identity::environment(&settings.profiles, &settings.accounts, &in_use("demo")).unwrap();
    assert_eq!((env.label.as_str(), env.colour), ("prod", Some(Color::Red)));
    let env = identity::environment(&settings.profiles, &settings.accounts, &in_use("shop-staging")).unwrap();
    assert_eq!(env.colour, Some(Color::Rgb(0xd7, 0xaf, 0)));
    let alias = identity::with_alias(Identity::simulated(), &settings.accounts).alias;
    assert_eq!(alias.as_deref(), Some("demo-shop"), "[accounts.\"000000000000\"] is read");
}

#[test]
fn a_user_theme_fills_what_it_leaves_out_from_its_base() {
    let settings = Settings::load(Some(&fixtures().join("valid/config.toml"))).unwrap();
    let theme = Theme::load_for(&settings.theme, settings.config_dir().as_deref(), Display::FULL).unwrap();
    let light = Theme::builtin("light").unwrap();
    assert_eq!(theme.name, "ocean");
    assert_eq!(theme.style(Role::Header).fg, Some(Color::Rgb(0, 0x5f, 0x87)));
    assert_eq!(theme.style(Role::Critical), light.style(Role::Critical));
    assert_eq!(theme.style(Role::ProdBanner), light.style(Role::ProdBanner));
}

#[test]
fn a_user_keymap_is_layered_over_the_chosen_one() {
    let settings = Settings::load(Some(&fixtures().join("valid/config.toml"))).unwrap();
    let map = Keymap::load(&settings.keymap, settings.config_dir().as_deref()).unwrap();
    let normal = |c: char| map.command(&Mode::Normal, key(KeyCode::Char(c), KeyModifiers::NONE));
    assert_eq!(normal('x'), Some(Command::Refresh), "added");
    assert_eq!(normal('F'), None, "unbound");
    assert_eq!(normal('l'), Some(Command::NextTab), "vim underneath");
    let help = map.bindings(opsdeck::config::keymap::KeyMode::Normal);
    let refresh = help.iter().find(|(c, _)| *c == Command::Refresh).unwrap();
    assert!(refresh.1.contains(&"x".to_owned()) && refresh.1.contains(&"ctrl-r".to_owned()), "{refresh:?}");
}

#[test]
fn no_color_forces_mono() {
    let display = Display::from_vars(opsdeck::config::colour::ColourSetting::Auto, Some("1"), Some("truecolor"), None);
    for name in themes() {
        let theme = Theme::load_for(name, None, display).unwrap();
        assert!(theme.is_monochrome(), "{name}");
        assert!(theme.style(Role::Critical).add_modifier.contains(Modifier::REVERSED));
    }
}

#[test]
fn sixteen_colour_terminals_get_the_nearest_named_colours() {
    let display = Display::from_vars(opsdeck::config::colour::ColourSetting::Auto, None, None, Some("linux"));
    assert_eq!(display.depth, ColourDepth::Ansi16);
    for name in themes() {
        let theme = Theme::load_for(name, None, display).unwrap();
        for role in Role::ALL {
            let style = theme.style(role);
            for colour in [style.fg, style.bg].into_iter().flatten() {
                assert!(!matches!(colour, Color::Rgb(..) | Color::Indexed(_)), "{name} {role:?}: {colour:?}");
            }
        }
    }
    let theme = Theme::load_for("default", None, display).unwrap();
    assert_eq!(theme.style(Role::Warn).fg, Some(Color::LightYellow));
}

// ---- the binary ----

/// Runs opsdeck with a clean environment: no user config, no colour variables, no TTY.
fn opsdeck(args: &[&str], vars: &[(&str, &Path)]) -> Output {
    let home = std::env::temp_dir().join(format!("opsdeck-it-config-home-{}", std::process::id()));
    let mut process = Process::new(env!("CARGO_BIN_EXE_opsdeck"));
    process
        .args(args)
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("TERM", "xterm-256color")
        .env_remove("OPSDECK_CONFIG")
        .env_remove("OPSDECK_AUDIT_LOG")
        .env_remove("OPSDECK_LOG_FILE")
        .env_remove("NO_COLOR")
        .env_remove("COLORTERM")
        // `opsdeck config` connects as the console would: to no AWS at all here, at once.
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", home.join("no-aws-config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.join("no-aws-credentials"))
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_REGION")
        .env_remove("AWS_DEFAULT_REGION")
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .stdin(Stdio::null());
    for (name, value) in vars {
        process.env(name, value);
    }
    process.output().unwrap()
}

/// The terminal is never touched: no escape sequence at all (alternate screen, raw mode, …).
fn untouched(output: &Output) {
    for stream in [&output.stdout, &output.stderr] {
        assert!(!stream.contains(&0x1b), "escape sequence in {:?}", String::from_utf8_lossy(stream));
    }
}

#[test]
fn a_broken_config_stops_the_console_with_file_line_and_column() {
    let path = fixtures().join("invalid/config_bad_threshold.toml");
    let output = opsdeck(&["--demo"], &[("OPSDECK_CONFIG", &path)]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(&format!("{}:4:7: expected warn ≤ critical", path.display())), "{stderr}");
    assert!(output.stdout.is_empty());
    untouched(&output);
}

#[test]
fn a_broken_user_keymap_or_theme_stops_the_console_too() {
    for (dir, at, says) in
        [("broken_keymap", "keymap.toml:3:12:", "self_destruct"), ("broken_theme", "themes/neon.toml:3:", "glowing")]
    {
        let config = fixtures().join(dir).join("config.toml");
        let output = opsdeck(&["--demo", "--config", &config.display().to_string()], &[]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{dir}: {stderr}");
        assert!(stderr.contains(at) && stderr.contains(says), "{dir}: {stderr}");
        untouched(&output);
    }
    let output = opsdeck(&["--demo", "--theme", "nosuch"], &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("unknown theme `nosuch`: expected one of default, light, warroom, mono"), "{stderr}");
    untouched(&output);
}

#[test]
fn opsdeck_config_prints_the_paths_and_the_effective_settings() {
    let path = fixtures().join("valid/config.toml");
    let output = opsdeck(&["config"], &[("OPSDECK_CONFIG", &path)]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    untouched(&output);
    assert!(stdout.contains(&format!("# config file  {} (read)", path.display())), "{stdout}");
    assert!(stdout.contains("# user themes  ") && stdout.contains("themes (ocean)"), "{stdout}");
    assert!(stdout.contains("keymap.toml (layered over `vim`)"), "{stdout}");
    assert!(stdout.contains("valid/audit/opsdeck.jsonl"), "{stdout}");
    assert!(stdout.contains("# terminal     256 colours"), "{stdout}");
    let printed = Settings::parse("stdout", &stdout).unwrap();
    let file = Settings::load(Some(&path)).unwrap();
    assert_eq!(printed, Settings { file: None, ..file }, "the output is the effective config");
    assert!(stdout.contains("fleet = 30"), "defaults are merged in: {stdout}");
    assert!(stdout.contains("[profiles.demo]") && stdout.contains("environment = \"prod\""), "{stdout}");
}

#[test]
fn opsdeck_config_without_a_file_prints_the_defaults_and_obeys_flags_and_no_color() {
    let output = opsdeck(&["config", "--theme", "warroom", "--keymap", "vim"], &[("NO_COLOR", Path::new("1"))]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout.contains("(not found: the built-in defaults apply)"), "{stdout}");
    assert!(stdout.contains("NO_COLOR is set: the mono theme is used"), "{stdout}");
    let printed = Settings::parse("stdout", &stdout).unwrap();
    assert_eq!((printed.theme.as_str(), printed.keymap.as_str()), ("warroom", "vim"));
    assert_eq!(Settings { theme: "default".into(), keymap: "default".into(), ..printed }, Settings::default());
}

/// The ```toml block that follows `heading` in the README.
fn readme_block(heading: &str, nth: usize) -> String {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = &readme[readme.find(heading).unwrap_or_else(|| panic!("no {heading}"))..];
    let block = section.split("```toml\n").nth(nth + 1).unwrap();
    block[..block.find("```").unwrap()].to_owned()
}

#[test]
fn the_readme_examples_are_valid() {
    let settings = Settings::parse("README config", &readme_block("## Configuration", 0)).unwrap();
    assert_eq!(settings.keymap, "vim");
    Theme::parse("sea", "README theme", &readme_block("### Themes", 0)).unwrap();
    Keymap::builtin("vim").unwrap().layered("README keymap", &readme_block("### Keymaps", 0)).unwrap();
}

#[test]
fn hub_replicas_are_one_unless_set_and_from_one_to_five() {
    assert_eq!(Settings::default().hub.replicas.get(), 1);
    let three = Settings::parse("config.toml", "[hub]\nreplicas = 3\n").unwrap();
    assert_eq!(three.hub.replicas.get(), 3);
    for bad in ["0", "6", "-1"] {
        let error = Settings::parse("config.toml", &format!("[hub]\nreplicas = {bad}\n")).unwrap_err().to_string();
        assert!(error.starts_with("config.toml:2:12"), "{error}");
    }
    let error = Settings::parse("config.toml", "[hub]\nreplicas = 7\n").unwrap_err().to_string();
    assert!(error.contains("expected 1 to 5 replicas") && error.contains("found 7"), "{error}");
}
