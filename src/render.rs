//! Plan and render one site: every output file as `(path, bytes)`, pure (nothing is written
//! here). Output paths are checked for collisions before anything renders.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use time::OffsetDateTime;

use crate::diag::{Diagnostic, Diagnostics, Span};
use crate::markdown::{self, Links};
use crate::msg;
use crate::procedures::{OnlineLevel, SiteProcedure};
use crate::project::Site;
use crate::text;
use crate::theme::Theme;
use crate::view::*;

/// One output file of a site, path relative to the site's output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// `thu-tuc/dang-ky-khai-sinh/index.html`.
    pub path: String,
    /// Bytes.
    pub bytes: Vec<u8>,
}

/// Everything needed to render a site.
pub struct RenderInput<'a> {
    /// The loaded site.
    pub site: &'a Site,
    /// Its theme.
    pub theme: &'a Theme,
    /// Build clock.
    pub now: OffsetDateTime,
}

/// Folder of procedure pages.
pub const PROC_DIR: &str = "thu-tuc";

/// Renders every file of a site. Problems (broken links, template errors, path collisions) go
/// to `diags`; when any is an error the caller must not write the site.
pub fn render_site(input: &RenderInput<'_>, diags: &mut Diagnostics) -> Vec<Output> {
    let site = input.site;
    let theme = input.theme;
    let cfg = &site.config;
    let lang_main = cfg
        .languages
        .first()
        .cloned()
        .unwrap_or_else(|| "vi".into());
    let site_view = site_view(site);
    let strings_for = |lang: &str| theme.i18n.get(lang).or_else(|| theme.i18n.get("vi"));
    let Some(vi_strings) = strings_for(&lang_main) else {
        diags.error(
            Span::file(format!("themes/{}/i18n/vi.yaml", theme.name)),
            msg!(
                "giao diện thiếu tệp chuỗi tiếng Việt",
                "the theme lacks Vietnamese UI strings"
            ),
        );
        return Vec::new();
    };
    for l in &cfg.languages {
        if !theme.i18n.contains_key(l) {
            diags.error_hint(
                Span::file(cfg.rel_dir.join("site.yaml")),
                msg!(
                    "giao diện `{}` không có chuỗi cho ngôn ngữ `{l}`",
                    "theme `{}` has no UI strings for `{l}`",
                    theme.name
                ),
                msg!(
                    "thêm themes/{}/i18n/{l}.yaml.",
                    "add themes/{}/i18n/{l}.yaml.",
                    theme.name
                ),
            );
        }
    }
    let nav = nav_links(site, vi_strings);
    let page_urls: BTreeMap<String, String> = site
        .pages
        .iter()
        .map(|p| (p.source.clone(), p.path.clone()))
        .collect();
    let static_set: BTreeSet<&str> = site.static_files.iter().map(String::as_str).collect();
    let mut outputs: Vec<Output> = Vec::new();
    let mut outputs_extra: Vec<Output> = Vec::new();
    let mut html_pages: Vec<String> = Vec::new();
    let build_date = text::format_date_long(input.now.to_offset(text::VN_OFFSET).date());

    let people = crate::people::load(&site.root, cfg, diags);
    let features = features(site, &people);
    let alerts = crate::news::alerts(site, input.now);
    let mut shared_ctx: BTreeMap<String, crate::theme::SiteContext> = BTreeMap::new();
    let mut emit = |path: String,
                    template: &str,
                    page: PageView,
                    kinds: Kinds,
                    lang: &str,
                    diags: &mut Diagnostics| {
        let depth = path.matches('/').count();
        // 404.html is served at any depth, so its links start from the base URL's path.
        let root = if path == "404.html" {
            cfg.base_url.path.clone()
        } else if depth == 0 {
            "./".to_owned()
        } else {
            "../".repeat(depth)
        };
        let shared = match shared_ctx.entry(lang.to_owned()) {
            std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::btree_map::Entry::Vacant(e) => {
                let t = strings_for(lang).unwrap_or(vi_strings);
                match theme.site_context(&SiteCtx {
                    site: &site_view,
                    t,
                    nav: &nav,
                    alerts: &alerts,
                    features: &features,
                }) {
                    Ok(c) => e.insert(c),
                    Err(d) => {
                        diags.push(d);
                        return;
                    }
                }
            }
        };
        let ctx = Ctx {
            root: root.clone(),
            css: format!(
                "{root}{}",
                theme
                    .asset_paths
                    .get("style.css")
                    .cloned()
                    .unwrap_or_default()
            ),
            js: format!(
                "{root}{}",
                theme.asset_paths.get("app.js").cloned().unwrap_or_default()
            ),
            favicon: theme
                .asset_paths
                .get("favicon.svg")
                .map(|p| format!("{root}{p}")),
            search_js: format!(
                "{root}{}",
                theme
                    .asset_paths
                    .get("search.js")
                    .cloned()
                    .unwrap_or_default()
            ),
            lang: lang.to_owned(),
            page: page.localize(lang),
            build_date: build_date.clone(),
            kinds,
        };
        match theme.render_in(template, shared, &ctx) {
            Ok(html) => {
                let bytes = html.into_bytes();
                if path.ends_with("index.html") {
                    html_pages.push(path.trim_end_matches("index.html").to_owned());
                }
                outputs.push(Output { path, bytes });
            }
            Err(d) => diags.push(d),
        }
    };

    // Content pages.
    let mut sections: BTreeMap<String, Vec<&crate::content::Page>> = BTreeMap::new();
    let mut section_index: BTreeMap<String, &crate::content::Page> = BTreeMap::new();
    for p in &site.pages {
        if p.is_index {
            section_index.insert(p.section.clone(), p);
        } else {
            sections.entry(p.section.clone()).or_default().push(p);
        }
    }
    let mut rendered_pages: BTreeMap<String, (String, Vec<crate::markdown::Heading>)> =
        BTreeMap::new();
    // Sets: every link of every page is looked up, so scanning the lists would be links × pages.
    let failed: BTreeSet<&str> = site.failed.iter().map(String::as_str).collect();
    let hidden: BTreeSet<&str> = site.hidden.iter().map(String::as_str).collect();
    for p in &site.pages {
        let depth = p.path.matches('/').count();
        let to_root = "../".repeat(depth);
        let source_dir = p.source.rsplit_once('/').map_or("", |(d, _)| d);
        let lookup = |s: &str| match page_urls.get(s) {
            Some(u) => markdown::PageTarget::Url(u.clone()),
            // A page that failed to load was reported already; link to where it will be.
            None if failed.contains(s) => markdown::PageTarget::Url(crate::content::url_of(s).0),
            None if hidden.contains(s) => markdown::PageTarget::Hidden,
            None => markdown::PageTarget::Missing,
        };
        let exists = |s: &str| static_set.contains(s);
        let links = Links {
            images: &site.images,
            file: &p.file,
            body_line: p.body_line,
            source_dir,
            to_root: &to_root,
            page_url: &lookup,
            static_exists: &exists,
            all_pages: &site.content_paths,
        };
        let (r, problems) = markdown::render(&p.body, &links);
        for d in problems {
            diags.push(d);
        }
        rendered_pages.insert(p.source.clone(), (r.html, r.toc));
    }
    let typed_sections = [
        crate::items::ANNOUNCEMENTS,
        crate::items::EVENTS,
        crate::items::DOCUMENTS,
    ];
    crate::news::render(
        site,
        &mut rendered_pages,
        &section_index,
        vi_strings,
        input.now,
        &mut emit,
        &mut outputs_extra,
        diags,
    );
    crate::news::render_people(
        site,
        &people,
        vi_strings,
        &mut emit,
        &mut outputs_extra,
        diags,
    );
    for p in site.pages.iter().filter(|p| {
        !p.is_index
            && !matches!(
                p.extra,
                crate::items::Extra::Announcement(_)
                    | crate::items::Extra::Event(_)
                    | crate::items::Extra::Document(_)
            )
    }) {
        let (html, toc) = rendered_pages.remove(&p.source).unwrap_or_default();
        let lang = p.lang.clone().unwrap_or_else(|| lang_main.clone());
        let page_strings = strings_for(&lang).unwrap_or(vi_strings);
        let mut crumbs = vec![Link {
            title: page_strings.get("home").cloned().unwrap_or_default(),
            url: String::new(),
        }];
        if !p.section.is_empty() {
            let title = section_index
                .get(&p.section)
                .map_or_else(|| title_case(&p.section), |i| i.title.clone());
            crumbs.push(Link {
                title,
                url: format!("{}/", p.section),
            });
        }
        let view = page_view(
            site,
            &p.path,
            &p.title,
            p.description.clone(),
            "page",
            html,
            toc,
            crumbs,
            p.updated,
            p.date,
        );
        emit(
            format!("{}index.html", p.path),
            "page.html",
            view,
            Kinds::default(),
            &lang,
            diags,
        );
    }
    // Section lists.
    let mut section_names: BTreeSet<String> = sections.keys().cloned().collect();
    section_names.extend(section_index.keys().cloned());
    for name in section_names
        .iter()
        .filter(|s| !s.is_empty() && !typed_sections.contains(&s.as_str()))
    {
        let idx = section_index.get(name);
        let (html, toc) = idx
            .and_then(|i| rendered_pages.get(&i.source).cloned())
            .unwrap_or_default();
        let title = idx.map_or_else(|| title_case(name), |i| i.title.clone());
        let mut pages: Vec<&crate::content::Page> = sections.get(name).cloned().unwrap_or_default();
        pages.sort_by(|a, b| {
            a.weight
                .cmp(&b.weight)
                .then_with(|| text::collate(&a.title, &b.title))
        });
        let section = SectionView {
            pages: pages.iter().map(|p| page_link(p)).collect(),
        };
        let lang = idx
            .and_then(|i| i.lang.clone())
            .unwrap_or_else(|| lang_main.clone());
        let crumbs = vec![Link {
            title: strings_for(&lang)
                .unwrap_or(vi_strings)
                .get("home")
                .cloned()
                .unwrap_or_default(),
            url: String::new(),
        }];
        let view = page_view(
            site,
            &format!("{name}/"),
            &title,
            idx.and_then(|i| i.description.clone()),
            "section",
            html,
            toc,
            crumbs,
            idx.and_then(|i| i.updated),
            None,
        );
        emit(
            format!("{name}/index.html"),
            "section.html",
            view,
            Kinds {
                section: Some(section),
                ..Kinds::default()
            },
            &lang,
            diags,
        );
    }

    // Procedures.
    let proc_pages = render_procedures(site, theme, vi_strings, &mut emit, diags);

    // Search: the index and the A–Z page that works without JavaScript.
    let team_title = vi_strings
        .get("digital_team")
        .map_or("Tổ công nghệ số cộng đồng", String::as_str);
    let extras = crate::search::Extras {
        formers: &site_view.formers,
        team: people.team.as_ref().map(|t| {
            let hamlets = t
                .hamlets
                .iter()
                .map(|h| (h.hamlet.as_str(), format!("thon-{}", h.id)))
                .collect();
            (team_title, hamlets)
        }),
    };
    let search_items = crate::search::items(site, &proc_url, &extras);
    let mut letters: Vec<SearchLetter> = Vec::new();
    // The A–Z list is in the site's main language: pages in another one are found by the
    // script (which marks their language) and from that language's own section.
    let listed: Vec<&crate::search::Item> = search_items.iter().filter(|i| i.l.is_none()).collect();
    for it in listed.iter().copied() {
        let letter = text::index_letter(&it.t);
        match letters.last_mut() {
            Some(g) if g.letter == letter => g.items.push(it.clone()),
            _ => letters.push(SearchLetter {
                id: format!("chu-{}", text::slugify(&letter)),
                letter,
                items: vec![it.clone()],
            }),
        }
    }
    let search_view = SearchView {
        count: listed.len(),
        letters,
        index_url: "tim-kiem/index.json".into(),
    };
    outputs_extra.push(Output {
        path: "tim-kiem/index.json".into(),
        bytes: crate::search::index_json(&search_items),
    });
    let pv = page_view(
        site,
        "tim-kiem/",
        vi_strings.get("search").map_or("Tìm kiếm", String::as_str),
        None,
        "search",
        String::new(),
        Vec::new(),
        Vec::new(),
        None,
        None,
    );
    emit(
        "tim-kiem/index.html".into(),
        "search.html",
        pv,
        Kinds {
            search: Some(search_view),
            ..Kinds::default()
        },
        &lang_main,
        diags,
    );

    // Home.
    let home_idx = section_index.get("");
    let (home_html, home_toc) = home_idx
        .and_then(|i| rendered_pages.get(&i.source).cloned())
        .unwrap_or_default();
    let mut recent: Vec<&crate::content::Page> = site
        .pages
        .iter()
        .filter(|p| !p.is_index && p.updated.is_some() && crate::news::is_new(p, input.now))
        .collect();
    recent.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| a.path.cmp(&b.path)));
    let home = HomeView {
        life_events: proc_pages.life_events.clone(),
        top_procedures: proc_pages.top.clone(),
        sections: section_names
            .iter()
            .filter(|s| !s.is_empty() && !cfg.languages.iter().skip(1).any(|l| l == *s))
            .map(|s| Link {
                title: section_index
                    .get(s)
                    .map_or_else(|| title_case(s), |i| i.title.clone()),
                url: format!("{s}/"),
            })
            .collect(),
        recent: recent.iter().take(5).map(|p| page_link(p)).collect(),
        upcoming: crate::news::upcoming_events(site, input.now, vi_strings),
        procedure_count: site.procedures.len(),
    };
    let mut home_view = page_view(
        site,
        "",
        &cfg.commune.name,
        Some(cfg.description.clone()),
        "home",
        home_html,
        home_toc,
        Vec::new(),
        home_idx.and_then(|i| i.updated),
        None,
    );
    home_view.html_title = format!("{} – {}", cfg.commune.name, cfg.commune.province_name);
    home_view.json_ld = Some(json_ld(&government_office(site)));
    emit(
        "index.html".into(),
        "home.html",
        home_view,
        Kinds {
            home: Some(home),
            ..Kinds::default()
        },
        &lang_main,
        diags,
    );

    // 404: served at any depth, so links must be root-absolute from the base URL's path.
    let nf = page_view(
        site,
        "404.html",
        vi_strings
            .get("not_found_title")
            .map_or("404", String::as_str),
        None,
        "404",
        String::new(),
        Vec::new(),
        Vec::new(),
        None,
        None,
    );
    emit(
        "404.html".into(),
        "404.html",
        nf,
        Kinds::default(),
        &lang_main,
        diags,
    );

    // Machine-readable and crawler files.
    outputs.append(&mut outputs_extra);
    // Short links and the SMS and Zalo texts: linked from no page, not in the sitemap.
    outputs.extend(crate::reach::outputs(site, diags));
    html_pages.sort();
    outputs.push(Output {
        path: "sitemap.xml".into(),
        bytes: sitemap(&cfg.base_url.url, &html_pages).into_bytes(),
    });
    outputs.push(Output {
        path: "robots.txt".into(),
        bytes: format!(
            "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
            cfg.base_url.url
        )
        .into_bytes(),
    });
    outputs.push(Output {
        path: "procedures.json".into(),
        bytes: procedures_json(site),
    });
    // Loudspeaker scripts: plain files for the reader, in the main language only.
    let commune = crate::reach::loa::commune_name(&cfg.commune);
    for p in site.pages.iter().filter(|p| p.lang.is_none()) {
        if let Some(paras) = crate::reach::loa::script(&commune, p) {
            outputs.push(Output {
                path: crate::reach::loa::output_path(p),
                bytes: crate::reach::loa::file_bytes(&paras),
            });
        }
    }
    // Asked for at the site's root by browsers and crawlers whatever the pages link; a clerk's
    // own `static/favicon.ico` wins.
    if !static_set.contains("favicon.ico") {
        outputs.push(Output {
            path: "favicon.ico".into(),
            bytes: crate::images::favicon_ico(),
        });
    }
    if !static_set.contains(OG_IMAGE) {
        outputs.push(Output {
            path: OG_IMAGE.into(),
            bytes: crate::images::og_image_png(),
        });
    }
    for (path, bytes) in &theme.assets {
        outputs.push(Output {
            path: path.clone(),
            bytes: bytes.clone(),
        });
    }
    outputs.extend(site.image_outputs.iter().cloned());
    // Raster images are published only as processed above: originals keep their metadata.
    for f in site
        .static_files
        .iter()
        .filter(|f| !crate::images::is_raster(f))
    {
        let shown = cfg.rel_dir.join("static").join(f);
        let max = crate::fsx::MAX_STATIC_BYTES;
        match crate::fsx::read_bytes(&site.root, &cfg.dir.join("static").join(f), &shown, max) {
            Ok(bytes) => outputs.push(Output {
                path: f.clone(),
                bytes,
            }),
            Err(d) => diags.push(d),
        }
    }
    check_collisions(site, &outputs, diags);
    outputs.sort_by(|a, b| a.path.cmp(&b.path));
    outputs
}

