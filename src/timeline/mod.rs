//! `opsdeck timeline`: the incident timeline of a recording, for a post-mortem document —
//! alarm transitions (from the recorded alarm states, with how long each state lasted),
//! scaling activities, DB status changes, RDS events, health verdict changes, runbook runs and each of
//! their steps (from the recorded audit lines), and operator notes; UTC times throughout.
//! `derive` finds the events (one entry at a time, for the live Timeline tab as for the export),
//! `live` keeps the console's newest ones, `render` writes them as text, markdown or JSON.

mod derive;
pub mod live;
#[cfg(test)]
mod rds_event_tests;
mod render;

use std::path::Path;

use serde::Serialize;

use crate::cli::TimelineFormat;
use crate::cloud::model::Timestamp;
use crate::judging::Thresholds;
use crate::record::replay::ReplayClock;
use crate::record::{Header, ReadError, read_all};

pub use derive::{Deriver, events, lasted, order};
pub use live::Live;

/// Where an event comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Alarm,
    Scaling,
    Db,
    /// An event RDS reported (`DescribeEvents`).
    RdsEvent,
    Health,
    Runbook,
    Note,
}

impl Source {
    pub fn label(self) -> &'static str {
        match self {
            Self::Alarm => "alarm",
            Self::Scaling => "scaling",
            Self::Db => "db",
            Self::RdsEvent => "rds event",
            Self::Health => "health",
            Self::Runbook => "runbook",
            Self::Note => "note",
        }
    }
}

/// One thing that happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    pub at: Timestamp,
    pub source: Source,
    /// The resource (or run, or who wrote the note).
    pub resource: String,
    /// Its scope, e.g. "us-east-1" (empty when none).
    pub scope: String,
    pub what: String,
}

/// The part of the recording asked for: `--from` and `--to` as typed.
#[derive(Debug, Clone, Default)]
pub struct Span {
    pub from: Option<String>,
    pub to: Option<String>,
}

/// The timeline of one recording.
#[derive(Debug, Clone)]
pub struct Timeline {
    pub header: Header,
    pub first: Timestamp,
    pub last: Timestamp,
    pub events: Vec<Event>,
}

/// Why there is no timeline.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("{0}")]
    Span(String),
    #[error("cannot write the timeline: {0}")]
    Render(String),
}

/// Reads a recording and finds its events between `span`'s times.
pub fn build(path: &Path, span: &Span, thresholds: &Thresholds) -> Result<(Timeline, Option<String>), ExportError> {
    let (header, entries, torn) = read_all(path)?;
    let first = entries.first().map_or(header.started, crate::record::Entry::at);
    let last = entries.last().map_or(first, crate::record::Entry::at);
    let clock = ReplayClock::new(first, last);
    let bound = |flag: &str, text: &Option<String>| {
        text.as_deref()
            .map(|t| clock.goto_target(t).map_err(|why| ExportError::Span(format!("--{flag}: {why}"))))
            .transpose()
    };
    let (from, to) = (bound("from", &span.from)?, bound("to", &span.to)?);
    let events = events(&entries, thresholds)
        .into_iter()
        .filter(|e| from.is_none_or(|f| e.at >= f) && to.is_none_or(|t| e.at <= t))
        .collect();
    Ok((Timeline { header, first, last, events }, torn))
}

/// The timeline as text, markdown or JSON, with the warning about a torn last record.
pub fn export(
    path: &Path,
    span: &Span,
    thresholds: &Thresholds,
    format: TimelineFormat,
) -> Result<(String, Option<String>), ExportError> {
    let (timeline, torn) = build(path, span, thresholds)?;
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let text = match format {
        TimelineFormat::Text => render::text(&timeline, &name),
        TimelineFormat::Markdown => render::markdown(&timeline, &name),
        TimelineFormat::Json => render::json(&timeline, &name).map_err(|e| ExportError::Render(e.to_string()))?,
    };
    Ok((text, torn))
}
