//! The confirm dialog's fields: Tab between them, ↑/↓ and digits on the scale-up capacity,
//! ←/→ through a failover's readers or a runbook file's choices, and scrolling a plan taller
//! than the dialog.

use crate::runbook::book::builtin::Choice;
use crate::runbook::plan::{Action, Request, Step};
use crate::state::State;
use crate::state::runs::{Confirm, ConfirmField};

use super::{MAX_TARGET, dialog};

pub(super) fn toggle_field(state: &mut State) {
    if let Some(confirm) = dialog(state)
        && !confirm.choices.is_empty()
    {
        confirm.choice = (confirm.choice + 1) % confirm.choices.len();
        return;
    }
    if let Some(confirm) = dialog(state)
        && matches!(confirm.request, Request::ScaleUp { .. })
    {
        confirm.field = match confirm.field {
            ConfirmField::Number => ConfirmField::Word,
            ConfirmField::Word => ConfirmField::Number,
        };
    }
}

pub(super) fn adjust(state: &mut State, delta: i64) {
    match dialog(state) {
        Some(Confirm { request: Request::ScaleUp { target, .. }, .. }) => {
            *target = u32::try_from((i64::from(*target) + delta).clamp(0, i64::from(MAX_TARGET))).unwrap_or(0);
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

pub(super) fn delete_char(state: &mut State) {
    let Some(confirm) = dialog(state) else { return };
    match (&mut confirm.request, confirm.field) {
        (Request::ScaleUp { target, .. }, ConfirmField::Number) => *target /= 10,
        _ => {
            confirm.typed.pop();
        }
    }
}

/// ←/→ in a cluster failover: the next (or previous) reader of those held with the plan.
pub(super) fn choose_reader(state: &mut State, forward: bool) {
    let Some(confirm) = dialog(state) else { return };
    if let (Request::Runbook { given: texts, .. }, Some(choice)) =
        (&mut confirm.request, confirm.choices.get(confirm.choice))
    {
        choose_param(texts, choice, forward);
        return;
    }
    let Some(Step::Call { action: Action::FailoverCluster { target: chosen, .. }, .. }) = confirm.plan.steps.first()
    else {
        return;
    };
    let choices = &confirm.readers;
    let Some(index) = choices.iter().position(|r| r == chosen) else { return };
    let len = choices.len();
    let next = choices[if forward { (index + 1) % len } else { (index + len - 1) % len }].clone();
    if let Request::Failover { reader, .. } = &mut confirm.request {
        *reader = Some(next);
    }
}

/// ←/→ on a runbook file's choice parameter: the next (or previous) value it offers.
fn choose_param(texts: &mut Vec<(String, String)>, choice: &Choice, forward: bool) {
    let len = choice.offered.len();
    if len == 0 {
        return;
    }
    let at = texts.iter().position(|(name, _)| *name == choice.name);
    let now = at.and_then(|i| choice.offered.iter().position(|o| *o == texts[i].1)).unwrap_or(0);
    let next = choice.offered[if forward { (now + 1) % len } else { (now + len - 1) % len }].clone();
    match at {
        Some(i) => texts[i].1 = next,
        None => texts.push((choice.name.clone(), next)),
    }
}
