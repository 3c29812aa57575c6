//! The `opsdeck` binary: parse the command line, set up logging, pick the backend, run the
//! console, and always give the terminal back.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use clap::Parser;
use color_eyre::Result;
use color_eyre::eyre::WrapErr;
use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use tokio::sync::mpsc;

use opsdeck::app::{App, Setup, runbook_cli, start};
use opsdeck::backend;
use opsdeck::check;
use opsdeck::cli::{
    AuditAction, CheckArgs, Cli, Command, ConfigAction, ReplayArgs, RunbookAction, SchemaName, TimelineArgs, is_check,
};
use opsdeck::config::ConfigError;
use opsdeck::config::colour::Display;
use opsdeck::config::identity;
use opsdeck::config::keymap::Keymap;
use opsdeck::config::profiles::profiles_in_use;
use opsdeck::config::settings::Settings;
use opsdeck::config::theme::ThemeLoader;
use opsdeck::config::{paths, report, schema};
use opsdeck::doctor;
use opsdeck::owner_only;
use opsdeck::printable;
use opsdeck::record::replay::{Replay, ReplayClock};
use opsdeck::record::{self, Recorder};
use opsdeck::runbook::audit::{AuditLog, print};
use opsdeck::runbook::book::{Library, LoadError};
use opsdeck::state::{Notice, State, Tab, Writes};
use opsdeck::timeline;

fn default_log_file() -> PathBuf {
    paths::log_dir().join("opsdeck.log")
}

/// Logs go to a file, never to the screen the console draws on.
fn init_logging(path: Option<PathBuf>) -> Result<PathBuf> {
    let path = path.unwrap_or_else(default_log_file);
    // Owner-only, like the audit log: it names profiles, resources and runs.
    let file = owner_only::open_append(&path).wrap_err_with(|| format!("cannot open log file {}", path.display()))?;
    let filter = tracing_subscriber::EnvFilter::try_from_env("OPSDECK_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt().with_writer(Mutex::new(file)).with_ansi(false).with_env_filter(filter).init();
    Ok(path)
}

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
        Some(Command::Timeline(args)) => Ok(print_timeline(args, &settings)),
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
        RunbookAction::Show { name, target } => {
            let library = runbooks(settings)?;
            let (backend, _) = connect(cli, settings).await?;
            let thresholds = settings.thresholds.thresholds();
            let inventory = backend.inventory.as_ref();
            runbook_cli::show(inventory, &library, (name, target), thresholds, cli.fetch_timeout()).await
        }
    };
    // A closed pipe (`| head`) is the reader's choice.
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    Ok(ExitCode::from(code))
}

/// The runbooks in use: the built-ins with the config dir's `runbooks/*.toml` over them.
fn runbooks(settings: &Settings) -> Result<Library> {
    let mut library = Library::load(settings.config_dir().as_deref())?;
    library.approval.allow_self = settings.runbooks.allow_self_approval;
    Ok(library)
}

/// `opsdeck check`: one fetch, the report on stdout, the verdict as the exit code. No terminal
/// is taken and nothing is logged, so it runs the same from cron, SSH or a pipe.
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
fn audit_log(cli: &Cli, settings: &Settings) -> AuditLog {
    AuditLog::new(cli.audit_log.clone().or_else(|| settings.audit_log_path()).unwrap_or_else(paths::audit_log))
}

/// `opsdeck config`: the files in use, who the credentials are, and the effective settings.
/// The theme and keymap are loaded as the console would, so a broken one fails here too; the
/// backend is connected as the console would, and why it cannot be is printed, not an error.
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

