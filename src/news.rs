//! Rendering of announcements (lists per category and audience, Atom and JSON feeds, urgent
//! banners, `SpecialAnnouncement` JSON-LD), events (upcoming and past, `.ics` per event and a
//! calendar), documents (by form and year), and the people pages (officials with vCards,
//! organisation also in English, the digital-technology team, feedback). Pure: returns outputs.

use std::collections::BTreeMap;

use time::OffsetDateTime;

use crate::content::Page;
use crate::diag::Diagnostics;
use crate::feeds::{self, CalEvent, Entry, Feed};
use crate::items::{self, ANNOUNCEMENTS, DOCUMENTS, EVENTS, Extra};
use crate::people::People;
use crate::project::Site;
use crate::render::{Emit, Output, json_ld, page_view};
use crate::text;
use crate::view::*;

type Rendered = BTreeMap<String, (String, Vec<crate::markdown::Heading>)>;

fn midnight(d: time::Date) -> OffsetDateTime {
    d.midnight().assume_offset(text::VN_OFFSET)
}

fn vocab_name(site: &Site, id: &str) -> String {
    site.config
        .audiences
        .iter()
        .chain(site.config.hamlets.iter())
        .find(|v| v.id == id)
        .map_or_else(|| id.to_owned(), |v| v.name.clone())
}

fn audience_url(id: &str) -> String {
    format!("{ANNOUNCEMENTS}/doi-tuong/{id}/")
}

fn category_url(id: &str) -> String {
    format!("{ANNOUNCEMENTS}/loai/{id}/")
}

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
            expires: a.expires.map(text::format_datetime).unwrap_or_default(),
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

fn crumbs(t: &BTreeMap<String, String>, section: Option<(&str, &str)>) -> Vec<Link> {
    let mut v = vec![Link {
        title: t.get("home").cloned().unwrap_or_default(),
        url: String::new(),
    }];
    if let Some((title, url)) = section {
        v.push(Link {
            title: title.to_owned(),
            url: url.to_owned(),
        });
    }
    v
}

/// The section's own text (its `_index.md`), shown above a list.
fn section_text(index: &BTreeMap<String, &Page>, rendered: &Rendered, folder: &str) -> String {
    index
        .get(folder)
        .and_then(|i| rendered.get(&i.source))
        .map(|(h, _)| h.clone())
        .unwrap_or_default()
}

/// Emits a list page (`list.html`) at `url`: `content` above the groups of `view`.
#[allow(
    clippy::too_many_arguments,
    reason = "the render pass's shared state, passed explicitly"
)]
fn emit_list(
    site: &Site,
    url: &str,
    title: &str,
    content: String,
    crumbs: Vec<Link>,
    view: ListView,
    emit: &mut Emit<'_>,
    diags: &mut Diagnostics,
) {
    let pv = page_view(
        site,
        url,
        title,
        None,
        "list",
        content,
        Vec::new(),
        crumbs,
        None,
        None,
    );
    let kinds = Kinds {
        list: Some(view),
        ..Kinds::default()
    };
    emit(
        format!("{url}index.html"),
        "list.html",
        pv,
        kinds,
        "vi",
        diags,
    );
}

/// The page view of one item (announcement, event, document) in the section `(title, url)`.
fn item_view(
    site: &Site,
    p: &Page,
    kind: &str,
    description: Option<String>,
    (html, toc): (String, Vec<crate::markdown::Heading>),
    section: (&str, &str),
    t: &BTreeMap<String, String>,
) -> crate::view::PageView {
    page_view(
        site,
        &p.path,
        &p.title,
        description,
        kind,
        html,
        toc,
        crumbs(t, Some(section)),
        p.updated,
        p.date,
    )
}

fn section_title(
    index: &BTreeMap<String, &Page>,
    folder: &str,
    t: &BTreeMap<String, String>,
    key: &str,
) -> String {
    index.get(folder).map_or_else(
        || t.get(key).cloned().unwrap_or_else(|| folder.to_owned()),
        |p| p.title.clone(),
    )
}

