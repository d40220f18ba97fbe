//! The template contract: every value a theme's templates can read. Templates see only these
//! structs (serialized); each field is documented here, which makes this file the theme author's
//! reference. URLs named `url` are relative to the site root: templates write `{{ root }}{{ x.url }}`.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::config::{OfficeHoursFile, Phone};
use crate::markdown::Heading;
use crate::procedures::Fee;

/// What every template receives.
#[derive(Debug, Serialize)]
pub struct Ctx<'a> {
    /// The site.
    pub site: &'a SiteView,
    /// UI strings in the page's language (`{{ t.skip_link }}`), from `themes/<t>/i18n/<lang>.yaml`.
    pub t: &'a BTreeMap<String, String>,
    /// Relative path from this page to the site root, e.g. `../../` (`./` on the home page).
    pub root: String,
    /// Stylesheet URL (already relative to this page).
    pub css: String,
    /// Script URL (already relative to this page); the script is optional enhancement.
    pub js: String,
    /// Language of the page (`vi`, `en`).
    pub lang: String,
    /// The page.
    pub page: PageView,
    /// The small main navigation.
    pub nav: &'a [Link],
    /// Build date, "Thứ Hai, 23/11/2026".
    pub build_date: String,
    /// Kind-specific data: exactly one is set, according to the template.
    pub section: Option<SectionView>,
    /// Set on `procedure.html`.
    pub procedure: Option<ProcedureView>,
    /// Set on `procedures.html` (the A–Z index).
    pub procedures: Option<ProceduresIndexView>,
    /// Set on `procedure_group.html` (one field or life event).
    pub group: Option<GroupView>,
    /// Set on `home.html`.
    pub home: Option<HomeView>,
}

/// A link: text and URL (relative to the site root, or absolute).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Link {
    /// Text.
    pub title: String,
    /// URL.
    pub url: String,
}

/// The site, the same on every page.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    /// Folder name.
    pub folder: String,
    /// Official code.
    pub code: String,
    /// "Phường Cẩm Thành".
    pub name: String,
    /// "Cẩm Thành".
    pub short_name: String,
    /// "phường".
    pub kind: String,
    /// "Tỉnh Quảng Ngãi".
    pub province_name: String,
    /// "Ủy ban nhân dân phường Cẩm Thành".
    pub committee: String,
    /// Address.
    pub address: String,
    /// Hotline.
    pub hotline: Option<Phone>,
    /// E-mail.
    pub email: Option<String>,
    /// Zalo OA.
    pub zalo_oa: Option<String>,
    /// Provincial portal.
    pub province_portal: Option<String>,
    /// Office hours.
    pub office_hours: Vec<OfficeHoursFile>,
    /// OpenStreetMap link to the office, when coordinates are set (a link, never an embed).
    pub map_url: Option<String>,
    /// `geo:` URI for phones' map apps.
    pub geo_uri: Option<String>,
    /// Base URL, ending in `/`.
    pub base_url: String,
    /// Description.
    pub description: String,
    /// Illustrative content banner.
    pub demo: bool,
    /// Former units, "Phường Nguyễn Nghiêm (Thành phố Quảng Ngãi)".
    pub formers: Vec<String>,
    /// Languages, main first.
    pub languages: Vec<String>,
    /// Feedback channels.
    pub feedback: crate::config::Feedback,
}

/// The page being rendered.
#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    /// Title (the `h1`).
    pub title: String,
    /// `<title>`: title and site name.
    pub html_title: String,
    /// Meta description.
    pub description: String,
    /// Absolute canonical URL.
    pub canonical: String,
    /// URL path relative to the site root.
    pub url: String,
    /// Template kind: home, page, section, procedure, procedures, group, 404.
    pub kind: String,
    /// Body HTML (sanitized), empty when none.
    pub content: String,
    /// Headings for a table of contents.
    pub toc: Vec<Heading>,
    /// "Thứ Hai, 23/11/2026", when known.
    pub updated: Option<String>,
    /// ISO date for `<time datetime>`.
    pub updated_iso: Option<String>,
    /// Posted date, formatted.
    pub date: Option<String>,
    /// ISO posted date.
    pub date_iso: Option<String>,
    /// Breadcrumbs from the home page to the parent.
    pub breadcrumbs: Vec<Link>,
    /// JSON-LD (already serialized, safe to embed in a `<script type="application/ld+json">`).
    pub json_ld: Option<String>,
}

/// A list of pages (a folder of `content/`).
#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    /// Pages, by weight then Vietnamese title order.
    pub pages: Vec<PageLink>,
}

/// A page in a list.
#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    /// Title.
    pub title: String,
    /// URL relative to the site root.
    pub url: String,
    /// Description.
    pub description: Option<String>,
    /// Updated, formatted.
    pub updated: Option<String>,
}

/// The home page.
#[derive(Debug, Clone, Serialize)]
pub struct HomeView {
    /// Life events with their procedures (how do I …).
    pub life_events: Vec<GroupLink>,
    /// Most used procedures (first of each life event).
    pub top_procedures: Vec<Link>,
    /// Sections of the site.
    pub sections: Vec<Link>,
    /// Recently updated pages.
    pub recent: Vec<PageLink>,
    /// Number of procedures listed.
    pub procedure_count: usize,
}

