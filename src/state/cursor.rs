//! A table's cursor: the selected row and the first row shown.

/// A table's selection and scroll position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cursor {
    pub selected: usize,
    pub offset: usize,
    /// Set once the user moves: from then on the selection follows its resource when rows
    /// are rebuilt; before, it stays on the first row while the regions load in any order.
    pub moved: bool,
}

impl Cursor {
    /// Scrolls so that the selection is on a page of `page_rows`.
    pub fn keep_visible(&mut self, page_rows: usize) {
        let page_rows = page_rows.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page_rows {
            self.offset = self.selected + 1 - page_rows;
        }
    }
}
