//! The command line: where the data comes from (simulator or AWS) and what to do with it.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

mod nats;
pub use nats::NatsFlags;

use crate::cloud::aws::Timeouts;
use crate::cloud::sim::Scenario;

/// A terminal operations console for RDS, Aurora, CloudWatch, Performance Insights and Auto
/// Scaling — on your AWS fleet, or on a built-in simulated one.
// Command-line switches are independent yes/no answers; an enum would only hide them.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Parser)]
#[command(name = "opsdeck", version = env!("OPSDECK_VERSION"), about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub source: Source,

    /// Settings file [default: config.toml in the XDG config dir, e.g. ~/.config/opsdeck].
    #[arg(long, value_name = "PATH", env = "OPSDECK_CONFIG", global = true)]
    pub config: Option<PathBuf>,

    /// Theme: default, light, warroom, mono, or themes/NAME.toml in the config dir
    /// [default: `theme` in config.toml].
    #[arg(long, value_name = "NAME", global = true)]
    pub theme: Option<String>,

    /// Keymap: default or vim; keymap.toml in the config dir is layered over it
    /// [default: `keymap` in config.toml].
    #[arg(long, value_name = "NAME", global = true)]
    pub keymap: Option<String>,

    /// Never change anything: action keys only explain, and every write is refused.
    #[arg(long, global = true)]
    pub read_only: bool,

    /// Show runbook plans, but never run them.
    #[arg(long, global = true)]
    pub dry_run: bool,

    /// War-room display: read-only, rotates tabs every SECONDS (default 20), ignores every
    /// key but quit, shows a large clock and flashes when an alarm fires.
    #[arg(long, value_name = "SECONDS", num_args = 0..=1, default_missing_value = "20", require_equals = true)]
    pub kiosk: Option<u32>,

    /// The tabs the kiosk rotates through, e.g. `overview,alarms,capacity` [default: the
    /// Overview alone on a terminal of at least 160×45, else every tab].
    #[arg(long, value_name = "TABS", value_delimiter = ',', requires = "kiosk")]
    pub kiosk_tabs: Vec<String>,

    /// Only ASCII on screen: no box drawing, block or braille characters, no symbols.
    #[arg(long)]
    pub ascii: bool,

    /// Leave the mouse to the terminal (keeps text selection working).
    #[arg(long)]
    pub no_mouse: bool,

    /// The audit log of runbook runs (JSON Lines) [default: $XDG_DATA_HOME/opsdeck/audit.jsonl].
    #[arg(long, value_name = "PATH", env = "OPSDECK_AUDIT_LOG", global = true)]
    pub audit_log: Option<PathBuf>,

    /// Seconds one AWS call may take, retries included, before it counts as failed (a feed's
    /// fetch of several pages may take four times that).
    #[arg(long, value_name = "SECS", default_value_t = 15, value_parser = clap::value_parser!(u64).range(1..=600), global = true)]
    pub call_timeout: u64,

    /// Seconds one attempt of an AWS call may take before the SDK retries it.
    #[arg(long, value_name = "SECS", default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..=600), global = true)]
    pub attempt_timeout: u64,

    /// Record what the console sees (every feed result and audit entry) to PATH, or to a new
    /// file in the recordings folder (`[record]` in config.toml) when PATH is left out.
    #[arg(long, value_name = "PATH", num_args = 0..=1)]
    pub record: Option<Option<PathBuf>>,

    /// Read from the war-room hub at URL (`nats://HOST:4222`, `tls://…`, see `opsdeck hub`)
    /// instead of from AWS: no AWS calls of its own; runbooks with the operator's own
    /// credentials (`--profile`) [default: `[hub] url` in config.toml].
    #[arg(long, value_name = "URL", env = "OPSDECK_HUB")]
    pub hub: Option<String>,

    #[command(flatten)]
    pub nats: NatsFlags,

    /// Write the log here instead of the state directory.
    #[arg(long, value_name = "PATH", env = "OPSDECK_LOG_FILE", global = true)]
    pub log_file: Option<PathBuf>,
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

