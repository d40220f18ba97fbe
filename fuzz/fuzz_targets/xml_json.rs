//! Bytes → four strings (split at 0xFF) → Atom (`feeds::atom`), JSON Feed, `sitemap.xml`, the
//! sitemap index and JSON-LD. The XML files are well-formed with exactly the elements written
//! and the text `textfmt::xml::normalize` gives; the JSON parses back to the very strings; the
//! JSON-LD holds no `<`, `>` or `&`, so it can never end its `<script>`.
#![no_main]

use congxa::feeds::{self, Entry, Feed};
use congxa::render;
use congxa::textfmt::xml;
use libfuzzer_sys::fuzz_target;
use time::macros::datetime;

fn elements<'a>(n: roxmltree::Node<'a, 'a>) -> Vec<&'a str> {
    n.children().filter(|c| c.is_element()).map(|c| c.tag_name().name()).collect()
}

fn text_of<'a>(n: roxmltree::Node<'a, 'a>, name: &str) -> &'a str {
    n.children().find(|c| c.has_tag_name(name)).and_then(|c| c.text()).unwrap_or_default()
}

fn feeds(title: &str, summary: &str, html: &str, tag: &str) {
    let f = Feed {
        title: title.into(),
        home: "https://x.vn/".into(),
        atom_url: "https://x.vn/thong-bao/feed.xml".into(),
        json_url: "https://x.vn/thong-bao/feed.json".into(),
        author: "UBND".into(),
        lang: "vi".into(),
        entries: vec![Entry {
            url: "https://x.vn/thong-bao/a/".into(),
            title: title.into(),
            summary: summary.into(),
            html: html.into(),
            published: datetime!(2026-11-18 00:00 +7),
            updated: datetime!(2026-11-19 00:00 +7),
            tags: vec![tag.into()],
        }],
    };
    let atom = feeds::atom(&f);
    let doc = roxmltree::Document::parse(&atom).expect("well-formed Atom");
    let root = doc.root_element();
    assert_eq!(elements(root), ["title", "id", "link", "link", "updated", "author", "entry"]);
    let entry = root.children().find(|c| c.has_tag_name("entry")).unwrap();
    assert_eq!(text_of(entry, "title"), xml::normalize(title));
    assert_eq!(text_of(entry, "summary"), xml::normalize(summary));
    assert_eq!(text_of(entry, "content"), xml::normalize(html));
    let term = entry.children().find(|c| c.has_tag_name("category")).and_then(|c| c.attribute("term"));
    assert_eq!(term, Some(xml::normalize(tag).as_str()));
    let json: serde_json::Value = serde_json::from_str(&feeds::json_feed(&f)).expect("JSON");
    assert_eq!(json["items"][0]["title"].as_str(), Some(title));
}

fuzz_target!(|data: &[u8]| {
    let parts: Vec<String> =
        data.splitn(4, |&b| b == 0xFF).map(|p| String::from_utf8_lossy(p).into_owned()).collect();
    let get = |i: usize| parts.get(i).map_or("", String::as_str);
    feeds(get(0), get(1), get(2), get(3));
    let map = render::sitemap(get(0), &[get(1).to_owned()]);
    let doc = roxmltree::Document::parse(&map).expect("well-formed sitemap");
    let url = doc.root_element().first_element_child().unwrap();
    assert_eq!(text_of(url, "loc"), xml::normalize(&format!("{}{}", get(0), get(1))));
    let index = render::sitemap_index(&[get(2)]);
    roxmltree::Document::parse(&index).expect("well-formed sitemap index");
    let ld = render::json_ld(&serde_json::json!({ "name": get(3) }));
    assert!(!ld.contains(['<', '>', '&', '\u{2028}', '\u{2029}']), "{ld}");
    let v: serde_json::Value = serde_json::from_str(&ld).expect("JSON-LD");
    assert_eq!(v["name"].as_str(), Some(get(3)));
});
