//! The site search: one index per site built from the model at build time
//! (`tim-kiem/index.json`: title, URL, kind, snippet, and accent-folded words by field), loaded
//! by the theme's script only when the search box is used, and a no-JavaScript fallback page
//! that lists every item A–Z in Vietnamese order. Chosen over Pagefind: no WebAssembly (so no
//! `wasm-unsafe-eval` in the CSP), typo tolerance, and a payload of a few KB per site.
//!
//! Words are split into fields so the script can weigh them (title > code > keywords > body):
//! a resident typing "khai sinh" wants the procedure named so, not a notice that mentions it.
//! Each word is stored once, in the heaviest field it belongs to, which keeps the index small.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::items::Extra;
use crate::project::Site;
use crate::text;

/// Kind rank of a procedure: what most people come to search for.
pub const RANK_PROCEDURE: u8 = 2;
/// Kind rank of a page, the home page or a team: lasting information.
pub const RANK_PAGE: u8 = 1;
/// Kind rank of a notice, event or document: dated news.
pub const RANK_NEWS: u8 = 0;

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
    /// Keywords: accent-folded words not in the title (other names, field, former units,
    /// hamlets, category), space-separated.
    pub w: String,
    /// Body: accent-folded words of the summary or description not already in `t` or `w`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub b: String,
    /// Procedure code ("1.001193"), matched whole or by its digits.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub c: String,
    /// Kind rank: [`RANK_PROCEDURE`], [`RANK_PAGE`] or [`RANK_NEWS`].
    pub r: u8,
    /// Language, when not the site's main one: such items stay out of the A–Z list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub l: Option<String>,
}

/// What the index needs beyond the site's pages and procedures.
#[derive(Debug, Default)]
pub struct Extras<'a> {
    /// Former communes and wards merged into this one ("Phường Chánh Lộ (Thành phố Quảng Ngãi)").
    pub formers: &'a [String],
    /// The digital team page's title and its hamlets (name, anchor id), when the site has one.
    pub team: Option<(&'a str, Vec<(&'a str, String)>)>,
}

/// The words of a text as the script splits a query: accent-folded, lower case, "y" read as
/// "i" (kỹ/kĩ), dotted numbers such as codes kept whole, one-letter words dropped.
pub fn tokens(s: &str) -> Vec<String> {
    let folded = text::fold(s).replace('y', "i");
    let mut out = Vec::new();
    for piece in folded.split(|c: char| !(c.is_ascii_alphanumeric() || c == '.')) {
        let piece = piece.trim_matches('.');
        let dotted_number = piece.contains('.')
            && piece
                .split('.')
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        if dotted_number {
            out.push(piece.to_owned());
        } else {
            out.extend(piece.split('.').map(str::to_owned));
        }
    }
    out.retain(|w| w.len() > 1);
    out
}

