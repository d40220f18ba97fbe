//! Procedures: the shared catalog (`content/procedures/*.yaml`, loaded once for every site), the
//! life-event vocabulary, the portal's province ids, and a site's overrides
//! (`sites/<folder>/procedures.yaml`, `sites/<folder>/procedures/*.yaml`) resolved into the
//! [`SiteProcedure`] list a site's pages render.

pub mod official;
pub mod schema;
pub mod successor;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use time::Date;

use crate::config::SiteConfig;
use crate::contact::Phone;
use crate::dates::parse_date;
use crate::diag::{Diagnostics, Span};
use crate::msg;
use crate::text;
use crate::yaml::span as at;
use crate::yaml::{self, Spanned};
use schema::*;

/// Online level of a procedure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OnlineLevel {
    /// Fully online (toàn trình).
    ToanTrinh,
    /// Partly online (một phần).
    MotPhan,
    /// Not online.
    Khong,
}

impl OnlineLevel {
    fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "toan-trinh" => Some(Self::ToanTrinh),
            "mot-phan" => Some(Self::MotPhan),
            "khong" => Some(Self::Khong),
            _ => None,
        }
    }
}

/// Elements a procedure must show; names used in `facts.unverified`.
pub const ELEMENTS: [&str; 8] = [
    "who_may_apply",
    "conditions",
    "steps",
    "documents",
    "processing_time",
    "fees",
    "result",
    "legal_basis",
];

/// A validated catalog procedure.
#[derive(Debug, Clone)]
pub struct Procedure {
    /// Official code.
    pub code: String,
    /// URL slug (from the short name).
    pub slug: String,
    /// File, for messages.
    pub file: PathBuf,
    /// Everything as written, checked.
    pub raw: ProcedureData,
    /// Online level.
    pub online: OnlineLevel,
    /// Facts last checked.
    pub checked: Date,
    /// Unverified element names.
    pub unverified: Vec<String>,
    /// Related procedures.
    pub related: Vec<Related>,
    /// Life event ids.
    pub life_events: Vec<String>,
    /// Portal record id.
    pub formality_id: Option<String>,
    /// The official layer (generated from the portal's record), when there is one.
    pub official: Option<std::sync::Arc<official::OfficialFile>>,
    /// No plain-language layer: the page shows the official layer only.
    pub official_only: bool,
    /// The procedure replacing this one, once abolished (hand-written, else the official layer's).
    pub successor: Option<successor::Successor>,
}

/// The parts of a [`ProcedureFile`] that need no further resolution.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ProcedureData {
    /// Official name.
    pub name: String,
    /// Residents' name.
    pub short_name: String,
    /// Field.
    pub field: String,
    /// Summary.
    pub summary: String,
    /// Who may apply.
    pub who_may_apply: Vec<String>,
    /// Conditions.
    pub conditions: Vec<String>,
    /// Deciding body.
    pub deciding_body: String,
    /// In person.
    pub in_person: bool,
    /// By post.
    pub post: bool,
    /// Online note.
    pub online_note: Option<String>,
    /// Where, in general.
    pub where_note: Option<String>,
    /// Steps.
    pub steps: Vec<String>,
    /// Documents to submit.
    pub submit: Vec<Document>,
    /// Documents to present.
    pub present: Vec<Document>,
    /// Notes on documents.
    pub document_notes: Vec<String>,
    /// Processing time text.
    pub processing_time: String,
    /// Working days bound.
    pub working_days: Option<u32>,
    /// Results.
    pub result: Vec<String>,
    /// Fees.
    pub fees: Vec<FeeFileView>,
    /// Exemptions.
    pub exemptions: Vec<String>,
    /// Legal basis.
    pub legal_basis: Vec<LegalBasis>,
    /// Source of facts.
    pub source: String,
    /// Verified.
    pub verified: bool,
}

/// A related procedure as the catalog lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// Official code.
    pub code: String,
    /// Name for one outside the catalog; `None` means "show it only if the site lists it".
    pub name: Option<String>,
}

/// A checklist document.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Document {
    /// Name.
    pub name: String,
    /// Copies.
    pub copies: u32,
    /// Condition.
    pub when: Option<String>,
    /// Form name.
    pub form_name: Option<String>,
    /// Form link (absolute, or relative to the site root).
    pub form_url: Option<String>,
    /// Note.
    pub note: Option<String>,
}

/// A fee as the catalog has it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FeeFileView {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Amount.
    pub amount: Option<u64>,
    /// Set by the province.
    pub set_by_province: bool,
    /// When it is not charged ("đăng ký trong 60 ngày kể từ ngày trẻ sinh ra").
    pub free_when: Option<String>,
    /// Unit.
    pub unit: Option<String>,
    /// Note.
    pub note: Option<String>,
}

/// A legal document.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LegalBasis {
    /// Number.
    pub number: String,
    /// Title.
    pub title: String,
}

/// The shared catalog and vocabularies, loaded once.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// Procedures by code.
    pub procedures: BTreeMap<String, Procedure>,
    /// Life events in display order.
    pub life_events: Vec<LifeEventFile>,
    /// Portal province UUIDs by province code.
    pub portal_provinces: BTreeMap<String, String>,
}

