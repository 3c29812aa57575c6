//! Drawing: turns a `State` into one frame, with no I/O and no mutation.
//!
//! `draw` takes the clock as an argument so that the same state always draws the same screen
//! (snapshot tests rely on it). Each tab has its own file; the header, tabs line and status bar
//! are in `chrome` and `status`, overlays in `detail` and `help`. Tables format only the rows that are
//! visible, so a frame costs the same for a hundred resources as for ten thousand.

mod alarms;
mod ascii;
mod capacity;
mod chrome;
mod columns;
mod confirm;
mod confirm_fields;
mod detail;
mod fleet;
mod format;
mod help;
mod kiosk;
mod load_chart;
mod notice;
mod overview;
mod perf_text;
mod performance;
mod prompt;
mod quitting;
mod replication;
mod runs;
mod spark;
mod status;
mod table;
mod timeline;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use crate::cloud::model::Timestamp;
use crate::config::keymap::Keymap;
use crate::config::theme::{Role, Theme};
use crate::printable;
use crate::state::{Mode, State, Tab};

/// The scene a frame draws: the state as of the clock, in the theme (what every drawing
/// function reads).
#[derive(Debug, Clone, Copy)]
struct Scene<'a> {
    state: &'a State,
    now: Timestamp,
    theme: &'a Theme,
}

impl Scene<'_> {
    fn style(&self, role: Role) -> Style {
        self.theme.style(role)
    }
}

/// Draws the whole screen for `state` as of `now`.
pub fn draw(frame: &mut Frame, state: &State, now: Timestamp, theme: &Theme, keymap: &Keymap) {
    let scene = Scene { state, now, theme };
    let areas = screen_areas(frame.area());
    chrome::header(frame, areas.header, scene);
    if let Some(tabs) = areas.tabs {
        chrome::tabs(frame, tabs, scene);
    }
    if let Some(status) = areas.status {
        status::draw(frame, status, scene, keymap);
    }
    let Some(mut body) = areas.body else {
        finish(frame, state);
        return;
    };
    // The war room gets a clock readable from across the room, when the wall is tall enough.
    if state.session.kiosk.is_some() && body.height >= kiosk::HEIGHT + 10 {
        kiosk::draw(frame, Rect { height: kiosk::HEIGHT, ..body }, scene);
        body.y += kiosk::HEIGHT;
        body.height -= kiosk::HEIGHT;
    }
    let runs_height = runs::height(state);
    // The runs panel shares the body only when the table keeps a useful height.
    if runs_height > 0 && body.height >= runs_height + 8 {
        let panel = Rect { y: body.bottom() - runs_height, height: runs_height, ..body };
        runs::draw(frame, panel, scene);
        body.height -= runs_height;
    }
    match state.nav.tab {
        Tab::Overview => overview::draw(frame, body, scene),
        Tab::Fleet => fleet::draw(frame, body, scene),
        Tab::Replication => replication::draw(frame, body, scene),
        Tab::Performance => performance::draw(frame, body, scene),
        Tab::Capacity => capacity::draw(frame, body, scene),
        Tab::Alarms => alarms::draw(frame, body, scene),
        Tab::Timeline => timeline::draw(frame, body, scene),
    }
    match &state.nav.mode {
        Mode::Normal => {}
        Mode::Detail(target) => detail::draw(frame, body, scene, target),
        Mode::Help => help::draw(frame, body, scene, keymap),
        Mode::Confirm(confirm) => confirm::draw(frame, body, scene, confirm),
        Mode::Filter => prompt::filter(frame, body, scene),
        Mode::Palette(input) => prompt::palette(frame, body, scene, input),
        Mode::Quitting(typed) => quitting::draw(frame, body, scene, typed),
        Mode::Note(typed) => prompt::note(frame, body, scene, typed),
    }
    finish(frame, state);
}

/// Last touches on the whole frame: no character that would act on the terminal, and
/// ASCII-only output where the terminal or font needs it.
fn finish(frame: &mut Frame, state: &State) {
    inert(frame.buffer_mut());
    if state.session.ascii {
        ascii::translate(frame.buffer_mut());
    }
}

/// Takes out of every cell what would drive the terminal rather than show. ratatui already
/// drops control characters; the bidi overrides and isolates are zero-width, so it keeps them,
/// appended to a cell, where they would reorder the line on a terminal that does bidi.
fn inert(buffer: &mut Buffer) {
    for cell in &mut buffer.content {
        let symbol = cell.symbol();
        if !symbol.is_ascii() && symbol.chars().any(printable::is_unsafe) {
            let kept = printable::strip(symbol).into_owned();
            cell.set_symbol(if kept.is_empty() { " " } else { &kept });
        }
    }
}

struct ScreenAreas {
    header: Rect,
    tabs: Option<Rect>,
    body: Option<Rect>,
    status: Option<Rect>,
}

/// Splits the screen by hand rather than with a constraint solver, so that tiny terminals
/// degrade in a fixed order: the header first, then the status bar, the body, the tabs line.
fn screen_areas(area: Rect) -> ScreenAreas {
    let line = |y: u16| Rect { y, height: 1, ..area };
    let h = area.height;
    let header = Rect { height: h.min(1), ..area };
    let status = (h >= 2).then(|| line(area.bottom() - 1));
    let tabs = (h >= 4).then(|| line(area.y + 1));
    let top = area.y + if h >= 4 { 2 } else { 1 };
    let body = (h >= 3).then(|| Rect { y: top, height: (area.bottom() - 1).saturating_sub(top), ..area });
    ScreenAreas { header, tabs, body: body.filter(|b| !b.is_empty()), status }
}
