//! Screen tests: every tab in every feed state, the detail views and the help overlay, drawn
//! into a `TestBackend` at 120×40 and 80×24 and compared with reviewed snapshots; plus checks
//! that tiny terminals never panic, that colours follow meaning, and that a ten-thousand-row
//! fleet scrolls to its last row. What stale rows must say is in `stale.rs`.

use opsdeck::cloud::model::ResourceKey;
use opsdeck::command::Command;
use opsdeck::config::keymap::Keymap;
use opsdeck::config::theme::{Role, Theme};
use opsdeck::event::Event;
use opsdeck::state::{DetailTarget, Mode, State, Tab};
use opsdeck::ui::draw;
use opsdeck::update::update;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

use crate::fixtures::{self, LONG_ID, SQL_ID, east, t0};

const SIZES: [(u16, u16); 2] = [(120, 40), (80, 24)];

fn keymap() -> Keymap {
    Keymap::builtin("default").unwrap_or_default()
}

/// Draws one frame of `state` and returns the buffer.
pub(crate) fn buffer(state: &State, width: u16, height: u16) -> Buffer {
    let Ok(mut terminal) = Terminal::new(TestBackend::new(width, height));
    let theme = Theme::default();
    let keymap = keymap();
    let Ok(_) = terminal.draw(|frame| draw(frame, state, t0(), &theme, &keymap));
    terminal.backend().buffer().clone()
}

/// The screen as text, one quoted line per row (the `TestBackend` format).
pub(crate) fn screen(state: &State, width: u16, height: u16) -> String {
    let Ok(mut terminal) = Terminal::new(TestBackend::new(width, height));
    let theme = Theme::default();
    let keymap = keymap();
    let Ok(_) = terminal.draw(|frame| draw(frame, state, t0(), &theme, &keymap));
    terminal.backend().to_string()
}

pub(crate) fn on_tab(state: &State, tab: Tab) -> State {
    let mut state = state.clone();
    state.nav.tab = tab;
    state
}

fn tab_name(tab: Tab) -> String {
    tab.title().to_lowercase()
}

fn snapshot_every_tab(case: &str, state: &State) {
    for tab in Tab::ALL {
        for (w, h) in SIZES {
            let name = format!("{case}_{}_{w}x{h}", tab_name(tab));
            insta::assert_snapshot!(name, screen(&on_tab(state, tab), w, h));
        }
    }
}

#[test]
fn every_tab_loading() {
    snapshot_every_tab("loading", &fixtures::loading());
}

#[test]
fn every_tab_ready() {
    snapshot_every_tab("ready", &fixtures::ready());
}

#[test]
fn every_tab_stale() {
    snapshot_every_tab("stale", &fixtures::stale());
}

#[test]
fn every_tab_failed_with_last_data() {
    snapshot_every_tab("failed_with_data", &fixtures::failed_with_data());
}

#[test]
fn every_tab_failed_without_data() {
    snapshot_every_tab("failed_without_data", &fixtures::failed_without_data());
}

#[test]
fn performance_insights_not_enabled_says_so() {
    let state = on_tab(&fixtures::performance_not_enabled(), Tab::Performance);
    let text = screen(&state, 120, 40);
    assert!(text.contains("Performance Insights is not enabled for shop-prod-db"), "{text}");
    insta::assert_snapshot!("performance_not_enabled_120x40", text);
}

fn details() -> Vec<(&'static str, Tab, DetailTarget)> {
    let key = |id: &str| ResourceKey::new(east(), id);
    vec![
        ("instance", Tab::Fleet, DetailTarget::Db(key("shop-prod-db"))),
        ("instance_legacy", Tab::Fleet, DetailTarget::Db(key("legacy-reports"))),
        ("cluster", Tab::Fleet, DetailTarget::Db(key("orders-aurora"))),
        ("group", Tab::Capacity, DetailTarget::Group(key("shop-web-asg"))),
        ("alarm", Tab::Alarms, DetailTarget::Alarm(key("shop-prod-db-cpu-high"))),
        ("sql", Tab::Performance, DetailTarget::Sql(SQL_ID.to_owned())),
    ]
}

