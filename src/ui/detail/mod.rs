//! Detail views: a large panel over the current tab with everything known about one resource
//! (a DB instance or cluster, an Auto Scaling Group, an alarm, a SQL statement, the blocking
//! tree or the analysis reports of the instance in focus).
//!
//! Each kind builds plain lines for the panel's width; this module frames them and supplies the
//! two-column attribute grid they share. A resource that vanished from the data since the view
//! opened says so instead of showing an empty panel.

mod alarm;
mod blocking;
mod db;
mod db_metrics;
mod events;
mod findings;
mod group;
mod plans;
mod reports;
mod sql;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::Scene;
use super::format::{DASH, pad, truncate, wrap};
use crate::config::theme::Role;
use crate::state::DetailTarget;

/// Width of the label column of the attribute grid.
const LABEL: usize = 17;

/// One labelled value of a detail view.
#[derive(Debug)]
struct Attr {
    label: &'static str,
    value: String,
    role: Role,
}

impl Attr {
    fn new(label: &'static str, value: impl Into<String>) -> Self {
        Self { label, value: value.into(), role: Role::Text }
    }

    fn opt(label: &'static str, value: Option<impl Into<String>>) -> Self {
        Self::new(label, value.map_or_else(|| DASH.to_owned(), Into::into))
    }

    #[must_use]
    fn role(mut self, role: Role) -> Self {
        self.role = role;
        self
    }
}

/// Draws the selected database's hour of metrics beside its findings into `area` (the Fleet tab's
/// bottom pane on tall terminals), with the detail view's own lines.
pub fn db_pane(frame: &mut Frame, area: Rect, scene: Scene<'_>, key: &crate::cloud::model::ResourceKey) {
    let title = Span::styled(format!(" {key} — last hour · ⏎ full detail "), scene.style(Role::Header));
    let block = Block::bordered().border_style(scene.style(Role::Border)).title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.is_empty() {
        return;
    }
    let left = if inner.width >= 140 { inner.width * 3 / 5 } else { inner.width };
    let (metrics, findings) = db::pane_lines(scene, key, left);
    let metrics = if metrics.is_empty() {
        vec![Line::styled("a cluster: its members have the metrics", scene.style(Role::Muted))]
    } else {
        metrics
    };
    if left == inner.width {
        let mut lines = metrics;
        lines.push(Line::raw(""));
        lines.extend(findings);
        frame.render_widget(Paragraph::new(lines), inner);
        return;
    }
    frame.render_widget(Paragraph::new(metrics), Rect { width: left, ..inner });
    let right = Rect { x: inner.x + left + 2, width: inner.width - left - 2, ..inner };
    let (_, findings) = db::pane_lines(scene, key, right.width);
    frame.render_widget(Paragraph::new(findings), right);
}

/// Draws the detail panel of `target` over `area`.
pub fn draw(frame: &mut Frame, area: Rect, scene: Scene<'_>, target: &DetailTarget) {
    let panel = centred(area);
    let inner_width = panel.width.saturating_sub(2);
    let (name, lines) = match target {
        DetailTarget::Db(key) => db::lines(scene, key, inner_width),
        DetailTarget::Group(key) => group::lines(scene, key, inner_width),
        DetailTarget::Alarm(key) => alarm::lines(scene, key, inner_width),
        DetailTarget::Sql(id) => sql::lines(scene, id, inner_width),
        DetailTarget::Blocking => blocking::lines(scene, inner_width),
        DetailTarget::Reports => reports::list(scene, inner_width),
        DetailTarget::Report(id) => reports::report(scene, id, inner_width),
    };
    let title = Line::from(vec![
        Span::styled(
            format!(" {} ", truncate(&name, usize::from(inner_width).saturating_sub(18))),
            scene.style(Role::Header),
        ),
        Span::styled("— Esc to close ", scene.style(Role::Muted)),
    ]);
    let block = Block::bordered().border_style(scene.style(Role::Accent)).title(title);
    frame.render_widget(Clear, panel);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).block(block), panel);
}

/// Most of the area, leaving a margin so the tab underneath is still recognisable.
fn centred(area: Rect) -> Rect {
    let margin_x = match area.width {
        w if w >= 100 => w / 20 + 1,
        w if w >= 40 => 2,
        _ => 0,
    };
    let margin_y = u16::from(area.height >= 30);
    Rect {
        x: area.x + margin_x,
        y: area.y + margin_y,
        width: area.width - 2 * margin_x,
        height: area.height - 2 * margin_y,
    }
}

/// Text wrapped to `width` with every line indented by `indent` cells.
fn indented(scene: Scene<'_>, text: &str, indent: usize, width: u16, role: Role) -> Vec<Line<'static>> {
    let pad = " ".repeat(indent);
    wrap(text, usize::from(width).saturating_sub(indent))
        .into_iter()
        .map(|line| Line::styled(format!("{pad}{line}"), scene.style(role)))
        .collect()
}

/// A section heading.
fn heading(scene: Scene<'_>, text: &str) -> Line<'static> {
    Line::styled(text.to_owned(), scene.style(Role::Header))
}

/// Attributes laid out down two columns when there are many and the panel is wide enough;
/// a short list stays in one column, where long values (ARNs, dimensions) are not cut.
fn grid(scene: Scene<'_>, attrs: &[Attr], width: u16) -> Vec<Line<'static>> {
    let width = usize::from(width);
    if width < 60 || attrs.len() <= 8 {
        return attrs.iter().map(|a| Line::from(attr_spans(scene, a, width))).collect();
    }
    let half = width / 2;
    let rows = attrs.len().div_ceil(2);
    (0..rows)
        .map(|i| {
            let mut spans = attr_spans(scene, &attrs[i], half - 1);
            spans.push(Span::raw("  "));
            if let Some(right) = attrs.get(i + rows) {
                spans.extend(attr_spans(scene, right, width - half - 1));
            }
            Line::from(spans)
        })
        .collect()
}

/// "Label                value", padded to exactly `width` cells.
fn attr_spans(scene: Scene<'_>, attr: &Attr, width: usize) -> Vec<Span<'static>> {
    let label = LABEL.min(width / 2);
    vec![
        // One cell of the label's width is always a gap, even when the label is cut.
        Span::styled(format!("{} ", pad(attr.label, label.saturating_sub(1))), scene.style(Role::Muted)),
        Span::styled(pad(&attr.value, width.saturating_sub(label)), scene.style(attr.role)),
    ]
}

/// What a detail view shows when its resource is no longer in the data.
fn gone(scene: Scene<'_>, what: &str) -> Vec<Line<'static>> {
    vec![Line::styled(
        format!("{what} is no longer in the data (deleted, or its feed has not loaded)."),
        scene.style(Role::Muted),
    )]
}
