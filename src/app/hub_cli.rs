//! `opsdeck hub` from the command line and config.toml, and the hub backend of a console
//! started with `--hub` (or `OPSDECK_HUB`, or `[hub] url`).

use std::sync::Arc;
use std::time::Duration;

use color_eyre::Result;

use super::logging::init_logging;
use crate::backend::{self, Backend, StartError};
use crate::cli::{Cli, HubArgs};
use crate::cloud::{Inventory, ReadOnly};
use crate::config::settings::Settings;
use crate::hub::{self, HubConfig, HubInventory};

/// Why a console on the hub is read-only, in its header and when an action key is pressed.
pub const READ_ONLY_BECAUSE: &str = "fed by the hub: runbooks do not run from a hub console yet";

/// How long joining waits for the hub's first heartbeat.
const BEAT_WAIT: Duration = Duration::from_secs(6);

/// The wall time between two of the hub's heartbeats.
const BEAT_EVERY: Duration = Duration::from_secs(5);

/// The reads of a console on the hub at `url`; every write refused.
pub async fn backend(url: &str, settings: &Settings) -> Result<Backend, StartError> {
    let joined = hub::join::join(url, BEAT_WAIT).await.map_err(|e| StartError(e.to_string()))?;
    let stale_after = chrono::Duration::seconds(i64::from(settings.hub.stale_after_secs));
    let inventory = HubInventory::new(url, joined, stale_after);
    Ok(Backend { inventory: Arc::new(inventory) as Arc<dyn Inventory>, operations: Arc::new(ReadOnly) })
}

/// `opsdeck hub --nats URL`: runs until stopped, or until NATS refuses the stream.
pub async fn run(cli: &Cli, args: &HubArgs, settings: &Settings) -> Result<()> {
    let source = backend::connect(&cli.source, cli.timeouts()).await?;
    let log = init_logging(cli.log_file.clone())?;
    let hours = args.retention_hours.unwrap_or(settings.hub.retention_hours);
    let config = HubConfig {
        url: args.nats.clone(),
        name: args.name.clone(),
        retention: Duration::from_secs(u64::from(hours) * 3600),
        keyframe_every: chrono::Duration::minutes(i64::from(args.keyframe_minutes)),
        beat_every: BEAT_EVERY,
        intervals: settings.poll.intervals(),
        call_timeout: cli.fetch_timeout(),
        detail: backend::detail(&cli.source),
    };
    let scopes = source.inventory.scopes().len();
    eprintln!(
        "opsdeck hub `{}`: polling {scopes} scope(s) of {}, publishing to {} (stream {}, kept {hours} h); log in {}",
        args.name,
        source.inventory.label(),
        hub::inventory::shown(&args.nats),
        hub::STREAM,
        log.display()
    );
    hub::serve(source.inventory, config).await.map_err(|e| StartError(e.to_string()))?;
    Ok(())
}