/// Options of `opsdeck doctor`.
#[derive(Debug, Clone, Args)]
pub struct DoctorArgs {
    /// text (for a person, 80 columns) or json (for a script).
    #[arg(long, value_name = "FORMAT", default_value = "text")]
    pub format: DoctorFormat,
}

/// How `opsdeck doctor` prints its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DoctorFormat {
    Text,
    Json,
}

/// Options of `opsdeck hub`.
#[derive(Debug, Clone, Args)]
pub struct HubArgs {
    #[command(subcommand)]
    pub action: Option<HubAction>,
    /// The NATS server (with JetStream) to publish to: `nats://HOST:4222` [default: `[hub] url`].
    #[arg(long, value_name = "URL", env = "OPSDECK_HUB", global = true)]
    pub nats: Option<String>,
    /// This hub's name in its subjects.
    #[arg(long, value_name = "NAME", default_value = "hub")]
    pub name: String,
    /// Hours the stream keeps what was published [default: `[hub] retention_hours`, 48].
    #[arg(long, value_name = "HOURS", value_parser = clap::value_parser!(u32).range(1..=8760))]
    pub retention_hours: Option<u32>,
    /// Minutes of the backend's clock between two keyframes of a feed: a console joining
    /// late reads from its feeds' last keyframes on.
    #[arg(long, value_name = "MINUTES", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=1440))]
    pub keyframe_minutes: u32,
    /// Replicas of the stream and every bucket the hub creates: 3 on a three-node JetStream
    /// cluster [default: `[hub] replicas`, 1].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=5))]
    pub replicas: Option<u8>,
}

/// What `opsdeck hub` does besides running a hub.
#[derive(Debug, Clone, Subcommand)]
pub enum HubAction {
    /// Print every hub's status: its scopes and whether it polls them, the consoles connected,
    /// its calls per minute and the throttled answers per account and region.
    Status,
}

/// Options of `opsdeck iam-policy`.
#[derive(Debug, Clone, Args)]
pub struct IamPolicyArgs {
    /// Add each runbook's actions (scale up, snapshot and its DR copy, the failovers, promote),
    /// a statement per runbook.
    #[arg(long)]
    pub runbooks: bool,

    /// The policy of `opsdeck hub`, which polls once for several consoles: the read-only
    /// policy, as the hub only reads.
    #[arg(long)]
    pub hub: bool,

    /// json (an IAM policy document) or markdown (the README's table: each action and what it
    /// is used for).
    #[arg(long, value_name = "FORMAT", default_value = "json")]
    pub format: PolicyFormat,
}

/// How `opsdeck iam-policy` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PolicyFormat {
    Json,
    Markdown,
}

/// Options of `opsdeck replay`.
#[derive(Debug, Clone, Args)]
pub struct ReplayArgs {
    /// The recording (`.odr`), or the war-room hub's NATS (`nats://HOST:4222`): what its
    /// stream kept between `--from` and `--to`.
    pub path: PathBuf,
    /// Start here: a time of day (14:32, UTC) or a duration from the start (15m).
    #[arg(long, value_name = "T")]
    pub at: Option<String>,
    /// From the hub's stream: from T (RFC 3339, a time of day in UTC, or a duration ago: 2h).
    #[arg(long, value_name = "T")]
    pub from: Option<String>,
    /// From the hub's stream: up to T (as `--from`) [default: now].
    #[arg(long, value_name = "T")]
    pub to: Option<String>,
}

/// Options of `opsdeck timeline`.
#[derive(Debug, Clone, Args)]
pub struct TimelineArgs {
    /// The recording (`.odr`), or the war-room hub's NATS (`nats://HOST:4222`), whose stream
    /// is read between `--from` and `--to` (then RFC 3339, a time of day, or a duration ago).
    pub path: PathBuf,
    /// Leave out what happened before T: a time of day (14:32, UTC) or a duration from the start.
    #[arg(long, value_name = "T")]
    pub from: Option<String>,
    /// Leave out what happened after T (as `--from`).
    #[arg(long, value_name = "T")]
    pub to: Option<String>,
    /// text, markdown (for a post-mortem document) or json.
    #[arg(long, value_name = "FORMAT", default_value = "text")]
    pub format: TimelineFormat,
}

