//! The DB load chart of the Performance tab: average active sessions over the window as
//! stacked columns, one colour per key of the slice (wait event, statement, host…), with the
//! instance's vCPU count drawn across.
//!
//! Load above the vCPU line means sessions are queueing for CPU, the first thing a DBA reads
//! off this chart, so the line is drawn in the critical style and labelled. Columns use full
//! blocks and the eighth-height blocks for their top, so small loads still show.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::format::{fit_spans, number, one_line, truncate};
use super::spark::BARS;
use crate::cloud::model::{LoadSample, Performance};
use crate::config::theme::{Role, Theme};

/// Width of the y-axis labels, including the axis line.
const AXIS: u16 = 6;
/// The longest key name the legend shows.
const LEGEND_NAME: usize = 28;

/// The chart widget; `events` fixes the colour (series index) of each wait event.
#[derive(Debug)]
pub struct LoadChart<'a> {
    pub perf: &'a Performance,
    pub events: &'a [&'a str],
    pub theme: &'a Theme,
}

impl Widget for LoadChart<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width <= AXIS + 2 || area.height < 4 {
            self.plot(area, buf);
            return;
        }
        let legend = Rect { y: area.bottom() - 1, height: 1, ..area };
        let times = Rect { y: area.bottom() - 2, height: 1, x: area.x + AXIS, width: area.width - AXIS };
        let plot = Rect { x: area.x + AXIS, y: area.y, width: area.width - AXIS, height: area.height - 2 };
        let top = self.plot(plot, buf);
        self.y_axis(Rect { x: area.x, width: AXIS, ..plot }, buf, top);
        self.time_axis(times, buf);
        self.legend(legend, buf);
    }
}

impl LoadChart<'_> {
    /// Draws the columns and the vCPU line; returns the value at the top of the plot.
    fn plot(&self, area: Rect, buf: &mut Buffer) -> f64 {
        let stacks = stacks(&self.perf.load, self.events, usize::from(area.width));
        let peak = stacks.iter().map(|s| s.iter().sum::<f64>()).fold(0.0, f64::max);
        let top = nice_ceiling(peak.max(self.perf.max_vcpu.unwrap_or(0.0)) * 1.1);
        if area.is_empty() {
            return top;
        }
        let unit = top / f64::from(area.height);
        let columns = usize::from(area.width);
        for x in 0..area.width {
            let bucket = usize::from(x) * stacks.len() / columns;
            if let Some(stack) = stacks.get(bucket) {
                self.column(buf, area, x, stack, unit);
            }
        }
        if let Some(vcpu) = self.perf.max_vcpu {
            self.vcpu_line(buf, area, &stacks, vcpu, unit);
        }
        top
    }

    fn column(&self, buf: &mut Buffer, area: Rect, x: u16, stack: &[f64], unit: f64) {
        let total: f64 = stack.iter().sum();
        for r in 0..area.height {
            let low = f64::from(r) * unit;
            let fill = (total - low).clamp(0.0, unit);
            let eighths = (fill / unit * 8.0).round() as usize;
            if eighths == 0 {
                break;
            }
            // A cell can have one colour: the event that occupies the middle of its filled part.
            let middle = low + fill / 2.0;
            let mut cumulative = 0.0;
            let segment = stack.iter().position(|v| {
                cumulative += v;
                cumulative > middle
            });
            let style = self.theme.series(segment.unwrap_or(stack.len().saturating_sub(1)));
            if let Some(cell) = buf.cell_mut((area.x + x, area.bottom() - 1 - r)) {
                cell.set_char(BARS[eighths.min(8) - 1]).set_style(style);
            }
        }
    }

    fn vcpu_line(&self, buf: &mut Buffer, area: Rect, stacks: &[Vec<f64>], vcpu: f64, unit: f64) {
        let row = ((vcpu / unit).floor() as u16).min(area.height - 1);
        let y = area.bottom() - 1 - row;
        let style = self.theme.style(Role::Critical);
        let columns = usize::from(area.width);
        for x in 0..area.width {
            let bucket = usize::from(x) * stacks.len() / columns;
            let total: f64 = stacks.get(bucket).map_or(0.0, |s| s.iter().sum());
            // Where the load reaches the line the column shows through: that is the alarm.
            if total < (f64::from(row) + 0.5) * unit
                && let Some(cell) = buf.cell_mut((area.x + x, y))
            {
                cell.set_char('╌').set_style(style);
            }
        }
        let label = Line::styled(format!(" max vCPU {} ", number(vcpu)), style);
        buf.set_line(area.x + 1, y, &label, area.width.saturating_sub(1));
    }

    fn y_axis(&self, area: Rect, buf: &mut Buffer, top: f64) {
        let muted = self.theme.style(Role::Muted);
        let h = area.height;
        for y in area.y..area.bottom() {
            buf.set_string(area.x + AXIS - 1, y, "│", muted);
        }
        let mut label = |row: u16, text: String, role: Role| {
            let text = format!("{text:>width$}", width = usize::from(AXIS - 1));
            buf.set_stringn(area.x, area.bottom() - 1 - row, text, usize::from(AXIS - 1), self.theme.style(role));
        };
        label(h - 1, number(top), Role::Muted);
        label(0, "0".to_owned(), Role::Muted);
        if let Some(vcpu) = self.perf.max_vcpu {
            let row = ((vcpu / (top / f64::from(h))).floor() as u16).min(h - 1);
            label(row, number(vcpu), Role::Critical);
        }
    }

    fn time_axis(&self, area: Rect, buf: &mut Buffer) {
        let muted = self.theme.style(Role::Muted);
        let (Some(first), Some(last)) = (self.perf.load.first(), self.perf.load.last()) else { return };
        // Past a day the hour alone says too little: the day goes in front.
        let format = if self.perf.view.window.secs() > 86_400 { "%a %H" } else { "%H:%M" };
        let start = first.at.format(format).to_string();
        let end = last.at.format(format).to_string();
        buf.set_stringn(area.x, area.y, &start, usize::from(area.width), muted);
        let len = u16::try_from(end.len()).unwrap_or(u16::MAX);
        let end_x = area.right().saturating_sub(len).max(area.x + len + 1);
        if end_x.saturating_add(len) <= area.right() {
            buf.set_string(end_x, area.y, &end, muted);
        }
    }

    fn legend(&self, area: Rect, buf: &mut Buffer) {
        let mut spans = Vec::new();
        for (i, event) in self.events.iter().enumerate() {
            spans.push(Span::styled("■ ", self.theme.series(i)));
            // Statements make long keys: the legend names each in a few words.
            let name = truncate(&one_line(event), LEGEND_NAME).into_owned();
            spans.push(Span::styled(format!("{name}  "), self.theme.style(Role::Text)));
        }
        buf.set_line(area.x, area.y, &fit_spans(spans, usize::from(area.width)), area.width);
    }
}

