//! Choosing the backend: the simulated fleet (`--demo`) or AWS.

use std::sync::Arc;

use color_eyre::Result;
use thiserror::Error;

use crate::cli::Source;
use crate::cloud::sim::{SimConfig, Simulator};
use crate::cloud::{Inventory, Operations, ReadOnly};

/// A reason not to start that the user can act on: printed plainly, without a backtrace.
#[derive(Debug, Error)]
#[error("{0}")]
pub struct StartError(pub String);

/// Both sides of a backend: reads, and writes (refused in read-only mode).
#[derive(Debug, Clone)]
pub struct Backend {
    pub inventory: Arc<dyn Inventory>,
    pub operations: Arc<dyn Operations>,
}

/// The backend the command line asks for; with `read_only`, writes go to `ReadOnly`.
pub fn connect(source: &Source, read_only: bool) -> Result<Backend> {
    let (inventory, operations): (Arc<dyn Inventory>, Arc<dyn Operations>) = if source.demo {
        let sim = Arc::new(simulator(source));
        (Arc::clone(&sim) as Arc<dyn Inventory>, sim)
    } else {
        return Err(not_wired());
    };
    let operations = if read_only { Arc::new(ReadOnly) } else { operations };
    Ok(Backend { inventory, operations })
}

/// The inventory the command line asks for (reads only, e.g. for `check`).
pub fn inventory(source: &Source) -> Result<Arc<dyn Inventory>> {
    connect(source, true).map(|backend| backend.inventory)
}

fn simulator(source: &Source) -> Simulator {
    let config =
        SimConfig { seed: source.seed, speed: source.speed, scenario: source.scenario, fleet_size: source.fleet_size };
    Simulator::new(config)
}

fn not_wired() -> color_eyre::Report {
    StartError(
        "the AWS backend is not wired in yet.\n\nTry the console on the simulated fleet:\n    opsdeck --demo\n    opsdeck --demo --scenario black-friday --speed 30".to_owned(),
    )
    .into()
}

/// Extra words for the header, e.g. the demo scenario and speed.
pub fn detail(source: &Source) -> Option<String> {
    source.demo.then(|| format!("{} ×{}", source.scenario, source.speed))
}
