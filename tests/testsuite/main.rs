//! One integration-test binary: a module per feature, sharing the fixture harness.

mod boundaries;
mod cases;
mod catalog;
mod core;
mod crash;
mod dates;
mod faults;
mod formats;
mod freshness;
mod harness;
mod images;
mod layers;
mod loa;
mod news;
mod offline;
mod procedures;
mod props;
mod reach;
mod robustness;
mod rules;
mod scaffold;
mod scale;
mod serve;
mod theme;
mod warnings;