/// Load per event for at most `columns` time buckets (averaged within a bucket).
fn stacks(load: &[LoadSample], events: &[&str], columns: usize) -> Vec<Vec<f64>> {
    let n = load.len();
    let buckets = n.min(columns);
    (0..buckets)
        .map(|b| {
            let samples = &load[b * n / buckets..((b + 1) * n / buckets).min(n)];
            let mut stack = vec![0.0; events.len()];
            for sample in samples {
                for (event, value) in &sample.slices {
                    if let Some(i) = events.iter().position(|e| e == event) {
                        stack[i] += value / samples.len() as f64;
                    }
                }
            }
            stack
        })
        .collect()
}

/// The smallest round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10ⁿ) at or above `value`:
/// round axis labels without wasting half the chart's height on headroom.
fn nice_ceiling(value: f64) -> f64 {
    if value <= 0.0 || !value.is_finite() {
        return 1.0;
    }
    let power = 10f64.powf(value.log10().floor());
    [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|&v| v >= value)
        .unwrap_or(10.0 * power)
}

/// Wait events in colour order: heaviest first, then any others as they appear.
pub fn event_order(perf: &Performance) -> Vec<&str> {
    let mut events: Vec<&str> = perf.top_keys.iter().map(|w| w.name.as_str()).collect();
    for sample in &perf.load {
        for (event, _) in &sample.slices {
            if !events.contains(&event.as_str()) {
                events.push(event);
            }
        }
    }
    events
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_tops_are_round() {
        assert!((nice_ceiling(8.8) - 10.0).abs() < f64::EPSILON);
        assert!((nice_ceiling(11.4) - 12.0).abs() < 1e-9);
        assert!((nice_ceiling(2.2) - 2.5).abs() < f64::EPSILON);
        assert!((nice_ceiling(0.0) - 1.0).abs() < f64::EPSILON);
    }
}
