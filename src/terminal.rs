//! The terminal the console draws on: crossterm over a buffered stdout, behind a backend that
//! writes nothing for a frame that changed nothing.
//!
//! ratatui sends only the cells that differ from the last frame, but it still ends every frame
//! with colour and attribute resets and a hide-cursor: about 25 bytes that change nothing. The
//! console redraws when a poll lands or the clock's ten-second bucket turns, often with nothing
//! visible to change, and on a slow SSH link or a wall screen left on all day those bytes are
//! pure noise. `Quiet` drops them: an empty diff writes nothing and the cursor is hidden once.
//! The buffered writer sends a frame in one write instead of one per kilobyte.

use std::io::{self, BufWriter, Stdout};

use ratatui::Terminal;
use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};

/// The console's terminal.
pub type Console = Terminal<Quiet<CrosstermBackend<BufWriter<Stdout>>>>;

/// Room for a full 200×50 frame with colours, so that it goes out in one write.
const FRAME_BUFFER: usize = 64 * 1024;

/// A backend that forwards to `B` but writes nothing for an unchanged frame.
#[derive(Debug)]
pub struct Quiet<B> {
    inner: B,
    cursor_hidden: bool,
    /// A frame was announced (`Present::begin_frame`) but nothing of it written yet.
    announced: bool,
    /// The inner backend was told a frame began, so it must be told it ended.
    begun: bool,
}

impl<B> Quiet<B> {
    pub fn new(inner: B) -> Self {
        Self { inner, cursor_hidden: false, announced: false, begun: false }
    }

    pub fn inner(&self) -> &B {
        &self.inner
    }
}

impl<B: Backend<Error = io::Error> + Present> Backend for Quiet<B> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let mut content = content.peekable();
        if content.peek().is_none() {
            return Ok(());
        }
        if std::mem::take(&mut self.announced) {
            self.inner.begin_frame()?;
            self.begun = true;
        }
        self.inner.draw(content)
    }

    fn append_lines(&mut self, n: u16) -> Result<(), Self::Error> {
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        if !self.cursor_hidden {
            self.inner.hide_cursor()?;
            self.cursor_hidden = true;
        }
        Ok(())
    }

    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.cursor_hidden = false;
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> Result<(), Self::Error> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> Result<Size, Self::Error> {
        self.inner.size()
    }

    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> Result<(), Self::Error> {
        self.inner.flush()
    }
}

/// A frame is framed (synchronized output) only when it writes something: the begin marker is
/// held back until the first changed cell, and the end marker follows only a begin.
impl<B: Present> Present for Quiet<B> {
    fn begin_frame(&mut self) -> io::Result<()> {
        self.announced = true;
        Ok(())
    }

    fn end_frame(&mut self) -> io::Result<()> {
        self.announced = false;
        if std::mem::take(&mut self.begun) { self.inner.end_frame() } else { Ok(()) }
    }
}

/// Frames as one unit: terminals that support synchronized output show a frame only once it is
/// complete, so a redraw over a slow link never shows half of one.
pub trait Present {
    fn begin_frame(&mut self) -> std::io::Result<()> {
        Ok(())
    }

    fn end_frame(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<W: std::io::Write> Present for ratatui::backend::CrosstermBackend<W> {
    fn begin_frame(&mut self) -> std::io::Result<()> {
        crossterm::queue!(self, crossterm::terminal::BeginSynchronizedUpdate)
    }

    fn end_frame(&mut self) -> std::io::Result<()> {
        crossterm::queue!(self, crossterm::terminal::EndSynchronizedUpdate)?;
        std::io::Write::flush(self)
    }
}

impl Present for ratatui::backend::TestBackend {}

/// Takes the terminal: raw mode, the alternate screen, and a panic hook that gives it back.
/// (What `ratatui::try_init` does, with the quiet, buffered backend.) Undo with `ratatui::restore`.
pub fn take() -> io::Result<Console> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        ratatui::restore();
        hook(info);
    }));
    crossterm::terminal::enable_raw_mode()?;
    crossterm::execute!(io::stdout(), crossterm::terminal::EnterAlternateScreen)?;
    let writer = BufWriter::with_capacity(FRAME_BUFFER, io::stdout());
    Terminal::new(Quiet::new(CrosstermBackend::new(writer)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::widgets::Paragraph;

    fn written(terminal: &Terminal<Quiet<CrosstermBackend<Vec<u8>>>>) -> usize {
        terminal.backend().inner().writer().len()
    }

    #[test]
    fn an_unchanged_frame_writes_nothing() {
        // A Vec writer has no window size; a fixed viewport needs none.
        let viewport = ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 20, 2));
        let backend = Quiet::new(CrosstermBackend::new(Vec::new()));
        let mut terminal = Terminal::with_options(backend, ratatui::TerminalOptions { viewport }).unwrap();
        // As the app draws: announce a frame, draw it, close it.
        let mut draw = |text: &'static str| {
            terminal.backend_mut().begin_frame().unwrap();
            terminal.draw(|frame| frame.render_widget(Paragraph::new(text), frame.area())).unwrap();
            terminal.backend_mut().end_frame().unwrap();
            written(&terminal)
        };
        let first = draw("hello");
        assert!(first > 0);
        assert_eq!(draw("hello"), first, "the same frame again writes nothing");
        let changed = draw("hallo");
        assert!(changed > first, "a change is written");
        assert!(changed - first < 60, "only the changed cell, resets and frame markers: {}", changed - first);
        assert_eq!(draw("hallo"), changed);
    }

    #[test]
    fn a_written_frame_is_synchronized() {
        let viewport = ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 8, 1));
        let backend = Quiet::new(CrosstermBackend::new(Vec::new()));
        let mut terminal = Terminal::with_options(backend, ratatui::TerminalOptions { viewport }).unwrap();
        terminal.backend_mut().begin_frame().unwrap();
        terminal.draw(|frame| frame.render_widget(Paragraph::new("x"), frame.area())).unwrap();
        terminal.backend_mut().end_frame().unwrap();
        let out = String::from_utf8_lossy(terminal.backend().inner().writer()).into_owned();
        let (begin, end) = (out.find("\x1b[?2026h"), out.rfind("\x1b[?2026l"));
        assert!(begin.is_some() && end.is_some() && begin < out.find('x') && out.find('x') < end, "{out:?}");
    }
}
