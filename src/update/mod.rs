//! `update`: the only writer of `State`. It turns one event into state changes and effects.
//!
//! No I/O happens here: what needs the outside world comes back as an `Effect` for the app.
//!
//! This file dispatches; the rooms beside it do the work: `polled` (poll results), `rebuild`
//! (rows), `redraw` (when to draw), `navigate` (tabs, cursor), `detail` (detail views, focus),
//! `db_history` (a DB instance's detail over the window), `performance` (slice, window, a
//! statement's detail),
//! `filter`, `sort` and `palette` (finding things), `runbook` (confirm dialog, runs), `reports`
//! (analysis reports), `timeline` (the Timeline tab) and `note` (operator notes), `kiosk` and
//! `mouse`.

use crate::command::Command;
use crate::event::{Effect, Event};
use crate::state::runs::Run;
use crate::state::{Mode, Notice, State, Tab};

use detail::{follow_alarm_history, open_detail};
use navigate::{move_by, page, switch_tab};

/// Applies one event to the state and returns what the app must do.
pub fn update(state: &mut State, event: Event) -> Vec<Effect> {
    match event {
        Event::Command(command) => {
            let refresh = command == Command::Refresh;
            let mut effects = run_command(state, command);
            effects.extend(follow_alarm_history(state, refresh));
            effects.extend(db_history::follow(state, refresh));
            effects.extend(performance::follow_sql_detail(state, refresh));
            effects.extend(performance::follow_blocking(state, refresh));
            effects.extend(reports::follow(state, refresh));
            effects
        }
        Event::Usage(usage) => {
            redraw::usage(state, usage);
            Vec::new()
        }
        Event::Resize(columns, rows) => {
            navigate::resize(state, columns, rows);
            kiosk::resized(state, columns, rows);
            Vec::new()
        }
        Event::Tick(now) => {
            state.now = Some(now);
            timeline::clock_moved(state);
            kiosk::tick(state);
            redraw::tick(state, now);
            Vec::new()
        }
        Event::Polled(polled) => polled::apply(state, polled),
        Event::Text(c) => {
            state.dirty = true;
            match state.nav.mode {
                Mode::Filter => filter::text(state, c),
                Mode::Palette(_) => palette::text(state, c),
                Mode::Quitting(_) => quitting::text(state, c),
                Mode::Note(_) => note::text(state, c),
                _ => {
                    // A confirmed report run opens the reports view, which fetches its list.
                    let mut effects = runbook::text(state, c);
                    effects.extend(reports::follow(state, false));
                    return effects;
                }
            }
            Vec::new()
        }
        Event::Notice(notice) => {
            state.dirty = true;
            state.notice = Some(notice);
            Vec::new()
        }
        Event::Mouse(mouse) => {
            // A click can open an alarm's detail, which shows its history, as the keys do.
            let mut effects = mouse::handle(state, mouse);
            effects.extend(follow_alarm_history(state, false));
            effects.extend(db_history::follow(state, false));
            effects.extend(performance::follow_sql_detail(state, false));
            effects.extend(performance::follow_blocking(state, false));
            effects.extend(reports::follow(state, false));
            effects
        }
        Event::Stop(why) => {
            // Nobody is there to answer a question: quit now (runs record themselves abandoned).
            state.notice = Some(Notice::warn(why));
            state.quit = true;
            vec![Effect::Quit]
        }
        Event::Replay(status) => {
            replay::status(state, status);
            Vec::new()
        }
        Event::Run(run) => {
            state.dirty = true;
            runbook::progress(state, run)
        }
        Event::Logged(entry) => {
            if let crate::record::Entry::Audit { at, line } = &entry
                && state.others.observe(*at, line)
            {
                state.dirty = true;
            }
            timeline::observe(state, &entry);
            Vec::new()
        }
        Event::Consoles(n) => {
            state.dirty |= state.session.consoles != Some(n);
            state.session.consoles = Some(n);
            Vec::new()
        }
        Event::TimelineLoaded(events) => {
            timeline::loaded(state, events);
            Vec::new()
        }
    }
}

/// Quit, from whatever mode: the same in every one of them. With runs in progress it asks
/// first (`quitting`), and a second quit from there means it.
fn quit(state: &mut State) -> Vec<Effect> {
    if state.runs.iter().any(Run::is_active) && !matches!(state.nav.mode, Mode::Quitting(_)) {
        state.nav.mode = Mode::Quitting(String::new());
        return Vec::new();
    }
    state.quit = true;
    vec![Effect::Quit]
}

