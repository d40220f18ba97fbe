//! What every kind module of `render/` shares: the render context ([`Cx`]), the sink the jobs
//! write into ([`Sink`]), the page view ([`PageSpec`]), breadcrumbs and small view builders.
//! Below the kind modules: nothing here calls back up into them.

use std::collections::BTreeMap;

use serde::Serialize;
use time::OffsetDateTime;

use crate::content::Page;
use crate::diag::Diagnostics;
use crate::markdown::Heading;
use crate::outfile::Output;
use crate::plan::{Plan, Target};
use crate::project::Site;
use crate::theme::{SiteContext, Theme};
use crate::view::*;

/// UI strings of one language (`themes/<t>/i18n/<lang>.yaml`).
pub type Strings = BTreeMap<String, String>;

/// Each page's Markdown as HTML with its headings, by content path.
pub type Rendered = BTreeMap<String, (String, Vec<Heading>)>;

/// Everything a job reads: the model, the plan, the theme and what is computed once per site.
pub struct Cx<'a> {
    /// The site.
    pub site: &'a Site,
    /// Its theme.
    pub theme: &'a Theme,
    /// The build clock (a value of the input: rendering reads no clock).
    pub now: OffsetDateTime,
    /// Procedure-page parts shared with the other sites of the run.
    pub parts: &'a super::shared::SharedParts,
    /// The plan being executed.
    pub plan: &'a Plan<'a>,
    /// UI strings in the site's main language.
    pub t: &'a Strings,
    /// The site as templates see it.
    pub site_view: SiteView,
    /// The main navigation.
    pub nav: Vec<Link>,
    /// Urgent banners in force.
    pub alerts: Vec<AlertView>,
    /// Which optional parts the site has.
    pub features: Features,
    /// The pages' Markdown as HTML.
    pub rendered: Rendered,
    /// "Thứ Hai, 23/11/2026".
    pub build_date: String,
    /// The search index's items, made by the first job that needs them.
    pub search_items: std::cell::OnceCell<Vec<crate::search::Item>>,
    /// The search index's files, made on first use (the index job and the search page).
    pub search_files: std::cell::OnceCell<crate::search::shards::Files>,
}

impl Cx<'_> {
    /// UI strings of `lang`, the Vietnamese ones when the theme has none for it.
    pub fn strings(&self, lang: &str) -> &Strings {
        self.theme
            .i18n
            .get(lang)
            .or_else(|| self.theme.i18n.get("vi"))
            .unwrap_or(self.t)
    }

    /// A UI string of the main language, or `default`.
    pub fn string_or(&self, key: &str, default: &str) -> String {
        string_or(self.t, key, default)
    }

    /// The HTML and headings of a page's Markdown.
    pub fn html_of(&self, p: &Page) -> (String, Vec<Heading>) {
        self.rendered.get(&p.source).cloned().unwrap_or_default()
    }

    /// The HTML of a folder's `_index.md`, shown above its list.
    pub fn section_text(&self, folder: &str) -> String {
        self.plan
            .section_index
            .get(folder)
            .map(|i| self.html_of(i).0)
            .unwrap_or_default()
    }

    /// A typed folder's title: its `_index.md`'s, else the theme's word `key`.
    pub fn section_title(&self, folder: &str, key: &str) -> String {
        self.plan.section_index.get(folder).map_or_else(
            || {
                self.t
                    .get(key)
                    .cloned()
                    .unwrap_or_else(|| folder.to_owned())
            },
            |p| p.title.clone(),
        )
    }

    /// The language a page is in.
    pub fn lang_of(&self, p: &Page) -> String {
        p.lang
            .clone()
            .unwrap_or_else(|| self.plan.main_lang.clone())
    }

    /// The name of an audience or hamlet id in the site's vocabulary.
    pub fn vocab_name(&self, id: &str) -> String {
        let cfg = &self.site.config;
        cfg.audiences
            .iter()
            .chain(cfg.hamlets.iter())
            .find(|v| v.id == id)
            .map_or_else(|| id.to_owned(), |v| v.name.clone())
    }

    /// "Ủy ban nhân dân phường Cẩm Thành".
    pub fn committee(&self) -> String {
        committee(&self.site.config)
    }
}

