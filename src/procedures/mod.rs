//! Procedures: the shared catalog (`content/procedures/*.yaml`, loaded once for every site), the
//! life-event vocabulary, the portal's province ids, and a site's overrides
//! (`sites/<folder>/procedures.yaml`, `sites/<folder>/procedures/*.yaml`) resolved into the
//! [`SiteProcedure`] list a site's pages render.

pub mod schema;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use time::Date;

use crate::config::{Phone, SiteConfig};
use crate::content::parse_date;
use crate::diag::{Diagnostics, Span};
use crate::msg;
use crate::text;
use crate::yaml::{self, Spanned, spanned_pos};
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
    /// Related codes.
    pub related: Vec<String>,
    /// Life event ids.
    pub life_events: Vec<String>,
    /// Portal record id.
    pub formality_id: Option<String>,
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
            cat.life_events = f.events;
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
    check_slugs(cat.procedures.values(), diags);
    cat
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

fn at<T>(file: &Path, s: &Spanned<T>) -> Span {
    let (l, c) = spanned_pos(s);
    Span::at(file, l, c)
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
        portal,
        facts,
    } = raw;
    let file_code = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let code_ok = is_code(&code.value);
    if !code_ok {
        diags.error_hint(
            at(rel, &code),
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
            at(rel, &code),
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
    let mut required = |key: &str, empty: bool| {
        if empty {
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
    };
    required("name", name.trim().is_empty());
    required("short_name", short_name.trim().is_empty());
    required("field", field.trim().is_empty());
    required("summary", summary.trim().is_empty());
    required("who_may_apply", who_may_apply.is_empty());
    required("deciding_body", deciding_body.trim().is_empty());
    required("steps", steps.is_empty());
    required("documents.submit", documents.submit.is_empty());
    required(
        "processing_time.text",
        processing_time.text.trim().is_empty(),
    );
    required("result", result.is_empty());
    required(
        "fees.items",
        fees.items.is_empty() && fees.exemptions.is_empty(),
    );
    required("legal_basis", legal_basis.is_empty());
    required("facts.source", facts.source.trim().is_empty());

    let online = OnlineLevel::parse(&submission.online.value).unwrap_or_else(|| {
        bad_online(rel, &submission.online, diags);
        OnlineLevel::Khong
    });
    let checked = parse_date(&facts.checked.value).unwrap_or_else(|why| {
        let invalid = (
            msg!(
                "ngày `{}` trong `facts.checked` không hợp lệ (dạng \"YYYY-MM-DD\")",
                "invalid date `{}` in `facts.checked` (\"YYYY-MM-DD\")",
                facts.checked.value
            ),
            msg!(
                "viết ngày đối chiếu theo dạng \"YYYY-MM-DD\", ví dụ \"2026-11-23\".",
                "write the date checked as \"YYYY-MM-DD\", e.g. \"2026-11-23\"."
            ),
        );
        let (v, span) = (&facts.checked.value, at(rel, &facts.checked));
        crate::content::bad_date(diags, span, "facts.checked", v, why, invalid);
        Date::MIN
    });
    let mut unverified = Vec::new();
    for u in &facts.unverified {
        if ELEMENTS.contains(&u.value.as_str()) {
            unverified.push(u.value.clone());
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
    let mut events = Vec::new();
    for e in &life_events {
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
    let mut rel_codes = Vec::new();
    for r in &related {
        if is_code(&r.value) {
            rel_codes.push(r.value.clone());
        } else {
            diags.error(
                at(rel, r),
                msg!(
                    "mã thủ tục liên quan `{}` không hợp lệ",
                    "invalid related code `{}`",
                    r.value
                ),
            );
        }
    }
    let formality_id = portal.formality_id.and_then(|f| {
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
    });
    let mut fee_ids: Vec<&str> = Vec::new();
    for f in &fees.items {
        if f.id.value != text::slugify(&f.id.value)
            || f.id.value.is_empty()
            || fee_ids.contains(&f.id.value.as_str())
        {
            diags.error(
                at(rel, &f.id),
                msg!(
                    "mã phí `{}` không hợp lệ hoặc bị trùng",
                    "fee id `{}` invalid or duplicated",
                    f.id.value
                ),
            );
        }
        fee_ids.push(&f.id.value);
    }
    let docs = |list: &[DocumentFile], diags: &mut Diagnostics| -> Vec<Document> {
        list.iter()
            .map(|d| Document {
                name: d.name.clone(),
                copies: d.copies.unwrap_or(1),
                when: d.when.clone(),
                form_name: d.form.as_ref().map(|f| f.name.clone()),
                form_url: d.form.as_ref().and_then(|f| f.url.as_ref()).and_then(|u| {
                    if crate::config::is_web_url(&u.value) {
                        Some(u.value.clone())
                    } else {
                        diags.error(
                            at(rel, u),
                            msg!(
                                "đường dẫn mẫu đơn `{}` phải bắt đầu bằng https://",
                                "form link `{}` must start with https://",
                                u.value
                            ),
                        );
                        None
                    }
                }),
                note: d.note.clone(),
            })
            .collect()
    };
    let submit = docs(&documents.submit, diags);
    let present = docs(&documents.present, diags);
    if !code_ok {
        return None;
    }
    Some(Procedure {
        slug: text::slugify(&short_name),
        code: code.value,
        file: rel.to_path_buf(),
        online,
        checked,
        unverified,
        related: rel_codes,
        life_events: events,
        formality_id,
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
            fees: fees
                .items
                .into_iter()
                .map(|f| FeeFileView {
                    id: f.id.value,
                    name: f.name,
                    amount: f.amount,
                    set_by_province: f.set_by_province,
                    unit: f.unit,
                    note: f.note,
                })
                .collect(),
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
    /// "8.000 đồng", "Miễn phí" or "Theo Nghị quyết của HĐND tỉnh".
    pub amount: String,
    /// Per what.
    pub unit: Option<String>,
    /// Note.
    pub note: Option<String>,
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
    /// Defined by the site itself, not the shared catalog.
    pub own: bool,
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
    let ov_path = site.dir.join("procedures.yaml");
    let ov_rel = site.rel_dir.join("procedures.yaml");
    let overrides: OverridesFile = if crate::fsx::present(&ov_path) {
        read_yaml(root, &ov_path, &ov_rel, diags).unwrap_or_default()
    } else {
        OverridesFile::default()
    };
    let known = |code: &str, span: Span, diags: &mut Diagnostics| -> bool {
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
    };
    let mut selected: Vec<String> = match &overrides.only {
        Some(list) => list
            .iter()
            .filter(|c| known(&c.value, at(&ov_rel, c), diags))
            .map(|c| c.value.clone())
            .collect(),
        None => all.keys().cloned().collect(),
    };
    for h in &overrides.hide {
        if known(&h.value, at(&ov_rel, h), diags) {
            selected.retain(|c| c != &h.value);
        }
    }
    for (code, l) in &overrides.local {
        known(code, at(&ov_rel, l), diags);
    }
    let mut out: Vec<SiteProcedure> = Vec::new();
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
        for id in local.fees.keys() {
            if !proc.raw.fees.iter().any(|f| &f.id == id) {
                let ids: Vec<&str> = proc.raw.fees.iter().map(|f| f.id.as_str()).collect();
                diags.error_hint(
                    span.clone(),
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
        }
        let fees = proc
            .raw
            .fees
            .iter()
            .map(|f| {
                let local_amount = local.fees.get(&f.id).copied();
                let (amount, pending) = match (local_amount, f.amount, f.set_by_province) {
                    (Some(a), _, _) => (text::format_money(a), false),
                    (None, Some(a), _) => (text::format_money(a), false),
                    (None, None, _) => ("Theo Nghị quyết của HĐND tỉnh".to_owned(), true),
                };
                Fee {
                    name: f.name.clone(),
                    amount,
                    unit: f.unit.clone(),
                    note: f.note.clone(),
                    pending,
                }
            })
            .collect::<Vec<_>>();
        if fees.iter().any(|f| f.pending) {
            diags.warning_hint(
                span.clone(),
                msg!("thủ tục {code} ({}) chưa có mức lệ phí của tỉnh", "procedure {code} ({}) has no provincial fee amount yet", proc.raw.short_name),
                msg!(
                    "thêm `fees:` và `fee_basis:` cho mã {code} trong {} theo Nghị quyết của HĐND tỉnh.",
                    "add `fees:` and `fee_basis:` for {code} in {} from the provincial council's resolution.",
                    ov_rel.display()
                ),
            );
        }
        let age = (today - proc.checked).whole_days();
        if age > i64::from(site.procedure_max_age_days) {
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
        let official_phone = local
            .official
            .as_ref()
            .and_then(|o| o.phone.as_ref())
            .and_then(|p| {
                let ph = Phone::parse(&p.value);
                if ph.is_none() {
                    diags.error(
                        at(&ov_rel, p),
                        msg!(
                            "số điện thoại `{}` không hợp lệ",
                            "invalid phone number `{}`",
                            p.value
                        ),
                    );
                }
                ph
            });
        out.push(SiteProcedure {
            proc,
            local,
            online,
            fees,
            official_phone,
            own,
        });
    }
    // Related codes outside the catalog link to the portal search; say so once per site.
    for sp in &out {
        for r in &sp.proc.related {
            if !all.contains_key(r) {
                diags.warning_hint(
                    Span::file(&sp.proc.file),
                    msg!("thủ tục liên quan {r} không có trong danh mục; trang sẽ dẫn tới ô tìm kiếm của Cổng DVC quốc gia", "related procedure {r} is not in the catalog; the page links the national portal's search"),
                    msg!("thêm thủ tục {r} vào danh mục (content/procedures/{r}.yaml), hoặc bỏ mã {r} khỏi `related` của tệp này.", "add procedure {r} to the catalog (content/procedures/{r}.yaml), or remove {r} from this file's `related`."),
                );
            }
        }
    }
    out.sort_by(|a, b| text::collate(&a.proc.raw.short_name, &b.proc.raw.short_name));
    out
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
    fn codes() {
        assert!(is_code("1.001193"));
        assert!(!is_code("1.00119"));
        assert!(!is_code("1001193"));
    }
}