/// Loads the shared catalog from `<root>/content`.
pub fn load_catalog(root: &Path, diags: &mut Diagnostics) -> Catalog {
    let mut cat = Catalog::default();
    let content = root.join("content");
    let events_file = content.join("life-events.yaml");
    if crate::fsx::present(&events_file) {
        let rel = crate::fsx::rel(root, &events_file);
        if let Some(f) = read_yaml::<LifeEventsFile>(root, &events_file, &rel, diags) {
            cat.life_events = checked_life_events(&rel, f.events, diags);
        }
    }
    let prov_file = content.join("portal-provinces.yaml");
    if crate::fsx::present(&prov_file) {
        let rel = crate::fsx::rel(root, &prov_file);
        if let Some(f) = read_yaml::<PortalProvincesFile>(root, &prov_file, &rel, diags) {
            cat.portal_provinces = f
                .provinces
                .into_iter()
                .map(|(k, v)| (k, v.dvc_province_id))
                .collect();
        }
    }
    let event_ids: Vec<String> = cat.life_events.iter().map(|e| e.id.clone()).collect();
    for (path, rel) in yaml_files(root, &content.join("procedures")) {
        if let Some(p) = load_procedure(root, &path, &rel, &event_ids, diags) {
            if let Some(prev) = cat.procedures.get(&p.code) {
                diags.error(
                    Span::file(&rel),
                    msg!(
                        "mã thủ tục {} bị trùng với {}",
                        "procedure code {} duplicates {}",
                        p.code,
                        prev.file.display()
                    ),
                );
                continue;
            }
            cat.procedures.insert(p.code.clone(), p);
        }
    }
    let dir = content.join("procedures").join("official");
    for (code, (f, at)) in official::load_dir_at(root, &dir, diags) {
        let file = crate::fsx::rel(root, &dir.join(format!("{code}.yaml")));
        let f = std::sync::Arc::new(f);
        let p = cat
            .procedures
            .entry(code)
            .or_insert_with(|| official::procedure(f.clone(), file));
        p.official = Some(f);
        successor::attach(p, at, diags);
    }
    let known = successor::known(cat.procedures.values());
    successor::resolve(cat.procedures.values_mut(), &known, diags);
    check_slugs(cat.procedures.values(), diags);
    cat
}

/// The life events whose id can be a URL segment (`thu-tuc/nhu-cau/<id>/`): a slug, unique and
/// within [`text::SLUG_MAX`]; the others are reported and left out.
fn checked_life_events(
    rel: &Path,
    events: Vec<LifeEventFile>,
    diags: &mut Diagnostics,
) -> Vec<LifeEventFile> {
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for e in events {
        let ok = !e.id.is_empty() && e.id == text::slugify(&e.id) && e.id.len() <= text::SLUG_MAX;
        if ok && seen.insert(e.id.clone()) {
            out.push(e);
            continue;
        }
        if ok {
            diags.error_hint(
                Span::file(rel),
                msg!(
                    "mã sự kiện `{}` bị trùng",
                    "life event id `{}` appears twice",
                    e.id
                ),
                msg!(
                    "đặt mã khác cho một trong hai sự kiện (mã là đường dẫn `thu-tuc/nhu-cau/<mã>/`).",
                    "give one of the two events another id (the id is the URL `thu-tuc/nhu-cau/<id>/`)."
                ),
            );
            continue;
        }
        let suggestion = text::slugify_bounded(if e.id.is_empty() { &e.name } else { &e.id });
        diags.error_hint(
            Span::file(rel),
            msg!(
                "mã sự kiện `{}` không hợp lệ",
                "invalid life event id `{}`",
                e.id
            ),
            msg!(
                "dùng chữ thường không dấu và dấu gạch ngang, tối đa {} ký tự, ví dụ `{suggestion}`.",
                "use lower-case ASCII and dashes, at most {} characters, e.g. `{suggestion}`.",
                text::SLUG_MAX
            ),
        );
    }
    out
}

/// URL segment of a hand-written entry: its short name's slug, unchanged when it fits in
/// [`text::SLUG_MAX`] bytes (printed QR codes point at those URLs); a longer one is cut at a word
/// boundary and gets the code, as imported procedures do, so two long names that start alike
/// still get different URLs.
pub fn entry_slug(short_name: &str, code: &str) -> String {
    let slug = text::slugify(short_name);
    if slug.len() <= text::SLUG_MAX {
        return slug;
    }
    coded_slug(&slug, code)
}

/// `<slug cut to the limit>-<code>`: the URL segment of a procedure whose name is long.
pub fn coded_slug(slug: &str, code: &str) -> String {
    let head = text::slug_cut(slug, text::SLUG_MAX);
    let code = text::slugify(code);
    if head.is_empty() {
        code
    } else {
        format!("{head}-{code}")
    }
}

