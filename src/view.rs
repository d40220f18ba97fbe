//! The template contract: every value a theme's templates can read. Templates see only these
//! structs (serialized); each field is documented here, which makes this file the theme author's
//! reference. URLs named `url` are relative to the site root: templates write `{{ root }}{{ x.url }}`.

use std::collections::BTreeMap;

use serde::Serialize;

/// What every template receives: the keys of `SiteCtx` and of `Ctx`, side by side at the top
/// level. `SiteCtx` is the same for every page of a site in one language, so it is converted
/// for the template engine once per site and language instead of once per page.
#[derive(Debug, Serialize)]
pub struct SiteCtx<'a> {
    /// The site.
    pub site: &'a SiteView,
    /// UI strings in the page's language (`{{ t.skip_link }}`), from `themes/<t>/i18n/<lang>.yaml`.
    pub t: &'a BTreeMap<String, String>,
    /// The small main navigation.
    pub nav: &'a [Link],
    /// Urgent announcements in force at build time, most severe first: a banner on every page.
    pub alerts: &'a [AlertView],
    /// Links of the site's features that exist (announcements, events, documents, officials, …).
    pub features: &'a Features,
}

/// The page's own part of what a template receives (see `SiteCtx`).
#[derive(Debug, Serialize)]
pub struct Ctx {
    /// Relative path from this page to the site root, e.g. `../../` (`./` on the home page).
    pub root: String,
    /// Stylesheet URL (already relative to this page).
    pub css: String,
    /// Script URL (already relative to this page); the script is optional enhancement.
    pub js: String,
    /// The theme's `favicon.svg` (relative to this page), if it has one.
    pub favicon: Option<String>,
    /// The search script's URL (relative to this page); loaded only by the search page.
    pub search_js: String,
    /// Language of the page (`vi`, `en`).
    pub lang: String,
    /// The page.
    pub page: PageView,
    /// Build date, "Thứ Hai, 23/11/2026". Avoid it in page chrome: it changes every page every
    /// day, so incremental publishing would upload the whole site daily.
    pub build_date: String,
    /// Kind-specific data (at most one set, according to the template), flattened: templates
    /// read `procedure`, `section`, `list`, … at the top level.
    #[serde(flatten)]
    pub kinds: Kinds,
}

/// Kind-specific data of a page: at most one kind, according to the template. Every template
/// sees every key below (`null` unless it is the page's kind), so `{% if procedure %}` works
/// in shared templates.
#[derive(Debug, Default)]
pub enum Kinds {
    /// A page with no kind data (`page.html`, `404.html`, `feedback.html`).
    #[default]
    None,
    /// `section`: `section.html`.
    Section(SectionView),
    /// `procedure`: `procedure.html`.
    Procedure(Box<ProcedureView>),
    /// `procedures`: `procedures.html` (the A–Z index).
    Procedures(ProceduresIndexView),
    /// `group`: `procedure_group.html` (one field or life event).
    Group(GroupView),
    /// `home`: `home.html`.
    Home(HomeView),
    /// `announcement`: `announcement.html`.
    Announcement(AnnouncementView),
    /// `event`: `event.html`.
    Event(EventView),
    /// `document`: `document.html`.
    Document(DocView),
    /// `list`: `list.html`, announcements, events or documents.
    List(ListView),
    /// `officials`: `officials.html`.
    Officials(Vec<OfficialCard>),
    /// `team`: `digital_team.html`.
    Team(TeamView),
    /// `organisation` and `officials`: `organisation.html`.
    Organisation(OrganisationView, Vec<OfficialCard>),
    /// `search`: `search.html`.
    Search(SearchView),
    /// `letter`: `letter.html` (one letter of a split A–Z list).
    Letter(LetterView),
}

