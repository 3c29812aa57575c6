//! RDS events on the timeline: every poll brings a scope's recent events again, and each event
//! is one timeline event, at its own time.

use super::{Source, events as timeline};
use crate::judging::Thresholds;
use crate::record::event_tests::{at, polls};

#[test]
fn each_rds_event_is_one_timeline_event_however_often_it_was_polled() {
    let derived = timeline(&polls(), &Thresholds::default());
    let rds: Vec<_> = derived.iter().filter(|e| e.source == Source::RdsEvent).collect();
    assert_eq!(rds.len(), 8);
    assert!(rds.iter().all(|e| e.resource == "shop-prod-db" && e.scope == "us-east-1"));
    assert_eq!(rds[1].at, at(5), "at the event's own time, not the poll's");
    assert_eq!(rds[1].what, "event of minute 5");
    assert_eq!(Source::RdsEvent.label(), "rds event");
}