#[test]
fn detail_views() {
    for (name, tab, target) in details() {
        let mut state = on_tab(&fixtures::ready(), tab);
        state.nav.mode = Mode::Detail(target);
        for (w, h) in SIZES {
            insta::assert_snapshot!(format!("detail_{name}_{w}x{h}"), screen(&state, w, h));
        }
    }
}

#[test]
fn detail_of_a_resource_that_vanished_says_so() {
    let mut state = fixtures::ready();
    state.nav.mode = Mode::Detail(DetailTarget::Db(ResourceKey::new(east(), "deleted-db")));
    let text = screen(&state, 120, 40);
    assert!(text.contains("deleted-db (us-east-1) is no longer in the data"), "{text}");
}

#[test]
fn help_overlay() {
    let mut state = fixtures::ready();
    state.nav.mode = Mode::Help;
    for (w, h) in SIZES {
        let text = screen(&state, w, h);
        assert!(text.contains("q/ctrl-c") || text.contains("ctrl-c/q"), "{text}");
        insta::assert_snapshot!(format!("help_{w}x{h}"), text);
    }
}

#[test]
fn opening_a_row_with_enter_shows_its_detail() {
    let mut state = fixtures::ready();
    update(&mut state, Event::Command(Command::TabAlarms));
    update(&mut state, Event::Command(Command::Down));
    // Which alarm that is, is update's business (it keeps a moved selection on its resource).
    let Some(selected) = state.selected_key(Tab::Alarms) else { panic!("no alarm selected") };
    update(&mut state, Event::Command(Command::Open));
    let text = screen(&state, 120, 40);
    assert!(text.contains(&format!("{selected} — alarm")), "{text}");
    assert!(text.contains("Esc to close"), "{text}");
}

#[test]
fn every_tab_and_mode_draws_at_any_size_without_panicking() {
    let states = [
        fixtures::loading(),
        fixtures::ready(),
        fixtures::stale(),
        fixtures::failed_with_data(),
        fixtures::failed_without_data(),
    ];
    let mut modes = vec![Mode::Normal, Mode::Help];
    modes.extend(details().into_iter().map(|(_, _, target)| Mode::Detail(target)));
    let sizes = [(20, 5), (1, 1), (2, 2), (0, 0), (10, 3), (40, 8), (60, 12), (161, 7), (300, 4)];
    for state in &states {
        for tab in Tab::ALL {
            for mode in &modes {
                let mut state = on_tab(state, tab);
                state.nav.mode = mode.clone();
                for (w, h) in sizes {
                    let _ = buffer(&state, w, h);
                }
            }
        }
    }
}

#[test]
fn tiny_screens_show_what_fits() {
    let state = fixtures::ready();
    insta::assert_snapshot!("ready_fleet_20x5", screen(&state, 20, 5));
    assert_eq!(screen(&state, 1, 1), "\"…\"\n");
}

#[test]
fn ten_thousand_rows_scroll_to_the_last_one() {
    let mut state = fixtures::big_fleet(10_000);
    update(&mut state, Event::Resize(120, 40));
    update(&mut state, Event::Command(Command::Bottom));
    let text = screen(&state, 120, 40);
    assert!(text.contains("db-09999"), "{text}");
    assert!(text.contains("10000/10000"), "{text}");
    assert!(text.contains("DB instances & clusters (10000)"), "{text}");
    assert!(!text.contains("db-00000"), "{text}");
    // A stored offset from a taller terminal still keeps the selection on screen when shorter.
    let short = screen(&state, 120, 12);
    assert!(short.contains("db-09999"), "{short}");
    update(&mut state, Event::Command(Command::Top));
    let top = screen(&state, 120, 40);
    assert!(top.contains("db-00000") && top.contains("1/10000"), "{top}");
}

