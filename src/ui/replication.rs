//! The Replication tab: each primary (or Aurora writer) with its replicas indented beneath it,
//! cross-region replicas marked with their region, lag now and an hour of lag as a sparkline.
//!
//! The lag thresholds are in the title so that a colour is never the only explanation. The
//! Failover column says, for each failover target (a Multi-AZ primary, an Aurora writer for its
//! cluster, a DR replica), whether its failover runbook's preconditions pass now; the Fleet
//! detail names the one that fails.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row};

use super::Scene;
use super::format::{DASH, level_role, opt_secs, problem_note, width};
use super::notice;
use super::spark::sparkline;
use super::table::{self, Column, Fitted, Spec};
use crate::cloud::model::DbMetric;
use crate::config::theme::Role;
use crate::feed::FeedKind;
use crate::judging::{Level, format_secs, status_verdict};
use crate::state::Tab;
use crate::state::rows::ReplicationRow;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Name,
    Region,
    Role,
    Status,
    Lag,
    Failover,
    Trend,
}

const COLUMNS: [Column<Col>; 7] = [
    Column::new(Col::Name, "Name", 24, 0).ident(),
    Column::new(Col::Region, "Region", 13, 1).scope(),
    Column::new(Col::Role, "Role", 7, 3),
    Column::new(Col::Status, "Status", 12, 0),
    Column::new(Col::Lag, "Lag now", 8, 0).right(),
    Column::new(Col::Failover, "Failover", 9, 2),
    Column::new(Col::Trend, "Lag, last hour", 16, 1).flex(),
];

/// Draws the Replication tab.
pub fn draw(frame: &mut Frame, area: Rect, scene: Scene<'_>) {
    let state = scene.state;
    let rows = &state.rows.replication;
    let limit = &state.session.thresholds.replica_lag;
    let title = Line::from(vec![
        Span::styled(" Replication ", scene.style(Role::Header)),
        Span::styled(
            format!("— lag warn ≥ {}, crit ≥ {} ", format_secs(limit.warn), format_secs(limit.critical)),
            scene.style(Role::Muted),
        ),
    ]);
    if rows.is_empty() {
        let lines = notice::feeds_lines(scene, &state.fetched.fleet, "No DB instances to show replication for");
        notice::draw(frame, area, scene, title, lines);
        return;
    }
    let note = notice::scope_note(scene, &state.fetched.metrics, FeedKind::Metrics);
    let ident = |i: usize| name_width(&rows[i]);
    let cursor = state.cursor(Tab::Replication);
    let spec = Spec { title, columns: &COLUMNS, len: rows.len(), cursor, note, ident: Some(&ident) };
    table::draw(frame, area, scene, spec, |i, cols| row(scene, &rows[i], cols));
}

fn problem(scene: Scene<'_>, r: &ReplicationRow) -> Option<String> {
    let state = scene.state;
    [FeedKind::Fleet, FeedKind::Metrics]
        .into_iter()
        .find_map(|kind| state.scope_problem(kind, &r.key.scope, scene.now))
        .map(|p| problem_note(&p))
}

fn row<'a>(scene: Scene<'_>, r: &'a ReplicationRow, cols: &[Fitted<Col>]) -> Row<'a> {
    let problem = problem(scene, r);
    let stale = problem.is_some();
    let tone = |role: Role| if stale { scene.style(Role::Stale) } else { scene.style(role) };
    let level = if r.level == Level::Ok { Role::Text } else { level_role(r.level) };
    let cells: Vec<Cell<'a>> = cols
        .iter()
        .map(|col| match col.key {
            Col::Name => name(r, col, &tone),
            Col::Region if r.cross_region => {
                col.text(format!("⇢ {}", scene.state.session.scope_label(&r.key.scope)), tone(Role::Accent))
            }
            Col::Region => col.text(scene.state.session.scope_label(&r.key.scope), tone(Role::Text)),
            Col::Role => col.text(r.role, tone(Role::Text)),
            Col::Status => {
                let level = status_verdict(&r.status).level;
                col.text(r.status.as_str(), tone(if level == Level::Ok { Role::Text } else { level_role(level) }))
            }
            Col::Lag if r.depth == 0 && r.replica_count > 0 => col.text("source", tone(Role::Muted)),
            Col::Lag => col.text(opt_secs(r.lag_secs), tone(level)),
            Col::Failover => match &r.failover {
                None => col.text("", tone(Role::Muted)),
                Some(f) if f.is_ready() => col.text("ready", tone(Role::Ok)),
                Some(_) => col.text("NOT READY", tone(Role::Warn)),
            },
            Col::Trend => trend(scene, r, col, tone(level), problem.as_deref()),
        })
        .collect();
    let row = Row::new(cells);
    if stale { row.style(scene.style(Role::Stale)) } else { row }
}

/// The width the name cell needs, with a replica's indent or a primary's replica count.
fn name_width(r: &ReplicationRow) -> usize {
    let extra = match (r.depth, r.replica_count) {
        (1.., _) => width(REPLICA_INDENT),
        (0, 0) => 0,
        (0, 1) => width(" (1 replica)"),
        (0, n) => width(&format!(" ({n} replicas)")),
    };
    width(&r.key.id) + extra
}

const REPLICA_INDENT: &str = "  └─ ";

fn name<'a>(r: &'a ReplicationRow, col: &Fitted<Col>, tone: &dyn Fn(Role) -> Style) -> Cell<'a> {
    if r.depth > 0 {
        return col.line(vec![
            Span::styled(REPLICA_INDENT, tone(Role::Muted)),
            Span::styled(r.key.id.as_str(), tone(Role::Text)),
        ]);
    }
    let mut spans = vec![Span::styled(r.key.id.as_str(), tone(Role::Text))];
    match r.replica_count {
        0 => {}
        1 => spans.push(Span::styled(" (1 replica)", tone(Role::Muted))),
        n => spans.push(Span::styled(format!(" ({n} replicas)"), tone(Role::Muted))),
    }
    col.line(spans)
}

/// Old data is marked first ("stale: 3m old"), then the sparkline gets what width is left.
fn trend<'a>(scene: Scene<'_>, r: &ReplicationRow, col: &Fitted<Col>, style: Style, note: Option<&str>) -> Cell<'a> {
    let mut spans = Vec::new();
    if let Some(note) = note {
        // The whole row is already drawn stale; the word itself goes only where it fits.
        let word = if usize::from(col.width) >= note.len() + 7 { "stale: " } else { "" };
        spans.push(Span::styled(format!("{word}{note} "), scene.style(Role::Stale)));
    }
    let room = usize::from(col.width).saturating_sub(spans.iter().map(Span::width).sum());
    let series = scene.state.db_series(&r.key).and_then(|s| s.get(DbMetric::ReplicaLag));
    let values: Vec<f64> = series.map(|s| s.values().collect()).unwrap_or_default();
    if r.depth == 0 && r.replica_count > 0 {
        // A source has no lag of its own.
    } else if values.is_empty() {
        spans.push(Span::styled(DASH, scene.style(Role::Muted)));
    } else if room >= 4 {
        // Scaled to at least the warn threshold: a healthy replica's sub-second jitter stays
        // flat instead of filling the cell.
        let peak = values.iter().copied().fold(scene.state.session.thresholds.replica_lag.warn, f64::max);
        spans.push(Span::styled(sparkline(&values, room, Some(peak)), style));
    }
    col.line(spans)
}