/// Renders one page: output path, template, page, kind data, language.
pub(crate) type Emit<'e> = dyn FnMut(String, &str, PageView, Kinds, &str, &mut Diagnostics) + 'e;

fn features(site: &Site, people: &crate::people::People) -> Features {
    let has = |folder: &str| {
        site.pages.iter().any(|p| {
            !p.is_index && crate::items::folder_of(&p.source) == folder && p.source.contains('/')
        })
    };
    Features {
        announcements: has(crate::items::ANNOUNCEMENTS),
        events: has(crate::items::EVENTS),
        documents: has(crate::items::DOCUMENTS),
        officials: !people.officials.is_empty(),
        organisation: people.organisation.is_some(),
        team: people.team.is_some(),
    }
}

struct ProcPages {
    life_events: Vec<GroupLink>,
    top: Vec<Link>,
}

fn proc_url(p: &SiteProcedure) -> String {
    format!("{PROC_DIR}/{}/", p.proc.slug)
}

fn field_url(field: &str) -> String {
    format!("{PROC_DIR}/linh-vuc/{}/", text::slugify(field))
}

fn event_url(id: &str) -> String {
    format!("{PROC_DIR}/nhu-cau/{id}/")
}

fn render_procedures(
    site: &Site,
    theme: &Theme,
    t: &BTreeMap<String, String>,
    emit: &mut Emit<'_>,
    diags: &mut Diagnostics,
) -> ProcPages {
    let cfg = &site.config;
    let lang = cfg
        .languages
        .first()
        .cloned()
        .unwrap_or_else(|| "vi".into());
    let home_crumb = Link {
        title: t.get("home").cloned().unwrap_or_default(),
        url: String::new(),
    };
    let index_title = t.get("procedures").cloned().unwrap_or_default();
    let proc_crumb = Link {
        title: index_title.clone(),
        url: format!("{PROC_DIR}/"),
    };
    let by_code: BTreeMap<&str, &SiteProcedure> = site
        .procedures
        .iter()
        .map(|p| (p.proc.code.as_str(), p))
        .collect();
    // Fields and life events in Vietnamese order.
    let mut fields: BTreeMap<String, Vec<&SiteProcedure>> = BTreeMap::new();
    let mut events: BTreeMap<String, Vec<&SiteProcedure>> = BTreeMap::new();
    for p in &site.procedures {
        fields.entry(p.proc.raw.field.clone()).or_default().push(p);
        for e in &p.proc.life_events {
            events.entry(e.clone()).or_default().push(p);
        }
    }
    let event_names = life_event_names(site);
    let link = |p: &SiteProcedure| Link {
        title: p.proc.raw.short_name.clone(),
        url: proc_url(p),
    };
    let mut field_groups: Vec<GroupLink> = fields
        .iter()
        .map(|(f, ps)| GroupLink {
            title: f.clone(),
            url: field_url(f),
            description: None,
            procedures: ps.iter().map(|p| link(p)).collect(),
        })
        .collect();
    field_groups.sort_by(|a, b| text::collate(&a.title, &b.title));
    let event_groups: Vec<GroupLink> = event_names
        .iter()
        .filter_map(|(id, name, desc)| {
            events.get(id).map(|ps| GroupLink {
                title: name.clone(),
                url: event_url(id),
                description: Some(desc.clone()),
                procedures: ps.iter().map(|p| link(p)).collect(),
            })
        })
        .collect();

    for p in &site.procedures {
        let view = procedure_view(site, p, &by_code, &event_names, t);
        let mut pv = page_view(
            site,
            &proc_url(p),
            &p.proc.raw.short_name,
            Some(p.proc.raw.summary.clone()),
            "procedure",
            String::new(),
            Vec::new(),
            vec![home_crumb.clone(), proc_crumb.clone()],
            Some(p.proc.checked),
            None,
        );
        pv.json_ld = Some(json_ld(&government_service(site, p, &view)));
        emit(
            format!("{}index.html", proc_url(p)),
            "procedure.html",
            pv,
            Kinds {
                procedure: Some(view),
                ..Kinds::default()
            },
            &lang,
            diags,
        );
    }
    // A–Z.
    let mut letters: Vec<LetterGroup> = Vec::new();
    for p in &site.procedures {
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
        fields: field_groups.clone(),
        life_events: event_groups.clone(),
    };
    let desc = t.get("procedures_description").cloned();
    let pv = page_view(
        site,
        &format!("{PROC_DIR}/"),
        &index_title,
        desc,
        "procedures",
        String::new(),
        Vec::new(),
        vec![home_crumb.clone()],
        None,
        None,
    );
    emit(
        format!("{PROC_DIR}/index.html"),
        "procedures.html",
        pv,
        Kinds {
            procedures: Some(idx),
            ..Kinds::default()
        },
        &lang,
        diags,
    );
    let group_page = |g: &GroupLink,
                      kind: &str,
                      members: &[&SiteProcedure],
                      emit: &mut Emit<'_>,
                      diags: &mut Diagnostics| {
        let view = GroupView {
            kind: kind.to_owned(),
            description: g.description.clone(),
            procedures: members
                .iter()
                .map(|p| PageLink {
                    title: p.proc.raw.short_name.clone(),
                    url: proc_url(p),
                    description: Some(p.proc.raw.summary.clone()),
                    updated: None,
                    lang: None,
                })
                .collect(),
        };
        let pv = page_view(
            site,
            &g.url,
            &g.title,
            g.description.clone(),
            "group",
            String::new(),
            Vec::new(),
            vec![home_crumb.clone(), proc_crumb.clone()],
            None,
            None,
        );
        emit(
            format!("{}index.html", g.url),
            "procedure_group.html",
            pv,
            Kinds {
                group: Some(view),
                ..Kinds::default()
            },
            &lang,
            diags,
        );
    };
    for g in &field_groups {
        if let Some(ms) = fields.get(&g.title) {
            group_page(g, "field", ms, emit, diags);
        }
    }
    for (g, (id, _, _)) in event_groups.iter().zip(
        event_names
            .iter()
            .filter(|(id, _, _)| events.contains_key(id)),
    ) {
        if let Some(ms) = events.get(id) {
            group_page(g, "life_event", ms, emit, diags);
        }
    }
    let _ = theme;
    let top = event_groups
        .iter()
        .filter_map(|g| g.procedures.first().cloned())
        .collect();
    ProcPages {
        life_events: event_groups,
        top,
    }
}

