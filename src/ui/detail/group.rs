//! Detail of an Auto Scaling Group: sizes, instances per AZ, the scheduled actions waiting to
//! run (each with its time, how soon, and the sizes it sets; `X` plans removing one), and the
//! activity history with each activity's cause in full (the Capacity tab can only show its
//! first words).

use ratatui::text::{Line, Span};

use super::{Attr, gone, grid, heading, indented};
use crate::cloud::model::{ResourceKey, ScalingGroup, ScheduledAction, Series};
use crate::config::theme::Role;
use crate::judging::format_age;
use crate::printable::escape;
use crate::ui::Scene;
use crate::ui::capacity::activity_role;
use crate::ui::format::{DASH, date_time, opt};

/// The panel name and lines for a group key.
pub fn lines(scene: Scene<'_>, key: &ResourceKey, width: u16) -> (String, Vec<Line<'static>>) {
    let Some(group) = scene.state.group(key) else { return (key.to_string(), gone(scene, &key.to_string())) };
    let cpu = scene.state.fetched.metrics.get(&key.scope).and_then(|f| f.data()).and_then(|m| m.group_cpu.get(&key.id));
    let cpu = cpu.and_then(Series::latest);
    let short = group.in_service < group.desired;
    let attrs = [
        Attr::new("Name", group.name.clone()),
        Attr::new("Region", group.region.clone()),
        Attr::new("Min/desired/max", format!("{} / {} / {}", group.min, group.desired, group.max)),
        Attr::new("In service", group.in_service.to_string()).role(if short { Role::Warn } else { Role::Text }),
        Attr::new("Pending", group.pending.to_string()),
        Attr::new("Terminating", group.terminating.to_string()),
        Attr::new("CPU", format!("{}%", opt(cpu, 1))),
    ];
    let mut lines = grid(scene, &attrs, width);
    lines.push(Line::raw(""));
    let by_az: Vec<String> = group.instances_by_az.iter().map(|(az, n)| format!("{az} {n}")).collect();
    let by_az = if by_az.is_empty() { DASH.to_owned() } else { by_az.join(" · ") };
    lines.push(Line::from(vec![
        Span::styled("Instances by AZ  ", scene.style(Role::Header)),
        Span::styled(by_az, scene.style(Role::Text)),
    ]));
    lines.push(Line::raw(""));
    lines.push(heading(scene, "Scheduled actions (soonest first)"));
    lines.extend(scheduled_lines(scene, group));
    lines.push(Line::raw(""));
    lines.push(heading(scene, "Recent activity (newest first)"));
    lines.extend(activity_lines(scene, group, width));
    (format!("{key} — Auto Scaling Group"), lines)
}

/// Each scheduled action on one line: when, how soon, min/desired/max, its name.
fn scheduled_lines(scene: Scene<'_>, group: &ScalingGroup) -> Vec<Line<'static>> {
    if group.scheduled.is_empty() {
        return vec![Line::styled("none (B: runbook prescale-window schedules a window)", scene.style(Role::Muted))];
    }
    let size = |n: Option<u32>| n.map_or_else(|| DASH.to_owned(), |n| n.to_string());
    let soon = |a: &ScheduledAction| match a.start {
        Some(t) if t > scene.now => format!("in {}", format_age((t - scene.now).num_seconds())),
        Some(_) => "due".to_owned(),
        None => DASH.to_owned(),
    };
    let mut lines: Vec<Line<'static>> = group
        .scheduled
        .iter()
        .map(|a| {
            let every = a.recurrence.as_ref().map(|r| format!("  every `{}`", escape(r))).unwrap_or_default();
            Line::from(vec![
                Span::styled(format!("{}  ", date_time(a.start)), scene.style(Role::Muted)),
                Span::styled(format!("{:<7} ", soon(a)), scene.style(Role::Accent)),
                Span::styled(
                    format!("{:<13} ", format!("{} / {} / {}", size(a.min), size(a.desired), size(a.max))),
                    scene.style(Role::Text),
                ),
                Span::styled(format!("{}{every}", escape(&a.name)), scene.style(Role::Text)),
            ])
        })
        .collect();
    lines.push(Line::styled("X removes one (a plan to confirm)", scene.style(Role::Muted)));
    lines
}

/// Each activity on one line, its cause in full beneath it, indented.
fn activity_lines(scene: Scene<'_>, group: &ScalingGroup, width: u16) -> Vec<Line<'static>> {
    if group.activities.is_empty() {
        return vec![Line::styled("no scaling activity", scene.style(Role::Muted))];
    }
    let mut lines = Vec::new();
    for activity in &group.activities {
        lines.push(Line::from(vec![
            Span::styled(format!("{}  ", date_time(activity.started)), scene.style(Role::Muted)),
            Span::styled(format!("{}  ", activity.status), scene.style(activity_role(&activity.status))),
            Span::styled(activity.description.clone(), scene.style(Role::Text)),
        ]));
        if let Some(cause) = &activity.cause {
            lines.extend(indented(scene, cause, 4, width, Role::Muted));
        }
    }
    lines
}
