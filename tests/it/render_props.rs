//! Property test: random fleets — empty, huge, fields missing, very long and non-ASCII
//! identifiers, any Unicode — drawn on every tab at random sizes from 1×1 to 400×120, through
//! `update` and `ui::draw` as the console does, never panic and never put a control or bidi
//! character into a cell. Case counts are modest so the
//! suite stays fast on two cores.

use opsdeck::cloud::CloudError;
use opsdeck::cloud::model::{DbFleet, DbInstance, DbRole, DbStatus, ScalingGroup};
use opsdeck::config::keymap::Keymap;
use opsdeck::config::theme::Theme;
use opsdeck::event::{Event, Polled};
use opsdeck::feed::Failure;
use opsdeck::state::{State, Tab};
use opsdeck::update::update;
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::fixtures::{self, east, instance, snapshot, t0, west};

/// Identifiers: empty, short ASCII, very long, CJK, emoji, combining marks, or any code point.
fn ident() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => prop::sample::select(vec!['a', 'z', '0', '-', '.', '_']),
        1 => prop::sample::select(vec!['デ', '分', '析', '🦀', '👩', '\u{200d}', '\u{301}', 'é', ' ']),
        1 => any::<char>(),
    ];
    prop_oneof![
        3 => prop::collection::vec(piece.clone(), 0..24),
        1 => prop::collection::vec(piece, 120..400),
    ]
    .prop_map(String::from_iter)
}

fn maybe<T: std::fmt::Debug + Clone>(value: T) -> impl Strategy<Value = Option<T>> {
    prop_oneof![Just(None), Just(Some(value))]
}

fn db() -> impl Strategy<Value = DbInstance> {
    let role = prop_oneof![
        Just(DbRole::Primary),
        ident().prop_map(|source| DbRole::Replica { source }),
        ident().prop_map(|cluster| DbRole::ClusterWriter { cluster }),
        ident().prop_map(|cluster| DbRole::ClusterReader { cluster }),
    ];
    let status = prop_oneof![Just(DbStatus::Available), Just(DbStatus::Failed), ident().prop_map(DbStatus::Other)];
    (ident(), role, status, ident(), maybe(()), any::<(bool, u32)>()).prop_map(
        |(id, role, status, engine, missing, (multi_az, storage))| {
            let mut db = instance(&id, "us-east-1", role);
            db.status = status;
            db.engine = engine;
            db.allocated_storage_gib = Some(storage);
            db.multi_az = Some(multi_az);
            if missing.is_some() {
                // Everything AWS may omit, omitted.
                db.resource_id = None;
                db.engine_version = None;
                db.class = None;
                db.az = None;
                (db.multi_az, db.storage_encrypted, db.kms_key_id, db.kms_key_aws_managed) = (None, None, None, None);
                (db.publicly_accessible, db.backup_retention_days, db.backup_replica_regions) = (None, None, None);
                (db.deletion_protection, db.performance_insights, db.ca_certificate) = (None, None, None);
                (db.allocated_storage_gib, db.created) = (None, None);
            }
            db
        },
    )
}

fn fleet() -> impl Strategy<Value = Vec<DbInstance>> {
    prop_oneof![
        1 => Just(Vec::new()),
        4 => prop::collection::vec(db(), 1..40),
        1 => prop::collection::vec(db(), 500..1000),
    ]
}

fn group() -> impl Strategy<Value = ScalingGroup> {
    (ident(), any::<(u32, u32, u32, u32)>()).prop_map(|(name, (min, desired, max, in_service))| ScalingGroup {
        name,
        region: "us-east-1".to_owned(),
        min,
        desired,
        max,
        in_service,
        pending: desired.saturating_sub(in_service),
        terminating: 0,
        below_desired_since: None,
        instances_by_az: Vec::new(),
        activities: Vec::new(),
        scheduled: Vec::new(),
    })
}

fn draw_all_tabs(state: &mut State, width: u16, height: u16) {
    let theme = Theme::default();
    let keymap = Keymap::builtin("default").unwrap();
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    update(state, Event::Resize(width, height));
    for tab in [Tab::Fleet, Tab::Replication, Tab::Performance, Tab::Capacity, Tab::Alarms] {
        state.nav.tab = tab;
        terminal.draw(|frame| opsdeck::ui::draw(frame, state, t0(), &theme, &keymap)).unwrap();
        let cells = &terminal.backend().buffer().content;
        let live: Vec<&str> = cells
            .iter()
            .map(ratatui::buffer::Cell::symbol)
            .filter(|s| s.chars().any(opsdeck::printable::is_unsafe))
            .collect();
        assert!(live.is_empty(), "{tab:?} at {width}x{height} draws terminal control: {live:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_fleets_at_random_sizes_never_panic(
        east_fleet in fleet(),
        groups in prop::collection::vec(group(), 0..30),
        west_fails in any::<bool>(),
        width in 1_u16..=400,
        height in 1_u16..=120,
    ) {
        let mut state = fixtures::loading();
        let at = t0();
        update(&mut state, Event::Polled(Polled::Fleet(east(), Ok(snapshot(DbFleet::new(east_fleet, Vec::new()), at)))));
        update(&mut state, Event::Polled(Polled::Groups(east(), Ok(snapshot(groups, at)))));
        let west_result = if west_fails {
            Err(Failure { error: CloudError::Network { message: "no answer within 5s".to_owned() }, at })
        } else {
            Ok(snapshot(DbFleet::default(), at))
        };
        update(&mut state, Event::Polled(Polled::Fleet(west(), west_result)));
        draw_all_tabs(&mut state, width, height);
    }
}

#[test]
fn the_extreme_sizes_draw() {
    let mut state = fixtures::delivered(0);
    for (width, height) in [(1, 1), (1, 120), (400, 1), (400, 120), (2, 2)] {
        draw_all_tabs(&mut state, width, height);
    }
}

#[test]
fn names_with_terminal_control_are_drawn_inert() {
    let mut state = fixtures::loading();
    let hostile = "shop\u{1b}[2J\u{7}\u{202e}evil\u{2066}\u{9b}31m";
    let mut db = instance(hostile, "us-east-1", DbRole::Primary);
    db.engine = "postgres\u{202d}".to_owned();
    let at = t0();
    let fleet = DbFleet::new(vec![db], Vec::new());
    update(&mut state, Event::Polled(Polled::Fleet(east(), Ok(snapshot(fleet, at)))));
    draw_all_tabs(&mut state, 120, 40);
    state.nav.tab = Tab::Fleet;
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let keymap = Keymap::builtin("default").unwrap();
    terminal.draw(|frame| opsdeck::ui::draw(frame, &state, t0(), &Theme::default(), &keymap)).unwrap();
    let screen = terminal.backend().to_string();
    assert!(screen.contains("shop[2Jevil31m"), "the text is kept, its control is not: {screen}");
}
