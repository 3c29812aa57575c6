//! The Performance tab's words and numbers: its title (instance, window, slice, Database
//! Insights mode, and the view being loaded when it differs from the one shown) and the
//! per-statement statistics, "—" where the engine does not report one.

use ratatui::text::Span;

use super::Scene;
use super::format::{DASH, number, width};
use crate::cloud::model::{InsightsMode, Performance, PiView, ResourceKey};
use crate::config::theme::Role;

/// The title: what is shown, and what is on its way, in `cells` cells (a narrow terminal gets
/// "PI" and no mode, so that the view on its way still shows).
pub fn title_spans(
    scene: Scene<'_>,
    (focus, cells): (&ResourceKey, u16),
    perf: Option<&Performance>,
    wanted: PiView,
) -> Vec<Span<'static>> {
    let shown = perf.map_or(wanted, |p| p.view);
    let mode = match perf.and_then(|p| p.capabilities.mode) {
        Some(InsightsMode::Advanced) => " · Advanced",
        Some(InsightsMode::Standard) => " · Standard",
        None => "",
    };
    let what = format!("{focus} · {} · by {}", shown.window.label(), shown.dimension.label());
    let next = (perf.is_some() && shown != wanted)
        .then(|| format!("loading {} by {}… ", wanted.window.label(), wanted.dimension.label()));
    let long = format!(" Performance Insights — {what}{mode} ");
    let fits = width(&long) + next.as_deref().map_or(0, width) + 2 <= usize::from(cells);
    let text = if fits { long } else { format!(" PI — {what} ") };
    let mut spans = vec![Span::styled(text, scene.style(Role::Header))];
    spans.extend(next.map(|next| Span::styled(next, scene.style(Role::Muted))));
    spans
}

/// Calls per second.
pub fn calls(value: Option<f64>) -> String {
    value.map_or_else(|| DASH.to_owned(), |v| if v >= 100.0 { number(v.round()) } else { format!("{v:.1}") })
}

/// Rows per call.
pub fn rows(value: Option<f64>) -> String {
    value.map_or_else(|| DASH.to_owned(), |v| if v >= 100.0 { number(v.round()) } else { format!("{v:.1}") })
}

/// Average latency of a call, from milliseconds.
pub fn latency(ms: Option<f64>) -> String {
    match ms {
        None => DASH.to_owned(),
        Some(ms) if ms >= 1000.0 => format!("{:.1} s", ms / 1000.0),
        Some(ms) if ms >= 10.0 => format!("{ms:.0} ms"),
        Some(ms) => format!("{ms:.2} ms"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statistics_read_at_a_glance() {
        assert_eq!(latency(Some(0.42)), "0.42 ms");
        assert_eq!(latency(Some(37.4)), "37 ms");
        assert_eq!(latency(Some(2400.0)), "2.4 s");
        assert_eq!(latency(None), DASH);
        assert_eq!(calls(Some(1234.4)), "1234");
        assert_eq!(calls(Some(12.34)), "12.3");
        assert_eq!(rows(None), DASH);
    }
}
