//! What a console starts with besides its backend, from the command line and config.toml: the
//! kiosk of `--kiosk`, the recorder of `--record` (or `[record] enabled`), and the last recorded
//! state to start warm from. Each is checked before the terminal is taken; what stops the start
//! is a `StartError` naming why.

use crate::backend::{self, StartError};
use crate::cli::Cli;
use crate::cloud::Inventory;
use crate::config::settings::Settings;
use crate::record::warm::{self, Warm};
use crate::record::{self, Recorder};
use crate::state::{Kiosk, Tab};

/// The kiosk of `--kiosk` and `--kiosk-tabs`; an unknown tab name stops the start.
pub fn kiosk(cli: &Cli) -> Result<Option<Kiosk>, StartError> {
    let Some(every) = cli.kiosk else { return Ok(None) };
    let mut kiosk = Kiosk::new(every);
    for name in &cli.kiosk_tabs {
        let Some(tab) = Tab::named(name) else {
            let names: Vec<String> = Tab::ALL.iter().map(|t| t.title().to_lowercase()).collect();
            return Err(StartError(format!(
                "unknown tab `{name}` in --kiosk-tabs: expected some of {}",
                names.join(", ")
            )));
        };
        kiosk.tabs.push(tab);
    }
    Ok(Some(kiosk))
}

/// Whether this console records into the recordings folder (`--record` without a path, or
/// `[record] enabled` without `--record`).
fn records_in_folder(cli: &Cli, settings: &Settings) -> bool {
    match &cli.record {
        Some(path) => path.is_none(),
        None => settings.record.enabled,
    }
}

/// With recording on in the recordings folder, the last state the newest recording of this
/// backend holds: drawn at once, stale with its true age, until the console's polls answer.
/// Read it before this session's recording is created: the newest one is the last session's.
pub fn warm_start(cli: &Cli, settings: &Settings, inventory: &dyn Inventory) -> Option<Warm> {
    if !records_in_folder(cli, settings) {
        return None;
    }
    let warm = warm::latest(&settings.record_folder(), &inventory.label(), &inventory.scopes())?;
    tracing::info!(path = %warm.path.display(), recorded = %warm.recorded, "starting warm");
    Some(warm)
}

/// The recorder `--record [PATH]` or `[record] enabled` asks for: PATH, else a new file in the
/// recordings folder (whose old recordings are pruned first).
pub fn recording(cli: &Cli, settings: &Settings, inventory: &dyn Inventory) -> Result<Option<Recorder>, StartError> {
    let path = match &cli.record {
        Some(Some(path)) => path.clone(),
        None if !settings.record.enabled => return Ok(None),
        _ => {
            let folder = settings.record_folder();
            record::folder::prune(&folder, settings.record.retention_hours, std::time::SystemTime::now());
            record::folder::new_path(&folder, chrono::Utc::now())
                .map_err(|e| StartError(format!("cannot create the recordings folder {}: {e}", folder.display())))?
        }
    };
    let header = record::Header::new(
        inventory.clock().now(),
        inventory.label(),
        backend::detail(&cli.source),
        inventory.scopes(),
    );
    Ok(Some(Recorder::start(&path, &header).map_err(|e| StartError(e.to_string()))?))
}
