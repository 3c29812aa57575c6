//! The command line: where the data comes from (simulator or AWS) and what to do with it.

use std::path::PathBuf;

use clap::{Args, Parser};

use crate::cloud::sim::Scenario;

/// A terminal operations console for RDS, Aurora, CloudWatch, Performance Insights and Auto
/// Scaling — on your AWS fleet, or on a built-in simulated one.
#[derive(Debug, Parser)]
#[command(name = "opsdeck", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub source: Source,

    /// Seconds a single cloud call may take before it counts as failed.
    #[arg(long, value_name = "SECS", default_value_t = 15, global = true)]
    pub call_timeout: u64,

    /// Write the log here instead of the state directory.
    #[arg(long, value_name = "PATH", env = "OPSDECK_LOG_FILE", global = true)]
    pub log_file: Option<PathBuf>,
}

/// Where the data comes from.
#[derive(Debug, Clone, Args)]
pub struct Source {
    /// Run on the built-in simulated fleet instead of AWS (no account needed).
    #[arg(long, global = true)]
    pub demo: bool,

    /// Simulated scenario: steady, black-friday, az-outage or slow-query.
    #[arg(long, value_name = "NAME", default_value = "steady", global = true)]
    pub scenario: Scenario,

    /// Speed of the simulated clock: 60 makes a virtual minute pass every second.
    #[arg(long, value_name = "X", default_value_t = 1.0, value_parser = parse_speed, global = true)]
    pub speed: f64,

    /// Seed of the simulated fleet: the same seed gives the same fleet and the same numbers.
    #[arg(long, value_name = "N", default_value_t = 42, global = true)]
    pub seed: u64,

    /// Grow the simulated fleet to N DB instances (and about N/10 Auto Scaling Groups).
    #[arg(long, value_name = "N", global = true)]
    pub fleet_size: Option<usize>,
}

fn parse_speed(raw: &str) -> Result<f64, String> {
    let speed: f64 = raw.parse().map_err(|_| format!("`{raw}` is not a number"))?;
    if speed.is_finite() && speed > 0.0 && speed <= 10_000.0 {
        Ok(speed)
    } else {
        Err("speed must be above 0 and at most 10000".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    #[test]
    fn demo_flags_parse() {
        let cli = Cli::try_parse_from(["opsdeck", "--demo", "--scenario", "black-friday", "--speed", "30"]).unwrap();
        assert!(cli.source.demo);
        assert_eq!(cli.source.scenario, Scenario::BlackFriday);
        assert!((cli.source.speed - 30.0).abs() < f64::EPSILON);
    }

    #[test]
    fn bad_speed_and_scenario_are_refused() {
        assert!(Cli::try_parse_from(["opsdeck", "--demo", "--speed", "0"]).is_err());
        assert!(Cli::try_parse_from(["opsdeck", "--demo", "--scenario", "meteor"]).is_err());
    }
}
