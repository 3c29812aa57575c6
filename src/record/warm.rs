//! Starting warm: the last state the newest recording of the same backend holds, so that a
//! console opened at 3 a.m. over SSH shows context in its first frame, every pane stale with
//! its true age, until its own polls answer.
//!
//! Only the scoped feeds (fleet, metrics, alarms, groups, RDS events) of the scopes the console polls are
//! taken, each as of the recording's end (or, for a feed failing then, when its data was
//! last recorded); a recording that cannot be read is passed
//! over (the console starts cold), never an error.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::cloud::model::{Scope, Timestamp};

use super::EXTENSION;
use super::envelope::{FeedName, Observation};
use super::file::{ReadError, open};
use super::replay::cursor::Cursor;

/// The last state of a recording.
#[derive(Debug, Clone)]
pub struct Warm {
    pub path: PathBuf,
    /// The recording's last time.
    pub recorded: Timestamp,
    /// One observation per stream, fleets first (the other feeds' rows build on them).
    pub observations: Vec<Observation>,
}

/// The recordings in `folder`, newest first (by when they were last written).
fn recordings(folder: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else { return Vec::new() };
    let mut found: Vec<(SystemTime, PathBuf)> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == EXTENSION))
        .filter_map(|p| Some((std::fs::metadata(&p).and_then(|m| m.modified()).ok()?, p)))
        .collect();
    found.sort_by_key(|f| std::cmp::Reverse(f.0));
    found.into_iter().map(|(_, p)| p).collect()
}

/// The last state of the newest recording in `folder` made on `backend` over any of `scopes`,
/// restricted to those scopes; `None` when there is none that can be read.
pub fn latest(folder: &Path, backend: &str, scopes: &[Scope]) -> Option<Warm> {
    for path in recordings(folder) {
        let Ok((header, _)) = open(&path) else { continue };
        if header.backend != backend || !header.scopes.iter().any(|s| scopes.contains(s)) {
            continue;
        }
        match last_state(&path, scopes) {
            Ok(warm) if !warm.observations.is_empty() => return Some(warm),
            Ok(_) => {}
            Err(why) => tracing::warn!(%why, "a recording to start warm from cannot be read"),
        }
    }
    None
}

/// The last state of one recording, for the streams of `scopes`.
pub fn last_state(path: &Path, scopes: &[Scope]) -> Result<Warm, ReadError> {
    let (_, mut cursor) = Cursor::open(path)?;
    let recorded = cursor.last;
    let decoder = cursor.at(recorded)?;
    let feeds = [FeedName::Fleet, FeedName::Metrics, FeedName::Alarms, FeedName::Groups, FeedName::Events];
    let mut observations: Vec<Observation> = decoder
        .streams()
        .filter(|(stream, _)| stream.id.is_none() && feeds.contains(&stream.feed) && scopes.contains(&stream.scope))
        .filter_map(|(stream, payload)| {
            // A recording stores changes and failures only: data that stood still was still
            // what the feed answered when the recording ended, unless the feed was failing.
            let at = match decoder.current(stream) {
                Some(Err(_)) => decoder.fetched_at(stream)?,
                _ => recorded,
            };
            Some(Observation { at, stream: stream.clone(), result: Ok(payload.clone()) })
        })
        .collect();
    observations.sort_by_key(|o| (o.stream.feed != FeedName::Fleet, o.at));
    Ok(Warm { path: path.to_path_buf(), recorded, observations })
}
