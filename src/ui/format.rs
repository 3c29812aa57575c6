//! Value formatting shared by every screen: truncation by display width, "—" for values AWS
//! did not report, and the short words the screens use for levels, freshness and times.
//!
//! Widths are measured with ratatui's own `Span::width`, so a string cut here is exactly as wide
//! as the buffer will draw it, even for wide (CJK, emoji) identifiers.

use std::borrow::Cow;

use ratatui::text::{Line, Span};

use crate::cloud::model::Timestamp;
use crate::config::theme::Role;
use crate::feed::Freshness;
use crate::judging::format_age;
use crate::judging::{Level, format_secs};

/// What a missing value looks like: never a zero, which would read as a measurement.
pub const DASH: &str = "—";

pub use crate::printable::width;

fn char_width(c: char) -> usize {
    let mut buf = [0u8; 4];
    width(c.encode_utf8(&mut buf))
}

/// Cuts text to at most `max` cells, marking the cut with "…".
pub fn truncate(text: &str, max: usize) -> Cow<'_, str> {
    if width(text) <= max { Cow::Borrowed(text) } else { Cow::Owned(cut(text, max)) }
}

/// The longest prefix that fits in `max - 1` cells, followed by "…" (empty when `max` is 0).
fn cut(text: &str, max: usize) -> String {
    if max == 0 {
        return String::new();
    }
    let mut used = 0;
    let mut out = String::with_capacity(max + 3);
    for c in text.chars() {
        let w = char_width(c);
        if used + w > max - 1 {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// Cuts or pads text to exactly `cells` display cells, for hand-aligned columns.
pub fn pad(text: &str, cells: usize) -> String {
    let cut = truncate(text, cells);
    let fill = cells.saturating_sub(width(&cut));
    format!("{cut}{}", " ".repeat(fill))
}

/// Cuts a sequence of spans to at most `max` cells, keeping each span's style.
pub fn fit_spans(spans: Vec<Span<'_>>, max: usize) -> Line<'_> {
    let total: usize = spans.iter().map(Span::width).sum();
    if total <= max {
        return Line::from(spans);
    }
    let mut left = max;
    let mut out = Vec::with_capacity(spans.len());
    for span in spans {
        let w = span.width();
        if w < left {
            left -= w;
            out.push(span);
        } else {
            // Something follows this cell even when the span itself fits exactly: always mark it.
            out.push(Span::styled(cut(&span.content, left), span.style));
            break;
        }
    }
    Line::from(out)
}

/// A number, or "—" when AWS did not report it.
pub fn opt(value: Option<f64>, decimals: usize) -> String {
    value.map_or_else(|| DASH.to_owned(), |v| format!("{v:.decimals$}"))
}

/// Seconds of lag, or "—".
pub fn opt_secs(value: Option<f64>) -> String {
    value.map_or_else(|| DASH.to_owned(), format_secs)
}

/// A yes/no flag, or "—".
pub fn yes_no(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "yes",
        Some(false) => "no",
        None => DASH,
    }
}

/// A threshold or metric value without needless decimals, compact when large.
pub fn number(value: f64) -> String {
    let abs = value.abs();
    let (scaled, suffix) = match abs {
        a if a >= 1e9 => (value / 1e9, "G"),
        a if a >= 1e6 => (value / 1e6, "M"),
        a if a >= 1e4 => (value / 1e3, "k"),
        _ => (value, ""),
    };
    let text = if scaled.fract() == 0.0 { format!("{scaled:.0}") } else { format!("{scaled:.2}") };
    let text = if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.').to_owned() } else { text };
    format!("{text}{suffix}")
}

/// The header clock: minute resolution, so an idle screen does not change every second.
pub fn clock(at: Timestamp) -> String {
    at.format("%H:%M UTC").to_string()
}

/// A full date and time, as the detail views print it (UTC, as the header clock says).
pub fn date_time(at: Option<Timestamp>) -> String {
    at.map_or_else(|| DASH.to_owned(), |t| t.format("%Y-%m-%d %H:%M").to_string())
}

/// How long ago something happened, coarse, or "—".
pub fn ago(now: Timestamp, at: Option<Timestamp>) -> String {
    at.map_or_else(|| DASH.to_owned(), |t| format_age((now - t).num_seconds().max(0)))
}

/// The role a health level is drawn with.
pub fn level_role(level: Level) -> Role {
    match level {
        Level::Ok => Role::Ok,
        Level::Warn => Role::Warn,
        Level::Critical => Role::Critical,
    }
}

/// Why data is not fresh, in a few words: "throttled 3m", "3m old", "loading".
pub fn problem_note(freshness: &Freshness) -> String {
    match freshness {
        Freshness::Fresh => String::new(),
        Freshness::Loading => "loading".to_owned(),
        Freshness::Stale { age_secs } => format!("{} old", format_age(*age_secs)),
        Freshness::Failed { reason, age_secs: Some(age) } => format!("{reason} {}", format_age(*age)),
        Freshness::Failed { reason, age_secs: None } => (*reason).to_owned(),
    }
}

/// A stale row's verdict in at most `max` cells, with how old its data is and, when the feed
/// failed and there is room, why: "crit free 3.0 GiB · throttled, 3m old", else
/// "crit free 3.0 GiB · 3m old", else cut at the end (after the verdict while it fits). The verdict goes first because it is what
/// tells one row from another; the age and the reason are the region's, named in the table's
/// border too. `what` names the feed when it is not the row's own ("metrics ").
pub fn stale_verdict(verdict: &str, what: &str, freshness: &Freshness, max: usize) -> String {
    let (age, why) = match freshness {
        Freshness::Stale { age_secs } => (format!("{} old", format_age(*age_secs)), None),
        Freshness::Failed { reason, age_secs: Some(age_secs) } => {
            (format!("{} old", format_age(*age_secs)), Some(*reason))
        }
        Freshness::Failed { reason, age_secs: None } => ((*reason).to_owned(), None),
        Freshness::Fresh | Freshness::Loading => (String::new(), None),
    };
    if let Some(why) = why {
        let long = format!("{verdict} · {what}{why}, {age}");
        if width(&long) <= max {
            return long;
        }
    }
    let short = format!("{verdict} · {what}{age}");
    // Cut where the verdict stays whole; a verdict that only just fits goes alone.
    let text = if width(verdict) < max { truncate(&short, max) } else { truncate(verdict, max) };
    text.into_owned()
}

/// A table title with its row count; no count before anything arrived, where "(0)" would claim
/// the fleet is empty.
pub fn counted(name: &str, count: usize) -> String {
    if count == 0 { format!(" {name} ") } else { format!(" {name} ({count}) ") }
}

/// Word-wraps text into lines of at most `max` cells (a word longer than a line is cut hard),
/// for text that needs a hanging indent, which `Paragraph`'s own wrapping cannot do.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in text.split_whitespace() {
        let w = width(word);
        if used > 0 && used + 1 + w > max {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        if used > 0 {
            line.push(' ');
            used += 1;
        }
        for c in word.chars() {
            let cw = char_width(c);
            if used + cw > max && used > 0 {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push(c);
            used += cw;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Collapses a multi-line statement onto one line for a table cell.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_is_by_display_width() {
        assert_eq!(truncate("shop-prod-db", 20), "shop-prod-db");
        assert_eq!(truncate("shop-prod-db", 6), "shop-…");
        assert_eq!(truncate("数据库实例", 5), "数据…");
        assert_eq!(width(&truncate("数据库实例", 4)), 3);
        assert_eq!(truncate("abc", 0), "");
        assert_eq!(truncate("abc", 1), "…");
    }

    #[test]
    fn spans_keep_their_styles_when_cut() {
        let line = fit_spans(vec![Span::raw("abcd"), Span::raw("efgh")], 6);
        assert_eq!(line.to_string(), "abcde…");
        let line = fit_spans(vec![Span::raw("abcd"), Span::raw("efgh")], 4);
        assert_eq!(line.to_string(), "abc…");
        assert_eq!(line.width(), 4);
    }

    #[test]
    fn wrapping_breaks_between_words_and_cuts_long_ones() {
        assert_eq!(wrap("scale-in after the morning peak", 12), ["scale-in", "after the", "morning peak"]);
        assert_eq!(wrap("i-0a1b2c3d4e5f", 6), ["i-0a1b", "2c3d4e", "5f"]);
        assert_eq!(wrap("", 6), [""]);
    }

    #[test]
    fn a_stale_verdict_keeps_its_age_and_says_why_when_there_is_room() {
        let throttled = Freshness::Failed { reason: "throttled", age_secs: Some(180) };
        let verdict = "crit free 3.0 GiB";
        assert_eq!(stale_verdict(verdict, "", &throttled, 60), "crit free 3.0 GiB · throttled, 3m old");
        assert_eq!(stale_verdict(verdict, "", &throttled, 30), "crit free 3.0 GiB · 3m old");
        assert_eq!(stale_verdict(verdict, "", &throttled, 21), "crit free 3.0 GiB · …");
        assert_eq!(stale_verdict(verdict, "", &throttled, 17), "crit free 3.0 GiB");
        assert_eq!(stale_verdict(verdict, "", &throttled, 12), "crit free 3…");
        assert_eq!(stale_verdict("ok", "", &Freshness::Stale { age_secs: 600 }, 40), "ok · 10m old");
        let never = Freshness::Failed { reason: "throttled", age_secs: None };
        assert_eq!(stale_verdict("warn lag 48s", "metrics ", &never, 40), "warn lag 48s · metrics throttled");
    }

    #[test]
    fn numbers_drop_needless_decimals() {
        assert_eq!(number(80.0), "80");
        assert_eq!(number(0.5), "0.5");
        assert_eq!(number(12_500.0), "12.5k");
        assert_eq!(number(10_737_418_240.0), "10.74G");
    }
}
