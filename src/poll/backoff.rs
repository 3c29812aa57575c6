//! Backoff and jitter: how long a poller waits after a failure, and how pollers' waits are
//! spread apart. The jitter is a hash of a salt and the attempt rather than a random number, so
//! that the same poller waits the same way every run and tests can pin the waits down.

use std::time::Duration;

/// The longest a throttled or unreachable feed waits between attempts.
const MAX_BACKOFF: Duration = Duration::from_mins(5);

/// A factor in 0.8..1.2, the same for the same (salt, n): spreads pollers apart without a
/// random source (splitmix64).
pub(super) fn jitter(salt: u64, n: u32) -> f64 {
    let mut z = salt.wrapping_add(u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    0.8 + 0.4 * ((z ^ (z >> 31)) % 1000) as f64 / 1000.0
}

/// Exponential backoff with deterministic jitter (±20 %), reset by a success.
#[derive(Debug, Clone)]
pub struct Backoff {
    base: Duration,
    failures: u32,
    salt: u64,
}

impl Backoff {
    pub fn new(base: Duration, salt: u64) -> Self {
        Self { base, failures: 0, salt }
    }

    /// The wait after one more failure.
    pub fn next_delay(&mut self) -> Duration {
        self.failures = self.failures.saturating_add(1);
        let factor = 2u32.saturating_pow(self.failures.min(10));
        let raw = self.base.saturating_mul(factor).min(MAX_BACKOFF);
        raw.mul_f64(jitter(self.salt, self.failures))
    }

    pub fn reset(&mut self) {
        self.failures = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_caps_and_resets() {
        let mut backoff = Backoff::new(Duration::from_secs(10), 7);
        let first = backoff.next_delay();
        assert!(first >= Duration::from_secs(16) && first <= Duration::from_secs(24), "{first:?}");
        let second = backoff.next_delay();
        assert!(second > first);
        for _ in 0..20 {
            assert!(backoff.next_delay() <= MAX_BACKOFF.mul_f64(1.2));
        }
        backoff.reset();
        assert!(backoff.next_delay() <= Duration::from_secs(24));
    }
}