fn check_slugs<'a>(procs: impl Iterator<Item = &'a Procedure>, diags: &mut Diagnostics) {
    let mut seen: BTreeMap<&str, &Procedure> = BTreeMap::new();
    for p in procs {
        if let Some(prev) = seen.insert(&p.slug, p) {
            diags.error_hint(
                Span::file(&p.file),
                msg!(
                    "thủ tục {} và {} có cùng đường dẫn `thu-tuc/{}/`",
                    "procedures {} and {} have the same URL `thu-tuc/{}/`",
                    prev.code,
                    p.code,
                    p.slug
                ),
                msg!(
                    "đặt `short_name` khác nhau cho hai thủ tục.",
                    "give the two procedures different `short_name`s."
                ),
            );
        }
    }
}

/// `.yaml` files directly in `dir`, sorted, with their project-relative paths.
fn yaml_files(root: &Path, dir: &Path) -> Vec<(PathBuf, PathBuf)> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = rd
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let rel = crate::fsx::rel(root, &p);
            (p, rel)
        })
        .collect()
}

fn read_yaml<T: serde::de::DeserializeOwned>(
    root: &Path,
    path: &Path,
    rel: &Path,
    diags: &mut Diagnostics,
) -> Option<T> {
    let text = crate::fsx::read_text(root, path, rel)
        .map_err(|d| diags.push(d))
        .ok()?;
    yaml::parse(&text, rel, 1).map_err(|d| diags.push(d)).ok()
}

/// Loads and validates one procedure file.
pub fn load_procedure(
    root: &Path,
    path: &Path,
    rel: &Path,
    event_ids: &[String],
    diags: &mut Diagnostics,
) -> Option<Procedure> {
    let raw: ProcedureFile = read_yaml(root, path, rel, diags)?;
    let code_ok = check_code(path, rel, &raw.code, diags);
    check_required(rel, &raw, diags);
    let ProcedureFile {
        code,
        name,
        short_name,
        field,
        life_events,
        summary,
        who_may_apply,
        conditions,
        deciding_body,
        submission,
        where_note,
        steps,
        documents,
        processing_time,
        result,
        fees,
        legal_basis,
        related,
        successor,
        portal,
        facts,
    } = raw;

    let online = OnlineLevel::parse(&submission.online.value).unwrap_or_else(|| {
        bad_online(rel, &submission.online, diags);
        OnlineLevel::Khong
    });
    let checked = checked_date(rel, &facts.checked, diags);
    let unverified = unverified_elements(rel, &facts.unverified, diags);
    let events = known_life_events(rel, &life_events, event_ids, diags);
    let rel_codes = related_entries(rel, related, diags);
    let formality_id = portal
        .formality_id
        .and_then(|f| check_formality_id(rel, f, diags));
    let successor = successor.and_then(|s| successor::named(&s.value, at(rel, &s), diags));
    let fee_views = fee_views(rel, fees.items, diags);
    let submit = documents_of(rel, &documents.submit, diags);
    let present = documents_of(rel, &documents.present, diags);
    if !code_ok {
        return None;
    }
    Some(Procedure {
        slug: entry_slug(&short_name, &code.value),
        code: code.value,
        file: rel.to_path_buf(),
        online,
        checked,
        unverified,
        related: rel_codes,
        life_events: events,
        formality_id,
        official: None,
        official_only: false,
        successor,
        raw: ProcedureData {
            name,
            short_name,
            field,
            summary,
            who_may_apply,
            conditions,
            deciding_body,
            in_person: submission.in_person,
            post: submission.post,
            online_note: submission.online_note,
            where_note,
            steps,
            submit,
            present,
            document_notes: documents.notes,
            processing_time: processing_time.text,
            working_days: processing_time.working_days,
            result,
            fees: fee_views,
            exemptions: fees.exemptions,
            legal_basis: legal_basis
                .into_iter()
                .map(|l| LegalBasis {
                    number: l.number,
                    title: l.title,
                })
                .collect(),
            source: facts.source,
            verified: facts.verified,
        },
    })
}

/// An error for each element the law requires that `p` leaves empty.
fn check_required(rel: &Path, p: &ProcedureFile, diags: &mut Diagnostics) {
    let missing = [
        ("name", p.name.trim().is_empty()),
        ("short_name", p.short_name.trim().is_empty()),
        ("field", p.field.trim().is_empty()),
        ("summary", p.summary.trim().is_empty()),
        ("who_may_apply", p.who_may_apply.is_empty()),
        ("deciding_body", p.deciding_body.trim().is_empty()),
        ("steps", p.steps.is_empty()),
        ("documents.submit", p.documents.submit.is_empty()),
        (
            "processing_time.text",
            p.processing_time.text.trim().is_empty(),
        ),
        ("result", p.result.is_empty()),
        (
            "fees.items",
            p.fees.items.is_empty() && p.fees.exemptions.is_empty(),
        ),
        ("legal_basis", p.legal_basis.is_empty()),
        ("facts.source", p.facts.source.trim().is_empty()),
    ];
    for (key, _) in missing.iter().filter(|(_, empty)| *empty) {
        required_missing(rel, key, diags);
    }
}

