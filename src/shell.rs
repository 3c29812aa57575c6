//! Shell and manual habits: completion scripts (`opsdeck completions SHELL`, clap_complete) and
//! man pages (`opsdeck man`, clap_mangen), generated from the command line's own definition in
//! `cli`, so they always list the flags the binary takes.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::CommandFactory as _;
use clap_complete::Shell;

use crate::cli::Cli;

/// The completion script for `shell`.
pub fn completions(shell: Shell, out: &mut dyn Write) {
    clap_complete::generate(shell, &mut Cli::command(), "opsdeck", out);
}

/// The man page of `opsdeck` itself (every subcommand is listed in it).
pub fn man_page(out: &mut dyn Write) -> io::Result<()> {
    clap_mangen::Man::new(Cli::command()).render(out)
}

/// `opsdeck.1` and a page per subcommand (`opsdeck-check.1`, …) in `dir`, created if missing;
/// the files written.
pub fn man_pages(dir: &Path) -> io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let command = Cli::command();
    clap_mangen::generate_to(command.clone(), dir)?;
    let mut names = vec![format!("{}.1", command.get_name())];
    names.extend(command.get_subcommands().filter(|c| !c.is_hide_set()).map(|c| format!("opsdeck-{}.1", c.get_name())));
    Ok(names.into_iter().map(|name| dir.join(name)).filter(|path| path.is_file()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::ValueEnum as _;

    #[test]
    fn every_shell_gets_a_script_that_knows_the_subcommands() {
        for shell in Shell::value_variants() {
            let mut script = Vec::new();
            completions(*shell, &mut script);
            let script = String::from_utf8(script).unwrap();
            assert!(script.len() > 1000, "{shell}: {script}");
            for word in ["check", "doctor", "iam-policy", "completions", "format"] {
                assert!(script.contains(word), "{shell} misses {word}");
            }
        }
        assert_eq!(Shell::value_variants().len(), 5, "bash, elvish, fish, powershell, zsh");
    }

    #[test]
    fn the_man_page_is_roff_naming_the_subcommands() {
        let mut page = Vec::new();
        man_page(&mut page).unwrap();
        let page = String::from_utf8(page).unwrap();
        assert!(page.starts_with(".ie \\n(.g .ds Aq \\(aq"), "{}", &page[..80]);
        assert!(page.contains(".TH opsdeck 1"), "{page}");
        assert!(page.contains("opsdeck\\-doctor") || page.contains("doctor"), "{page}");
    }
}