/// The row of the buffer whose text contains `needle`, and the column where it starts.
pub(crate) fn find(buffer: &Buffer, needle: &str) -> Option<(u16, u16)> {
    let area = buffer.area;
    (0..area.height).find_map(|y| {
        let cells: Vec<&str> = (0..area.width).map(|x| buffer[(x, y)].symbol()).collect();
        let line: String = cells.concat();
        let byte = line.find(needle)?;
        let x = cells.iter().scan(0, |bytes, c| {
            let start = *bytes;
            *bytes += c.len();
            Some(start)
        });
        x.enumerate().find(|&(_, start)| start == byte).map(|(x, _)| (u16::try_from(x).unwrap_or(0), y))
    })
}

#[test]
fn colours_follow_meaning() {
    let theme = Theme::default();
    let alarms = buffer(&on_tab(&fixtures::ready(), Tab::Alarms), 120, 40);
    let Some((x, y)) = find(&alarms, "ALARM ") else { panic!("no ALARM row") };
    assert_eq!(alarms[(x, y)].fg, theme.style(Role::Critical).fg.unwrap_or_default());
    let Some((x, y)) = find(&alarms, "INSUFFICIENT_DATA") else { panic!("no INSUFFICIENT_DATA row") };
    assert_eq!(alarms[(x, y)].fg, theme.style(Role::Warn).fg.unwrap_or_default());
    let state = on_tab(&fixtures::ready(), Tab::Alarms);
    let Some(selected) = state.selected_key(Tab::Alarms) else { panic!("no alarm selected") };
    let Some((x, y)) = find(&alarms, &selected.id) else { panic!("selected row not drawn") };
    assert_eq!(alarms[(x, y)].bg, theme.style(Role::Selection).bg.unwrap_or_default());

    let throttled = buffer(&fixtures::failed_with_data(), 120, 40);
    let Some((x, y)) = find(&throttled, "shop-prod-db-ro1") else { panic!("no replica row") };
    assert_eq!(throttled[(x, y)].fg, theme.style(Role::Stale).fg.unwrap_or_default());
    let Some((x, y)) = find(&throttled, "events ✗ throttled") else { panic!("no failed feed in the status bar") };
    assert_eq!(throttled[(x + 7, y)].fg, theme.style(Role::Critical).fg.unwrap_or_default());
}

#[test]
fn stale_rows_say_why_and_missing_values_are_dashes() {
    let text = screen(&fixtures::failed_with_data(), 120, 40);
    assert!(text.contains("us-east-1: stale, throttled 3m") && text.contains("· 3m old"), "{text}");
    let ready = screen(&fixtures::ready(), 120, 40);
    let legacy = ready.lines().find(|l| l.contains("legacy-reports")).unwrap_or_default();
    assert!(legacy.contains('—') && !legacy.contains(" 0 "), "{legacy}");
    assert!(ready.contains('…'), "the long id must be cut with an ellipsis: {ready}");
    assert!(!ready.contains(LONG_ID), "{ready}");
}

#[test]
fn wide_terminals_show_more_columns() {
    let text = screen(&fixtures::ready(), 200, 30);
    for column in ["Version", "DB load"] {
        assert!(text.contains(column), "{column} missing:\n{text}");
    }
    // The fixture's very long name takes its capped width before the hour of CPU does.
    let roomier = screen(&fixtures::ready(), 240, 30);
    assert!(roomier.contains("CPU last hour"), "CPU last hour missing:\n{roomier}");
    // The health verdict keeps room for its reason; the I/O columns come when there is more.
    let wider = screen(&fixtures::ready(), 260, 30);
    for column in ["R IOPS", "W IOPS", "Load last hour"] {
        assert!(wider.contains(column), "{column} missing:\n{wider}");
    }
    insta::assert_snapshot!("ready_fleet_200x30", text);
}

#[test]
fn the_clock_has_minute_resolution() {
    let state = fixtures::ready();
    let theme = Theme::default();
    let keymap = keymap();
    let draw_at = |now| {
        let Ok(mut terminal) = Terminal::new(TestBackend::new(120, 40));
        let Ok(_) = terminal.draw(|frame| draw(frame, &state, now, &theme, &keymap));
        terminal.backend().to_string()
    };
    assert_eq!(draw_at(t0()), draw_at(t0() + chrono::Duration::seconds(9)));
    assert!(draw_at(t0()).contains("15:00 UTC"));
}

