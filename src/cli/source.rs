//! Where the data comes from: the simulated fleet and its flags, or the AWS profiles and regions.

use clap::Args;

use crate::cloud::model::Timestamp;
use crate::cloud::sim::Scenario;

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

    /// Virtual time the simulated fleet starts at (RFC 3339, e.g. 2026-11-27T09:00:00Z), for a
    /// demo or a report that comes out the same on every run. Default: now.
    #[arg(long, value_name = "TIME", value_parser = parse_start, global = true)]
    pub demo_start: Option<Timestamp>,

    /// AWS profile to use; repeat for several accounts. Default: AWS_PROFILE, else `default`.
    #[arg(long = "profile", value_name = "NAME", global = true)]
    pub profiles: Vec<String>,

    /// AWS region to poll; repeat for several. Default: the profile's region (or AWS_REGION).
    /// Every profile × region pair is polled and shown together.
    #[arg(long = "region", value_name = "NAME", global = true)]
    pub regions: Vec<String>,
}

fn parse_speed(raw: &str) -> Result<f64, String> {
    let speed: f64 = raw.parse().map_err(|_| format!("`{raw}` is not a number"))?;
    if speed.is_finite() && speed > 0.0 && speed <= 10_000.0 {
        Ok(speed)
    } else {
        Err("speed must be above 0 and at most 10000".to_owned())
    }
}

fn parse_start(raw: &str) -> Result<Timestamp, String> {
    chrono::DateTime::parse_from_rfc3339(raw)
        .map(|at| at.to_utc())
        .map_err(|error| format!("`{raw}` is not an RFC 3339 time such as 2026-11-27T09:00:00Z ({error})"))
}
