//! The shared table: fits columns to the width, then builds rows for the visible window only.
//!
//! ratatui's `Table` formats every row it is given, so handing it ten thousand rows costs ten
//! thousand rows of work per frame. Here the caller supplies a closure that builds one row by
//! index, and only the indices that fit on screen are asked for. `draw` cannot move the stored
//! scroll offset, so it computes a local one that keeps the selection visible at this height.
//! How the columns share the width is in `columns`.

use std::ops::Range;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Row, Table, TableState};

use super::Scene;
use super::columns::measured;
pub use super::columns::{Column, Fitted, fit, header, widths};
use super::format::width;
use crate::config::theme::Role;
use crate::state::Cursor;
use crate::state::palette::columns;
use crate::state::query::describe;

/// The rows visible at `height`: the stored offset, moved just enough to show the selection.
pub fn window(cursor: Cursor, len: usize, height: usize) -> Range<usize> {
    if len == 0 || height == 0 {
        return 0..0;
    }
    let selected = cursor.selected.min(len - 1);
    let offset = cursor.offset.min(len.saturating_sub(height)).min(selected).max((selected + 1).saturating_sub(height));
    offset..(offset + height).min(len)
}

/// What a tab tells the table to draw.
pub struct Spec<'a, K> {
    pub title: Line<'a>,
    pub columns: &'a [Column<K>],
    pub len: usize,
    pub cursor: Cursor,
    /// A line for the bottom border, e.g. which regions have no data.
    pub note: Option<Line<'a>>,
    /// The display width of row `i`'s identifier (with any indent), for `Width::Identifier`.
    pub ident: Option<&'a dyn Fn(usize) -> usize>,
}

impl<K: std::fmt::Debug> std::fmt::Debug for Spec<'_, K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Spec")
            .field("title", &self.title)
            .field("len", &self.len)
            .field("cursor", &self.cursor)
            .finish_non_exhaustive()
    }
}

/// Draws a bordered table; `row` builds the row at an index for the fitted columns.
pub fn draw<'a, K: Copy>(
    frame: &mut Frame,
    area: Rect,
    scene: Scene<'_>,
    spec: Spec<'a, K>,
    mut row: impl FnMut(usize, &[Fitted<K>]) -> Row<'a>,
) {
    let selected = spec.cursor.selected.min(spec.len.saturating_sub(1));
    let mut block = Block::bordered().border_style(scene.style(Role::Border)).title(spec.title);
    if spec.len > 0 {
        let position = format!(" {}/{} ", selected + 1, spec.len);
        block = block.title_top(Line::styled(position, scene.style(Role::Muted)).right_aligned());
    }
    if let Some(note) = spec.note {
        block = block.title_bottom(note);
    }
    let state = scene.state;
    let query = describe(&state.nav.queries[state.nav.tab], columns(state.nav.tab));
    if !query.is_empty() {
        block = block.title_bottom(Line::styled(format!(" {query} "), scene.style(Role::Accent)).right_aligned());
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.is_empty() {
        return;
    }
    let scope_width = state.session.scopes.iter().map(|s| width(&state.session.scope_label(s))).max().unwrap_or(0);
    let scope_width = u16::try_from(scope_width).unwrap_or(u16::MAX);
    let columns: Vec<Column<K>> = spec
        .columns
        .iter()
        .map(|c| Column { width: if c.scope { c.width.max(scope_width) } else { c.width }, ..*c })
        .collect();
    let visible = window(spec.cursor, spec.len, usize::from(inner.height.saturating_sub(1)));
    let fitted = fit(&measured(&columns, visible.clone(), inner.width, spec.ident), inner.width);
    let header = header(scene, &fitted);
    let start = visible.start;
    let rows: Vec<Row<'a>> = visible.map(|i| row(i, &fitted)).collect();
    let table = Table::new(rows, widths(&fitted))
        .header(header)
        .column_spacing(1)
        .row_highlight_style(scene.style(Role::Selection));
    let mut state = TableState::default().with_selected((spec.len > 0).then(|| selected - start));
    frame.render_stateful_widget(table, inner, &mut state);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cursor(selected: usize, offset: usize) -> Cursor {
        Cursor { selected, offset, ..Cursor::default() }
    }

    #[test]
    fn window_keeps_the_selection_visible_at_any_height() {
        assert_eq!(window(cursor(0, 0), 10_000, 30), 0..30);
        assert_eq!(window(cursor(9_999, 9_980), 10_000, 30), 9_970..10_000);
        // The stored offset came from a taller terminal: the selection is still shown.
        assert_eq!(window(cursor(50, 40), 100, 5), 46..51);
        assert_eq!(window(cursor(5, 40), 100, 5), 5..10);
        assert_eq!(window(cursor(7, 0), 3, 10), 0..3);
        assert_eq!(window(cursor(0, 0), 0, 10), 0..0);
        assert_eq!(window(cursor(3, 0), 10, 0), 0..0);
    }
}