/// Renders announcements, events and documents of a site.
#[allow(
    clippy::too_many_arguments,
    reason = "the render pass's shared state, passed explicitly"
)]
pub fn render(
    site: &Site,
    rendered: &mut Rendered,
    index: &BTreeMap<String, &Page>,
    t: &BTreeMap<String, String>,
    now: OffsetDateTime,
    emit: &mut Emit<'_>,
    outputs: &mut Vec<Output>,
    diags: &mut Diagnostics,
) {
    announcements(site, rendered, index, t, now, emit, outputs, diags);
    events(site, rendered, index, t, now, emit, outputs, diags);
    documents(site, rendered, index, t, emit, diags);
}

fn lang_of(site: &Site, p: &Page) -> String {
    p.lang.clone().unwrap_or_else(|| {
        site.config
            .languages
            .first()
            .cloned()
            .unwrap_or_else(|| "vi".into())
    })
}

/// The mark of an announcement past its `expires`, when the theme has no word for it: the
/// resident must see it whatever the theme.
const NO_LONGER_IN_FORCE: &str = "Đã hết hiệu lực";

fn string_or(t: &BTreeMap<String, String>, key: &str, default: &str) -> String {
    t.get(key).cloned().unwrap_or_else(|| default.to_owned())
}

/// The groups of an announcement list: those in force (the list's own heading), then, when
/// there are any, those whose `expires` has passed under "Đã hết hiệu lực", most recently
/// expired first. Expired items keep their page and URL; they only leave the current list.
fn current_and_archive<'a>(
    heading: &str,
    members: &[(&'a Page, &'a items::Announcement)],
    now: OffsetDateTime,
    t: &BTreeMap<String, String>,
    item: impl Fn(&Page, &items::Announcement) -> ItemView,
) -> Vec<ItemGroup> {
    let (mut expired, current): (Vec<_>, Vec<_>) =
        members.iter().partition(|(_, a)| items::is_expired(a, now));
    let mut groups = vec![ItemGroup {
        title: heading.to_owned(),
        id: "danh-sach".into(),
        items: current.iter().map(|(p, a)| item(p, a)).collect(),
    }];
    if !expired.is_empty() {
        expired.sort_by(|(pa, a), (pb, b)| {
            b.expires
                .cmp(&a.expires)
                .then(pb.date.cmp(&pa.date))
                .then(pa.path.cmp(&pb.path))
        });
        groups.push(ItemGroup {
            title: string_or(t, "archive_expired", NO_LONGER_IN_FORCE),
            id: "het-hieu-luc".into(),
            items: expired.iter().map(|(p, a)| item(p, a)).collect(),
        });
    }
    groups
}

/// Whether a page belongs in the home page's "Có gì mới": not an announcement no longer in
/// force, and not an event (events have their own "Sắp diễn ra" list there, by their date).
pub fn is_new(p: &Page, now: OffsetDateTime) -> bool {
    match &p.extra {
        Extra::Announcement(a) => !items::is_expired(a, now),
        Extra::Event(_) => false,
        _ => true,
    }
}

/// How many upcoming events the home page lists.
const HOME_EVENTS: usize = 3;

/// The next events not yet over at `now`, soonest first, each with its own start and place
/// (or "online meeting"), for the home page.
pub fn upcoming_events(
    site: &Site,
    now: OffsetDateTime,
    t: &BTreeMap<String, String>,
) -> Vec<ItemView> {
    let mut list: Vec<(&Page, &items::Event)> = site
        .pages
        .iter()
        .filter_map(|p| match &p.extra {
            Extra::Event(e) if !p.is_index && !e.is_past(now) => Some((p, e)),
            _ => None,
        })
        .collect();
    list.sort_by(|(pa, a), (pb, b)| a.start.cmp(&b.start).then(pa.path.cmp(&pb.path)));
    list.into_iter()
        .take(HOME_EVENTS)
        .map(|(p, e)| event_item(p, e, t))
        .collect()
}

/// "19:00, Thứ Bảy, 5/12/2026": an event's moment as residents read it, in Vietnam time.
fn event_moment(x: OffsetDateTime) -> String {
    let v = x.to_offset(text::VN_OFFSET);
    format!(
        "{:02}:{:02}, {}",
        v.hour(),
        v.minute(),
        text::format_date_long(v.date())
    )
}

