//! One integration-test binary: a module per feature, sharing the fixture harness.

mod core;
mod harness;
mod images;
mod news;
mod procedures;
mod robustness;
mod theme;
mod props;
mod crash;
mod serve;
mod scaffold;
