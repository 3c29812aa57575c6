//! The timeline as text (for a terminal), markdown (for the post-mortem document) or JSON.
//! Names and messages came from AWS (or an operator): every output escapes them
//! (`crate::printable`), markdown fences names in code spans.

use std::fmt::Write as _;

use serde::Serialize;

use super::derive::lasted;
use super::{Event, Timeline};
use crate::cloud::model::Timestamp;
use crate::printable::markdown::{code, text as md};
use crate::printable::{escape, escape_json};

fn time(at: Timestamp) -> String {
    at.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// "DEMO az-outage ×60, 2026-11-27 15:00:00 to 15:30:00 UTC (30 min)".
fn summary(t: &Timeline) -> String {
    let detail = t.header.detail.as_ref().map(|d| format!(" {d}")).unwrap_or_default();
    let end =
        if t.first.date_naive() == t.last.date_naive() { t.last.format("%H:%M:%S").to_string() } else { time(t.last) };
    let length = lasted((t.last - t.first).num_seconds());
    format!("{}{detail}, {} to {end} UTC ({length})", t.header.backend, time(t.first))
}

fn resource(event: &Event) -> String {
    if event.scope.is_empty() { event.resource.clone() } else { format!("{} ({})", event.resource, event.scope) }
}

pub fn text(t: &Timeline, name: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Timeline of {}: {}", escape(name), escape(&summary(t)));
    let _ = writeln!(out, "{} events, times in UTC\n", t.events.len());
    for event in &t.events {
        let _ = writeln!(
            out,
            "{}  {:<7}  {}  {}",
            time(event.at),
            event.source.label(),
            escape(&resource(event)),
            escape(&event.what)
        );
    }
    out
}

pub fn markdown(t: &Timeline, name: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## Timeline of {}\n", code(name, false));
    let _ = writeln!(out, "{}. {} events; times in UTC.\n", md(&summary(t)), t.events.len());
    out.push_str("| Time (UTC) | Source | Resource | Region | What |\n|---|---|---|---|---|\n");
    for event in &t.events {
        let region = if event.scope.is_empty() { String::new() } else { md(&event.scope) };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {region} | {} |",
            time(event.at),
            event.source.label(),
            code(&event.resource, true),
            md(&event.what)
        );
    }
    out
}

#[derive(Serialize)]
struct Json<'a> {
    recording: &'a str,
    backend: &'a str,
    detail: Option<&'a str>,
    opsdeck: &'a str,
    first: Timestamp,
    last: Timestamp,
    events: &'a [Event],
}

pub fn json(t: &Timeline, name: &str) -> serde_json::Result<String> {
    let doc = Json {
        recording: name,
        backend: &t.header.backend,
        detail: t.header.detail.as_deref(),
        opsdeck: &t.header.opsdeck,
        first: t.first,
        last: t.last,
        events: &t.events,
    };
    let mut text = serde_json::to_string_pretty(&doc)?;
    text.push('\n');
    Ok(escape_json(&text).into_owned())
}
