//! Runbooks: scale up, snapshot, fail over, analysis reports, and the team's own — written as
//! files (`book`, `runbooks/*.toml`). Each builds a `Plan` from a read-only view of the fleet
//! with no I/O; only a confirmed plan runs, as a task that re-checks before acting, stops
//! at the first failure, reports its progress on a channel of its own and writes every step to
//! the audit log.
//!
//! Inside, `plan` (plain data) and `fleet` (the view) are the bottom; the planners (`book`, which
//! interprets runbook files, and `analysis`, sharing `checks`; `catalog` maps requests to them)
//! build on them; the `runner` carries plans out with `audit`
//! and `report`. Nothing here knows the console's state, events or screens.

pub mod analysis;
pub mod audit;
pub mod book;
pub mod catalog;
mod checks;
pub mod fleet;
pub mod lock;
pub mod plan;
pub mod readiness;
mod reads;
pub mod report;
pub mod runner;

#[cfg(test)]
pub(crate) mod fixtures;
#[cfg(test)]
mod tests;
