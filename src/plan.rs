//! The plan stage: from the loaded, frozen site model, every file the site will have, as a list
//! of jobs. Each job carries its [`Target`] (URL, output path, depth), computed here once by
//! [`Target::page`] or [`Target::file`]; the renderer never derives a path from a string again.
//! Path collisions are checked on the plan ([`check_collisions`]), before anything renders.
//!
//! A new page kind is one new [`Job`] variant planned here and one render function in
//! `render/`.

pub mod lists;

use std::collections::{BTreeMap, BTreeSet};

use time::OffsetDateTime;

use crate::content::Page;
use crate::diag::{Diagnostic, Diagnostics, Span};
use crate::items::{self, ANNOUNCEMENTS, DOCUMENTS, EVENTS, Extra};
use crate::msg;
use crate::outfile::Output;
use crate::people::Official;
use crate::procedures::SiteProcedure;
use crate::procedures::schema::LifeEventFile;
use crate::project::Site;
use crate::text;
use crate::theme::Theme;

/// Folder of procedure pages.
pub const PROC_DIR: &str = "thu-tuc";
/// The search page's folder.
pub const SEARCH_DIR: &str = "tim-kiem";
/// The search index's item table, which the search page's script loads first.
pub const SEARCH_INDEX: &str = "tim-kiem/index.json";
/// The first characters a folded search word can have (`search::tokens` keeps ASCII letters
/// and digits, and reads "y" as "i"): one word shard of the search index each.
pub const SEARCH_KEYS: &str = "0123456789abcdefghijklmnopqrstuvwxz";

/// Where the search index's word shard of `key` is published.
pub fn search_shard_path(key: char) -> String {
    format!("{SEARCH_DIR}/w/{key}.json")
}

/// Every file of the search index, the table first: the same list for every site, so the plan
/// knows them without the content (`search::shards`).
pub fn search_paths() -> Vec<String> {
    std::iter::once(SEARCH_INDEX.to_owned())
        .chain(SEARCH_KEYS.chars().map(search_shard_path))
        .collect()
}
/// The site's preview picture, at its root: the clerk's `static/og-image.png`, else the one
/// congxa draws (`images::og_image_png`).
pub const OG_IMAGE: &str = "og-image.png";

/// Where one output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// URL relative to the site root: `gioi-thieu/` for a page (`""` for the home page), the
    /// file's own path for any other file.
    pub url: String,
    /// Path relative to the site's output folder: `gioi-thieu/index.html`.
    pub path: String,
    /// Folders between the file and the site root: how many `../` its relative links need.
    pub depth: usize,
    /// Links start from the base URL's path instead of being relative (`404.html`, which hosts
    /// serve at any depth).
    pub absolute: bool,
}

impl Target {
    /// A page at `url` (`""`, `gioi-thieu/`, `thu-tuc/dang-ky-khai-sinh/`), written as
    /// `<url>index.html`.
    pub fn page(url: &str) -> Target {
        let path = format!("{url}index.html");
        Target {
            depth: depth_of(&path),
            url: url.to_owned(),
            path,
            absolute: false,
        }
    }

    /// A file at `path` (`sitemap.xml`, `thong-bao/feed.xml`).
    pub fn file(path: &str) -> Target {
        Target {
            depth: depth_of(path),
            url: path.to_owned(),
            path: path.to_owned(),
            absolute: false,
        }
    }

    /// `../../`: from this file back to the site root (empty at the root).
    pub fn up(&self) -> String {
        "../".repeat(self.depth)
    }

    /// What templates write before a site-relative URL: [`Target::up`], `./` at the root, or
    /// `base_path` for a page served at any depth.
    pub fn root(&self, base_path: &str) -> String {
        if self.absolute {
            base_path.to_owned()
        } else if self.depth == 0 {
            "./".to_owned()
        } else {
            self.up()
        }
    }
}

fn depth_of(path: &str) -> usize {
    path.matches('/').count()
}

/// URL of a procedure's page.
pub fn proc_url(p: &SiteProcedure) -> String {
    format!("{PROC_DIR}/{}/", p.proc.slug)
}

/// URL of a field's list of procedures.
pub fn field_url(field: &str) -> String {
    format!("{PROC_DIR}/linh-vuc/{}/", field_slug(field))
}

/// URL segment of a field: two spellings that differ only in case or punctuation ("Thi đua, khen
/// thưởng", "Thi đua - Khen thưởng") are one field. A portal field name runs to 190 letters: a
/// slug over the limit is cut at a word and given 8 hex digits of the whole slug, so two long
/// fields that start alike stay two pages.
pub fn field_slug(field: &str) -> String {
    let slug = text::slugify(field);
    if slug.len() <= text::SLUG_MAX {
        return slug;
    }
    let digest = crate::hash::sha256_hex(slug.as_bytes());
    format!("{}-{}", text::slug_cut(&slug, text::SLUG_MAX), &digest[..8])
}

