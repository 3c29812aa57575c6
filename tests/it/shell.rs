//! Shell habits, through the built binary: a completion script for every shell clap_complete
//! knows, man pages on stdout and into a folder, and `--version` naming the commit.

use std::process::Command;

use crate::check::{opsdeck, scratch};

#[test]
fn completions_generate_for_every_shell() {
    let home = scratch("completions");
    for (shell, says) in [
        ("bash", "complete -F _opsdeck"),
        ("zsh", "#compdef opsdeck"),
        ("fish", "complete -c opsdeck"),
        ("elvish", "edit:completion:arg-completer[opsdeck]"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = opsdeck(&["completions", shell], &home);
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(out.status.success() && out.stderr.is_empty(), "{shell}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(script.contains(says), "{shell} lacks {says:?}");
        assert!(script.contains("doctor") && script.contains("iam-policy"), "{shell}");
    }
    let out = opsdeck(&["completions", "tcsh"], &home);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("powershell"), "the shells are listed");
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
fn man_pages_go_to_stdout_or_into_a_folder() {
    let home = scratch("man");
    let out = opsdeck(&["man"], &home);
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success() && page.contains(".TH opsdeck 1"), "{page}");
    let dir = home.join("man/man1");
    let out = opsdeck(&["man", "--out", dir.to_str().unwrap()], &home);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let listed: Vec<String> = String::from_utf8(out.stdout).unwrap().lines().map(str::to_owned).collect();
    for name in ["opsdeck.1", "opsdeck-check.1", "opsdeck-doctor.1", "opsdeck-iam-policy.1", "opsdeck-completions.1"] {
        let path = dir.join(name);
        assert!(listed.contains(&path.display().to_string()), "{name} not listed: {listed:?}");
        assert!(std::fs::read_to_string(&path).unwrap().contains(".TH opsdeck"), "{name}");
    }
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
fn the_version_names_the_commit_when_built_from_git() {
    let home = scratch("version");
    let out = opsdeck(&["--version"], &home);
    let version = String::from_utf8(out.stdout).unwrap();
    assert!(
        version.starts_with(&format!("opsdeck {} ", env!("CARGO_PKG_VERSION")))
            || version.trim_end() == format!("opsdeck {}", env!("CARGO_PKG_VERSION")),
        "{version}"
    );
    let in_git =
        Command::new("git").args(["rev-parse", "--short", "HEAD"]).current_dir(env!("CARGO_MANIFEST_DIR")).output();
    if in_git.is_ok_and(|o| o.status.success()) {
        let commit = version.trim_end().strip_suffix(')').and_then(|v| v.split_once("(git ")).map(|(_, c)| c);
        assert!(commit.is_some_and(|c| c.len() >= 7 && c.chars().all(|ch| ch.is_ascii_hexdigit())), "{version}");
    }
    let _ = std::fs::remove_dir_all(&home);
}
