//! Machine-readable files: Atom 1.0 and JSON Feed 1.1 for announcements, iCalendar (RFC 5545)
//! for events. Pure string builders; dates come from content, never from the build clock, so
//! unchanged content gives unchanged files.

use serde_json::json;
use time::OffsetDateTime;

use crate::textfmt::{ical as cal, json as js, xml};

/// One feed entry.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Absolute URL (also the id).
    pub url: String,
    /// Title.
    pub title: String,
    /// Summary text.
    pub summary: String,
    /// Body HTML.
    pub html: String,
    /// Published.
    pub published: OffsetDateTime,
    /// Updated.
    pub updated: OffsetDateTime,
    /// Category names.
    pub tags: Vec<String>,
}

/// A feed.
#[derive(Debug, Clone)]
pub struct Feed {
    /// Title.
    pub title: String,
    /// Site home page (absolute).
    pub home: String,
    /// Absolute URL of the Atom file; the JSON file is beside it.
    pub atom_url: String,
    /// Absolute URL of the JSON Feed file.
    pub json_url: String,
    /// Author (the People's Committee).
    pub author: String,
    /// Language.
    pub lang: String,
    /// Entries, newest first.
    pub entries: Vec<Entry>,
}

/// Atom 1.0 (RFC 4287).
pub fn atom(f: &Feed) -> String {
    let updated = f
        .entries
        .iter()
        .map(|e| e.updated)
        .max()
        .unwrap_or(OffsetDateTime::UNIX_EPOCH);
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n<title>{}</title>\n<id>{}</id>\n<link rel=\"self\" href=\"{}\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<updated>{}</updated>\n<author><name>{}</name></author>\n",
        xml::attr(&f.lang),
        xml::text(&f.title),
        xml::text(&f.atom_url),
        xml::attr(&f.atom_url),
        xml::attr(&f.home),
        crate::dates::rfc3339_text(updated),
        xml::text(&f.author)
    );
    for e in &f.entries {
        s.push_str(&format!(
            "<entry>\n<title>{}</title>\n<id>{}</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<published>{}</published>\n<updated>{}</updated>\n<summary>{}</summary>\n<content type=\"html\">{}</content>\n",
            xml::text(&e.title),
            xml::text(&e.url),
            xml::attr(&e.url),
            crate::dates::rfc3339_text(e.published),
            crate::dates::rfc3339_text(e.updated),
            xml::text(&e.summary),
            xml::text(&e.html)
        ));
        for t in &e.tags {
            s.push_str(&format!("<category term=\"{}\"/>\n", xml::attr(t)));
        }
        s.push_str("</entry>\n");
    }
    s.push_str("</feed>\n");
    s
}

/// JSON Feed 1.1.
pub fn json_feed(f: &Feed) -> String {
    let items: Vec<serde_json::Value> = f
        .entries
        .iter()
        .map(|e| {
            json!({
                "id": e.url,
                "url": e.url,
                "title": e.title,
                "summary": e.summary,
                "content_html": e.html,
                "date_published": crate::dates::rfc3339_text(e.published),
                "date_modified": crate::dates::rfc3339_text(e.updated),
                "tags": e.tags,
            })
        })
        .collect();
    let v = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": f.title,
        "home_page_url": f.home,
        "feed_url": f.json_url,
        "language": f.lang,
        "authors": [{ "name": f.author }],
        "items": items,
    });
    js::pretty(&v)
}

/// One calendar event.
#[derive(Debug, Clone)]
pub struct CalEvent {
    /// Stable unique id.
    pub uid: String,
    /// Title.
    pub summary: String,
    /// Start.
    pub start: OffsetDateTime,
    /// End (default: start + 1 hour).
    pub end: Option<OffsetDateTime>,
    /// Place, or the online link.
    pub location: Option<String>,
    /// Page URL.
    pub url: String,
    /// Plain description.
    pub description: String,
    /// Last modified (DTSTAMP).
    pub stamp: OffsetDateTime,
}

/// An iCalendar file with `events`, times in UTC (no VTIMEZONE needed). Every value goes
/// through `textfmt::ical`: nothing in a title or place can start a property of its own.
pub fn ical(name: &str, events: &[CalEvent]) -> String {
    let mut c = cal::Calendar::default();
    c.raw("BEGIN", "VCALENDAR");
    c.raw("VERSION", "2.0");
    c.raw("PRODID", "-//congxa//congxa//VI");
    c.raw("CALSCALE", "GREGORIAN");
    c.raw("METHOD", "PUBLISH");
    c.text("X-WR-CALNAME", name);
    c.raw("X-WR-TIMEZONE", "Asia/Ho_Chi_Minh");
    for e in events {
        let end = crate::items::event_end(e.start, e.end);
        c.raw("BEGIN", "VEVENT");
        c.text("UID", &e.uid);
        c.raw("DTSTAMP", &crate::dates::ical_utc(e.stamp));
        c.raw("DTSTART", &crate::dates::ical_utc(e.start));
        c.raw("DTEND", &crate::dates::ical_utc(end));
        c.text("SUMMARY", &e.summary);
        if let Some(l) = &e.location {
            c.text("LOCATION", l);
        }
        c.uri("URL", &e.url);
        if !e.description.is_empty() {
            c.text("DESCRIPTION", &e.description);
        }
        c.raw("END", "VEVENT");
    }
    c.raw("END", "VCALENDAR");
    c.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn ical_is_folded_crlf_utc() {
        let e = CalEvent {
            uid: "a@b".into(),
            summary:
                "Họp dân tổ dân phố 3 về kế hoạch phòng chống lụt bão năm 2026, có nhiều nội dung"
                    .into(),
            start: datetime!(2026-11-28 08:00 +7),
            end: None,
            location: Some("Nhà văn hóa, tổ 3".into()),
            url: "https://x.vn/su-kien/a/".into(),
            description: String::new(),
            stamp: datetime!(2026-11-20 00:00 +7),
        };
        let s = ical("Lịch", &[e]);
        assert!(s.contains("DTSTART:20261128T010000Z\r\n"));
        assert!(s.contains("DTEND:20261128T020000Z\r\n"));
        assert!(s.contains("LOCATION:Nhà văn hóa\\, tổ 3"));
        assert!(
            s.lines().all(|l| l.trim_end_matches('\r').len() <= 75),
            "{s}"
        );
    }
}
