//! Turning lines back into entries: each stream's data is rebuilt from its whole record and
//! the changes after it. A reader may start at any keyframe.

use std::collections::BTreeMap;

use crate::cloud::CloudError;
use crate::cloud::model::Timestamp;

use super::delta;
use super::envelope::{Entry, Observation, Payload, Stream};
use super::line::Line;

/// Each stream as of the last line read.
#[derive(Debug, Default, Clone)]
pub struct Decoder {
    data: BTreeMap<Stream, Payload>,
    failing: BTreeMap<Stream, CloudError>,
    /// When each stream's data was last recorded (not its failures).
    fetched: BTreeMap<Stream, Timestamp>,
}

impl Decoder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads one line; returns the entry it records (none for a keyframe marker), or why the
    /// line does not fit what came before it.
    pub fn read(&mut self, line: Line) -> Result<Option<Entry>, String> {
        Ok(Some(match line {
            Line::Keyframe { .. } => return Ok(None),
            Line::Whole { at, stream, data } => {
                self.failing.remove(&stream);
                self.fetched.insert(stream.clone(), at);
                self.data.insert(stream.clone(), data.clone());
                Entry::Observed(Observation { at, stream, result: Ok(data) })
            }
            Line::Delta { at, stream, change } => {
                let data = delta::apply(self.data.get(&stream), change).ok_or_else(|| {
                    format!("a change for {:?} data does not fit the data recorded before it", stream.feed)
                })?;
                self.failing.remove(&stream);
                self.fetched.insert(stream.clone(), at);
                self.data.insert(stream.clone(), data.clone());
                Entry::Observed(Observation { at, stream, result: Ok(data) })
            }
            Line::Failed { at, stream, error } => {
                self.failing.insert(stream.clone(), error.clone());
                Entry::Observed(Observation { at, stream, result: Err(error) })
            }
            Line::Audit { at, line } => Entry::Audit { at, line },
            Line::Note { at, who, text } => Entry::Note { at, who, text },
        }))
    }

    /// A stream's data as of the last line read, or the error it last failed with.
    pub fn current(&self, stream: &Stream) -> Option<Result<&Payload, &CloudError>> {
        if let Some(error) = self.failing.get(stream) {
            return Some(Err(error));
        }
        self.data.get(stream).map(Ok)
    }

    /// When a stream's data (as `streams` gives it) was recorded.
    pub fn fetched_at(&self, stream: &Stream) -> Option<Timestamp> {
        self.fetched.get(stream).copied()
    }

    /// The streams of one feed, with their data.
    pub fn streams(&self) -> impl Iterator<Item = (&Stream, &Payload)> {
        self.data.iter()
    }
}
