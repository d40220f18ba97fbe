//! Broadcast lists: per audience and per hamlet, every announcement and event still in force,
//! with each channel's text, as files a clerk opens (CSV for Excel, JSON for tools) and as the
//! terminal's `congxa broadcast`. Pure: [`entries`] builds the rows from the loaded site,
//! [`outputs`] the files, [`csv`] / [`json`] / [`text`] the formats.
//!
//! What a clerk sees: `docs/reach.md` ("Danh sách gửi tin"). The files go under [`DIR`],
//! linked from no page and left out of the sitemap and the search index.

use std::collections::BTreeMap;

use serde::Serialize;
use time::{Date, OffsetDateTime};

use crate::content::Page;
use crate::diag::Diagnostics;
use crate::diag::Lang;
use crate::items::Extra;
use crate::outfile::Output;
use crate::project::Site;
use crate::textfmt::xml;

/// Where the lists go, relative to the site's output folder.
pub const DIR: &str = "phat-thanh/danh-sach";

/// The list of every item, whatever its audience.
pub const ALL: &str = "tat-ca";

/// One item of a list, as written to CSV and JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Entry {
    /// `thong-bao` or `su-kien`.
    pub kind: String,
    /// The item's audience and hamlet ids, as in its front matter (empty: everyone).
    pub audiences: Vec<String>,
    /// Title.
    pub title: String,
    /// SMS text (GSM-7).
    pub sms: String,
    /// Segments the SMS takes.
    pub segments: usize,
    /// Zalo post.
    pub zalo: String,
    /// Loudspeaker script (LF line ends, a blank line between paragraphs).
    pub loa: String,
    /// Short link.
    pub link: String,
    /// Canonical URL of the page.
    pub url: String,
    /// Posting date (`YYYY-MM-DD`), if written.
    pub date: Option<String>,
    /// Update date, if written.
    pub updated: Option<String>,
    /// The later of `date` and `updated`: what `--since` compares.
    pub changed: Option<String>,
    /// An announcement's end of validity (RFC 3339).
    pub expires: Option<String>,
    /// An event's start (RFC 3339).
    pub start: Option<String>,
    /// An event's end (RFC 3339).
    pub end: Option<String>,
}

/// The CSV columns, in order (the names of [`Entry`]'s fields).
pub const COLUMNS: [&str; 15] = [
    "kind",
    "audiences",
    "title",
    "sms",
    "segments",
    "zalo",
    "loa",
    "link",
    "url",
    "date",
    "updated",
    "changed",
    "expires",
    "start",
    "end",
];

/// Whether `p` is still of use at `now`: an announcement not expired, an event not over.
fn in_force(p: &Page, now: OffsetDateTime) -> bool {
    match &p.extra {
        Extra::Announcement(a) => a.expires.is_none_or(|e| e > now),
        Extra::Event(e) => crate::items::event_end(e.start, e.end) > now,
        _ => false,
    }
}

/// The announcements and events of the site's main language still in force at `now`, most
/// recently changed first. An item whose SMS does not fit (an error of the build) is left out
/// and its error put in `diags`.
pub fn entries(site: &Site, now: OffsetDateTime, diags: &mut Diagnostics) -> Vec<Entry> {
    let commune = super::loa::commune_name(&site.config.commune);
    let pages: BTreeMap<&str, &Page> = site
        .pages
        .iter()
        .filter(|p| p.lang.is_none() && in_force(p, now))
        .map(|p| (p.path.as_str(), p))
        .collect();
    let mut out: Vec<(Option<Date>, Entry)> = Vec::new();
    for (n, _) in super::notices(site) {
        let Some(p) = pages.get(n.path) else {
            continue;
        };
        let sms = match super::sms::compose(&n) {
            Ok(s) => s,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let changed = p.date.max(p.updated);
        let (expires, start, end) = match &p.extra {
            Extra::Announcement(a) => (a.expires.map(crate::dates::rfc3339_vn), None, None),
            Extra::Event(e) => (
                None,
                Some(crate::dates::rfc3339_vn(e.start)),
                e.end.map(crate::dates::rfc3339_vn),
            ),
            _ => (None, None, None),
        };
        let loa =
            super::loa::script(&commune, p).map_or_else(String::new, |s| super::loa::text(&s));
        out.push((
            changed,
            Entry {
                kind: p.section.clone(),
                audiences: n.audiences.to_vec(),
                title: n.title.to_owned(),
                sms: sms.text,
                segments: sms.count.segments,
                zalo: super::zalo::compose(&n),
                loa,
                link: n.short_url.clone(),
                url: n.url.clone(),
                date: p.date.map(|d| d.to_string()),
                updated: p.updated.map(|d| d.to_string()),
                changed: changed.map(|d| d.to_string()),
                expires,
                start,
                end,
            },
        ));
    }
    out.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.url.cmp(&b.1.url)));
    out.into_iter().map(|(_, e)| e).collect()
}

