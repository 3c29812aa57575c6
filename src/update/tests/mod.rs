//! `update` driven directly: events in, state and effects out. Fixtures here; the tests by
//! room beside.

mod db_history;
mod finding;
mod kiosk;
mod navigation;
mod polls;
mod redraw;
mod timeline;

use chrono::{TimeZone, Utc};

use super::update;
use crate::cloud::CloudError;
use crate::cloud::model::{
    Capabilities, DbFleet, DbInstance, DbMetric, DbSeries, DbStatus, Hardening, Metrics, Performance, PiQuery, PiView,
    Series, SqlLoad, SqlStats, Timestamp,
};
use crate::cloud::model::{DbRole, ResourceKey, Scope};
use crate::command::Command;
use crate::event::{Effect, Event, Polled};
use crate::feed::{Failure, Feed, Snapshot};
use crate::state::{Cursor, DetailTarget, Mode, State, Tab};

pub(super) fn at(secs: i64) -> Timestamp {
    Utc.timestamp_opt(1_800_000_000 + secs, 0).single().unwrap()
}

pub(super) fn east() -> Scope {
    Scope::region("us-east-1")
}

pub(super) fn db(id: &str, role: DbRole, pi: bool) -> DbInstance {
    DbInstance {
        id: id.to_owned(),
        resource_id: None,
        engine: "postgres".to_owned(),
        engine_version: Some("16.4".to_owned()),
        class: Some("db.r6g.large".to_owned()),
        role,
        replicas: Vec::new(),
        region: "us-east-1".to_owned(),
        az: Some("us-east-1a".to_owned()),
        secondary_az: None,
        status: DbStatus::Available,
        multi_az: Some(true),
        storage_encrypted: Some(true),
        kms_key_id: None,
        kms_key_aws_managed: None,
        publicly_accessible: Some(false),
        backup_retention_days: Some(7),
        backup_replica_regions: None,
        deletion_protection: Some(true),
        performance_insights: Some(pi),
        ca_certificate: None,
        master_secret_arn: None,
        allocated_storage_gib: Some(100),
        created: None,
        hardening: Hardening::default(),
    }
}

pub(super) fn fleet_event(ids: &[&str]) -> Event {
    fleet_at(ids, 0)
}

pub(super) fn fleet_at(ids: &[&str], secs: i64) -> Event {
    let mut instances: Vec<DbInstance> = ids.iter().map(|id| db(id, DbRole::Primary, false)).collect();
    instances.push(db("zz-main", DbRole::Primary, true));
    instances.push(db("zz-replica", DbRole::Replica { source: "zz-main".into() }, true));
    let data = DbFleet::new(instances, Vec::new());
    Event::Polled(Polled::Fleet(east(), Ok(Snapshot { data, fetched_at: at(secs) })))
}

pub(super) fn loaded(ids: &[&str]) -> (State, Vec<Effect>) {
    let mut state = State::new("TEST", vec![east()]);
    let effects = update(&mut state, fleet_event(ids));
    (state, effects)
}

pub(super) fn performance(instance: &str) -> Performance {
    Performance {
        instance: ResourceKey::new(east(), instance),
        view: PiView::default(),
        capabilities: Capabilities::default(),
        max_vcpu: Some(2.0),
        load: Vec::new(),
        top_sql: vec![SqlLoad {
            id: "q1".into(),
            statement: "SELECT 1".into(),
            load: 1.5,
            top_wait: None,
            stats: SqlStats::default(),
        }],
        top_keys: Vec::new(),
    }
}

pub(super) fn typed(state: &mut State, text: &str) {
    for c in text.chars() {
        update(state, Event::Text(c));
    }
}

pub(super) fn ids(state: &State) -> Vec<String> {
    state.rows.fleet.iter().map(|r| r.facts.key.id.clone()).collect()
}

pub(super) fn palette(state: &mut State, line: &str) -> Vec<Effect> {
    update(state, Event::Command(Command::Palette));
    typed(state, line);
    update(state, Event::Command(Command::Confirm))
}

pub(super) fn alarm(name: &str, state: crate::cloud::model::AlarmState) -> crate::cloud::model::Alarm {
    crate::cloud::model::Alarm {
        name: name.into(),
        region: "us-east-1".into(),
        state,
        reason: None,
        updated: None,
        namespace: None,
        metric: None,
        dimensions: Vec::new(),
        comparison: None,
        threshold: None,
        actions_enabled: true,
    }
}

pub(super) fn click(state: &mut State, column: u16, row: u16) -> Vec<Effect> {
    use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let kind = MouseEventKind::Down(MouseButton::Left);
    update(state, Event::Mouse(MouseEvent { kind, column, row, modifiers: KeyModifiers::NONE }))
}
