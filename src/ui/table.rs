//! The shared table: fits columns to the width, then builds rows for the visible window only.
//!
//! ratatui's `Table` formats every row it is given, so handing it ten thousand rows costs ten
//! thousand rows of work per frame. Here the caller supplies a closure that builds one row by
//! index, and only the indices that fit on screen are asked for. `draw` cannot move the stored
//! scroll offset, so it computes a local one that keeps the selection visible at this height.

use std::borrow::Cow;
use std::ops::Range;

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Row, Table, TableState};

use super::Scene;
use super::format::{fit_spans, truncate, width};
use crate::config::theme::Role;
use crate::state::Cursor;
use crate::state::palette::columns;
use crate::state::query::describe;

/// One column a tab can show. Lower `priority` numbers are kept first when space runs out;
/// `flex` columns share whatever width is left over.
#[derive(Debug, Clone, Copy)]
pub struct Column<K> {
    pub key: K,
    pub title: &'static str,
    pub width: u16,
    pub priority: u8,
    pub flex: bool,
    pub right: bool,
    /// Holds a scope label ("prod/us-east-1 @shop-prod"): as wide as the widest one in use.
    pub scope: bool,
}

impl<K> Column<K> {
    pub const fn new(key: K, title: &'static str, width: u16, priority: u8) -> Self {
        Self { key, title, width, priority, flex: false, right: false, scope: false }
    }

    #[must_use]
    pub const fn scope(mut self) -> Self {
        self.scope = true;
        self
    }

    #[must_use]
    pub const fn flex(mut self) -> Self {
        self.flex = true;
        self
    }

    #[must_use]
    pub const fn right(mut self) -> Self {
        self.right = true;
        self
    }
}

/// A column chosen for this frame, with its final width.
#[derive(Debug, Clone, Copy)]
pub struct Fitted<K> {
    pub key: K,
    pub width: u16,
    title: &'static str,
    right: bool,
}

impl<K> Fitted<K> {
    /// A cell holding `text` cut to the column's width.
    pub fn text<'a>(&self, text: impl Into<Cow<'a, str>>, style: Style) -> Cell<'a> {
        let text = text.into();
        let cut = match truncate(&text, usize::from(self.width)) {
            Cow::Borrowed(_) => text,
            Cow::Owned(owned) => Cow::Owned(owned),
        };
        self.line(vec![Span::styled(cut, style)])
    }

    /// A cell of several styled spans, cut to the column's width.
    pub fn line<'a>(&self, spans: Vec<Span<'a>>) -> Cell<'a> {
        let line = fit_spans(spans, usize::from(self.width));
        Cell::from(if self.right { line.right_aligned() } else { line })
    }
}

/// Chooses the columns that fit in `width` (one space between columns), by priority, and hands
/// the leftover width to the flex columns so that wide terminals show more, not emptier, text.
pub fn fit<K: Copy>(columns: &[Column<K>], width: u16) -> Vec<Fitted<K>> {
    let mut order: Vec<usize> = (0..columns.len()).collect();
    order.sort_by_key(|&i| columns[i].priority);
    let mut chosen = vec![false; columns.len()];
    let mut used: u16 = 0;
    for i in order {
        let need = columns[i].width + u16::from(used > 0);
        if used.saturating_add(need) <= width {
            chosen[i] = true;
            used += need;
        }
    }
    let mut fitted: Vec<Fitted<K>> = columns
        .iter()
        .zip(&chosen)
        .filter(|(_, on)| **on)
        .map(|(c, _)| Fitted { key: c.key, width: c.width, title: c.title, right: c.right })
        .collect();
    if fitted.is_empty() {
        // Narrower than any column: show the first one, cut.
        return columns
            .first()
            .map(|c| Fitted { key: c.key, width, title: c.title, right: c.right })
            .into_iter()
            .collect();
    }
    share_leftover(columns, &chosen, &mut fitted, width - used);
    fitted
}

fn share_leftover<K>(columns: &[Column<K>], chosen: &[bool], fitted: &mut [Fitted<K>], leftover: u16) {
    let flex: Vec<usize> = columns
        .iter()
        .zip(chosen)
        .filter(|(_, on)| **on)
        .enumerate()
        .filter(|(_, (c, _))| c.flex)
        .map(|(i, _)| i)
        .collect();
    let Ok(count) = u16::try_from(flex.len()) else { return };
    if count == 0 {
        return;
    }
    for (n, &i) in flex.iter().enumerate() {
        let extra = leftover / count + u16::from((n as u16) < leftover % count);
        fitted[i].width += extra;
    }
}

/// The header row of fitted columns.
pub fn header<K>(scene: Scene<'_>, fitted: &[Fitted<K>]) -> Row<'static> {
    Row::new(fitted.iter().map(|f| f.text(f.title, scene.style(Role::Header))))
}

/// The exact widths `fit` chose, so the table lays out what the cells were cut to.
pub fn widths<K>(fitted: &[Fitted<K>]) -> Vec<Constraint> {
    fitted.iter().map(|f| Constraint::Length(f.width)).collect()
}

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
#[derive(Debug)]
pub struct Spec<'a, K> {
    pub title: Line<'a>,
    pub columns: &'a [Column<K>],
    pub len: usize,
    pub cursor: Cursor,
    /// A line for the bottom border, e.g. which regions have no data.
    pub note: Option<Line<'a>>,
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
    let fitted = fit(&columns, inner.width);
    let header = header(scene, &fitted);
    let visible = window(spec.cursor, spec.len, usize::from(inner.height.saturating_sub(1)));
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

    #[test]
    fn columns_drop_by_priority_and_flex_takes_the_rest() {
        let columns = [Column::new('a', "A", 10, 0).flex(), Column::new('b', "B", 10, 2), Column::new('c', "C", 10, 1)];
        let keys = |w| fit(&columns, w).iter().map(|f| (f.key, f.width)).collect::<Vec<_>>();
        assert_eq!(keys(32), [('a', 10), ('b', 10), ('c', 10)]);
        assert_eq!(keys(25), [('a', 14), ('c', 10)]);
        assert_eq!(keys(5), [('a', 5)]);
        assert_eq!(keys(0), [('a', 0)]);
    }
}
