//! Names the git commit in `opsdeck --version` when the crate is built from a git checkout:
//! `OPSDECK_VERSION` is "0.1.0 (git 1a2b3c4)", or the package version alone when git or the
//! repository is not there (a crates.io tarball, a copied tree). Nothing fails either way.

use std::path::PathBuf;
use std::process::Command;

/// `git ARGS` in the crate's folder, trimmed, when git answers.
fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).current_dir(env!("CARGO_MANIFEST_DIR")).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?.trim().to_owned();
    (out.status.success() && !text.is_empty()).then_some(text)
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let version = env!("CARGO_PKG_VERSION");
    let Some(commit) = git(&["rev-parse", "--short", "HEAD"]) else {
        println!("cargo:rustc-env=OPSDECK_VERSION={version}");
        return;
    };
    println!("cargo:rustc-env=OPSDECK_VERSION={version} (git {commit})");
    // Built again when HEAD moves: a checkout, a commit on the branch, a fetch into packed refs.
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut watched = Vec::new();
    if let Some(dir) = git(&["rev-parse", "--git-dir"]) {
        watched.push(root.join(dir).join("HEAD"));
    }
    if let Some(common) = git(&["rev-parse", "--git-common-dir"]) {
        let common = root.join(common);
        watched.push(common.join("packed-refs"));
        if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
            watched.push(common.join(branch));
        }
    }
    for path in watched.into_iter().filter(|p| p.exists()) {
        println!("cargo:rerun-if-changed={}", path.display());
    }
}
