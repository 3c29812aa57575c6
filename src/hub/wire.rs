//! One message on the hub: a recording line (`record::Line`) as JSON, with the format version
//! and, for a keyframe stated in several parts, which part it is, in its NATS headers.

use crate::record::{Line, VERSION};

/// NATS's default `max_payload` is 1 MB; headers and the subject count against it too.
pub const MAX_BODY: usize = 1_000_000 - 16 * 1024;

/// The header naming the format version of the body.
pub const FORMAT_HEADER: &str = "Opsdeck-Format";

/// The header saying which part of a keyframe a message is: `i/n`, from 0.
pub const PART_HEADER: &str = "Opsdeck-Part";

/// A message to publish.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    pub subject: String,
    /// Which part of a keyframe this is, and of how many.
    pub part: Option<Part>,
    pub body: Vec<u8>,
}

/// Part `index` of `of` (from 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part {
    pub index: usize,
    pub of: usize,
}

impl Part {
    pub fn header(self) -> String {
        format!("{}/{}", self.index, self.of)
    }

    pub fn parse(text: &str) -> Option<Self> {
        let (index, of) = text.split_once('/')?;
        let part = Self { index: index.trim().parse().ok()?, of: of.trim().parse().ok()? };
        (part.index < part.of).then_some(part)
    }
}

/// The body of a line.
pub fn body(line: &Line) -> Vec<u8> {
    // A line is plain data (no maps with non-string keys): this cannot fail.
    serde_json::to_vec(line).unwrap_or_default()
}

/// The version a message says it is of: its header, else its subject.
pub fn version(header: Option<&str>, subject: &str) -> Option<u32> {
    header.and_then(|h| h.trim().parse().ok()).or_else(|| super::subject::version_of(subject))
}

/// Reads a message of this format version back into its line.
pub fn read(body: &[u8]) -> Result<Line, String> {
    serde_json::from_slice(body).map_err(|e| format!("a message that is not a version {VERSION} record: {e}"))
}
