//! What a console on the hub has read: each stream's data as rebuilt from its last keyframe
//! and the changes after it, the streams that are failing, and when the hub was last heard of:
//! at all (for its clock), and for each scope (a message of the scope, or a heartbeat of the
//! hub that polls it), which is what a scope's staleness is judged by.

use std::collections::BTreeMap;

use super::parts;
use super::wire::Part;
use crate::cloud::CloudError;
use crate::cloud::model::{Scope, Timestamp};
use crate::record::delta;
use crate::record::{Line, Payload, Stream};

/// Every stream as of the last message read.
#[derive(Debug, Default)]
pub struct View {
    data: BTreeMap<Stream, Payload>,
    failing: BTreeMap<Stream, CloudError>,
    /// The parts read so far of a keyframe stated in several, with its time.
    partial: BTreeMap<Stream, (Timestamp, Vec<Payload>)>,
    /// The hub's clock when it was last heard of (a heartbeat or a message).
    heard: Option<Timestamp>,
    /// The same for each scope: its messages, and the heartbeats of the hub that polls it.
    heard_scope: BTreeMap<Scope, Timestamp>,
    /// The last heartbeat of a hub that does not say which scopes it polls.
    heard_unsaid: Option<Timestamp>,
    /// Changes read before their stream's first keyframe (a late joiner's first messages).
    pub skipped: usize,
    /// Woken at every message read, for a reader waiting for a stream's first data.
    arrived: std::sync::Arc<tokio::sync::Notify>,
}

impl View {
    /// Reads one message's line; `part` is which part of a keyframe it is.
    pub fn read(&mut self, line: Line, part: Option<Part>) {
        self.heard(line.at());
        if let Line::Whole { at, stream, .. } | Line::Delta { at, stream, .. } | Line::Failed { at, stream, .. } = &line
        {
            later(self.heard_scope.entry(stream.scope.clone()).or_insert(*at), *at);
        }
        match line {
            Line::Whole { at, stream, data } => self.whole(at, stream, data, part.unwrap_or(Part { index: 0, of: 1 })),
            Line::Delta { stream, change, .. } => match self.data.get(&stream) {
                None => self.skipped += 1,
                Some(old) => {
                    if let Some(new) = delta::apply(Some(old), change) {
                        self.failing.remove(&stream);
                        self.data.insert(stream, new);
                    } else {
                        // Until its next keyframe this stream is not known.
                        tracing::warn!(?stream, "a change from the hub does not fit what was read before it");
                        self.data.remove(&stream);
                    }
                }
            },
            Line::Failed { stream, error, .. } => {
                self.failing.insert(stream, error);
            }
            Line::Keyframe { .. } | Line::Audit { .. } | Line::Note { .. } => {}
        }
        self.arrived.notify_waiters();
    }

    /// What wakes at every message read (take a `notified()` before looking, then wait on it).
    pub fn arrivals(&self) -> std::sync::Arc<tokio::sync::Notify> {
        std::sync::Arc::clone(&self.arrived)
    }

    fn whole(&mut self, at: Timestamp, stream: Stream, data: Payload, part: Part) {
        let complete = if part.index == 0 {
            self.partial.insert(stream.clone(), (at, vec![data]));
            part.of == 1
        } else {
            match self.partial.get_mut(&stream) {
                Some((when, parts)) if *when == at && parts.len() == part.index => {
                    parts.push(data);
                    parts.len() == part.of
                }
                // A part without the ones before it: the keyframe is incomplete, wait for the next.
                _ => {
                    self.partial.remove(&stream);
                    false
                }
            }
        };
        if complete
            && let Some((_, parts)) = self.partial.remove(&stream)
            && let Some(whole) = parts::merge(parts)
        {
            self.failing.remove(&stream);
            self.data.insert(stream, whole);
        }
    }

    /// The hub said it is there (a heartbeat at its clock's time).
    pub fn heard(&mut self, at: Timestamp) {
        self.heard = Some(self.heard.map_or(at, |last| last.max(at)));
    }

    /// A hub's heartbeat at its clock's `at`, naming the scopes it polls (`None`: all).
    pub fn beat(&mut self, at: Timestamp, polls: Option<&[Scope]>) {
        self.heard(at);
        match polls {
            Some(scopes) => {
                for scope in scopes {
                    later(self.heard_scope.entry(scope.clone()).or_insert(at), at);
                }
            }
            None => self.heard_unsaid = Some(self.heard_unsaid.map_or(at, |last| last.max(at))),
        }
    }

    /// When the hub was last heard of, on its clock.
    pub fn last_heard(&self) -> Option<Timestamp> {
        self.heard
    }

    /// When `scope` was last heard of: a message of it, or a heartbeat of the hub polling it.
    pub fn last_heard_of(&self, scope: &Scope) -> Option<Timestamp> {
        self.heard_scope.get(scope).copied().max(self.heard_unsaid)
    }

    /// A stream's data, or the error it last failed with.
    pub fn current(&self, stream: &Stream) -> Option<Result<&Payload, &CloudError>> {
        if let Some(error) = self.failing.get(stream) {
            return Some(Err(error));
        }
        self.data.get(stream).map(Ok)
    }

    /// Every stream's data or failure, as `current` gives it.
    pub fn all(&self) -> Vec<(Stream, Result<Payload, CloudError>)> {
        let mut out: Vec<_> = self.data.iter().map(|(s, d)| (s.clone(), Ok(d.clone()))).collect();
        for (stream, error) in &self.failing {
            out.retain(|(s, _)| s != stream);
            out.push((stream.clone(), Err(error.clone())));
        }
        out
    }

    /// How many streams have data.
    pub fn streams(&self) -> usize {
        self.data.len()
    }
}

fn later(slot: &mut Timestamp, at: Timestamp) {
    *slot = (*slot).max(at);
}