/// URL of a life event's list of procedures.
pub fn event_url(id: &str) -> String {
    format!("{PROC_DIR}/nhu-cau/{id}/")
}

/// URL of the announcements for one audience or hamlet.
pub fn audience_url(id: &str) -> String {
    format!("{ANNOUNCEMENTS}/doi-tuong/{id}/")
}

/// URL of the announcements of one category.
pub fn category_url(id: &str) -> String {
    format!("{ANNOUNCEMENTS}/loai/{id}/")
}

/// An event's `.ics` file, next to its page.
pub fn event_ics_path(page_url: &str) -> String {
    format!("{page_url}su-kien.ics")
}

/// One output to make.
#[derive(Debug)]
pub struct Planned<'a> {
    /// Where it goes.
    pub at: Target,
    /// What to render there.
    pub job: Job<'a>,
}

/// What one output is made from. Page jobs render through a template; the others are files.
#[derive(Debug)]
pub enum Job<'a> {
    /// A plain content page (`page.html`).
    Page(&'a Page),
    /// A folder's list of pages (`section.html`), with its `_index.md` when there is one.
    Section(SectionJob<'a>),
    /// The home page.
    Home,
    /// The search page (the A–Z list without script).
    Search,
    /// The search index: `tim-kiem/index.json` (the item table) and its word shards
    /// `tim-kiem/w/<key>.json` (`search::shards`), one job, the files listed in `files`.
    SearchIndex {
        /// Every file the job writes, the table first.
        files: Vec<Target>,
    },
    /// `404.html`.
    NotFound,
    /// One procedure's page.
    ProcedurePage(ProcedureJob<'a>),
    /// The A–Z index of procedures.
    ProcedureIndex,
    /// A field's or a life event's procedures (one of its numbered pages when it is long).
    ProcedureGroup(GroupJob<'a>),
    /// One letter's procedures (one of its numbered pages), when the index is split.
    ProcedureLetter(lists::LetterJob<'a>),
    /// One letter of the search page's list without script, when that list is split.
    SearchLetter(lists::SearchLetterJob),
    /// `procedures.json`.
    ProceduresJson,
    /// An announcement list: all, one category or one audience.
    AnnouncementList(AnnouncementListJob<'a>),
    /// An Atom or JSON feed of announcements.
    Feed(FeedJob<'a>),
    /// One announcement's page.
    Announcement(&'a Page, &'a items::Announcement),
    /// The list of events, upcoming then past.
    EventList,
    /// Every event in one `.ics`.
    Calendar,
    /// One event's page.
    Event(&'a Page, &'a items::Event),
    /// One event's `.ics`.
    EventCalendar(&'a Page, &'a items::Event),
    /// The list of documents, by form and year.
    DocumentList,
    /// One document's page.
    Document(&'a Page, &'a items::Document),
    /// The officials' page.
    Officials,
    /// One official's vCard.
    Vcard(&'a Official),
    /// The organisation page, in Vietnamese or in English.
    Organisation {
        /// The English page (`en/organisation/`).
        english: bool,
    },
    /// The digital-technology team's page.
    Team,
    /// The feedback page.
    Feedback,
    /// Short-link pages and `phat-thanh/tin-nhan.json`: one job, the files listed in `files`.
    Reach {
        /// Every file the job writes (checked for collisions with the others).
        files: Vec<Target>,
    },
    /// One announcement's or event's loudspeaker script.
    Loudspeaker(&'a Page),
    /// The notice-board posters (`<item>/ap-phich/`, `reach::poster`): one job, the files
    /// listed in `files`; linked from their items, not in the sitemap.
    Posters {
        /// Every file the job writes.
        files: Vec<Target>,
    },
    /// The broadcast lists (`phat-thanh/danh-sach/`, `reach::broadcast`): one job, the files
    /// listed in `files`.
    Broadcast {
        /// Every file the job writes.
        files: Vec<Target>,
    },
    /// `sitemap.xml` of the template pages.
    Sitemap,
    /// `robots.txt`.
    Robots,
    /// The generated `favicon.ico`.
    Favicon,
    /// The generated share picture.
    OgImage,
    /// A theme asset, as loaded.
    ThemeAsset(&'a [u8]),
    /// A processed image (resized, metadata stripped).
    Image(&'a Output),
    /// A `static/` file published as it is.
    Static(&'a [u8]),
}

impl Job<'_> {
    /// Whether the job renders a template page (listed in the sitemap when it is an
    /// `index.html`).
    pub fn is_template_page(&self) -> bool {
        !matches!(
            self,
            Job::SearchIndex { .. }
                | Job::ProceduresJson
                | Job::Feed(_)
                | Job::Calendar
                | Job::EventCalendar(..)
                | Job::Vcard(_)
                | Job::Reach { .. }
                | Job::Loudspeaker(_)
                | Job::Posters { .. }
                | Job::Broadcast { .. }
                | Job::Sitemap
                | Job::Robots
                | Job::Favicon
                | Job::OgImage
                | Job::ThemeAsset(_)
                | Job::Image(_)
                | Job::Static(_)
        )
    }
}

/// A folder's list page.
#[derive(Debug)]
pub struct SectionJob<'a> {
    /// Folder name (`tin-tuc`).
    pub name: &'a str,
    /// Its `_index.md`.
    pub index: Option<&'a Page>,
    /// Its pages by weight, then title in Vietnamese order.
    pub pages: Vec<&'a Page>,
}

/// One procedure's page, split so that the part shared by every site listing the same catalog
/// entry can be rendered once: [`ProcedureJob::shared`] names the catalog-derived content,
/// [`ProcedureJob::site`] is the site's own (overrides, fees, place, links to its other pages).
#[derive(Debug)]
pub struct ProcedureJob<'a> {
    /// The key of the catalog-derived part: equal keys give equal catalog views on any site.
    pub shared: SharedKey,
    /// The procedure as the site lists it.
    pub site: &'a SiteProcedure,
}

/// Identifies content shared across sites: a catalog procedure in one language. `None` code
/// for a site's own procedure (never shared).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SharedKey {
    /// Catalog code (`1.001193`), when the entry comes from the shared catalog.
    pub catalog_code: Option<String>,
    /// Language the part is rendered in.
    pub lang: String,
}

/// Which group of procedures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupKind {
    /// One field (`Hộ tịch`).
    Field,
    /// One life event (`Sinh con`).
    LifeEvent,
}

/// A field's or life event's page.
#[derive(Debug)]
pub struct GroupJob<'a> {
    /// Field or life event.
    pub kind: GroupKind,
    /// Its name.
    pub title: String,
    /// A life event's sentence for residents.
    pub description: Option<String>,
    /// Its procedures in the site's order (those of this page when the list is split).
    pub members: Vec<&'a SiteProcedure>,
    /// Which of its numbered pages.
    pub part: lists::Part,
}

/// What an announcement list or feed holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope<'a> {
    /// Every announcement.
    All,
    /// One category id.
    Category(&'a str),
    /// One audience or hamlet id.
    Audience(&'a str),
}

/// An announcement list page.
#[derive(Debug)]
pub struct AnnouncementListJob<'a> {
    /// What it lists.
    pub scope: Scope<'a>,
    /// Its announcements in list order.
    pub members: Vec<(&'a Page, &'a items::Announcement)>,
    /// It links its own feeds.
    pub feeds: bool,
}

/// Which feed format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedFormat {
    /// `feed.xml`.
    Atom,
    /// `feed.json`.
    Json,
}

/// A feed of announcements.
#[derive(Debug)]
pub struct FeedJob<'a> {
    /// Atom or JSON Feed.
    pub format: FeedFormat,
    /// What it holds.
    pub scope: Scope<'a>,
    /// The folder of its list page (`thong-bao/`).
    pub dir: String,
    /// Its announcements.
    pub members: Vec<(&'a Page, &'a items::Announcement)>,
}

/// Procedures by field and by life event, as the index, the groups and the home page show them.
#[derive(Debug, Default)]
pub struct ProcedureGroups<'a> {
    /// Fields in Vietnamese order, each with its procedures.
    pub fields: Vec<(String, Vec<&'a SiteProcedure>)>,
    /// Life events that have procedures, in catalog order.
    pub life_events: Vec<(&'a LifeEventFile, Vec<&'a SiteProcedure>)>,
    /// The site's procedures by code.
    pub by_code: BTreeMap<&'a str, &'a SiteProcedure>,
}

/// Everything to make for one site, and the groupings several jobs share.
#[derive(Debug)]
pub struct Plan<'a> {
    /// The jobs, each with its target.
    pub jobs: Vec<Planned<'a>>,
    /// The site's main language.
    pub main_lang: String,
    /// Each folder's `_index.md` by folder (`""` for the home page's).
    pub section_index: BTreeMap<String, &'a Page>,
    /// Every folder that has pages or an `_index.md`.
    pub section_names: BTreeSet<String>,
    /// Procedures by field and life event.
    pub procedures: ProcedureGroups<'a>,
    /// The letter bars of the split A–Z lists (empty when they fit one page).
    pub bars: lists::Bars,
    /// Announcements in list order: in force and urgent first by severity, then newest.
    pub announcements: Vec<(&'a Page, &'a items::Announcement)>,
    /// Events by start.
    pub events: Vec<(&'a Page, &'a items::Event)>,
    /// Documents, newest first.
    pub documents: Vec<(&'a Page, &'a items::Document)>,
    /// Audience ids that have announcements, in the site's vocabulary order.
    pub audiences: Vec<&'a str>,
    /// Category ids that have announcements, sorted.
    pub categories: Vec<&'a str>,
}

/// Plans every output of `site` at the build clock `now`.
pub fn plan<'a>(site: &'a Site, theme: &'a Theme, now: OffsetDateTime) -> Plan<'a> {
    let main_lang = site
        .config
        .languages
        .first()
        .cloned()
        .unwrap_or_else(|| "vi".into());
    let mut plan = Plan {
        jobs: Vec::new(),
        main_lang,
        section_index: BTreeMap::new(),
        section_names: BTreeSet::new(),
        procedures: procedure_groups(site),
        bars: lists::Bars::default(),
        announcements: announcements(site, now),
        events: typed(site, |e| match e {
            Extra::Event(x) => Some(x),
            _ => None,
        }),
        documents: typed(site, |e| match e {
            Extra::Document(x) => Some(x),
            _ => None,
        }),
        audiences: Vec::new(),
        categories: Vec::new(),
    };
    plan.events
        .sort_by(|(pa, a), (pb, b)| a.start.cmp(&b.start).then(pa.path.cmp(&pb.path)));
    plan.documents
        .sort_by(|(pa, a), (pb, b)| b.issued.cmp(&a.issued).then(pa.path.cmp(&pb.path)));
    plan.categories = categories(&plan.announcements);
    plan.audiences = audiences(site, &plan.announcements);
    let mut jobs = Vec::new();
    pages(site, &mut plan, &mut jobs);
    procedure_jobs(site, &plan, &mut jobs);
    lists::letter_jobs(site, &mut plan.bars, &mut jobs);
    let lang = plan.main_lang.clone();
    lists::search_letter_jobs(site, theme, &lang, &mut plan.bars, &mut jobs);
    announcement_jobs(&plan, &mut jobs);
    event_and_document_jobs(&plan, &mut jobs);
    people_jobs(site, &mut jobs);
    file_jobs(site, theme, &mut jobs);
    plan.jobs = jobs;
    plan
}

fn job(at: Target, job: Job<'_>) -> Planned<'_> {
    Planned { at, job }
}

fn typed<'a, T>(
    site: &'a Site,
    pick: impl Fn(&'a Extra) -> Option<&'a T>,
) -> Vec<(&'a Page, &'a T)> {
    site.pages
        .iter()
        .filter_map(|p| pick(&p.extra).map(|x| (p, x)))
        .collect()
}

fn announcements(site: &Site, now: OffsetDateTime) -> Vec<(&Page, &items::Announcement)> {
    let mut list = typed(site, |e| match e {
        Extra::Announcement(a) => Some(a),
        _ => None,
    });
    list.sort_by(|(pa, a), (pb, b)| {
        let ka = (!items::is_active(a, now), a.severity);
        let kb = (!items::is_active(b, now), b.severity);
        ka.cmp(&kb)
            .then(pb.date.cmp(&pa.date))
            .then(pa.path.cmp(&pb.path))
    });
    list
}

fn categories<'a>(list: &[(&'a Page, &'a items::Announcement)]) -> Vec<&'a str> {
    let mut categories: Vec<&str> = list.iter().map(|(_, a)| a.category.as_str()).collect();
    categories.sort_unstable();
    categories.dedup();
    categories
}

/// Audiences in the site's vocabulary order.
fn audiences<'a>(site: &Site, list: &[(&'a Page, &'a items::Announcement)]) -> Vec<&'a str> {
    let mut audiences: Vec<&str> = list
        .iter()
        .flat_map(|(_, a)| a.audiences.iter().map(String::as_str))
        .collect();
    audiences.sort_unstable();
    audiences.dedup();
    let cfg = &site.config;
    let mut order: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, v) in cfg.audiences.iter().chain(cfg.hamlets.iter()).enumerate() {
        order.entry(v.id.as_str()).or_insert(i);
    }
    audiences.sort_by_key(|a| order.get(a).copied());
    audiences
}

/// Content pages, section lists, the home, search and 404 pages.
fn pages<'a>(site: &'a Site, plan: &mut Plan<'a>, jobs: &mut Vec<Planned<'a>>) {
    let mut sections: BTreeMap<&str, Vec<&Page>> = BTreeMap::new();
    for p in &site.pages {
        if p.is_index {
            plan.section_index.insert(p.section.clone(), p);
        } else {
            sections.entry(&p.section).or_default().push(p);
        }
    }
    plan.section_names = sections.keys().map(|s| (*s).to_owned()).collect();
    plan.section_names
        .extend(plan.section_index.keys().cloned());
    for p in site.pages.iter().filter(|p| {
        !p.is_index
            && !matches!(
                p.extra,
                Extra::Announcement(_) | Extra::Event(_) | Extra::Document(_)
            )
    }) {
        jobs.push(job(Target::page(&p.path), Job::Page(p)));
    }
    let typed_sections = [ANNOUNCEMENTS, EVENTS, DOCUMENTS];
    for name in plan
        .section_names
        .iter()
        .filter(|s| !s.is_empty() && !typed_sections.contains(&s.as_str()))
    {
        let index = plan.section_index.get(name).copied();
        // Borrowed from the site's pages, as the job lives as long as the site.
        let name: &'a str = index.map_or_else(
            || {
                sections
                    .get_key_value(name.as_str())
                    .map_or("", |(k, _)| *k)
            },
            |i| i.section.as_str(),
        );
        let mut pages = sections.get(name).cloned().unwrap_or_default();
        pages.sort_by(|a, b| {
            a.weight
                .cmp(&b.weight)
                .then_with(|| text::collate(&a.title, &b.title))
        });
        jobs.push(job(
            Target::page(&format!("{name}/")),
            Job::Section(SectionJob { name, index, pages }),
        ));
    }
    jobs.push(job(Target::page(&format!("{SEARCH_DIR}/")), Job::Search));
    let files: Vec<Target> = search_paths().iter().map(|p| Target::file(p)).collect();
    jobs.push(job(Target::file(SEARCH_INDEX), Job::SearchIndex { files }));
    jobs.push(job(Target::page(""), Job::Home));
    let mut not_found = Target::file("404.html");
    not_found.absolute = true;
    jobs.push(job(not_found, Job::NotFound));
}