/// Whether `code` is a procedure code; an error when it is not, or when it is not the name of
/// its file.
fn check_code(path: &Path, rel: &Path, code: &Spanned<String>, diags: &mut Diagnostics) -> bool {
    let file_code = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let code_ok = is_code(&code.value);
    if !code_ok {
        diags.error_hint(
            at(rel, code),
            msg!(
                "mã thủ tục `{}` không hợp lệ",
                "invalid procedure code `{}`",
                code.value
            ),
            msg!(
                "mã có dạng \"1.001193\" hoặc \"2.000815\", đặt trong ngoặc kép.",
                "codes look like \"1.001193\", quoted."
            ),
        );
    } else if code.value != file_code {
        diags.error_hint(
            at(rel, code),
            msg!(
                "mã `{}` khác tên tệp `{file_code}.yaml`",
                "code `{}` differs from the file name `{file_code}.yaml`",
                code.value
            ),
            msg!(
                "đặt tên tệp theo mã: {}.yaml",
                "name the file after the code: {}.yaml",
                code.value
            ),
        );
    }
    code_ok
}

fn required_missing(rel: &Path, key: &str, diags: &mut Diagnostics) {
    diags.error_hint(
        Span::file(rel),
        msg!(
            "thủ tục thiếu nội dung bắt buộc `{key}`",
            "procedure is missing the required element `{key}`"
        ),
        msg!(
            "pháp luật yêu cầu công khai phần này; xem docs/procedure-format.md.",
            "the law requires this element to be published; see docs/procedure-format.md."
        ),
    );
}

/// `facts.checked`; after an error, `Date::MIN` (the procedure then shows as long unchecked).
fn checked_date(rel: &Path, checked: &Spanned<String>, diags: &mut Diagnostics) -> Date {
    parse_date(&checked.value).unwrap_or_else(|why| {
        let invalid = (
            msg!(
                "ngày `{}` trong `facts.checked` không hợp lệ (dạng \"YYYY-MM-DD\")",
                "invalid date `{}` in `facts.checked` (\"YYYY-MM-DD\")",
                checked.value
            ),
            msg!(
                "viết ngày đối chiếu theo dạng \"YYYY-MM-DD\", ví dụ \"2026-11-23\".",
                "write the date checked as \"YYYY-MM-DD\", e.g. \"2026-11-23\"."
            ),
        );
        let (v, span) = (&checked.value, at(rel, checked));
        crate::front::bad_date(diags, span, "facts.checked", v, why, invalid);
        Date::MIN
    })
}

/// The `facts.unverified` names that are element names; an error for each other one.
fn unverified_elements(
    rel: &Path,
    unverified: &[Spanned<String>],
    diags: &mut Diagnostics,
) -> Vec<String> {
    let mut out = Vec::new();
    for u in unverified {
        if ELEMENTS.contains(&u.value.as_str()) {
            out.push(u.value.clone());
        } else {
            diags.error_hint(
                at(rel, u),
                msg!(
                    "`{}` không phải tên một phần của thủ tục",
                    "`{}` is not an element name",
                    u.value
                ),
                msg!(
                    "dùng một trong: {}.",
                    "use one of: {}.",
                    ELEMENTS.join(", ")
                ),
            );
        }
    }
    out
}

/// The life events of `life-events.yaml` among `written`; an error for each other one.
fn known_life_events(
    rel: &Path,
    written: &[Spanned<String>],
    event_ids: &[String],
    diags: &mut Diagnostics,
) -> Vec<String> {
    let mut events = Vec::new();
    for e in written {
        if event_ids.contains(&e.value) {
            events.push(e.value.clone());
        } else {
            let hint = match text::closest(&e.value, event_ids.iter().map(String::as_str)) {
                Some(c) => msg!("có phải ý bạn là `{c}`?", "did you mean `{c}`?"),
                None => msg!(
                    "thêm sự kiện này vào content/life-events.yaml.",
                    "add the event to content/life-events.yaml."
                ),
            };
            diags.error_hint(
                at(rel, e),
                msg!(
                    "không có sự kiện `{}` trong content/life-events.yaml",
                    "no life event `{}` in content/life-events.yaml",
                    e.value
                ),
                hint,
            );
        }
    }
    events
}

fn check_formality_id(rel: &Path, f: Spanned<String>, diags: &mut Diagnostics) -> Option<String> {
    let ok = f.value.len() == 36 && f.value.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
    if !ok {
        diags.error(
            at(rel, &f),
            msg!(
                "`formality_id` phải là UUID của bản ghi trên Cổng DVC quốc gia",
                "`formality_id` must be the portal record's UUID"
            ),
        );
    }
    ok.then_some(f.value)
}

fn documents_of(rel: &Path, list: &[DocumentFile], diags: &mut Diagnostics) -> Vec<Document> {
    list.iter()
        .map(|d| Document {
            name: d.name.clone(),
            copies: d.copies.unwrap_or(1),
            when: d.when.clone(),
            form_name: d.form.as_ref().map(|f| f.name.clone()),
            form_url: d
                .form
                .as_ref()
                .and_then(|f| f.url.as_ref())
                .and_then(|u| crate::contact::web_url(at(rel, u), "form.url", &u.value, diags)),
            note: d.note.clone(),
        })
        .collect()
}

