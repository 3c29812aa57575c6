//! When the screen must be redrawn: the clock's ticks, the API meter, and which ages on show
//! move within a minute (a quiet screen is redrawn once a minute, for its clock).

use crate::cloud::model::{ApiUsage, Timestamp};
use crate::feed::FeedKind;
use crate::state::{Mode, State, Tab};

/// The clock ticked: redraw when the ten-second bucket turns and something on screen shows it.
pub(super) fn tick(state: &mut State, now: Timestamp) {
    let bucket = now.timestamp().div_euclid(10);
    if bucket != state.time_bucket {
        // The header clock shows minutes; other ages only where something shows one.
        let minute = bucket.div_euclid(6) != state.time_bucket.div_euclid(6);
        state.time_bucket = bucket;
        state.dirty |= minute || shows_ages(state, now);
    }
}

/// The API meter was sampled: it shows two figures, so redraw only when one of them moved.
pub(super) fn usage(state: &mut State, usage: ApiUsage) {
    state.dirty |= state.fetched.api_usage.as_ref().map(ApiUsage::shown) != Some(usage.shown());
    state.fetched.api_usage = Some(usage);
}

/// Whether the screen shows an age that moves within a minute: a stale or failed feed's marker
/// ("stale: throttled 40s"), the Alarms tab's "since", the Timeline's ages, a finished run's "… ago", or whatever a
/// detail view or dialog says. Otherwise a quiet screen is redrawn once a minute, for the clock.
fn shows_ages(state: &State, now: Timestamp) -> bool {
    matches!(state.nav.tab, Tab::Alarms | Tab::Timeline)
        || state.nav.mode != Mode::Normal
        || !state.runs.is_empty()
        || state.session.kiosk.is_some()
        || FeedKind::ALL.into_iter().any(|kind| !state.freshness(kind, now).is_fresh())
}