fn procedure_groups(site: &Site) -> ProcedureGroups<'_> {
    // Grouped by URL, not by spelling: the portal writes one field several ways.
    let mut fields: BTreeMap<String, Vec<&SiteProcedure>> = BTreeMap::new();
    let mut events: BTreeMap<&str, Vec<&SiteProcedure>> = BTreeMap::new();
    // An abolished procedure keeps its page but leaves the lists residents choose from.
    for p in site
        .procedures
        .iter()
        .filter(|p| !crate::procedures::successor::abolished(&p.proc))
    {
        fields
            .entry(field_slug(&p.proc.raw.field))
            .or_default()
            .push(p);
        for e in &p.proc.life_events {
            events.entry(e).or_default().push(p);
        }
    }
    let mut fields: Vec<(String, Vec<&SiteProcedure>)> = fields
        .into_values()
        .map(|ps| (field_title(&ps), ps))
        .collect();
    fields.sort_by(|a, b| text::collate(&a.0, &b.0));
    let life_events = site
        .life_events
        .iter()
        .filter_map(|e| events.get(e.id.as_str()).map(|ps| (e, ps.clone())))
        .collect();
    ProcedureGroups {
        fields,
        life_events,
        by_code: site
            .procedures
            .iter()
            .map(|p| (p.proc.code.as_str(), p))
            .collect(),
    }
}

