//! The residents' theme, measured from Rust: every demo page within the weight budget
//! (HTML ≤ 14 KB and HTML + CSS + JS ≤ 50 KB, gzip), and the search index covers the site.

use crate::harness::{NOW, repo};

fn demo_report() -> congxa::build::BuildReport {
    let opts = congxa::build::BuildOptions {
        root: repo(),
        out: std::path::PathBuf::new(),
        sites: Vec::new(),
        shard: None,
        now: congxa::app::clock(Some(NOW)).unwrap(),
        write: false,
        inject: None,
        weights: true,
        drafts: false,
        prune: false,
    };
    congxa::build::build(&opts, &|_, _| {}).unwrap_or_else(|_| panic!("usage error"))
}

#[test]
fn every_demo_page_is_within_the_weight_budget() {
    let r = demo_report();
    assert!(
        r.failed.is_empty(),
        "{}",
        r.diags.render(congxa::diag::Lang::En)
    );
    assert!(
        r.weights.len() >= 100,
        "only {} pages measured",
        r.weights.len()
    );
    let over: Vec<String> = r
        .weights
        .iter()
        .filter(|w| !w.within_budget())
        .map(|w| {
            format!(
                "{}/{}: html {} B, total {} B",
                w.site, w.path, w.html_gz, w.total_gz
            )
        })
        .collect();
    let max = r.weights.iter().map(|w| w.total_gz).max().unwrap_or(0);
    let max_html = r.weights.iter().map(|w| w.html_gz).max().unwrap_or(0);
    println!(
        "{} pages; heaviest HTML {max_html} B gzip, heaviest HTML+CSS+JS {max} B gzip",
        r.weights.len()
    );
    assert!(over.is_empty(), "pages over budget:\n{}", over.join("\n"));
}
