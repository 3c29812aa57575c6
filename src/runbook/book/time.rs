//! Times and durations in runbook files: a time parameter's default or given value is a time
//! relative to now (`in 2h`, `in 1h30m`) or a UTC date and time (`2026-11-27 06:00`, with
//! optional seconds, `T` between date and time and a trailing `Z` or ` UTC`); an expression
//! writes durations as numbers with a unit (`12h`, `90m`, `2d`), counted in seconds, so
//! `now + 1h` and `start + 12h` are times. Errors carry the byte offset where they are.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::expr::{ExprError, unit_secs};
use crate::cloud::model::Timestamp;

/// A time as written: from now, or at a fixed instant.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum When {
    /// Seconds from now.
    In(f64),
    At(Timestamp),
}

fn err<T>(offset: usize, message: impl Into<String>) -> Result<T, ExprError> {
    Err(ExprError { offset, message: message.into() })
}

/// Whether a text is meant as a time rather than an expression: `in …` or a date.
pub fn looks_like_time(text: &str) -> bool {
    let b = text.trim_start().as_bytes();
    text.trim_start().starts_with("in ") || (b.len() >= 5 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-')
}

/// A duration such as `2h`, `1h30m`, `90s` or `2d`, in seconds; `offset` locates errors.
pub fn duration(text: &str, offset: usize) -> Result<f64, ExprError> {
    const EXPECTED: &str = "expected a duration such as 2h, 90m or 1h30m";
    let bytes = text.as_bytes();
    let (mut i, mut total) = (0, 0.0);
    if bytes.is_empty() {
        return err(offset, EXPECTED);
    }
    while i < bytes.len() {
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let Some(unit) = bytes.get(i).copied().and_then(unit_secs).filter(|_| i > start) else {
            return err(offset + i, EXPECTED);
        };
        let n: f64 =
            text[start..i].parse().map_err(|_| ExprError { offset: offset + start, message: EXPECTED.into() })?;
        total += n * unit;
        i += 1;
    }
    Ok(total)
}

fn number(
    text: &str,
    at: usize,
    len: usize,
    what: &str,
    range: std::ops::RangeInclusive<u32>,
) -> Result<u32, ExprError> {
    let part = text.get(at..at + len).filter(|p| p.bytes().all(|b| b.is_ascii_digit()));
    match part.and_then(|p| p.parse::<u32>().ok()) {
        Some(n) if range.contains(&n) => Ok(n),
        Some(n) => err(at, format!("{what} {n} is not {:02}–{:02}", range.start(), range.end())),
        None => err(at.min(text.len()), format!("expected the {what} ({len} digits) in YYYY-MM-DD HH:MM")),
    }
}

fn separator(text: &str, at: usize, allowed: &[u8], what: &str) -> Result<(), ExprError> {
    if text.as_bytes().get(at).is_some_and(|b| allowed.contains(b)) {
        Ok(())
    } else {
        err(at.min(text.len()), what.to_owned())
    }
}

/// A UTC date and time: `2026-11-27 06:00`, `2026-11-27T06:00:30Z`, `2026-11-27 06:00 UTC`.
fn instant(text: &str) -> Result<Timestamp, ExprError> {
    let year = number(text, 0, 4, "year", 1970..=9999)?;
    separator(text, 4, b"-", "expected `-` after the year")?;
    let month = number(text, 5, 2, "month", 1..=12)?;
    separator(text, 7, b"-", "expected `-` after the month")?;
    let day = number(text, 8, 2, "day", 1..=31)?;
    separator(text, 10, b" T", "expected a space or `T` before the time (HH:MM, UTC)")?;
    let hour = number(text, 11, 2, "hour", 0..=23)?;
    separator(text, 13, b":", "expected `:` after the hour")?;
    let minute = number(text, 14, 2, "minute", 0..=59)?;
    let (mut i, mut second) = (16, 0);
    if text.as_bytes().get(i) == Some(&b':') {
        second = number(text, 17, 2, "second", 0..=59)?;
        i = 19;
    }
    match &text[i..] {
        "" | "Z" | " UTC" => {}
        _ => return err(i, "expected nothing after the time but `Z` or ` UTC` (times are UTC)"),
    }
    let Some(date) = i32::try_from(year).ok().and_then(|y| NaiveDate::from_ymd_opt(y, month, day)) else {
        return err(0, format!("{year}-{month:02}-{day:02} is not a date"));
    };
    let time =
        NaiveTime::from_hms_opt(hour, minute, second).ok_or(ExprError { offset: 11, message: "not a time".into() })?;
    Ok(NaiveDateTime::new(date, time).and_utc())
}

/// Parses a time as written in a file or given for a parameter.
pub fn parse(text: &str) -> Result<When, ExprError> {
    let lead = text.len() - text.trim_start().len();
    let body = text.trim();
    if let Some(rest) = body.strip_prefix("in ") {
        let skip = rest.len() - rest.trim_start().len();
        return duration(rest.trim_start(), lead + 3 + skip).map(When::In);
    }
    instant(body).map(When::At).map_err(|e| ExprError { offset: e.offset + lead, ..e })
}

/// A time as plans and effects show it: "2026-11-27 06:00 UTC", seconds only when not zero.
pub fn show(t: Timestamp) -> String {
    if t.timestamp() % 60 == 0 { t.format("%F %H:%M UTC").to_string() } else { t.format("%F %T UTC").to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(text: &str) -> Timestamp {
        match parse(text) {
            Ok(When::At(t)) => t,
            other => panic!("{text}: {other:?}"),
        }
    }

    fn error(text: &str) -> (usize, String) {
        let e = parse(text).unwrap_err();
        (e.offset, e.message)
    }

    #[test]
    fn relative_and_absolute_times_parse() {
        assert_eq!(parse("in 2h").unwrap(), When::In(7200.0));
        assert_eq!(parse("in 1h30m").unwrap(), When::In(5400.0));
        assert_eq!(parse(" in  2d").unwrap(), When::In(172_800.0));
        let six = chrono::Utc.with_ymd_and_hms(2026, 11, 27, 6, 0, 0).unwrap();
        assert_eq!(at("2026-11-27 06:00"), six);
        assert_eq!(at("2026-11-27T06:00:00Z"), six);
        assert_eq!(at("2026-11-27 06:00 UTC"), six);
        assert_eq!(show(six), "2026-11-27 06:00 UTC");
        assert_eq!(show(six + chrono::Duration::seconds(5)), "2026-11-27 06:00:05 UTC");
        assert!(looks_like_time("in 2h") && looks_like_time("2026-11-27 06:00") && !looks_like_time("now + 1h"));
    }

    #[test]
    fn errors_say_where() {
        assert_eq!(error("in 2x").0, 4);
        assert_eq!(error("in h").0, 3);
        assert_eq!(error("2026-13-27 06:00"), (5, "month 13 is not 01–12".to_owned()));
        assert_eq!(error("2026-11-27 24:00"), (11, "hour 24 is not 00–23".to_owned()));
        assert_eq!(error("2026-02-30 06:00"), (0, "2026-02-30 is not a date".to_owned()));
        assert_eq!(error("2026-11-27 06:00 CET").0, 16);
        assert_eq!(error("2026-11-27").0, 10);
        assert_eq!(duration("12h", 0).ok(), Some(43_200.0));
    }
}
