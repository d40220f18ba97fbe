//! Raw file formats of the procedure catalog (`content/procedures/<code>.yaml`), the life-event
//! vocabulary (`content/life-events.yaml`), the portal's province ids
//! (`content/portal-provinces.yaml`) and a site's overrides (`sites/<folder>/procedures.yaml`).
//! Documented with examples in `docs/procedure-format.md` and `docs/procedure-overrides.md`.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::yaml::Spanned;

/// One procedure, as written in `content/procedures/<code>.yaml` (or a site's own
/// `sites/<folder>/procedures/<code>.yaml`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcedureFile {
    /// Official code (mã thủ tục), e.g. "1.001193"; must equal the file name.
    pub code: Spanned<String>,
    /// Official name, e.g. "Thủ tục đăng ký khai sinh".
    pub name: String,
    /// The name residents use, e.g. "Đăng ký khai sinh" (page title).
    pub short_name: String,
    /// Field (lĩnh vực), e.g. "Hộ tịch".
    pub field: String,
    /// Life events it belongs to: ids from `content/life-events.yaml`.
    #[serde(default)]
    pub life_events: Vec<Spanned<String>>,
    /// One to three plain-language sentences: what it is for.
    pub summary: String,
    /// Who may apply (đối tượng thực hiện).
    pub who_may_apply: Vec<String>,
    /// Conditions (điều kiện), empty when there are none.
    #[serde(default)]
    pub conditions: Vec<String>,
    /// The body that decides (cơ quan giải quyết).
    pub deciding_body: String,
    /// Ways to submit (cách thức thực hiện).
    pub submission: SubmissionFile,
    /// Where to submit, in general terms; the site adds its own address.
    #[serde(default)]
    pub where_note: Option<String>,
    /// Order of steps (trình tự thực hiện).
    pub steps: Vec<String>,
    /// Documents (thành phần, số lượng hồ sơ).
    pub documents: DocumentsFile,
    /// Processing time (thời hạn giải quyết).
    pub processing_time: ProcessingTimeFile,
    /// Result (kết quả).
    pub result: Vec<String>,
    /// Fees and exemptions (phí, lệ phí).
    pub fees: FeesFile,
    /// Legal basis (căn cứ pháp lý).
    pub legal_basis: Vec<LegalBasisFile>,
    /// Related procedures: a code, or a code with its name for one outside the catalog.
    #[serde(default)]
    pub related: Vec<Spanned<RelatedFile>>,
    /// The procedure replacing this one once the portal's record says it is abolished: a code in
    /// the catalog. Shown on the page with a link; wins over the official layer's `successor`.
    #[serde(default)]
    pub successor: Option<Spanned<String>>,
    /// National portal record.
    pub portal: PortalFile,
    /// Provenance of the facts.
    pub facts: FactsFile,
}

/// One related procedure: `"1.001193"`, or `{ code: "2.000528", name: "…" }` for one outside
/// the catalog. A bare code must be in the catalog (or the site's own procedures) to be shown; one
/// outside it needs the name the national catalogue gives it, so the page never shows a bare code
/// to a resident. Read by hand rather than as an untagged enum, whose one error message ("data
/// did not match any variant") would tell a clerk nothing.
#[derive(Debug, Clone)]
pub enum RelatedFile {
    /// A code.
    Code(String),
    /// A code with its name.
    Named {
        /// Official code.
        code: String,
        /// Its name in the national catalogue, shown as the link text.
        name: String,
    },
}