/// The interactive console: everything that can fail is checked before the terminal is taken.
async fn console(cli: Cli, settings: Settings) -> Result<()> {
    // A broken theme or keymap stops the console here, like a broken config.toml.
    let themes = ThemeLoader::new(settings.config_dir(), Display::detect(settings.colours));
    let theme = themes.load(&settings.theme)?;
    let keymap = Keymap::load(&settings.keymap, settings.config_dir().as_deref())?;
    let runbooks = runbooks(&settings)?;
    // The wall is read-only whatever else was asked.
    let asked = match (cli.read_only || cli.kiosk.is_some(), cli.dry_run) {
        (true, _) => Writes::ReadOnly,
        (false, true) => Writes::DryRun,
        (false, false) => Writes::Allowed,
    };
    let (backend, in_use) = connect(&cli, &settings).await?;
    let warm = start::warm_start(&cli, &settings, backend.inventory.as_ref());
    let recording = start::recording(&cli, &settings, backend.inventory.as_ref())?;
    // A profile or account marked read_only in config.toml is read-only whatever the command
    // line says; the account is the one the credentials are really in.
    let writes = identity::writes(&settings.profiles, &settings.accounts, &in_use, asked);
    let backend = if writes == Writes::ReadOnly { backend.read_only() } else { backend };
    let read_only_because = match identity::read_only_because(&settings.profiles, &settings.accounts, &in_use) {
        _ if cli.kiosk.is_some() => "the wall (--kiosk) never writes".to_owned(),
        _ if cli.read_only => "opsdeck was started with --read-only".to_owned(),
        Some(why) => why,
        None => String::new(),
    };
    let log = init_logging(cli.log_file.clone())?;
    tracing::info!(log = %log.display(), ?cli, theme = %theme.name, ?in_use, ?writes, "starting");
    let mut state = State::new(backend.inventory.label(), backend.inventory.scopes());
    state.session.backend_detail = backend::detail(&cli.source);
    state.session.clock_rate = backend.inventory.clock().rate();
    state.session.thresholds = settings.thresholds.thresholds();
    state.session.intervals = settings.poll.intervals();
    state.session.environment = identity::environment(&settings.profiles, &settings.accounts, &in_use);
    state.session.identities = identity::identities(backend.inventory.as_ref(), &settings.accounts);
    state.session.kiosk = start::kiosk(&cli)?;
    if state.session.kiosk.is_some() {
        // The wall starts on the Overview (a resize moves it into the rotation if need be).
        state.nav.tab = Tab::Overview;
    }
    state.session.ascii = cli.ascii;
    state.session.writes = writes;
    state.session.read_only_because = read_only_because;
    let call_timeout = cli.fetch_timeout();
    // The app records the audit lines it writes, as it does poll results.
    let audit = audit_log(&cli, &settings);
    state.session.operator = opsdeck::runbook::audit::os_user();
    if let Some(recorder) = &recording {
        state.notice =
            Some(Notice::info(format!("recording to {}", printable::escape(&recorder.path().display().to_string()))));
    }
    state.session.posture = settings.posture;
    state.session.themes = themes.names();
    state.session.runbooks = Arc::new(runbooks);
    let operations = backend.operations;
    let mouse = !cli.no_mouse && cli.kiosk.is_none();
    let setup = Setup { inventory: backend.inventory, theme, themes, keymap, state, call_timeout, operations, audit };
    run(setup, mouse, Extras { recorder: recording, replay: None, warm }).await
}

