//! Bytes → `fsx::decode` → front matter split → page load (every kind of page). No panic; every
//! problem names the file, at a line inside it.
#![no_main]

use std::path::Path;

use congxa::content::{self, Loaded};
use congxa::diag::Diagnostics;
use libfuzzer_sys::fuzz_target;

const FILE: &str = "sites/xa-thu/content/trang.md";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = congxa::fsx::decode(data, Path::new(FILE)) else { return };
    let lines = text.split('\n').count() as u32 + 1;
    if let Err(d) = content::split_front_matter(&text, Path::new(FILE)) {
        assert!(d.span.file == Path::new(FILE) && d.span.line <= lines, "{d:?}");
    }
    let audiences = ["nguoi-cao-tuoi".to_owned()];
    let statics = ["files/qd.pdf".to_owned()];
    let vocab = congxa::items::Vocab { audiences: &audiences, static_files: &statics };
    for source in ["trang.md", "_index.md", "thong-bao/a.md", "su-kien/a.md", "van-ban/a.md"] {
        let mut diags = Diagnostics::new();
        let loaded = content::load_page(&text, Path::new(FILE), source, time::macros::datetime!(2026-11-23 08:00 +7), &vocab, &mut diags);
        for d in diags.items() {
            assert!(d.span.file == Path::new(FILE) && d.span.line <= lines, "{d:?}");
        }
        if matches!(loaded, Loaded::Failed) {
            assert!(diags.has_errors());
        }
    }
});