/// Life events (id, name, description) in catalog order, from the site's procedures' catalog.
fn life_event_names(site: &Site) -> Vec<(String, String, String)> {
    site.life_events
        .iter()
        .map(|e| (e.id.clone(), e.name.clone(), e.description.clone()))
        .collect()
}

fn procedure_view(
    site: &Site,
    p: &SiteProcedure,
    by_code: &BTreeMap<&str, &SiteProcedure>,
    events: &[(String, String, String)],
    t: &BTreeMap<String, String>,
) -> ProcedureView {
    let cfg = &site.config;
    let raw = &p.proc.raw;
    let doc = |d: &crate::procedures::Document| DocumentView {
        name: d.name.clone(),
        copies: d.copies,
        when: d.when.clone(),
        form_name: d.form_name.clone(),
        form_url: d.form_url.clone(),
        note: d.note.clone(),
    };
    let detail = p
        .proc
        .formality_id
        .as_ref()
        .map(|id| format!("https://dichvucong.gov.vn/thu-tuc-hanh-chinh/{id}"));
    let province_id = site.portal_provinces.get(&cfg.commune.province_code);
    let online_url = match (&p.proc.formality_id, &cfg.dvc_ward_id, province_id) {
        (Some(f), Some(w), Some(pr)) => format!(
            "https://dichvucong.gov.vn/tim-kiem-thu-tuc-hanh-chinh?formalityId={f}&province={pr}&ministry=&ward={w}&searchType=PROVINCE&commune=WARD&provinceCode={}&wardCode={}",
            cfg.commune.province_code, cfg.commune.code
        ),
        (Some(_), _, _) => detail.clone().unwrap_or_default(),
        (None, _, _) => format!(
            "https://dichvucong.gov.vn/dvc-ket-qua-thu-tuc?keyword={}",
            url_encode(&raw.name)
        ),
    };
    let related = p
        .proc
        .related
        .iter()
        // Outside the site's list: its name and the portal's search for it, or nothing at all
        // (a bare code means nothing to a resident).
        .filter_map(|r| match (by_code.get(r.code.as_str()), &r.name) {
            (Some(sp), _) => Some(Link {
                title: sp.proc.raw.short_name.clone(),
                url: proc_url(sp),
            }),
            (None, Some(name)) => Some(Link {
                title: name.clone(),
                url: format!(
                    "https://dichvucong.gov.vn/dvc-ket-qua-thu-tuc?keyword={}",
                    url_encode(name)
                ),
            }),
            (None, None) => None,
        })
        .collect();
    let element_label = |k: &str| {
        t.get(&format!("el_{k}"))
            .cloned()
            .unwrap_or_else(|| k.to_owned())
    };
    let place = p
        .local
        .place
        .clone()
        .unwrap_or_else(|| format!("{}, {}", committee(cfg), cfg.address));
    let canonical = format!("{}{}", cfg.base_url.url, proc_url(p));
    ProcedureView {
        code: p.proc.code.clone(),
        name: raw.name.clone(),
        short_name: raw.short_name.clone(),
        field: Link {
            title: raw.field.clone(),
            url: field_url(&raw.field),
        },
        life_events: p
            .proc
            .life_events
            .iter()
            .filter_map(|id| {
                events
                    .iter()
                    .find(|(e, _, _)| e == id)
                    .map(|(id, name, _)| Link {
                        title: name.clone(),
                        url: event_url(id),
                    })
            })
            .collect(),
        summary: raw.summary.clone(),
        who_may_apply: raw.who_may_apply.clone(),
        conditions: raw.conditions.clone(),
        deciding_body: raw.deciding_body.clone(),
        in_person: raw.in_person,
        post: raw.post,
        online_level: match p.online {
            OnlineLevel::ToanTrinh => "toan-trinh",
            OnlineLevel::MotPhan => "mot-phan",
            OnlineLevel::Khong => "khong",
        }
        .to_owned(),
        online: p.online != OnlineLevel::Khong,
        online_url,
        portal_detail_url: detail,
        online_note: raw.online_note.clone(),
        where_note: raw.where_note.clone(),
        steps: raw.steps.clone(),
        submit: raw.submit.iter().map(doc).collect(),
        present: raw.present.iter().map(doc).collect(),
        document_notes: raw.document_notes.clone(),
        processing_time: raw.processing_time.clone(),
        result: raw.result.clone(),
        fees: p.fees.clone(),
        fees_pending: p.fees.iter().any(|f| f.pending),
        fee_notes: p.local.fee_basis.is_some()
            || p.fees.iter().any(|f| f.pending || f.note.is_some()),
        fee_basis: p.local.fee_basis.clone(),
        exemptions: raw.exemptions.clone(),
        legal_basis: raw
            .legal_basis
            .iter()
            .map(|l| format!("{} ({})", l.title, l.number))
            .collect(),
        related,
        place,
        hours: p.local.hours.clone(),
        official: p.local.official.as_ref().map(|o| OfficialView {
            name: o.name.clone(),
            role: o.role.clone(),
            phone: p.official_phone.clone(),
        }),
        note: p.local.note.clone(),
        checked: text::format_date(p.proc.checked),
        record: p.proc.official.as_deref().map(crate::catalog::page::view),
        official_only: p.proc.official_only,
        source: raw.source.clone(),
        verified: raw.verified && p.proc.unverified.is_empty(),
        unverified: p.proc.unverified.iter().map(|k| element_label(k)).collect(),
        unverified_keys: p.proc.unverified.clone(),
        qr_svg: qr_svg(&canonical),
    }
}