impl Serialize for Kinds {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(14))?;
        let none: Option<()> = None;
        macro_rules! key {
            ($name:literal, $pat:pat => $v:expr) => {
                match self {
                    $pat => m.serialize_entry($name, $v)?,
                    #[allow(unreachable_patterns, reason = "one arm per key")]
                    _ => m.serialize_entry($name, &none)?,
                }
            };
        }
        key!("section", Kinds::Section(v) => v);
        key!("procedure", Kinds::Procedure(v) => v);
        key!("procedures", Kinds::Procedures(v) => v);
        key!("group", Kinds::Group(v) => v);
        key!("home", Kinds::Home(v) => v);
        key!("announcement", Kinds::Announcement(v) => v);
        key!("event", Kinds::Event(v) => v);
        key!("document", Kinds::Document(v) => v);
        key!("list", Kinds::List(v) => v);
        match self {
            Kinds::Officials(v) | Kinds::Organisation(_, v) => m.serialize_entry("officials", v)?,
            _ => m.serialize_entry("officials", &none)?,
        }
        key!("team", Kinds::Team(v) => v);
        key!("organisation", Kinds::Organisation(v, _) => v);
        key!("search", Kinds::Search(v) => v);
        key!("letter", Kinds::Letter(v) => v);
        m.end()
    }
}

/// The search page: the no-JavaScript A–Z list of everything, and the index for the script.
#[derive(Debug, Clone, Serialize)]
pub struct SearchView {
    /// Every item by letter, Vietnamese order (empty when the list is split by letter).
    pub letters: Vec<SearchLetter>,
    /// The letter pages, when the list is split (then `letters` is empty).
    pub letter_pages: Vec<LetterLinkView>,
    /// The JSON index, relative to the site root.
    pub index_url: String,
    /// Number of items.
    pub count: usize,
}

/// One letter of the search page's A–Z list.
#[derive(Debug, Clone, Serialize)]
pub struct SearchLetter {
    /// "Đ".
    pub letter: String,
    /// Anchor.
    pub id: String,
    /// Items.
    pub items: Vec<SearchItemView>,
}

/// Which optional parts the site has, for navigation and the footer.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Features {
    /// `thong-bao/` exists.
    pub announcements: bool,
    /// `su-kien/` exists.
    pub events: bool,
    /// `van-ban/` exists.
    pub documents: bool,
    /// `can-bo/` exists.
    pub officials: bool,
    /// `to-chuc/` exists.
    pub organisation: bool,
    /// `to-cong-nghe-so/` exists.
    pub team: bool,
}

/// An urgent banner.
#[derive(Debug, Clone, Serialize)]
pub struct AlertView {
    /// Title.
    pub title: String,
    /// URL relative to the site root.
    pub url: String,
    /// `khan-cap`, `quan-trong`, `thong-tin`.
    pub severity: String,
    /// "Khẩn cấp".
    pub severity_label: String,
    /// Until, formatted.
    pub expires: String,
}

/// An announcement page.
#[derive(Debug, Clone, Serialize)]
pub struct AnnouncementView {
    /// Category and its list.
    pub category: Link,
    /// Audiences and their lists.
    pub audiences: Vec<Link>,
    /// Urgent.
    pub urgent: bool,
    /// Severity id.
    pub severity: String,
    /// Severity label.
    pub severity_label: String,
    /// Valid until, formatted.
    pub expires: Option<String>,
    /// Whether it has expired at build time.
    pub expired: bool,
}

/// An event page.
#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    /// "08:00, Thứ Bảy, 28/11/2026".
    pub start: String,
    /// ISO.
    pub start_iso: String,
    /// End, formatted.
    pub end: Option<String>,
    /// ISO end.
    pub end_iso: Option<String>,
    /// Place.
    pub place: Option<String>,
    /// Online meeting link.
    pub online_url: Option<String>,
    /// Audiences.
    pub audiences: Vec<Link>,
    /// `.ics` file, relative to the site root.
    pub ics_url: String,
    /// Over at build time.
    pub past: bool,
}

/// A document page (its fields: see `items::Document` and docs/legal-basis.md).
#[derive(Debug, Clone, Serialize)]
pub struct DocView {
    /// Form.
    pub form: String,
    /// Issuer.
    pub issuer: String,
    /// Number.
    pub number: String,
    /// Issued, formatted.
    pub issued: String,
    /// ISO.
    pub issued_iso: String,
    /// In force, formatted.
    pub effective: Option<String>,
    /// Summary.
    pub summary: String,
    /// Attached file, relative to the site root.
    pub file_url: Option<String>,
}