/// A UI string or `default`.
pub fn string_or(t: &Strings, key: &str, default: &str) -> String {
    t.get(key).cloned().unwrap_or_else(|| default.to_owned())
}

/// "Ủy ban nhân dân phường Cẩm Thành".
pub fn committee(cfg: &crate::config::SiteConfig) -> String {
    format!(
        "Ủy ban nhân dân {} {}",
        cfg.commune.kind, cfg.commune.short_name
    )
}

/// A template page to render: its template, page view, kind data and language.
pub struct TemplatePage {
    /// `page.html`.
    pub template: &'static str,
    /// The page.
    pub page: PageView,
    /// Kind data.
    pub kinds: Kinds,
    /// Language of the page.
    pub lang: String,
}

/// Where jobs put what they make: the outputs, and the template context shared by the pages
/// of one language (converted once per site and language).
#[derive(Default)]
pub struct Sink {
    /// Outputs made so far.
    pub outputs: Vec<Output>,
    shared: BTreeMap<String, SiteContext>,
}

impl Sink {
    /// A file at `at`.
    pub fn file(&mut self, at: &Target, bytes: Vec<u8>) {
        self.outputs.push(Output {
            path: at.path.clone(),
            bytes,
        });
    }

    /// Renders `page` through its template at `at`. Template errors go to `diags`.
    pub fn page(&mut self, cx: &Cx<'_>, at: &Target, page: TemplatePage, diags: &mut Diagnostics) {
        let lang = page.lang.as_str();
        let shared = match self.shared.entry(lang.to_owned()) {
            std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::btree_map::Entry::Vacant(e) => {
                match cx.theme.site_context(&SiteCtx {
                    site: &cx.site_view,
                    t: cx.strings(lang),
                    nav: &cx.nav,
                    alerts: &cx.alerts,
                    features: &cx.features,
                }) {
                    Ok(c) => e.insert(c),
                    Err(d) => {
                        diags.push(d);
                        return;
                    }
                }
            }
        };
        let root = at.root(&cx.site.config.base_url.path);
        let asset = |name: &str| {
            let p = cx.theme.asset_paths.get(name).cloned().unwrap_or_default();
            format!("{root}{p}")
        };
        let ctx = Ctx {
            css: asset("style.css"),
            js: asset("app.js"),
            favicon: cx
                .theme
                .asset_paths
                .get("favicon.svg")
                .map(|p| format!("{root}{p}")),
            search_js: asset("search.js"),
            root,
            lang: lang.to_owned(),
            page: page.page.localize(lang),
            build_date: cx.build_date.clone(),
            kinds: page.kinds,
        };
        match cx.theme.render_in(page.template, shared, &ctx) {
            Ok(html) => self.file(at, html.into_bytes()),
            Err(d) => diags.push(d),
        }
    }
}

/// What a page view is made of; [`PageSpec::view`] fills in what every page shares.
pub struct PageSpec<'a> {
    /// URL relative to the site root.
    pub url: &'a str,
    /// Title.
    pub title: &'a str,
    /// Description (the site's when `None`).
    pub description: Option<String>,
    /// `page`, `procedure`, `list`, …
    pub kind: &'a str,
    /// HTML of the page's own text.
    pub content: String,
    /// Its headings.
    pub toc: Vec<Heading>,
    /// Breadcrumbs.
    pub crumbs: Vec<Link>,
    /// Last updated.
    pub updated: Option<time::Date>,
    /// Posted.
    pub date: Option<time::Date>,
}

impl<'a> PageSpec<'a> {
    /// A page with no text of its own (its template draws everything).
    pub fn plain(url: &'a str, title: &'a str, kind: &'a str, crumbs: Vec<Link>) -> Self {
        PageSpec {
            url,
            title,
            description: None,
            kind,
            content: String::new(),
            toc: Vec::new(),
            crumbs,
            updated: None,
            date: None,
        }
    }

