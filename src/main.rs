//! The `opsdeck` binary: parse the command line, set up logging, pick the backend, run the
//! console, and always give the terminal back.

use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser;
use color_eyre::Result;
use color_eyre::eyre::WrapErr;

use opsdeck::app::launch::{audit_log, connect, console, default_log_file, replay, runbooks};
use opsdeck::app::runbook_cli;
use opsdeck::backend;
use opsdeck::check;
use opsdeck::cli::{
    AuditAction, CheckArgs, Cli, Command, ConfigAction, RunbookAction, SchemaName, TimelineArgs, is_check,
};
use opsdeck::config::ConfigError;
use opsdeck::config::colour::Display;
use opsdeck::config::identity;
use opsdeck::config::keymap::Keymap;
use opsdeck::config::settings::Settings;
use opsdeck::config::theme::ThemeLoader;
use opsdeck::config::{report, schema};
use opsdeck::doctor;
use opsdeck::printable;
use opsdeck::runbook::audit::{AuditLog, print};
use opsdeck::runbook::book::LoadError;
use opsdeck::timeline;

/// jemalloc with one arena (`.cargo/config.toml`) rather than glibc's malloc, which gives each
/// thread that allocates an arena of its own: at 10,000 instances the free space stranded in
/// those arenas was 10 to 15 MiB of the console's resident memory (the console bench).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> Result<ExitCode> {
    color_eyre::install()?;
    let mut cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return Ok(usage_error(&error)),
    };
    // What needs neither the config nor a backend runs even when config.toml is broken.
    if let Some(code) = without_config(cli.command.as_ref())? {
        return Ok(code);
    }
    // A broken config.toml stops everything, before a call is made or the terminal is touched;
    // doctor reports it and goes on with the defaults.
    let settings = match Settings::load(cli.config.as_deref()) {
        Ok(settings) => with_flags(settings, &mut cli),
        Err(error) if matches!(cli.command, Some(Command::Doctor(_))) => {
            let settings = with_flags(Settings::default(), &mut cli);
            let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
            return Ok(runtime.block_on(run_doctor(&cli, &settings, Some(&error))));
        }
        Err(error) => {
            eprintln!("opsdeck: {error}");
            let check = matches!(cli.command, Some(Command::Check(_)));
            return Ok(ExitCode::from(if check { check::EXIT_UNUSABLE } else { 2 }));
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    match runtime.block_on(dispatch(cli, settings)) {
        Ok(code) => Ok(code),
        Err(report) if is_for_the_user(&report) => {
            eprintln!("opsdeck: {report}");
            Ok(ExitCode::from(2))
        }
        Err(report) => Err(report),
    }
}

/// The subcommands that read no config and need no backend: `iam-policy`, `completions`, `man`,
/// `config schema`.
fn without_config(command: Option<&Command>) -> Result<Option<ExitCode>> {
    let mut out = std::io::stdout().lock();
    // A closed pipe (`| head`) is the reader's choice.
    match command {
        Some(Command::IamPolicy(args)) => {
            let _ = out.write_all(opsdeck::iam::render(args)?.as_bytes());
        }
        // Made in memory first: clap_complete panics when its writer fails (a closed pipe).
        Some(Command::Completions { shell }) => {
            let mut script = Vec::new();
            opsdeck::shell::completions(*shell, &mut script);
            let _ = out.write_all(&script);
        }
        Some(Command::Config { action: Some(ConfigAction::Schema { name }) }) => {
            let schema = match name {
                SchemaName::Config => schema::config(),
                SchemaName::Theme => schema::theme(),
                SchemaName::Keymap => schema::keymap(),
            };
            let _ = out.write_all(schema::render(&schema).as_bytes());
        }
        Some(Command::Man { out: None }) => {
            let mut page = Vec::new();
            opsdeck::shell::man_page(&mut page)?;
            let _ = out.write_all(&page);
        }
        Some(Command::Man { out: Some(dir) }) => {
            let written =
                opsdeck::shell::man_pages(dir).wrap_err_with(|| format!("cannot write into {}", dir.display()))?;
            for path in written {
                let _ = writeln!(out, "{}", path.display());
            }
        }
        _ => return Ok(None),
    }
    Ok(Some(ExitCode::SUCCESS))
}

/// The settings with the command line's `--theme` and `--keymap` over them; `[aws]` profiles
/// and regions fill in where the command line names none.
fn with_flags(mut settings: Settings, cli: &mut Cli) -> Settings {
    if let Some(theme) = &cli.theme {
        settings.theme.clone_from(theme);
    }
    if let Some(keymap) = &cli.keymap {
        settings.keymap.clone_from(keymap);
    }
    if cli.source.profiles.is_empty() {
        cli.source.profiles = settings.aws.profiles.iter().map(|p| p.0.clone()).collect();
    }
    if cli.source.regions.is_empty() {
        cli.source.regions = settings.aws.regions.iter().map(|r| r.0.clone()).collect();
    }
    settings
}

/// Prints clap's message; a mistyped `check` exits 4, not clap's 2 (which means critical there).
fn usage_error(error: &clap::Error) -> ExitCode {
    let _ = error.print();
    match u8::try_from(error.exit_code()).unwrap_or(2) {
        0 => ExitCode::SUCCESS,
        _ if is_check(std::env::args_os()) => ExitCode::from(check::EXIT_UNUSABLE),
        code => ExitCode::from(code),
    }
}

/// Errors the user can fix (a bad file, a missing backend) are said plainly, without a trace.
fn is_for_the_user(report: &color_eyre::Report) -> bool {
    report.downcast_ref::<backend::StartError>().is_some()
        || report.downcast_ref::<ConfigError>().is_some()
        || report.downcast_ref::<LoadError>().is_some()
}

/// Runs the subcommand, or the console when there is none.
async fn dispatch(cli: Cli, settings: Settings) -> Result<ExitCode> {
    match &cli.command {
        Some(Command::Audit { action, tail, json }) => {
            audit(&audit_log(&cli, &settings), *action == Some(AuditAction::Verify), *tail, *json)
        }
        Some(Command::Check(args)) => Ok(run_check(&cli, args, &settings).await),
        Some(Command::Config { action: None }) => print_config(&cli, &settings).await,
        Some(Command::Doctor(_)) => Ok(run_doctor(&cli, &settings, None).await),
        // Answered in `main`, before the config is read.
        Some(
            Command::IamPolicy(_)
            | Command::Completions { .. }
            | Command::Man { .. }
            | Command::Config { action: Some(_) },
        ) => Ok(ExitCode::SUCCESS),
        Some(Command::Timeline(args)) => {
            let text = args.path.to_string_lossy().into_owned();
            if !opsdeck::hub::history::is_url(&text) {
                return Ok(print_timeline(args, &settings));
            }
            let range = (args.from.as_deref(), args.to.as_deref());
            let path = opsdeck::app::hub_cli::from_stream(&text, &cli, &settings, range).await?;
            // The stream was read between --from and --to already.
            let args = TimelineArgs { path: path.clone(), from: None, to: None, ..args.clone() };
            let code = print_timeline(&args, &settings);
            let _ = std::fs::remove_file(&path);
            Ok(code)
        }
        Some(Command::Hub(args)) => opsdeck::app::hub_cli::run(&cli, args, &settings).await.map(|()| ExitCode::SUCCESS),
        Some(Command::Runbook { action }) => runbook(&cli, action, &settings).await,
        Some(Command::Replay(args)) => {
            let args = args.clone();
            Box::pin(replay(cli, settings, &args)).await.map(|()| ExitCode::SUCCESS)
        }
        // Boxed: the console's state makes a large future.
        None => Box::pin(console(cli, settings)).await.map(|()| ExitCode::SUCCESS),
    }
}

/// `opsdeck runbook list | show | lint` (see `app::runbook_cli`).
async fn runbook(cli: &Cli, action: &RunbookAction, settings: &Settings) -> Result<ExitCode> {
    let (text, code) = match action {
        RunbookAction::Lint { file } => runbook_cli::lint(file),
        RunbookAction::List => (runbook_cli::list(&runbooks(settings)?), 0),
        RunbookAction::Show { name, target, params } => {
            let library = runbooks(settings)?;
            let (backend, _) = connect(cli, settings).await?;
            let thresholds = settings.thresholds.thresholds();
            let inventory = backend.inventory.as_ref();
            runbook_cli::show(inventory, &library, (name, target, params), thresholds, cli.fetch_timeout()).await
        }
    };
    // A closed pipe (`| head`) is the reader's choice.
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    Ok(ExitCode::from(code))
}

/// The runbooks in use: the built-ins with the config dir's `runbooks/*.toml` over them.
async fn run_check(cli: &Cli, args: &CheckArgs, settings: &Settings) -> ExitCode {
    // A mistyped rule is a usage error: said before anything is asked of AWS.
    let posture = match check::select(&settings.posture, &args.only, &args.skip) {
        Ok(posture) => posture,
        Err(error) => {
            eprintln!("opsdeck: {error}");
            return ExitCode::from(check::EXIT_UNUSABLE);
        }
    };
    let inventory = match connect(cli, settings).await {
        Ok((backend, _)) => backend.inventory,
        Err(error) => {
            eprintln!("opsdeck: {error}");
            return ExitCode::from(check::EXIT_UNUSABLE);
        }
    };
    let thresholds = settings.thresholds.thresholds();
    ExitCode::from(check::run::run(inventory.as_ref(), args, &posture, &thresholds, cli.fetch_timeout()).await)
}

/// `opsdeck doctor`: connects as the console would (what stops the console is reported, not
/// raised), examines every scope, the terminal and the files, and prints the report.
async fn run_doctor(cli: &Cli, settings: &Settings, config_error: Option<&ConfigError>) -> ExitCode {
    let Some(Command::Doctor(args)) = &cli.command else { return ExitCode::from(doctor::EXIT_BROKEN) };
    let paths = doctor::Paths {
        log_file: cli.log_file.clone().unwrap_or_else(default_log_file),
        audit_log: audit_log(cli, settings).path().to_path_buf(),
    };
    let connected = connect(cli, settings).await;
    let backend = connected.as_ref().map(|(b, _)| b.inventory.as_ref()).map_err(ToString::to_string);
    let setup = doctor::Setup { settings, config_error, paths: &paths, timeout: cli.timeouts().operation };
    let report = doctor::examine(backend, setup).await;
    match doctor::render(&report, args.format) {
        Ok(text) => {
            // A closed pipe (`| head`) is the reader's choice.
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
            ExitCode::from(report.exit_code())
        }
        Err(error) => {
            eprintln!("opsdeck: cannot write the report: {error}");
            ExitCode::from(doctor::EXIT_BROKEN)
        }
    }
}

/// The audit log: `--audit-log`, else `audit_log` in config.toml, else the XDG data dir.
async fn print_config(cli: &Cli, settings: &Settings) -> Result<ExitCode> {
    ThemeLoader::new(settings.config_dir(), Display::detect(settings.colours)).load(&settings.theme)?;
    Keymap::load(&settings.keymap, settings.config_dir().as_deref())?;
    runbooks(settings)?;
    let identity = match connect(cli, settings).await {
        Ok((_, in_use)) => identity::report_lines(&in_use),
        Err(error) => {
            let text = format!("not known: {error}");
            text.lines().filter(|l| !l.is_empty()).map(|l| printable::escape(l).into_owned()).collect()
        }
    };
    let files = report::Files {
        log_file: cli.log_file.clone().unwrap_or_else(default_log_file),
        audit_log: audit_log(cli, settings).path().to_path_buf(),
        identity,
    };
    let text = report::render(settings, &files, Display::detect(settings.colours))?;
    // A closed pipe (`| head`) is the reader's choice.
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    Ok(ExitCode::SUCCESS)
}

/// `opsdeck audit` and `opsdeck audit verify` (see `runbook::audit::print`).
fn audit(log: &AuditLog, verify: bool, tail: Option<usize>, json: bool) -> Result<ExitCode> {
    let path = printable::escape(&log.path().display().to_string()).into_owned();
    let code = if verify { print::verify(log) } else { print::entries(log, tail, json) };
    Ok(ExitCode::from(code.wrap_err_with(|| format!("cannot read the audit log {path}"))?))
}

/// `opsdeck timeline PATH`: the incident timeline on stdout; exit 4 when the file cannot be read.
fn print_timeline(args: &TimelineArgs, settings: &Settings) -> ExitCode {
    let span = timeline::Span { from: args.from.clone(), to: args.to.clone() };
    match timeline::export(&args.path, &span, &settings.thresholds.thresholds(), args.format) {
        Ok((text, warning)) => {
            if let Some(warning) = warning {
                eprintln!("opsdeck: {}", printable::escape(&warning));
            }
            // A closed pipe (`| head`) is the reader's choice.
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("opsdeck: {error}");
            ExitCode::from(check::EXIT_UNUSABLE)
        }
    }
}
