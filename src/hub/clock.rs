//! The hub's heartbeat and the clock a console on the hub runs on: the hub's clock as of its
//! last heartbeat, moving on at the hub's rate (a simulated fleet may run faster than time).

use std::sync::Mutex;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::cloud::Clock;
use crate::cloud::model::Timestamp;

/// What a hub says every few seconds on its `beat` subject.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Beat {
    /// The hub's clock.
    pub at: Timestamp,
    /// How fast the hub's clock runs (1 but on a fast simulated fleet).
    pub rate: f64,
    /// The regions where the hub polls RDS and Auto Scaling at half rate (a run holds a lock).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub slowed: Vec<String>,
    /// How many consoles share the hub (keys in `OPSDECK_CONSOLES`), which their headers show.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consoles: Option<usize>,
    /// The scopes the hub polls now (holds the lease of): a console judges each scope fresh by
    /// the beats of the hub polling it, not by a standby's. `None` from a hub that does not say,
    /// whose beats count for every scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub polls: Option<Vec<crate::cloud::model::Scope>>,
}

/// The hub's clock, followed from its heartbeats (the wall clock until the first).
#[derive(Debug, Default)]
pub struct HubClock {
    last: Mutex<Option<(Beat, Instant)>>,
}

impl HubClock {
    pub fn beat(&self, beat: Beat) {
        *self.last.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some((beat, Instant::now()));
    }

    /// The hub's clock as of a message it published, while no heartbeat has come (at the
    /// wall clock's rate until one says otherwise).
    pub fn seed(&self, at: Timestamp) {
        let mut last = self.last.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if last.is_none() {
            *last = Some((Beat { at, rate: 1.0, slowed: Vec::new(), consoles: None, polls: None }, Instant::now()));
        }
    }

    fn last(&self) -> Option<(Beat, Instant)> {
        self.last.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }
}

impl Clock for HubClock {
    fn now(&self) -> Timestamp {
        match self.last() {
            None => chrono::Utc::now(),
            Some((beat, seen)) => {
                let elapsed = seen.elapsed().as_secs_f64() * beat.rate;
                beat.at + chrono::Duration::milliseconds((elapsed * 1000.0) as i64)
            }
        }
    }

    fn rate(&self) -> f64 {
        self.last().map_or(1.0, |(beat, _)| beat.rate)
    }
}
