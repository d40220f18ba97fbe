//! The render stage: executes a site's [`Plan`] and returns its outputs as `(path, bytes)`.
//! Pure: it reads no file and no clock (the build clock is `RenderInput::now`); everything it
//! shows was loaded into the model before planning. Each kind of job has its module; they share
//! `helpers`, which is below them and never calls back up.

mod announcements;
mod documents;
mod events;
mod files;
pub mod helpers;
mod home;
mod pages;
mod people;
mod proc_lists;
mod procedures;
pub mod shared;

use time::OffsetDateTime;

use crate::diag::{Diagnostics, Span};
use crate::msg;
use crate::outfile::Output;
use crate::plan::{Job, OG_IMAGE, Plan, Planned};
use crate::project::Site;
use crate::text;
use crate::theme::Theme;
use crate::view::*;

pub use files::{sitemap, sitemap_index};
pub use helpers::json_ld;

use helpers::{Cx, Sink};

/// Everything needed to render a site.
pub struct RenderInput<'a> {
    /// The loaded site.
    pub site: &'a Site,
    /// Its theme.
    pub theme: &'a Theme,
    /// Build clock.
    pub now: OffsetDateTime,
    /// Procedure-page parts shared with the other sites of the run.
    pub parts: &'a shared::SharedParts,
}

/// Renders every job of `plan`, sorted by path. Problems (broken links, template errors) go to
/// `diags`; when any is an error the caller must not write the site.
pub fn render(plan: &Plan<'_>, input: &RenderInput<'_>, diags: &mut Diagnostics) -> Vec<Output> {
    let Some(cx) = context(plan, input, diags) else {
        return Vec::new();
    };
    let mut sink = Sink::default();
    for job in &plan.jobs {
        run(&cx, job, &mut sink, diags);
    }
    let mut outputs = sink.outputs;
    outputs.sort_by(|a, b| a.path.cmp(&b.path));
    outputs
}

/// One job.
fn run(cx: &Cx<'_>, planned: &Planned<'_>, sink: &mut Sink, diags: &mut Diagnostics) {
    let at = &planned.at;
    match &planned.job {
        Job::Page(p) => pages::page(cx, at, p, sink, diags),
        Job::Section(s) => pages::section(cx, at, s, sink, diags),
        Job::Home => home::home(cx, at, sink, diags),
        Job::Search => home::search(cx, at, sink, diags),
        Job::SearchIndex { .. } => sink.outputs.extend(home::search_index(cx)),
        Job::NotFound => pages::not_found(cx, at, sink, diags),
        Job::ProcedurePage(j) => procedures::page(cx, at, j, sink, diags),
        Job::ProcedureIndex => proc_lists::index(cx, at, sink, diags),
        Job::ProcedureGroup(g) => proc_lists::group(cx, at, g, sink, diags),
        Job::ProcedureLetter(j) => proc_lists::letter(cx, at, j, sink, diags),
        Job::SearchLetter(j) => proc_lists::search_letter(cx, at, j, sink, diags),
        Job::ProceduresJson => sink.file(at, procedures::json(cx.site)),
        Job::AnnouncementList(l) => announcements::list(cx, at, l, sink, diags),
        Job::Feed(f) => sink.file(at, announcements::feed(cx, f)),
        Job::Announcement(p, a) => announcements::page(cx, at, p, a, sink, diags),
        Job::EventList => events::list(cx, at, sink, diags),
        Job::Calendar => sink.file(at, events::calendar(cx)),
        Job::Event(p, e) => events::page(cx, at, p, e, sink, diags),
        Job::EventCalendar(p, e) => sink.file(at, events::ics(cx, p, e)),
        Job::DocumentList => documents::list(cx, at, sink, diags),
        Job::Document(p, d) => documents::page(cx, at, p, d, sink, diags),
        Job::Officials => people::officials(cx, at, sink, diags),
        Job::Vcard(o) => sink.file(at, people::vcard(cx, o)),
        Job::Organisation { english } => people::organisation(cx, at, *english, sink, diags),
        Job::Team => people::team(cx, at, sink, diags),
        Job::Feedback => people::feedback(cx, at, sink, diags),
        Job::Reach { .. } => sink.outputs.extend(crate::reach::outputs(cx.site, diags)),
        Job::Loudspeaker(p) => sink.file(at, files::loudspeaker(cx, p)),
        Job::Posters { .. } => {
            let css = cx.theme.asset_paths.get(crate::reach::poster::STYLESHEET);
            let posters = crate::reach::poster::outputs(cx.site, css.map(String::as_str));
            sink.outputs.extend(posters);
        }
        Job::Broadcast { .. } => {
            let lists = crate::reach::broadcast::outputs(cx.site, cx.now);
            sink.outputs.extend(lists);
        }
        Job::Sitemap => sink.file(at, files::site_sitemap(cx)),
        Job::Robots => sink.file(at, files::robots(cx)),
        Job::Favicon => sink.file(at, crate::images::favicon_ico()),
        Job::OgImage => sink.file(at, crate::images::og_image_png()),
        Job::ThemeAsset(bytes) | Job::Static(bytes) => sink.file(at, bytes.to_vec()),
        Job::Image(o) => sink.file(at, o.bytes.clone()),
    }
}