fn rfc3339(x: OffsetDateTime) -> String {
    x.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// An event in a list: its start, and its place or "online meeting" as the label.
fn event_item(p: &Page, e: &items::Event, t: &BTreeMap<String, String>) -> ItemView {
    ItemView {
        title: p.title.clone(),
        url: p.path.clone(),
        date: event_moment(e.start),
        date_iso: rfc3339(e.start),
        summary: p.description.clone(),
        label: e.place.clone().or_else(|| {
            e.online_url
                .as_ref()
                .map(|_| t.get("online_meeting").cloned().unwrap_or_default())
        }),
        severity: None,
        severity_label: None,
        mark: None,
    }
}

#[allow(
    clippy::too_many_arguments,
    reason = "the render pass's shared state, passed explicitly"
)]
fn announcements(
    site: &Site,
    rendered: &mut Rendered,
    index: &BTreeMap<String, &Page>,
    t: &BTreeMap<String, String>,
    now: OffsetDateTime,
    emit: &mut Emit<'_>,
    outputs: &mut Vec<Output>,
    diags: &mut Diagnostics,
) {
    let cfg = &site.config;
    let mut list: Vec<(&Page, &items::Announcement)> = site
        .pages
        .iter()
        .filter_map(|p| match &p.extra {
            Extra::Announcement(a) => Some((p, a)),
            _ => None,
        })
        .collect();
    if list.is_empty() {
        return;
    }
    // Urgent items in force first, by severity; then newest first.
    list.sort_by(|(pa, a), (pb, b)| {
        let ka = (!items::is_active(a, now), a.severity);
        let kb = (!items::is_active(b, now), b.severity);
        ka.cmp(&kb)
            .then(pb.date.cmp(&pa.date))
            .then(pa.path.cmp(&pb.path))
    });
    let title = section_title(index, ANNOUNCEMENTS, t, "announcements");
    let sec_url = format!("{ANNOUNCEMENTS}/");
    let item = |p: &Page, a: &items::Announcement| ItemView {
        title: p.title.clone(),
        url: p.path.clone(),
        date: p.date.map(text::format_date).unwrap_or_default(),
        date_iso: p.date.map(|d| d.to_string()).unwrap_or_default(),
        summary: p.description.clone(),
        label: Some(items::category_name(&a.category).to_owned()),
        severity: items::is_active(a, now).then(|| sev_id(a.severity)),
        severity_label: items::is_active(a, now).then(|| a.severity.label().to_owned()),
        mark: items::is_expired(a, now)
            .then(|| string_or(t, "no_longer_in_force", NO_LONGER_IN_FORCE)),
    };
    let mut categories: Vec<&str> = list.iter().map(|(_, a)| a.category.as_str()).collect();
    categories.sort_unstable();
    categories.dedup();
    let mut audiences: Vec<&str> = list
        .iter()
        .flat_map(|(_, a)| a.audiences.iter().map(String::as_str))
        .collect();
    audiences.sort_unstable();
    audiences.dedup();
    // Keep the site's vocabulary order for audiences.
    let mut order: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, v) in cfg.audiences.iter().chain(cfg.hamlets.iter()).enumerate() {
        order.entry(v.id.as_str()).or_insert(i);
    }
    audiences.sort_by_key(|a| order.get(a).copied());
    let filters: Vec<Link> = categories
        .iter()
        .map(|c| Link {
            title: items::category_name(c).to_owned(),
            url: category_url(c),
        })
        .collect();
    let aud_links: Vec<Link> = audiences
        .iter()
        .map(|a| Link {
            title: vocab_name(site, a),
            url: audience_url(a),
        })
        .collect();
    let base = &cfg.base_url.url;
    let entry = |p: &Page, a: &items::Announcement, rendered: &Rendered| Entry {
        url: format!("{base}{}", p.path),
        title: p.title.clone(),
        summary: p.description.clone().unwrap_or_default(),
        html: rendered
            .get(&p.source)
            .map(|(h, _)| h.clone())
            .unwrap_or_default(),
        published: p.date.map_or(OffsetDateTime::UNIX_EPOCH, midnight),
        updated: p
            .updated
            .or(p.date)
            .map_or(OffsetDateTime::UNIX_EPOCH, midnight),
        tags: std::iter::once(items::category_name(&a.category).to_owned())
            .chain(a.audiences.iter().map(|x| vocab_name(site, x)))
            .collect(),
    };
    let write_feed = |dir: &str,
                      title: &str,
                      members: &[(&Page, &items::Announcement)],
                      outputs: &mut Vec<Output>| {
        let mut entries: Vec<Entry> = members.iter().map(|(p, a)| entry(p, a, rendered)).collect();
        entries.sort_by(|a, b| b.published.cmp(&a.published).then(a.url.cmp(&b.url)));
        let feed = Feed {
            title: format!("{title} – {}", cfg.commune.name),
            home: base.clone(),
            atom_url: format!("{base}{dir}feed.xml"),
            json_url: format!("{base}{dir}feed.json"),
            author: format!(
                "Ủy ban nhân dân {} {}",
                cfg.commune.kind, cfg.commune.short_name
            ),
            lang: "vi".into(),
            entries,
        };
        outputs.push(Output {
            path: format!("{dir}feed.xml"),
            bytes: feeds::atom(&feed).into_bytes(),
        });
        outputs.push(Output {
            path: format!("{dir}feed.json"),
            bytes: feeds::json_feed(&feed).into_bytes(),
        });
    };
    write_feed(&sec_url, &title, &list, outputs);
    let list_page = |url: &str,
                     heading: &str,
                     members: &[(&Page, &items::Announcement)],
                     feeds: bool,
                     emit: &mut Emit<'_>,
                     diags: &mut Diagnostics| {
        let view = ListView {
            kind: "announcements".into(),
            groups: current_and_archive(heading, members, now, t, item),
            filters: filters.clone(),
            audiences: aud_links.clone(),
            atom: feeds.then(|| format!("{url}feed.xml")),
            json: feeds.then(|| format!("{url}feed.json")),
            ics: None,
        };
        let content = if url == sec_url {
            section_text(index, rendered, ANNOUNCEMENTS)
        } else {
            String::new()
        };
        let back = (url != sec_url).then_some((title.as_str(), sec_url.as_str()));
        let crumbs = crumbs(t, back);
        emit_list(site, url, heading, content, crumbs, view, emit, diags);
    };
    list_page(&sec_url, &title, &list, true, emit, diags);
    for c in &categories {
        let members: Vec<(&Page, &items::Announcement)> = list
            .iter()
            .filter(|(_, a)| a.category == *c)
            .copied()
            .collect();
        list_page(
            &category_url(c),
            items::category_name(c),
            &members,
            false,
            emit,
            diags,
        );
    }
    // One pass over the announcements, not one per audience (audiences × announcements).
    let mut by_audience: BTreeMap<&str, Vec<(&Page, &items::Announcement)>> = BTreeMap::new();
    for &(p, a) in &list {
        for x in &a.audiences {
            let members = by_audience.entry(x.as_str()).or_default();
            // An audience written twice in one announcement lists it once.
            if members.last().is_none_or(|(q, _)| !std::ptr::eq(*q, p)) {
                members.push((p, a));
            }
        }
    }
    for a_id in &audiences {
        let members = by_audience.remove(a_id).unwrap_or_default();
        let name = vocab_name(site, a_id);
        write_feed(&audience_url(a_id), &name, &members, outputs);
        list_page(
            &audience_url(a_id),
            &format!("{title} – {name}"),
            &members,
            true,
            emit,
            diags,
        );
    }
    for (p, a) in &list {
        let (html, toc) = rendered.remove(&p.source).unwrap_or_default();
        let view = AnnouncementView {
            category: Link {
                title: items::category_name(&a.category).to_owned(),
                url: category_url(&a.category),
            },
            audiences: a
                .audiences
                .iter()
                .map(|x| Link {
                    title: vocab_name(site, x),
                    url: audience_url(x),
                })
                .collect(),
            urgent: a.urgent,
            severity: sev_id(a.severity),
            severity_label: a.severity.label().to_owned(),
            expires: a.expires.map(text::format_datetime),
            expired: items::is_expired(a, now),
        };
        let section = (title.as_str(), sec_url.as_str());
        let desc = p.description.clone();
        let mut pv = item_view(site, p, "announcement", desc, (html, toc), section, t);
        if items::is_active(a, now) {
            pv.json_ld = Some(json_ld(&serde_json::json!({
                "@context": "https://schema.org",
                "@type": "SpecialAnnouncement",
                "name": p.title,
                "text": p.description.clone().unwrap_or_else(|| p.title.clone()),
                "datePosted": p.date.map(|d| d.to_string()),
                "expires": a.expires.and_then(|e| e.format(&time::format_description::well_known::Rfc3339).ok()),
                "url": format!("{base}{}", p.path),
                "category": "https://www.wikidata.org/wiki/Q81068910",
                "spatialCoverage": { "@type": "AdministrativeArea", "name": cfg.commune.name },
                "announcementLocation": { "@type": "GovernmentOffice", "name": format!("Ủy ban nhân dân {} {}", cfg.commune.kind, cfg.commune.short_name), "address": cfg.address },
            })));
        }
        emit(
            format!("{}index.html", p.path),
            "announcement.html",
            pv,
            Kinds {
                announcement: Some(view),
                ..Kinds::default()
            },
            &lang_of(site, p),
            diags,
        );
    }
}

