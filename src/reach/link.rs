//! Short links: `<site>/l/<code>/`, a static page per announcement and event that sends the
//! visitor on to the item's page. SMS carries the short link, since every character counts.
//!
//! The code is the item's URL path hashed (SHA-256) and written in lowercase base32 without
//! the letters that look alike, [`CODE_LEN`] characters long. It depends on the path alone, so
//! it is the same in every build; an item keeps its URL after it expires (it is marked as no
//! longer in force), so its short link keeps working; and another item can only get the same
//! code by having the same path. Two paths whose codes collide (about one chance in a billion
//! per pair) are told apart deterministically: the item posted first (then the smaller path)
//! keeps the short code, the other takes more characters of its hash until it is unique.

use std::collections::{BTreeMap, BTreeSet};

use time::Date;

use crate::textfmt::xml;

/// Folder of short-link pages in a site's output.
pub const DIR: &str = "l";
/// Characters of a code when nothing collides.
pub const CODE_LEN: usize = 6;
/// Base32 without `0 1 l o`, so a code copied from paper reads back the same.
const ALPHABET: &[u8; 32] = b"abcdefghijkmnpqrstuvwxyz23456789";

/// The full base32 form of the hash of `path` (51 characters; codes are its prefixes).
fn digits(path: &str) -> String {
    let hash = crate::hash::sha256(path.as_bytes());
    let mut out = String::with_capacity(52);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for b in hash {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[((acc >> bits) & 31) as usize]));
        }
        acc &= (1 << bits) - 1;
    }
    out
}

/// The code of `path` when no other item collides with it.
pub fn code(path: &str) -> String {
    digits(path)[..CODE_LEN].to_owned()
}

/// Codes for every item, keyed by URL path. `items` are `(path, posted)`; the order they are
/// given in does not matter.
pub fn assign(items: &[(String, Option<Date>)]) -> BTreeMap<String, String> {
    assign_from(items, CODE_LEN)
}

/// [`assign`] with codes of at least `min_len` characters.
fn assign_from(items: &[(String, Option<Date>)], min_len: usize) -> BTreeMap<String, String> {
    let mut sorted: Vec<&(String, Option<Date>)> = items.iter().collect();
    // Undated items after dated ones: a newly posted item never takes an older one's code.
    sorted.sort_by(|a, b| (a.1.is_none(), a.1, &a.0).cmp(&(b.1.is_none(), b.1, &b.0)));
    sorted.dedup_by(|a, b| a.0 == b.0);
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut out = BTreeMap::new();
    for (path, _) in sorted {
        let all = digits(path);
        let mut len = min_len;
        // Distinct paths have distinct hashes, so some prefix is free; the full form is the
        // last resort and cannot be taken by a prefix of equal length of another path.
        while len < all.len() && taken.contains(&all[..len]) {
            len += 1;
        }
        let c = all[..len].to_owned();
        taken.insert(c.clone());
        out.insert(path.clone(), c);
    }
    out
}

/// Output path of the short-link page of `code`.
pub fn page_path(code: &str) -> String {
    format!("{DIR}/{code}/index.html")
}

/// Absolute short link: `https://xa.gov.vn/l/abc234/`.
pub fn url(base_url: &str, code: &str) -> String {
    format!("{base_url}{DIR}/{code}/")
}