/// The entries for `audience` (an audience or hamlet id; `None`: every entry): those addressed
/// to it and those addressed to everyone, since a group's list is what its members should get.
pub fn for_audience<'a>(entries: &'a [Entry], audience: Option<&str>) -> Vec<&'a Entry> {
    entries
        .iter()
        .filter(|e| {
            audience.is_none_or(|a| e.audiences.is_empty() || e.audiences.iter().any(|x| x == a))
        })
        .collect()
}

/// The entries changed on or after `since` (an entry with no date is always listed: it cannot
/// be told old).
pub fn since<'a>(entries: &[&'a Entry], since: Date) -> Vec<&'a Entry> {
    let day = since.to_string();
    entries
        .iter()
        .copied()
        .filter(|e| e.changed.as_ref().is_none_or(|c| *c >= day))
        .collect()
}

/// A list as CSV (BOM, CRLF, formula cells neutralised: `textfmt::csv`). Audiences are joined
/// with `;`; an absent date is an empty cell.
pub fn csv(entries: &[&Entry]) -> Vec<u8> {
    let opt = |s: &Option<String>| s.clone().unwrap_or_default();
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            vec![
                e.kind.clone(),
                e.audiences.join(";"),
                e.title.clone(),
                e.sms.clone(),
                e.segments.to_string(),
                e.zalo.clone(),
                e.loa.clone(),
                e.link.clone(),
                e.url.clone(),
                opt(&e.date),
                opt(&e.updated),
                opt(&e.changed),
                opt(&e.expires),
                opt(&e.start),
                opt(&e.end),
            ]
        })
        .collect();
    crate::textfmt::csv::write(&COLUMNS, &rows)
}

/// A list as JSON: `{"audience": id or null, "items": [Entry…]}`.
pub fn json(audience: Option<&str>, entries: &[&Entry]) -> Vec<u8> {
    #[derive(Serialize)]
    struct List<'a> {
        audience: Option<&'a str>,
        items: &'a [&'a Entry],
    }
    crate::textfmt::json::pretty(&List {
        audience,
        items: entries,
    })
    .into_bytes()
}

/// A list for the terminal: per entry a heading line, then each channel's text under its name;
/// the labels in `lang`, the texts as they are sent.
pub fn text(entries: &[&Entry], lang: Lang) -> String {
    let vi = lang == Lang::Vi;
    if entries.is_empty() {
        return if vi {
            "Không có tin nào.\n".to_owned()
        } else {
            "No items.\n".to_owned()
        };
    }
    let mut s = String::new();
    for (i, e) in entries.iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        let when = e.changed.as_deref().unwrap_or("-");
        let (sms, loa) = if vi {
            (format!("SMS, {} tin nhắn", e.segments), "Loa")
        } else {
            (format!("SMS, {} segment(s)", e.segments), "Loudspeaker")
        };
        s.push_str(&format!("== {} ({when})\n{}\n", e.title, e.url));
        s.push_str(&format!("-- {sms}\n{}\n", e.sms));
        s.push_str(&format!("-- Zalo\n{}\n", e.zalo));
        s.push_str(&format!("-- {loa}\n{}\n", e.loa));
    }
    s
}

