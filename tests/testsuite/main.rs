//! One integration-test binary: a module per feature, sharing the fixture harness.

mod core;
mod harness;
mod procedures;
mod robustness;