fn confirming(request: opsdeck::runbook::plan::Request) -> State {
    let mut state = fixtures::ready();
    opsdeck::update::open_confirm(&mut state, request);
    state
}

#[test]
fn confirm_views() {
    use opsdeck::runbook::plan::Request;
    let cases = [
        ("scale_low_risk", Request::ScaleUp { group: ResourceKey::new(east(), "shop-web-asg"), target: 9 }),
        ("scale_beyond_max", Request::ScaleUp { group: ResourceKey::new(east(), "shop-web-asg"), target: 20 }),
        (
            "snapshot_with_copy",
            Request::Snapshot {
                target: ResourceKey::new(east(), "shop-prod-db"),
                snapshot_id: "opsdeck-shop-prod-db-20261127-150000".into(),
                copy_to_dr: true,
            },
        ),
        ("failover_multi_az", Request::Failover { target: ResourceKey::new(east(), "shop-prod-db"), reader: None }),
        (
            "promote_dr",
            Request::Failover { target: ResourceKey::new(fixtures::west(), "shop-prod-db-west"), reader: None },
        ),
        (
            "add_aurora_reader",
            Request::Runbook {
                name: "add-aurora-reader".into(),
                target: ResourceKey::new(east(), "orders-aurora-2"),
                at: None,
                given: Vec::new(),
            },
        ),
        (
            "resize_multi_az",
            Request::Runbook {
                name: "resize-instance".into(),
                target: ResourceKey::new(east(), "shop-prod-db"),
                at: None,
                given: Vec::new(),
            },
        ),
    ];
    for (case, request) in cases {
        let state = confirming(request);
        for (w, h) in SIZES {
            insta::assert_snapshot!(format!("confirm_{case}_{w}x{h}"), screen(&state, w, h));
        }
    }
}

#[test]
fn a_plan_taller_than_the_dialog_scrolls_to_its_last_line() {
    use opsdeck::command::Command;
    use opsdeck::runbook::plan::Request;
    let target = ResourceKey::new(east(), "shop-prod-db");
    let mut state =
        confirming(Request::Runbook { name: "resize-instance".into(), target, at: None, given: Vec::new() });
    let first = screen(&state, 80, 24);
    assert!(first.contains("0 above · 8 below") && !first.contains("typically for 60–120 s"), "{first}");
    let mut press = |command| opsdeck::update::update(&mut state, opsdeck::event::Event::Command(command));
    press(Command::PageDown);
    press(Command::Decrement);
    press(Command::Decrement);
    press(Command::Decrement);
    let last = screen(&state, 80, 24);
    assert!(last.contains("8 above · 0 below") && last.contains("typically for 60–120 s"), "{last}");
    assert!(last.contains("Type shop-prod-db to confirm"), "the prompt stays: {last}");
    opsdeck::update::update(&mut state, opsdeck::event::Event::Command(Command::Increment));
    assert!(screen(&state, 80, 24).contains("7 above · 1 below"), "↑ scrolls back a row");
    opsdeck::update::update(&mut state, opsdeck::event::Event::Command(Command::PageDown));
    opsdeck::update::update(&mut state, opsdeck::event::Event::Command(Command::PageDown));
    assert!(screen(&state, 80, 24).contains("8 above · 0 below"), "never past the last line");
}

#[test]
fn runs_panel_shows_progress_and_outcomes() {
    use opsdeck::runbook::catalog::plan;
    use opsdeck::runbook::plan::Request;
    use opsdeck::runbook::report::RunStatus;
    let mut state = fixtures::ready();
    let request = Request::ScaleUp { group: ResourceKey::new(east(), "shop-web-asg"), target: 9 };
    let running = plan(&state.fleet_view(), &request);
    let statuses = [
        RunStatus::Succeeded,
        RunStatus::Stopped("re-check before acting: shop-web-asg desired changed from 6 to 7".into()),
        RunStatus::Running,
    ];
    for (i, status) in statuses.into_iter().enumerate() {
        let finished = (status != RunStatus::Running).then(|| fixtures::ago(3));
        let id = state.runs.start(running.clone(), fixtures::ago(5));
        assert_eq!(id, i as u64 + 1);
        state.runs.update(id, |run| {
            run.step = 1;
            run.progress = Some("7/9 in service, 2 pending".into());
            run.status = status;
            run.finished = finished;
        });
    }
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("runs_panel_{w}x{h}"), screen(&state, w, h));
    }
}

