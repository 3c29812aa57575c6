//! opsdeck: a terminal operations console for an AWS fleet of RDS / Aurora databases and
//! Auto Scaling Groups, with a built-in simulated fleet.
//!
//! The shape: events (keys, ticks, poller results) go through `update`, the only writer of
//! `State`; `ui::draw` renders the state; the app performs the effects `update` returns.
//! Backends implement the `cloud` traits.

pub mod app;
pub mod backend;
pub mod check;
pub mod cli;
pub mod cloud;
pub mod command;
pub mod config;
pub mod doctor;
pub mod event;
pub mod feed;
pub mod hub;
pub mod iam;
pub mod judging;
pub mod owner_only;
pub mod parallel;
pub mod poll;
pub mod posture;
pub mod printable;
pub mod record;
pub mod runbook;
pub mod shell;
pub mod state;
pub mod terminal;
pub mod timeline;
pub mod ui;
pub mod update;
