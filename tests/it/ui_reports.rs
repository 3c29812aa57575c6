//! The analysis reports of the Performance tab: the list and a report's insights at 120×40
//! and 80×24; `A` through the confirm dialog to the run (and refused in read-only, kiosk and
//! replay, saying why); `R`, ↑/↓, Enter and Esc through `update`; a running report looked at
//! again, a bounded number of times.

use opsdeck::command::Command;
use opsdeck::event::{Effect, Event, Polled};
use opsdeck::runbook::plan::{Action, Request, RunbookKind, Step};
use opsdeck::state::{DetailTarget, Mode, Tab, Writes};
use opsdeck::update::update;

use crate::fixtures::{self, reports};
use crate::ui::screen;

const SIZES: [(u16, u16); 2] = [(120, 40), (80, 24)];

fn notice(state: &opsdeck::state::State) -> String {
    state.notice.as_ref().map(|n| n.text.clone()).unwrap_or_default()
}

#[test]
fn reports_views() {
    type Fixture = fn() -> opsdeck::state::State;
    let cases: [(&str, Fixture); 2] =
        [("perf_reports_list", reports::list_view), ("perf_report_insights", reports::report_view)];
    for (name, state) in cases {
        let state = state();
        for (w, h) in SIZES {
            insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen(&state, w, h));
        }
    }
}

#[test]
fn a_report_shows_its_severity_statement_and_recommendation() {
    let text = screen(&reports::report_view(), 120, 40);
    assert!(text.contains("[HIGH] DominatingSQLs"), "{text}");
    assert!(text.contains("SQL  UPDATE inventory SET reserved"), "{text}");
    assert!(text.contains("→ Investigate the statement"), "{text}");
    assert!(text.contains("[MEDIUM] HighDBLoad"), "the supporting insight: {text}");
}

fn on_performance() -> opsdeck::state::State {
    let mut state = fixtures::ready();
    state.nav.tab = Tab::Performance;
    state
}

#[test]
fn a_asks_for_the_window_shown_through_the_confirm_dialog_then_starts_the_run() {
    let mut state = on_performance();
    assert!(update(&mut state, Event::Command(Command::Analyze)).is_empty(), "nothing is sent before a confirm");
    let Mode::Confirm(confirm) = &state.nav.mode else { panic!("no dialog: {:?}", state.nav.mode) };
    let Request::AnalysisReport { target, start, end } = &confirm.request else { panic!("{:?}", confirm.request) };
    assert_eq!(*target, fixtures::focus());
    assert_eq!((*end - *start).num_seconds(), 3600, "the 1 h window on the tab");
    assert_eq!(end.timestamp() % 60, 0, "whole periods");
    assert_eq!(confirm.plan.runbook, RunbookKind::AnalysisReport);
    assert!(confirm.plan.can_confirm(), "{:?}", confirm.plan.checks);
    let Some(Step::Call { action: Action::CreateAnalysisReport { resource_id, .. }, .. }) = confirm.plan.steps.first()
    else {
        panic!("{:?}", confirm.plan.steps)
    };
    assert_eq!(resource_id, "db-95028");
    let text = screen(&state, 120, 40);
    assert!(text.contains("pi:CreatePerformanceAnalysisReport ServiceType=RDS Identifier=db-95028"), "{text}");
    assert!(text.contains("Window"), "{text}");
    let effects = update(&mut state, Event::Text('y'));
    assert!(
        matches!(effects.first(), Some(Effect::StartRun { plan, .. }) if plan.runbook == RunbookKind::AnalysisReport),
        "{effects:?}"
    );
    assert_eq!(state.nav.mode, Mode::Detail(DetailTarget::Reports), "the reports view opens");
    assert!(effects.contains(&Effect::FetchReports(fixtures::focus())), "{effects:?}");
}

#[test]
fn a_week_is_more_than_pi_analyses_and_the_plan_says_so() {
    let mut state = on_performance();
    state.fetched.pi_view.window = opsdeck::cloud::model::Window::Week;
    update(&mut state, Event::Command(Command::Analyze));
    let Mode::Confirm(confirm) = &state.nav.mode else { panic!("no dialog") };
    assert!(!confirm.plan.can_confirm());
    let effects = update(&mut state, Event::Text('y'));
    assert!(effects.is_empty(), "{effects:?}");
    assert!(notice(&state).contains("PI analyses 5 minutes to 6 days"), "{}", notice(&state));
}

