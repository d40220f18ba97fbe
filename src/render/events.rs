//! Events: the list (upcoming, then past), the calendar of all events and each event's `.ics`,
//! each event's page with `Event` JSON-LD, and the home page's upcoming events.

use time::OffsetDateTime;

use crate::content::Page;
use crate::diag::Diagnostics;
use crate::feeds::{self, CalEvent};
use crate::items::{self, EVENTS, Extra};
use crate::plan::{Target, audience_url, event_ics_path};
use crate::view::*;

use super::helpers::{Cx, ItemPage, PageSpec, Sink, Strings, crumbs, item_page, list_page};

/// How many upcoming events the home page lists.
const HOME_EVENTS: usize = 3;

/// "19:00, Thứ Bảy, 5/12/2026": an event's moment as residents read it, in Vietnam time.
fn event_moment(x: OffsetDateTime) -> String {
    let v = x.to_offset(crate::dates::VN_OFFSET);
    format!(
        "{:02}:{:02}, {}",
        v.hour(),
        v.minute(),
        crate::dates::format_date_long(v.date())
    )
}

/// An event in a list: its start, and its place or "online meeting" as the label.
fn event_item(p: &Page, e: &items::Event, t: &Strings) -> ItemView {
    ItemView {
        title: p.title.clone(),
        url: p.path.clone(),
        date: event_moment(e.start),
        date_iso: crate::dates::rfc3339_text(e.start),
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

/// The next events not yet over, soonest first, each with its own start and place (or
/// "online meeting"), for the home page.
pub fn upcoming(cx: &Cx<'_>) -> Vec<ItemView> {
    cx.plan
        .events
        .iter()
        .filter(|(p, e)| !p.is_index && !e.is_past(cx.now))
        .take(HOME_EVENTS)
        .map(|(p, e)| event_item(p, e, cx.t))
        .collect()
}

fn title(cx: &Cx<'_>) -> String {
    cx.section_title(EVENTS, "events")
}

fn cal_event(cx: &Cx<'_>, p: &Page, e: &items::Event) -> CalEvent {
    let base = &cx.site.config.base_url.url;
    let host = base
        .split("://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or("congxa");
    CalEvent {
        uid: format!("{}@{host}", p.path.trim_end_matches('/').replace('/', "-")),
        summary: p.title.clone(),
        start: e.start,
        end: e.end,
        location: e.place.clone().or_else(|| e.online_url.clone()),
        url: format!("{base}{}", p.path),
        description: p.description.clone().unwrap_or_default(),
        stamp: p.updated.or(p.date).map_or(e.start, crate::dates::midnight),
    }
}

/// Every event in one calendar.
pub fn calendar(cx: &Cx<'_>) -> Vec<u8> {
    let all: Vec<CalEvent> = cx
        .plan
        .events
        .iter()
        .map(|(p, e)| cal_event(cx, p, e))
        .collect();
    let name = format!("{} – {}", title(cx), cx.site.config.commune.name);
    feeds::ical(&name, &all).into_bytes()
}

/// One event's calendar file.
pub fn ics(cx: &Cx<'_>, p: &Page, e: &items::Event) -> Vec<u8> {
    feeds::ical(&p.title, &[cal_event(cx, p, e)]).into_bytes()
}

/// The list of events: upcoming soonest first, then past, latest first.
pub fn list(cx: &Cx<'_>, at: &Target, sink: &mut Sink, diags: &mut Diagnostics) {
    let t = cx.t;
    let (past, upcoming): (Vec<_>, Vec<_>) =
        cx.plan.events.iter().partition(|(_, e)| e.is_past(cx.now));
    let item = |(p, e): &&(&Page, &items::Event)| event_item(p, e, t);
    let view = ListView {
        kind: "events".into(),
        groups: vec![
            ItemGroup {
                title: t.get("upcoming").cloned().unwrap_or_default(),
                id: "sap-toi".into(),
                items: upcoming.iter().map(item).collect(),
            },
            ItemGroup {
                title: t.get("past").cloned().unwrap_or_default(),
                id: "da-dien-ra".into(),
                items: past.iter().rev().map(item).collect(),
            },
        ],
        filters: Vec::new(),
        audiences: Vec::new(),
        atom: None,
        json: None,
        ics: Some(format!("{}lich.ics", at.url)),
    };
    let title = title(cx);
    let page = PageSpec {
        content: cx.section_text(EVENTS),
        ..PageSpec::plain(&at.url, &title, "list", crumbs(t, None))
    };
    list_page(cx, at, page, view, sink, diags);
}

fn event_ld(cx: &Cx<'_>, p: &Page, e: &items::Event) -> serde_json::Value {
    let mut ld = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": p.title,
        "startDate": crate::dates::rfc3339_text(e.start),
        "url": format!("{}{}", cx.site.config.base_url.url, p.path),
        "organizer": { "@type": "GovernmentOffice", "name": cx.committee() },
    });
    if let Some(end) = e.end {
        ld["endDate"] = crate::dates::rfc3339_text(end).into();
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
    ld
}

/// One event's page.
pub fn page(
    cx: &Cx<'_>,
    at: &Target,
    p: &Page,
    e: &items::Event,
    sink: &mut Sink,
    diags: &mut Diagnostics,
) {
    // Audience pages list announcements; link one only where it exists.
    let announced = |x: &String| {
        cx.site.pages.iter().any(|q| match &q.extra {
            Extra::Announcement(a) => a.audiences.contains(x),
            _ => false,
        })
    };
    let view = EventView {
        start: event_moment(e.start),
        start_iso: crate::dates::rfc3339_text(e.start),
        end: e.end.map(event_moment),
        end_iso: e.end.map(crate::dates::rfc3339_text),
        place: e.place.clone(),
        online_url: e.online_url.clone(),
        audiences: e
            .audiences
            .iter()
            .map(|x| Link {
                title: cx.vocab_name(x),
                url: if announced(x) {
                    audience_url(x)
                } else {
                    String::new()
                },
            })
            .collect(),
        ics_url: event_ics_path(&p.path),
        past: e.is_past(cx.now),
    };
    let item = ItemPage {
        kind: "event",
        template: "event.html",
        folder: EVENTS,
        folder_title: title(cx),
        description: p.description.clone(),
        json_ld: Some(event_ld(cx, p, e)),
        kinds: Kinds::Event(view),
        lang: cx.lang_of(p),
    };
    item_page(cx, at, p, item, sink, diags);
}
