//! Starting the console: the checks that can stop it before the terminal is touched (theme,
//! keymap, runbooks, the account the credentials are in), the state it starts from, and the
//! log file; for live data (`console`) and for a recording (`replay`).

use std::sync::Arc;

use color_eyre::Result;

use super::Setup;
use super::session::{Extras, run};
use super::start;
use crate::backend;
use crate::cli::{Cli, ReplayArgs};
use crate::config::colour::Display;
use crate::config::identity;
use crate::config::keymap::Keymap;
use crate::config::paths;
use crate::config::profiles::profiles_in_use;
use crate::config::settings::Settings;
use crate::config::theme::ThemeLoader;
use crate::printable;
use crate::record::replay::Replay;
use crate::runbook::audit::AuditLog;
use crate::runbook::book::Library;
use crate::state::{Notice, State, Tab, Writes};

pub use super::logging::{default_log_file, init_logging};

pub fn audit_log(cli: &Cli, settings: &Settings) -> AuditLog {
    AuditLog::new(cli.audit_log.clone().or_else(|| settings.audit_log_path()).unwrap_or_else(paths::audit_log))
}

/// `opsdeck config`: the files in use, who the credentials are, and the effective settings.
/// The theme and keymap are loaded as the console would, so a broken one fails here too; the
/// backend is connected as the console would, and why it cannot be is printed, not an error.
pub fn runbooks(settings: &Settings) -> Result<Library> {
    let mut library = Library::load(settings.config_dir().as_deref())?;
    library.approval.allow_self = settings.runbooks.allow_self_approval;
    Ok(library)
}

/// `opsdeck check`: one fetch, the report on stdout, the verdict as the exit code. No terminal
/// is taken and nothing is logged, so it runs the same from cron, SSH or a pipe.
/// The interactive console: everything that can fail is checked before the terminal is taken.
pub async fn console(cli: Cli, settings: Settings) -> Result<()> {
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
    let hub = cli.hub.clone().or_else(|| settings.hub.url.clone());
    let (backend, in_use, on_hub) = if let Some(url) = &hub {
        let on_hub = super::hub_cli::backend(url, &cli, &settings).await?;
        (on_hub.backend.clone(), on_hub.in_use.clone(), Some(on_hub))
    } else {
        let (backend, in_use) = connect(&cli, &settings).await?;
        (backend, in_use, None)
    };
    let warm = start::warm_start(&cli, &settings, backend.inventory.as_ref());
    let recording = start::recording(&cli, &settings, backend.inventory.as_ref())?;
    // A profile or account marked read_only in config.toml is read-only whatever the command
    // line says; the account is the one the credentials are really in.
    let writes = match &on_hub {
        Some(on_hub) if on_hub.no_credentials.is_some() => Writes::ReadOnly,
        _ => identity::writes(&settings.profiles, &settings.accounts, &in_use, asked),
    };
    let backend = if writes == Writes::ReadOnly { backend.read_only() } else { backend };
    let read_only_because = match identity::read_only_because(&settings.profiles, &settings.accounts, &in_use) {
        _ if on_hub.as_ref().is_some_and(|h| h.no_credentials.is_some()) => {
            on_hub.as_ref().and_then(|h| h.no_credentials.clone()).unwrap_or_default()
        }
        _ if cli.kiosk.is_some() => "the wall (--kiosk) never writes".to_owned(),
        _ if cli.read_only => "opsdeck was started with --read-only".to_owned(),
        Some(why) => why,
        None => String::new(),
    };
    let log = init_logging(cli.log_file.clone())?;
    tracing::info!(log = %log.display(), ?cli, theme = %theme.name, ?in_use, ?writes, "starting");
    let mut state = State::new(backend.inventory.label(), backend.inventory.scopes());
    state.session.backend_detail = match &on_hub {
        Some(on_hub) => on_hub.detail.clone(),
        None => backend::detail(&cli.source),
    };
    let war = on_hub.and_then(|h| h.war);
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
    state.session.operator = crate::runbook::audit::os_user();
    if let Some(recorder) = &recording {
        state.notice =
            Some(Notice::info(format!("recording to {}", printable::escape(&recorder.path().display().to_string()))));
    }
    state.session.posture = settings.posture;
    state.session.themes = themes.names();
    state.session.runbooks = Arc::new(runbooks);
    let operations = backend.operations;
    let mouse = !cli.no_mouse && cli.kiosk.is_none();
    let setup = Setup { inventory: backend.inventory, theme, keymap, state, call_timeout, operations, audit, themes };
    Box::pin(run(setup, mouse, Extras { recorder: recording, replay: None, warm, war })).await
}

/// `opsdeck replay PATH`: the console on a recording, read-only.
pub async fn replay(cli: Cli, settings: Settings, args: &ReplayArgs) -> Result<()> {
    let text = args.path.to_string_lossy().into_owned();
    let mut args = args.clone();
    if crate::hub::history::is_url(&text) {
        let range = (args.from.as_deref(), args.to.as_deref());
        args.path = super::hub_cli::from_stream(&text, &cli, &settings, range).await?;
    } else if args.from.is_some() || args.to.is_some() {
        return Err(
            backend::StartError("--from and --to are for the hub's stream (nats://…); use --at".to_owned()).into()
        );
    }
    let args = &args;
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
    let inventory: Arc<dyn crate::cloud::Inventory> = Arc::clone(&replay) as Arc<dyn crate::cloud::Inventory>;
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
    let operations: Arc<dyn crate::cloud::Operations> = Arc::new(crate::cloud::ReadOnly);
    let call_timeout = cli.fetch_timeout();
    let setup = Setup { inventory, theme, keymap, state, call_timeout, operations, audit, themes };
    Box::pin(run(
        setup,
        !cli.no_mouse,
        Extras { recorder: None, replay: Some((clock, args.path.clone())), warm: None, war: None },
    ))
    .await
}

/// Connects the backend the command line asks for and learns who its credentials are; a
/// profile whose credentials are in another account than config.toml says stops here, before
/// anything is drawn or sent.
pub async fn connect(cli: &Cli, settings: &Settings) -> Result<(backend::Backend, Vec<identity::InUse>)> {
    let backend = backend::connect(&cli.source, cli.timeouts()).await?;
    let names =
        profiles_in_use(cli.source.demo, &cli.source.profiles, &settings.aws, std::env::var("AWS_PROFILE").ok());
    let default = names.first().map_or("default", String::as_str);
    let in_use = identity::in_use(backend.inventory.as_ref(), default, &settings.accounts);
    identity::check_accounts(&settings.profiles, &in_use, settings.file.as_deref()).map_err(backend::StartError)?;
    Ok((backend, in_use))
}
