//! The runbook picker (`B`, or `R` outside the Performance tab): the runbooks that apply to the
//! selected row, each with what it does, and a team's own marked with the file it comes from;
//! and the dialogs of runbook files with their fields, drawn at every size.

use std::sync::Arc;

use opsdeck::command::Command;
use opsdeck::event::Event;
use opsdeck::runbook::book::Library;
use opsdeck::runbook::book::validate::load;
use opsdeck::state::{Mode, Tab};

use crate::fixtures;
use crate::runbook_cli::TEAM;
use crate::ui::{on_tab, screen};

#[test]
fn the_picker_lists_what_each_runbook_does_and_marks_the_teams_own() {
    let mut state = on_tab(&fixtures::ready(), Tab::Capacity);
    let mut library = Library::builtin().unwrap();
    library.add(load("/etc/opsdeck/runbooks/add-two.toml", TEAM, false).unwrap());
    state.session.runbooks = Arc::new(library);
    opsdeck::update::update(&mut state, Event::Command(Command::Reports));
    assert_eq!(state.nav.mode, Mode::Palette("runbook ".to_owned()), "R on the Capacity tab is the picker");
    let shown = screen(&state, 120, 40);
    let line = |name: &str| shown.lines().find(|l| l.contains(&format!("  {name}  "))).unwrap_or_default().to_owned();
    assert!(line("scale-up").contains("raise an Auto Scaling Group's desired capacity"), "{shown}");
    assert!(!line("scale-up").contains("yours"), "{shown}");
    let team = line("add-two");
    assert!(
        team.contains("add-two  yours: /etc/opsdeck/runbooks/add-two.toml  two more, never beyond the maximum"),
        "{shown}"
    );
    insta::assert_snapshot!("runbook_picker_80x24", screen(&state, 80, 24));
}

#[test]
fn runbook_dialogs_with_every_kind_of_field_draw_at_every_size() {
    use opsdeck::cloud::model::ResourceKey;
    use opsdeck::runbook::plan::Request;
    let cases = [
        ("prescale-window", "shop-web-asg", "window_desired"),
        ("resize-instance", "shop-prod-db", "new_class"),
        ("add-aurora-reader", "orders-aurora", "class"),
        ("pause-alarm-actions", "shop-prod-db-cpu-high", "together"),
    ];
    for (name, target, focused) in cases {
        let mut state = fixtures::ready();
        let request = Request::Runbook {
            name: name.to_owned(),
            target: ResourceKey::new(fixtures::east(), target),
            at: state.now,
            given: Vec::new(),
        };
        opsdeck::update::open_confirm(&mut state, request);
        let Mode::Confirm(confirm) = &state.nav.mode else { panic!("{name}: {:?}", state.nav.mode) };
        assert_eq!(confirm.focused().map(|f| f.name.as_str()), Some(focused), "{name}");
        for width in (20..=200).step_by(9) {
            for height in (5..=55).step_by(5) {
                let shown = screen(&state, width, height);
                assert_eq!(shown.lines().count(), usize::from(height), "{name} at {width}×{height}");
            }
        }
    }
}