/// A field or life event with its procedures.
#[derive(Debug, Clone, Serialize)]
pub struct GroupLink {
    /// Name.
    pub title: String,
    /// URL of the group page.
    pub url: String,
    /// One sentence.
    pub description: Option<String>,
    /// Procedures.
    pub procedures: Vec<Link>,
}

/// The A–Z index of procedures.
#[derive(Debug, Clone, Serialize)]
pub struct ProceduresIndexView {
    /// Letters in Vietnamese order, each with its procedures.
    pub letters: Vec<LetterGroup>,
    /// By field.
    pub fields: Vec<GroupLink>,
    /// By life event.
    pub life_events: Vec<GroupLink>,
}

/// One letter of the A–Z index.
#[derive(Debug, Clone, Serialize)]
pub struct LetterGroup {
    /// "Đ".
    pub letter: String,
    /// Anchor id.
    pub id: String,
    /// Procedures.
    pub items: Vec<Link>,
}

/// One field or life event page.
#[derive(Debug, Clone, Serialize)]
pub struct GroupView {
    /// "field" or "life_event".
    pub kind: String,
    /// Description.
    pub description: Option<String>,
    /// Procedures with summaries.
    pub procedures: Vec<PageLink>,
}

/// A document of the checklist.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    /// Name.
    pub name: String,
    /// "1 bản".
    pub copies: u32,
    /// Only when.
    pub when: Option<String>,
    /// Form name.
    pub form_name: Option<String>,
    /// Form URL.
    pub form_url: Option<String>,
    /// Note.
    pub note: Option<String>,
}

/// The official in charge.
#[derive(Debug, Clone, Serialize)]
pub struct OfficialView {
    /// Name.
    pub name: String,
    /// Role.
    pub role: String,
    /// Phone.
    pub phone: Option<Phone>,
}

/// A procedure page.
#[derive(Debug, Clone, Serialize)]
pub struct ProcedureView {
    /// Code.
    pub code: String,
    /// Official name.
    pub name: String,
    /// Residents' name.
    pub short_name: String,
    /// Field and its page.
    pub field: Link,
    /// Life events and their pages.
    pub life_events: Vec<Link>,
    /// Summary.
    pub summary: String,
    /// Who may apply.
    pub who_may_apply: Vec<String>,
    /// Conditions.
    pub conditions: Vec<String>,
    /// Deciding body.
    pub deciding_body: String,
    /// Submit in person.
    pub in_person: bool,
    /// By post.
    pub post: bool,
    /// `toan-trinh`, `mot-phan`, `khong`.
    pub online_level: String,
    /// Whether it can be done online at all.
    pub online: bool,
    /// Where to submit online (ward-preselected, detail or keyword search).
    pub online_url: String,
    /// The portal record's detail page, when the record id is known.
    pub portal_detail_url: Option<String>,
    /// Online note.
    pub online_note: Option<String>,
    /// General note on where to submit.
    pub where_note: Option<String>,
    /// Steps.
    pub steps: Vec<String>,
    /// To submit.
    pub submit: Vec<DocumentView>,
    /// To present.
    pub present: Vec<DocumentView>,
    /// Notes on documents.
    pub document_notes: Vec<String>,
    /// Processing time.
    pub processing_time: String,
    /// Result.
    pub result: Vec<String>,
    /// Fees with local amounts.
    pub fees: Vec<Fee>,
    /// The provincial resolution for local fees.
    pub fee_basis: Option<String>,
    /// Exemptions.
    pub exemptions: Vec<String>,
    /// Legal basis, "Luật Hộ tịch (60/2014/QH13)".
    pub legal_basis: Vec<String>,
    /// Related procedures (internal pages or the portal search).
    pub related: Vec<Link>,
    /// Where to go in person.
    pub place: String,
    /// When.
    pub hours: Option<String>,
    /// Official in charge.
    pub official: Option<OfficialView>,
    /// Local note.
    pub note: Option<String>,
    /// Facts last checked, formatted.
    pub checked: String,
    /// Source of facts.
    pub source: String,
    /// Whether all facts are verified.
    pub verified: bool,
    /// Names (in the page language) of unverified elements.
    pub unverified: Vec<String>,
    /// Element keys that are unverified (`fees`, `steps`, …) for per-section marks.
    pub unverified_keys: Vec<String>,
    /// Inline SVG QR code of the page's canonical URL (for the printed checklist).
    pub qr_svg: String,
}

/// The directory page over every site of the build.
#[derive(Debug, Clone, Serialize)]
pub struct DirectoryView {
    /// UI strings (Vietnamese).
    pub t: BTreeMap<String, String>,
    /// Stylesheet URL.
    pub css: String,
    /// Script URL.
    pub js: String,
    /// Provinces in Vietnamese order.
    pub provinces: Vec<DirectoryProvince>,
    /// Number of sites.
    pub count: usize,
}

/// One province of the directory.
#[derive(Debug, Clone, Serialize)]
pub struct DirectoryProvince {
    /// Name.
    pub name: String,
    /// Sites.
    pub sites: Vec<DirectorySite>,
}

/// One site in the directory.
#[derive(Debug, Clone, Serialize)]
pub struct DirectorySite {
    /// Name.
    pub name: String,
    /// URL relative to the output root (`phuong-cam-thanh/`).
    pub url: String,
    /// Former units' names.
    pub formers: Vec<String>,
    /// Folded text of names and former names, for the filter script.
    pub search: String,
}
