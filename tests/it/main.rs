//! The one integration test binary (one link of the crate, see ARCHITECTURE.md): a module per area.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod app_loop;
mod audit;
mod aws;
mod banner;
mod check;
mod columns;
mod config;
mod config_fuzz;
mod doctor;
mod faults;
mod fixtures;
mod iam;
mod identity;
mod layers;
mod overview;
mod overview_lists;
mod overview_props;
mod rds_runbooks;
mod record;
mod render_props;
mod report_runs;
mod runbook_cli;
mod runbooks;
mod schema;
mod shell;
mod stale;
mod tall_fleet;
mod ui;
mod ui_perf;
mod ui_plans;
mod ui_reports;
mod ui_windowed;
mod warm_start;
