//! A DB instance's metric sparklines: one line per metric with its latest value and range.
//!
//! The Fleet tab's pane draws the metrics feed's hour. The detail view draws the window chosen
//! with `w`: the feed's last 5 minutes or hour, or the longer window fetched for that instance
//! alone, which says when it is loading, stale or failed, as any feed does.

use ratatui::text::{Line, Span};

use super::heading;
use crate::cloud::model::{DbMetric, DbSeries, ResourceKey};
use crate::config::theme::Role;
use crate::feed::Feed;
use crate::judging::{GIB, format_secs};
use crate::ui::Scene;
use crate::ui::format::{DASH, ago, fit_spans, pad};
use crate::ui::spark::{min_max, sparkline};

/// The detail view's "Metrics" heading, over the window, and its lines.
pub(super) fn windowed(scene: Scene<'_>, key: &ResourceKey, width: u16) -> Vec<Line<'static>> {
    let window = scene.state.fetched.pi_view.window;
    let title = format!("Metrics, {} · w window", window.metric_heading());
    if window.in_metrics_feed() {
        let since = window.metric_range(scene.now).0;
        let mut out = vec![heading(scene, &title)];
        out.extend(lines_since(scene, (scene.state.db_series(key), since), width, SPARK_CELLS));
        return out;
    }
    let held = scene.state.fetched.db_history.as_ref().filter(|h| &h.instance == key && h.window == window);
    let Some(history) = held else { return vec![heading(scene, &title)] };
    let note = match &history.feed {
        Feed::Loading => Some((format!("loading the last {} from CloudWatch…", window.label()), Role::Muted)),
        Feed::Failed { failure, last: Some(last) } => {
            let age = ago(scene.now, Some(last.fetched_at));
            Some((format!("stale ({age} old): {} — {}", failure.error.kind(), failure.error.hint()), Role::Stale))
        }
        Feed::Failed { failure, last: None } => {
            Some((format!("{} — {}", failure.error, failure.error.hint()), Role::Critical))
        }
        Feed::Ready(_) => None,
    };
    let mut out = vec![heading(scene, &title)];
    if let Some((text, role)) = note {
        out.push(fit_spans(vec![Span::styled(text, scene.style(role))], usize::from(width)));
    }
    if let Some(series) = history.feed.data() {
        // A day of minutes has more to show than an hour: up to twice the cells, where they fit.
        out.extend(lines_since(scene, (Some(series), i64::MIN), width, 2 * SPARK_CELLS));
    }
    out
}

/// The most cells an hour's sparkline takes: one a minute.
const SPARK_CELLS: usize = 60;

/// One line per metric: label, sparkline, latest, and the range of what is drawn.
pub(super) fn lines(scene: Scene<'_>, series: Option<&DbSeries>, width: u16) -> Vec<Line<'static>> {
    lines_since(scene, (series, i64::MIN), width, SPARK_CELLS)
}

/// As `lines`, from the datapoints at or after `since` (epoch seconds), the sparklines at most
/// `cells` wide.
fn lines_since(
    scene: Scene<'_>,
    (series, since): (Option<&DbSeries>, i64),
    width: u16,
    cells: usize,
) -> Vec<Line<'static>> {
    let max = usize::from(width);
    let spark_width = max.saturating_sub(14 + 42).clamp(8, cells);
    DbMetric::ALL
        .into_iter()
        .map(|metric| {
            let label = Span::styled(pad(metric.label(), 14), scene.style(Role::Muted));
            let values: Vec<f64> = series
                .and_then(|s| s.get(metric))
                .map(|s| s.secs_since(since).map(|(_, v)| v).collect())
                .unwrap_or_default();
            let Some((lo, hi)) = min_max(values.iter().copied()) else {
                return fit_spans(vec![label, Span::styled(format!("{DASH} no data"), scene.style(Role::Muted))], max);
            };
            let ceiling = (metric == DbMetric::Cpu).then_some(100.0);
            let latest = values.last().map_or_else(|| DASH.to_owned(), |&v| value(metric, v));
            fit_spans(
                vec![
                    label,
                    Span::styled(
                        pad(&sparkline(&values, spark_width, ceiling), spark_width),
                        scene.style(Role::Accent),
                    ),
                    Span::styled(format!(" {} ", pad(&latest, 12)), scene.style(Role::Text)),
                    Span::styled(
                        format!("min {}  max {}", value(metric, lo), value(metric, hi)),
                        scene.style(Role::Muted),
                    ),
                ],
                max,
            )
        })
        .collect()
}

fn value(metric: DbMetric, value: f64) -> String {
    match metric {
        DbMetric::Cpu => format!("{value:.1}%"),
        DbMetric::FreeStorage => format!("{:.1} GiB", value / GIB),
        DbMetric::ReplicaLag => format_secs(value),
        DbMetric::Connections | DbMetric::ReadIops | DbMetric::WriteIops => format!("{value:.0}"),
        DbMetric::DbLoad | DbMetric::DbLoadCpu | DbMetric::DbLoadNonCpu => format!("{value:.1} AAS"),
        DbMetric::DbLoadRelative => format!("{value:.2}× vCPUs"),
    }
}
