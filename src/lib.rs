//! Maillon: a federated ActivityPub community node for cooperatives.
//!
//! Layers, from the outside in: `api` (JSON) and `federation` (ActivityPub) receive requests;
//! `service` holds the use-cases; `domain` the pure rules; `storage` the SQL. See
//! `docs/architecture.md` for the inbound and outbound flows.

// The JSON-LD context (`federation::context`) is one `json!` literal deeper than the default.
#![recursion_limit = "256"]

pub mod admin;
pub mod api;
pub mod app;
pub mod calendar;
pub mod cli;
pub mod config;
pub mod domain;
pub mod email;
pub mod error;
pub mod federation;
pub mod logging;
pub mod metrics;
pub mod migrate_db;
pub mod ops;
pub mod ratelimit;
pub mod service;
pub mod storage;
pub mod testing;
pub mod verify;
pub mod web;
