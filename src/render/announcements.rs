//! Announcements: the lists (all, per category, per audience, with the "Đã hết hiệu lực"
//! archive), their Atom and JSON feeds, each announcement's page with `SpecialAnnouncement`
//! JSON-LD, and the urgent banners every page shows.

use time::OffsetDateTime;

use crate::content::Page;
use crate::diag::Diagnostics;
use crate::feeds::{self, Entry, Feed};
use crate::items::{self, ANNOUNCEMENTS, Extra};
use crate::plan::{
    AnnouncementListJob, FeedFormat, FeedJob, Scope, Target, audience_url, category_url,
};
use crate::project::Site;
use crate::view::*;

use super::helpers::{Cx, ItemPage, PageSpec, Sink, crumbs, item_page, list_page, string_or};

/// The mark of an announcement past its `expires`, when the theme has no word for it: the
/// resident must see it whatever the theme.
const NO_LONGER_IN_FORCE: &str = "Đã hết hiệu lực";

/// Urgent announcements in force at `now`, most severe first, then newest.
pub fn alerts(site: &Site, now: OffsetDateTime) -> Vec<AlertView> {
    let mut list: Vec<(&Page, &items::Announcement)> = site
        .pages
        .iter()
        .filter_map(|p| match &p.extra {
            Extra::Announcement(a) if items::is_active(a, now) => Some((p, a)),
            _ => None,
        })
        .collect();
    list.sort_by(|(pa, a), (pb, b)| {
        a.severity
            .cmp(&b.severity)
            .then(pb.date.cmp(&pa.date))
            .then(pa.path.cmp(&pb.path))
    });
    list.into_iter()
        .map(|(p, a)| AlertView {
            title: p.title.clone(),
            url: p.path.clone(),
            severity: sev_id(a.severity),
            severity_label: a.severity.label().to_owned(),
            expires: a
                .expires
                .map(crate::dates::format_datetime)
                .unwrap_or_default(),
        })
        .collect()
}

fn sev_id(s: items::Severity) -> String {
    match s {
        items::Severity::KhanCap => "khan-cap",
        items::Severity::QuanTrong => "quan-trong",
        items::Severity::ThongTin => "thong-tin",
    }
    .to_owned()
}

/// The announcements folder's title.
fn title(cx: &Cx<'_>) -> String {
    cx.section_title(ANNOUNCEMENTS, "announcements")
}

/// An announcement in a list.
fn item(cx: &Cx<'_>, p: &Page, a: &items::Announcement) -> ItemView {
    let now = cx.now;
    ItemView {
        title: p.title.clone(),
        url: p.path.clone(),
        date: p.date.map(crate::dates::format_date).unwrap_or_default(),
        date_iso: p.date.map(|d| d.to_string()).unwrap_or_default(),
        summary: p.description.clone(),
        label: Some(items::category_name(&a.category).to_owned()),
        severity: items::is_active(a, now).then(|| sev_id(a.severity)),
        severity_label: items::is_active(a, now).then(|| a.severity.label().to_owned()),
        mark: items::is_expired(a, now)
            .then(|| string_or(cx.t, "no_longer_in_force", NO_LONGER_IN_FORCE)),
    }
}

/// The groups of an announcement list: those in force (the list's own heading), then, when
/// there are any, those whose `expires` has passed under "Đã hết hiệu lực", most recently
/// expired first. Expired items keep their page and URL; they only leave the current list.
fn current_and_archive(
    cx: &Cx<'_>,
    heading: &str,
    members: &[(&Page, &items::Announcement)],
) -> Vec<ItemGroup> {
    let (mut expired, current): (Vec<_>, Vec<_>) = members
        .iter()
        .partition(|(_, a)| items::is_expired(a, cx.now));
    let mut groups = vec![ItemGroup {
        title: heading.to_owned(),
        id: "danh-sach".into(),
        items: current.iter().map(|(p, a)| item(cx, p, a)).collect(),
    }];
    if !expired.is_empty() {
        expired.sort_by(|(pa, a), (pb, b)| {
            b.expires
                .cmp(&a.expires)
                .then(pb.date.cmp(&pa.date))
                .then(pa.path.cmp(&pb.path))
        });
        groups.push(ItemGroup {
            title: cx.string_or("archive_expired", NO_LONGER_IN_FORCE),
            id: "het-hieu-luc".into(),
            items: expired.iter().map(|(p, a)| item(cx, p, a)).collect(),
        });
    }
    groups
}

