//! Choosing the backend: the simulated fleet (`--demo`) or AWS.

use std::sync::Arc;

use color_eyre::Result;
use thiserror::Error;

use crate::cli::Source;
use crate::cloud::Inventory;
use crate::cloud::sim::{SimConfig, Simulator};

/// A reason not to start that the user can act on: printed plainly, without a backtrace.
#[derive(Debug, Error)]
#[error("{0}")]
pub struct StartError(pub String);

/// The inventory the command line asks for.
pub fn inventory(source: &Source) -> Result<Arc<dyn Inventory>> {
    if source.demo {
        let config = SimConfig {
            seed: source.seed,
            speed: source.speed,
            scenario: source.scenario,
            fleet_size: source.fleet_size,
        };
        return Ok(Arc::new(Simulator::new(config)));
    }
    Err(StartError(
        "the AWS backend is not wired in yet.\n\nTry the console on the simulated fleet:\n    opsdeck --demo\n    opsdeck --demo --scenario black-friday --speed 30".to_owned(),
    )
    .into())
}

/// Extra words for the header, e.g. the demo scenario and speed.
pub fn detail(source: &Source) -> Option<String> {
    source.demo.then(|| format!("{} ×{}", source.scenario, source.speed))
}