/// Related entries, checked: valid codes, and a name that is not empty when one is given.
fn related_entries(
    rel: &Path,
    related: Vec<Spanned<RelatedFile>>,
    diags: &mut Diagnostics,
) -> Vec<Related> {
    let mut out = Vec::new();
    for r in related {
        let span = at(rel, &r);
        let (code, name) = match r.value {
            RelatedFile::Code(c) => (c, None),
            RelatedFile::Named { code, name } => (code, Some(name.trim().to_owned())),
        };
        if !is_code(&code) {
            diags.error_hint(
                span,
                msg!(
                    "mã thủ tục liên quan `{code}` không hợp lệ",
                    "invalid related code `{code}`"
                ),
                msg!(
                    "mã có dạng \"1.001193\", đặt trong ngoặc kép.",
                    "codes look like \"1.001193\", quoted."
                ),
            );
            continue;
        }
        if name.as_deref() == Some("") {
            diags.error_hint(
                span,
                msg!(
                    "tên của thủ tục liên quan {code} để trống",
                    "the name of related procedure {code} is empty"
                ),
                msg!(
                    "ghi tên thủ tục như trên Cổng Dịch vụ công quốc gia, hoặc bỏ mục này.",
                    "write the procedure's name as the national portal gives it, or remove the entry."
                ),
            );
            continue;
        }
        out.push(Related { code, name });
    }
    out
}

/// Fees, checked: a valid unique id, exactly one of `amount` and `set_by_province`, and a
/// `free_when` only where the fee is sometimes charged.
fn fee_views(rel: &Path, items: Vec<FeeFile>, diags: &mut Diagnostics) -> Vec<FeeFileView> {
    let mut ids: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for f in items {
        let id = &f.id.value;
        if id != &text::slugify(id) || id.is_empty() || ids.contains(id) {
            diags.error(
                at(rel, &f.id),
                msg!(
                    "mã phí `{id}` không hợp lệ hoặc bị trùng",
                    "fee id `{id}` invalid or duplicated"
                ),
            );
        }
        ids.push(id.clone());
        match (f.amount, f.set_by_province) {
            (None, false) => diags.error_hint(
                at(rel, &f.id),
                msg!(
                    "khoản phí `{id}` chưa có `amount` (số tiền) hoặc `set_by_province: true`",
                    "fee `{id}` has neither `amount` (the sum in đồng) nor `set_by_province: true`"
                ),
                msg!(
                    "ghi `amount: 8000` nếu mức thu như nhau cả nước (`amount: 0` nếu không thu), hoặc `set_by_province: true` nếu Nghị quyết của HĐND tỉnh quyết định mức thu.",
                    "write `amount: 8000` when the sum is the same everywhere (`amount: 0` when nothing is charged), or `set_by_province: true` when the provincial council's resolution sets it."
                ),
            ),
            (Some(a), true) => diags.error_hint(
                at(rel, &f.id),
                msg!(
                    "khoản phí `{id}` có cả `amount: {a}` và `set_by_province: true`",
                    "fee `{id}` has both `amount: {a}` and `set_by_province: true`"
                ),
                msg!(
                    "giữ một trong hai: bỏ `amount` nếu tỉnh quyết định mức thu (trang của xã ghi số tiền trong procedures.yaml), hoặc bỏ `set_by_province` nếu mức thu như nhau cả nước.",
                    "keep one: drop `amount` when the province sets the sum (each site writes it in its procedures.yaml), or drop `set_by_province` when the sum is the same everywhere."
                ),
            ),
            _ => {}
        }
        let free_when = f.free_when.and_then(|w| {
            let text = w.value.trim();
            let problem = if text.is_empty() {
                Some(msg!(
                    "`free_when` của khoản phí `{id}` để trống",
                    "`free_when` of fee `{id}` is empty"
                ))
            } else if f.amount == Some(0) {
                Some(msg!(
                    "khoản phí `{id}` luôn miễn (`amount: 0`) nên không cần `free_when`",
                    "fee `{id}` is always free (`amount: 0`), so `free_when` says nothing"
                ))
            } else {
                None
            };
            match problem {
                Some(m) => {
                    diags.error_hint(
                        at(rel, &w),
                        m,
                        msg!(
                            "`free_when` nói khi nào không thu, viết tiếp sau \"Miễn phí nếu\", ví dụ: \"đăng ký trong 60 ngày kể từ ngày trẻ sinh ra\".",
                            "`free_when` says when nothing is charged, in words that follow \"Miễn phí nếu\" (free if), e.g. \"đăng ký trong 60 ngày kể từ ngày trẻ sinh ra\"."
                        ),
                    );
                    None
                }
                None => Some(text.to_owned()),
            }
        });
        out.push(FeeFileView {
            id: f.id.value,
            name: f.name,
            amount: f.amount,
            set_by_province: f.set_by_province,
            free_when,
            unit: f.unit,
            note: f.note,
        });
    }
    out
}

fn bad_online(rel: &Path, s: &Spanned<String>, diags: &mut Diagnostics) {
    diags.error_hint(
        at(rel, s),
        msg!(
            "mức trực tuyến `{}` không hợp lệ",
            "invalid online level `{}`",
            s.value
        ),
        msg!(
            "dùng `toan-trinh` (toàn trình), `mot-phan` (một phần) hoặc `khong`.",
            "use `toan-trinh` (fully), `mot-phan` (partly) or `khong` (not online)."
        ),
    );
}

