//! The Fleet tab: every DB instance and Aurora cluster (members indented under their cluster)
//! with status, latest metrics, a posture column (findings by severity) and a health verdict.
//!
//! Rows of a region whose feed is stale or failed keep their last values but are drawn in the
//! stale style, and the health column keeps its last verdict with the age of the data beside it
//! (and why, where it fits: "crit free 3.0 GiB · throttled, 3m old"): old numbers are never mistaken for current ones, and during
//! the throttling an incident brings, the critical database still reads as critical. On wide terminals the engine version, IOPS and an hour of CPU get their own columns.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row};

use super::Scene;
use super::detail;
use super::format::{DASH, counted, level_role, opt, opt_secs, stale_verdict, width};
use super::notice;
use super::spark::sparkline;
use super::table::{self, Column, Fitted, Spec};
use crate::cloud::model::DbMetric;
use crate::config::theme::Role;
use crate::feed::{FeedKind, Freshness};
use crate::judging::{Level, Limit, status_verdict};
use crate::state::Tab;
use crate::state::rows::{FleetKind, FleetRow};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Name,
    Region,
    Role,
    Engine,
    EngineName,
    Version,
    Class,
    Az,
    Status,
    Cpu,
    Conns,
    Free,
    Lag,
    Posture,
    ReadIops,
    WriteIops,
    CpuTrend,
    Load,
    LoadTrend,
    Health,
}

/// Terminals at least this wide split engine and version and show the extra columns.
const WIDE_FROM: u16 = 160;

const NARROW: [Column<Col>; 14] = [
    Column::new(Col::Name, "Name", 19, 0).ident(),
    Column::new(Col::Region, "Region", 10, 2).scope(),
    Column::new(Col::Role, "Role", 7, 2),
    Column::new(Col::Engine, "Engine", 14, 3),
    Column::new(Col::Class, "Class", 13, 4),
    Column::new(Col::Az, "AZ", 8, 2),
    Column::new(Col::Status, "Status", 12, 0),
    Column::new(Col::Posture, "Posture", 7, 0),
    Column::new(Col::Cpu, "CPU%", 4, 1).right(),
    Column::new(Col::Conns, "Conns", 5, 2).right(),
    Column::new(Col::Free, "Free GiB", 8, 1).right(),
    Column::new(Col::Lag, "Lag", 5, 1).right(),
    Column::new(Col::Load, "DB load", 9, 3).right(),
    Column::new(Col::Health, "Health", 20, 0).free(),
];

const WIDE: [Column<Col>; 19] = [
    Column::new(Col::Name, "Name", 19, 0).ident(),
    Column::new(Col::Region, "Region", 10, 2).scope(),
    Column::new(Col::Role, "Role", 7, 2),
    Column::new(Col::EngineName, "Engine", 17, 3),
    Column::new(Col::Version, "Version", 8, 3),
    Column::new(Col::Class, "Class", 13, 4),
    Column::new(Col::Az, "AZ", 8, 2),
    Column::new(Col::Status, "Status", 12, 0),
    Column::new(Col::Posture, "Posture", 7, 0),
    Column::new(Col::Cpu, "CPU%", 4, 1).right(),
    Column::new(Col::CpuTrend, "CPU last hour", 14, 5),
    Column::new(Col::Conns, "Conns", 5, 2).right(),
    Column::new(Col::Free, "Free GiB", 8, 1).right(),
    Column::new(Col::Lag, "Lag", 5, 1).right(),
    Column::new(Col::Load, "DB load", 9, 1).right(),
    Column::new(Col::LoadTrend, "Load last hour", 14, 6),
    Column::new(Col::ReadIops, "R IOPS", 7, 5).right(),
    Column::new(Col::WriteIops, "W IOPS", 7, 5).right(),
    Column::new(Col::Health, "Health", 32, 0).free(),
];

/// Draws the Fleet tab.
pub fn draw(frame: &mut Frame, area: Rect, scene: Scene<'_>) {
    let state = scene.state;
    let rows = &state.rows.fleet;
    let title = Line::styled(counted("DB instances & clusters", rows.len()), scene.style(Role::Header));
    if rows.is_empty() {
        let regions: Vec<String> = state.session.scopes.iter().map(ToString::to_string).collect();
        let empty = format!("No DB instances in {}", regions.join(", "));
        notice::draw(frame, area, scene, title, notice::feeds_lines(scene, &state.fetched.fleet, &empty));
        return;
    }
    let pane = pane_height(frame.area().height, area.height, rows.len());
    let selected = state.selected_key(Tab::Fleet).filter(|_| pane > 0);
    let area = if selected.is_some() { Rect { height: area.height - pane, ..area } } else { area };
    let columns: &[Column<Col>] = if area.width >= WIDE_FROM { &WIDE } else { &NARROW };
    let note = notice::scope_note(scene, &state.fetched.fleet, FeedKind::Fleet);
    let ident = |i: usize| name_width(&rows[i]);
    let spec = Spec { title, columns, len: rows.len(), cursor: state.cursor(Tab::Fleet), note, ident: Some(&ident) };
    table::draw(frame, area, scene, spec, |i, cols| row(scene, &rows[i], cols));
    if let Some(key) = selected {
        detail::db_pane(frame, Rect { y: area.bottom(), height: pane, ..area }, scene, &key);
    }
}