/// The one spelling a field's page shows: the one most of its procedures use, the first in
/// Vietnamese order among equally frequent ones, so the title does not depend on file order.
fn field_title(members: &[&SiteProcedure]) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for p in members {
        *counts.entry(p.proc.raw.field.as_str()).or_default() += 1;
    }
    counts
        .into_iter()
        .min_by(|a, b| b.1.cmp(&a.1).then_with(|| text::collate(a.0, b.0)))
        .map(|(f, _)| f.to_owned())
        .unwrap_or_default()
}

fn procedure_jobs<'a>(site: &'a Site, plan: &Plan<'a>, jobs: &mut Vec<Planned<'a>>) {
    for p in &site.procedures {
        let shared = SharedKey {
            catalog_code: (!p.own).then(|| p.proc.code.clone()),
            lang: plan.main_lang.clone(),
        };
        jobs.push(job(
            Target::page(&proc_url(p)),
            Job::ProcedurePage(ProcedureJob { shared, site: p }),
        ));
    }
    jobs.push(job(
        Target::page(&format!("{PROC_DIR}/")),
        Job::ProcedureIndex,
    ));
    for (field, members) in &plan.procedures.fields {
        let group = GroupJob {
            kind: GroupKind::Field,
            title: field.clone(),
            description: None,
            members: members.clone(),
            part: lists::Part::single(&field_url(field)),
        };
        lists::group_jobs(group, &field_url(field), jobs);
    }
    for (event, members) in &plan.procedures.life_events {
        let group = GroupJob {
            kind: GroupKind::LifeEvent,
            title: event.name.clone(),
            description: Some(event.description.clone()),
            members: members.clone(),
            part: lists::Part::single(&event_url(&event.id)),
        };
        lists::group_jobs(group, &event_url(&event.id), jobs);
    }
    jobs.push(job(Target::file("procedures.json"), Job::ProceduresJson));
}