/// "1.001193": one digit, a dot, six digits.
pub fn is_code(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 8 && b[0].is_ascii_digit() && b[1] == b'.' && b[2..].iter().all(u8::is_ascii_digit)
}

/// A fee as a site shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Fee {
    /// Name.
    pub name: String,
    /// When it is not charged; shown before the amount ("Miễn phí nếu …").
    pub free_when: Option<String>,
    /// "8.000 đồng", "Miễn phí" or, only for a provincial fee the site has not set yet,
    /// "Theo Nghị quyết của HĐND tỉnh".
    pub amount: String,
    /// Per what.
    pub unit: Option<String>,
    /// Note.
    pub note: Option<String>,
    /// The provincial council sets it.
    pub provincial: bool,
    /// Whether the amount is still the province placeholder.
    pub pending: bool,
}

/// A procedure as one site lists it: the catalog entry plus local facts.
#[derive(Debug, Clone)]
pub struct SiteProcedure {
    /// The catalog (or site's own) entry.
    pub proc: Procedure,
    /// Local facts (defaults merged).
    pub local: LocalFile,
    /// Effective online level.
    pub online: OnlineLevel,
    /// Fees with local amounts.
    pub fees: Vec<Fee>,
    /// Local official's phone, validated.
    pub official_phone: Option<Phone>,
    /// Defined by the site itself, not the shared catalog, or a catalog entry given an
    /// official layer of the site's own (`procedures/official/`).
    pub own: bool,
}

/// The procedures a site can list, by code: the shared catalog's, then the site's own
/// (`procedures/*.yaml`, and `procedures/official/` in the portal's format); `true` marks the
/// site's own.
fn site_catalog(
    root: &Path,
    site: &SiteConfig,
    cat: &Catalog,
    diags: &mut Diagnostics,
) -> BTreeMap<String, (Procedure, bool)> {
    let event_ids: Vec<String> = cat.life_events.iter().map(|e| e.id.clone()).collect();
    let mut all: BTreeMap<String, (Procedure, bool)> = cat
        .procedures
        .iter()
        .map(|(k, v)| (k.clone(), (v.clone(), false)))
        .collect();
    for (path, rel) in yaml_files(root, &site.dir.join("procedures")) {
        if let Some(p) = load_procedure(root, &path, &rel, &event_ids, diags) {
            all.insert(p.code.clone(), (p, true));
        }
    }
    // A province's own procedures in the official format (same files `catalog import` writes).
    let own_official = site.dir.join("procedures").join("official");
    for (code, (f, at)) in official::load_dir_at(root, &own_official, diags) {
        let file = crate::fsx::rel(root, &own_official.join(format!("{code}.yaml")));
        let f = std::sync::Arc::new(f);
        let (p, own) = all
            .entry(code)
            .or_insert_with(|| (official::procedure(f.clone(), file), true));
        p.official = Some(f);
        // A catalog entry given the site's own official layer differs from the catalog's on
        // other sites: its page is the site's own (never shared with them, see `plan::SharedKey`).
        *own = true;
        successor::attach(p, at, diags);
    }
    // The site's own files may name a successor among the site's procedures; the shared ones are
    // resolved already.
    let known = successor::known(all.values().map(|(p, _)| p));
    successor::resolve(all.values_mut().map(|(p, _)| p), &known, diags);
    all
}

