//! `opsdeck hub` from the command line and config.toml, and a console started with `--hub`
//! (or `OPSDECK_HUB`, or `[hub] url`): its reads from the hub, its writes with the operator's
//! own AWS credentials (none given: read-only, saying why), its place in the war room.

use std::sync::Arc;
use std::time::Duration;

use color_eyre::Result;

use super::logging::init_logging;
use crate::backend::{self, Backend, StartError};
use crate::cli::{Cli, HubAction, HubArgs};
use crate::cloud::{Inventory, Operations, ReadOnly};
use crate::config::identity::{self, InUse};
use crate::config::profiles::profiles_in_use;
use crate::config::settings::Settings;
use crate::hub::war::{self, WarRoom};
use crate::hub::{self, HubConfig, HubInventory};

/// How long joining waits for the hub's first heartbeat.
const BEAT_WAIT: Duration = Duration::from_secs(6);

/// The wall time between two of the hub's heartbeats.
const BEAT_EVERY: Duration = Duration::from_secs(5);

/// A console on the hub.
#[derive(Debug)]
pub struct OnHub {
    /// Reads from the hub; writes with the operator's credentials, or refused.
    pub backend: Backend,
    /// The operator's profiles and who they are.
    pub in_use: Vec<InUse>,
    /// Why this console cannot run runbooks, when it cannot.
    pub no_credentials: Option<String>,
    pub detail: Option<String>,
    pub war: Option<WarRoom>,
}

/// The NATS flags as settings (they override `[hub]` of config.toml).
fn flags_auth(flags: &crate::cli::NatsFlags) -> crate::config::hub::NatsAuth {
    crate::config::hub::NatsAuth {
        creds: flags.nats_creds.clone(),
        nkey: flags.nats_nkey.clone(),
        user: flags.nats_user.clone(),
        password: flags.nats_password.clone(),
        token: flags.nats_token.clone(),
        tls_ca: flags.nats_ca.clone(),
        tls_cert: flags.nats_cert.clone(),
        tls_key: flags.nats_key.clone(),
    }
}

/// Whether the command line or the environment names AWS credentials of the operator's.
fn credentials_given(cli: &Cli) -> bool {
    let env = |name: &str| std::env::var(name).is_ok_and(|v| !v.is_empty());
    !cli.source.profiles.is_empty() || env("AWS_PROFILE") || env("AWS_ACCESS_KEY_ID")
}

/// The operator's own AWS credentials, for runbooks: their operations and who they are, or why
/// there are none.
async fn operator(cli: &Cli) -> Result<(Arc<dyn Operations>, Arc<dyn Inventory>), String> {
    if cli.kiosk.is_some() {
        return Err("the wall (--kiosk) never writes".to_owned());
    }
    if !credentials_given(cli) {
        return Err("no AWS credentials given (--profile)".to_owned());
    }
    let aws = backend::aws(&cli.source, cli.timeouts()).await.map_err(|e| {
        format!("fed by the hub; the operator's AWS credentials cannot be used, and runbooks need them: {e}")
    })?;
    let aws = Arc::new(aws);
    Ok((Arc::clone(&aws) as Arc<dyn Operations>, aws as Arc<dyn Inventory>))
}

/// The console on the hub at `url`.
pub async fn backend(url: &str, cli: &Cli, settings: &Settings) -> Result<OnHub, StartError> {
    let auth = settings.hub.auth.clone().or(flags_auth(&cli.nats));
    let joined = hub::join::join(url, &auth, BEAT_WAIT).await.map_err(|e| StartError(e.to_string()))?;
    let stale_after = chrono::Duration::seconds(i64::from(settings.hub.stale_after_secs));
    let mut inventory = HubInventory::new(url, joined, stale_after);
    let (operations, mut no_credentials, in_use) = match operator(cli).await {
        Ok((operations, identities)) => {
            let names = profiles_in_use(false, &cli.source.profiles, &settings.aws, std::env::var("AWS_PROFILE").ok());
            let default = names.first().map_or("default", String::as_str);
            let in_use = identity::in_use(identities.as_ref(), default, &settings.accounts);
            inventory.identities = Some(identities);
            (operations, None, in_use)
        }
        Err(why) => (Arc::new(ReadOnly) as Arc<dyn Operations>, Some(why), Vec::new()),
    };
    let war = match WarRoom::join(url, &auth, &war::origin()).await {
        Ok(war) => Some(war),
        Err(e) => {
            // Without the locks, a run could collide with another console's: none here.
            no_credentials = Some(format!("the war room of the hub cannot be joined ({e}): no runs without its locks"));
            None
        }
    };
    let detail = no_credentials.as_ref().map(|why| format!("({why})"));
    let backend = Backend { inventory: Arc::new(inventory) as Arc<dyn Inventory>, operations };
    Ok(OnHub { backend, in_use, no_credentials, detail, war })
}

