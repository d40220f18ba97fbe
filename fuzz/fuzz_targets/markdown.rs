//! Text → `markdown::render` (pages are no longer minified). No panic or stack overflow; the HTML has no script, frame, object, embed, style
//! element, event handler, style attribute or `javascript:`/`data:` URL in an attribute.
#![no_main]

use std::path::Path;

use congxa::markdown::{self, Links, PageTarget};
use libfuzzer_sys::fuzz_target;

fn scheme(url: &str) -> Option<String> {
    let c: String = url.chars().filter(|c| !c.is_control() && !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
    let (s, _) = c.split_once(':')?;
    (s.starts_with(|c: char| c.is_ascii_alphabetic()) && s.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))).then(|| s.to_owned())
}

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else { return };
    // The build renders pages on rayon workers with 2 MiB stacks: check with the same budget.
    let body = body.to_owned();
    std::thread::Builder::new().stack_size(2 << 20).spawn(move || check(&body)).unwrap().join().unwrap();
});

fn check(body: &str) {
    let page_url = |p: &str| match p {
        "lien-he.md" => PageTarget::Url("lien-he/".to_owned()),
        "nhap.md" => PageTarget::Hidden,
        _ => PageTarget::Missing,
    };
    let static_exists = |p: &str| p == "files/qd.pdf";
    let pages = vec!["lien-he.md".to_owned(), "nhap.md".to_owned()];
    let images = std::collections::BTreeMap::new();
    let links = Links {
        file: Path::new("sites/xa-thu/content/thon/a.md"),
        body_line: 5,
        source_dir: "thon",
        to_root: "../../",
        page_url: &page_url,
        static_exists: &static_exists,
        all_pages: &pages,
        images: &images,
    };
    let (r, problems) = markdown::render(body, &links);
    let lines = body.split('\n').count() as u32 + 5;
    for d in &problems {
        assert!(d.span.line >= 5 && d.span.line <= lines, "{d:?}");
    }
    let lower = r.html.to_ascii_lowercase();
    for bad in ["<script", "<iframe", "<object", "<embed", "<style", "<svg", "<math", "<form", "<base", "<meta", "<link"] {
        assert!(!lower.contains(bad), "{bad} in {}", r.html);
    }
    // Attributes: html5ever quotes every value with `"`; text escapes `<`.
    for tag in r.html.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or_default();
        let mut rest = tag;
        while let Some(eq) = rest.find("=\"") {
            let name = rest[..eq].rsplit([' ', '\n', '\t']).next().unwrap_or_default().to_ascii_lowercase();
            let after = &rest[eq + 2..];
            let end = after.find('"').unwrap_or(after.len());
            let value = after[..end].replace("&amp;", "&");
            assert!(!name.starts_with("on") && name != "style", "attribute {name} in {}", r.html);
            if matches!(name.as_str(), "href" | "src" | "cite" | "action" | "srcset") {
                if let Some(s) = scheme(&value) {
                    assert!(["http", "https", "mailto", "tel", "geo", "sms", "sip", "xmpp", "irc", "ircs", "magnet", "webcal", "bitcoin", "ftps", "im", "mms", "mx", "news", "nntp", "openpgp4fpr", "smsto", "ssh", "url", "wtai"].contains(&s.as_str()), "{name}=\"{value}\" in {}", r.html);
                }
            }
            rest = &after[(end + 1).min(after.len())..];
        }
    }
}
