//! Units as people read them: GiB, seconds ("3m05s") and ages ("2h").

/// Bytes per GiB, for `FreeStorageSpace`.
pub const GIB: f64 = 1024.0 * 1024.0 * 1024.0;

/// Seconds as people read them: "850ms", "42s", "3m05s", "2h10m".
pub fn format_secs(secs: f64) -> String {
    if secs < 1.0 {
        return format!("{:.0}ms", secs * 1000.0);
    }
    let whole = secs.round() as u64;
    match whole {
        s if s < 60 => format!("{s}s"),
        s if s < 3600 => format!("{}m{:02}s", s / 60, s % 60),
        s => format!("{}h{:02}m", s / 3600, (s % 3600) / 60),
    }
}

/// Ages as the screens print them: coarse, so an idle screen does not redraw every second.
pub fn format_age(secs: i64) -> String {
    match secs {
        s if s < 60 => "<1m".to_owned(),
        s if s < 3600 => format!("{}m", s / 60),
        s if s < 86_400 => format!("{}h", s / 3600),
        s => format!("{}d", s / 86_400),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_read_like_people_write_them() {
        assert_eq!(format_secs(0.25), "250ms");
        assert_eq!(format_secs(42.0), "42s");
        assert_eq!(format_secs(185.0), "3m05s");
        assert_eq!(format_secs(7800.0), "2h10m");
    }

    #[test]
    fn ages_are_coarse() {
        assert_eq!(format_age(5), "<1m");
        assert_eq!(format_age(125), "2m");
        assert_eq!(format_age(7300), "2h");
        assert_eq!(format_age(200_000), "2d");
    }
}
