//! Bytes → `fsx::decode` → `site.yaml` schema (and the procedure schemas). No panic; an error
//! names the file at a line inside it.
#![no_main]

use std::path::Path;

use congxa::config::SiteFile;
use congxa::procedures::schema::{OverridesFile, ProcedureFile};
use libfuzzer_sys::fuzz_target;

const FILE: &str = "sites/xa-thu/site.yaml";

fn check<T: serde::de::DeserializeOwned>(text: &str) {
    let lines = text.split('\n').count() as u32 + 1;
    if let Err(d) = congxa::yaml::parse::<T>(text, Path::new(FILE), 1) {
        assert!(d.span.file == Path::new(FILE) && d.span.line <= lines, "{d:?}");
        assert!(!d.message.vi.is_empty());
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = congxa::fsx::decode(data, Path::new(FILE)) else { return };
    check::<SiteFile>(&text);
    check::<ProcedureFile>(&text);
    check::<OverridesFile>(&text);
});
