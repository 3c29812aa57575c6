//! The `opsdeck` binary: parse the command line, set up logging, pick the backend, run the
//! console, and always give the terminal back.

use std::fs::OpenOptions;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use clap::Parser;
use color_eyre::Result;
use color_eyre::eyre::{WrapErr, eyre};
use crossterm::event::EventStream;
use futures_util::StreamExt;
use tokio::sync::mpsc;

use opsdeck::app::{App, Setup};
use opsdeck::cloud::Inventory;
use opsdeck::cloud::sim::{Scenario, SimConfig, Simulator};
use opsdeck::config::keymap::Keymap;
use opsdeck::config::paths;
use opsdeck::config::theme::Theme;
use opsdeck::state::State;

/// A terminal operations console for RDS, Aurora, CloudWatch, Performance Insights and Auto
/// Scaling — on your AWS fleet, or on a built-in simulated one.
#[derive(Debug, Parser)]
#[command(name = "opsdeck", version, about, long_about = None)]
struct Cli {
    /// Run on the built-in simulated fleet instead of AWS (no account needed).
    #[arg(long)]
    demo: bool,

    /// Simulated scenario: steady, black-friday, az-outage or slow-query.
    #[arg(long, value_name = "NAME", default_value = "steady", requires = "demo")]
    scenario: Scenario,

    /// Speed of the simulated clock: 60 makes a virtual minute pass every second.
    #[arg(long, value_name = "X", default_value_t = 1.0, requires = "demo", value_parser = parse_speed)]
    speed: f64,

    /// Seed of the simulated fleet: the same seed gives the same fleet and the same numbers.
    #[arg(long, value_name = "N", default_value_t = 42, requires = "demo")]
    seed: u64,

    /// Grow the simulated fleet to N DB instances (and about N/10 Auto Scaling Groups).
    #[arg(long, value_name = "N", requires = "demo")]
    fleet_size: Option<usize>,

    /// Seconds a single cloud call may take before it counts as failed.
    #[arg(long, value_name = "SECS", default_value_t = 15)]
    call_timeout: u64,

    /// Write the log here instead of the state directory.
    #[arg(long, value_name = "PATH", env = "OPSDECK_LOG_FILE")]
    log_file: Option<PathBuf>,
}

fn parse_speed(raw: &str) -> Result<f64, String> {
    let speed: f64 = raw.parse().map_err(|_| format!("`{raw}` is not a number"))?;
    if speed.is_finite() && speed > 0.0 && speed <= 10_000.0 {
        Ok(speed)
    } else {
        Err("speed must be above 0 and at most 10000".to_owned())
    }
}

/// Logs go to a file, never to the screen the console draws on.
fn init_logging(path: Option<PathBuf>) -> Result<PathBuf> {
    let path = path.unwrap_or_else(|| paths::log_dir().join("opsdeck.log"));
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).wrap_err_with(|| format!("cannot create log directory {}", dir.display()))?;
    }
    let file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .wrap_err_with(|| format!("cannot open log file {}", path.display()))?;
    let filter = tracing_subscriber::EnvFilter::try_from_env("OPSDECK_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt().with_writer(Mutex::new(file)).with_ansi(false).with_env_filter(filter).init();
    Ok(path)
}

fn main() -> Result<()> {
    color_eyre::install()?;
    let cli = Cli::parse();
    if !cli.demo {
        return Err(eyre!(
            "the AWS backend is not wired in yet.\n\nTry the console on the simulated fleet:\n    opsdeck --demo\n    opsdeck --demo --scenario black-friday --speed 30"
        ));
    }
    let log = init_logging(cli.log_file.clone())?;
    tracing::info!(log = %log.display(), ?cli, "starting");
    let theme = Theme::builtin("default")?;
    let keymap = Keymap::builtin("default")?;
    let config = SimConfig { seed: cli.seed, speed: cli.speed, scenario: cli.scenario, fleet_size: cli.fleet_size };
    let inventory: Arc<dyn Inventory> = Arc::new(Simulator::new(config));
    let mut state = State::new(inventory.label(), inventory.scopes());
    state.backend_detail = Some(format!("{} ×{}", cli.scenario, cli.speed));
    let setup = Setup { inventory, theme, keymap, state, call_timeout: Duration::from_secs(cli.call_timeout.max(1)) };
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    runtime.block_on(run(setup))
}

/// Takes the terminal, runs the console, and restores the terminal whatever happened.
async fn run(setup: Setup) -> Result<()> {
    let mut terminal = ratatui::try_init().wrap_err("cannot set up the terminal")?;
    let result = run_console(setup, &mut terminal).await;
    ratatui::restore();
    result
}

async fn run_console(setup: Setup, terminal: &mut ratatui::DefaultTerminal) -> Result<()> {
    let (input_tx, input_rx) = mpsc::unbounded_channel();
    let reader = tokio::spawn(async move {
        let mut stream = EventStream::new();
        while let Some(Ok(event)) = stream.next().await {
            if input_tx.send(event).is_err() {
                break;
            }
        }
    });
    let mut app = App::start(setup, input_rx);
    let size = terminal.size()?;
    app.handle(opsdeck::event::Event::Resize(size.width, size.height));
    let result = app.run(terminal).await;
    reader.abort();
    result
}
