//! The console's terminal session: takes the terminal, runs the app on it with what it was
//! started with (a recorder, a replay clock, the last recorded state), and restores the
//! terminal whatever happened; SIGTERM and SIGHUP end it as a quit does.

use std::sync::Arc;

use color_eyre::Result;
use color_eyre::eyre::WrapErr;
use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use tokio::sync::mpsc;

use super::{App, Setup};
use crate::record::replay::ReplayClock;
use crate::record::{self, Recorder};

/// What the console runs with besides its setup: a recorder, a replay clock, the last
/// recorded state to start from.
#[derive(Debug)]
pub struct Extras {
    pub recorder: Option<Recorder>,
    /// The replay clock and the recording it replays.
    pub replay: Option<(Arc<ReplayClock>, std::path::PathBuf)>,
    pub warm: Option<record::warm::Warm>,
    /// The war room of the hub the console is fed by.
    pub war: Option<crate::hub::war::WarRoom>,
}

/// Takes the terminal, runs the console, and restores the terminal whatever happened.
pub async fn run(setup: Setup, mouse: bool, extras: Extras) -> Result<()> {
    let mut terminal = crate::terminal::take().wrap_err("cannot set up the terminal")?;
    if mouse {
        // ratatui's own panic hook restores raw mode and the screen; this one gives the mouse
        // back too, so a crash never leaves the terminal swallowing clicks.
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _ = crossterm::execute!(std::io::stdout(), DisableMouseCapture);
            previous(info);
        }));
        crossterm::execute!(std::io::stdout(), EnableMouseCapture).wrap_err("cannot enable the mouse")?;
    }
    let result = run_console(setup, &mut terminal, extras).await;
    if mouse {
        let _ = crossterm::execute!(std::io::stdout(), DisableMouseCapture);
    }
    ratatui::restore();
    result
}

async fn run_console(setup: Setup, terminal: &mut crate::terminal::Console, extras: Extras) -> Result<()> {
    let (input_tx, input_rx) = mpsc::unbounded_channel();
    let reader = crate::event::read_terminal(input_tx);
    let mut app = App::start(setup, input_rx);
    if let Some(war) = &extras.war {
        app.share(war);
    }
    // Before recording starts: the last session's state is not this one's to record again.
    if let Some(warm) = extras.warm {
        app.start_warm(warm);
    }
    if let Some(recorder) = extras.recorder {
        app.record_to(recorder);
    }
    if let Some((clock, path)) = extras.replay {
        app.replay_on(clock, &path);
    }
    forward_stop_signals(app.events());
    let size = terminal.size()?;
    app.handle(crate::event::Event::Resize(size.width, size.height));
    let result = app.run(terminal).await;
    app.stop_recording();
    reader.abort();
    result
}

/// SIGTERM and SIGHUP (a dropped SSH session, a service manager stopping us) end the console
/// as a quit does: runs in progress record themselves abandoned, and the terminal is restored.
fn forward_stop_signals(events: mpsc::UnboundedSender<crate::event::Event>) {
    use signal_hook::consts::{SIGHUP, SIGTERM};
    let mut signals = match signal_hook::iterator::Signals::new([SIGTERM, SIGHUP]) {
        Ok(signals) => signals,
        Err(error) => {
            tracing::warn!(%error, "cannot listen for SIGTERM and SIGHUP");
            return;
        }
    };
    std::thread::spawn(move || {
        for signal in signals.forever() {
            let name = if signal == SIGHUP { "SIGHUP" } else { "SIGTERM" };
            tracing::info!("{name}: the console stops");
            if events.send(crate::event::Event::Stop(format!("{name}: stopping"))).is_err() {
                break;
            }
        }
    });
}
