//! Deterministic randomness and the shapes of time: hashing, smooth value noise, the diurnal
//! traffic curve and ramps.
//!
//! Nothing here keeps state. A value is a hash of (seed, resource, channel, minute), and
//! between minute knots it is interpolated, so the same inputs always give the same output and
//! a point at an arbitrary `now` moves continuously instead of jumping once a minute.

use std::f64::consts::PI;

use chrono::DateTime;

use crate::cloud::model::Timestamp;

/// Independent noise streams of one resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Channel {
    Traffic = 1,
    Cpu,
    Connections,
    Storage,
    ReadIops,
    WriteIops,
    Lag,
    Wait,
    Queue,
}

/// The `splitmix64` finaliser: a cheap, well-mixed bijection on `u64`.
pub(super) fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Hashes several words into one; order matters.
pub(super) fn hash(parts: &[u64]) -> u64 {
    parts.iter().fold(0x6A09_E667_F3BC_C908, |acc, &part| mix(acc ^ mix(part)))
}

/// A stable key for a name (FNV-1a, then mixed), so resources keep their noise across runs.
pub(super) fn key_of(name: &str) -> u64 {
    let fnv =
        name.bytes().fold(0xCBF2_9CE4_8422_2325_u64, |acc, b| (acc ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3));
    mix(fnv)
}

/// A hash mapped to `[0, 1)`.
pub(super) fn unit(h: u64) -> f64 {
    (h >> 11) as f64 / (1_u64 << 53) as f64
}

/// A hash mapped to `[lo, hi)`.
pub(super) fn between(h: u64, lo: f64, hi: f64) -> f64 {
    lo + (hi - lo) * unit(h)
}

/// The noise value at one minute knot, in `[-1, 1)`.
pub(super) fn knot(seed: u64, key: u64, channel: Channel, minute: i64) -> f64 {
    2.0 * unit(hash(&[seed, key, channel as u64, minute as u64])) - 1.0
}

/// Smooth noise in `[-1, 1)` at `secs` since the epoch, eased between minute knots.
pub(super) fn noise(seed: u64, key: u64, channel: Channel, secs: f64) -> f64 {
    let minutes = secs / 60.0;
    let minute = minutes.floor();
    let frac = minutes - minute;
    let a = knot(seed, key, channel, minute as i64);
    // Most points sit exactly on a knot; skipping the second hash there halves the work.
    if frac <= 0.0 {
        return a;
    }
    let b = knot(seed, key, channel, minute as i64 + 1);
    a + (b - a) * smoothstep(frac)
}

/// 0 below 0, 1 above 1, eased in between.
pub(super) fn smoothstep(x: f64) -> f64 {
    let x = x.clamp(0.0, 1.0);
    x * x * (3.0 - 2.0 * x)
}

/// `∫₀ˣ smoothstep`, for totals that accumulate under a ramp (storage written, say).
pub(super) fn smoothstep_integral(x: f64) -> f64 {
    if x <= 0.0 {
        0.0
    } else if x < 1.0 {
        x * x * x - x * x * x * x / 2.0
    } else {
        x - 0.5
    }
}

/// How far a change starting at `start` seconds and lasting `length` seconds has got by `tau`.
pub(super) fn ramp(tau: f64, start: f64, length: f64) -> f64 {
    smoothstep((tau - start) / length)
}

/// The daily traffic shape: 0.55 at the 04:00 UTC trough, 1.15 at the 20:00 UTC peak.
///
/// Shoppers climb slowly through the day and leave quickly at night, so the rise takes 16 hours
/// and the fall 8; both halves are cosine arcs, which keeps the curve smooth at the turns.
pub(super) fn diurnal(secs: f64) -> f64 {
    let hour = (secs / 3600.0).rem_euclid(24.0);
    let level = if (4.0..20.0).contains(&hour) {
        0.5 - 0.5 * (PI * (hour - 4.0) / 16.0).cos()
    } else {
        0.5 + 0.5 * (PI * (hour - 20.0).rem_euclid(24.0) / 8.0).cos()
    };
    0.55 + 0.6 * level
}

/// Seconds since the epoch, with millisecond precision.
pub(super) fn secs_of(t: Timestamp) -> f64 {
    t.timestamp_millis() as f64 / 1000.0
}

/// The timestamp `secs` seconds after the epoch.
pub(super) fn at_secs(secs: f64) -> Timestamp {
    DateTime::from_timestamp_millis((secs * 1000.0).round() as i64).unwrap_or_default()
}

/// A UUID-shaped hex string, for KMS keys, secrets and alarm suffixes.
pub(super) fn uuid(h: u64) -> String {
    let (a, b) = (mix(h), mix(h ^ 0x5555));
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xFFFF,
        a & 0xFFF,
        0x8000 | ((b >> 48) & 0x3FFF),
        b & 0xFFFF_FFFF_FFFF
    )
}

/// `len` characters from `alphabet`, drawn from `h`.
pub(super) fn token(h: u64, len: usize, alphabet: &[u8]) -> String {
    (0..len).map(|i| char::from(alphabet[(mix(h ^ i as u64) % alphabet.len() as u64) as usize])).collect()
}

pub(super) const UPPER_ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noise_is_deterministic_bounded_and_continuous() {
        let a = noise(7, 11, Channel::Cpu, 6000.0);
        assert!((a - noise(7, 11, Channel::Cpu, 6000.0)).abs() < f64::EPSILON);
        assert!((a - noise(8, 11, Channel::Cpu, 6000.0)).abs() > f64::EPSILON);
        let mut last = noise(7, 11, Channel::Cpu, 6000.0);
        for step in 1..=600 {
            let value = noise(7, 11, Channel::Cpu, 6000.0 + f64::from(step) * 0.1);
            assert!((-1.0..1.0).contains(&value));
            assert!((value - last).abs() < 0.05, "jump at step {step}");
            last = value;
        }
    }

    #[test]
    fn diurnal_troughs_at_four_and_peaks_at_twenty() {
        let at = |hour: f64| diurnal(hour * 3600.0 + 86_400.0 * 100.0);
        assert!((at(4.0) - 0.55).abs() < 1e-9);
        assert!((at(20.0) - 1.15).abs() < 1e-9);
        assert!(at(12.0) > at(4.0) && at(12.0) < at(20.0));
        assert!(at(0.0) < at(22.0));
    }

    #[test]
    fn integral_matches_the_ramp() {
        let steps = 10_000;
        let sum: f64 = (0..steps).map(|i| smoothstep((f64::from(i) + 0.5) / f64::from(steps))).sum();
        assert!((sum / f64::from(steps) - smoothstep_integral(1.0)).abs() < 1e-6);
        assert!((smoothstep_integral(3.0) - 2.5).abs() < 1e-12);
    }

    #[test]
    fn uuids_look_like_uuids() {
        let id = uuid(99);
        assert_eq!(id.len(), 36);
        assert_eq!(id.matches('-').count(), 4);
        assert_ne!(id, uuid(100));
    }
}
