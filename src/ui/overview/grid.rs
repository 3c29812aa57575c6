//! The Overview's grid: one cell per DB instance, worst first, coloured by its verdict
//! (critical, warn, ok, stale, not yet measured), with names where cells are wide enough and a
//! legend. When even one-character cells run out, it becomes a density map: per region, a bar
//! split by verdict, with the counts.

use std::collections::BTreeMap;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::super::Scene;
use super::super::format::{fit_spans, pad, width};
use crate::cloud::model::Scope;
use crate::config::theme::Role;
use crate::feed::FeedKind;
use crate::judging::Level;
use crate::state::Tab;
use crate::state::overview::Cell;
use crate::state::overview_pane::Pane;

/// The longest name a labelled cell shows.
const NAME_MAX: usize = 18;

/// What one cell is drawn as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Shade {
    Critical,
    Warn,
    Stale,
    Unmeasured,
    Ok,
}

impl Shade {
    const ALL: [Self; 5] = [Self::Critical, Self::Warn, Self::Stale, Self::Unmeasured, Self::Ok];

    fn role(self) -> Role {
        match self {
            Self::Critical => Role::Critical,
            Self::Warn => Role::Warn,
            Self::Stale => Role::Stale,
            Self::Unmeasured => Role::Muted,
            Self::Ok => Role::Ok,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Critical => "critical",
            Self::Warn => "warn",
            Self::Stale => "stale",
            Self::Unmeasured => "no data yet",
            Self::Ok => "ok",
        }
    }
}

/// Whether a scope's fleet or metrics are stale: asked once per scope a frame, not per cell.
fn stale_scopes(scene: Scene<'_>) -> Vec<(&Scope, bool)> {
    scene
        .state
        .session
        .scopes
        .iter()
        .map(|scope| {
            let stale = [FeedKind::Fleet, FeedKind::Metrics]
                .into_iter()
                .any(|kind| scene.state.scope_problem(kind, scope, scene.now).is_some());
            (scope, stale)
        })
        .collect()
}

fn shade(stale_scopes: &[(&Scope, bool)], cell: &Cell) -> Shade {
    let stale = stale_scopes.iter().find(|(s, _)| **s == cell.key().scope).is_some_and(|(_, stale)| *stale);
    match cell.level {
        _ if stale => Shade::Stale,
        Level::Critical => Shade::Critical,
        Level::Warn => Shade::Warn,
        Level::Ok if !cell.measured => Shade::Unmeasured,
        Level::Ok => Shade::Ok,
    }
}

/// A verdict's colour as a block: the role's colour behind the text.
fn block(scene: Scene<'_>, shade: Shade) -> Style {
    scene.style(shade.role()).add_modifier(Modifier::REVERSED)
}

/// Draws the legend, the cells (or the density map) and the selected database's line.
pub fn draw(frame: &mut Frame, area: Rect, scene: Scene<'_>) {
    if area.height < 3 || area.width < 4 {
        return;
    }
    let cells = &scene.state.rows.overview;
    let stale = stale_scopes(scene);
    let shades: Vec<Shade> = cells.iter().map(|c| shade(&stale, c)).collect();
    let legend = Rect { height: 1, ..area };
    let selected_line = Rect { y: area.bottom() - 1, height: 1, ..area };
    let body = Rect { y: area.y + 1, height: area.height - 2, ..area };
    frame.render_widget(Paragraph::new(legend_line(scene, &shades, usize::from(area.width))), legend);
    let nav = &scene.state.nav;
    let focused = nav.overview.pane == Pane::Grid;
    let selected = nav.overview.grid(scene.state.cursor(Tab::Overview)).selected.min(cells.len().saturating_sub(1));
    let buf = frame.buffer_mut();
    let capacity = usize::from(body.width) * usize::from(body.height);
    let label = labelled_width(cells);
    if label * cells.len() <= capacity && usize::from(body.width) >= label {
        draw_cells(buf, body, scene, &shades, (selected, focused), label);
    } else if cells.len() <= capacity {
        draw_cells(buf, body, scene, &shades, (selected, focused), 1);
    } else {
        density(buf, body, scene, &shades);
    }
    let spans = if focused {
        cells.get(selected).map(|cell| {
            let verdict =
                if cell.reason().is_empty() { shades[selected].label().to_owned() } else { cell.reason().to_owned() };
            vec![
                Span::styled("▸ ", scene.style(Role::Selection)),
                Span::styled(scene.state.session.scope_label(&cell.key().scope), scene.style(Role::Muted)),
                Span::raw(" "),
                Span::styled(cell.key().id.clone(), scene.style(Role::Text)),
                Span::raw("  "),
                Span::styled(verdict, scene.style(shades[selected].role())),
                Span::styled("  ↑↓ choose · Enter opens it on the Fleet tab · → the lists", scene.style(Role::Muted)),
            ]
        })
    } else {
        list_selection(scene)
    };
    if let Some(spans) = spans {
        frame.render_widget(Paragraph::new(fit_spans(spans, usize::from(area.width))), selected_line);
    }
}

