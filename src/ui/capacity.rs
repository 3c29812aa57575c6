//! The Capacity tab: Auto Scaling Groups with their sizes and a text gauge of in-service
//! instances against max, and below it the selected group's AZ spread and recent activity.
//!
//! The gauge distinguishes "in service", "wanted but not in service yet" and "headroom up to
//! max", which is the question asked during a traffic spike: is it scaling, and how far can it.
//! Rows of a stale or failing region keep their health verdict, in the stale style, with the age
//! of the data beside it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Row, Table};

use super::Scene;
use super::format::{DASH, counted, fit_spans, level_role, one_line, opt, problem_note, stale_verdict, width};
use super::notice;
use super::spark::gauge;
use super::table::{self, Column, Fitted, Spec};
use crate::cloud::model::{ResourceKey, ScalingActivity, ScalingGroup};
use crate::config::theme::Role;
use crate::feed::{FeedKind, Freshness};
use crate::state::Tab;
use crate::state::rows::GroupRow;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Name,
    Region,
    Min,
    Desired,
    Max,
    InService,
    Pending,
    Terminating,
    Gauge,
    Cpu,
    Health,
}

const COLUMNS: [Column<Col>; 11] = [
    Column::new(Col::Name, "Name", 18, 0).ident(),
    Column::new(Col::Region, "Region", 10, 3).scope(),
    Column::new(Col::Min, "Min", 4, 2).right(),
    Column::new(Col::Desired, "Desired", 7, 1).right(),
    Column::new(Col::Max, "Max", 4, 2).right(),
    Column::new(Col::InService, "InSvc", 5, 0).right(),
    Column::new(Col::Pending, "Pend", 4, 2).right(),
    Column::new(Col::Terminating, "Term", 4, 3).right(),
    Column::new(Col::Gauge, "In service / max", 20, 1),
    Column::new(Col::Cpu, "CPU%", 5, 1).right(),
    Column::new(Col::Health, "Health", 14, 0).free(),
];

/// Draws the Capacity tab.
pub fn draw(frame: &mut Frame, area: Rect, scene: Scene<'_>) {
    let state = scene.state;
    let rows = &state.rows.groups;
    let title = Line::from(vec![
        Span::styled(counted("Auto Scaling Groups", rows.len()), scene.style(Role::Header)),
        Span::styled("█ in service ▒ desired ░ up to max ", scene.style(Role::Muted)),
    ]);
    if rows.is_empty() {
        let lines = notice::feeds_lines(scene, &state.fetched.groups, "No Auto Scaling Groups");
        notice::draw(frame, area, scene, title, lines);
        return;
    }
    let pane = if area.height >= 16 { (area.height * 2 / 5).clamp(6, 12) } else { 0 };
    let table_area = Rect { height: area.height - pane, ..area };
    let note = notice::scope_note(scene, &state.fetched.groups, FeedKind::Groups);
    let ident = |i: usize| width(&rows[i].key.id);
    let spec = Spec {
        title,
        columns: &COLUMNS,
        len: rows.len(),
        cursor: state.cursor(Tab::Capacity),
        note,
        ident: Some(&ident),
    };
    table::draw(frame, table_area, scene, spec, |i, cols| row(scene, &rows[i], cols));
    let Some(key) = state.selected_key(Tab::Capacity).filter(|_| pane > 0) else { return };
    if let Some(group) = state.group(&key) {
        activity_pane(frame, Rect { y: table_area.bottom(), height: pane, ..area }, scene, &key, group);
    }
}

fn row<'a>(scene: Scene<'_>, r: &'a GroupRow, cols: &[Fitted<Col>]) -> Row<'a> {
    let problem = scene.state.scope_problem(FeedKind::Groups, &r.key.scope, scene.now);
    let stale = problem.is_some();
    let tone = |role: Role| if stale { scene.style(Role::Stale) } else { scene.style(role) };
    let text = tone(Role::Text);
    let count = |n: u32| n.to_string();
    let cells: Vec<Cell<'a>> = cols
        .iter()
        .map(|col| match col.key {
            Col::Name => col.text(r.key.id.as_str(), text),
            Col::Region => col.text(scene.state.session.scope_label(&r.key.scope), text),
            Col::Min => col.text(count(r.min), text),
            Col::Desired => col.text(count(r.desired), text),
            Col::Max => col.text(count(r.max), text),
            Col::InService => {
                col.text(count(r.in_service), tone(if r.in_service < r.desired { Role::Warn } else { Role::Text }))
            }
            Col::Pending => col.text(count(r.pending), text),
            Col::Terminating => col.text(count(r.terminating), text),
            Col::Gauge => gauge_cell(r, col, &tone),
            Col::Cpu => col.text(opt(r.cpu, 0), text),
            Col::Health => health(scene, r, problem.as_ref(), col),
        })
        .collect();
    let row = Row::new(cells);
    if stale { row.style(scene.style(Role::Stale)) } else { row }
}