/// Terminals at least this tall show the selected database's metrics and findings under the table.
const TALL_FROM: u16 = 45;

/// Rows the bottom pane needs at least: every metric line, a few findings and its border.
const PANE_MIN: u16 = DbMetric::ALL.len() as u16 + 6;

/// The bottom pane's height: what the table's rows leave, so a small fleet's table shrinks to
/// fit, but at least `PANE_MIN` when the fleet is long.
fn pane_height(screen: u16, tab: u16, rows: usize) -> u16 {
    if screen < TALL_FROM || tab < PANE_MIN * 2 {
        return 0;
    }
    let table = u16::try_from(rows).unwrap_or(u16::MAX).saturating_add(4).min(tab - PANE_MIN);
    tab - table
}

/// Which feed makes a row stale, if one does, and how: its region's fleet feed first
/// (named by nothing), then its metrics.
fn problem(scene: Scene<'_>, row: &FleetRow) -> Option<(&'static str, Freshness)> {
    let state = scene.state;
    let scope = &row.facts.key.scope;
    if let Some(p) = state.scope_problem(FeedKind::Fleet, scope, scene.now) {
        return Some(("", p));
    }
    state.scope_problem(FeedKind::Metrics, scope, scene.now).map(|p| ("metrics ", p))
}

fn row<'a>(scene: Scene<'_>, r: &'a FleetRow, cols: &[Fitted<Col>]) -> Row<'a> {
    let problem = problem(scene, r);
    let stale = problem.is_some();
    // Stale rows are drawn uniformly: a level colour on an old value would claim it is current.
    let tone = |role: Role| if stale { scene.style(Role::Stale) } else { scene.style(role) };
    let cells: Vec<Cell<'a>> = cols
        .iter()
        .map(|col| match col.key {
            Col::Health => health(scene, r, problem.as_ref(), col),
            Col::Posture => posture(r, col, &tone),
            Col::Cpu | Col::Conns | Col::Free | Col::Lag | Col::Load => metric(scene, r, col, &tone),
            _ => attribute(scene, r, col, &tone),
        })
        .collect();
    let row = Row::new(cells);
    if stale { row.style(scene.style(Role::Stale)) } else { row }
}

type Tone<'t> = dyn Fn(Role) -> Style + 't;

/// The width the name cell needs: members are indented under their cluster.
fn name_width(r: &FleetRow) -> usize {
    let indent = if r.facts.kind == FleetKind::Member { width(MEMBER_INDENT) } else { 0 };
    indent + width(&r.facts.key.id)
}

/// What a cluster member's name is drawn after.
const MEMBER_INDENT: &str = "  └ ";

fn attribute<'a>(scene: Scene<'_>, r: &'a FleetRow, col: &Fitted<Col>, tone: &Tone<'_>) -> Cell<'a> {
    let text = tone(Role::Text);
    let latest = |metric| scene.state.db_series(&r.facts.key).and_then(|s| s.latest(metric));
    match col.key {
        Col::Name if r.facts.kind == FleetKind::Member => {
            col.line(vec![Span::styled(MEMBER_INDENT, tone(Role::Muted)), Span::styled(r.facts.key.id.as_str(), text)])
        }
        Col::Name => col.text(r.facts.key.id.as_str(), text),
        Col::Region => col.text(scene.state.session.scope_label(&r.facts.key.scope), text),
        Col::Role => col.text(r.facts.role, text),
        Col::Engine => col.text(r.facts.engine.as_str(), text),
        Col::EngineName => col.text(r.facts.engine.split_once(' ').map_or(r.facts.engine.as_str(), |(e, _)| e), text),
        Col::Version => col.text(r.facts.engine.split_once(' ').map_or(DASH, |(_, v)| v), text),
        Col::Class => col.text(r.facts.class.as_deref().unwrap_or(DASH), text),
        Col::Az => col.text(az(r), text),
        Col::Status => col.text(r.facts.status.as_str(), tone(level_or_text(status_verdict(&r.facts.status).level))),
        Col::ReadIops => col.text(opt(latest(DbMetric::ReadIops), 0), text),
        Col::WriteIops => col.text(opt(latest(DbMetric::WriteIops), 0), text),
        Col::CpuTrend => trend(scene, r, col, tone, DbMetric::Cpu),
        Col::LoadTrend => trend(scene, r, col, tone, DbMetric::DbLoadRelative),
        Col::Cpu | Col::Conns | Col::Free | Col::Lag | Col::Load | Col::Health | Col::Posture => col.text(DASH, text),
    }
}