/// Resolves the procedures a site lists. Problems (unknown codes, bad overrides) go to `diags`;
/// warnings cover province fees still unset and facts older than the site's maximum age.
pub fn for_site(
    root: &Path,
    site: &SiteConfig,
    cat: &Catalog,
    today: Date,
    diags: &mut Diagnostics,
) -> Vec<SiteProcedure> {
    let all = site_catalog(root, site, cat, diags);
    let ov_path = site.dir.join("procedures.yaml");
    let ov_rel = site.rel_dir.join("procedures.yaml");
    let overrides: OverridesFile = if crate::fsx::present(&ov_path) {
        read_yaml(root, &ov_path, &ov_rel, diags).unwrap_or_default()
    } else {
        OverridesFile::default()
    };
    let known =
        |code: &str, span: Span, diags: &mut Diagnostics| in_catalog(&all, code, span, diags);
    let mut selected: Vec<String> = match &overrides.only {
        Some(list) => list
            .iter()
            .filter(|c| known(&c.value, at(&ov_rel, c), diags))
            .map(|c| c.value.clone())
            .collect(),
        None => all.keys().cloned().collect(),
    };
    // A province's own (SPECIFIC) procedure appears only on the sites of that province.
    selected.retain(|c| {
        all.get(c).is_none_or(|(p, _)| {
            p.official.as_ref().is_none_or(|o| {
                o.scope.kind != "province"
                    || o.scope.province.as_deref() == Some(site.commune.province_code.as_str())
            })
        })
    });
    for h in &overrides.hide {
        if known(&h.value, at(&ov_rel, h), diags) {
            selected.retain(|c| c != &h.value);
        }
    }
    for (code, l) in &overrides.local {
        known(code, at(&ov_rel, l), diags);
    }
    let mut out: Vec<SiteProcedure> = Vec::new();
    let mut pending: Vec<(String, String, Span)> = Vec::new();
    for code in selected {
        let Some((proc, own)) = all.get(&code).cloned() else {
            continue;
        };
        let local = merge(
            &overrides.defaults,
            overrides.local.get(&code).map(|s| &s.value),
        );
        let online = match &local.online {
            Some(o) => OnlineLevel::parse(&o.value).unwrap_or_else(|| {
                bad_online(&ov_rel, o, diags);
                proc.online
            }),
            None => proc.online,
        };
        let span = overrides
            .local
            .get(&code)
            .map_or_else(|| Span::file(&ov_rel), |l| at(&ov_rel, l));
        let fees = site_fees(&proc, &local, &ov_rel, diags);
        if fees.iter().any(|f| f.pending) {
            pending.push((code.clone(), proc.raw.short_name.clone(), span.clone()));
        }
        warn_if_stale(&proc, today, site.procedure_max_age_days, diags);
        let official_phone = local
            .official
            .as_ref()
            .and_then(|o| o.phone.as_ref())
            .and_then(|p| crate::contact::phone(at(&ov_rel, p), &p.value, diags));
        out.push(SiteProcedure {
            proc,
            local,
            online,
            fees,
            official_phone,
            own,
        });
    }
    pending_fees_warning(&pending, &ov_rel, diags);
    warn_unnamed_related(&out, &all, diags);
    out.sort_by(|a, b| text::collate(&a.proc.raw.short_name, &b.proc.raw.short_name));
    out
}

/// Whether `code` is in the site's catalog (`all`); an error at `span` with the nearest code
/// when it is not.
fn in_catalog(
    all: &BTreeMap<String, (Procedure, bool)>,
    code: &str,
    span: Span,
    diags: &mut Diagnostics,
) -> bool {
    if all.contains_key(code) {
        return true;
    }
    let hint = match text::closest(code, all.keys().map(String::as_str)) {
        Some(c) => msg!(
            "có phải ý bạn là `{c}` ({})?",
            "did you mean `{c}` ({})?",
            all[c].0.raw.short_name
        ),
        None => msg!(
            "xem danh sách mã trong content/procedures/.",
            "see the codes in content/procedures/."
        ),
    };
    diags.error_hint(
        span,
        msg!(
            "không có thủ tục mã `{code}` trong danh mục",
            "no procedure with code `{code}` in the catalog"
        ),
        hint,
    );
    false
}

/// A warning when the facts of `proc` were checked more than `max_age_days` before `today`.
fn warn_if_stale(proc: &Procedure, today: Date, max_age_days: u32, diags: &mut Diagnostics) {
    let code = &proc.code;
    let age = (today - proc.checked).whole_days();
    // An imported-only procedure has no hand-written facts to go stale: the record is its source.
    if age > i64::from(max_age_days) && !proc.official_only {
        diags.warning_hint(
            Span::file(&proc.file),
            msg!(
                "thông tin thủ tục {code} được kiểm tra lần cuối cách đây {age} ngày",
                "facts of procedure {code} were last checked {age} days ago"
            ),
            msg!(
                "đối chiếu lại với Cổng Dịch vụ công quốc gia rồi cập nhật `facts.checked`.",
                "check them against the national portal and update `facts.checked`."
            ),
        );
    }
}

/// A related code outside the catalog without a name is left out of the page (a bare code
/// means nothing to a resident); say so, with the fix.
fn warn_unnamed_related(
    out: &[SiteProcedure],
    all: &BTreeMap<String, (Procedure, bool)>,
    diags: &mut Diagnostics,
) {
    for sp in out {
        for r in &sp.proc.related {
            if r.name.is_none() && !all.contains_key(&r.code) {
                diags.warning_hint(
                    Span::file(&sp.proc.file),
                    msg!(
                        "thủ tục liên quan {} không có trong danh mục và không có tên, nên không hiện trên trang",
                        "related procedure {} is not in the catalog and has no name, so the page leaves it out",
                        r.code
                    ),
                    msg!(
                        "ghi `- {{ code: \"{}\", name: \"…\" }}` với tên thủ tục trên Cổng Dịch vụ công quốc gia.",
                        "write `- {{ code: \"{}\", name: \"…\" }}` with the procedure's name on the national portal.",
                        r.code
                    ),
                );
            }
        }
    }
}

/// Provincial fees a site has not set yet: one warning for the whole site, listing every
/// procedure (at the first one's line), not one per procedure page.
fn pending_fees_warning(
    pending: &[(String, String, Span)],
    ov_rel: &Path,
    diags: &mut Diagnostics,
) {
    let Some((_, _, span)) = pending.first() else {
        return;
    };
    let n = pending.len();
    let list: Vec<String> = pending
        .iter()
        .map(|(code, name, _)| format!("{code} ({name})"))
        .collect();
    let list = list.join(", ");
    diags.warning_hint(
        span.clone(),
        msg!(
            "{n} thủ tục chưa có mức lệ phí của tỉnh: {list}",
            "{n} procedures have no provincial fee amount yet: {list}"
        ),
        msg!(
            "thêm `fees:` và `fee_basis:` cho từng mã này trong {} theo Nghị quyết của HĐND tỉnh.",
            "add `fees:` and `fee_basis:` for each of these codes in {} from the provincial council's resolution.",
            ov_rel.display()
        ),
    );
}

