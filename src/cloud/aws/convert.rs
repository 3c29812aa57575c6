//! Small conversions between SDK primitives and domain values: timestamps, and the `i32` counts
//! AWS models that the domain keeps unsigned. A value AWS omitted stays `None`.

use aws_smithy_types::DateTime;

use crate::cloud::model::Timestamp;

/// An SDK timestamp as a domain timestamp.
pub fn time(t: &DateTime) -> Option<Timestamp> {
    Timestamp::from_timestamp(t.secs(), t.subsec_nanos())
}

/// An optional SDK timestamp as a domain timestamp.
pub fn opt_time(t: Option<&DateTime>) -> Option<Timestamp> {
    t.and_then(time)
}

/// A domain timestamp as an SDK timestamp (whole seconds: what every API here works in).
pub fn sdk_time(t: Timestamp) -> DateTime {
    DateTime::from_secs(t.timestamp())
}

/// A count AWS models as `i32`; negative values (never sent) become `None`.
pub fn count(n: Option<i32>) -> Option<u32> {
    n.and_then(|n| u32::try_from(n).ok())
}

/// Seconds since the epoch floored to a multiple of `period`.
pub fn floor_to(secs: i64, period: i64) -> i64 {
    secs.div_euclid(period) * period
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_round_trip_and_counts_stay_honest() {
        let t = DateTime::from_secs(1_795_000_000);
        let domain = time(&t);
        assert_eq!(domain.map(|d| d.timestamp()), Some(1_795_000_000));
        assert_eq!(domain.map(sdk_time), Some(t));
        assert_eq!(count(Some(7)), Some(7));
        assert_eq!(count(Some(-1)), None);
        assert_eq!(count(None), None);
        assert_eq!(floor_to(125, 60), 120);
        assert_eq!(floor_to(-5, 60), -60);
    }
}