/// The preview server's copy page (`/<site>/_phat-thanh/`) from a site's built [`ALL`] list
/// (`tat-ca.json`): each text in a read-only box (selectable without JavaScript) with a "Sao
/// chép" button that `copy_js` reveals. `None` when the bytes are not such a list.
pub fn copy_page(site: &str, list_json: &[u8], copy_js: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct List {
        items: Vec<Entry>,
    }
    let list: List = serde_json::from_slice(list_json).ok()?;
    let t = xml::text;
    let mut body = String::new();
    for (i, e) in list.items.iter().enumerate() {
        body.push_str(&format!(
            "<section><h2>{}</h2><p class=\"meta\">{} · <a href=\"{}\">{}</a></p>",
            t(&e.title),
            t(e.changed.as_deref().unwrap_or("")),
            xml::attr(&e.url),
            t(&e.url)
        ));
        let boxes = [
            ("sms", format!("SMS ({} tin nhắn)", e.segments), &e.sms, 3),
            ("zalo", "Zalo".to_owned(), &e.zalo, 6),
            ("loa", "Đọc trên loa".to_owned(), &e.loa, 8),
        ];
        for (k, label, value, rows) in boxes {
            let id = format!("{k}-{i}");
            body.push_str(&format!(
                "<div class=\"copy\"><label for=\"{id}\">{}</label><textarea id=\"{id}\" readonly rows=\"{rows}\">{}</textarea><button type=\"button\" data-copy=\"{id}\" hidden>Sao chép</button> <span role=\"status\"></span></div>",
                t(&label),
                t(value)
            ));
        }
        body.push_str("</section>");
    }
    if list.items.is_empty() {
        body.push_str("<p>Chưa có thông báo hay sự kiện nào còn hiệu lực.</p>");
    }
    Some(format!(
        "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Tin để gửi: {site_t}</title><link rel=\"stylesheet\" href=\"/__congxa/live.css\"></head><body class=\"congxa-page\"><main><h1>Tin để gửi: {site_t}</h1><p>Bấm \"Sao chép\" rồi dán vào tin nhắn, nhóm Zalo hay bản đọc trên loa. Tệp cho Excel: <a href=\"../{DIR}/{ALL}.csv\">{ALL}.csv</a>. Trang này chỉ có khi xem trước (<code>congxa serve</code>).</p>{body}</main><script src=\"{copy_js}\"></script></body></html>\n",
        site_t = t(site),
    ))
}

/// Where the list of `group` goes: `tat-ca`, `doi-tuong/<id>`, `thon/<id>` (without extension).
fn list_path(group: &str) -> String {
    format!("{DIR}/{group}")
}

/// The groups of a site's lists: [`ALL`], then each audience and hamlet of `site.yaml`, with
/// the audience id the list is for.
fn groups(site: &Site) -> Vec<(String, Option<&str>)> {
    let cfg = &site.config;
    let mut groups: Vec<(String, Option<&str>)> = vec![(ALL.to_owned(), None)];
    groups.extend(
        cfg.audiences
            .iter()
            .map(|v| (format!("doi-tuong/{}", v.id), Some(v.id.as_str()))),
    );
    groups.extend(
        cfg.hamlets
            .iter()
            .map(|v| (format!("thon/{}", v.id), Some(v.id.as_str()))),
    );
    groups
}

/// The output paths [`outputs`] writes (for the plan's collision check).
pub fn paths(site: &Site) -> Vec<String> {
    groups(site)
        .iter()
        .flat_map(|(g, _)| {
            let base = list_path(g);
            [format!("{base}.csv"), format!("{base}.json")]
        })
        .collect()
}