/// A command in normal mode (or in a detail view or the help), or routed to the open dialog.
fn run_command(state: &mut State, command: Command) -> Vec<Effect> {
    state.dirty = true;
    state.notice = None;
    // On the wall nothing but quit does anything: a leaning elbow must not change the screen.
    if state.session.kiosk.is_some() && command != Command::Quit {
        if command == Command::Analyze {
            state.notice = Some(Notice::warn("kiosk: nothing is written from the wall"));
        }
        return Vec::new();
    }
    match state.nav.mode {
        Mode::Confirm(_) => return runbook::confirm_command(state, command),
        Mode::Filter => return filter::command(state, command),
        Mode::Palette(_) => return palette::command(state, command),
        Mode::Quitting(_) => return quitting::command(state, command),
        Mode::Note(_) => return note::command(state, command),
        _ => {}
    }
    let mut effects = Vec::new();
    match command {
        Command::Quit => effects.extend(quit(state)),
        Command::NextTab => effects.extend(switch_tab(state, state.nav.tab.next())),
        Command::PrevTab => effects.extend(switch_tab(state, state.nav.tab.prev())),
        Command::TabOverview => effects.extend(switch_tab(state, Tab::Overview)),
        Command::TabFleet => effects.extend(switch_tab(state, Tab::Fleet)),
        Command::TabReplication => effects.extend(switch_tab(state, Tab::Replication)),
        Command::TabPerformance => effects.extend(switch_tab(state, Tab::Performance)),
        Command::TabCapacity => effects.extend(switch_tab(state, Tab::Capacity)),
        Command::TabAlarms => effects.extend(switch_tab(state, Tab::Alarms)),
        Command::Up if reports::move_by(state, -1) => {}
        Command::Down if reports::move_by(state, 1) => {}
        Command::TabTimeline => effects.extend(switch_tab(state, Tab::Timeline)),
        Command::Up => move_by(state, -1),
        Command::Down => move_by(state, 1),
        Command::PageUp => move_by(state, -page(state)),
        Command::PageDown => move_by(state, page(state)),
        Command::Top => move_by(state, isize::MIN / 2),
        Command::Bottom => move_by(state, isize::MAX / 2),
        Command::Open if reports::open(state) => {}
        // An event is not a row with a detail: Enter goes to its resource.
        Command::Open if state.nav.tab == Tab::Timeline => timeline::jump(state),
        Command::Open => open_detail(state),
        Command::Back if state.nav.mode == Mode::Normal => filter::clear(state),
        Command::Back if reports::back(state) => {}
        Command::Back => state.nav.mode = Mode::Normal,
        Command::Filter => state.nav.mode = Mode::Filter,
        Command::SortNext => sort::next(state),
        Command::SortReverse => sort::reverse(state),
        Command::Palette => state.nav.mode = Mode::Palette(String::new()),
        Command::RemoveScheduled => runbook::remove_scheduled(state),
        Command::Refresh => effects.push(Effect::RefreshAll),
        Command::NextSlice => effects.extend(performance::next_slice(state)),
        Command::NextWindow => effects.extend(performance::next_window(state)),
        Command::Blocking => performance::open_blocking(state),
        Command::NextPlan => performance::next_plan(state),
        // `R`: the analysis reports on the Performance tab, the runbook picker (as `B`) elsewhere.
        Command::Reports if state.nav.tab == Tab::Performance => reports::open_reports(state),
        Command::Runbooks | Command::Reports => runbook::pick(state),
        Command::Help => state.nav.mode = if state.nav.mode == Mode::Help { Mode::Normal } else { Mode::Help },
        Command::ScaleUp | Command::Snapshot | Command::Failover | Command::Analyze => runbook::request(state, command),
        Command::NextPane => navigate::move_pane(state, true),
        Command::PrevPane => navigate::move_pane(state, false),
        // On the Overview of a console that is not replaying, → and ← move between its panes.
        Command::ReplayForward | Command::ReplayBack
            if state.nav.tab == Tab::Overview && state.session.replay.is_none() =>
        {
            navigate::move_pane(state, command == Command::ReplayForward);
        }
        Command::ReplayPlay
        | Command::ReplayForward
        | Command::ReplayBack
        | Command::ReplayFaster
        | Command::ReplaySlower
        | Command::ReplayNextEvent
        | Command::ReplayPrevEvent => effects.extend(replay::command(state, command)),
        Command::Note => note::open(state),
        // Confirm-dialog commands mean nothing outside one.
        Command::Confirm
        | Command::NextField
        | Command::Increment
        | Command::Decrement
        | Command::NextChoice
        | Command::PrevChoice
        | Command::DeleteChar => {}
    }
    effects
}

mod db_history;
mod detail;
mod filter;
mod kiosk;
mod mouse;
mod navigate;
mod note;
mod palette;
mod performance;
mod polled;
mod quitting;
mod rebuild;
mod redraw;
mod replay;
mod reports;
mod runbook;
mod sort;
mod timeline;

pub use rebuild::metric_targets;
pub use runbook::open as open_confirm;

#[cfg(test)]
mod tests;
