//! The one integration test binary (one link of the crate, see ARCHITECTURE.md): a module per area.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod app_loop;
mod check;
mod fixtures;
mod runbooks;
mod ui;