/// How `opsdeck timeline` prints: a story in time has no Prometheus or JUnit shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TimelineFormat {
    Text,
    Markdown,
    Json,
}

/// What `opsdeck runbook` does.
#[derive(Debug, Clone, Subcommand)]
pub enum RunbookAction {
    /// Every runbook: its name, target kind, risk, where it comes from, and its calls.
    List,
    /// The plan NAME would build on the target TARGET as the data is now (no calls are made;
    /// with --demo, on the simulated fleet). Exits 0 when the plan could be confirmed, 1 when a
    /// precondition fails, 4 when it cannot be built.
    Show {
        #[arg(value_name = "NAME")]
        name: String,
        /// The target's identifier: a DB instance, Aurora cluster or Auto Scaling Group.
        #[arg(long, value_name = "ID")]
        target: String,
        /// A parameter's value instead of its default, e.g. `--param start='2026-11-27 06:00'`
        /// or `--param window_desired=40` (repeatable).
        #[arg(long = "param", value_name = "NAME=VALUE", value_parser = param_value)]
        params: Vec<(String, String)>,
    },
    /// Check a runbook file: exit 0 when it is valid, 1 with each error located.
    Lint {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

/// What `opsdeck audit` does besides printing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Subcommand)]
pub enum AuditAction {
    /// Check every link of the log's chain: exit 0 with a one-line summary when it is whole,
    /// 1 naming the first line that is broken, missing, forked or torn (and the others).
    Verify,
}

/// Options of `opsdeck check`.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// text (80 columns, no colour), json (stable shape, see README), markdown (for a ticket),
    /// prometheus (node_exporter's textfile format) or junit (XML for CI).
    #[arg(long, value_name = "FORMAT", default_value = "text")]
    pub format: ReportFormat,

    /// The findings that make the exit code non-zero: critical (warnings exit 0), warn (the
    /// usual exit codes) or never (0 whenever the check ran; 4 still means it could not).
    #[arg(long, value_name = "LEVEL", default_value = "warn")]
    pub fail_on: FailOn,

    /// Judge with these rules only (ids as in config.toml, comma-separated).
    #[arg(long, value_name = "RULE,...", value_delimiter = ',')]
    pub only: Vec<String>,

    /// Leave these rules out (ids as in config.toml, comma-separated).
    #[arg(long, value_name = "RULE,...", value_delimiter = ',')]
    pub skip: Vec<String>,
}

/// How `opsdeck check` prints its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
    Markdown,
    Prometheus,
    Junit,
}

/// Which findings fail `opsdeck check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Only critical findings (and missing data) exit non-zero.
    Critical,
    /// Warnings too: the usual exit codes.
    Warn,
    /// Nothing found fails the check.
    Never,
}

/// Whether a command line that failed to parse was meant for `check`, whose exit codes a cron
/// job reads: clap's usual 2 would read as "critical" there.
pub fn is_check(args: impl IntoIterator<Item = std::ffi::OsString>) -> bool {
    args.into_iter().skip(1).any(|a| a == "check" || a == "timeline")
}

/// Where the data comes from.
#[derive(Debug, Clone, Args)]
pub struct Source {
    /// Run on the built-in simulated fleet instead of AWS (no account needed).
    #[arg(long, global = true)]
    pub demo: bool,

    /// Simulated scenario: steady, black-friday, az-outage or slow-query.
    #[arg(long, value_name = "NAME", default_value = "steady", global = true)]
    pub scenario: Scenario,

    /// Speed of the simulated clock: 60 makes a virtual minute pass every second.
    #[arg(long, value_name = "X", default_value_t = 1.0, value_parser = parse_speed, global = true)]
    pub speed: f64,

    /// Seed of the simulated fleet: the same seed gives the same fleet and the same numbers.
    #[arg(long, value_name = "N", default_value_t = 42, global = true)]
    pub seed: u64,

    /// Grow the simulated fleet to N DB instances (and about N/10 Auto Scaling Groups).
    #[arg(long, value_name = "N", global = true)]
    pub fleet_size: Option<usize>,

    /// AWS profile to use; repeat for several accounts. Default: AWS_PROFILE, else `default`.
    #[arg(long = "profile", value_name = "NAME", global = true)]
    pub profiles: Vec<String>,