fn feeds<'a>(
    jobs: &mut Vec<Planned<'a>>,
    dir: &str,
    scope: Scope<'a>,
    members: &[(&'a Page, &'a items::Announcement)],
) {
    for (format, name) in [
        (FeedFormat::Atom, "feed.xml"),
        (FeedFormat::Json, "feed.json"),
    ] {
        let feed = FeedJob {
            format,
            scope,
            dir: dir.to_owned(),
            members: members.to_vec(),
        };
        jobs.push(job(Target::file(&format!("{dir}{name}")), Job::Feed(feed)));
    }
}

fn announcement_jobs<'a>(plan: &Plan<'a>, jobs: &mut Vec<Planned<'a>>) {
    let list = &plan.announcements;
    if list.is_empty() {
        return;
    }
    let all = format!("{ANNOUNCEMENTS}/");
    feeds(jobs, &all, Scope::All, list);
    let page = |scope, members, feeds| {
        Job::AnnouncementList(AnnouncementListJob {
            scope,
            members,
            feeds,
        })
    };
    jobs.push(job(
        Target::page(&all),
        page(Scope::All, list.clone(), true),
    ));
    for &c in &plan.categories {
        let members = list
            .iter()
            .filter(|(_, a)| a.category == *c)
            .copied()
            .collect();
        jobs.push(job(
            Target::page(&category_url(c)),
            page(Scope::Category(c), members, false),
        ));
    }
    // One pass over the announcements, not one per audience (audiences × announcements).
    let mut by_audience: BTreeMap<&str, Vec<(&Page, &items::Announcement)>> = BTreeMap::new();
    for &(p, a) in list {
        for x in &a.audiences {
            let members = by_audience.entry(x.as_str()).or_default();
            // An audience written twice in one announcement lists it once.
            if members.last().is_none_or(|(q, _)| !std::ptr::eq(*q, p)) {
                members.push((p, a));
            }
        }
    }
    for &a in &plan.audiences {
        let members = by_audience.remove(a).unwrap_or_default();
        let url = audience_url(a);
        feeds(jobs, &url, Scope::Audience(a), &members);
        jobs.push(job(
            Target::page(&url),
            page(Scope::Audience(a), members, true),
        ));
    }
    for &(p, a) in list {
        jobs.push(job(Target::page(&p.path), Job::Announcement(p, a)));
    }
}

