//! The runbooks the console's requests mean, planned from the built-in runbook files (see
//! `book`): one entry point for the tests, the readiness preflight and `opsdeck check`, which
//! plan without the user's runbooks folder. The console plans with its own library
//! (`book::builtin::plan_request`), the user's overrides included.
//!
//! `update` builds the plan and the confirm dialog holds it: what is shown is what runs.

use chrono::Utc;

use super::book::Library;
use super::book::builtin::plan_request;
use super::book::interpret::Approval;
use super::fleet::FleetView;
use super::plan::{Plan, Request};

/// A snapshot identifier RDS accepts: `opsdeck-<db>-<UTC timestamp>`.
pub fn snapshot_id(db: &str, at: chrono::DateTime<Utc>) -> String {
    format!("opsdeck-{db}-{}", at.format("%Y%m%d-%H%M%S"))
}

/// Builds the plan for a request from the fleet as fetched, with the built-in runbooks.
pub fn plan(fleet: &FleetView<'_>, request: &Request) -> Plan {
    plan_request(Library::shared(), fleet, request, Approval::default())
}