/// QR code of `url` as a small inline SVG: one path, each run of dark modules in a row drawn as
/// one rectangle (a fraction of the size of one square per module), with a 4-module quiet zone.
fn qr_svg(url: &str) -> String {
    use std::fmt::Write as _;
    let Ok(code) = fast_qr::QRBuilder::new(url).ecl(fast_qr::ECL::M).build() else {
        return String::new();
    };
    let w = code.size;
    let dark = |x: usize, y: usize| code[y][x].value();
    let q = 4;
    let mut d = String::new();
    for y in 0..w {
        let mut x = 0;
        while x < w {
            if dark(x, y) {
                let start = x;
                while x < w && dark(x, y) {
                    x += 1;
                }
                let _ = write!(d, "M{} {}h{}v1H{}z", start + q, y + q, x - start, start + q);
            } else {
                x += 1;
            }
        }
    }
    let n = w + 2 * q;
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {n} {n}\" role=\"img\" aria-label=\"QR\" shape-rendering=\"crispEdges\"><rect width=\"{n}\" height=\"{n}\" fill=\"#fff\"/><path d=\"{d}\"/></svg>"
    )
}

fn url_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(*b as char)
            }
            b' ' => out.push_str("%20"),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn committee(cfg: &crate::config::SiteConfig) -> String {
    format!(
        "Ủy ban nhân dân {} {}",
        cfg.commune.kind, cfg.commune.short_name
    )
}

