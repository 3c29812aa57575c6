//! The subject layout. Everything is under `opsdeck.v<format version>.`:
//!
//! - `state.<scope>.<feed>`: a stream's changes and failures, in order;
//! - `state.<scope>.<feed>.key`: its keyframes (the data whole, in parts if large), so that a
//!   console joining late finds each stream's last keyframe as the last message of a subject;
//! - `hub.<name>`: each hub's header (the recording header: backend, scopes, versions);
//! - `beat.<name>`: each hub's heartbeat, core NATS only (not stored), so that consoles tell a
//!   quiet fleet from a hub that is gone.
//!
//! A scope is one token: `<profile>@<region>` (no profile: `@<region>`), every character but
//! letters, digits and `-` written as `_XX` (its bytes in hex), so that no `.`, `*` or `>` of
//! a profile name can change the subject's shape.

use std::fmt::Write as _;

use crate::cloud::model::Scope;
use crate::record::{FeedName, Stream, VERSION};

/// The prefix of every subject of this format version.
pub fn prefix() -> String {
    format!("opsdeck.v{VERSION}")
}

/// The subjects the JetStream stream stores, of every version.
pub fn stored() -> Vec<String> {
    vec!["opsdeck.*.state.>".to_owned(), "opsdeck.*.hub.*".to_owned(), "opsdeck.*.war.>".to_owned()]
}

fn escape(text: &str, out: &mut String) {
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || byte == b'-' {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "_{byte:02X}");
        }
    }
}

/// A scope as one subject token.
pub fn scope_token(scope: &Scope) -> String {
    let mut out = String::new();
    escape(scope.profile.as_deref().unwrap_or(""), &mut out);
    out.push('@');
    escape(&scope.region, &mut out);
    out
}

fn feed_token(feed: FeedName) -> &'static str {
    match feed {
        FeedName::Fleet => "fleet",
        FeedName::Metrics => "metrics",
        FeedName::Alarms => "alarms",
        FeedName::Groups => "groups",
        FeedName::Performance => "performance",
        FeedName::AlarmHistory => "alarm_history",
        FeedName::Events => "events",
    }
}

/// Where a stream's changes and failures go; a stream of one resource (an instance's
/// Performance Insights) has the resource as one more token.
pub fn changes(stream: &Stream) -> String {
    let mut subject = format!("{}.state.{}.{}", prefix(), scope_token(&stream.scope), feed_token(stream.feed));
    if let Some(id) = &stream.id {
        subject.push('.');
        escape(id, &mut subject);
    }
    subject
}

/// Where a stream's keyframes go.
pub fn keyframes(stream: &Stream) -> String {
    format!("{}.key", changes(stream))
}

/// Every stream's keyframe subject.
pub fn all_keyframes() -> String {
    format!("{}.state.*.*.key", prefix())
}

/// Everything a console reads from the stream, of this version.
pub fn all_of_version() -> String {
    format!("{}.>", prefix())
}

/// A hub's header.
pub fn header(hub: &str) -> String {
    format!("{}.hub.{}", prefix(), name_token(hub))
}

/// Every hub's header, of every version (a console says so when the versions differ).
pub fn all_headers() -> &'static str {
    "opsdeck.*.hub.*"
}

/// A hub's heartbeat.
pub fn beat(hub: &str) -> String {
    format!("{}.beat.{}", prefix(), name_token(hub))
}

/// Every hub's heartbeat.
pub fn all_beats() -> String {
    format!("{}.beat.*", prefix())
}

/// Where consoles publish their audit lines and notes (war-room wide, stored).
pub fn war_audit() -> String {
    format!("{}.war.audit", prefix())
}

/// Everything consoles share.
pub fn all_war() -> String {
    format!("{}.war.>", prefix())
}

/// A target's key in the locks bucket: `<profile>.<region>.<id>`, each escaped as subject
/// tokens are (no profile: `_`), so that the region can be read back.
pub fn lock_key(target: &crate::cloud::model::ResourceKey) -> String {
    let mut out = scope_key(&target.scope);
    out.push('.');
    escape(&target.id, &mut out);
    out
}

/// A scope's key in the leases bucket: `<profile>.<region>` (no profile: `_`).
pub fn scope_key(scope: &Scope) -> String {
    let mut out = String::new();
    match scope.profile.as_deref() {
        Some(profile) if !profile.is_empty() => escape(profile, &mut out),
        _ => out.push('_'),
    }
    out.push('.');
    escape(&scope.region, &mut out);
    out
}

/// The region of a lock key.
pub fn lock_region(key: &str) -> Option<String> {
    let token = key.split('.').nth(1)?;
    let mut out = Vec::new();
    let mut bytes = token.bytes();
    while let Some(b) = bytes.next() {
        if b == b'_' {
            let hex: String = [bytes.next()?, bytes.next()?].iter().map(|&c| char::from(c)).collect();
            out.push(u8::from_str_radix(&hex, 16).ok()?);
        } else {
            out.push(b);
        }
    }
    String::from_utf8(out).ok()
}

/// A hub's name as one token.
pub fn name_token(name: &str) -> String {
    let mut out = String::new();
    escape(name, &mut out);
    out
}

/// The format version a subject is of (`opsdeck.v3.…` → 3).
pub fn version_of(subject: &str) -> Option<u32> {
    subject.strip_prefix("opsdeck.v")?.split('.').next()?.parse().ok()
}
