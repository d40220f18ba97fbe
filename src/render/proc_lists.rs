//! The lists of procedures: the A–Z index with the fields and life events (`thu-tuc/`), a
//! field's or life event's page, and, when the plan splits the A–Z lists
//! (`plan::lists`), each letter's pages of procedures and of the search page's list.

use crate::diag::Diagnostics;
use crate::plan::lists::{LetterJob, LetterLink, Part, SearchLetterJob};
use crate::plan::{
    GroupJob, GroupKind, PROC_DIR, SEARCH_DIR, Target, event_url, field_url, proc_url,
};
use crate::procedures::SiteProcedure;
use crate::text;
use crate::view::*;

use super::helpers::{Cx, PageSpec, Sink, TemplatePage, crumbs};

fn link(p: &SiteProcedure) -> Link {
    Link {
        title: p.proc.raw.short_name.clone(),
        url: proc_url(p),
    }
}

fn string(cx: &Cx<'_>, key: &str) -> String {
    cx.t.get(key).cloned().unwrap_or_default()
}

/// Breadcrumbs of the pages under `thu-tuc/`: home, procedures.
fn proc_crumbs(cx: &Cx<'_>) -> Vec<Link> {
    let title = string(cx, "procedures");
    let url = format!("{PROC_DIR}/");
    crumbs(cx.t, Some((&title, &url)))
}

/// The field groups, in Vietnamese order.
fn field_groups(cx: &Cx<'_>) -> Vec<GroupLink> {
    cx.plan
        .procedures
        .fields
        .iter()
        .map(|(f, ps)| GroupLink {
            title: f.clone(),
            url: field_url(f),
            description: None,
            procedures: ps.iter().map(|p| link(p)).collect(),
        })
        .collect()
}

/// The life events that have procedures, in catalog order (the index and the home page).
pub fn life_event_groups(cx: &Cx<'_>) -> Vec<GroupLink> {
    cx.plan
        .procedures
        .life_events
        .iter()
        .map(|(e, ps)| GroupLink {
            title: e.name.clone(),
            url: event_url(&e.id),
            description: Some(e.description.clone()),
            procedures: ps.iter().map(|p| link(p)).collect(),
        })
        .collect()
}

/// The A–Z index, with the fields and life events: every procedure by letter, or the letter
/// bar alone when the plan gave each letter its pages.
pub fn index(cx: &Cx<'_>, at: &Target, sink: &mut Sink, diags: &mut Diagnostics) {
    let mut letters: Vec<LetterGroup> = Vec::new();
    let split = !cx.plan.bars.procedures.is_empty();
    for p in cx.site.procedures.iter().filter(|_| !split) {
        let letter = text::index_letter(&p.proc.raw.short_name);
        match letters.last_mut() {
            Some(g) if g.letter == letter => g.items.push(link(p)),
            _ => letters.push(LetterGroup {
                id: format!("chu-{}", text::slugify(&letter)),
                letter,
                items: vec![link(p)],
            }),
        }
    }
    let idx = ProceduresIndexView {
        letters,
        letter_pages: bar(&cx.plan.bars.procedures, None),
        fields: field_groups(cx),
        life_events: life_event_groups(cx),
    };
    let title = cx.t.get("procedures").cloned().unwrap_or_default();
    let page = PageSpec {
        description: cx.t.get("procedures_description").cloned(),
        ..PageSpec::plain(&at.url, &title, "procedures", crumbs(cx.t, None))
    }
    .view(cx.site);
    let page = TemplatePage {
        template: "procedures.html",
        page,
        kinds: Kinds::Procedures(idx),
        lang: cx.plan.main_lang.clone(),
    };
    sink.page(cx, at, page, diags);
}

/// A field's or life event's page.
pub fn group(cx: &Cx<'_>, at: &Target, g: &GroupJob<'_>, sink: &mut Sink, diags: &mut Diagnostics) {
    let view = GroupView {
        kind: match g.kind {
            GroupKind::Field => "field",
            GroupKind::LifeEvent => "life_event",
        }
        .to_owned(),
        description: g.description.clone(),
        procedures: g
            .members
            .iter()
            .map(|p| PageLink {
                title: p.proc.raw.short_name.clone(),
                url: proc_url(p),
                description: Some(p.proc.raw.summary.clone()),
                updated: None,
                lang: None,
            })
            .collect(),
        pager: pager(cx, &g.part),
    };
    let title = paged_title(cx, &g.title, &g.part);
    let page = PageSpec {
        description: g.description.clone(),
        ..PageSpec::plain(&at.url, &title, "group", proc_crumbs(cx))
    }
    .view(cx.site);
    let page = TemplatePage {
        template: "procedure_group.html",
        page,
        kinds: Kinds::Group(view),
        lang: cx.plan.main_lang.clone(),
    };
    sink.page(cx, at, page, diags);
}

