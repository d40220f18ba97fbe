//! Channels beyond the website: the same announcement or event as an SMS ([`sms`], in the GSM
//! alphabet of [`gsm`]), a Zalo post ([`zalo`]), reached through a short link ([`link`]).
//! Pure: texts are built from the loaded site, and [`outputs`] returns files for the writer.
//!
//! What a clerk sees: `docs/reach.md`. The texts of a site are written to
//! [`MESSAGES_PATH`], linked from no page and left out of the sitemap and the search index.

pub use crate::gsm;
pub mod link;
pub mod loa;
pub mod sms;
pub mod zalo;

use std::collections::BTreeMap;

use serde::Serialize;
use time::OffsetDateTime;

use crate::content::Page;
use crate::diag::Diagnostics;
use crate::items::{Extra, Severity, SmsOptions};
use crate::outfile::Output;
use crate::project::Site;

/// Where a site's SMS and Zalo texts are written, relative to the site's output folder.
pub const MESSAGES_PATH: &str = "phat-thanh/tin-nhan.json";

/// What every channel needs to know about one announcement or event.
#[derive(Debug, Clone)]
pub struct Notice<'a> {
    /// URL path of the page (`thong-bao/mat-dien/`).
    pub path: &'a str,
    /// Title, as on the page.
    pub title: &'a str,
    /// Description, as on the page.
    pub description: Option<&'a str>,
    /// An announcement's severity; `None` for an event.
    pub severity: Option<Severity>,
    /// An event's start and end.
    pub start: Option<OffsetDateTime>,
    /// See `start`.
    pub end: Option<OffsetDateTime>,
    /// An event's place.
    pub place: Option<&'a str>,
    /// An event's online meeting link.
    pub online_url: Option<&'a str>,
    /// Audience ids (empty: everyone).
    pub audiences: &'a [String],
    /// The clerk's SMS choices.
    pub sms: &'a SmsOptions,
    /// Canonical URL of the page.
    pub url: String,
    /// Short link to the page.
    pub short_url: String,
}

/// The notices of a site (its announcements and events, in page order) with their short-link
/// codes.
pub fn notices<'a>(site: &'a Site) -> Vec<(Notice<'a>, String)> {
    let base = &site.config.base_url.url;
    let items: Vec<&Page> = site
        .pages
        .iter()
        .filter(|p| matches!(p.extra, Extra::Announcement(_) | Extra::Event(_)))
        .collect();
    let keyed: Vec<(String, Option<time::Date>)> =
        items.iter().map(|p| (p.path.clone(), p.date)).collect();
    let codes = link::assign(&keyed);
    items
        .into_iter()
        .filter_map(|p| {
            let code = codes.get(&p.path)?.clone();
            Some((notice(p, base, &code)?, code))
        })
        .collect()
}

/// The notice of one announcement or event page; `None` for other pages.
pub fn notice<'a>(p: &'a Page, base_url: &str, code: &str) -> Option<Notice<'a>> {
    let mut n = Notice {
        path: &p.path,
        title: &p.title,
        description: p.description.as_deref(),
        severity: None,
        start: None,
        end: None,
        place: None,
        online_url: None,
        audiences: &[],
        sms: &DEFAULT_SMS,
        url: format!("{base_url}{}", p.path),
        short_url: link::url(base_url, code),
    };
    match &p.extra {
        Extra::Announcement(a) => {
            n.severity = Some(a.severity);
            n.audiences = &a.audiences;
            n.sms = &a.sms;
        }
        Extra::Event(e) => {
            n.start = Some(e.start);
            n.end = e.end;
            n.place = e.place.as_deref();
            n.online_url = e.online_url.as_deref();
            n.audiences = &e.audiences;
            n.sms = &e.sms;
        }
        _ => return None,
    }
    Some(n)
}

static DEFAULT_SMS: SmsOptions = SmsOptions::DEFAULT;

/// One entry of [`MESSAGES_PATH`].
#[derive(Debug, Serialize)]
pub struct Message {
    /// Audience ids (empty: everyone).
    pub audiences: Vec<String>,
    /// Title.
    pub title: String,
    /// SMS text (GSM-7).
    pub sms: String,
    /// Segments the SMS takes.
    pub sms_segments: usize,
    /// Zalo post.
    pub zalo: String,
    /// Short link.
    pub link: String,
    /// Canonical URL of the page.
    pub url: String,
}

/// The short-link pages and [`MESSAGES_PATH`] of a site. A clerk's `sms:` that does not fit
/// its segments is an error in `diags`.
pub fn outputs(site: &Site, diags: &mut Diagnostics) -> Vec<Output> {
    let mut out = Vec::new();
    let mut messages: BTreeMap<&str, Message> = BTreeMap::new();
    for (n, code) in notices(site) {
        out.push(Output {
            path: link::page_path(&code),
            bytes: link::redirect_page(n.path, &n.url, n.title).into_bytes(),
        });
        let sms = match sms::compose(&n) {
            Ok(s) => s,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        messages.insert(
            n.path,
            Message {
                audiences: n.audiences.to_vec(),
                title: n.title.to_owned(),
                sms_segments: sms.count.segments,
                sms: sms.text,
                zalo: zalo::compose(&n),
                link: n.short_url.clone(),
                url: n.url.clone(),
            },
        );
    }
    let list: Vec<&Message> = messages.values().collect();
    out.push(Output {
        path: MESSAGES_PATH.into(),
        bytes: crate::textfmt::json::pretty(&list).into_bytes(),
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn messages_json_reads_back_exactly(title in "\\PC{0,60}", zalo in "(?s).{0,200}", aud in "[a-z-]{0,12}") {
            let m = Message {
                audiences: vec![aud.clone()],
                title: title.clone(),
                sms: gsm::to_gsm_line(&title),
                sms_segments: 1,
                zalo: zalo.clone(),
                link: "https://x.gov.vn/l/abc234/".into(),
                url: "https://x.gov.vn/thong-bao/a/".into(),
            };
            let json = crate::textfmt::json::pretty(&[&m]);
            let back: serde_json::Value = serde_json::from_str(&json).unwrap();
            proptest::prop_assert_eq!(back[0]["title"].as_str(), Some(title.as_str()));
            proptest::prop_assert_eq!(back[0]["zalo"].as_str(), Some(zalo.as_str()));
            proptest::prop_assert_eq!(back[0]["audiences"][0].as_str(), Some(aud.as_str()));
            proptest::prop_assert_eq!(back[0]["sms"].as_str(), Some(m.sms.as_str()));
        }
    }
}