/// The shortest interval of the feeds a hub polls.
fn shortest(intervals: &crate::feed::Intervals) -> Duration {
    [intervals.fleet, intervals.metrics, intervals.alarms, intervals.groups, intervals.events]
        .into_iter()
        .min()
        .unwrap_or(Duration::from_secs(30))
}

/// `opsdeck replay nats://…` and `opsdeck timeline nats://…`: what the hub's stream kept
/// between `from` and `to`, as a recording file in the temporary directory (its path).
pub async fn from_stream(
    url: &str,
    cli: &Cli,
    settings: &Settings,
    (from, to): (Option<&str>, Option<&str>),
) -> Result<std::path::PathBuf, StartError> {
    let now = chrono::Utc::now();
    let parse = |flag: &str, t: Option<&str>| {
        t.map(|t| hub::history::when(t, now).map_err(|why| StartError(format!("{flag}: {why}")))).transpose()
    };
    let (from, to) = (parse("--from", from)?, parse("--to", to)?);
    let path = std::env::temp_dir().join(format!("opsdeck-hub-{}.odr", std::process::id()));
    let auth = settings.hub.auth.clone().or(flags_auth(&cli.nats));
    let entries = hub::history::fetch(url, &auth, from, to, &path).await.map_err(|e| StartError(e.to_string()))?;
    if entries == 0 {
        let _ = std::fs::remove_file(&path);
        return Err(StartError(format!(
            "the hub's stream at {} holds nothing in that time",
            hub::inventory::shown(url)
        )));
    }
    Ok(path)
}

/// `opsdeck hub status`: every hub's status; an error when no hub has written one.
async fn print_status(url: &str, auth: &crate::config::hub::NatsAuth) -> Result<(), StartError> {
    let hubs = hub::status::read(url, auth).await.map_err(|e| StartError(e.to_string()))?;
    if hubs.is_empty() {
        return Err(StartError(format!(
            "no hub is running on {} (none wrote its status in the last 30 s)",
            hub::inventory::shown(url)
        )));
    }
    let now = chrono::Utc::now();
    for status in &hubs {
        print!("{}", hub::status::render(status, now));
    }
    Ok(())
}

/// `opsdeck hub --nats URL`: runs until stopped, or until NATS refuses the stream; `opsdeck hub
/// status` prints the hubs' status.
pub async fn run(cli: &Cli, args: &HubArgs, settings: &Settings) -> Result<()> {
    let url = args.nats.clone().or_else(|| settings.hub.url.clone()).ok_or_else(|| {
        StartError(
            "opsdeck hub needs the NATS server: --nats nats://HOST:4222 (or OPSDECK_HUB, or [hub] url)".to_owned(),
        )
    })?;
    let auth = settings.hub.auth.clone().or(flags_auth(&cli.nats));
    if let Some(HubAction::Status) = args.action {
        return Ok(print_status(&url, &auth).await?);
    }
    let source = backend::connect(&cli.source, cli.timeouts()).await?;
    let log = init_logging(cli.log_file.clone())?;
    let hours = args.retention_hours.unwrap_or(settings.hub.retention_hours);
    let config = HubConfig {
        url: url.clone(),
        name: args.name.clone(),
        retention: Duration::from_secs(u64::from(hours) * 3600),
        keyframe_every: chrono::Duration::minutes(i64::from(args.keyframe_minutes)),
        beat_every: BEAT_EVERY,
        intervals: settings.poll.intervals(),
        call_timeout: cli.fetch_timeout(),
        auth,
        lease_ttl: hub::lease::ttl(shortest(&settings.poll.intervals())),
        detail: backend::detail(&cli.source),
        replicas: args.replicas.map_or(settings.hub.replicas.get(), usize::from),
    };
    let scopes = source.inventory.scopes().len();
    eprintln!(
        "opsdeck hub `{}`: polling {scopes} scope(s) of {}, publishing to {} (stream {}, kept {hours} h); log in {}",
        args.name,
        source.inventory.label(),
        hub::inventory::shown(&url),
        hub::STREAM,
        log.display()
    );
    Box::pin(hub::serve(source.inventory, config)).await.map_err(|e| StartError(e.to_string()))?;
    Ok(())
}