/// The line under the grid while a list has the selection: the row's resource and where Enter
/// takes it.
fn list_selection(scene: Scene<'_>) -> Option<Vec<Span<'static>>> {
    let state = scene.state;
    let pane = state.nav.overview.pane;
    let key = state.selected_key(Tab::Overview)?;
    Some(vec![
        Span::styled("▸ ", scene.style(Role::Selection)),
        Span::styled(state.session.scope_label(&key.scope), scene.style(Role::Muted)),
        Span::raw(" "),
        Span::styled(key.id, scene.style(Role::Text)),
        Span::styled(
            format!("  Enter opens it on the {} tab · ← → grid and lists", pane.opens_in().title()),
            scene.style(Role::Muted),
        ),
    ])
}

/// The width of a labelled cell: the longest name (up to `NAME_MAX`) and a gap.
fn labelled_width(cells: &[Cell]) -> usize {
    cells.iter().map(|c| c.name_width).max().unwrap_or(4).clamp(4, NAME_MAX) + 1
}

fn legend_line<'a>(scene: Scene<'_>, shades: &[Shade], max: usize) -> Line<'a> {
    let mut spans = Vec::new();
    for shade in Shade::ALL {
        let count = shades.iter().filter(|&&s| s == shade).count();
        if count == 0 && matches!(shade, Shade::Stale | Shade::Unmeasured) {
            continue;
        }
        spans.push(Span::styled("  ", block(scene, shade)));
        spans.push(Span::styled(format!(" {} {count}   ", shade.label()), scene.style(Role::Muted)));
    }
    fit_spans(spans, max)
}

/// Cells of `cell_width` (a name and a gap, or one character), row by row; the selection is
/// drawn in the selection style while the grid has it.
fn draw_cells(
    buf: &mut Buffer,
    area: Rect,
    scene: Scene<'_>,
    shades: &[Shade],
    (selected, focused): (usize, bool),
    cell_width: usize,
) {
    let cells = &scene.state.rows.overview;
    let per_row = (usize::from(area.width) / cell_width).max(1);
    let rows = usize::from(area.height);
    // Scroll by whole rows so that the selection is always on screen.
    let first_row = (selected / per_row).saturating_sub(rows.saturating_sub(1));
    for (i, cell) in cells.iter().enumerate().skip(first_row * per_row).take(per_row * rows) {
        let (row, column) = (i / per_row - first_row, i % per_row);
        let (Ok(x), Ok(y)) = (u16::try_from(column * cell_width), u16::try_from(row)) else { continue };
        let style = if i == selected && focused { scene.style(Role::Selection) } else { block(scene, shades[i]) };
        let text = if cell_width == 1 { " ".to_owned() } else { pad(&cell.key().id, cell_width - 1) };
        let visible = u16::try_from(width(&text)).unwrap_or(u16::MAX).min(area.width - x);
        buf.set_stringn(area.x + x, area.y + y, &text, usize::from(visible), style);
    }
}

/// Per region: a bar split by verdict, and the counts.
fn density(buf: &mut Buffer, area: Rect, scene: Scene<'_>, shades: &[Shade]) {
    // Counted per scope first (a handful), labelled after: not a label built per cell.
    let mut per_scope: Vec<(&Scope, [usize; 5])> = Vec::new();
    for (cell, shade) in scene.state.rows.overview.iter().zip(shades) {
        let at = per_scope.iter().position(|(s, _)| **s == cell.key().scope).unwrap_or_else(|| {
            per_scope.push((&cell.key().scope, [0; 5]));
            per_scope.len() - 1
        });
        if let Some(i) = Shade::ALL.iter().position(|s| s == shade) {
            per_scope[at].1[i] += 1;
        }
    }
    let mut regions: BTreeMap<String, [usize; 5]> = BTreeMap::new();
    for (scope, counts) in per_scope {
        let total = regions.entry(scene.state.session.scope_label(scope)).or_default();
        for (t, c) in total.iter_mut().zip(counts) {
            *t += c;
        }
    }
    let name_width = regions.keys().map(|r| width(r)).max().unwrap_or(0) + 1;
    for (row, (region, counts)) in regions.iter().enumerate().take(usize::from(area.height / 2)) {
        let Ok(y) = u16::try_from(row * 2) else { break };
        let total: usize = counts.iter().sum();
        let summary: Vec<String> =
            Shade::ALL.iter().zip(counts).filter(|(_, n)| **n > 0).map(|(s, n)| format!("{n} {}", s.label())).collect();
        buf.set_stringn(area.x, area.y + y, pad(region, name_width), usize::from(area.width), scene.style(Role::Text));
        buf.set_stringn(
            area.x,
            area.y + y + 1,
            format!("{} · {total} databases", summary.join(" · ")),
            usize::from(area.width),
            scene.style(Role::Muted),
        );
        let bar_width = usize::from(area.width).saturating_sub(name_width);
        let mut x = area.x + u16::try_from(name_width).unwrap_or(0);
        for (shade, count) in Shade::ALL.iter().zip(counts) {
            // At least one cell for any count, so a single critical database is never rounded away.
            let cells = if *count == 0 { 0 } else { (count * bar_width / total.max(1)).max(1) };
            let cells = u16::try_from(cells).unwrap_or(0).min(area.right().saturating_sub(x));
            buf.set_stringn(x, area.y + y, " ".repeat(usize::from(cells)), usize::from(cells), block(scene, *shade));
            x += cells;
        }
    }
}
