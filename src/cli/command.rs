//! The subcommands: what to do instead of opening the console, and the small actions of
//! `config` and `audit` that need no options struct of their own.

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};

use super::check::CheckArgs;
use super::doctor::DoctorArgs;
use super::hub::HubArgs;
use super::iam_policy::IamPolicyArgs;
use super::recording::{ReplayArgs, TimelineArgs};
use super::runbook::RunbookAction;

/// What to do instead of opening the console.
#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Print the audit log of runbook runs; `audit verify` checks that it is whole.
    Audit {
        #[command(subcommand)]
        action: Option<AuditAction>,
        /// Only the last N entries.
        #[arg(long, value_name = "N")]
        tail: Option<usize>,
        /// Print the raw JSON Lines instead of one readable line per entry.
        #[arg(long)]
        json: bool,
    },
    /// Fetch everything once, judge it with the posture and health rules, print a report and
    /// exit 0 (ok), 1 (warnings), 2 (critical), 3 (some data could not be fetched) or 4 (could
    /// not run: bad command line, broken config, no backend). For cron and SSH; needs no TTY.
    Check(CheckArgs),
    /// Print the files in use (config, user themes and keymap, log, audit log) and the
    /// effective settings as TOML: the built-in defaults with config.toml and the flags over
    /// them. Checks the theme and keymap too: exits 2 if anything is broken.
    ///
    /// `config schema NAME` prints the JSON Schema of config.toml, a theme or a keymap, for
    /// editors with a TOML language server (see the README).
    Config {
        #[command(subcommand)]
        action: Option<ConfigAction>,
    },
    /// Run the war-room hub: poll every scope once, as the console would (with --demo, the
    /// simulated fleet), and publish every feed result to NATS JetStream for the consoles
    /// started with `--hub`. Headless (no terminal); runs until stopped.
    Hub(HubArgs),
    /// Print the least-privilege IAM policy opsdeck needs.
    ///
    /// As JSON for IAM: the read-only one (the console and `check`; the default, also with
    /// --read-only), or with --runbooks a statement per runbook with its writes besides. Needs
    /// no config and no AWS.
    IamPolicy(IamPolicyArgs),
    /// Check what the console needs, and say what to fix.
    ///
    /// For every scope the console would poll: the credentials that won and why, the identity, and one cheap call per feed (ok, access
    /// denied naming the IAM action, throttled, network, not applicable); then the terminal
    /// (TERM, colours, UTF-8) and the files (config, theme, keymap, log, audit log). Exits 0
    /// when everything works, 1 when some feed will be missing, 4 when nothing can run.
    Doctor(DoctorArgs),
    /// Print the shell completion script for bash, zsh, fish, elvish or powershell.
    ///
    /// The README says where each shell looks for it.
    Completions {
        #[arg(value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), or write every page into a folder.
    ///
    /// Without --out, opsdeck.1 on stdout; with --out DIR, opsdeck.1 and a page per subcommand
    /// (opsdeck-check.1, ...) in DIR, each file's path printed.
    Man {
        /// The folder to write the pages into (created if missing).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Replay a recording in the console, read-only: space plays or pauses, → and ← move a
    /// minute, + and - change the speed (×1 to ×600), `:goto 14:32` jumps.
    Replay(ReplayArgs),
    /// List, show or check runbooks: the built-ins and the user's `runbooks/*.toml` in the config
    /// dir. `show` prints the plan a runbook would build on a target (no calls are made);
    /// `lint` exits 1 with the file, line and column of what is wrong.
    Runbook {
        #[command(subcommand)]
        action: RunbookAction,
    },
    /// Print the incident timeline of a recording: alarm transitions, scaling activities,
    /// runbook runs and their steps, DB status changes, notes. Exit 0, or 4 when the file
    /// cannot be read.
    Timeline(TimelineArgs),
}

/// What `opsdeck config` does besides printing the files in use.
#[derive(Debug, Clone, Subcommand)]
pub enum ConfigAction {
    /// Print the JSON Schema of config.toml, theme files or keymap files.
    Schema {
        #[arg(value_name = "NAME")]
        name: SchemaName,
    },
}

/// The files there is a JSON Schema for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaName {
    /// config.toml.
    Config,
    /// A theme file, `themes/NAME.toml`.
    Theme,
    /// A keymap file, `keymap.toml`.
    Keymap,
}

/// What `opsdeck audit` does besides printing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Subcommand)]
pub enum AuditAction {
    /// Check every link of the log's chain: exit 0 with a one-line summary when it is whole,
    /// 1 naming the first line that is broken, missing, forked or torn (and the others).
    Verify,
}