fn site_view(site: &Site) -> SiteView {
    let cfg = &site.config;
    let reg = crate::communes::registry();
    SiteView {
        folder: cfg.folder.clone(),
        code: cfg.commune.code.clone(),
        name: cfg.commune.name.clone(),
        short_name: cfg.commune.short_name.clone(),
        kind: cfg.commune.kind.clone(),
        province_name: cfg.commune.province_name.clone(),
        committee: committee(cfg),
        address: cfg.address.clone(),
        hotline: cfg.hotline.clone(),
        email: cfg.email.clone(),
        zalo_oa: cfg.zalo_oa.clone(),
        province_portal: cfg.province_portal.clone(),
        office_hours: cfg.office_hours.clone(),
        map_url: cfg.map.map(|(la, lo)| {
            format!("https://www.openstreetmap.org/?mlat={la}&mlon={lo}#map=17/{la}/{lo}")
        }),
        geo_uri: cfg.map.map(|(la, lo)| format!("geo:{la},{lo}")),
        base_url: cfg.base_url.url.clone(),
        description: cfg.description.clone(),
        demo: cfg.demo,
        formers: reg
            .formers(&cfg.commune.code)
            .iter()
            .map(|f| format!("{} ({})", f.name, f.district_name))
            .collect(),
        languages: cfg.languages.clone(),
        feedback: cfg.feedback.clone(),
        // A clerk's own picture is published as processed (resized, metadata stripped): the
        // largest variant, the one link previews read best.
        og_image: format!(
            "{}{}",
            cfg.base_url.url,
            site.images
                .get(OG_IMAGE)
                .and_then(|i| i.variants.last())
                .map_or(OG_IMAGE, |v| v.path.as_str())
        ),
    }
}