/// The hour of one metric as a sparkline: CPU against 100 %, DB load per vCPU against twice
/// the vCPUs (or its peak, when higher), so a quiet hour reads low.
fn trend<'a>(scene: Scene<'_>, r: &FleetRow, col: &Fitted<Col>, tone: &Tone<'_>, metric: DbMetric) -> Cell<'a> {
    let series = scene.state.db_series(&r.facts.key).and_then(|s| s.get(metric));
    let values: Vec<f64> = series.map(|s| s.values().collect()).unwrap_or_default();
    if values.is_empty() {
        return col.text(DASH, tone(Role::Text));
    }
    let peak = values.iter().copied().fold(0.0, f64::max);
    let ceiling = if metric == DbMetric::Cpu { 100.0 } else { peak.max(2.0) };
    col.text(sparkline(&values, usize::from(col.width), Some(ceiling)), tone(Role::Accent))
}

/// The AZ, with a marker when a Multi-AZ standby exists; a cluster has no single AZ.
/// The region is in its own column, so the AZ keeps only what people say: "1a" for
/// us-east-1a, and "1a +sb" with a Multi-AZ standby.
fn az(r: &FleetRow) -> String {
    let region = r.facts.key.scope.region.as_str();
    let prefix = region.rfind('-').map_or("", |i| &region[..=i]);
    let short = |az: &str| az.strip_prefix(prefix).unwrap_or(az).to_owned();
    match (&r.facts.az, r.facts.multi_az) {
        (Some(az), Some(true)) => format!("{} +sb", short(az)),
        (Some(az), _) => short(az),
        (None, Some(true)) => "multi-AZ".to_owned(),
        (None, _) => DASH.to_owned(),
    }
}

/// DB load as people read it beside the vCPUs: "3.2 0.8×" (sessions, and per vCPU).
fn load(r: &FleetRow) -> String {
    match (r.load, r.load_relative) {
        (Some(load), Some(relative)) => format!("{load:.1} {relative:.1}×"),
        (Some(load), None) => format!("{load:.1}"),
        (None, _) => DASH.to_owned(),
    }
}

fn level_or_text(level: Level) -> Role {
    if level == Level::Ok { Role::Text } else { level_role(level) }
}

/// A metric value, coloured by its own threshold so the cause of a verdict stands out.
fn metric<'a>(scene: Scene<'_>, r: &FleetRow, col: &Fitted<Col>, tone: &Tone<'_>) -> Cell<'a> {
    let t = &scene.state.session.thresholds;
    let (value, limit, text): (Option<f64>, &Limit, String) = match col.key {
        Col::Cpu => (r.cpu, &t.cpu, opt(r.cpu, 0)),
        Col::Conns => (r.connections, &t.connections, opt(r.connections, 0)),
        Col::Free => (r.free_gib, &t.free_storage_gib, opt(r.free_gib, 1)),
        Col::Load => (r.load_relative, &t.db_load, load(r)),
        _ => (r.lag_secs, &t.replica_lag, opt_secs(r.lag_secs)),
    };
    let level = value.map_or(Level::Ok, |v| limit.level(v));
    col.text(text, tone(level_or_text(level)))
}

/// Findings by severity, "2c 9w", each count in its level's colour; "ok" when none fired, and
/// a "?" when some rule could not be evaluated.
fn posture<'a>(r: &FleetRow, col: &Fitted<Col>, tone: &Tone<'_>) -> Cell<'a> {
    let p = &r.posture;
    let mut spans: Vec<Span<'a>> = [(Level::Critical, 'c'), (Level::Warn, 'w')]
        .into_iter()
        .filter_map(|(level, mark)| {
            let n = p.count(level);
            (n > 0).then(|| Span::styled(format!("{n}{mark}"), tone(level_role(level))))
        })
        .flat_map(|span| [Span::raw(" "), span])
        .skip(1)
        .collect();
    if spans.is_empty() {
        spans.push(Span::styled("ok", tone(Role::Ok)));
    }
    if !p.unknown.is_empty() {
        spans.push(Span::styled(" ?", tone(Role::Muted)));
    }
    col.line(spans)
}

/// The verdict; on a stale row in the stale style, with how old the data is.
fn health<'a>(scene: Scene<'_>, r: &FleetRow, problem: Option<&(&str, Freshness)>, col: &Fitted<Col>) -> Cell<'a> {
    let verdict = &r.verdict;
    let words = if verdict.reason.is_empty() {
        verdict.level.label().to_owned()
    } else {
        format!("{} {}", verdict.level.label(), verdict.reason)
    };
    match problem {
        Some((what, p)) => col.text(stale_verdict(&words, what, p, col.width.into()), scene.style(Role::Stale)),
        None => col.text(words, scene.style(level_role(verdict.level))),
    }
}
