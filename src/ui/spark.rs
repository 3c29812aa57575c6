//! Text sparklines and bars: a metric history or a share drawn with block characters, so it can
//! sit inside a table cell or a line of text and be cut like any other string.
//!
//! Everything here is computed for one visible cell at a time; nothing walks a whole table.

/// Eight heights of a vertical bar, lowest first.
pub const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// Seven widths of a partial horizontal bar cell, narrowest first.
const EIGHTHS: [char; 7] = ['▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/// A sparkline of at most `width` cells. When there are more points than cells, each cell shows
/// the highest point it covers: a short spike of lag is what the reader is looking for.
/// `ceiling` fixes the top of the scale (100 for percentages); otherwise the series' own peak.
pub fn sparkline(values: &[f64], width: usize, ceiling: Option<f64>) -> String {
    if values.is_empty() || width == 0 {
        return String::new();
    }
    let cells = resample_max(values, width);
    let top = ceiling.unwrap_or_else(|| cells.iter().copied().fold(0.0, f64::max));
    cells.iter().map(|&v| bar_char(v, top)).collect()
}

fn bar_char(value: f64, top: f64) -> char {
    if top <= 0.0 || !value.is_finite() {
        return BARS[0];
    }
    let level = (value / top * 7.0).round().clamp(0.0, 7.0);
    BARS[level as usize]
}

/// Groups `values` into at most `cells` buckets, keeping each bucket's maximum.
fn resample_max(values: &[f64], cells: usize) -> Vec<f64> {
    let n = values.len();
    if n <= cells {
        return values.to_vec();
    }
    (0..cells)
        .map(|i| {
            let (from, to) = (i * n / cells, ((i + 1) * n / cells).max(i * n / cells + 1));
            values[from..to.min(n)].iter().copied().fold(f64::NEG_INFINITY, f64::max)
        })
        .collect()
}

/// The lowest and highest finite value, if any.
pub fn min_max(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    values.filter(|v| v.is_finite()).fold(None, |acc, v| match acc {
        None => Some((v, v)),
        Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
    })
}

/// A horizontal bar `fraction` (0–1) of `width` cells long, with eighth-cell precision.
pub fn bar(fraction: f64, width: usize) -> String {
    let eighths = (fraction.clamp(0.0, 1.0) * width as f64 * 8.0).round() as usize;
    let mut out: String = "█".repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        out.push(EIGHTHS[eighths % 8 - 1]);
    }
    out
}

/// The cells of a capacity gauge, in order: in service, wanted but not yet in service, and
/// headroom up to max. Scaled to `width` cells of the group's max size.
pub fn gauge(in_service: u32, desired: u32, max: u32, width: usize) -> (usize, usize, usize) {
    if width == 0 {
        return (0, 0, 0);
    }
    let scale = |n: u32| -> usize {
        if max == 0 { 0 } else { ((f64::from(n.min(max)) * width as f64 / f64::from(max)).round() as usize).min(width) }
    };
    let on = scale(in_service);
    let wanted = scale(desired).max(on);
    (on, wanted - on, width - wanted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparkline_keeps_spikes_when_squeezed() {
        let mut values = vec![0.0; 60];
        values[31] = 10.0;
        let line = sparkline(&values, 30, None);
        assert_eq!(line.chars().count(), 30);
        assert_eq!(line.chars().nth(15), Some('█'));
        assert_eq!(line.chars().filter(|&c| c == '▁').count(), 29);
    }

    #[test]
    fn flat_zero_series_is_a_floor_not_blank() {
        assert_eq!(sparkline(&[0.0, 0.0, 0.0], 10, None), "▁▁▁");
        assert_eq!(sparkline(&[50.0, 100.0], 10, Some(100.0)), "▅█");
    }

    #[test]
    fn bars_have_eighth_precision() {
        assert_eq!(bar(0.5, 4), "██");
        assert_eq!(bar(1.0 / 16.0, 2), "▏");
        assert_eq!(bar(2.0, 3), "███");
    }

    #[test]
    fn gauge_marks_what_is_wanted_but_not_in_service() {
        assert_eq!(gauge(6, 6, 12, 12), (6, 0, 6));
        assert_eq!(gauge(5, 8, 12, 12), (5, 3, 4));
        assert_eq!(gauge(8, 6, 12, 12), (8, 0, 4));
        assert_eq!(gauge(0, 0, 0, 12), (0, 0, 12));
    }
}