fn event_and_document_jobs<'a>(plan: &Plan<'a>, jobs: &mut Vec<Planned<'a>>) {
    if !plan.events.is_empty() {
        jobs.push(job(Target::page(&format!("{EVENTS}/")), Job::EventList));
        jobs.push(job(
            Target::file(&format!("{EVENTS}/lich.ics")),
            Job::Calendar,
        ));
        for &(p, e) in &plan.events {
            jobs.push(job(Target::page(&p.path), Job::Event(p, e)));
            jobs.push(job(
                Target::file(&event_ics_path(&p.path)),
                Job::EventCalendar(p, e),
            ));
        }
    }
    if !plan.documents.is_empty() {
        jobs.push(job(
            Target::page(&format!("{DOCUMENTS}/")),
            Job::DocumentList,
        ));
        for &(p, d) in &plan.documents {
            jobs.push(job(Target::page(&p.path), Job::Document(p, d)));
        }
    }
}

fn people_jobs<'a>(site: &'a Site, jobs: &mut Vec<Planned<'a>>) {
    let people = &site.people;
    if !people.officials.is_empty() {
        for o in &people.officials {
            jobs.push(job(
                Target::file(&format!("can-bo/{}.vcf", o.slug)),
                Job::Vcard(o),
            ));
        }
        jobs.push(job(Target::page("can-bo/"), Job::Officials));
    }
    if people.organisation.is_some() {
        jobs.push(job(
            Target::page("to-chuc/"),
            Job::Organisation { english: false },
        ));
        if site.config.languages.iter().any(|l| l == "en") {
            jobs.push(job(
                Target::page("en/organisation/"),
                Job::Organisation { english: true },
            ));
        }
    }
    if people.team.is_some() {
        jobs.push(job(Target::page("to-cong-nghe-so/"), Job::Team));
    }
    jobs.push(job(Target::page("phan-anh-kien-nghi/"), Job::Feedback));
}