/// The list files of a site: every item, then one list per audience and per hamlet of
/// `site.yaml` (written even when empty, so a clerk finds each group's file in its place).
pub fn outputs(site: &Site, now: OffsetDateTime) -> Vec<Output> {
    // The build reports SMS errors through `reach::outputs`; here they would come twice.
    let all = entries(site, now, &mut Diagnostics::new());
    let mut out = Vec::new();
    for (group, audience) in groups(site) {
        let list = for_audience(&all, audience);
        let base = list_path(&group);
        out.push(Output {
            path: format!("{base}.csv"),
            bytes: csv(&list),
        });
        out.push(Output {
            path: format!("{base}.json"),
            bytes: json(audience, &list),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(title: &str, text: &str, audiences: Vec<String>, changed: Option<&str>) -> Entry {
        Entry {
            kind: "thong-bao".into(),
            audiences,
            title: title.into(),
            sms: crate::gsm::to_gsm_line(title),
            segments: 1,
            zalo: text.into(),
            loa: text.into(),
            link: "https://x.gov.vn/l/abc234/".into(),
            url: "https://x.gov.vn/thong-bao/a/".into(),
            date: changed.map(str::to_owned),
            updated: None,
            changed: changed.map(str::to_owned),
            expires: None,
            start: None,
            end: None,
        }
    }

    #[test]
    fn a_group_list_holds_its_items_and_those_for_everyone() {
        let es = [
            entry("a", "", vec!["thon-1".into()], Some("2026-11-20")),
            entry("b", "", vec![], Some("2026-11-01")),
            entry("c", "", vec!["thon-2".into()], None),
        ];
        let titles = |v: Vec<&Entry>| v.iter().map(|e| e.title.clone()).collect::<Vec<_>>();
        assert_eq!(titles(for_audience(&es, Some("thon-1"))), ["a", "b"]);
        assert_eq!(titles(for_audience(&es, None)), ["a", "b", "c"]);
        let all = for_audience(&es, None);
        let day = Date::from_calendar_date(2026, time::Month::November, 20).unwrap();
        assert_eq!(titles(since(&all, day)), ["a", "c"]);
    }

    proptest::proptest! {
        #[test]
        fn csv_and_json_read_back_to_the_same_texts(
            title in "[=+@\t\r-]?\\PC{0,40}",
            text in "[=+@\t\r-]?(?s).{0,120}",
            aud in "[a-z-]{0,10}",
        ) {
            let e = entry(&title, &text, vec![aud.clone()], Some("2026-11-23"));
            let list = [&e];
            let bytes = csv(&list);
            proptest::prop_assert!(bytes.starts_with(crate::textfmt::csv::BOM.as_bytes()));
            let (header, rows) = crate::textfmt::csv::read(&bytes).unwrap();
            proptest::prop_assert_eq!(header, COLUMNS.to_vec());
            proptest::prop_assert_eq!(rows.len(), 1);
            let n = crate::textfmt::csv::neutralise;
            proptest::prop_assert_eq!(&rows[0][2], &n(&title));
            proptest::prop_assert_eq!(&rows[0][5], &n(&text));
            proptest::prop_assert_eq!(&rows[0][6], &n(&text));
            proptest::prop_assert_eq!(&rows[0][1], &n(&aud));
            for cell in rows[0].iter() {
                proptest::prop_assert!(!crate::textfmt::csv::starts_formula(cell), "formula cell {cell:?}");
            }
            let back: serde_json::Value = serde_json::from_slice(&json(Some(&aud), &list)).unwrap();
            proptest::prop_assert_eq!(back["audience"].as_str(), Some(aud.as_str()));
            proptest::prop_assert_eq!(back["items"][0]["title"].as_str(), Some(title.as_str()));
            proptest::prop_assert_eq!(back["items"][0]["zalo"].as_str(), Some(text.as_str()));
            proptest::prop_assert_eq!(back["items"][0]["loa"].as_str(), Some(text.as_str()));
            proptest::prop_assert_eq!(back["items"][0]["changed"].as_str(), Some("2026-11-23"));
        }
    }
}