#[allow(
    clippy::too_many_arguments,
    reason = "the render pass's shared state, passed explicitly"
)]
fn events(
    site: &Site,
    rendered: &mut Rendered,
    index: &BTreeMap<String, &Page>,
    t: &BTreeMap<String, String>,
    now: OffsetDateTime,
    emit: &mut Emit<'_>,
    outputs: &mut Vec<Output>,
    diags: &mut Diagnostics,
) {
    let cfg = &site.config;
    let mut list: Vec<(&Page, &items::Event)> = site
        .pages
        .iter()
        .filter_map(|p| match &p.extra {
            Extra::Event(e) => Some((p, e)),
            _ => None,
        })
        .collect();
    if list.is_empty() {
        return;
    }
    list.sort_by(|(pa, a), (pb, b)| a.start.cmp(&b.start).then(pa.path.cmp(&pb.path)));
    let announced: Vec<&String> = site
        .pages
        .iter()
        .filter_map(|p| match &p.extra {
            Extra::Announcement(a) => Some(&a.audiences),
            _ => None,
        })
        .flatten()
        .collect();
    let announced: Vec<String> = announced.into_iter().cloned().collect();
    let title = section_title(index, EVENTS, t, "events");
    let sec_url = format!("{EVENTS}/");
    let base = &cfg.base_url.url;
    let host = base
        .split("://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or("congxa");
    let fmt = event_moment;
    let iso = rfc3339;
    let ics_path = |p: &Page| format!("{}su-kien.ics", p.path);
    let cal = |p: &Page, e: &items::Event| CalEvent {
        uid: format!("{}@{host}", p.path.trim_end_matches('/').replace('/', "-")),
        summary: p.title.clone(),
        start: e.start,
        end: e.end,
        location: e.place.clone().or_else(|| e.online_url.clone()),
        url: format!("{base}{}", p.path),
        description: p.description.clone().unwrap_or_default(),
        stamp: p.updated.or(p.date).map_or(e.start, midnight),
    };
    let item = |p: &Page, e: &items::Event| event_item(p, e, t);
    let is_past = |e: &items::Event| e.is_past(now);
    let upcoming: Vec<ItemView> = list
        .iter()
        .filter(|(_, e)| !is_past(e))
        .map(|(p, e)| item(p, e))
        .collect();
    let mut past: Vec<ItemView> = list
        .iter()
        .filter(|(_, e)| is_past(e))
        .map(|(p, e)| item(p, e))
        .collect();
    past.reverse();
    let all: Vec<CalEvent> = list.iter().map(|(p, e)| cal(p, e)).collect();
    outputs.push(Output {
        path: format!("{sec_url}lich.ics"),
        bytes: feeds::ical(&format!("{title} – {}", cfg.commune.name), &all).into_bytes(),
    });
    let view = ListView {
        kind: "events".into(),
        groups: vec![
            ItemGroup {
                title: t.get("upcoming").cloned().unwrap_or_default(),
                id: "sap-toi".into(),
                items: upcoming,
            },
            ItemGroup {
                title: t.get("past").cloned().unwrap_or_default(),
                id: "da-dien-ra".into(),
                items: past,
            },
        ],
        filters: Vec::new(),
        audiences: Vec::new(),
        atom: None,
        json: None,
        ics: Some(format!("{sec_url}lich.ics")),
    };
    let content = section_text(index, rendered, EVENTS);
    emit_list(
        site,
        &sec_url,
        &title,
        content,
        crumbs(t, None),
        view,
        emit,
        diags,
    );
    for (p, e) in &list {
        outputs.push(Output {
            path: ics_path(p),
            bytes: feeds::ical(&p.title, &[cal(p, e)]).into_bytes(),
        });
        let (html, toc) = rendered.remove(&p.source).unwrap_or_default();
        let view = EventView {
            start: fmt(e.start),
            start_iso: iso(e.start),
            end: e.end.map(fmt),
            end_iso: e.end.map(iso),
            place: e.place.clone(),
            online_url: e.online_url.clone(),
            // Audience pages list announcements; link one only where it exists.
            audiences: e
                .audiences
                .iter()
                .map(|x| Link {
                    title: vocab_name(site, x),
                    url: if announced.contains(x) {
                        audience_url(x)
                    } else {
                        String::new()
                    },
                })
                .collect(),
            ics_url: ics_path(p),
            past: is_past(e),
        };
        let section = (title.as_str(), sec_url.as_str());
        let desc = p.description.clone();
        let mut pv = item_view(site, p, "event", desc, (html, toc), section, t);
        let mut ld = serde_json::json!({
            "@context": "https://schema.org",
            "@type": "Event",
            "name": p.title,
            "startDate": iso(e.start),
            "url": format!("{base}{}", p.path),
            "organizer": { "@type": "GovernmentOffice", "name": format!("Ủy ban nhân dân {} {}", cfg.commune.kind, cfg.commune.short_name) },
        });
        if let Some(end) = e.end {
            ld["endDate"] = iso(end).into();
        }
        match (&e.place, &e.online_url) {
            (_, Some(u)) => {
                ld["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode".into();
                ld["location"] = serde_json::json!({ "@type": "VirtualLocation", "url": u });
            }
            (Some(pl), None) => {
                ld["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode".into();
                ld["location"] = serde_json::json!({ "@type": "Place", "name": pl, "address": pl });
            }
            _ => {}
        }
        pv.json_ld = Some(json_ld(&ld));
        emit(
            format!("{}index.html", p.path),
            "event.html",
            pv,
            Kinds {
                event: Some(view),
                ..Kinds::default()
            },
            &lang_of(site, p),
            diags,
        );
    }
}

fn documents(
    site: &Site,
    rendered: &mut Rendered,
    index: &BTreeMap<String, &Page>,
    t: &BTreeMap<String, String>,
    emit: &mut Emit<'_>,
    diags: &mut Diagnostics,
) {
    let mut list: Vec<(&Page, &items::Document)> = site
        .pages
        .iter()
        .filter_map(|p| match &p.extra {
            Extra::Document(d) => Some((p, d)),
            _ => None,
        })
        .collect();
    if list.is_empty() {
        return;
    }
    list.sort_by(|(pa, a), (pb, b)| b.issued.cmp(&a.issued).then(pa.path.cmp(&pb.path)));
    let title = section_title(index, DOCUMENTS, t, "legal_documents");
    let sec_url = format!("{DOCUMENTS}/");
    let item = |p: &Page, d: &items::Document| ItemView {
        title: p.title.clone(),
        url: p.path.clone(),
        date: text::format_date(d.issued),
        date_iso: d.issued.to_string(),
        summary: Some(d.summary.clone()),
        label: Some(format!("{} {}", d.form, d.number)),
        severity: None,
        severity_label: None,
        mark: None,
    };
    // Groups: by form (Vietnamese order), then by year, newest first.
    let mut groups: BTreeMap<(String, std::cmp::Reverse<i32>), Vec<ItemView>> = BTreeMap::new();
    for (p, d) in &list {
        groups
            .entry((d.form.clone(), std::cmp::Reverse(d.issued.year())))
            .or_default()
            .push(item(p, d));
    }
    let mut groups: Vec<ItemGroup> = groups
        .into_iter()
        .map(|((form, year), items)| ItemGroup {
            id: format!("{}-{}", text::slugify(&form), year.0),
            title: format!("{form} – {}", year.0),
            items,
        })
        .collect();
    groups.sort_by(|a, b| text::collate(&a.title, &b.title));
    let mut forms: Vec<String> = list.iter().map(|(_, d)| d.form.clone()).collect();
    forms.sort_by(|a, b| text::collate(a, b));
    forms.dedup();
    let filters = groups
        .iter()
        .map(|g| Link {
            title: g.title.clone(),
            url: format!("{sec_url}#{}", g.id),
        })
        .collect();
    let view = ListView {
        kind: "documents".into(),
        groups,
        filters,
        audiences: Vec::new(),
        atom: None,
        json: None,
        ics: None,
    };
    let content = section_text(index, rendered, DOCUMENTS);
    emit_list(
        site,
        &sec_url,
        &title,
        content,
        crumbs(t, None),
        view,
        emit,
        diags,
    );
    let _ = forms;
    for (p, d) in &list {
        let depth = p.path.matches('/').count();
        let (html, toc) = rendered.remove(&p.source).unwrap_or_default();
        let view = DocView {
            form: d.form.clone(),
            issuer: d.issuer.clone(),
            number: d.number.clone(),
            issued: text::format_date(d.issued),
            issued_iso: d.issued.to_string(),
            effective: d.effective.map(text::format_date),
            summary: d.summary.clone(),
            file_url: d.file.clone(),
        };
        let _ = depth;
        let section = (title.as_str(), sec_url.as_str());
        let desc = Some(d.summary.clone());
        let pv = item_view(site, p, "document", desc, (html, toc), section, t);
        emit(
            format!("{}index.html", p.path),
            "document.html",
            pv,
            Kinds {
                document: Some(view),
                ..Kinds::default()
            },
            "vi",
            diags,
        );
    }
}

/// The page view of a page with no Markdown of its own (its template draws everything).
fn plain_view(site: &Site, url: &str, title: &str, kind: &str, crumbs: Vec<Link>) -> PageView {
    page_view(
        site,
        url,
        title,
        None,
        kind,
        String::new(),
        Vec::new(),
        crumbs,
        None,
        None,
    )
}

/// Officials (with vCards), organisation (Vietnamese and English), digital team, feedback.
pub fn render_people(
    site: &Site,
    people: &People,
    t: &BTreeMap<String, String>,
    emit: &mut Emit<'_>,
    outputs: &mut Vec<Output>,
    diags: &mut Diagnostics,
) {
    let cfg = &site.config;
    let org = format!(
        "Ủy ban nhân dân {} {}",
        cfg.commune.kind, cfg.commune.short_name
    );
    let title = |k: &str| t.get(k).cloned().unwrap_or_else(|| k.to_owned());
    if !people.officials.is_empty() {
        for o in &people.officials {
            outputs.push(Output {
                path: format!("can-bo/{}.vcf", o.slug),
                bytes: crate::people::vcard(o, &org, &cfg.base_url.url).into_bytes(),
            });
        }
        let pv = plain_view(
            site,
            "can-bo/",
            &title("officials"),
            "officials",
            crumbs(t, None),
        );
        emit(
            "can-bo/index.html".into(),
            "officials.html",
            pv,
            Kinds {
                officials: Some(people.officials.clone()),
                ..Kinds::default()
            },
            "vi",
            diags,
        );
    }
    if let Some(o) = &people.organisation {
        let pv = plain_view(
            site,
            "to-chuc/",
            &title("organisation"),
            "organisation",
            crumbs(t, None),
        );
        emit(
            "to-chuc/index.html".into(),
            "organisation.html",
            pv,
            Kinds {
                organisation: Some(o.clone()),
                officials: Some(people.officials.clone()),
                ..Kinds::default()
            },
            "vi",
            diags,
        );
        if cfg.languages.iter().any(|l| l == "en") {
            let mut pv = plain_view(
                site,
                "en/organisation/",
                "Organisation and contacts",
                "organisation",
                Vec::new(),
            );
            pv.html_title = format!("Organisation and contacts – {}", cfg.commune.name);
            emit(
                "en/organisation/index.html".into(),
                "organisation.html",
                pv,
                Kinds {
                    organisation: Some(o.clone()),
                    officials: Some(people.officials.clone()),
                    ..Kinds::default()
                },
                "en",
                diags,
            );
        }
    }
    if let Some(team) = &people.team {
        let pv = plain_view(
            site,
            "to-cong-nghe-so/",
            &title("digital_team"),
            "team",
            crumbs(t, None),
        );
        emit(
            "to-cong-nghe-so/index.html".into(),
            "digital_team.html",
            pv,
            Kinds {
                team: Some(team.clone()),
                ..Kinds::default()
            },
            "vi",
            diags,
        );
    }
    let pv = plain_view(
        site,
        "phan-anh-kien-nghi/",
        &title("feedback"),
        "feedback",
        crumbs(t, None),
    );
    emit(
        "phan-anh-kien-nghi/index.html".into(),
        "feedback.html",
        pv,
        Kinds::default(),
        "vi",
        diags,
    );
}