    /// AWS region to poll; repeat for several. Default: the profile's region (or AWS_REGION).
    /// Every profile × region pair is polled and shown together.
    #[arg(long = "region", value_name = "NAME", global = true)]
    pub regions: Vec<String>,
}

/// How many calls' time one feed's fetch may take before its poller counts it as hung: a fetch
/// spans several calls (pages, metric batches).
const FETCH_CALLS: u32 = 4;

impl Cli {
    /// The SDK's limits for every AWS call.
    pub fn timeouts(&self) -> Timeouts {
        Timeouts {
            attempt: Duration::from_secs(self.attempt_timeout),
            operation: Duration::from_secs(self.call_timeout),
        }
    }

    /// How long one feed's fetch may take.
    pub fn fetch_timeout(&self) -> Duration {
        self.timeouts().operation.saturating_mul(FETCH_CALLS)
    }
}

fn parse_speed(raw: &str) -> Result<f64, String> {
    let speed: f64 = raw.parse().map_err(|_| format!("`{raw}` is not a number"))?;
    if speed.is_finite() && speed > 0.0 && speed <= 10_000.0 {
        Ok(speed)
    } else {
        Err("speed must be above 0 and at most 10000".to_owned())
    }
}

/// `NAME=VALUE` of `runbook show --param`.
fn param_value(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => Ok((name.trim().to_owned(), value.to_owned())),
        _ => Err(format!("`{text}` is not NAME=VALUE")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    #[test]
    fn profiles_regions_and_timeouts_parse() {
        let args = "opsdeck --profile prod --profile dr --region eu-west-1 --region us-east-1 --attempt-timeout 3";
        let cli = Cli::try_parse_from(args.split(' ')).unwrap();
        assert_eq!(cli.source.profiles, ["prod", "dr"]);
        assert_eq!(cli.source.regions, ["eu-west-1", "us-east-1"]);
        assert_eq!(cli.timeouts(), Timeouts { attempt: Duration::from_secs(3), operation: Duration::from_secs(15) });
        assert_eq!(cli.fetch_timeout(), Duration::from_mins(1));
        assert!(Cli::try_parse_from(["opsdeck", "--call-timeout", "0"]).is_err());
    }

    #[test]
    fn record_takes_a_path_or_none_for_the_recordings_folder() {
        let parse = |args: &[&str]| Cli::try_parse_from(args).unwrap().record;
        assert_eq!(parse(&["opsdeck", "--demo"]), None);
        assert_eq!(parse(&["opsdeck", "--demo", "--record"]), Some(None), "last on the line");
        assert_eq!(parse(&["opsdeck", "--record", "--demo"]), Some(None), "before another flag");
        assert_eq!(parse(&["opsdeck", "--record", "/tmp/x.odr"]), Some(Some(PathBuf::from("/tmp/x.odr"))));
    }

    #[test]
    fn demo_flags_parse() {
        let cli = Cli::try_parse_from(["opsdeck", "--demo", "--scenario", "black-friday", "--speed", "30"]).unwrap();
        assert!(cli.source.demo);
        assert_eq!(cli.source.scenario, Scenario::BlackFriday);
        assert!((cli.source.speed - 30.0).abs() < f64::EPSILON);
    }

    #[test]
    fn check_takes_the_source_flags_after_it() {
        let cli = Cli::try_parse_from(["opsdeck", "check", "--demo", "--format", "json", "--seed", "7"]).unwrap();
        let Some(Command::Check(args)) = cli.command else { panic!("not check") };
        assert_eq!(args.format, ReportFormat::Json);
        assert!(cli.source.demo);
        assert_eq!(cli.source.seed, 7);
        assert_eq!(args.fail_on, FailOn::Warn);
        assert!(Cli::try_parse_from(["opsdeck", "check", "--format", "yaml"]).is_err());
        let cli = "opsdeck check --format prometheus --fail-on critical --only cpu-hgh,no-multi-az --skip a";
        let Some(Command::Check(args)) = Cli::try_parse_from(cli.split(' ')).unwrap().command else { panic!() };
        assert_eq!((args.format, args.fail_on), (ReportFormat::Prometheus, FailOn::Critical));
        assert_eq!(
            (args.only, args.skip),
            (vec!["cpu-hgh".to_owned(), "no-multi-az".to_owned()], vec!["a".to_owned()])
        );
        assert!(is_check(["opsdeck", "--demo", "check"].map(std::ffi::OsString::from)));
        assert!(!is_check(["opsdeck", "--demo"].map(std::ffi::OsString::from)));
    }

    #[test]
    fn audit_prints_or_verifies() {
        let cli = Cli::try_parse_from(["opsdeck", "audit", "--tail", "3"]).unwrap();
        assert!(matches!(cli.command, Some(Command::Audit { action: None, tail: Some(3), json: false })));
        let cli = Cli::try_parse_from(["opsdeck", "audit", "verify", "--audit-log", "/tmp/a.jsonl"]).unwrap();
        assert!(matches!(cli.command, Some(Command::Audit { action: Some(AuditAction::Verify), .. })));
    }

    #[test]
    fn theme_keymap_and_config_parse() {
        let cli = Cli::try_parse_from(["opsdeck", "config", "--theme", "warroom", "--keymap", "vim"]).unwrap();
        assert!(matches!(cli.command, Some(Command::Config { action: None })));
        assert_eq!((cli.theme.as_deref(), cli.keymap.as_deref()), (Some("warroom"), Some("vim")));
    }

    #[test]
    fn runbook_lists_shows_and_lints() {
        let cli = Cli::try_parse_from(["opsdeck", "runbook", "show", "scale-up", "--target", "web", "--demo"]).unwrap();
        let Some(Command::Runbook { action: RunbookAction::Show { name, target, .. } }) = cli.command else { panic!() };
        assert_eq!((name.as_str(), target.as_str()), ("scale-up", "web"));
        let cli = Cli::try_parse_from(["opsdeck", "runbook", "lint", "x.toml"]).unwrap();
        assert!(matches!(cli.command, Some(Command::Runbook { action: RunbookAction::Lint { .. } })));
        assert!(Cli::try_parse_from(["opsdeck", "runbook", "show", "scale-up"]).is_err(), "--target is required");
    }

    #[test]
    fn hub_takes_the_source_flags_and_a_console_takes_a_hub() {
        let cli = "opsdeck hub --nats nats://127.0.0.1:4222 --demo --fleet-size 300 --retention-hours 6";
        let cli = Cli::try_parse_from(cli.split(' ')).unwrap();
        let Some(Command::Hub(args)) = cli.command else { panic!("not hub") };
        assert_eq!(
            (args.nats.as_deref(), args.retention_hours, args.keyframe_minutes),
            (Some("nats://127.0.0.1:4222"), Some(6), 10)
        );
        assert_eq!((cli.source.demo, cli.source.fleet_size), (true, Some(300)));
        assert_eq!(args.replicas, None, "[hub] replicas unless given");
        let cli = Cli::try_parse_from(["opsdeck", "hub", "--demo", "--replicas", "3"]).unwrap();
        let Some(Command::Hub(args)) = cli.command else { panic!("not hub") };
        assert_eq!(args.replicas, Some(3));
        for bad in ["0", "6"] {
            assert!(Cli::try_parse_from(["opsdeck", "hub", "--replicas", bad]).is_err(), "{bad} replicas");
        }
        let cli = Cli::try_parse_from(["opsdeck", "hub", "status", "--nats", "nats://hub:4222"]).unwrap();
        let Some(Command::Hub(args)) = cli.command else { panic!("not hub") };
        assert!(matches!(args.action, Some(HubAction::Status)));
        let cli = Cli::try_parse_from(["opsdeck", "--hub", "nats://hub:4222"]).unwrap();
        assert_eq!(cli.hub.as_deref(), Some("nats://hub:4222"));
    }

    #[test]
    fn bad_speed_and_scenario_are_refused() {
        assert!(Cli::try_parse_from(["opsdeck", "--demo", "--speed", "0"]).is_err());
        assert!(Cli::try_parse_from(["opsdeck", "--demo", "--scenario", "meteor"]).is_err());
    }
}
