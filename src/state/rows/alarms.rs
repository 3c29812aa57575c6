//! The Alarms tab's rows: every CloudWatch alarm of every scope, worst state first.

use crate::cloud::model::{Alarm, ResourceKey, Scope};
use crate::feed::Feeds;

/// One row of the Alarms tab.
#[derive(Debug, Clone, PartialEq)]
pub struct AlarmRow {
    pub scope: Scope,
    pub alarm: Alarm,
}

impl AlarmRow {
    pub fn key(&self) -> ResourceKey {
        ResourceKey::new(self.scope.clone(), self.alarm.name.clone())
    }
}

/// Alarm rows: ALARM first, then INSUFFICIENT_DATA, then OK; most recently changed first.
pub fn alarm_rows(alarms: &Feeds<Vec<Alarm>>) -> Vec<AlarmRow> {
    let mut rows: Vec<AlarmRow> = alarms
        .data()
        .flat_map(|(scope, list)| list.iter().map(|a| AlarmRow { scope: scope.clone(), alarm: a.clone() }))
        .collect();
    rows.sort_by(|a, b| {
        (a.alarm.state, std::cmp::Reverse(a.alarm.updated), &a.alarm.name).cmp(&(
            b.alarm.state,
            std::cmp::Reverse(b.alarm.updated),
            &b.alarm.name,
        ))
    });
    rows
}