#[allow(
    clippy::too_many_arguments,
    reason = "a flat constructor of the page view is clearer than a builder here"
)]
pub(crate) fn page_view(
    site: &Site,
    path: &str,
    title: &str,
    description: Option<String>,
    kind: &str,
    content: String,
    toc: Vec<crate::markdown::Heading>,
    breadcrumbs: Vec<Link>,
    updated: Option<time::Date>,
    date: Option<time::Date>,
) -> PageView {
    let cfg = &site.config;
    PageView {
        title: title.to_owned(),
        html_title: format!("{title} – {}", cfg.commune.name),
        description: description.unwrap_or_else(|| cfg.description.clone()),
        canonical: format!("{}{}", cfg.base_url.url, path),
        url: path.to_owned(),
        kind: kind.to_owned(),
        content,
        toc,
        updated: updated.map(text::format_date_long),
        updated_iso: updated.map(|d| d.to_string()),
        date: date.map(text::format_date_long),
        date_iso: date.map(|d| d.to_string()),
        breadcrumbs,
        json_ld: None,
        dates: (updated, date),
    }
}

fn page_link(p: &crate::content::Page) -> PageLink {
    PageLink {
        title: p.title.clone(),
        url: p.path.clone(),
        description: p.description.clone(),
        updated: p.updated.map(text::format_date),
        lang: p.lang.clone(),
    }
}