/// A list page: all announcements, one category's or one audience's.
pub fn list(
    cx: &Cx<'_>,
    at: &Target,
    l: &AnnouncementListJob<'_>,
    sink: &mut Sink,
    diags: &mut Diagnostics,
) {
    let title = title(cx);
    let sec_url = format!("{ANNOUNCEMENTS}/");
    let heading = match l.scope {
        Scope::All => title.clone(),
        Scope::Category(c) => items::category_name(c).to_owned(),
        Scope::Audience(a) => format!("{title} – {}", cx.vocab_name(a)),
    };
    let url = &at.url;
    let view = ListView {
        kind: "announcements".into(),
        groups: current_and_archive(cx, &heading, &l.members),
        filters: cx
            .plan
            .categories
            .iter()
            .map(|c| Link {
                title: items::category_name(c).to_owned(),
                url: category_url(c),
            })
            .collect(),
        audiences: cx
            .plan
            .audiences
            .iter()
            .map(|a| Link {
                title: cx.vocab_name(a),
                url: audience_url(a),
            })
            .collect(),
        atom: l.feeds.then(|| format!("{url}feed.xml")),
        json: l.feeds.then(|| format!("{url}feed.json")),
        ics: None,
    };
    let all = l.scope == Scope::All;
    let back = (!all).then_some((title.as_str(), sec_url.as_str()));
    let page = PageSpec {
        content: if all {
            cx.section_text(ANNOUNCEMENTS)
        } else {
            String::new()
        },
        ..PageSpec::plain(url, &heading, "list", crumbs(cx.t, back))
    };
    list_page(cx, at, page, view, sink, diags);
}

/// An Atom or JSON feed of announcements, newest first.
pub fn feed(cx: &Cx<'_>, f: &FeedJob<'_>) -> Vec<u8> {
    let cfg = &cx.site.config;
    let base = &cfg.base_url.url;
    let entry = |p: &Page, a: &items::Announcement| Entry {
        url: format!("{base}{}", p.path),
        title: p.title.clone(),
        summary: p.description.clone().unwrap_or_default(),
        html: cx.html_of(p).0,
        published: p
            .date
            .map_or(OffsetDateTime::UNIX_EPOCH, crate::dates::midnight),
        updated: p
            .updated
            .or(p.date)
            .map_or(OffsetDateTime::UNIX_EPOCH, crate::dates::midnight),
        tags: std::iter::once(items::category_name(&a.category).to_owned())
            .chain(a.audiences.iter().map(|x| cx.vocab_name(x)))
            .collect(),
    };
    let mut entries: Vec<Entry> = f.members.iter().map(|(p, a)| entry(p, a)).collect();
    entries.sort_by(|a, b| b.published.cmp(&a.published).then(a.url.cmp(&b.url)));
    let title = match f.scope {
        Scope::Audience(a) => cx.vocab_name(a),
        Scope::Category(c) => items::category_name(c).to_owned(),
        Scope::All => title(cx),
    };
    let dir = &f.dir;
    let feed = Feed {
        title: format!("{title} – {}", cfg.commune.name),
        home: base.clone(),
        atom_url: format!("{base}{dir}feed.xml"),
        json_url: format!("{base}{dir}feed.json"),
        author: cx.committee(),
        lang: "vi".into(),
        entries,
    };
    match f.format {
        FeedFormat::Atom => feeds::atom(&feed).into_bytes(),
        FeedFormat::Json => feeds::json_feed(&feed).into_bytes(),
    }
}

/// One announcement's page; `SpecialAnnouncement` JSON-LD while it is in force.
pub fn page(
    cx: &Cx<'_>,
    at: &Target,
    p: &Page,
    a: &items::Announcement,
    sink: &mut Sink,
    diags: &mut Diagnostics,
) {
    let (cfg, now) = (&cx.site.config, cx.now);
    let view = AnnouncementView {
        category: Link {
            title: items::category_name(&a.category).to_owned(),
            url: category_url(&a.category),
        },
        audiences: a
            .audiences
            .iter()
            .map(|x| Link {
                title: cx.vocab_name(x),
                url: audience_url(x),
            })
            .collect(),
        urgent: a.urgent,
        severity: sev_id(a.severity),
        severity_label: a.severity.label().to_owned(),
        expires: a.expires.map(crate::dates::format_datetime),
        expired: items::is_expired(a, now),
    };
    // `SpecialAnnouncement` only while in force: search engines show it as current news.
    let json_ld = items::is_active(a, now).then(|| {
        serde_json::json!({
            "@context": "https://schema.org",
            "@type": "SpecialAnnouncement",
            "name": p.title,
            "text": p.description.clone().unwrap_or_else(|| p.title.clone()),
            "datePosted": p.date.map(|d| d.to_string()),
            "expires": a.expires.map(crate::dates::rfc3339_text).filter(|s| !s.is_empty()),
            "url": format!("{}{}", cfg.base_url.url, at.url),
            "category": "https://www.wikidata.org/wiki/Q81068910",
            "spatialCoverage": { "@type": "AdministrativeArea", "name": cfg.commune.name },
            "announcementLocation": { "@type": "GovernmentOffice", "name": cx.committee(), "address": cfg.address },
        })
    });
    let item = ItemPage {
        kind: "announcement",
        template: "announcement.html",
        folder: ANNOUNCEMENTS,
        folder_title: title(cx),
        description: p.description.clone(),
        json_ld,
        kinds: Kinds::Announcement(view),
        lang: cx.lang_of(p),
    };
    item_page(cx, at, p, item, sink, diags);
}