/// Machine-readable files, channels beyond the site, and files published as they are.
fn file_jobs<'a>(site: &'a Site, theme: &'a Theme, jobs: &mut Vec<Planned<'a>>) {
    // Short links and the SMS and Zalo texts: linked from no page, not in the sitemap.
    let mut files: Vec<Target> = crate::reach::notices(site)
        .iter()
        .map(|(_, code)| Target::file(&crate::reach::link::page_path(code)))
        .collect();
    files.push(Target::file(crate::reach::MESSAGES_PATH));
    jobs.push(job(
        Target::file(crate::reach::MESSAGES_PATH),
        Job::Reach { files },
    ));
    reach_jobs(site, theme, jobs);
    jobs.push(job(Target::file("sitemap.xml"), Job::Sitemap));
    jobs.push(job(Target::file("robots.txt"), Job::Robots));
    // Loudspeaker scripts: plain files for the reader, in the main language only.
    for p in site
        .pages
        .iter()
        .filter(|p| p.lang.is_none() && matches!(p.extra, Extra::Announcement(_) | Extra::Event(_)))
    {
        jobs.push(job(
            Target::file(&crate::reach::loa::output_path(p)),
            Job::Loudspeaker(p),
        ));
    }
    // Asked for at the site's root by browsers and crawlers whatever the pages link; a clerk's
    // own `static/favicon.ico` wins.
    let own = |f: &str| site.static_files.iter().any(|s| s == f);
    if !own("favicon.ico") {
        jobs.push(job(Target::file("favicon.ico"), Job::Favicon));
    }
    if !own(OG_IMAGE) {
        jobs.push(job(Target::file(OG_IMAGE), Job::OgImage));
    }
    for (path, bytes) in &theme.assets {
        jobs.push(job(Target::file(path), Job::ThemeAsset(bytes)));
    }
    for o in &site.image_outputs {
        jobs.push(job(Target::file(&o.path), Job::Image(o)));
    }
    // Raster images are published only as processed above: originals keep their metadata.
    for o in &site.static_outputs {
        jobs.push(job(Target::file(&o.path), Job::Static(&o.bytes)));
    }
}

/// The posters (when the theme has their stylesheet) and the broadcast lists.
fn reach_jobs<'a>(site: &'a Site, theme: &'a Theme, jobs: &mut Vec<Planned<'a>>) {
    let targets = |paths: Vec<String>| paths.iter().map(|p| Target::file(p)).collect::<Vec<_>>();
    if theme
        .asset_paths
        .contains_key(crate::reach::poster::STYLESHEET)
    {
        let files = targets(crate::reach::poster::paths(site));
        if let Some(first) = files.first().cloned() {
            jobs.push(job(first, Job::Posters { files }));
        }
    }
    let files = targets(crate::reach::broadcast::paths(site));
    if let Some(first) = files.first().cloned() {
        jobs.push(job(first, Job::Broadcast { files }));
    }
}

impl Plan<'_> {
    /// Every output path of the plan, in plan order.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.jobs.iter().flat_map(|j| match &j.job {
            Job::Reach { files }
            | Job::Posters { files }
            | Job::Broadcast { files }
            | Job::SearchIndex { files } => {
                files.iter().map(|t| t.path.as_str()).collect::<Vec<_>>()
            }
            _ => vec![j.at.path.as_str()],
        })
    }

    /// The URLs of the template pages written as `index.html`, sorted: the sitemap's list.
    pub fn sitemap_urls(&self) -> Vec<String> {
        let mut urls: Vec<String> = self
            .jobs
            .iter()
            .filter(|j| j.job.is_template_page() && j.at.path.ends_with("index.html"))
            .map(|j| j.at.path.trim_end_matches("index.html").to_owned())
            .collect();
        urls.sort();
        urls
    }
}