impl<'de> Deserialize<'de> for RelatedFile {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{self, MapAccess, Visitor};
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RelatedFile;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a quoted procedure code such as \"1.001193\", or { code, name }")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RelatedFile, E> {
                Ok(RelatedFile::Code(v.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<RelatedFile, A::Error> {
                const FIELDS: &[&str] = &["code", "name"];
                let (mut code, mut name) = (None, None);
                while let Some(k) = m.next_key::<String>()? {
                    match k.as_str() {
                        "code" if code.is_none() => code = Some(m.next_value::<String>()?),
                        "name" if name.is_none() => name = Some(m.next_value::<String>()?),
                        "code" | "name" => {
                            return Err(de::Error::duplicate_field(
                                FIELDS[usize::from(k == "name")],
                            ));
                        }
                        other => return Err(de::Error::unknown_field(other, FIELDS)),
                    }
                }
                Ok(RelatedFile::Named {
                    code: code.ok_or_else(|| de::Error::missing_field("code"))?,
                    name: name.ok_or_else(|| de::Error::missing_field("name"))?,
                })
            }
        }
        d.deserialize_any(V)
    }
}

/// Ways to submit.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct SubmissionFile {
    /// In person at the commune's public-service centre.
    pub in_person: bool,
    /// By post.
    pub post: bool,
    /// Online level: `toan-trinh` (fully online), `mot-phan` (partly), `khong` (not online).
    pub online: Spanned<String>,
    /// Where online and how (e.g. "Cổng Dịch vụ công quốc gia hoặc ứng dụng VNeID").
    #[serde(default)]
    pub online_note: Option<String>,
}

/// Documents to submit and to present.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct DocumentsFile {
    /// Documents to hand in.
    pub submit: Vec<DocumentFile>,
    /// Documents to show (not kept).
    #[serde(default)]
    pub present: Vec<DocumentFile>,
    /// General notes about the papers.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// One document of the checklist.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct DocumentFile {
    /// What it is.
    pub name: String,
    /// Number of copies (default 1).
    #[serde(default)]
    pub copies: Option<u32>,
    /// Only in this case ("Nếu trẻ bị bỏ rơi").
    #[serde(default)]
    pub when: Option<String>,
    /// The official form (mẫu đơn, tờ khai).
    #[serde(default)]
    pub form: Option<FormFile>,
    /// A short note.
    #[serde(default)]
    pub note: Option<String>,
}

/// A form with its link.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct FormFile {
    /// "Tờ khai đăng ký khai sinh (mẫu TT 04/2024/TT-BTP)".
    pub name: String,
    /// Link to the form (https) or a file in the site's `static/`.
    #[serde(default)]
    pub url: Option<Spanned<String>>,
}

/// Processing time.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct ProcessingTimeFile {
    /// Plain words, e.g. "Trong ngày; nhận sau 15 giờ thì trả vào ngày làm việc tiếp theo".
    pub text: String,
    /// Upper bound in working days, if the law gives one.
    #[serde(default)]
    pub working_days: Option<u32>,
}

/// Fees and exemptions.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct FeesFile {
    /// Each fee (may be empty when the procedure is free: say so in `exemptions`, or give a fee
    /// with `amount: 0`).
    pub items: Vec<FeeFile>,
    /// Who else pays nothing (people, not deadlines: a deadline goes in the fee's `free_when`).
    #[serde(default)]
    pub exemptions: Vec<String>,
}

/// One fee. It has exactly one of `amount` and `set_by_province: true`.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct FeeFile {
    /// Stable id a site uses to set its amount, e.g. `le-phi`.
    pub id: Spanned<String>,
    /// "Lệ phí đăng ký khai sinh".
    pub name: String,
    /// Amount in đồng, when it is the same everywhere (0 = always free).
    #[serde(default)]
    pub amount: Option<u64>,
    /// The provincial council sets it: shown as "Theo Nghị quyết của HĐND tỉnh" until the site
    /// gives the amount in its `procedures.yaml`.
    #[serde(default)]
    pub set_by_province: bool,
    /// When the fee is not charged, in words that follow "Miễn phí nếu" ("đăng ký trong 60 ngày
    /// kể từ ngày trẻ sinh ra"); the page and the printout say it before the amount.
    #[serde(default)]
    pub free_when: Option<Spanned<String>>,
    /// Per what ("bản", "trang").
    #[serde(default)]
    pub unit: Option<String>,
    /// A short note.
    #[serde(default)]
    pub note: Option<String>,
}

