//! The site search: one index per site built from the model at build time
//! (`tim-kiem/index.json`: title, URL, kind, snippet and accent-folded words), loaded by the
//! theme's script only when the search box is used, and a no-JavaScript fallback page that
//! lists every item A–Z in Vietnamese order. Chosen over Pagefind: no WebAssembly (so no
//! `wasm-unsafe-eval` in the CSP), typo tolerance, and a payload of a few KB per site.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::items::Extra;
use crate::project::Site;
use crate::text;

/// One searchable item.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Item {
    /// Title.
    pub t: String,
    /// URL relative to the site root.
    pub u: String,
    /// Kind label ("Thủ tục", "Thông báo", …).
    pub k: String,
    /// Snippet.
    pub s: String,
    /// Accent-folded, de-duplicated words of title and keywords, space-separated.
    pub w: String,
}

fn words(parts: &[&str]) -> String {
    let mut seen = BTreeSet::new();
    let mut out: Vec<String> = Vec::new();
    for p in parts {
        for w in text::fold(p).split(|c: char| !c.is_ascii_alphanumeric()) {
            if w.len() > 1 && seen.insert(w.to_owned()) {
                out.push(w.to_owned());
            }
        }
    }
    out.join(" ")
}

fn snippet(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() <= 160 {
        return s.to_owned();
    }
    let cut: String = s.chars().take(157).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{cut}…")
}

/// Every searchable item of a site, sorted in Vietnamese order of titles.
pub fn items(
    site: &Site,
    proc_url: &dyn Fn(&crate::procedures::SiteProcedure) -> String,
) -> Vec<Item> {
    let mut out = Vec::new();
    for p in &site.procedures {
        let r = &p.proc.raw;
        out.push(Item {
            t: r.short_name.clone(),
            u: proc_url(p),
            k: "Thủ tục".into(),
            s: snippet(&r.summary),
            w: words(&[&r.short_name, &r.name, &r.field, &r.summary, &p.proc.code]),
        });
    }
    for p in site.pages.iter().filter(|p| !p.is_index) {
        let (kind, extra_words) = match &p.extra {
            Extra::Announcement(a) => (
                "Thông báo",
                crate::items::category_name(&a.category).to_owned(),
            ),
            Extra::Event(e) => ("Sự kiện", e.place.clone().unwrap_or_default()),
            Extra::Document(d) => ("Văn bản", format!("{} {} {}", d.form, d.number, d.summary)),
            Extra::Plain => ("Trang", String::new()),
        };
        let desc = p.description.clone().unwrap_or_default();
        out.push(Item {
            t: p.title.clone(),
            u: p.path.clone(),
            k: kind.into(),
            s: snippet(&desc),
            w: words(&[&p.title, &desc, &extra_words]),
        });
    }
    out.sort_by(|a, b| text::collate(&a.t, &b.t).then_with(|| a.u.cmp(&b.u)));
    out
}

/// The JSON index.
pub fn index_json(items: &[Item]) -> Vec<u8> {
    crate::textfmt::json::compact(items).into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_folded_and_unique() {
        assert_eq!(words(&["Đăng ký kết hôn", "đăng ký"]), "dang ky ket hon");
    }

    #[test]
    fn long_snippets_end_on_a_word() {
        let s = snippet(&"từ ".repeat(100));
        assert!(s.ends_with('…') && s.chars().count() <= 160);
    }
}
