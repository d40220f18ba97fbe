//! congxa: static sites for Vietnam's communes and wards. See ARCHITECTURE.md for the module map.
//!
//! The build is a chain of plain values: load (`project`) → validate (`config`, `content`,
//! `procedures`) → frozen model → render to strings (`render`, through `theme`) → one writer
//! (`output`).

#![allow(
    clippy::result_large_err,
    reason = "a Diagnostic is returned once per problem file, never in a hot loop; boxing adds noise"
)]

pub mod app;
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
