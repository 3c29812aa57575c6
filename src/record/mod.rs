//! Recordings: what the console saw, kept for afterwards.
//!
//! The unit is the record envelope (`envelope`): one feed result for one scope at one time,
//! an audit entry, or an operator note; a hub that shares what consoles see publishes the same
//! `Entry`. A recording file (`line`, `file`) is JSON Lines: a header naming the format, its
//! version and the opsdeck that wrote it, then one record per line, appended, each line one
//! write. Feed data is stored as changes (`delta`, `encode`) with keyframes every twenty recorded
//! minutes, and rebuilt on reading (`decode`). `writer` records while the console runs, off
//! its loop; `replay` is a backend over a recording.

pub mod decode;
pub mod delta;
pub mod encode;
pub mod envelope;
pub mod file;
pub mod folder;
pub mod line;
pub mod replay;
pub(crate) mod tagged;
pub mod warm;
pub mod writer;

#[cfg(test)]
pub(crate) mod event_tests;
#[cfg(test)]
mod keyframe_tests;
#[cfg(test)]
mod tests;

pub use decode::Decoder;
pub use encode::Encoder;
pub use envelope::{Entry, FeedName, Observation, Payload, PayloadRef, Stream};
pub use file::{ReadError, read_all};
pub use line::{FORMAT, Header, Line, VERSION};
pub use writer::Recorder;

/// The extension recordings are given in the default folder.
pub const EXTENSION: &str = "odr";
