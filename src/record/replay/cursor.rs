//! Where a replay reads: the recording's keyframes (found once, when it opens: `index`), and
//! the streams as of the last line read. Moving forward reads on from
//! there; moving back, or far ahead, starts again at the keyframe an hour's window before.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::Duration;

use crate::cloud::model::{Scope, Timestamp};
use crate::record::Decoder;
use crate::record::envelope::{FeedName, Stream};
use crate::record::file::{Lines, ReadError, open, shown};
use crate::record::line::{Header, Line};

use super::index::{self, Index, Keyframe};

/// How far before the wanted time reading starts: a metrics window (an hour) and a margin.
const LOOKBACK: Duration = Duration::minutes(65);

/// How far into a recording its start may wait for every feed's first record.
const READY_WITHIN: Duration = Duration::minutes(2);

/// Reading ahead further than this starts again at a keyframe instead.
const READ_AHEAD: Duration = Duration::hours(2);

/// A recording open for replay.
#[derive(Debug)]
pub struct Cursor {
    path: PathBuf,
    lines: Lines,
    keyframes: Vec<Keyframe>,
    decoder: Decoder,
    /// The time of the last line applied (None: nothing read since the keyframe).
    read_to: Option<Timestamp>,
    /// A line read but not applied: it is after the time asked for.
    pending: Option<(usize, Line)>,
    /// The warning about a torn last line, if the scan found one.
    pub torn: Option<String>,
    pub first: Timestamp,
    pub last: Timestamp,
    /// Where a replay starts: once every feed has answered.
    pub ready: Timestamp,
}

impl Cursor {
    /// Opens a recording: checks its header, and finds its keyframes and its last time.
    pub fn open(path: &Path) -> Result<(Header, Self), ReadError> {
        let (header, mut lines) = open(path)?;
        let records = lines.position();
        let Index { mut keyframes, last_line } = index::find(path, &mut lines)?;
        let Some(first) = keyframes.first_mut() else {
            return Err(ReadError::BadLine {
                path: shown(path),
                line: 2,
                why: "the recording holds no records yet".to_owned(),
            });
        };
        // Reading from the start begins at the first record, so that what comes before the
        // first keyframe (audit lines, or a garbled line) is read too.
        (first.offset, first.line) = records;
        let first = *first;
        let mut cursor = Self {
            path: path.to_path_buf(),
            lines,
            keyframes,
            decoder: Decoder::new(),
            read_to: None,
            pending: None,
            torn: None,
            first: first.at,
            last: first.at,
            ready: first.at,
        };
        // The last time: the last whole line's (a torn one after it is skipped).
        if let Some((offset, n)) = last_line {
            cursor.lines.seek(offset, n)?;
            while let Some((_, _, line)) = cursor.lines.next_line()? {
                cursor.last = cursor.last.max(line.at());
            }
            cursor.torn = cursor.lines.torn.take();
        }
        cursor.restart(first)?;
        cursor.ready = cursor.ready_at(&header.scopes, first)?;
        cursor.restart(first)?;
        Ok((header, cursor))
    }

    /// When every feed of every scope has its first record (within the first minutes): where
    /// a replay starts, so that its first frame has something in every pane.
    fn ready_at(&mut self, scopes: &[Scope], first: Keyframe) -> Result<Timestamp, ReadError> {
        let feeds = [FeedName::Fleet, FeedName::Metrics, FeedName::Alarms, FeedName::Groups];
        let mut missing: BTreeSet<Stream> =
            scopes.iter().flat_map(|s| feeds.map(|f| Stream::scoped(f, s.clone()))).collect();
        let mut ready = first.at;
        while let Some((_, _, line)) = self.lines.next_line()? {
            if line.at() > first.at + READY_WITHIN || missing.is_empty() {
                break;
            }
            if let Line::Whole { stream, .. } | Line::Delta { stream, .. } | Line::Failed { stream, .. } = &line
                && missing.remove(stream)
            {
                ready = line.at();
            }
        }
        Ok(ready)
    }

    fn restart(&mut self, keyframe: Keyframe) -> Result<(), ReadError> {
        self.lines.seek(keyframe.offset, keyframe.line)?;
        self.decoder = Decoder::new();
        self.read_to = None;
        self.pending = None;
        Ok(())
    }

    /// The streams as of recorded time `t`.
    pub fn at(&mut self, t: Timestamp) -> Result<&Decoder, ReadError> {
        let behind = self.read_to.is_some_and(|r| r > t);
        let far = self.read_to.is_some_and(|r| t - r > READ_AHEAD);
        if behind || far || self.read_to.is_none() {
            let from = t - LOOKBACK;
            let keyframe = self.keyframes.iter().rev().find(|k| k.at <= from).unwrap_or(&self.keyframes[0]);
            let keyframe = *keyframe;
            self.restart(keyframe)?;
            self.read_to = Some(keyframe.at);
        }
        loop {
            let (n, line) = match self.pending.take() {
                Some(pending) => pending,
                None => match self.lines.next_line()? {
                    Some((n, _, line)) => (n, line),
                    None => break,
                },
            };
            if line.at() > t {
                self.pending = Some((n, line));
                break;
            }
            let at = line.at();
            self.decoder.read(line).map_err(|why| ReadError::BadLine { path: shown(&self.path), line: n, why })?;
            self.read_to = Some(self.read_to.map_or(at, |r| r.max(at)));
        }
        self.read_to = Some(self.read_to.map_or(t, |r| r.max(t)));
        Ok(&self.decoder)
    }
}
