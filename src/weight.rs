//! Page weight per first visit, as a resident's phone downloads it: the HTML plus the
//! stylesheet and scripts it references, each gzip-compressed (level 6, like common servers).
//! Budgets: HTML ≤ 14 KB for text pages, HTML + CSS + JS ≤ 50 KB. Content images are excluded
//! (lazy-loaded). `check` warns about pages over budget; `build --weights FILE` writes the report.

use std::collections::BTreeMap;
use std::io::Write as _;

use crate::outfile::Output;

/// Budget for the HTML document alone, gzip bytes.
pub const HTML_BUDGET: usize = 14 * 1024;
/// Budget for HTML + CSS + JS, gzip bytes.
pub const TOTAL_BUDGET: usize = 50 * 1024;

/// Weight of one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageWeight {
    /// Site folder.
    pub site: String,
    /// Output path of the page.
    pub path: String,
    /// Gzip size of the HTML.
    pub html_gz: usize,
    /// Gzip size of HTML + referenced CSS and JS.
    pub total_gz: usize,
}

impl PageWeight {
    /// Whether the page is within both budgets.
    pub fn within_budget(&self) -> bool {
        self.html_gz <= HTML_BUDGET && self.total_gz <= TOTAL_BUDGET
    }
}

/// Gzip size of `bytes` at level 6.
pub fn gzip_len(bytes: &[u8]) -> usize {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    let _ = e.write_all(bytes);
    e.finish().map_or(bytes.len(), |v| v.len())
}

/// The bytes of a gzip stream: tests read back the gzip files the binary carries (the editor's
/// bundle) through the module that owns flate2.
#[cfg(test)]
pub fn gunzip(gz: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(gz), &mut out)?;
    Ok(out)
}

/// Local `href`/`src` values ending in `.css` or `.js` in an HTML text.
fn assets_of(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=", "src="] {
        for part in html.split(attr).skip(1) {
            let v = match part.chars().next() {
                Some(q @ ('"' | '\'')) => part[1..].split(q).next().unwrap_or_default(),
                _ => part.split([' ', '>']).next().unwrap_or_default(),
            };
            if (v.ends_with(".css") || v.ends_with(".js")) && !v.contains("://") {
                out.push(v.to_owned());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Resolves `rel` (relative to the folder of `page`) to an output path.
fn resolve(page: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// Weights of every HTML page of a site.
pub fn measure(site: &str, outputs: &[Output]) -> Vec<PageWeight> {
    let by_path: BTreeMap<&str, &Output> = outputs.iter().map(|o| (o.path.as_str(), o)).collect();
    let mut asset_gz: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for o in outputs.iter().filter(|o| o.path.ends_with(".html")) {
        let html = String::from_utf8_lossy(&o.bytes);
        let html_gz = gzip_len(&o.bytes);
        let mut total = html_gz;
        for a in assets_of(&html) {
            let path = resolve(&o.path, &a);
            let n = *asset_gz
                .entry(path.clone())
                .or_insert_with(|| by_path.get(path.as_str()).map_or(0, |x| gzip_len(&x.bytes)));
            total += n;
        }
        out.push(PageWeight {
            site: site.to_owned(),
            path: o.path.clone(),
            html_gz,
            total_gz: total,
        });
    }
    out
}

/// Tab-separated report, heaviest first.
pub fn report_tsv(weights: &[PageWeight]) -> String {
    let mut w: Vec<&PageWeight> = weights.iter().collect();
    w.sort_by(|a, b| {
        b.total_gz
            .cmp(&a.total_gz)
            .then(a.site.cmp(&b.site))
            .then(a.path.cmp(&b.path))
    });
    let mut s = String::from("site\tpage\thtml_gzip_bytes\ttotal_gzip_bytes\twithin_budget\n");
    for p in w {
        s.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\n",
            p.site,
            p.path,
            p.html_gz,
            p.total_gz,
            p.within_budget()
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assets_are_found_and_resolved() {
        let html = "<link href=../../assets/style.1.css rel=stylesheet><script src=\"../../assets/app.2.js\" defer></script><a href=x/>";
        assert_eq!(
            assets_of(html),
            ["../../assets/app.2.js", "../../assets/style.1.css"]
        );
        assert_eq!(
            resolve("thu-tuc/a/index.html", "../../assets/style.1.css"),
            "assets/style.1.css"
        );
    }

    #[test]
    fn page_weight_includes_assets_once_each() {
        let outs = vec![
            Output {
                path: "index.html".into(),
                bytes: b"<link href=assets/s.css>".to_vec(),
            },
            Output {
                path: "assets/s.css".into(),
                bytes: vec![b'a'; 1000],
            },
        ];
        let w = measure("x", &outs);
        assert_eq!(w.len(), 1);
        assert!(w[0].total_gz > w[0].html_gz);
        assert!(w[0].within_budget());
    }
}
