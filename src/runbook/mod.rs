//! Runbooks: scale up, snapshot, fail over. Each builds a `Plan` from the data on screen with
//! no I/O; only a confirmed plan runs, as a task that re-checks before acting, stops at the
//! first failure, reports its progress as events and writes every step to the audit log.

pub mod audit;
pub mod catalog;
pub mod failover;
pub mod plan;
pub mod runner;

#[cfg(test)]
mod tests;
