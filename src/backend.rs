//! Choosing the backend: the simulated fleet (`--demo`) or AWS.

use std::sync::Arc;

use color_eyre::Result;
use thiserror::Error;

use crate::cli::Source;
use crate::cloud::aws::{Aws, Settings, Timeouts};
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

impl Backend {
    /// The same reads, with every write refused.
    #[must_use]
    pub fn read_only(self) -> Self {
        Self { inventory: self.inventory, operations: Arc::new(ReadOnly) }
    }
}

/// The backend the command line asks for. Who its credentials are is known once this returns
/// (`Inventory::identity`), so what may be written is decided after, from that.
pub async fn connect(source: &Source, timeouts: Timeouts) -> Result<Backend> {
    let (inventory, operations): (Arc<dyn Inventory>, Arc<dyn Operations>) = if source.demo {
        let sim = Arc::new(simulator(source));
        (Arc::clone(&sim) as Arc<dyn Inventory>, sim)
    } else {
        let aws = Arc::new(aws(source, timeouts).await?);
        (Arc::clone(&aws) as Arc<dyn Inventory>, aws)
    };
    Ok(Backend { inventory, operations })
}

/// Connects to AWS: every `--profile` × `--region` pair (or the defaults of the standard chain).
/// Missing credentials or region and expired SSO sessions stop the start with what to run.
pub async fn aws(source: &Source, timeouts: Timeouts) -> Result<Aws, StartError> {
    let settings = Settings {
        profiles: source.profiles.clone(),
        regions: source.regions.clone(),
        timeouts,
        ..Settings::default()
    };
    Aws::connect(&settings).await.map_err(|error| StartError(format!("{error}.\n\n{}", error.advice())))
}

fn simulator(source: &Source) -> Simulator {
    let config = SimConfig {
        seed: source.seed,
        speed: source.speed,
        scenario: source.scenario,
        fleet_size: source.fleet_size,
        start: source.demo_start,
    };
    Simulator::new(config)
}

/// Extra words for the header, e.g. the demo scenario and speed.
pub fn detail(source: &Source) -> Option<String> {
    source.demo.then(|| format!("{} ×{}", source.scenario, source.speed))
}
