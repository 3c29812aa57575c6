//! The Alarms tab: `CloudWatch` alarms, firing first, with how long they have been in their state,
//! whether their actions run or are paused, what they watch and the condition, and the reason
//! `CloudWatch` gave.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row};

use super::Scene;
use super::format::{DASH, ago, counted, number, one_line, problem_note, width};
use super::notice;
use super::table::{self, Column, Fitted, Spec};
use crate::cloud::model::{Alarm, AlarmState};
use crate::config::theme::Role;
use crate::feed::FeedKind;
use crate::state::Tab;
use crate::state::rows::AlarmRow;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    State,
    Name,
    Region,
    Since,
    Actions,
    Metric,
    Condition,
    Reason,
}

const COLUMNS: [Column<Col>; 8] = [
    Column::new(Col::State, "State", 17, 0),
    Column::new(Col::Name, "Name", 24, 0).ident(),
    Column::new(Col::Region, "Region", 10, 2).scope(),
    Column::new(Col::Since, "Since", 5, 0).right(),
    Column::new(Col::Actions, "Actions", 7, 0),
    Column::new(Col::Metric, "Metric", 24, 1),
    Column::new(Col::Condition, "Condition", 9, 1),
    Column::new(Col::Reason, "Reason", 12, 0).free(),
];

/// The role an alarm state is drawn with.
pub fn state_role(state: AlarmState) -> Role {
    match state {
        AlarmState::Alarm => Role::Critical,
        AlarmState::InsufficientData => Role::Warn,
        AlarmState::Ok => Role::Ok,
    }
}

/// An alarm's actions in a word: "on", or "paused" (`DisableAlarmActions`).
pub fn actions_word(alarm: &Alarm) -> &'static str {
    if alarm.actions_enabled { "on" } else { "paused" }
}

/// "namespace/metric", or whichever half is known.
pub fn metric_name(alarm: &Alarm) -> String {
    match (&alarm.namespace, &alarm.metric) {
        (Some(ns), Some(m)) => format!("{ns}/{m}"),
        (None, Some(m)) => m.clone(),
        (Some(ns), None) => ns.clone(),
        (None, None) => DASH.to_owned(),
    }
}

/// "> 80", or "—" when the alarm has no simple threshold (e.g. a metric-math alarm).
pub fn condition(alarm: &Alarm) -> String {
    match (alarm.comparison, alarm.threshold) {
        (Some(c), Some(t)) => format!("{} {}", c.symbol(), number(t)),
        _ => DASH.to_owned(),
    }
}

/// Draws the Alarms tab.
pub fn draw(frame: &mut Frame, area: Rect, scene: Scene<'_>) {
    let state = scene.state;
    let rows = &state.rows.alarms;
    let firing = rows.iter().take_while(|r| r.alarm.state == AlarmState::Alarm).count();
    let mut title = vec![Span::styled(counted("CloudWatch alarms", rows.len()), scene.style(Role::Header))];
    if firing > 0 {
        title.push(Span::styled(format!("{firing} in ALARM "), scene.style(Role::Critical)));
    }
    let title = Line::from(title);
    if rows.is_empty() {
        notice::draw(
            frame,
            area,
            scene,
            title,
            notice::feeds_lines(scene, &state.fetched.alarms, "No CloudWatch alarms"),
        );
        return;
    }
    let note = notice::scope_note(scene, &state.fetched.alarms, FeedKind::Alarms);
    let ident = |i: usize| width(&rows[i].alarm.name);
    let spec = Spec {
        title,
        columns: &COLUMNS,
        len: rows.len(),
        cursor: state.cursor(Tab::Alarms),
        note,
        ident: Some(&ident),
    };
    table::draw(frame, area, scene, spec, |i, cols| row(scene, &rows[i], cols));
}

fn row<'a>(scene: Scene<'_>, r: &'a AlarmRow, cols: &[Fitted<Col>]) -> Row<'a> {
    let problem = scene.state.scope_problem(FeedKind::Alarms, &r.scope, scene.now);
    let stale = problem.is_some();
    let tone = |role: Role| if stale { scene.style(Role::Stale) } else { scene.style(role) };
    let alarm = &r.alarm;
    let cells: Vec<Cell<'a>> = cols
        .iter()
        .map(|col| match col.key {
            Col::State => col.text(alarm.state.as_str(), tone(state_role(alarm.state))),
            Col::Name => col.text(alarm.name.as_str(), tone(Role::Text)),
            Col::Region => col.text(scene.state.session.scope_label(&r.scope), tone(Role::Text)),
            Col::Since => col.text(ago(scene.now, alarm.updated), tone(Role::Text)),
            Col::Actions => {
                let role = if alarm.actions_enabled { Role::Muted } else { Role::Warn };
                col.text(actions_word(alarm), tone(role))
            }
            Col::Metric => col.text(metric_name(alarm), tone(Role::Text)),
            Col::Condition => col.text(condition(alarm), tone(Role::Text)),
            Col::Reason => {
                let reason = alarm.reason.as_deref().map_or_else(|| DASH.to_owned(), one_line);
                match &problem {
                    Some(p) => col.text(format!("stale: {} · {reason}", problem_note(p)), tone(Role::Stale)),
                    None => col.text(reason, tone(Role::Muted)),
                }
            }
        })
        .collect();
    let row = Row::new(cells);
    if stale { row.style(scene.style(Role::Stale)) } else { row }
}
