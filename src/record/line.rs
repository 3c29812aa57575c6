//! The file format: JSON Lines, one header line then one record per line. Every line is a
//! whole JSON object that names its kind (`k`) and its time (`at`); feed data is written whole
//! at a stream's first record and at each keyframe, and as a change (`delta`) in between.

use serde::{Deserialize, Serialize};

use crate::cloud::CloudError;
use crate::cloud::model::{Scope, Timestamp};

use super::delta::Change;
use super::envelope::{Payload, Stream};

/// What the header's `format` says.
pub const FORMAT: &str = "opsdeck-recording";

/// The format version this opsdeck writes.
///
/// Version 2 added rows for the newest minute of metrics (`tick`) and links between
/// keyframes; everything version 1 wrote reads the same, so both are read.
pub const VERSION: u32 = 2;

/// The oldest format version this opsdeck reads.
pub const OLDEST_READ: u32 = 1;

/// The first line of a recording: enough to read it without the config that made it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub format: String,
    pub version: u32,
    /// The opsdeck version that started the file.
    pub opsdeck: String,
    pub started: Timestamp,
    /// What the console was looking at: "DEMO", a profile, …
    pub backend: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    pub scopes: Vec<Scope>,
}

impl Header {
    pub fn new(started: Timestamp, backend: String, detail: Option<String>, scopes: Vec<Scope>) -> Self {
        Self {
            format: FORMAT.to_owned(),
            version: VERSION,
            opsdeck: env!("CARGO_PKG_VERSION").to_owned(),
            started,
            backend,
            detail,
            scopes,
        }
    }
}

/// One record line. Read with its kind first (see `tagged`), as every line is written.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "k", rename_all = "snake_case")]
pub enum Line {
    /// From here on every stream is stated whole before it changes: a reader can start here.
    /// It says its own line number and links to the keyframe before it (its byte offset), so
    /// that a reader finds every keyframe from the last one without reading the file through.
    Keyframe {
        at: Timestamp,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        line: Option<usize>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        prev: Option<u64>,
    },
    /// A stream's data, whole.
    Whole { at: Timestamp, stream: Stream, data: Payload },
    /// A stream's data as a change to its last record.
    Delta { at: Timestamp, stream: Stream, change: Change },
    /// A stream's fetch failed (its last data stays what it was).
    Failed { at: Timestamp, stream: Stream, error: CloudError },
    /// An audit log line.
    Audit { at: Timestamp, line: serde_json::Value },
    /// An operator's note.
    Note { at: Timestamp, who: String, text: String },
}

super::tagged::deserialize_tagged!(Line, "k", "a recording line", {
    "keyframe" => |t| t.fields::<KeyframeFields>().map(|f| Line::Keyframe { at: f.at, line: f.line, prev: f.prev }),
    "whole" => |t| t.fields::<WholeFields>().map(|f| Line::Whole { at: f.at, stream: f.stream, data: f.data }),
    "delta" => |t| t.fields::<DeltaFields>().map(|f| Line::Delta { at: f.at, stream: f.stream, change: f.change }),
    "failed" => |t| t.fields::<FailedFields>().map(|f| Line::Failed { at: f.at, stream: f.stream, error: f.error }),
    "audit" => |t| t.fields::<AuditFields>().map(|f| Line::Audit { at: f.at, line: f.line }),
    "note" => |t| t.fields::<NoteFields>().map(|f| Line::Note { at: f.at, who: f.who, text: f.text }),
});

/// The fields of each kind of line, after its `k`.
#[derive(Deserialize)]
struct KeyframeFields {
    at: Timestamp,
    line: Option<usize>,
    prev: Option<u64>,
}

#[derive(Deserialize)]
struct WholeFields {
    at: Timestamp,
    stream: Stream,
    data: Payload,
}

#[derive(Deserialize)]
struct DeltaFields {
    at: Timestamp,
    stream: Stream,
    change: Change,
}

#[derive(Deserialize)]
struct FailedFields {
    at: Timestamp,
    stream: Stream,
    error: CloudError,
}

#[derive(Deserialize)]
struct AuditFields {
    at: Timestamp,
    line: serde_json::Value,
}

#[derive(Deserialize)]
struct NoteFields {
    at: Timestamp,
    who: String,
    text: String,
}

/// How every keyframe line begins (the reader finds them without parsing other lines).
pub const KEYFRAME_PREFIX: &[u8] = br#"{"k":"keyframe""#;

impl Line {
    pub fn at(&self) -> Timestamp {
        match self {
            Self::Keyframe { at, .. }
            | Self::Whole { at, .. }
            | Self::Delta { at, .. }
            | Self::Failed { at, .. }
            | Self::Audit { at, .. }
            | Self::Note { at, .. } => *at,
        }
    }
}
