//! The home page and the search page with its index.

use crate::diag::Diagnostics;
use crate::outfile::Output;
use crate::plan::{SEARCH_INDEX, Target, proc_url};
use crate::text;
use crate::view::*;

use super::events;
use super::helpers::{Cx, PageSpec, Sink, TemplatePage, json_ld, page_link, title_case};
use super::proc_lists::life_event_groups;

/// Whether a page belongs in the home page's "Có gì mới": not an announcement no longer in
/// force, and not an event (events have their own "Sắp diễn ra" list there, by their date).
fn is_new(p: &crate::content::Page, now: time::OffsetDateTime) -> bool {
    match &p.extra {
        crate::items::Extra::Announcement(a) => !crate::items::is_expired(a, now),
        crate::items::Extra::Event(_) => false,
        _ => true,
    }
}

fn government_office(cx: &Cx<'_>) -> serde_json::Value {
    let cfg = &cx.site.config;
    let mut v = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "GovernmentOffice",
        "name": cx.committee(),
        "url": cfg.base_url.url,
        "address": { "@type": "PostalAddress", "streetAddress": cfg.address, "addressRegion": cfg.commune.province_name, "addressCountry": "VN" },
    });
    if let Some(h) = &cfg.hotline {
        v["telephone"] = h.display.clone().into();
    }
    if let Some(e) = &cfg.email {
        v["email"] = e.clone().into();
    }
    if let Some((la, lo)) = cfg.map {
        v["geo"] =
            serde_json::json!({ "@type": "GeoCoordinates", "latitude": la, "longitude": lo });
    }
    v
}

fn home_view(cx: &Cx<'_>) -> HomeView {
    let (site, plan) = (cx.site, cx.plan);
    let mut recent: Vec<&crate::content::Page> = site
        .pages
        .iter()
        .filter(|p| !p.is_index && p.updated.is_some() && is_new(p, cx.now))
        .collect();
    recent.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| a.path.cmp(&b.path)));
    let life_events = life_event_groups(cx);
    let top_procedures = life_events
        .iter()
        .filter_map(|g| g.procedures.first().cloned())
        .collect();
    HomeView {
        life_events,
        top_procedures,
        sections: plan
            .section_names
            .iter()
            .filter(|s| !s.is_empty() && !site.config.languages.iter().skip(1).any(|l| l == *s))
            .map(|s| Link {
                title: plan
                    .section_index
                    .get(s)
                    .map_or_else(|| title_case(s), |i| i.title.clone()),
                url: format!("{s}/"),
            })
            .collect(),
        recent: recent.iter().take(5).map(|p| page_link(p)).collect(),
        upcoming: events::upcoming(cx),
        procedure_count: site.procedures.len(),
    }
}

/// The home page: the commune's own text, life events, what is new, upcoming events.
pub fn home(cx: &Cx<'_>, at: &Target, sink: &mut Sink, diags: &mut Diagnostics) {
    let cfg = &cx.site.config;
    let idx = cx.plan.section_index.get("");
    let (content, toc) = idx.map(|i| cx.html_of(i)).unwrap_or_default();
    let mut page = PageSpec {
        description: Some(cfg.description.clone()),
        content,
        toc,
        updated: idx.and_then(|i| i.updated),
        ..PageSpec::plain(&at.url, &cfg.commune.name, "home", Vec::new())
    }
    .view(cx.site);
    page.html_title = format!("{} – {}", cfg.commune.name, cfg.commune.province_name);
    page.json_ld = Some(json_ld(&government_office(cx)));
    let page = TemplatePage {
        template: "home.html",
        page,
        kinds: Kinds::Home(home_view(cx)),
        lang: cx.plan.main_lang.clone(),
    };
    sink.page(cx, at, page, diags);
}

fn search_items<'c>(cx: &'c Cx<'_>) -> &'c [crate::search::Item] {
    cx.search_items.get_or_init(|| {
        let team_title =
            cx.t.get("digital_team")
                .map_or("Tổ công nghệ số cộng đồng", String::as_str);
        let extras = crate::search::Extras {
            formers: &cx.site_view.formers,
            team: cx.site.people.team.as_ref().map(|t| {
                let hamlets = t
                    .hamlets
                    .iter()
                    .map(|h| (h.hamlet.as_str(), format!("thon-{}", h.id)))
                    .collect();
                (team_title, hamlets)
            }),
        };
        crate::search::items(cx.site, &proc_url, &extras)
    })
}

fn item_view(it: &crate::search::Item) -> SearchItemView {
    SearchItemView {
        t: it.t.clone(),
        u: it.u.clone(),
        k: it.k.clone(),
        s: it.s.clone(),
        w: it.w.clone(),
        b: it.b.clone(),
        c: it.c.clone(),
        r: it.r,
        l: it.l.clone(),
    }
}

/// The search index's files (`tim-kiem/index.json` and its word shards), made once per site:
/// the search page links the table by their version.
fn search_files<'c>(cx: &'c Cx<'_>) -> &'c crate::search::shards::Files {
    cx.search_files
        .get_or_init(|| crate::search::shards::files(search_items(cx)))
}

/// `tim-kiem/index.json` and `tim-kiem/w/*.json`.
pub fn search_index(cx: &Cx<'_>) -> Vec<Output> {
    let files = &search_files(cx).files;
    files
        .iter()
        .map(|(path, bytes)| Output {
            path: path.clone(),
            bytes: bytes.clone(),
        })
        .collect()
}

/// The search page: the index for the script and the A–Z list that works without it.
pub fn search(cx: &Cx<'_>, at: &Target, sink: &mut Sink, diags: &mut Diagnostics) {
    let mut letters: Vec<SearchLetter> = Vec::new();
    // The A–Z list is in the site's main language: pages in another one are found by the
    // script (which marks their language) and from that language's own section.
    let listed: Vec<&crate::search::Item> =
        search_items(cx).iter().filter(|i| i.l.is_none()).collect();
    // At catalog scale the plan gave each letter its pages: the list shows the letter bar.
    let letter_pages = super::proc_lists::search_bar(cx);
    for it in listed.iter().copied().filter(|_| letter_pages.is_empty()) {
        let letter = text::index_letter(&it.t);
        match letters.last_mut() {
            Some(g) if g.letter == letter => g.items.push(item_view(it)),
            _ => letters.push(SearchLetter {
                id: format!("chu-{}", text::slugify(&letter)),
                letter,
                items: vec![item_view(it)],
            }),
        }
    }
    let view = SearchView {
        count: listed.len(),
        letters,
        letter_pages,
        index_url: format!("{SEARCH_INDEX}?v={}", search_files(cx).version),
    };
    let title = cx.t.get("search").map_or("Tìm kiếm", String::as_str);
    let page = PageSpec::plain(&at.url, title, "search", Vec::new()).view(cx.site);
    let page = TemplatePage {
        template: "search.html",
        page,
        kinds: Kinds::Search(view),
        lang: cx.plan.main_lang.clone(),
    };
    sink.page(cx, at, page, diags);
}