/// What every job shares, computed once per site; `None` (with the error) when the theme has
/// no Vietnamese strings.
fn context<'a>(
    plan: &'a Plan<'a>,
    input: &RenderInput<'a>,
    diags: &mut Diagnostics,
) -> Option<Cx<'a>> {
    let (site, theme) = (input.site, input.theme);
    let cfg = &site.config;
    let Some(t) = theme
        .i18n
        .get(&plan.main_lang)
        .or_else(|| theme.i18n.get("vi"))
    else {
        diags.error(
            Span::file(format!("themes/{}/i18n/vi.yaml", theme.name)),
            msg!(
                "giao diện thiếu tệp chuỗi tiếng Việt",
                "the theme lacks Vietnamese UI strings"
            ),
        );
        return None;
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
    Some(Cx {
        site,
        theme,
        now: input.now,
        parts: input.parts,
        plan,
        t,
        site_view: site_view(site),
        nav: nav_links(site, t),
        alerts: announcements::alerts(site, input.now),
        features: features(site),
        rendered: pages::markdown(site, diags),
        build_date: crate::dates::format_date_long(crate::dates::vn_date(input.now)),
        search_items: std::cell::OnceCell::new(),
        search_files: std::cell::OnceCell::new(),
    })
}

fn features(site: &Site) -> Features {
    let has = |folder: &str| {
        site.pages.iter().any(|p| {
            !p.is_index && crate::items::folder_of(&p.source) == folder && p.source.contains('/')
        })
    };
    let people = &site.people;
    Features {
        announcements: has(crate::items::ANNOUNCEMENTS),
        events: has(crate::items::EVENTS),
        documents: has(crate::items::DOCUMENTS),
        officials: !people.officials.is_empty(),
        organisation: people.organisation.is_some(),
        team: people.team.is_some(),
    }
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
        committee: helpers::committee(cfg),
        address: cfg.address.clone(),
        hotline: cfg.hotline.as_ref().map(helpers::phone),
        email: cfg.email.clone(),
        zalo_oa: cfg.zalo_oa.clone(),
        province_portal: cfg.province_portal.clone(),
        office_hours: cfg
            .office_hours
            .iter()
            .map(|h| OfficeHoursView {
                days: h.days.clone(),
                hours: h.hours.clone(),
            })
            .collect(),
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
        feedback: FeedbackView {
            hotline: cfg.feedback.hotline.as_ref().map(helpers::phone),
            email: cfg.feedback.email.clone(),
            zalo: cfg.feedback.zalo.clone(),
            national_portal: cfg.feedback.national_portal,
            mailbox: cfg.feedback.mailbox.clone(),
            reception: cfg.feedback.reception.clone(),
        },
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

fn nav_links(site: &Site, t: &helpers::Strings) -> Vec<Link> {
    let mut nav = vec![Link {
        title: t.get("procedures").cloned().unwrap_or_default(),
        url: format!("{}/", crate::plan::PROC_DIR),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::tests::demo;

    #[test]
    fn catalog_parts_are_made_once_per_entry_for_all_sites_and_pages_equal_a_site_alone() {
        let run = shared::SharedParts::default();
        let codes = std::cell::RefCell::new(std::collections::BTreeSet::new());
        demo(|site, theme, now| {
            let site = &site;
            let plan = crate::plan::plan(site, theme, now);
            let render_with = |parts: &shared::SharedParts| {
                let mut diags = Diagnostics::new();
                let input = RenderInput {
                    site,
                    theme,
                    now,
                    parts,
                };
                let out = render(&plan, &input, &mut diags);
                assert!(
                    !diags.has_errors(),
                    "{}",
                    diags.render(crate::diag::Lang::En)
                );
                out.into_iter()
                    .map(|o| (o.path, o.bytes))
                    .collect::<Vec<_>>()
            };
            // The sites before this one filled `run`: their parts must be this site's own.
            let alone = shared::SharedParts::default();
            assert_eq!(
                render_with(&run),
                render_with(&alone),
                "{}",
                site.config.folder
            );
            let shown = site.procedures.iter().filter(|p| !p.own);
            codes
                .borrow_mut()
                .extend(shown.map(|p| p.proc.code.clone()));
        });
        assert_eq!(run.len(), codes.borrow().len());
    }

    #[test]
    fn the_renderer_writes_exactly_the_planned_paths_of_every_demo_site() {
        demo(|site, theme, now| {
            let site = &site;
            let plan = crate::plan::plan(site, theme, now);
            let mut planned: Vec<&str> = plan.paths().collect();
            planned.sort_unstable();
            let mut diags = Diagnostics::new();
            let parts = shared::SharedParts::default();
            let input = RenderInput {
                site,
                theme,
                now,
                parts: &parts,
            };
            let outputs = render(&plan, &input, &mut diags);
            assert!(
                !diags.has_errors(),
                "{}",
                diags.render(crate::diag::Lang::En)
            );
            let written: Vec<&str> = outputs.iter().map(|o| o.path.as_str()).collect();
            assert_eq!(written, planned, "{}", site.config.folder);
        });
    }
}