/// One item of a list.
#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    /// Title.
    pub title: String,
    /// URL relative to the site root.
    pub url: String,
    /// Main date, formatted (posted, start or issued).
    pub date: String,
    /// ISO date.
    pub date_iso: String,
    /// Summary.
    pub summary: Option<String>,
    /// Small label: category, place or document number.
    pub label: Option<String>,
    /// Severity id for urgent announcements in force.
    pub severity: Option<String>,
    /// Severity label.
    pub severity_label: Option<String>,
    /// A status shown beside the title ("Đã hết hiệu lực" for an expired announcement).
    pub mark: Option<String>,
}

/// A titled group of items.
#[derive(Debug, Clone, Serialize)]
pub struct ItemGroup {
    /// Title.
    pub title: String,
    /// Anchor.
    pub id: String,
    /// Items.
    pub items: Vec<ItemView>,
}

/// A list page of announcements, events or documents.
#[derive(Debug, Clone, Serialize)]
pub struct ListView {
    /// `announcements`, `events`, `documents`.
    pub kind: String,
    /// Groups (for announcements a single group; events: upcoming and past; documents: by form and year).
    pub groups: Vec<ItemGroup>,
    /// Other lists: categories (announcements) or forms (documents).
    pub filters: Vec<Link>,
    /// Audience lists (announcements).
    pub audiences: Vec<Link>,
    /// Atom feed, relative to the site root.
    pub atom: Option<String>,
    /// JSON Feed.
    pub json: Option<String>,
    /// Calendar (events).
    pub ics: Option<String>,
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
    pub hotline: Option<PhoneView>,
    /// E-mail.
    pub email: Option<String>,
    /// Zalo OA.
    pub zalo_oa: Option<String>,
    /// Provincial portal.
    pub province_portal: Option<String>,
    /// Office hours.
    pub office_hours: Vec<OfficeHoursView>,
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
    pub feedback: FeedbackView,
    /// Absolute URL of the picture link previews (Zalo, Facebook) show: `plan::OG_IMAGE`.
    pub og_image: String,
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
    pub toc: Vec<HeadingView>,
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
    /// The dates themselves (updated, posted), formatted into `updated` and `date` in the
    /// page's language when it is rendered.
    #[serde(skip)]
    pub dates: (Option<time::Date>, Option<time::Date>),
}

impl PageView {
    /// Formats the dates in the language the page is rendered in: "Thứ Hai, 05/10/2026" in
    /// Vietnamese, "Monday, 5 October 2026" in English (a Vietnamese date inside an English
    /// page would be read out wrongly by a screen reader).
    pub fn localize(mut self, lang: &str) -> Self {
        let format = |d: time::Date| {
            if lang == "en" {
                crate::dates::format_date_long_en(d)
            } else {
                crate::dates::format_date_long(d)
            }
        };
        self.updated = self.dates.0.map(format);
        self.date = self.dates.1.map(format);
        self
    }
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
    /// Language of the page when not the site's main one (templates mark it with `lang`).
    pub lang: Option<String>,
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
    /// Recently updated pages, without announcements no longer in force nor events.
    pub recent: Vec<PageLink>,
    /// The next events not yet over, soonest first, with their own date and place.
    pub upcoming: Vec<ItemView>,
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
    /// Letters in Vietnamese order, each with its procedures (empty when split by letter).
    pub letters: Vec<LetterGroup>,
    /// The letter pages, when the A–Z list is split (then `letters` is empty).
    pub letter_pages: Vec<LetterLinkView>,
    /// By field.
    pub fields: Vec<GroupLink>,
    /// By life event.
    pub life_events: Vec<GroupLink>,
    /// Abolished procedures, kept reachable apart from the lists of those in force.
    pub abolished: Vec<Link>,
}

/// The procedure replacing an abolished one.
#[derive(Debug, Clone, Serialize)]
pub struct SuccessorLink {
    /// Its code.
    pub code: String,
    /// Its name.
    pub title: String,
    /// Its page on this site (site-relative), or on the national portal (absolute).
    pub url: String,
    /// The link leaves the site (the site does not list the successor).
    pub portal: bool,
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
    /// Its numbered pages, when it has more than one.
    pub pager: Option<PagerView>,
}

/// A letter of a letter bar.
#[derive(Debug, Clone, Serialize)]
pub struct LetterLinkView {
    /// "Đ".
    pub letter: String,
    /// Its first page.
    pub url: String,
    /// The page shown is this letter's.
    pub current: bool,
}