/// One legal document.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct LegalBasisFile {
    /// Number and symbol (số ký hiệu), e.g. "60/2014/QH13".
    pub number: String,
    /// Title, e.g. "Luật Hộ tịch".
    pub title: String,
}

/// The national public-service portal's record.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct PortalFile {
    /// The record's UUID (`formalityId`); without it the page links the portal's keyword search.
    #[serde(default)]
    pub formality_id: Option<Spanned<String>>,
}

/// Where the facts come from and how sure we are.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct FactsFile {
    /// Date the facts were last checked, YYYY-MM-DD.
    pub checked: Spanned<String>,
    /// Source (which record, which legal text).
    pub source: String,
    /// Whether every fact was checked against an official source.
    pub verified: bool,
    /// Elements not yet verified (shown as such on the page): `documents`, `steps`,
    /// `processing_time`, `fees`, `conditions`, `legal_basis`, `result`, `who_may_apply`.
    #[serde(default)]
    pub unverified: Vec<Spanned<String>>,
}

/// `content/life-events.yaml`: the life events procedures are grouped by.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LifeEventsFile {
    /// The events, in display order.
    pub events: Vec<LifeEventFile>,
}

/// One life event.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct LifeEventFile {
    /// Stable id, e.g. `sinh-con`.
    pub id: String,
    /// "Sinh con".
    pub name: String,
    /// One sentence for residents.
    pub description: String,
}

/// `content/portal-provinces.yaml`: the national portal's UUID for each province.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PortalProvincesFile {
    /// By 2-digit province code.
    pub provinces: BTreeMap<String, PortalProvinceFile>,
}

/// One province on the portal.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct PortalProvinceFile {
    /// Province name, for people reading the file.
    pub name: String,
    /// The portal's UUID.
    pub dvc_province_id: String,
}

/// `sites/<folder>/procedures.yaml`: which procedures a site lists and its local facts.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct OverridesFile {
    /// List only these codes (default: every catalog procedure).
    #[serde(default)]
    pub only: Option<Vec<Spanned<String>>>,
    /// Hide these codes.
    #[serde(default)]
    pub hide: Vec<Spanned<String>>,
    /// Defaults for every procedure of the site (place, hours, phone).
    #[serde(default)]
    pub defaults: LocalFile,
    /// Local facts per procedure code.
    #[serde(default)]
    pub local: BTreeMap<String, Spanned<LocalFile>>,
}

/// Local facts of one procedure at one commune.
#[derive(Debug, Deserialize, Default, Clone)]
#[serde(deny_unknown_fields)]
pub struct LocalFile {
    /// Fee amounts set by the province, by fee id, in đồng; only for `set_by_province` fees.
    #[serde(default)]
    pub fees: BTreeMap<String, Spanned<u64>>,
    /// The provincial resolution that sets them, e.g. "Nghị quyết 12/2025/NQ-HĐND".
    #[serde(default)]
    pub fee_basis: Option<String>,
    /// Where to go in person (room, counter).
    #[serde(default)]
    pub place: Option<String>,
    /// When (if different from the office hours).
    #[serde(default)]
    pub hours: Option<String>,
    /// Responsible official.
    #[serde(default)]
    pub official: Option<OfficialFile>,
    /// Local online level (`toan-trinh`, `mot-phan`, `khong`), as the province published it.
    #[serde(default)]
    pub online: Option<Spanned<String>>,
    /// A local note shown at the top of the page.
    #[serde(default)]
    pub note: Option<String>,
}

/// The official who handles a procedure.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct OfficialFile {
    /// Name.
    pub name: String,
    /// Role, e.g. "Công chức Tư pháp – Hộ tịch".
    pub role: String,
    /// Work phone.
    #[serde(default)]
    pub phone: Option<Spanned<String>>,
}
