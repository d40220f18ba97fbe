//! The notice-board poster: one A4 page per announcement and event, for the hamlet notice
//! board. Large type, only the essentials (what, when, where, who it is for), a QR code to the
//! page and the commune's contact. Pure: [`page`] writes the HTML from a [`Poster`], [`outputs`]
//! the files of a site. The stylesheet is the theme's `poster.css` (print: `@page` A4).
//!
//! What a clerk sees: `docs/reach.md` ("Áp phích dán bảng tin"). A poster lives at
//! `<item>/ap-phich/`, is linked from its item's page, and is left out of the sitemap and the
//! search index (`noindex`, canonical = the item's page): it repeats the page.

use time::OffsetDateTime;

use super::Notice;
use crate::content::Page;
use crate::items::{Extra, Severity};
use crate::outfile::Output;
use crate::project::Site;
use crate::textfmt::xml;

/// The folder of a poster under its item's folder.
pub const DIR: &str = "ap-phich";

/// The theme stylesheet a poster uses (its source name in `themes/<theme>/static/`).
pub const STYLESHEET: &str = "poster.css";

/// Longest summary printed, in characters: with the longest titles, one A4 page still holds it.
pub const MAX_SUMMARY: usize = 320;

/// Longest title printed, in characters (the page shows the whole title).
pub const MAX_TITLE: usize = 160;

/// Who publishes the poster and how to reach them (from `site.yaml`).
#[derive(Debug, Clone)]
pub struct Contact {
    /// "Ủy ban nhân dân phường Cẩm Thành".
    pub committee: String,
    /// Office address.
    pub address: String,
    /// Hotline as displayed ("0255 3600 125").
    pub phone: Option<String>,
    /// E-mail.
    pub email: Option<String>,
}

/// What one poster shows.
#[derive(Debug, Clone)]
pub struct Poster<'a> {
    /// The item (title, times, place, links).
    pub notice: &'a Notice<'a>,
    /// Names of its audiences and hamlets (empty: everyone).
    pub audiences: Vec<String>,
    /// The description, else the first block of the body.
    pub summary: Option<String>,
    /// An announcement's posting date.
    pub posted: Option<time::Date>,
    /// An announcement's end of validity.
    pub expires: Option<OffsetDateTime>,
    /// `../` to the site's root from the poster's folder.
    pub to_root: String,
    /// Output path of the stylesheet (`assets/poster.1a2b3c4d.css`).
    pub css: String,
}

/// `s` cut at a word boundary to at most `max` characters, with "…" where it was cut.
pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out = String::new();
    for w in s.split_whitespace() {
        if out.chars().count() + w.chars().count() + 2 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    if out.is_empty() {
        out = s.chars().take(max.saturating_sub(1)).collect();
    }
    out.trim_end_matches([',', ';', ':', '.']).to_owned() + "…"
}

fn clock(t: OffsetDateTime) -> String {
    format!("{}:{:02}", t.hour(), t.minute())
}

/// An event's time as on the poster: "19:00 – 21:00, Thứ Bảy, 05/12/2026".
pub fn event_time(start: OffsetDateTime, end: Option<OffsetDateTime>) -> String {
    let s = start.to_offset(crate::dates::VN_OFFSET);
    let day = crate::dates::format_date_long(s.date());
    match end.map(|e| e.to_offset(crate::dates::VN_OFFSET)) {
        Some(e) if e.date() == s.date() => format!("{} – {}, {day}", clock(s), clock(e)),
        Some(e) => format!(
            "{}, {day} – {}, {}",
            clock(s),
            clock(e),
            crate::dates::format_date_long(e.date())
        ),
        None => format!("{}, {day}", clock(s)),
    }
}