/// The links between the numbered pages of one list.
#[derive(Debug, Clone, Serialize)]
pub struct PagerView {
    /// "Trang 2/3".
    pub label: String,
    /// The page before, if any.
    pub prev: Option<String>,
    /// The page after, if any.
    pub next: Option<String>,
    /// Every page: its number, URL and whether it is this one.
    pub pages: Vec<PagerPage>,
}

/// One page of a [`PagerView`].
#[derive(Debug, Clone, Serialize)]
pub struct PagerPage {
    /// From 1.
    pub number: usize,
    /// URL.
    pub url: String,
    /// It is the page shown.
    pub current: bool,
}

/// One letter's page of a split A–Z list (procedures, or everything the search finds).
#[derive(Debug, Clone, Serialize)]
pub struct LetterView {
    /// "Đ".
    pub letter: String,
    /// The letter bar.
    pub letters: Vec<LetterLinkView>,
    /// The items of this page.
    pub items: Vec<LetterItem>,
    /// Its numbered pages, when the letter has more than one.
    pub pager: Option<PagerView>,
    /// Back to the whole list (the procedures index or the search page).
    pub back: Link,
}

/// One item of a letter page.
#[derive(Debug, Clone, Serialize)]
pub struct LetterItem {
    /// Title.
    pub t: String,
    /// URL.
    pub u: String,
    /// Kind label, on the search page's letters.
    pub k: Option<String>,
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
    pub phone: Option<PhoneView>,
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
    pub fees: Vec<FeeView>,
    /// Some provincial fee still has no amount (one "ask the officer" line for all of them).
    pub fees_pending: bool,
    /// Whether there is anything for the folded "about the fees" part (a note, a pending
    /// amount or the resolution).
    pub fee_notes: bool,
    /// The provincial resolution for local fees.
    pub fee_basis: Option<String>,
    /// Exemptions.
    pub exemptions: Vec<String>,
    /// Legal basis, "Luật Hộ tịch (60/2014/QH13)".
    pub legal_basis: Vec<String>,
    /// Related procedures (internal pages or the portal search).
    pub related: Vec<Link>,
    /// Abolished: what replaced it (its page here, or on the national portal), when known.
    pub successor: Option<SuccessorLink>,
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
    /// The official layer from the portal's record (issue 16), when there is one.
    pub record: Option<crate::catalog::page::RecordView>,
    /// No plain-language layer: the official layer is the page.
    pub official_only: bool,
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

/// A phone number.
#[derive(Debug, Clone, Serialize)]
pub struct PhoneView {
    /// "0912345678".
    pub digits: String,
    /// "0912 345 678".
    pub display: String,
    /// "tel:+84912345678".
    pub tel: String,
}

/// One line of office hours.
#[derive(Debug, Clone, Serialize)]
pub struct OfficeHoursView {
    /// "Thứ Hai – Thứ Sáu".
    pub days: String,
    /// "7:00 – 11:30, 13:30 – 17:00".
    pub hours: String,
}

/// Feedback channels (the site's own contacts where `site.yaml` names none).
#[derive(Debug, Clone, Serialize)]
pub struct FeedbackView {
    /// Phone.
    pub hotline: Option<PhoneView>,
    /// E-mail.
    pub email: Option<String>,
    /// Zalo link.
    pub zalo: Option<String>,
    /// Whether to link the national feedback portal.
    pub national_portal: bool,
    /// In-person mailbox.
    pub mailbox: Option<String>,
    /// Reception schedule.
    pub reception: Option<String>,
}

/// A fee of a procedure.
#[derive(Debug, Clone, Serialize)]
pub struct FeeView {
    /// Name.
    pub name: String,
    /// When it is not charged; shown before the amount ("Miễn phí nếu …").
    pub free_when: Option<String>,
    /// "8.000 đồng", "Miễn phí" or, for a provincial fee not set yet, "Theo Nghị quyết của
    /// HĐND tỉnh".
    pub amount: String,
    /// Per what.
    pub unit: Option<String>,
    /// Note.
    pub note: Option<String>,
    /// The provincial council sets it.
    pub provincial: bool,
    /// The amount is still the province placeholder.
    pub pending: bool,
}

/// An official (`officials.html`, `organisation.html`).
#[derive(Debug, Clone, Serialize)]
pub struct OfficialCard {
    /// Name.
    pub name: String,
    /// Anchor and vCard file name (`can-bo/<slug>.vcf`).
    pub slug: String,
    /// Role.
    pub role: String,
    /// Role in English.
    pub role_en: Option<String>,
    /// Group.
    pub group: Option<String>,
    /// Phones that may be published (work, and mobile with consent).
    pub phones: Vec<PhoneView>,
    /// E-mail.
    pub email: Option<String>,
    /// Duties.
    pub duties: Option<String>,
    /// Reception.
    pub reception: Option<String>,
}

/// A member of the digital team.
#[derive(Debug, Clone, Serialize)]
pub struct MemberView {
    /// Name.
    pub name: String,
    /// Role.
    pub role: Option<String>,
    /// Phone, only with consent.
    pub phone: Option<PhoneView>,
}

/// One hamlet's part of the digital team.
#[derive(Debug, Clone, Serialize)]
pub struct HamletTeamView {
    /// Hamlet id, the anchor of its part of the page (the search links to it).
    pub id: String,
    /// Hamlet name.
    pub hamlet: String,
    /// Members.
    pub members: Vec<MemberView>,
}

/// The digital team page (`digital_team.html`).
#[derive(Debug, Clone, Serialize)]
pub struct TeamView {
    /// Description.
    pub description: Option<String>,
    /// What they help with.
    pub help: Vec<String>,
    /// By hamlet, in `site.yaml` order.
    pub hamlets: Vec<HamletTeamView>,
}

/// A department (`organisation.html`).
#[derive(Debug, Clone, Serialize)]
pub struct DepartmentView {
    /// Name.
    pub name: String,
    /// English name.
    pub name_en: Option<String>,
    /// Head.
    pub head: Option<String>,
    /// Duties.
    pub duties: Option<String>,
    /// English duties.
    pub duties_en: Option<String>,
    /// Phone.
    pub phone: Option<PhoneView>,
}

/// The organisation page (`organisation.html`).
#[derive(Debug, Clone, Serialize)]
pub struct OrganisationView {
    /// Functions.
    pub functions: Vec<String>,
    /// English functions.
    pub functions_en: Vec<String>,
    /// Departments.
    pub departments: Vec<DepartmentView>,
}

/// One entry of the search page's A–Z list (the fields of the search index's items).
#[derive(Debug, Clone, Serialize)]
pub struct SearchItemView {
    /// Title.
    pub t: String,
    /// URL relative to the site root.
    pub u: String,
    /// Kind label ("Thủ tục", "Thông báo", …).
    pub k: String,
    /// Snippet.
    pub s: String,
    /// Keywords, accent-folded.
    pub w: String,
    /// Body words, accent-folded.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub b: String,
    /// Procedure code.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub c: String,
    /// Kind rank.
    pub r: u8,
    /// Language, when not the site's main one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub l: Option<String>,
}

/// A heading of the page, for a table of contents.
#[derive(Debug, Clone, Serialize)]
pub struct HeadingView {
    /// 2–6.
    pub level: u8,
    /// Anchor id.
    pub id: String,
    /// Plain text.
    pub text: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_key_is_present_and_null_except_the_pages_own_kind() {
        let keys = [
            "section",
            "procedure",
            "procedures",
            "group",
            "home",
            "announcement",
            "event",
            "document",
            "list",
            "officials",
            "team",
            "organisation",
            "search",
            "letter",
        ];
        let none = serde_json::to_value(Kinds::None).unwrap();
        for k in keys {
            assert_eq!(none.get(k), Some(&serde_json::Value::Null), "{k}");
        }
        assert_eq!(none.as_object().unwrap().len(), keys.len());
        let section = Kinds::Section(SectionView { pages: Vec::new() });
        let v = serde_json::to_value(section).unwrap();
        assert_eq!(v["section"], serde_json::json!({ "pages": [] }));
        assert_eq!(v["list"], serde_json::Value::Null);
        let org = OrganisationView {
            functions: vec!["a".into()],
            functions_en: Vec::new(),
            departments: Vec::new(),
        };
        let v = serde_json::to_value(Kinds::Organisation(org, Vec::new())).unwrap();
        assert_eq!(v["organisation"]["functions"], serde_json::json!(["a"]));
        assert_eq!(v["officials"], serde_json::json!([]));
        assert_eq!(v["team"], serde_json::Value::Null);
    }
}