    /// The page view.
    pub fn view(self, site: &Site) -> PageView {
        let cfg = &site.config;
        let title = self.title;
        PageView {
            title: title.to_owned(),
            html_title: format!("{title} – {}", cfg.commune.name),
            description: self.description.unwrap_or_else(|| cfg.description.clone()),
            canonical: format!("{}{}", cfg.base_url.url, self.url),
            url: self.url.to_owned(),
            kind: self.kind.to_owned(),
            content: self.content,
            toc: self
                .toc
                .into_iter()
                .map(|h| HeadingView {
                    level: h.level,
                    id: h.id,
                    text: h.text,
                })
                .collect(),
            updated: self.updated.map(crate::dates::format_date_long),
            updated_iso: self.updated.map(|d| d.to_string()),
            date: self.date.map(crate::dates::format_date_long),
            date_iso: self.date.map(|d| d.to_string()),
            breadcrumbs: self.crumbs,
            json_ld: None,
            dates: (self.updated, self.date),
        }
    }
}

/// What one typed item's page (announcement, event, document) adds to its Markdown: the kind,
/// its template, the folder it is listed in, its own data and its JSON-LD.
pub struct ItemPage<'a> {
    /// `announcement`, `event`, `document`.
    pub kind: &'static str,
    /// `announcement.html`, …
    pub template: &'static str,
    /// The folder under `content/` (`thong-bao`): the breadcrumb after Home.
    pub folder: &'a str,
    /// The folder's title.
    pub folder_title: String,
    /// The page's description (the site's when `None`).
    pub description: Option<String>,
    /// Structured data for search engines, when the item has any.
    pub json_ld: Option<serde_json::Value>,
    /// The kind's data for its template.
    pub kinds: Kinds,
    /// Language of the page.
    pub lang: String,
}

/// Renders one typed item's page at `at`: its Markdown under Home › the folder, with its
/// JSON-LD, through the kind's template.
pub fn item_page(
    cx: &Cx<'_>,
    at: &Target,
    p: &Page,
    item: ItemPage<'_>,
    sink: &mut Sink,
    diags: &mut Diagnostics,
) {
    let folder_url = format!("{}/", item.folder);
    let (content, toc) = cx.html_of(p);
    let mut page = PageSpec {
        url: &p.path,
        title: &p.title,
        description: item.description,
        kind: item.kind,
        content,
        toc,
        crumbs: crumbs(cx.t, Some((&item.folder_title, &folder_url))),
        updated: p.updated,
        date: p.date,
    }
    .view(cx.site);
    page.json_ld = item.json_ld.as_ref().map(json_ld);
    let page = TemplatePage {
        template: item.template,
        page,
        kinds: item.kinds,
        lang: item.lang,
    };
    sink.page(cx, at, page, diags);
}

/// Renders a list of typed items (`list.html`, in Vietnamese like the folder names) at `at`.
pub fn list_page(
    cx: &Cx<'_>,
    at: &Target,
    page: PageSpec<'_>,
    list: ListView,
    sink: &mut Sink,
    diags: &mut Diagnostics,
) {
    let page = TemplatePage {
        template: "list.html",
        page: page.view(cx.site),
        kinds: Kinds::List(list),
        lang: "vi".into(),
    };
    sink.page(cx, at, page, diags);
}

/// Home, then `section` `(title, url)` when given.
pub fn crumbs(t: &Strings, section: Option<(&str, &str)>) -> Vec<Link> {
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

/// A page in a list.
pub fn page_link(p: &Page) -> PageLink {
    PageLink {
        title: p.title.clone(),
        url: p.path.clone(),
        description: p.description.clone(),
        updated: p.updated.map(crate::dates::format_date),
        lang: p.lang.clone(),
    }
}

/// A folder's title when it has no `_index.md`: `tin-tuc` → "Tin tuc".
pub fn title_case(slug: &str) -> String {
    let s = slug.rsplit('/').next().unwrap_or(slug).replace('-', " ");
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// JSON for a `<script type="application/ld+json">` (see `textfmt::json::script`).
pub fn json_ld<T: Serialize>(v: &T) -> String {
    crate::textfmt::json::script(v)
}

/// A phone number as templates see it.
pub fn phone(p: &crate::config::Phone) -> PhoneView {
    PhoneView {
        digits: p.digits.clone(),
        display: p.display.clone(),
        tel: p.tel.clone(),
    }
}