fn label(n: &Notice<'_>) -> &'static str {
    match n.severity {
        Some(Severity::KhanCap) => "Thông báo khẩn",
        Some(Severity::QuanTrong) => "Thông báo quan trọng",
        Some(Severity::ThongTin) => "Thông báo",
        None => "Thông báo sự kiện",
    }
}

fn fact(out: &mut String, term: &str, value: &str) {
    out.push_str(&format!(
        "<div><dt>{term}</dt><dd>{}</dd></div>",
        xml::text(value)
    ));
}

fn facts(p: &Poster<'_>) -> String {
    let n = p.notice;
    let mut out = String::new();
    if let Some(start) = n.start {
        fact(&mut out, "Thời gian", &event_time(start, n.end));
    }
    if let Some(place) = n.place {
        fact(&mut out, "Địa điểm", place);
    }
    if n.online_url.is_some() {
        fact(
            &mut out,
            "Hình thức",
            "Trực tuyến: đường dẫn tham gia có trên trang (quét mã)",
        );
    }
    let who = if p.audiences.is_empty() {
        "Mọi người dân".to_owned()
    } else {
        p.audiences.join(", ")
    };
    fact(&mut out, "Dành cho", &who);
    if let Some(d) = p.posted {
        fact(&mut out, "Ngày đăng", &crate::dates::format_date(d));
    }
    if let Some(e) = p.expires {
        fact(
            &mut out,
            "Có hiệu lực đến",
            &crate::dates::format_datetime(e),
        );
    }
    out
}

/// The poster as an HTML page: no script, a CSP that allows only the site's stylesheet and
/// the inline QR drawing; text escaped by `textfmt::xml`.
pub fn page(p: &Poster<'_>, contact: &Contact) -> String {
    let n = p.notice;
    let title = shorten(n.title, MAX_TITLE);
    let size = match title.chars().count() {
        0..=60 => "t-l",
        61..=110 => "t-m",
        _ => "t-s",
    };
    let urgent = if n.severity == Some(Severity::KhanCap) {
        " urgent"
    } else {
        ""
    };
    let summary = p
        .summary
        .as_deref()
        .map(|s| {
            format!(
                "<p class=\"lead\">{}</p>",
                xml::text(&shorten(s, MAX_SUMMARY))
            )
        })
        .unwrap_or_default();
    let mut reach = format!(
        "<p class=\"org\">{}</p><p>{}</p>",
        xml::text(&contact.committee),
        xml::text(&contact.address)
    );
    if let Some(phone) = &contact.phone {
        reach.push_str(&format!(
            "<p>Điện thoại: <strong>{}</strong></p>",
            xml::text(phone)
        ));
    }
    if let Some(mail) = &contact.email {
        reach.push_str(&format!("<p>Thư điện tử: {}</p>", xml::text(mail)));
    }
    let css = xml::attr(&format!("{}{}", p.to_root, p.css));
    format!(
        "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>Áp phích: {title_t} – {org}</title>\
<meta name=\"description\" content=\"{description}\">\
<meta name=\"robots\" content=\"noindex\"><link rel=\"canonical\" href=\"{url}\">\
<link rel=\"stylesheet\" href=\"{css}\"></head>\n\
<body><a class=\"skip\" href=\"#main\">Bỏ qua, đến nội dung chính</a><main id=\"main\" tabindex=\"-1\" class=\"poster{urgent}\">\
<p class=\"no-print help\">Áp phích khổ A4 để dán bảng tin: bấm <kbd>Ctrl</kbd> + <kbd>P</kbd> (trên điện thoại: Chia sẻ → In) để in. <a href=\"../\">Về trang thông báo</a></p>\
<header><p class=\"from\">{org}</p><p class=\"kind\">{kind}</p></header>\
<h1 class=\"{size}\">{title_t}</h1>{summary}\
<div class=\"body\"><dl class=\"facts\">{facts}</dl>\
<figure class=\"qr\">{qr}<figcaption>Quét mã để xem toàn văn<br><span class=\"link\">{short}</span></figcaption></figure></div>\
<footer><h2>Liên hệ</h2>{reach}</footer></main></body></html>\n",
        title_t = xml::text(&title),
        description = xml::attr(&format!("Áp phích khổ A4 để in và dán bảng tin: {title}")),
        org = xml::text(&contact.committee),
        url = xml::attr(&n.url),
        kind = label(n),
        facts = facts(p),
        qr = crate::qr::svg(&n.url),
        short = xml::text(n.short_url.split_once("://").map_or(&n.short_url, |x| x.1)),
    )
}

/// Where the poster of the item at `item_path` (`thong-bao/mat-dien/`) goes.
pub fn output_path(item_path: &str) -> String {
    format!("{item_path}{DIR}/index.html")
}

fn summary(p: &Page) -> Option<String> {
    p.description
        .clone()
        .filter(|d| !d.trim().is_empty())
        .or_else(|| crate::markdown::speech_blocks(&p.body).into_iter().next())
}

/// The notices that get a poster, with their page: announcements and events in the site's
/// main language.
fn items<'a>(site: &'a Site) -> Vec<(Notice<'a>, &'a Page)> {
    super::notices(site)
        .into_iter()
        .filter_map(|(n, _)| {
            let page = site
                .pages
                .iter()
                .find(|p| p.path == n.path && p.lang.is_none())?;
            Some((n, page))
        })
        .collect()
}

/// The output paths [`outputs`] writes (for the plan's collision check).
pub fn paths(site: &Site) -> Vec<String> {
    items(site)
        .iter()
        .map(|(n, _)| output_path(n.path))
        .collect()
}

/// The posters of a site's announcements and events in its main language. `css` is the output
/// path of the theme's [`STYLESHEET`]; without one (a theme that has none) no poster is made.
pub fn outputs(site: &Site, css: Option<&str>) -> Vec<Output> {
    let Some(css) = css else {
        return Vec::new();
    };
    let cfg = &site.config;
    let contact = Contact {
        committee: format!(
            "Ủy ban nhân dân {} {}",
            cfg.commune.kind, cfg.commune.short_name
        ),
        address: cfg.address.clone(),
        phone: cfg.hotline.as_ref().map(|h| h.display.clone()),
        email: cfg.email.clone(),
    };
    let name = |id: &String| {
        cfg.audiences
            .iter()
            .chain(cfg.hamlets.iter())
            .find(|v| &v.id == id)
            .map_or_else(|| id.clone(), |v| v.name.clone())
    };
    let mut out = Vec::new();
    for (n, item) in items(site) {
        let (posted, expires) = match &item.extra {
            Extra::Announcement(a) => (item.date, a.expires),
            _ => (None, None),
        };
        let path = output_path(n.path);
        let poster = Poster {
            notice: &n,
            audiences: n.audiences.iter().map(name).collect(),
            summary: summary(item),
            posted,
            expires,
            to_root: "../".repeat(path.matches('/').count()),
            css: css.to_owned(),
        };
        out.push(Output {
            bytes: page(&poster, &contact).into_bytes(),
            path,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_at_a_word_with_an_ellipsis() {
        assert_eq!(shorten("Họp dân tổ 5", 40), "Họp dân tổ 5");
        assert_eq!(
            shorten("Họp dân tổ dân phố năm, về nạo vét", 20),
            "Họp dân tổ dân phố…"
        );
        assert!(shorten(&"a".repeat(50), 10).chars().count() <= 10);
    }

    #[test]
    fn event_time_names_the_day_once_when_it_ends_the_same_day() {
        let t = |s: &str| {
            OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).unwrap()
        };
        let s = t("2026-12-05T19:00:00+07:00");
        assert_eq!(
            event_time(s, Some(t("2026-12-05T21:00:00+07:00"))),
            "19:00 – 21:00, Thứ Bảy, 05/12/2026"
        );
    }
}