/// The page at `l/<code>/`: a refresh to the item (relative, so a preview or a copy of the
/// site on another host stays inside it), its canonical URL for crawlers, `noindex`, and a
/// visible link for browsers that do not follow refreshes. No script, a CSP that allows
/// nothing. Escaped by `textfmt::xml`, whose output an HTML parser reads back the same.
pub fn redirect_page(item_path: &str, canonical: &str, title: &str) -> String {
    let target = xml::attr(&format!("../../{item_path}"));
    format!(
        "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; base-uri 'none'; form-action 'none'\">\
<title>{}</title>\
<meta http-equiv=\"refresh\" content=\"0; url={target}\"><link rel=\"canonical\" href=\"{}\">\
<meta name=\"robots\" content=\"noindex\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head>\
<body><main><h1>{}</h1><p><a href=\"{target}\">Mời bạn mở trang thông báo</a>.</p></main></body></html>\n",
        xml::text(title),
        xml::attr(canonical),
        xml::text(title),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_is_stable_and_from_the_alphabet() {
        // Pinned: a change here would break every short link already sent by SMS.
        assert_eq!(code("thong-bao/mat-dien/"), code("thong-bao/mat-dien/"));
        assert_eq!(code("thong-bao/mat-dien/").len(), CODE_LEN);
        assert_eq!(digits("x").len(), 51);
        assert!(
            digits("thong-bao/a/")
                .bytes()
                .all(|b| ALPHABET.contains(&b))
        );
        assert_ne!(code("thong-bao/a/"), code("thong-bao/b/"));
    }

    #[test]
    fn codes_of_known_paths_are_pinned() {
        let pinned = [code("thong-bao/a/"), code("su-kien/b/")];
        let again = assign(&[("su-kien/b/".into(), None), ("thong-bao/a/".into(), None)]);
        assert_eq!(again["thong-bao/a/"], pinned[0]);
        assert_eq!(again["su-kien/b/"], pinned[1]);
    }

    /// Finds two paths whose 2-character prefixes collide, to exercise the extension with a
    /// short code (the same rule applies at any length).
    fn colliding_pair() -> (String, String) {
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        for i in 0.. {
            let p = format!("thong-bao/tin-{i}/");
            let k = digits(&p)[..CODE_LEN].to_owned();
            if let Some(q) = seen.insert(k[..2].to_owned(), p.clone()) {
                return (q, p);
            }
        }
        unreachable!()
    }

    #[test]
    fn a_collision_keeps_the_older_items_code_and_extends_the_newer() {
        let (a, b) = colliding_pair();
        let d1 = Date::from_calendar_date(2026, time::Month::November, 1).ok();
        let d2 = Date::from_calendar_date(2026, time::Month::November, 2).ok();
        // `b` sorts after `a` by path; posted first, it keeps the short code.
        let one = assign_from(&[(a.clone(), d2), (b.clone(), d1)], 2);
        let two = assign_from(&[(b.clone(), d1), (a.clone(), d2)], 2);
        assert_eq!(one, two, "the order items are given in does not matter");
        assert_eq!(one[&b], digits(&b)[..2]);
        assert!(one[&a].len() > 2 && digits(&a).starts_with(&one[&a]));
        let undated = assign_from(&[(a.clone(), d1), (b.clone(), None)], 2);
        assert_eq!(
            undated[&a],
            digits(&a)[..2],
            "a dated item wins over an undated one"
        );
    }

    #[test]
    fn assign_resolves_equal_codes() {
        let items: Vec<(String, Option<Date>)> = (0..5000)
            .map(|i| (format!("thong-bao/t{i}/"), None))
            .collect();
        let codes = assign(&items);
        let unique: BTreeSet<&String> = codes.values().collect();
        assert_eq!(unique.len(), 5000);
    }

    /// Reads an escaped attribute or text back the way an HTML parser does for the references
    /// `escape_xml` writes.
    fn unescape(s: &str) -> String {
        let mut out = String::new();
        let mut rest = s;
        while let Some(i) = rest.find('&') {
            out.push_str(&rest[..i]);
            let end = rest[i..]
                .find(';')
                .map(|j| i + j)
                .expect("terminated reference");
            let name = &rest[i + 1..end];
            out.push(match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                n => {
                    let code = n
                        .strip_prefix("#x")
                        .map(|h| u32::from_str_radix(h, 16))
                        .or_else(|| n.strip_prefix('#').map(str::parse))
                        .expect("known reference")
                        .expect("number");
                    char::from_u32(code).expect("char")
                }
            });
            rest = &rest[end + 1..];
        }
        out + rest
    }

    proptest::proptest! {
        #[test]
        fn any_title_stays_text_in_the_redirect_page(title in "\\PC{0,80}") {
            let html = redirect_page("thong-bao/a/", "https://x.gov.vn/thong-bao/a/", &title);
            let inner = html.split("<title>").nth(1).and_then(|s| s.split("</title>").next()).unwrap();
            proptest::prop_assert!(!inner.contains('<'));
            proptest::prop_assert_eq!(unescape(inner), crate::textfmt::xml::normalize(&title));
            proptest::prop_assert_eq!(html.matches("<meta http-equiv=\"refresh\"").count(), 1);
        }
    }

    #[test]
    fn redirect_page_refreshes_to_the_item_and_escapes_the_title() {
        let html = redirect_page("thong-bao/a/", "https://x.gov.vn/thong-bao/a/", "A & <b>");
        assert!(html.contains("content=\"0; url=../../thong-bao/a/\""));
        assert!(html.contains("<link rel=\"canonical\" href=\"https://x.gov.vn/thong-bao/a/\">"));
        assert!(html.contains("<title>A &amp; &lt;b&gt;</title>"));
        assert!(html.contains("noindex") && !html.contains("<script"));
    }
}