/// Two jobs writing one path: an error at the page or `static/` file that made it, before
/// anything renders.
pub fn check_collisions(site: &Site, plan: &Plan<'_>, diags: &mut Diagnostics) {
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for path in plan.paths() {
        if !seen.insert(path) {
            let culprit = site
                .pages
                .iter()
                .find(|p| format!("{}index.html", p.path) == path)
                .map(|p| p.file.clone())
                .or_else(|| {
                    site.static_files
                        .iter()
                        .find(|f| *f == path)
                        .map(|f| site.config.rel_dir.join("static").join(f))
                })
                .unwrap_or_else(|| site.config.rel_dir.clone());
            diags.push(
                Diagnostic::error(Span::file(culprit), msg!("hai tệp cùng tạo ra `{}`", "two sources produce `{}`", path))
                    .hint(msg!("đổi tên trang hoặc tệp; các đường dẫn thu-tuc/, assets/, l/, phat-thanh/, 404.html, sitemap.xml được dành cho trang tự tạo.", "rename the page or file; thu-tuc/, assets/, l/, phat-thanh/, 404.html, sitemap.xml are reserved.")),
            );
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn field_spellings_share_a_slug_and_long_fields_stay_apart() {
        assert_eq!(
            field_slug("Thi đua, khen thưởng"),
            field_slug("Thi đua – Khen thưởng")
        );
        assert_eq!(field_slug("Hộ tịch"), "ho-tich");
        let a = format!(
            "{} của Bộ Công Thương",
            "Quản lý nhiệm vụ khoa học công nghệ ".repeat(4)
        );
        let b = format!(
            "{} của Bộ Tài chính",
            "Quản lý nhiệm vụ khoa học công nghệ ".repeat(4)
        );
        assert_ne!(field_slug(&a), field_slug(&b));
        assert_eq!(field_slug(&a), field_slug(&a.to_uppercase()));
        assert!(
            field_slug(&a).len() <= text::SLUG_MAX + 9,
            "{}",
            field_slug(&a)
        );
    }

    /// The demo sites of the repository, loaded as a build loads them, at the demo clock.
    pub(crate) fn demo(run: impl Fn(Site, &Theme, OffsetDateTime)) {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let now = time::macros::datetime!(2026-11-23 08:00 +7);
        let project = crate::project::Project::load(root);
        assert!(project.sites.len() >= 3, "the demo has its sites");
        for cfg in project.sites.values() {
            let mut diags = Diagnostics::new();
            let theme = crate::theme::load(root, &cfg.theme, &mut diags).expect("theme");
            let site = crate::project::load_site(&project, cfg, now, &mut diags);
            run(site, &theme, now);
        }
    }

    #[test]
    fn every_planned_target_has_the_depth_of_its_path_and_pages_end_in_index_html() {
        demo(|site, theme, now| {
            let site = &site;
            let plan = plan(site, theme, now);
            for j in &plan.jobs {
                assert_eq!(j.at.depth, j.at.path.matches('/').count(), "{}", j.at.path);
                if j.job.is_template_page() && j.at.path != "404.html" {
                    assert_eq!(j.at.path, format!("{}index.html", j.at.url));
                }
            }
            let mut diags = Diagnostics::new();
            check_collisions(site, &plan, &mut diags);
            assert!(diags.items().is_empty(), "the demo has no collision");
        });
    }

    #[test]
    fn a_page_at_the_procedures_index_collides_on_the_plan_before_anything_renders() {
        demo(|site, theme, now| {
            let mut site = site;
            let mut page = site.pages[0].clone();
            page.path = format!("{PROC_DIR}/");
            page.file = site.config.rel_dir.join("content/thu-tuc.md");
            page.is_index = false;
            page.extra = Extra::Plain;
            site.pages.push(page);
            let plan = plan(&site, theme, now);
            let mut diags = Diagnostics::new();
            check_collisions(&site, &plan, &mut diags);
            let report = diags.render(crate::diag::Lang::Vi);
            assert!(
                report.contains(&format!(
                    "{}: hai tệp cùng tạo ra `thu-tuc/index.html`",
                    site.config.rel_dir.join("content/thu-tuc.md").display()
                )),
                "{report}"
            );
            assert_eq!(diags.items().len(), 1, "{report}");
        });
    }

    #[test]
    fn a_static_file_at_a_search_shard_collides_on_the_plan() {
        demo(|site, theme, now| {
            let mut site = site;
            let shard = search_shard_path('k');
            site.static_files.push(shard.clone());
            site.static_outputs.push(Output {
                path: shard.clone(),
                bytes: b"{}".to_vec(),
            });
            let plan = plan(&site, theme, now);
            assert_eq!(
                plan.paths()
                    .filter(|p| p.starts_with("tim-kiem/w/"))
                    .count(),
                SEARCH_KEYS.len() + 1
            );
            let mut diags = Diagnostics::new();
            check_collisions(&site, &plan, &mut diags);
            let report = diags.render(crate::diag::Lang::Vi);
            assert!(
                report.contains(&format!("hai tệp cùng tạo ra `{shard}`")),
                "{report}"
            );
            assert_eq!(diags.items().len(), 1, "{report}");
        });
    }

    #[test]
    fn a_page_target_is_its_folder_index_with_the_depth_of_its_url() {
        let t = Target::page("thu-tuc/dang-ky-khai-sinh/");
        assert_eq!(t.path, "thu-tuc/dang-ky-khai-sinh/index.html");
        assert_eq!(t.depth, 2);
        assert_eq!(t.up(), "../../");
        assert_eq!(t.root("/x/"), "../../");
        let home = Target::page("");
        assert_eq!((home.path.as_str(), home.depth), ("index.html", 0));
        assert_eq!(home.up(), "");
        assert_eq!(home.root("/x/"), "./");
    }

    #[test]
    fn a_page_served_at_any_depth_links_from_the_base_path() {
        let mut t = Target::file("404.html");
        t.absolute = true;
        assert_eq!(t.root("/phuong-cam-thanh/"), "/phuong-cam-thanh/");
    }
}