/// The fees one site shows: the catalog's, with the site's amounts for provincial fees. A site
/// amount for a fee the procedure does not have, or for one with a nationwide amount, is an error
/// at its line: the site must not contradict the shared catalog.
fn site_fees(
    proc: &Procedure,
    local: &LocalFile,
    ov_rel: &Path,
    diags: &mut Diagnostics,
) -> Vec<Fee> {
    let code = &proc.code;
    for (id, amount) in &local.fees {
        match proc.raw.fees.iter().find(|f| &f.id == id) {
            None => {
                let ids: Vec<&str> = proc.raw.fees.iter().map(|f| f.id.as_str()).collect();
                diags.error_hint(
                    at(ov_rel, amount),
                    msg!(
                        "thủ tục {code} không có khoản phí `{id}`",
                        "procedure {code} has no fee `{id}`"
                    ),
                    msg!(
                        "các khoản phí của thủ tục này: {}.",
                        "its fees: {}.",
                        ids.join(", ")
                    ),
                );
            }
            Some(f) if !f.set_by_province => {
                let national = f.amount.map_or_else(String::new, text::format_money);
                diags.error_hint(
                    at(ov_rel, amount),
                    msg!(
                        "khoản phí `{id}` của thủ tục {code} có mức thu chung cả nước ({national}), xã, phường không đặt mức riêng",
                        "fee `{id}` of procedure {code} has a nationwide amount ({national}); a site may not set its own"
                    ),
                    msg!(
                        "bỏ `{id}:` khỏi `fees:` của mã {code}; chỉ khoản phí có `set_by_province: true` mới nhận mức thu của tỉnh. Nếu mức trong danh mục chung sai, báo người quản lý {}.",
                        "remove `{id}:` from the `fees:` of {code}; only a fee with `set_by_province: true` takes the province's amount. If the shared catalog is wrong, tell whoever maintains {}.",
                        proc.file.display()
                    ),
                );
            }
            Some(_) => {}
        }
    }
    proc.raw
        .fees
        .iter()
        .map(|f| {
            let local_amount = local
                .fees
                .get(&f.id)
                .filter(|_| f.set_by_province)
                .map(|a| a.value);
            let (amount, pending) = match (f.set_by_province, local_amount, f.amount) {
                (true, Some(a), _) => (text::format_money(a), false),
                (true, None, _) => ("Theo Nghị quyết của HĐND tỉnh".to_owned(), true),
                (false, _, a) => (text::format_money(a.unwrap_or(0)), false),
            };
            Fee {
                name: f.name.clone(),
                free_when: f.free_when.clone(),
                amount,
                unit: f.unit.clone(),
                note: f.note.clone(),
                provincial: f.set_by_province,
                pending,
            }
        })
        .collect()
}

fn merge(defaults: &LocalFile, local: Option<&LocalFile>) -> LocalFile {
    let Some(l) = local else {
        return defaults.clone();
    };
    let mut fees = defaults.fees.clone();
    fees.extend(l.fees.clone());
    LocalFile {
        fees,
        fee_basis: l.fee_basis.clone().or_else(|| defaults.fee_basis.clone()),
        place: l.place.clone().or_else(|| defaults.place.clone()),
        hours: l.hours.clone().or_else(|| defaults.hours.clone()),
        official: l.official.clone().or_else(|| defaults.official.clone()),
        online: l.online.clone().or_else(|| defaults.online.clone()),
        note: l.note.clone().or_else(|| defaults.note.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_too_long_for_a_file_name_gets_a_bounded_url_with_its_code() {
        // The longest demo URL (on printed QR codes) stays as it was.
        let demo = "Khai sinh, đăng ký thường trú và cấp thẻ bảo hiểm y tế cho trẻ dưới 6 tuổi (liên thông)";
        assert_eq!(
            entry_slug(demo, "2.000986"),
            "khai-sinh-dang-ky-thuong-tru-va-cap-the-bao-hiem-y-te-cho-tre-duoi-6-tuoi-lien-thong"
        );
        let long = "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền cấp "
            .repeat(4);
        let slug = entry_slug(&long, "1.000004");
        assert!(slug.ends_with("-1-000004"), "{slug}");
        assert!(slug.len() <= text::SLUG_MAX + "-1-000004".len(), "{slug}");
        assert!(text::slugify(&long).starts_with(slug.trim_end_matches("-1-000004")));
        // Two long names that start alike differ by their code.
        assert_ne!(slug, entry_slug(&long, "1.000005"));
        assert_eq!(slug, entry_slug(&long, "1.000004"));
    }

    #[test]
    fn codes() {
        assert!(is_code("1.001193"));
        assert!(!is_code("1.00119"));
        assert!(!is_code("1001193"));
    }
}
