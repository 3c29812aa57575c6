//! The confirm dialog's fields: Tab between them, ↑/↓ and digits on the scale-up capacity,
//! ←/→ through a failover's readers, a runbook file's parameters (choices, numbers, switches,
//! times and text), and scrolling a plan taller than the dialog.

use crate::runbook::book::fields::FieldKind;
use crate::runbook::book::time::{When, parse};
use crate::runbook::plan::{Action, Request, Step};
use crate::state::State;
use crate::state::runs::{Confirm, ConfirmField};

use super::{MAX_TARGET, dialog};

/// How far ↑/↓ (and ←/→) move a time.
const TIME_STEP_SECS: i64 = 15 * 60;

/// Tab: a runbook file's parameters, then the prompt; the scale-up capacity and the word.
pub(super) fn toggle_field(state: &mut State) {
    let Some(confirm) = dialog(state) else { return };
    if !confirm.fields.is_empty() {
        confirm.focus = (confirm.focus + 1) % (confirm.fields.len() + 1);
    } else if matches!(confirm.request, Request::ScaleUp { .. }) {
        confirm.field = match confirm.field {
            ConfirmField::Number => ConfirmField::Word,
            ConfirmField::Word => ConfirmField::Number,
        };
    }
}

/// ↑ (`delta` 1) and ↓: the capacity, a number or time in focus; else they scroll the plan.
pub(super) fn adjust(state: &mut State, delta: i64) {
    match dialog(state) {
        Some(Confirm { request: Request::ScaleUp { target, .. }, .. }) => {
            *target = u32::try_from((i64::from(*target) + delta).clamp(0, i64::from(MAX_TARGET))).unwrap_or(0);
        }
        Some(confirm)
            if confirm.focused().is_some_and(|f| matches!(f.kind, FieldKind::Integer { .. } | FieldKind::Time)) =>
        {
            step(confirm, delta);
        }
        // ↑ is Increment: it scrolls the plan up.
        Some(_) => scroll(state, -delta),
        None => {}
    }
}

/// Scrolls a plan taller than the dialog by `rows` (the dialog clamps it to what there is).
pub(super) fn scroll(state: &mut State, rows: i64) {
    if let Some(confirm) = dialog(state) {
        let to = (i64::from(confirm.scroll) + rows).clamp(0, i64::from(u16::MAX));
        confirm.scroll = u16::try_from(to).unwrap_or(0);
    }
}

/// Backspace: the last character of the field in focus, or of the word typed to confirm.
pub(super) fn delete_char(state: &mut State) {
    let Some(confirm) = dialog(state) else { return };
    if let Some(field) = confirm.focused()
        && (field.kind.is_typed() || matches!(field.kind, FieldKind::Integer { .. }))
    {
        let name = field.name.clone();
        let mut value = confirm.value(&name).unwrap_or_default().to_owned();
        value.pop();
        set(confirm, &name, value);
        return;
    }
    match (&mut confirm.request, confirm.field) {
        (Request::ScaleUp { target, .. }, ConfirmField::Number) => *target /= 10,
        _ => {
            confirm.typed.pop();
        }
    }
}

/// A typed character, if the field in focus takes it: into a time or text, a digit into a
/// number, a space toggling a switch. `false` leaves it to the prompt (`y`, the word).
pub(super) fn type_into(state: &mut State, c: char) -> bool {
    let Some(confirm) = dialog(state) else { return false };
    let Some(field) = confirm.focused() else { return false };
    let name = field.name.clone();
    let value = confirm.value(&name).unwrap_or_default().to_owned();
    let next = match &field.kind {
        FieldKind::Time | FieldKind::Text if !c.is_control() => format!("{value}{c}"),
        FieldKind::Integer { .. } if c.is_ascii_digit() => {
            if value == "0" {
                c.to_string()
            } else {
                format!("{value}{c}")
            }
        }
        FieldKind::Boolean if c == ' ' => flipped(&value),
        _ => return false,
    };
    set(confirm, &name, next);
    true
}

/// ←/→: a runbook file's parameter in focus; in a cluster failover, the next (or previous)
/// reader of those held with the plan.
pub(super) fn choose_reader(state: &mut State, forward: bool) {
    let Some(confirm) = dialog(state) else { return };
    if let Some(field) = confirm.focused() {
        let (name, kind) = (field.name.clone(), field.kind.clone());
        let value = confirm.value(&name).unwrap_or_default().to_owned();
        match kind {
            FieldKind::Choice(offered) => {
                if let Some(next) = cycled(&offered, offered.iter().position(|o| *o == value).unwrap_or(0), forward) {
                    set(confirm, &name, next.clone());
                }
            }
            FieldKind::Boolean => set(confirm, &name, flipped(&value)),
            FieldKind::Integer { .. } | FieldKind::Time => step(confirm, if forward { 1 } else { -1 }),
            FieldKind::Text => {}
        }
        return;
    }
    let Some(Step::Call { action: Action::FailoverCluster { target: chosen, .. }, .. }) = confirm.plan.steps.first()
    else {
        return;
    };
    let Some(index) = confirm.readers.iter().position(|r| r == chosen) else { return };
    let next = cycled(&confirm.readers, index, forward).cloned();
    if let Request::Failover { reader, .. } = &mut confirm.request {
        *reader = next;
    }
}

/// The item after (or before) `index` in `list`, going round; `None` for an empty list.
fn cycled<T>(list: &[T], index: usize, forward: bool) -> Option<&T> {
    let len = list.len();
    (len > 0).then(|| &list[if forward { (index + 1) % len } else { (index + len - 1) % len }])
}

fn flipped(value: &str) -> String {
    if value == "true" { "false" } else { "true" }.to_owned()
}

/// A number in focus by `delta`, within its bounds; a time by `delta` quarters of an hour (a
/// time given as `in 2h` becomes the time it means, from when the dialog opened).
fn step(confirm: &mut Confirm, delta: i64) {
    let Some(field) = confirm.focused() else { return };
    let (name, kind) = (field.name.clone(), field.kind.clone());
    let value = confirm.value(&name).unwrap_or_default().trim().to_owned();
    let next = match kind {
        FieldKind::Integer { min, max } => {
            let now: i64 = value.parse().unwrap_or(min);
            now.saturating_add(delta).clamp(min, max).to_string()
        }
        FieldKind::Time => {
            let opened = match &confirm.request {
                Request::Runbook { at, .. } => *at,
                _ => None,
            };
            let at = match parse(&value) {
                Ok(When::At(t)) => t,
                Ok(When::In(secs)) => match opened {
                    Some(opened) => opened + chrono::Duration::seconds(secs as i64),
                    None => return,
                },
                Err(_) => return,
            };
            (at + chrono::Duration::seconds(delta * TIME_STEP_SECS)).format("%F %H:%M").to_string()
        }
        _ => return,
    };
    set(confirm, &name, next);
}

/// Sets a runbook file's parameter in the request the dialog plans.
fn set(confirm: &mut Confirm, name: &str, value: String) {
    let Request::Runbook { given, .. } = &mut confirm.request else { return };
    match given.iter_mut().find(|(n, _)| n == name) {
        Some((_, v)) => *v = value,
        None => given.push((name.to_owned(), value)),
    }
}