#[test]
fn a_is_refused_in_read_only_kiosk_and_replay_saying_why() {
    let mut state = on_performance();
    state.session.writes = Writes::ReadOnly;
    state.session.read_only_because = "--read-only".to_owned();
    assert!(update(&mut state, Event::Command(Command::Analyze)).is_empty());
    assert_eq!(state.nav.mode, Mode::Normal);
    assert!(notice(&state).starts_with("read-only: --read-only"), "{}", notice(&state));

    let mut state = on_performance();
    state.session.writes = Writes::ReadOnly;
    state.session.replay = Some(opsdeck::state::ReplayStatus { playing: false, speed: 60, ended: false });
    assert!(update(&mut state, Event::Command(Command::Analyze)).is_empty());
    assert_eq!(state.nav.mode, Mode::Normal);
    assert!(notice(&state).contains("a replay"), "{}", notice(&state));

    let mut state = on_performance();
    state.session.kiosk = Some(opsdeck::state::Kiosk::new(20));
    assert!(update(&mut state, Event::Command(Command::Analyze)).is_empty());
    assert!(!matches!(state.nav.mode, Mode::Confirm(_)));
    assert!(notice(&state).starts_with("kiosk"), "{}", notice(&state));
}

#[test]
fn r_lists_enter_opens_esc_goes_back_and_closing_forgets() {
    let mut state = on_performance();
    let effects = update(&mut state, Event::Command(Command::Reports));
    assert_eq!(effects, vec![Effect::FetchReports(fixtures::focus())]);
    let listed = opsdeck::feed::Snapshot { data: reports::listed(), fetched_at: fixtures::t0() };
    update(&mut state, Event::Polled(Polled::Reports(fixtures::focus(), Ok(listed))));
    update(&mut state, Event::Command(Command::Down));
    assert_eq!(state.fetched.reports.as_ref().map(|r| r.selected), Some(1));
    let effects = update(&mut state, Event::Command(Command::Open));
    let id = reports::listed()[1].id.clone();
    assert_eq!(effects, vec![Effect::FetchReport(fixtures::focus(), id.clone())]);
    assert_eq!(state.nav.mode, Mode::Detail(DetailTarget::Report(id)));
    assert!(update(&mut state, Event::Command(Command::Back)).is_empty(), "the list is held");
    assert_eq!(state.nav.mode, Mode::Detail(DetailTarget::Reports));
    update(&mut state, Event::Command(Command::Back));
    assert_eq!((state.nav.mode.clone(), state.fetched.reports.is_none()), (Mode::Normal, true));
}

#[test]
fn a_running_report_is_looked_at_again_with_each_poll_a_bounded_number_of_times() {
    let mut state = reports::report_view();
    if let Some(open) = state.fetched.reports.as_mut().and_then(|r| r.open.as_mut())
        && let opsdeck::feed::Feed::Ready(s) = &mut open.feed
    {
        s.data.summary.status = opsdeck::cloud::model::ReportStatus::Running;
    }
    let poll = || {
        let snapshot = opsdeck::feed::Snapshot { data: fixtures::performance(), fetched_at: fixtures::t0() };
        Event::Polled(Polled::Performance(opsdeck::cloud::model::PiQuery::new(fixtures::focus()), Ok(snapshot)))
    };
    let (mut looks, mut lists) = (0, 0);
    for _ in 0..100 {
        let effects = update(&mut state, poll());
        looks += effects.iter().filter(|e| matches!(e, Effect::FetchReport(..))).count();
        lists += effects.iter().filter(|e| matches!(e, Effect::FetchReports(..))).count();
    }
    assert_eq!(looks, 30);
    assert_eq!(lists, 30, "the list, with a running report in it, as bounded");
}

#[test]
fn plans_and_reports_draw_at_every_size_from_20x5_to_200x55() {
    let states = [
        reports::list_view(),
        reports::report_view(),
        crate::fixtures::perf::sql_plans(opsdeck::state::PlanShown::Compare),
        crate::fixtures::perf::sql_plans(opsdeck::state::PlanShown::Only(1)),
        crate::fixtures::perf::sql_plans_not_reported(),
    ];
    for state in &states {
        for w in (20..=200).step_by(9) {
            for h in (5..=55).step_by(5) {
                let _ = screen(state, w, h);
            }
        }
        let _ = screen(state, 200, 55);
    }
}

#[test]
fn report_text_with_terminal_control_is_drawn_inert() {
    let mut state = reports::report_view();
    if let Some(open) = state.fetched.reports.as_mut().and_then(|r| r.open.as_mut())
        && let opsdeck::feed::Feed::Ready(s) = &mut open.feed
    {
        s.data.insights[0].description = Some("evil\u{1b}[2J\u{7}\u{202e}text".to_owned());
        s.data.insights[0].statements = vec!["SELECT\u{9b}31m 1".to_owned()];
    }
    let text = screen(&state, 120, 40);
    assert!(!text.chars().any(|c| c != '\n' && opsdeck::printable::is_unsafe(c)), "{text}");
    assert!(text.contains("evil[2Jtext"), "{text}");
}