/// The verdict; on a stale row in the stale style, with how old the data is (as on the Fleet
/// tab), so a group stuck short of capacity still says so while its region is throttled.
fn health<'a>(scene: Scene<'_>, r: &GroupRow, problem: Option<&Freshness>, col: &Fitted<Col>) -> Cell<'a> {
    let v = &r.verdict;
    let text =
        if v.reason.is_empty() { v.level.label().to_owned() } else { format!("{} {}", v.level.label(), v.reason) };
    match problem {
        Some(p) => col.text(stale_verdict(&text, "", p, col.width.into()), scene.style(Role::Stale)),
        None => col.text(text, scene.style(level_role(v.level))),
    }
}

/// "████▒▒░░░░ 4/12": in service, wanted, headroom, then in-service / max.
fn gauge_cell<'a>(r: &GroupRow, col: &Fitted<Col>, tone: &dyn Fn(Role) -> Style) -> Cell<'a> {
    // A fixed-width label keeps the bars of every row the same length, so they compare.
    let label = format!(" {:>5}", format!("{}/{}", r.in_service, r.max));
    let cells = usize::from(col.width).saturating_sub(label.len()).max(1);
    let (on, wanted, headroom) = gauge(r.in_service, r.desired, r.max, cells);
    let short = if r.in_service < r.desired { Role::Warn } else { Role::Ok };
    col.line(vec![
        Span::styled("█".repeat(on), tone(short)),
        Span::styled("▒".repeat(wanted), tone(Role::Warn)),
        Span::styled("░".repeat(headroom), tone(Role::Muted)),
        Span::styled(label, tone(Role::Text)),
    ])
}

/// The role of a scaling activity's status code: anything unfinished is worth a look.
pub fn activity_role(status: &str) -> Role {
    match status {
        "Successful" => Role::Ok,
        "Failed" | "Cancelled" => Role::Critical,
        _ => Role::Warn,
    }
}

#[derive(Debug, Clone, Copy)]
enum ActivityCol {
    Time,
    Status,
    Description,
    Cause,
}

const ACTIVITY_COLUMNS: [Column<ActivityCol>; 4] = [
    Column::new(ActivityCol::Time, "Time", 5, 0),
    Column::new(ActivityCol::Status, "Status", 11, 0),
    Column::new(ActivityCol::Description, "Description", 24, 0).free(),
    Column::new(ActivityCol::Cause, "Cause", 20, 1).free(),
];

/// The selected group's instances per AZ and its most recent scaling activities.
fn activity_pane(frame: &mut Frame, area: Rect, scene: Scene<'_>, key: &ResourceKey, group: &ScalingGroup) {
    let mut title =
        vec![Span::styled(format!(" {} — instances by AZ, recent activity ", group.name), scene.style(Role::Header))];
    if let Some(problem) = scene.state.scope_problem(FeedKind::Groups, &key.scope, scene.now) {
        title.push(Span::styled(format!("stale: {} ", problem_note(&problem)), scene.style(Role::Stale)));
    }
    let title = Line::from(title);
    let block = Block::bordered().border_style(scene.style(Role::Border)).title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.is_empty() {
        return;
    }
    let mut azs = vec![Span::styled("Instances by AZ: ", scene.style(Role::Muted))];
    for (i, (az, n)) in group.instances_by_az.iter().enumerate() {
        let sep = if i == 0 { "" } else { " · " };
        azs.push(Span::styled(format!("{sep}{az} {n}"), scene.style(Role::Text)));
    }
    if group.instances_by_az.is_empty() {
        azs.push(Span::styled(DASH, scene.style(Role::Text)));
    }
    let line = fit_spans(azs, usize::from(inner.width));
    frame.render_widget(line, Rect { height: 1, ..inner });
    let rest = Rect { y: inner.y + 1, height: inner.height.saturating_sub(1), ..inner };
    let cols = table::fit(&ACTIVITY_COLUMNS, rest.width);
    let rows =
        group.activities.iter().take(usize::from(rest.height.saturating_sub(1))).map(|a| activity_row(scene, a, &cols));
    let table = Table::new(rows, table::widths(&cols)).header(table::header(scene, &cols)).column_spacing(1);
    frame.render_widget(table, rest);
}

fn activity_row<'a>(scene: Scene<'_>, a: &'a ScalingActivity, cols: &[Fitted<ActivityCol>]) -> Row<'a> {
    let status = activity_role(&a.status);
    let time = a.started.map_or_else(|| DASH.to_owned(), |t| t.format("%H:%M").to_string());
    Row::new(cols.iter().map(|col| match col.key {
        ActivityCol::Time => col.text(time.clone(), scene.style(Role::Muted)),
        ActivityCol::Status => col.text(a.status.as_str(), scene.style(status)),
        ActivityCol::Description => col.text(a.description.as_str(), scene.style(Role::Text)),
        ActivityCol::Cause => col.text(a.cause.as_deref().map_or(DASH.to_owned(), one_line), scene.style(Role::Muted)),
    }))
}
