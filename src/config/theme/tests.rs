//! Every built-in theme, user themes, and what a broken theme file says.

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
