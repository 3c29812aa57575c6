//! What the simulator is asked to play: the seed that fixes every value, how fast virtual time
//! runs, which incident to stage and how large the fleet is.
//!
//! Scenario names are the ones the command line accepts (`--scenario black-friday`), so
//! `FromStr` and `Display` round-trip and `Scenario::ALL` can list them in `--help`.

use std::fmt;
use std::str::FromStr;

use thiserror::Error;

use crate::cloud::model::Timestamp;

/// How to run the simulated fleet.
#[derive(Debug, Clone, PartialEq)]
pub struct SimConfig {
    /// Fixes every simulated value: the same seed at the same virtual time gives the same data.
    pub seed: u64,
    /// Virtual seconds per real second; values that are not positive and finite count as 1.
    pub speed: f64,
    pub scenario: Scenario,
    /// Total DB instances wanted; generated `svc-NNNN-db` instances fill up to it.
    pub fleet_size: Option<usize>,
    /// The virtual time the simulator starts at; `None` starts it now. A fixed start makes a
    /// run repeatable to the datapoint: nightly backup windows, for one, open at fixed times of day.
    pub start: Option<Timestamp>,
}

impl Default for SimConfig {
    fn default() -> Self {
        Self { seed: 42, speed: 1.0, scenario: Scenario::Steady, fleet_size: None, start: None }
    }
}

impl SimConfig {
    /// The speed to run at, falling back to real time when the configured one is unusable.
    pub fn effective_speed(&self) -> f64 {
        if self.speed.is_finite() && self.speed > 0.0 { self.speed } else { 1.0 }
    }
}

/// The incident the simulator stages, timed from the moment it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Scenario {
    #[default]
    Steady,
    BlackFriday,
    AzOutage,
    SlowQuery,
}

impl Scenario {
    pub const ALL: [Self; 4] = [Self::Steady, Self::BlackFriday, Self::AzOutage, Self::SlowQuery];

    /// The name the command line uses.
    pub fn name(self) -> &'static str {
        match self {
            Self::Steady => "steady",
            Self::BlackFriday => "black-friday",
            Self::AzOutage => "az-outage",
            Self::SlowQuery => "slow-query",
        }
    }

    /// One line for `--help`.
    pub fn description(self) -> &'static str {
        match self {
            Self::Steady => "a normal day: diurnal traffic and noise, the legacy instance grumbling",
            Self::BlackFriday => {
                "traffic ramps to x10 over 10 minutes: hot databases, replica lag, ASGs scale out to max"
            }
            Self::AzOutage => {
                "us-east-1a fails after 2 minutes: Multi-AZ failover, Aurora writer moves, ASGs replace instances"
            }
            Self::SlowQuery => "from minute 1 a sequential scan on orders grows to dominate shop-prod-db's load",
        }
    }
}

impl fmt::Display for Scenario {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A scenario name that is not one of [`Scenario::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("unknown scenario `{given}` (expected one of: steady, black-friday, az-outage, slow-query)")]
pub struct UnknownScenario {
    pub given: String,
}

impl FromStr for Scenario {
    type Err = UnknownScenario;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase().replace('_', "-");
        Self::ALL
            .into_iter()
            .find(|scenario| scenario.name() == wanted)
            .ok_or_else(|| UnknownScenario { given: s.to_owned() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for scenario in Scenario::ALL {
            assert_eq!(scenario.to_string().parse::<Scenario>(), Ok(scenario));
            assert!(!scenario.description().is_empty());
        }
        assert_eq!("Black_Friday".parse::<Scenario>(), Ok(Scenario::BlackFriday));
    }

    #[test]
    fn unknown_names_list_the_choices() {
        let err = "meteor".parse::<Scenario>().err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("meteor") && err.contains("az-outage"), "{err}");
    }

    #[test]
    fn unusable_speed_falls_back_to_real_time() {
        let config = SimConfig { speed: f64::NAN, ..SimConfig::default() };
        assert!((config.effective_speed() - 1.0).abs() < f64::EPSILON);
        let config = SimConfig { speed: 30.0, ..SimConfig::default() };
        assert!((config.effective_speed() - 30.0).abs() < f64::EPSILON);
    }
}
