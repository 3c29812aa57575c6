//! Column specs and how they share a table's width: the one place every tab's widths come from.
//!
//! Every column says what it holds (`Width`): fixed-size values, an identifier, or free text.
//! Identifiers are what people search a table for, so they get the width of the longest one on
//! screen (up to `IDENT_CAP`) before free text (reasons, causes, statements) takes what is left.

use std::borrow::Cow;
use std::ops::Range;

use ratatui::layout::Constraint;
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::{Cell, Row};

use super::Scene;
use super::format::{fit_spans, truncate};
use crate::config::theme::Role;

/// Identifiers wider than this (or than half the table) are cut: past it a name is a sentence,
/// not a label, and the row's figures must still fit beside it.
pub const IDENT_CAP: u16 = 48;

/// Free text keeps at least this many cells (with its ellipsis) rather than vanish.
const FREE_FLOOR: u16 = 6;

/// What a column holds, which decides how it gets its width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    /// Values of a known size (counts, states, gauges): the declared width.
    Fixed,
    /// A DB, alarm or group name: as wide as the longest one visible, at least the declared width.
    Identifier,
    /// Reasons, descriptions, causes, statements: the declared width when there is room, else
    /// what is left after the rest (down to `FREE_FLOOR`), plus any width left over.
    Free,
}

/// One column a tab can show. Lower `priority` numbers are kept first when space runs out
/// (free text last among equals); free and `flex` columns share whatever width is left over.
#[derive(Debug, Clone, Copy)]
pub struct Column<K> {
    pub key: K,
    pub title: &'static str,
    pub width: u16,
    pub priority: u8,
    pub kind: Width,
    pub flex: bool,
    pub right: bool,
    /// Holds a scope label ("prod/us-east-1 @shop-prod"): as wide as the widest one in use.
    pub scope: bool,
}

impl<K> Column<K> {
    pub const fn new(key: K, title: &'static str, width: u16, priority: u8) -> Self {
        Self { key, title, width, priority, kind: Width::Fixed, flex: false, right: false, scope: false }
    }

    /// A name people look for: shown whole before free text gets width.
    #[must_use]
    pub const fn ident(mut self) -> Self {
        self.kind = Width::Identifier;
        self
    }

    /// Free text: gives way to everything else of its priority, takes the leftover width.
    #[must_use]
    pub const fn free(mut self) -> Self {
        self.kind = Width::Free;
        self.flex = true;
        self
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
/// An identifier or free-text column that does not fit whole takes what is left instead, so
/// a name is cut only when nothing else of its priority is left to give way.
pub fn fit<K: Copy>(columns: &[Column<K>], width: u16) -> Vec<Fitted<K>> {
    let mut order: Vec<usize> = (0..columns.len()).collect();
    order.sort_by_key(|&i| (columns[i].priority, columns[i].kind == Width::Free));
    let mut widths: Vec<Option<u16>> = vec![None; columns.len()];
    let mut used: u16 = 0;
    for i in order {
        let gap = u16::from(used > 0);
        let room = width.saturating_sub(used).saturating_sub(gap);
        let column = &columns[i];
        let take = if column.width <= room {
            column.width
        } else if column.kind != Width::Fixed && room >= FREE_FLOOR.min(column.width) {
            room
        } else {
            continue;
        };
        widths[i] = Some(take);
        used += take + gap;
    }
    let mut fitted: Vec<Fitted<K>> = columns
        .iter()
        .zip(&widths)
        .filter_map(|(c, w)| w.map(|width| Fitted { key: c.key, width, title: c.title, right: c.right }))
        .collect();
    if fitted.is_empty() {
        // Narrower than any column: show the first one, cut.
        return columns
            .first()
            .map(|c| Fitted { key: c.key, width, title: c.title, right: c.right })
            .into_iter()
            .collect();
    }
    let chosen: Vec<bool> = widths.iter().map(Option::is_some).collect();
    share_leftover(columns, &chosen, &mut fitted, width - used);
    fitted
}

/// The identifier column widths for the rows on screen: the widest name (or the declared
/// width, whichever is more), capped at `IDENT_CAP` and at half of `width`.
pub(super) fn measured<K: Copy>(
    columns: &[Column<K>],
    visible: Range<usize>,
    width: u16,
    ident: Option<&dyn Fn(usize) -> usize>,
) -> Vec<Column<K>> {
    let longest = ident.map_or(0, |f| visible.map(f).max().unwrap_or(0));
    let longest = u16::try_from(longest).unwrap_or(u16::MAX).min(IDENT_CAP).min(width / 2);
    columns
        .iter()
        .map(|c| match c.kind {
            Width::Identifier => Column { width: c.width.max(longest), ..*c },
            _ => *c,
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_drop_by_priority_and_flex_takes_the_rest() {
        let columns = [Column::new('a', "A", 10, 0).flex(), Column::new('b', "B", 10, 2), Column::new('c', "C", 10, 1)];
        let keys = |w| fit(&columns, w).iter().map(|f| (f.key, f.width)).collect::<Vec<_>>();
        assert_eq!(keys(32), [('a', 10), ('b', 10), ('c', 10)]);
        assert_eq!(keys(25), [('a', 14), ('c', 10)]);
        assert_eq!(keys(5), [('a', 5)]);
        assert_eq!(keys(0), [('a', 0)]);
    }

    #[test]
    fn identifiers_are_whole_before_free_text_gets_width() {
        let columns = [
            Column::new('s', "S", 10, 0),
            Column::new('n', "N", 40, 0).ident(),
            Column::new('r', "R", 20, 0).free(),
            Column::new('m', "M", 20, 1),
        ];
        let keys = |w| fit(&columns, w).iter().map(|f| (f.key, f.width)).collect::<Vec<_>>();
        // Free text gives way first, down to its floor, and lower priorities drop.
        assert_eq!(keys(60), [('s', 10), ('n', 40), ('r', 8)]);
        assert_eq!(keys(80), [('s', 10), ('n', 40), ('r', 28)]);
        assert_eq!(keys(120), [('s', 10), ('n', 40), ('r', 47), ('m', 20)]);
        // Too narrow for the name and the text: the name is cut, free text dropped.
        assert_eq!(keys(45), [('s', 10), ('n', 34)]);
    }

    #[test]
    fn identifier_width_follows_the_longest_visible_name_up_to_the_cap() {
        let columns = [Column::new('n', "N", 10, 0).ident(), Column::new('r', "R", 20, 0).free()];
        let names = ["a", "shop-prod-orders-db-writer", &"x".repeat(90)];
        let name = |i: usize| names[i].len();
        let width_of = |range: Range<usize>, w| measured(&columns, range, w, Some(&name))[0].width;
        assert_eq!(width_of(0..1, 200), 10);
        assert_eq!(width_of(0..2, 200), 26);
        assert_eq!(width_of(0..3, 200), IDENT_CAP);
        // Half the table at most, so the figures beside a name still fit.
        assert_eq!(width_of(0..3, 78), 39);
        assert_eq!(measured(&columns, 0..3, 200, None)[0].width, 10);
    }
}