/// The frame with its styles (ratatui's `Buffer` debug form lists every style change), so a
/// theme's colours are part of the snapshot.
fn styled(state: &State, theme: &Theme, width: u16, height: u16) -> String {
    let Ok(mut terminal) = Terminal::new(TestBackend::new(width, height));
    let Ok(_) = terminal.draw(|frame| draw(frame, state, t0(), theme, &keymap()));
    format!("{:?}", terminal.backend().buffer())
}

#[test]
fn warroom_theme_on_the_wall() {
    let theme = Theme::builtin("warroom").unwrap();
    let mut state = fixtures::ready();
    state.session.kiosk = Some(opsdeck::state::Kiosk::new(20));
    insta::assert_snapshot!("warroom_kiosk_fleet_120x40", styled(&state, &theme, 120, 40));
    state.nav.tab = Tab::Alarms;
    insta::assert_snapshot!("warroom_kiosk_alarms_80x24", styled(&state, &theme, 80, 24));
}

#[test]
fn ascii_mode_draws_no_box_or_block_characters() {
    let mut state = fixtures::ready();
    state.session.ascii = true;
    for tab in Tab::ALL {
        let text = screen(&on_tab(&state, tab), 120, 40);
        let foreign: Vec<char> = text.chars().filter(|c| !c.is_ascii()).collect();
        assert!(foreign.is_empty(), "{tab:?} has {foreign:?}");
    }
    insta::assert_snapshot!("ascii_fleet_80x24", screen(&state, 80, 24));
}

/// The drawn line of a Fleet row, found by its (short enough) id, and the column it starts at.
pub(crate) fn row_line(buffer: &Buffer, id: &str) -> Option<(String, u16, u16)> {
    let (x, y) = find(buffer, &format!("{id} "))?;
    let line = (0..buffer.area.width).map(|x| buffer[(x, y)].symbol()).collect::<String>();
    Some((line, x, y))
}

#[test]
fn the_timeline_tab_with_a_note_and_its_prompt() {
    let mut state = fixtures::ready();
    state.session.operator = "dana".into();
    update(&mut state, Event::Tick(t0()));
    update(&mut state, Event::Command(Command::TabTimeline));
    update(&mut state, Event::Command(Command::Note));
    for c in "failing over shop-prod-db by hand".chars() {
        update(&mut state, Event::Text(c));
    }
    insta::assert_snapshot!("timeline_note_prompt_80x24", screen(&state, 80, 24));
    update(&mut state, Event::Command(Command::Confirm));
    assert_eq!(state.rows.timeline[0].event.what, "failing over shop-prod-db by hand");
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("timeline_with_note_{w}x{h}"), screen(&state, w, h));
    }
    for (w, h) in [(20, 5), (24, 6), (40, 10), (80, 24), (120, 40), (160, 45), (200, 55)] {
        let _ = buffer(&state, w, h);
    }
}

/// At 80 columns a refusal's notice (here a read-only console's) is shown in full: the feed
/// line narrows to its problems to make room rather than the notice being dropped.
#[test]
fn a_notice_is_shown_at_80_columns_the_feed_line_narrowing_for_it() {
    let mut state = fixtures::ready();
    state.session.writes = opsdeck::state::Writes::ReadOnly;
    "no AWS credentials given (--profile)".clone_into(&mut state.session.read_only_because);
    update(&mut state, Event::Command(Command::Failover));
    let screen = screen(&state, 80, 24);
    let bar = screen.lines().last().unwrap_or_default();
    assert!(bar.contains("read-only: no AWS credentials given (--profile), runbooks are off"), "{bar}");
    let wide = screen_at(&state, 200);
    assert!(wide.contains("rds ") && wide.contains("runbooks are off"), "{wide}");
}

fn screen_at(state: &State, width: u16) -> String {
    screen(state, width, 24).lines().last().unwrap_or_default().to_owned()
}