/// The letter bar, the letter `current` marked.
fn bar(links: &[LetterLink], current: Option<&str>) -> Vec<LetterLinkView> {
    links
        .iter()
        .map(|l| LetterLinkView {
            letter: l.letter.clone(),
            url: l.url.clone(),
            current: current == Some(l.letter.as_str()),
        })
        .collect()
}

/// The links between a list's numbered pages; `None` for a list of one page.
fn pager(cx: &Cx<'_>, part: &Part) -> Option<PagerView> {
    (part.count > 1).then(|| PagerView {
        label: format!("{} {}/{}", string(cx, "page"), part.index + 1, part.count),
        prev: (part.index > 0).then(|| part.url(part.index - 1)),
        next: (part.index + 1 < part.count).then(|| part.url(part.index + 1)),
        pages: (0..part.count)
            .map(|i| PagerPage {
                number: i + 1,
                url: part.url(i),
                current: i == part.index,
            })
            .collect(),
    })
}

/// "Title (trang 2/3)" on the pages after the first of a list, the title alone otherwise.
fn paged_title(cx: &Cx<'_>, title: &str, part: &Part) -> String {
    if part.count > 1 {
        let page = string(cx, "page").to_lowercase();
        format!("{title} ({page} {}/{})", part.index + 1, part.count)
    } else {
        title.to_owned()
    }
}

/// One letter's page of procedures.
pub fn letter(
    cx: &Cx<'_>,
    at: &Target,
    j: &LetterJob<'_>,
    sink: &mut Sink,
    diags: &mut Diagnostics,
) {
    let view = LetterView {
        letter: j.letter.clone(),
        letters: bar(&cx.plan.bars.procedures, Some(&j.letter)),
        items: j
            .members
            .iter()
            .map(|p| LetterItem {
                t: p.proc.raw.short_name.clone(),
                u: proc_url(p),
                k: None,
            })
            .collect(),
        pager: pager(cx, &j.part),
        back: Link {
            title: string(cx, "all_procedures"),
            url: format!("{PROC_DIR}/"),
        },
    };
    let title = format!("{} {}", string(cx, "procedures_letter"), j.letter);
    let title = paged_title(cx, &title, &j.part);
    let page = PageSpec::plain(&at.url, &title, "letter", proc_crumbs(cx)).view(cx.site);
    let page = TemplatePage {
        template: "letter.html",
        page,
        kinds: Kinds::Letter(view),
        lang: cx.plan.main_lang.clone(),
    };
    sink.page(cx, at, page, diags);
}

/// One letter's page of the search page's list without script.
pub fn search_letter(
    cx: &Cx<'_>,
    at: &Target,
    j: &SearchLetterJob,
    sink: &mut Sink,
    diags: &mut Diagnostics,
) {
    let search = cx.t.get("search").map_or("Tìm kiếm", String::as_str);
    let view = LetterView {
        letter: j.letter.clone(),
        letters: bar(&cx.plan.bars.search, Some(&j.letter)),
        items: j
            .entries
            .iter()
            .map(|e| LetterItem {
                t: e.title.clone(),
                u: e.url.clone(),
                k: Some(e.kind.clone()),
            })
            .collect(),
        pager: pager(cx, &j.part),
        back: Link {
            title: search.to_owned(),
            url: format!("{SEARCH_DIR}/"),
        },
    };
    let title = format!("{} {}", string(cx, "search_letter"), j.letter);
    let title = paged_title(cx, &title, &j.part);
    let url = format!("{SEARCH_DIR}/");
    let crumbs = crumbs(cx.t, Some((search, &url)));
    let page = PageSpec::plain(&at.url, &title, "letter", crumbs).view(cx.site);
    let page = TemplatePage {
        template: "letter.html",
        page,
        kinds: Kinds::Letter(view),
        lang: cx.plan.main_lang.clone(),
    };
    sink.page(cx, at, page, diags);
}

/// The search page's letter bar when the plan split its list (empty otherwise).
pub fn search_bar(cx: &Cx<'_>) -> Vec<LetterLinkView> {
    bar(&cx.plan.bars.search, None)
}
