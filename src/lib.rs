//! congxa: static sites for Vietnam's communes and wards. See ARCHITECTURE.md for the module map.
//!
//! The build is a chain of plain values, one site at a time: load and validate (`project`,
//! with `config`, `content`, `items`, `people`, `procedures`, `images`) → frozen model
//! (`project::Site`) → plan (`plan`: every output as a job with its URL, path and depth;
//! collisions) → render, pure (`render`, through `theme` over `view` structs) → one writer
//! (`output`).

#![allow(
    clippy::result_large_err,
    reason = "a Diagnostic is returned once per problem file, never in a hot loop; boxing adds noise"
)]

pub mod app;
pub mod broadcast;
pub mod build;
pub mod catalog;
pub mod cli;
pub mod communes;
pub mod config;
pub mod contact;
pub mod content;
pub mod dates;
pub mod diag;
pub mod edit;
pub mod feeds;
pub mod fingerprint;
pub mod front;
pub mod fsx;
pub mod gsm;
pub mod hash;
pub mod images;
pub mod items;
pub mod markdown;
pub mod minify;
pub mod offline;
pub mod outfile;
pub mod output;
pub mod people;
pub mod placeholders;
pub mod plan;
pub mod procedures;
pub mod progress;
pub mod project;
pub mod qr;
pub mod reach;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod text;
pub mod textfmt;
pub mod theme;
pub mod view;
pub mod weight;
pub mod yaml;
