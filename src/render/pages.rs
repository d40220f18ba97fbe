//! Content pages: every page's Markdown to HTML (once, before any job), plain pages, a folder's
//! list of pages, and `404.html`.

use std::collections::BTreeSet;

use crate::content::Page;
use crate::diag::Diagnostics;
use crate::markdown::{self, Links};
use crate::plan::{SectionJob, Target};
use crate::project::Site;
use crate::view::*;

use super::helpers::{Cx, PageSpec, Rendered, Sink, TemplatePage, page_link, title_case};

/// Every page's Markdown as HTML, with its link problems in `diags`.
pub fn markdown(site: &Site, diags: &mut Diagnostics) -> Rendered {
    let page_urls: std::collections::BTreeMap<&str, &str> = site
        .pages
        .iter()
        .map(|p| (p.source.as_str(), p.path.as_str()))
        .collect();
    let static_set: BTreeSet<&str> = site.static_files.iter().map(String::as_str).collect();
    // Sets: every link of every page is looked up, so scanning the lists would be links × pages.
    let failed: BTreeSet<&str> = site.failed.iter().map(String::as_str).collect();
    let hidden: BTreeSet<&str> = site.hidden.iter().map(String::as_str).collect();
    let lookup = |s: &str| match page_urls.get(s) {
        Some(u) => markdown::PageTarget::Url((*u).to_owned()),
        // A page that failed to load was reported already; link to where it will be.
        None if failed.contains(s) => markdown::PageTarget::Url(crate::content::url_of(s).0),
        None if hidden.contains(s) => markdown::PageTarget::Hidden,
        None => markdown::PageTarget::Missing,
    };
    let exists = |s: &str| static_set.contains(s);
    let mut rendered = Rendered::new();
    for p in &site.pages {
        let to_root = Target::page(&p.path).up();
        let links = Links {
            images: &site.images,
            file: &p.file,
            body_line: p.body_line,
            source_dir: p.source.rsplit_once('/').map_or("", |(d, _)| d),
            to_root: &to_root,
            page_url: &lookup,
            static_exists: &exists,
            all_pages: &site.content_paths,
        };
        let (r, problems) = markdown::render(&p.body, &links);
        for d in problems {
            diags.push(d);
        }
        rendered.insert(p.source.clone(), (r.html, r.toc));
    }
    rendered
}

/// A plain content page.
pub fn page(cx: &Cx<'_>, at: &Target, p: &Page, sink: &mut Sink, diags: &mut Diagnostics) {
    let (content, toc) = cx.html_of(p);
    let lang = cx.lang_of(p);
    let mut crumbs = vec![Link {
        title: cx.strings(&lang).get("home").cloned().unwrap_or_default(),
        url: String::new(),
    }];
    if !p.section.is_empty() {
        let title = cx
            .plan
            .section_index
            .get(&p.section)
            .map_or_else(|| title_case(&p.section), |i| i.title.clone());
        crumbs.push(Link {
            title,
            url: format!("{}/", p.section),
        });
    }
    let page = PageSpec {
        url: &at.url,
        title: &p.title,
        description: p.description.clone(),
        kind: "page",
        content,
        toc,
        crumbs,
        updated: p.updated,
        date: p.date,
    }
    .view(cx.site);
    let page = TemplatePage {
        template: "page.html",
        page,
        kinds: Kinds::None,
        lang,
    };
    sink.page(cx, at, page, diags);
}

/// A folder's list of its pages, under its `_index.md`'s text.
pub fn section(
    cx: &Cx<'_>,
    at: &Target,
    s: &SectionJob<'_>,
    sink: &mut Sink,
    diags: &mut Diagnostics,
) {
    let idx = s.index;
    let (content, toc) = idx.map(|i| cx.html_of(i)).unwrap_or_default();
    let title = idx.map_or_else(|| title_case(s.name), |i| i.title.clone());
    let lang = idx
        .and_then(|i| i.lang.clone())
        .unwrap_or_else(|| cx.plan.main_lang.clone());
    let crumbs = vec![Link {
        title: cx.strings(&lang).get("home").cloned().unwrap_or_default(),
        url: String::new(),
    }];
    let page = PageSpec {
        url: &at.url,
        title: &title,
        description: idx.and_then(|i| i.description.clone()),
        kind: "section",
        content,
        toc,
        crumbs,
        updated: idx.and_then(|i| i.updated),
        date: None,
    }
    .view(cx.site);
    let section = SectionView {
        pages: s.pages.iter().map(|p| page_link(p)).collect(),
    };
    let page = TemplatePage {
        template: "section.html",
        page,
        kinds: Kinds::Section(section),
        lang,
    };
    sink.page(cx, at, page, diags);
}

/// `404.html`: served at any depth, so its links start from the base URL's path (the target
/// says so).
pub fn not_found(cx: &Cx<'_>, at: &Target, sink: &mut Sink, diags: &mut Diagnostics) {
    let title = cx.t.get("not_found_title").map_or("404", String::as_str);
    let page = PageSpec::plain(&at.url, title, "404", Vec::new()).view(cx.site);
    let page = TemplatePage {
        template: "404.html",
        page,
        kinds: Kinds::None,
        lang: cx.plan.main_lang.clone(),
    };
    sink.page(cx, at, page, diags);
}
