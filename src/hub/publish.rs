//! What the hub publishes for each poll result: a stream's data whole at its first result and
//! whenever its keyframe is due (in parts when it would not fit in one message), the change
//! since its last result in between (for metrics, the new minute: the recording's `tick`),
//! nothing when nothing changed, and a failure once when it starts failing.

use std::collections::BTreeMap;

use chrono::Duration;

use super::parts;
use super::subject;
use super::wire::{self, MAX_BODY, Outgoing, Part};
use crate::cloud::CloudError;
use crate::cloud::model::Timestamp;
use crate::record::delta::{self, Diff};
use crate::record::{Line, Observation, Payload, Stream};

/// The hub's clock time between two keyframes of a stream, unless configured.
pub const DEFAULT_KEYFRAME_EVERY: Duration = Duration::minutes(10);

/// What has been published of each stream.
#[derive(Debug)]
pub struct Publisher {
    last: BTreeMap<Stream, Payload>,
    failing: BTreeMap<Stream, CloudError>,
    next_keyframe: BTreeMap<Stream, Timestamp>,
    every: Duration,
}

impl Publisher {
    pub fn new(every: Duration) -> Self {
        Self { last: BTreeMap::new(), failing: BTreeMap::new(), next_keyframe: BTreeMap::new(), every }
    }

    /// Forgets what was published of a scope: its next results are stated whole.
    pub fn forget(&mut self, scope: &crate::cloud::model::Scope) {
        self.last.retain(|stream, _| stream.scope != *scope);
        self.failing.retain(|stream, _| stream.scope != *scope);
        self.next_keyframe.retain(|stream, _| stream.scope != *scope);
    }

    /// Forgets what was published of one stream (the stream did not store it all): its next
    /// result is stated whole.
    pub fn forget_stream(&mut self, stream: &Stream) {
        self.last.remove(stream);
        self.failing.remove(stream);
        self.next_keyframe.remove(stream);
    }

    /// The messages that publish `observation` (none when it brings nothing new). Of the feeds
    /// of one resource only Performance Insights is shared (an alarm's history is not).
    pub fn publish(&mut self, observation: &Observation) -> Vec<Outgoing> {
        let (stream, at) = (&observation.stream, observation.at);
        // Of the feeds of one resource only Performance Insights is shared (on interest).
        if stream.id.is_some() && stream.feed != crate::record::FeedName::Performance {
            return Vec::new();
        }
        match &observation.result {
            Err(error) => {
                if self.failing.get(stream) == Some(error) {
                    return Vec::new();
                }
                self.failing.insert(stream.clone(), error.clone());
                let line = Line::Failed { at, stream: stream.clone(), error: error.clone() };
                vec![Outgoing { subject: subject::changes(stream), part: None, body: wire::body(&line) }]
            }
            Ok(data) => {
                let recovered = self.failing.remove(stream).is_some();
                let due = self.next_keyframe.get(stream).is_none_or(|next| at >= *next);
                let change = if due { None } else { self.change(at, stream, data, recovered) };
                let out = change.unwrap_or_else(|| self.keyframe(at, stream, data));
                self.last.insert(stream.clone(), data.clone());
                out
            }
        }
    }

    /// The change since the stream's last data; `None` when it must be stated whole.
    fn change(&self, at: Timestamp, stream: &Stream, data: &Payload, recovered: bool) -> Option<Vec<Outgoing>> {
        match delta::diff(self.last.get(stream)?, data) {
            // A stream that answers again restates its data, which clears its failure.
            Diff::Same if recovered => None,
            Diff::Same => Some(Vec::new()),
            Diff::Change(change) => {
                let body = wire::body(&Line::Delta { at, stream: stream.clone(), change });
                (body.len() <= MAX_BODY).then(|| vec![Outgoing { subject: subject::changes(stream), part: None, body }])
            }
            Diff::Whole => None,
        }
    }

    /// The stream's data whole, in as many parts as it takes for each to fit in a message.
    fn keyframe(&mut self, at: Timestamp, stream: &Stream, data: &Payload) -> Vec<Outgoing> {
        self.next_keyframe.insert(stream.clone(), at + self.every);
        let whole = |part: Payload| wire::body(&Line::Whole { at, stream: stream.clone(), data: part });
        let mut n = 1;
        loop {
            let bodies: Vec<Vec<u8>> = parts::split(data, n).into_iter().map(whole).collect();
            let largest = bodies.iter().map(Vec::len).max().unwrap_or(0);
            let items = parts::items(data);
            if largest <= MAX_BODY || n >= items {
                if largest > MAX_BODY {
                    tracing::warn!(?stream, largest, "one item of this stream is larger than a message");
                }
                let (subject, of) = (subject::keyframes(stream), bodies.len());
                return bodies
                    .into_iter()
                    .enumerate()
                    .map(|(index, body)| Outgoing { subject: subject.clone(), part: Some(Part { index, of }), body })
                    .collect();
            }
            let total: usize = bodies.iter().map(Vec::len).sum();
            // Aim at three quarters of the limit, as items are not all the same size.
            n = (total.div_ceil(MAX_BODY * 3 / 4)).max(n * 2).min(items);
        }
    }
}
