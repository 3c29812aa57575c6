//! The Timeline tab: every entry the console applies is fed to the timeline (`observe`), the
//! rows are rebuilt when it brings events (the selection staying on its event), a replay loads
//! its recording's events and shows them up to its clock, and Enter jumps to the event's
//! resource in its tab.

use std::sync::Arc;

use crate::cloud::model::{ResourceKey, Scope, Timestamp};
use crate::record::{Entry, FeedName};
use crate::state::{DetailTarget, Mode, Notice, State, Tab};
use crate::timeline::{Event, Source};

use super::rebuild::rebuild;

/// One entry the console applied (a poll result, an audit line, a note): its events go on the
/// timeline. A replay's timeline is its recording's, loaded whole, so it is not fed.
pub(super) fn observe(state: &mut State, entry: &Entry) {
    if state.timeline.recorded {
        return;
    }
    if state.timeline.feed(entry, &state.session.thresholds) > 0 {
        refresh(state);
    }
}

/// A scope's poll result, once it is in its feed: its events, read from the data where the feed
/// holds it (no copy of it); whether it brought any, for `refresh` to show. Data the feed held
/// already brings none (the deriver saw it), so it is not read again, unless the thresholds
/// changed since the verdicts were judged. A replay is not fed.
pub(super) fn polled(state: &mut State, feed: FeedName, scope: &Scope, at: Timestamp, changed: bool) -> bool {
    let thresholds = &state.session.thresholds;
    if state.timeline.recorded || !(changed || state.timeline.stale(thresholds)) {
        return false;
    }
    let Some(data) = state.fetched.payload(feed, scope) else { return false };
    state.timeline.observe(at, scope, data, thresholds) > 0
}

/// A replay's recording, read for its events.
pub(super) fn loaded(state: &mut State, events: Vec<Event>) {
    state.timeline.load(events);
    refresh(state);
}

/// The replay clock moved: the rows show what had happened by then.
pub(super) fn clock_moved(state: &mut State) {
    if !state.timeline.recorded {
        return;
    }
    let until = state.timeline.until(state.now.unwrap_or_default());
    if until != state.rows.timeline_until {
        refresh(state);
    }
}

/// Rebuilds the rows, keeping a moved selection on the event it was on.
pub(super) fn refresh(state: &mut State) {
    let cursor = state.cursor(Tab::Timeline);
    let selected =
        cursor.moved.then(|| state.rows.timeline.get(cursor.selected).map(|r| Arc::clone(&r.event))).flatten();
    rebuild(state, &[Tab::Timeline]);
    let rows = &state.rows.timeline;
    let index = selected.and_then(|event| rows.iter().position(|r| Arc::ptr_eq(&r.event, &event)));
    let count = rows.len();
    let cursor = &mut state.nav.cursors[Tab::Timeline];
    cursor.selected = index.unwrap_or(cursor.selected).min(count.saturating_sub(1));
    cursor.keep_visible(state.nav.page_rows);
    state.dirty |= state.nav.tab == Tab::Timeline;
}

/// Enter on an event: its resource in its tab (an alarm selected in Alarms, a DB's detail in
/// Fleet, a group in Capacity); a run or a note has no tab, so a notice says where to look.
pub(super) fn jump(state: &mut State) {
    let Some(row) = state.rows.timeline.get(state.cursor(Tab::Timeline).selected) else { return };
    let event = Arc::clone(&row.event);
    let key = ResourceKey::new(Scope::clone(&row.scope), event.resource.clone());
    let tab = match event.source {
        Source::Alarm => Tab::Alarms,
        Source::Db | Source::Health | Source::RdsEvent => Tab::Fleet,
        Source::Scaling => Tab::Capacity,
        Source::Runbook => {
            let why = format!("{}: its steps are in the runs panel and in `opsdeck audit`", event.resource);
            state.notice = Some(Notice::info(why));
            return;
        }
        Source::Note => {
            state.notice = Some(Notice::info(format!("a note by {}: nothing to open", event.resource)));
            return;
        }
    };
    let Some(index) = find(state, tab, &key) else {
        state.notice = Some(Notice::info(format!("{} is not in the {} tab now", key.id, tab.title())));
        return;
    };
    state.nav.tab = tab;
    let cursor = &mut state.nav.cursors[tab];
    cursor.selected = index;
    cursor.moved = true;
    cursor.keep_visible(state.nav.page_rows);
    state.nav.mode = if tab == Tab::Fleet { Mode::Detail(DetailTarget::Db(key)) } else { Mode::Normal };
}

/// The row of `key` in `tab`; when the tab's filter hides it, the filter is cleared (and kept
/// when that does not find it either).
fn find(state: &mut State, tab: Tab, key: &ResourceKey) -> Option<usize> {
    let position = |state: &State| match tab {
        Tab::Alarms => state.rows.alarms.iter().position(|r| r.alarm.name == key.id && r.scope == key.scope),
        Tab::Fleet => state.rows.fleet.iter().position(|r| &r.facts.key == key),
        Tab::Capacity => state.rows.groups.iter().position(|r| &r.key == key),
        _ => None,
    };
    if let Some(index) = position(state) {
        return Some(index);
    }
    let filter = std::mem::take(&mut state.nav.queries[tab].filter);
    if filter.is_empty() {
        return None;
    }
    rebuild(state, &[tab]);
    let found = position(state);
    if found.is_none() {
        state.nav.queries[tab].filter = filter;
        rebuild(state, &[tab]);
    }
    found
}