/// `opsdeck replay PATH`: the console on a recording, read-only.
async fn replay(cli: Cli, settings: Settings, args: &ReplayArgs) -> Result<()> {
    let themes = ThemeLoader::new(settings.config_dir(), Display::detect(settings.colours));
    let theme = themes.load(&settings.theme)?;
    let keymap = Keymap::load(&settings.keymap, settings.config_dir().as_deref())?;
    let replay = Arc::new(Replay::open(&args.path).map_err(|e| backend::StartError(e.to_string()))?);
    let clock = replay.replay_clock();
    if let Some(at) = &args.at {
        clock.seek(clock.goto_target(at).map_err(|why| backend::StartError(format!("--at: {why}")))?);
    }
    let log = init_logging(cli.log_file.clone())?;
    tracing::info!(log = %log.display(), path = %args.path.display(), "replaying");
    let inventory: Arc<dyn opsdeck::cloud::Inventory> = Arc::clone(&replay) as Arc<dyn opsdeck::cloud::Inventory>;
    let mut state = State::new(inventory.label(), inventory.scopes());
    let header = replay.header();
    let detail = header.detail.as_ref().map_or_else(String::new, |d| format!(" {d}"));
    state.session.backend_detail = Some(format!("of {}{detail}", header.backend));
    state.session.thresholds = settings.thresholds.thresholds();
    state.session.intervals = settings.poll.intervals();
    state.session.ascii = cli.ascii;
    state.session.writes = Writes::ReadOnly;
    "this is a replay".clone_into(&mut state.session.read_only_because);
    let audit = audit_log(&cli, &settings);
    state.session.posture = settings.posture;
    state.session.themes = themes.names();
    state.notice = replay.torn.as_ref().map(|torn| Notice::warn(printable::escape(torn).into_owned()));
    let operations: Arc<dyn opsdeck::cloud::Operations> = Arc::new(opsdeck::cloud::ReadOnly);
    let call_timeout = cli.fetch_timeout();
    let setup = Setup { inventory, theme, themes, keymap, state, call_timeout, operations, audit };
    run(setup, !cli.no_mouse, Extras { recorder: None, replay: Some((clock, args.path.clone())), warm: None }).await
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

/// What the console runs with besides its setup: a recorder, a replay clock, the last
/// recorded state to start from.
struct Extras {
    recorder: Option<Recorder>,
    /// The replay clock and the recording it replays.
    replay: Option<(Arc<ReplayClock>, std::path::PathBuf)>,
    warm: Option<record::warm::Warm>,
}

/// Connects the backend the command line asks for and learns who its credentials are; a
/// profile whose credentials are in another account than config.toml says stops here, before
/// anything is drawn or sent.
async fn connect(cli: &Cli, settings: &Settings) -> Result<(backend::Backend, Vec<identity::InUse>)> {
    let backend = backend::connect(&cli.source, cli.timeouts()).await?;
    let names =
        profiles_in_use(cli.source.demo, &cli.source.profiles, &settings.aws, std::env::var("AWS_PROFILE").ok());
    let default = names.first().map_or("default", String::as_str);
    let in_use = identity::in_use(backend.inventory.as_ref(), default, &settings.accounts);
    identity::check_accounts(&settings.profiles, &in_use, settings.file.as_deref()).map_err(backend::StartError)?;
    Ok((backend, in_use))
}

/// Takes the terminal, runs the console, and restores the terminal whatever happened.
async fn run(setup: Setup, mouse: bool, extras: Extras) -> Result<()> {
    let mut terminal = opsdeck::terminal::take().wrap_err("cannot set up the terminal")?;
    if mouse {
        // ratatui's own panic hook restores raw mode and the screen; this one gives the mouse
        // back too, so a crash never leaves the terminal swallowing clicks.
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _ = crossterm::execute!(std::io::stdout(), DisableMouseCapture);
            previous(info);
        }));
        crossterm::execute!(std::io::stdout(), EnableMouseCapture).wrap_err("cannot enable the mouse")?;
    }
    let result = run_console(setup, &mut terminal, extras).await;
    if mouse {
        let _ = crossterm::execute!(std::io::stdout(), DisableMouseCapture);
    }
    ratatui::restore();
    result
}

async fn run_console(setup: Setup, terminal: &mut opsdeck::terminal::Console, extras: Extras) -> Result<()> {
    let (input_tx, input_rx) = mpsc::unbounded_channel();
    let reader = opsdeck::event::read_terminal(input_tx);
    let mut app = App::start(setup, input_rx);
    // Before recording starts: the last session's state is not this one's to record again.
    if let Some(warm) = extras.warm {
        app.start_warm(warm);
    }
    if let Some(recorder) = extras.recorder {
        app.record_to(recorder);
    }
    if let Some((clock, path)) = extras.replay {
        app.replay_on(clock, &path);
    }
    forward_stop_signals(app.events());
    let size = terminal.size()?;
    app.handle(opsdeck::event::Event::Resize(size.width, size.height));
    let result = app.run(terminal).await;
    app.stop_recording();
    reader.abort();
    result
}

/// SIGTERM and SIGHUP (a dropped SSH session, a service manager stopping us) end the console
/// as a quit does: runs in progress record themselves abandoned, and the terminal is restored.
fn forward_stop_signals(events: mpsc::UnboundedSender<opsdeck::event::Event>) {
    use signal_hook::consts::{SIGHUP, SIGTERM};
    let mut signals = match signal_hook::iterator::Signals::new([SIGTERM, SIGHUP]) {
        Ok(signals) => signals,
        Err(error) => {
            tracing::warn!(%error, "cannot listen for SIGTERM and SIGHUP");
            return;
        }
    };
    std::thread::spawn(move || {
        for signal in signals.forever() {
            let name = if signal == SIGHUP { "SIGHUP" } else { "SIGTERM" };
            tracing::info!("{name}: the console stops");
            if events.send(opsdeck::event::Event::Stop(format!("{name}: stopping"))).is_err() {
                break;
            }
        }
    });
}