fn title_case(slug: &str) -> String {
    let s = slug.rsplit('/').next().unwrap_or(slug).replace('-', " ");
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

fn nav_links(site: &Site, t: &BTreeMap<String, String>) -> Vec<Link> {
    let mut nav = vec![Link {
        title: t.get("procedures").cloned().unwrap_or_default(),
        url: format!("{PROC_DIR}/"),
    }];
    let mut pages: Vec<&crate::content::Page> = site.pages.iter().filter(|p| p.nav).collect();
    pages.sort_by(|a, b| {
        a.weight
            .cmp(&b.weight)
            .then_with(|| text::collate(&a.title, &b.title))
    });
    nav.extend(pages.into_iter().take(5).map(|p| Link {
        title: p.title.clone(),
        url: p.path.clone(),
    }));
    nav
}

/// JSON for a `<script type="application/ld+json">` (see `textfmt::json::script`).
pub fn json_ld<T: Serialize>(v: &T) -> String {
    crate::textfmt::json::script(v)
}

fn government_office(site: &Site) -> serde_json::Value {
    let cfg = &site.config;
    let mut v = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "GovernmentOffice",
        "name": committee(cfg),
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

fn government_service(site: &Site, p: &SiteProcedure, view: &ProcedureView) -> serde_json::Value {
    let cfg = &site.config;
    serde_json::json!({
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": p.proc.raw.name,
        "alternateName": p.proc.raw.short_name,
        "identifier": p.proc.code,
        "description": p.proc.raw.summary,
        "serviceType": p.proc.raw.field,
        "url": format!("{}{}", cfg.base_url.url, proc_url(p)),
        "provider": { "@type": "GovernmentOffice", "name": committee(cfg), "address": cfg.address },
        "areaServed": { "@type": "AdministrativeArea", "name": cfg.commune.name },
        "availableChannel": {
            "@type": "ServiceChannel",
            "serviceUrl": if view.online { Some(view.online_url.clone()) } else { None },
            "serviceLocation": { "@type": "Place", "name": view.place },
        },
    })
}

/// A site's `sitemap.xml`: one `<loc>` per page path under `base`.
pub fn sitemap(base: &str, pages: &[String]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for p in pages {
        s.push_str(&format!(
            "<url><loc>{}</loc></url>\n",
            crate::textfmt::xml::text(&format!("{base}{p}"))
        ));
    }
    s.push_str("</urlset>\n");
    s
}

/// The project's sitemap index: one `<loc>` per site's `sitemap.xml` URL.
pub fn sitemap_index<S: AsRef<str>>(sitemaps: &[S]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for loc in sitemaps {
        s.push_str(&format!(
            "<sitemap><loc>{}</loc></sitemap>\n",
            crate::textfmt::xml::text(loc.as_ref())
        ));
    }
    s.push_str("</sitemapindex>\n");
    s
}

fn procedures_json(site: &Site) -> Vec<u8> {
    #[derive(Serialize)]
    struct Item<'a> {
        code: &'a str,
        name: &'a str,
        short_name: &'a str,
        field: &'a str,
        url: String,
        online: OnlineLevel,
        fees: &'a [crate::procedures::Fee],
        processing_time: &'a str,
        checked: String,
        verified: bool,
    }
    let items: Vec<Item<'_>> = site
        .procedures
        .iter()
        .map(|p| Item {
            code: &p.proc.code,
            name: &p.proc.raw.name,
            short_name: &p.proc.raw.short_name,
            field: &p.proc.raw.field,
            url: format!("{}{}", site.config.base_url.url, proc_url(p)),
            online: p.online,
            fees: &p.fees,
            processing_time: &p.proc.raw.processing_time,
            checked: p.proc.checked.to_string(),
            verified: p.proc.raw.verified && p.proc.unverified.is_empty(),
        })
        .collect();
    crate::textfmt::json::pretty(
        &serde_json::json!({ "commune_code": site.config.commune.code, "procedures": items }),
    )
    .into_bytes()
}

fn check_collisions(site: &Site, outputs: &[Output], diags: &mut Diagnostics) {
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for o in outputs {
        if !seen.insert(&o.path) {
            let culprit = site
                .pages
                .iter()
                .find(|p| format!("{}index.html", p.path) == o.path)
                .map(|p| p.file.clone())
                .or_else(|| {
                    site.static_files
                        .iter()
                        .find(|f| *f == &o.path)
                        .map(|f| site.config.rel_dir.join("static").join(f))
                })
                .unwrap_or_else(|| site.config.rel_dir.clone());
            diags.push(
                Diagnostic::error(Span::file(culprit), msg!("hai tệp cùng tạo ra `{}`", "two sources produce `{}`", o.path))
                    .hint(msg!("đổi tên trang hoặc tệp; các đường dẫn thu-tuc/, assets/, l/, phat-thanh/, 404.html, sitemap.xml được dành cho trang tự tạo.", "rename the page or file; thu-tuc/, assets/, l/, phat-thanh/, 404.html, sitemap.xml are reserved.")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads back the modules drawn by `qr_svg` (`M{x} {y}h{len}v1H{x}z` runs) and decodes
    /// them with an independent QR reader.
    fn decode_qr_svg(svg: &str) -> String {
        let n: usize = svg
            .split("viewBox=\"0 0 ")
            .nth(1)
            .and_then(|s| s.split(' ').next())
            .and_then(|s| s.parse().ok())
            .expect("viewBox");
        let mut dark = vec![false; n * n];
        let path = svg
            .split(" d=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap();
        for run in path.split('z').filter(|r| !r.is_empty()) {
            let nums: Vec<usize> = run
                .split(|c: char| !c.is_ascii_digit())
                .filter(|s| !s.is_empty())
                .map(|s| s.parse().unwrap())
                .collect();
            let (x, y, len) = (nums[0], nums[1], nums[2]);
            for i in x..x + len {
                dark[y * n + i] = true;
            }
        }
        let scale = 4;
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(n * scale, n * scale, |x, y| {
            if dark[(y / scale) * n + x / scale] {
                0
            } else {
                255
            }
        });
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1, "one QR code");
        grids[0].decode().expect("decodes").1
    }

    #[test]
    fn qr_code_decodes_to_the_page_url() {
        for url in [
            "https://phuong-cam-thanh.example.vn/thu-tuc/dang-ky-khai-sinh/",
            "https://xa-dong-van.tuyenquang.gov.vn/thu-tuc/chung-thuc-ban-sao-tu-ban-chinh/",
        ] {
            assert_eq!(decode_qr_svg(&qr_svg(url)), url);
        }
    }
}
