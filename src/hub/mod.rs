//! The war-room hub: one process polls the backend for every scope and publishes every feed
//! result to NATS JetStream, and any number of consoles read from there instead of from AWS.
//!
//! What travels is the recording's envelope, encoded as the recording's lines (`record::Line`,
//! the same versioned format): a stream's data whole at its first publish and at each keyframe,
//! as a change in between. `subject` names where each line goes, `wire` frames it into a
//! message under NATS's 1 MB payload limit (`parts` splits data that would not fit), `publish`
//! decides what to publish for a poll result and `serve` runs the hub. On the console's side,
//! `join` finds the last keyframe of every stream and reads on from there, live; `view` holds
//! what it read and `inventory` answers the console's reads from it.

pub mod arrivals;
pub mod bucket;
pub mod clock;
pub mod connect;
pub mod history;
pub mod interest;
pub mod inventory;
pub mod join;
pub mod lease;
pub mod locks;
pub mod parts;
pub mod polling;
pub mod publish;
pub mod serve;
pub mod status;
pub mod subject;
pub mod view;
pub mod war;
pub mod wire;

#[cfg(test)]
mod tests;

use std::time::Duration;

use thiserror::Error;

pub use inventory::HubInventory;
pub use serve::{HubConfig, serve};

/// The JetStream stream every hub publishes into (every format version: the subjects say which).
pub const STREAM: &str = "OPSDECK";

/// How long the stream keeps what was published, unless configured.
pub const DEFAULT_RETENTION: Duration = Duration::from_hours(48);

/// Why the hub or a console on it cannot go on.
#[derive(Debug, Error)]
pub enum HubError {
    #[error("cannot connect to the hub at {url}: {message}")]
    Connect { url: String, message: String },
    #[error("the hub at {url}: {message}")]
    Stream { url: String, message: String },
    #[error(
        "the hub at {url} publishes recording format version {theirs} (opsdeck {opsdeck}); \
         this opsdeck reads versions {oldest} to {ours}"
    )]
    Version { url: String, theirs: u32, opsdeck: String, oldest: u32, ours: u32 },
}
