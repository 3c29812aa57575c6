//! Turning entries into lines: each stream's data is compared with its last record, and only
//! the change is written; a keyframe restates every stream whole at a fixed interval of the
//! recorded clock, so that a reader can start there.

use std::collections::BTreeMap;

use chrono::Duration;

use crate::cloud::CloudError;
use crate::cloud::model::{Metrics, Timestamp};

use super::delta::{self, Change, Diff, EventsDelta, ListDelta, MetricsDelta};
use super::envelope::{Entry, FeedName, Payload, Stream};
use super::line::Line;

/// The recorded time between keyframes.
pub const KEYFRAME_EVERY: Duration = Duration::minutes(20);

/// What has been written of each stream.
#[derive(Debug, Default)]
pub struct Encoder {
    last: BTreeMap<Stream, Payload>,
    failing: BTreeMap<Stream, CloudError>,
    next_keyframe: Option<Timestamp>,
}

/// A change that changes nothing: how a stream that failed says it answers again with the
/// same data.
fn no_change(feed: FeedName) -> Option<Change> {
    Some(match feed {
        FeedName::Fleet => Change::Fleet { instances: ListDelta::default(), clusters: ListDelta::default() },
        FeedName::Metrics => Change::Metrics(MetricsDelta::default()),
        FeedName::Alarms => Change::Alarms(ListDelta::default()),
        FeedName::Groups => Change::Groups(ListDelta::default()),
        FeedName::Events => Change::Events(EventsDelta::default()),
        FeedName::Performance | FeedName::AlarmHistory => return None,
    })
}

impl Encoder {
    pub fn new() -> Self {
        Self::default()
    }

    /// The lines that record `entry` (none when it brings nothing new).
    pub fn encode(&mut self, entry: &Entry) -> Vec<Line> {
        let at = entry.at();
        let mut lines = Vec::new();
        // Keyframes follow the feeds' clock only: audit lines and notes never start one.
        if matches!(entry, Entry::Observed(_)) && self.next_keyframe.is_none_or(|next| at >= next) {
            self.keyframe(at, &mut lines);
        }
        match entry {
            Entry::Observed(observation) => {
                let stream = observation.stream.clone();
                match &observation.result {
                    Ok(data) => self.data(at, stream, data, &mut lines),
                    Err(error) => {
                        if self.failing.get(&stream) != Some(error) {
                            self.failing.insert(stream.clone(), error.clone());
                            lines.push(Line::Failed { at, stream, error: error.clone() });
                        }
                    }
                }
            }
            Entry::Audit { at, line } => lines.push(Line::Audit { at: *at, line: line.clone() }),
            Entry::Note { at, who, text } => lines.push(Line::Note { at: *at, who: who.clone(), text: text.clone() }),
        }
        lines
    }

    fn keyframe(&mut self, at: Timestamp, lines: &mut Vec<Line>) {
        self.next_keyframe = Some(at + KEYFRAME_EVERY);
        // The writer links it to the keyframe before it, as it knows where that is in the file.
        lines.push(Line::Keyframe { at, line: None, prev: None });
        for (stream, data) in &self.last {
            // Metrics need no restating: a reader starting an hour's window before the time
            // it wants has every point of that window from the deltas.
            if stream.feed != FeedName::Metrics {
                lines.push(Line::Whole { at, stream: stream.clone(), data: data.clone() });
            }
        }
        for (stream, error) in &self.failing {
            lines.push(Line::Failed { at, stream: stream.clone(), error: error.clone() });
        }
    }

    fn data(&mut self, at: Timestamp, stream: Stream, data: &Payload, lines: &mut Vec<Line>) {
        let recovered = self.failing.remove(&stream).is_some();
        let diff = match (self.last.get(&stream), data) {
            (None, Payload::Metrics(new)) => {
                Diff::Change(Change::Metrics(delta::metrics::diff(&Metrics::default(), new).unwrap_or_default()))
            }
            (None, _) => Diff::Whole,
            (Some(old), new) => delta::diff(old, new),
        };
        let line = match diff {
            Diff::Same if !recovered => None,
            Diff::Same => Some(no_change(stream.feed).map_or_else(
                || Line::Whole { at, stream: stream.clone(), data: data.clone() },
                |change| Line::Delta { at, stream: stream.clone(), change },
            )),
            Diff::Change(change) => Some(Line::Delta { at, stream: stream.clone(), change }),
            Diff::Whole => Some(Line::Whole { at, stream: stream.clone(), data: data.clone() }),
        };
        lines.extend(line);
        self.last.insert(stream, data.clone());
    }
}