/// Words of `parts` not yet in `seen`, space-separated; adds them to `seen`.
fn new_words(seen: &mut BTreeSet<String>, parts: &[&str]) -> String {
    let mut out: Vec<String> = Vec::new();
    for p in parts {
        for w in tokens(p) {
            if seen.insert(w.clone()) {
                out.push(w);
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

/// An item whose fields are split as the script weighs them.
struct Draft<'a> {
    title: &'a str,
    url: String,
    kind: &'a str,
    snippet: &'a str,
    keywords: Vec<&'a str>,
    body: Vec<&'a str>,
    code: &'a str,
    rank: u8,
    lang: Option<String>,
}

fn item(d: Draft<'_>) -> Item {
    let mut seen: BTreeSet<String> = tokens(d.title).into_iter().collect();
    if !d.code.is_empty() {
        seen.insert(d.code.to_owned());
    }
    let w = new_words(&mut seen, &d.keywords);
    let b = new_words(&mut seen, &d.body);
    Item {
        t: d.title.to_owned(),
        u: d.url,
        k: d.kind.to_owned(),
        s: snippet(d.snippet),
        w,
        b,
        c: d.code.to_owned(),
        r: d.rank,
        l: d.lang,
    }
}

/// Every searchable item of a site, sorted in Vietnamese order of titles.
pub fn items(
    site: &Site,
    proc_url: &dyn Fn(&crate::procedures::SiteProcedure) -> String,
    extras: &Extras<'_>,
) -> Vec<Item> {
    let cfg = &site.config;
    let main_lang = cfg.languages.first().map_or("vi", String::as_str);
    let mut out = Vec::new();
    // The home page is where the former names lead: they are how older residents still say
    // where they live ("Chánh Lộ"), and the footer of every page lists them.
    let mut home_words: Vec<&str> = vec![&cfg.commune.province_name, "trang chủ"];
    home_words.extend(extras.formers.iter().map(String::as_str));
    out.push(item(Draft {
        title: &cfg.commune.name,
        url: String::new(),
        kind: "Trang chủ",
        snippet: &cfg.description,
        keywords: home_words,
        body: vec![&cfg.description],
        code: "",
        rank: RANK_PAGE,
        lang: None,
    }));
    for p in &site.procedures {
        let r = &p.proc.raw;
        // Still found by its name or code (printed papers name it), marked and ranked below the
        // procedures in force.
        let abolished = crate::procedures::successor::abolished(&p.proc);
        out.push(item(Draft {
            title: &r.short_name,
            url: proc_url(p),
            kind: if abolished {
                "Thủ tục đã bãi bỏ"
            } else {
                "Thủ tục"
            },
            snippet: &r.summary,
            keywords: vec![&r.name, &r.field],
            body: vec![&r.summary],
            code: &p.proc.code,
            rank: if abolished { RANK_NEWS } else { RANK_PROCEDURE },
            lang: None,
        }));
    }
    for p in site.pages.iter().filter(|p| !p.is_index) {
        let (kind, rank, extra) = match &p.extra {
            Extra::Announcement(a) => (
                "Thông báo",
                RANK_NEWS,
                crate::items::category_name(&a.category).to_owned(),
            ),
            Extra::Event(e) => ("Sự kiện", RANK_NEWS, e.place.clone().unwrap_or_default()),
            Extra::Document(d) => ("Văn bản", RANK_NEWS, format!("{} {}", d.form, d.number)),
            Extra::Plain => ("Trang", RANK_PAGE, String::new()),
        };
        let summary = match &p.extra {
            Extra::Document(d) => d.summary.as_str(),
            _ => "",
        };
        let desc = p.description.as_deref().unwrap_or_default();
        out.push(item(Draft {
            title: &p.title,
            url: p.path.clone(),
            kind,
            snippet: desc,
            keywords: vec![&extra],
            body: vec![desc, summary],
            code: "",
            rank,
            lang: p.lang.clone().filter(|l| l != main_lang),
        }));
    }
    if let Some((team_title, hamlets)) = &extras.team {
        for (name, anchor) in hamlets {
            let title = format!("{team_title}: {name}");
            out.push(item(Draft {
                title: &title,
                url: format!("to-cong-nghe-so/#{anchor}"),
                kind: "Trang",
                snippet: "",
                keywords: Vec::new(),
                body: Vec::new(),
                code: "",
                rank: RANK_PAGE,
                lang: None,
            }));
        }
    }
    out.sort_by(|a, b| text::collate(&a.t, &b.t).then_with(|| a.u.cmp(&b.u)));
    out
}

/// What the index may weigh after gzip. A query transfers the search page, the stylesheet, the
/// script and the index, and all of it must stay within the 50 KB page budget; the page, CSS and
/// script take about 18 KB.
pub const INDEX_BUDGET_GZ: usize = 32 * 1024;

/// The JSON index. When the whole index would weigh more than [`INDEX_BUDGET_GZ`] (a catalog of
/// hundreds of procedures), the procedures lose their snippet and summary words: they are still
/// found by every word of their short and official names, their field and their code, and the
/// result list shows them by title. News and pages, a few dozen, keep theirs. (At ~650
/// procedures with the portal's real names this is still ~36 KB; sharding by word is the next
/// step, see README "Performance".)
pub fn index_json(items: &[Item]) -> Vec<u8> {
    let full = crate::textfmt::json::compact(items).into_bytes();
    if crate::weight::gzip_len(&full) <= INDEX_BUDGET_GZ {
        return full;
    }
    let trimmed: Vec<Item> = items
        .iter()
        .map(|it| {
            let mut it = it.clone();
            if it.r == RANK_PROCEDURE {
                it.s.clear();
                it.b.clear();
            }
            it
        })
        .collect();
    crate::textfmt::json::compact(&trimmed).into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_folded_and_keep_codes_whole() {
        assert_eq!(
            tokens("Đăng ký khai sinh (mã 1.001193)."),
            ["dang", "ki", "khai", "sinh", "ma", "1.001193"]
        );
        assert_eq!(tokens("Tả Lủng A, 26/11"), ["ta", "lung", "26", "11"]);
        assert!(tokens("v.v. a.b").is_empty());
    }

    #[test]
    fn each_word_is_stored_once_in_its_heaviest_field() {
        let it = item(Draft {
            title: "Đăng ký khai sinh",
            url: "thu-tuc/dang-ky-khai-sinh/".into(),
            kind: "Thủ tục",
            snippet: "Khai sinh cho trẻ.",
            keywords: vec!["Đăng ký khai sinh cho trẻ", "Hộ tịch"],
            body: vec!["Thủ tục hộ tịch để trẻ có giấy khai sinh."],
            code: "1.001193",
            rank: RANK_PROCEDURE,
            lang: None,
        });
        assert_eq!(it.w, "cho tre ho tich");
        assert_eq!(it.b, "thu tuc de co giai");
        assert_eq!(it.c, "1.001193");
    }

    /// `k` pseudo-random words, so the index compresses like real text, not like a repeat.
    fn words(seed: usize, k: usize) -> String {
        let mut x =
            (seed as u64).wrapping_mul(6_364_136_223_846_793_005) ^ 1_442_695_040_888_963_407;
        let mut out = Vec::new();
        for _ in 0..k {
            let mut w = String::new();
            for _ in 0..5 {
                x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                w.push(char::from(b'a' + ((x >> 33) % 26) as u8));
            }
            out.push(w);
        }
        out.join(" ")
    }

    fn procedure(n: usize) -> Item {
        item(Draft {
            title: &format!(
                "Thủ tục số {n} về đất đai, xây dựng và môi trường {}",
                n * 7919
            ),
            url: format!("thu-tuc/thu-tuc-so-{n}/"),
            kind: "Thủ tục",
            snippet: &format!("Tóm tắt {n}: {}", words(n, 20)),
            keywords: vec!["Đất đai"],
            body: vec![&format!("hồ sơ {} {}", n * 104_729, words(n + 7, 12))],
            code: &format!("7.{n:06}"),
            rank: RANK_PROCEDURE,
            lang: None,
        })
    }

    #[test]
    fn a_small_index_keeps_procedure_summaries_a_large_one_drops_only_those() {
        let small: Vec<Item> = (0..12).map(procedure).collect();
        let json: serde_json::Value = serde_json::from_slice(&index_json(&small)).unwrap();
        assert!(json[0]["s"].as_str().unwrap().starts_with("Tóm tắt 0"));
        assert!(json[1]["b"].as_str().unwrap().contains("104729"));
        let large: Vec<Item> = (0..700).map(procedure).collect();
        let bytes = index_json(&large);
        let full = crate::textfmt::json::compact(&large).into_bytes();
        assert!(crate::weight::gzip_len(&full) > INDEX_BUDGET_GZ);
        assert!(crate::weight::gzip_len(&bytes) < crate::weight::gzip_len(&full) * 3 / 4);
        let json: Vec<Item> = serde_json::from_slice::<Vec<serde_json::Value>>(&bytes)
            .unwrap()
            .iter()
            .map(|v| Item {
                t: v["t"].as_str().unwrap().into(),
                u: v["u"].as_str().unwrap().into(),
                k: v["k"].as_str().unwrap().into(),
                s: v["s"].as_str().unwrap().into(),
                w: v["w"].as_str().unwrap().into(),
                b: v["b"].as_str().unwrap_or_default().into(),
                c: v["c"].as_str().unwrap().into(),
                r: 2,
                l: None,
            })
            .collect();
        // Titles, URLs, keywords and codes all stay: only snippets and summary words go.
        for (got, want) in json.iter().zip(&large) {
            assert_eq!(
                (&got.t, &got.u, &got.w, &got.c),
                (&want.t, &want.u, &want.w, &want.c)
            );
            assert!(got.s.is_empty() && got.b.is_empty());
        }
    }

    #[test]
    fn long_snippets_end_on_a_word() {
        let s = snippet(&"từ ".repeat(100));
        assert!(s.ends_with('…') && s.chars().count() <= 160);
    }
}
