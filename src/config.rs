//! `sites/<folder>/site.yaml`: the raw file ([`SiteFile`], the whole schema) and the validated
//! [`SiteConfig`], checked against the vendored official commune list. Format: `docs/site-yaml.md`.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::communes::{self, Commune};
use crate::contact;
use crate::diag::{Diagnostics, Span};
use crate::msg;
use crate::placeholders;
use crate::text;
use crate::yaml::{self, Spanned};

/// The raw `site.yaml`, exactly as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteFile {
    /// Official 5-digit commune code (the site's identity).
    pub code: Spanned<String>,
    /// Full official name, e.g. "Phường Cẩm Thành".
    pub name: Spanned<String>,
    /// `xã`, `phường` or `đặc khu`.
    #[serde(rename = "type")]
    pub kind: Spanned<String>,
    /// Province: name ("Quảng Ngãi", "Tỉnh Quảng Ngãi") or 2-digit code.
    pub province: Spanned<String>,
    /// Street address of the People's Committee.
    pub address: Spanned<String>,
    /// Map coordinates of the office.
    #[serde(default)]
    pub map: Option<Spanned<MapFile>>,
    /// Office hours, one line per group of days.
    #[serde(default)]
    pub office_hours: Vec<OfficeHoursFile>,
    /// Hotline or office phone.
    #[serde(default)]
    pub hotline: Option<Spanned<String>>,
    /// Office e-mail.
    #[serde(default)]
    pub email: Option<Spanned<String>>,
    /// Zalo Official Account link.
    #[serde(default)]
    pub zalo_oa: Option<Spanned<String>>,
    /// Provincial public-service portal.
    #[serde(default)]
    pub province_portal: Option<Spanned<String>>,
    /// The national portal's internal id (UUID) of this ward, for preselected submit links.
    #[serde(default)]
    pub dvc_ward_id: Option<Spanned<String>>,
    /// Where the site is published: `https://domain/` or `https://domain/sub/path/`.
    pub base_url: Spanned<String>,
    /// Theme folder under `themes/`.
    #[serde(default)]
    pub theme: Option<Spanned<String>>,
    /// Languages, the first is the main one (default `[vi]`).
    #[serde(default)]
    pub languages: Vec<Spanned<String>>,
    /// Short description for search engines and link previews.
    #[serde(default)]
    pub description: Option<String>,
    /// Ways residents send feedback (phản ánh, kiến nghị).
    #[serde(default)]
    pub feedback: FeedbackFile,
    /// Audience vocabulary for announcements and events.
    #[serde(default)]
    pub audiences: Vec<Spanned<VocabFile>>,
    /// Hamlets / residential groups (thôn, tổ dân phố, ấp, bản).
    #[serde(default)]
    pub hamlets: Vec<Spanned<VocabFile>>,
    /// Warn when a procedure's facts were last checked longer ago than this (days; default 365).
    #[serde(default)]
    pub procedure_max_age_days: Option<u32>,
    /// Earlier folder names of this site; a redirect is written at each.
    #[serde(default)]
    pub former_slugs: Vec<Spanned<String>>,
    /// Illustrative content: every page shows a banner saying so.
    #[serde(default)]
    pub demo: bool,
    /// Not published until the required contacts are filled in and no placeholder is left.
    #[serde(default)]
    pub draft: Option<Spanned<bool>>,
}

/// Map coordinates.
#[derive(Debug, Deserialize, Clone, Copy)]
#[serde(deny_unknown_fields)]
pub struct MapFile {
    /// Latitude, degrees north.
    pub lat: f64,
    /// Longitude, degrees east.
    pub lon: f64,
}

/// One line of office hours.
#[derive(Debug, Deserialize, Clone, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct OfficeHoursFile {
    /// "Thứ Hai – Thứ Sáu".
    pub days: String,
    /// "7:00 – 11:30, 13:30 – 17:00".
    pub hours: String,
}

/// Feedback channels; each is optional.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct FeedbackFile {
    /// Phone for feedback (default: the site's hotline).
    #[serde(default)]
    pub hotline: Option<Spanned<String>>,
    /// E-mail for feedback (default: the site's e-mail).
    #[serde(default)]
    pub email: Option<Spanned<String>>,
    /// Zalo link for feedback (default: the Zalo OA).
    #[serde(default)]
    pub zalo: Option<Spanned<String>>,
    /// Link the national feedback portal (default true).
    #[serde(default)]
    pub national_portal: Option<bool>,
    /// Where the in-person mailbox is.
    #[serde(default)]
    pub mailbox: Option<String>,
    /// Citizen reception schedule.
    #[serde(default)]
    pub reception: Option<String>,
}

/// An entry of a vocabulary: a stable id used in front matter and the name residents read.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct VocabFile {
    /// Stable id, e.g. `nguoi-cao-tuoi`.
    pub id: String,
    /// Display name, e.g. "Người cao tuổi".
    pub name: String,
}

pub use crate::contact::Phone;

/// Feedback channels resolved against the site's own contacts.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Feedback {
    /// Phone.
    pub hotline: Option<Phone>,
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

/// The base URL split so pages can build canonical URLs and root-relative paths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// Whole URL, ending in `/`.
    pub url: String,
    /// Path part, starting and ending with `/`.
    pub path: String,
}

/// A validated site.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    /// Folder name under `sites/`, also the output folder name.
    pub folder: String,
    /// Absolute path of the site folder.
    pub dir: PathBuf,
    /// The site folder relative to the project root (`sites/<folder>`), for messages.
    pub rel_dir: PathBuf,
    /// The official unit.
    pub commune: Commune,
    /// Address.
    pub address: String,
    /// Latitude and longitude.
    pub map: Option<(f64, f64)>,
    /// Office hours.
    pub office_hours: Vec<OfficeHoursFile>,
    /// Hotline.
    pub hotline: Option<Phone>,
    /// E-mail.
    pub email: Option<String>,
    /// Zalo OA link.
    pub zalo_oa: Option<String>,
    /// Provincial portal link.
    pub province_portal: Option<String>,
    /// National portal ward UUID.
    pub dvc_ward_id: Option<String>,
    /// Base URL.
    pub base_url: BaseUrl,
    /// Theme name.
    pub theme: String,
    /// Languages, main first.
    pub languages: Vec<String>,
    /// Description.
    pub description: String,
    /// Feedback channels.
    pub feedback: Feedback,
    /// Audience vocabulary, in file order.
    pub audiences: Vec<VocabFile>,
    /// Hamlets, in file order.
    pub hamlets: Vec<VocabFile>,
    /// Maximum age of procedure facts in days.
    pub procedure_max_age_days: u32,
    /// Former folder names.
    pub former_slugs: Vec<String>,
    /// Where each former slug is written in `site.yaml` (same order), for project-wide checks.
    pub former_at: Vec<Span>,
    /// Where the commune code is written in `site.yaml`.
    pub code_at: Span,
    /// Demo banner.
    pub demo: bool,
    /// Draft: not published.
    pub draft: bool,
    /// Placeholders left from `congxa new site` in site.yaml (errors; empty for a draft). Kept
    /// apart so the site's pages are still checked and every placeholder is listed in one pass;
    /// the build adds them to the site's problems, so the site is not published.
    pub placeholders: Diagnostics,
}

/// Languages the default theme ships UI strings for; others need `themes/<t>/i18n/<lang>.yaml`.
pub const DEFAULT_LANGUAGE: &str = "vi";

/// Loads and validates `site.yaml` of the site in `dir`. Problems go to `diags`; `None` when the
/// file cannot be used at all.
pub fn load(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Option<SiteConfig> {
    let folder = dir.file_name()?.to_string_lossy().into_owned();
    let rel_dir = crate::fsx::rel(root, dir);
    let file = rel_dir.join("site.yaml");
    let text = match crate::fsx::read_text(root, &dir.join("site.yaml"), &file) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let raw: SiteFile = match yaml::parse(&text, &file, 1) {
        Ok(r) => r,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let mut cfg = from_raw(raw, folder, dir.to_path_buf(), rel_dir, diags)?;
    if !cfg.draft {
        crate::placeholders::scan(&text, &file, true, &mut cfg.placeholders);
        cfg.placeholders.sort();
    }
    Some(cfg)
}

/// Validates a parsed file. Every problem is reported; a site with errors still yields a
/// config when its identity is known, so later checks can run on its content too.
pub fn from_raw(
    raw: SiteFile,
    folder: String,
    dir: PathBuf,
    rel_dir: PathBuf,
    diags: &mut Diagnostics,
) -> Option<SiteConfig> {
    let file = rel_dir.join("site.yaml");
    // Destructured exhaustively so a new field cannot be forgotten here.
    let SiteFile {
        code,
        name,
        kind,
        province,
        address,
        map,
        office_hours,
        hotline,
        email,
        zalo_oa,
        province_portal,
        dvc_ward_id,
        base_url,
        theme,
        languages,
        description,
        feedback,
        audiences,
        hamlets,
        procedure_max_age_days,
        former_slugs,
        demo,
        draft,
    } = raw;
    let commune = check_identity(&file, &folder, &code, &name, &kind, &province, diags)?;
    let draft_at = draft.as_ref().map(|d| yaml::span(&file, d));
    let draft = draft.is_some_and(|d| d.value);
    let placeholders = if draft {
        Diagnostics::new()
    } else {
        let written = Written {
            file: &file,
            folder: &folder,
            address: &address,
            hotline: hotline.as_ref(),
            email: email.as_ref(),
            base_url: &base_url,
            draft_at,
            demo,
        };
        placeholders_left(&written, &commune)
    };
    let address = address.value;

    let map = map.and_then(|m| check_map(&file, &m, diags));
    let hotline = hotline.and_then(|h| phone(&file, &h, diags));
    let email = email.and_then(|e| check_email(&file, &e, diags));
    let zalo_oa = zalo_oa.and_then(|u| check_url(&file, "zalo_oa", &u, diags));
    let province_portal =
        province_portal.and_then(|u| check_url(&file, "province_portal", &u, diags));
    let dvc_ward_id = dvc_ward_id.and_then(|u| check_dvc_ward_id(&file, u, diags));
    let base_url = check_base_url(&file, &base_url, diags);

    let theme = theme.map_or_else(|| "default".to_owned(), |t| check_theme(&file, t, diags));
    let langs = check_languages(&file, &languages, diags);
    let feedback = feedback_of(&file, feedback, (&hotline, &email, &zalo_oa), diags);
    let audiences = vocabulary(&file, "audiences", audiences, diags);
    let hamlets = vocabulary(&file, "hamlets", hamlets, diags);
    let (former, former_at) = check_former_slugs(&file, &folder, former_slugs, diags);
    let description = description.unwrap_or_else(|| default_description(&commune));

    Some(SiteConfig {
        folder,
        dir,
        rel_dir,
        commune,
        address,
        map,
        office_hours,
        hotline,
        email,
        zalo_oa,
        province_portal,
        dvc_ward_id,
        base_url,
        theme,
        languages: langs,
        description,
        feedback,
        audiences,
        hamlets,
        procedure_max_age_days: procedure_max_age_days.unwrap_or(365),
        former_slugs: former,
        former_at,
        code_at: yaml::span(&file, &code),
        demo,
        draft,
        placeholders,
    })
}

/// Feedback channels: those written under `feedback:`, else the site's own contacts.
fn feedback_of(
    file: &Path,
    feedback: FeedbackFile,
    (hotline, email, zalo_oa): (&Option<Phone>, &Option<String>, &Option<String>),
    diags: &mut Diagnostics,
) -> Feedback {
    Feedback {
        hotline: feedback
            .hotline
            .and_then(|h| phone(file, &h, diags))
            .or_else(|| hotline.clone()),
        email: feedback
            .email
            .and_then(|e| check_email(file, &e, diags))
            .or_else(|| email.clone()),
        zalo: feedback
            .zalo
            .and_then(|u| check_url(file, "feedback.zalo", &u, diags))
            .or_else(|| zalo_oa.clone()),
        national_portal: feedback.national_portal.unwrap_or(true),
        mailbox: feedback.mailbox,
        reception: feedback.reception,
    }
}

fn default_description(commune: &Commune) -> String {
    format!(
        "Trang thông tin điện tử của {}, {}: thủ tục hành chính, thông báo, liên hệ.",
        commune.name, commune.province_name
    )
}

fn check_map(file: &Path, m: &Spanned<MapFile>, diags: &mut Diagnostics) -> Option<(f64, f64)> {
    let v = &m.value;
    let in_vn = (8.0..=23.5).contains(&v.lat) && (102.0..=117.5).contains(&v.lon);
    if !in_vn {
        diags.error_hint(
            yaml::span(file, m),
            msg!(
                "tọa độ bản đồ nằm ngoài Việt Nam ({}, {})",
                "map coordinates are outside Viet Nam ({}, {})",
                v.lat,
                v.lon
            ),
            msg!(
                "`lat` là vĩ độ (8–23,5), `lon` là kinh độ (102–117,5), dùng dấu chấm thập phân.",
                "`lat` is latitude (8–23.5), `lon` longitude (102–117.5), with a decimal point."
            ),
        );
        return None;
    }
    Some((v.lat, v.lon))
}

fn check_dvc_ward_id(file: &Path, u: Spanned<String>, diags: &mut Diagnostics) -> Option<String> {
    if is_uuid(&u.value) {
        Some(u.value)
    } else {
        diags.error_hint(
            yaml::span(file, &u),
            msg!(
                "`dvc_ward_id` không phải mã UUID",
                "`dvc_ward_id` is not a UUID"
            ),
            msg!(
                "dạng đúng: 019bad30-cd8e-7296-afa5-244e16a5d8d3; bỏ khóa này nếu chưa biết.",
                "expected form 019bad30-cd8e-7296-afa5-244e16a5d8d3; leave it out if unknown."
            ),
        );
        None
    }
}

fn check_theme(file: &Path, t: Spanned<String>, diags: &mut Diagnostics) -> String {
    if t.value.is_empty()
        || !t
            .value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        diags.error(
            yaml::span(file, &t),
            msg!(
                "tên giao diện `{}` không hợp lệ",
                "invalid theme name `{}`",
                t.value
            ),
        );
    }
    t.value
}

/// The site's languages, in order, the main one first; `vi` when none is written.
fn check_languages(
    file: &Path,
    languages: &[Spanned<String>],
    diags: &mut Diagnostics,
) -> Vec<String> {
    let mut langs: Vec<String> = Vec::new();
    for l in languages {
        let ok = l.value.len() >= 2
            && l.value.len() <= 8
            && l.value.chars().all(|c| c.is_ascii_lowercase() || c == '-');
        if !ok {
            diags.error_hint(
                yaml::span(file, l),
                msg!(
                    "mã ngôn ngữ `{}` không hợp lệ",
                    "invalid language code `{}`",
                    l.value
                ),
                msg!(
                    "dùng mã BCP 47 viết thường, ví dụ `vi`, `en`.",
                    "use a lower-case BCP 47 code such as `vi`, `en`."
                ),
            );
        } else if langs.contains(&l.value) {
            diags.error(
                yaml::span(file, l),
                msg!(
                    "ngôn ngữ `{}` bị lặp",
                    "language `{}` listed twice",
                    l.value
                ),
            );
        } else {
            langs.push(l.value.clone());
        }
    }
    if langs.is_empty() {
        langs.push(DEFAULT_LANGUAGE.to_owned());
    }
    langs
}

/// The former slugs that can redirect, with where each was written.
fn check_former_slugs(
    file: &Path,
    folder: &str,
    former_slugs: Vec<Spanned<String>>,
    diags: &mut Diagnostics,
) -> (Vec<String>, Vec<Span>) {
    let mut former = Vec::new();
    let mut former_at = Vec::new();
    for s in former_slugs {
        let ok = !s.value.is_empty() && s.value == text::slugify(&s.value) && s.value != folder;
        if ok && is_root_name(&s.value) {
            diags.error_hint(
                yaml::span(file, &s),
                msg!("tên cũ `{}` trùng với tệp chung của cả dự án", "former slug `{}` is the name of a project-wide file", s.value),
                msg!("thư mục gốc của bản đăng có tệp chung ({}); xóa tên này khỏi `former_slugs`.", "the output's root holds project-wide files ({}); remove this name from `former_slugs`.", ROOT_NAMES.join(", ")),
            );
        } else if ok {
            former_at.push(yaml::span(file, &s));
            former.push(s.value);
        } else {
            diags.error_hint(
                yaml::span(file, &s),
                msg!("tên cũ `{}` không hợp lệ", "invalid former slug `{}`", s.value),
                msg!("chỉ dùng chữ thường không dấu, số và dấu gạch ngang, khác tên thư mục hiện tại.", "use lower-case ASCII letters, digits and dashes, different from the current folder."),
            );
        }
    }
    (former, former_at)
}

/// What `site.yaml` says about its contacts and address, with where each was written.
struct Written<'a> {
    file: &'a Path,
    folder: &'a str,
    address: &'a Spanned<String>,
    hotline: Option<&'a Spanned<String>>,
    email: Option<&'a Spanned<String>>,
    base_url: &'a Spanned<String>,
    draft_at: Option<Span>,
    demo: bool,
}

/// A site leaving draft must hold nothing `congxa new site` wrote for the clerk to replace:
/// an empty address, no contact, the temporary example.vn address, the example number or
/// e-mail. A demo site (`demo: true`, a banner on every page) may keep example contacts.
/// What a published (not draft) site still has of the scaffold's placeholders, kept apart so a
/// draft can be checked without them.
fn placeholders_left(w: &Written<'_>, commune: &Commune) -> Diagnostics {
    let mut found = Diagnostics::new();
    check_placeholders(w, commune, &mut found);
    found
}

fn check_placeholders(w: &Written<'_>, commune: &Commune, diags: &mut Diagnostics) {
    let file = w.file;
    if w.address.value.trim().is_empty() {
        diags.error_hint(
            yaml::span(file, w.address),
            msg!("chưa có địa chỉ trụ sở (`address`)", "`address` is empty"),
            msg!(
                "viết địa chỉ Ủy ban nhân dân đầy đủ như trên phong bì, ví dụ `address: \"<số nhà, đường hoặc thôn>, {}, {}\"`; muốn để sau thì giữ `draft: true`.",
                "write the office address as on an envelope, e.g. `address: \"<house number, street or hamlet>, {}, {}\"`; to finish later, keep `draft: true`.",
                commune.name,
                commune.province_name,
            ),
        );
    }
    if w.hotline.is_none() && w.email.is_none() {
        diags.error_hint(
            w.draft_at.clone().unwrap_or_else(|| Span::at(file, 1, 1)),
            msg!(
                "trang chưa có số điện thoại (`hotline`) hoặc thư điện tử (`email`)",
                "the site has neither `hotline` nor `email`"
            ),
            msg!(
                "thêm dòng `hotline: \"...\"` với số trực thật của Ủy ban nhân dân (hoặc `email:`), như khi bấm gọi, ví dụ `hotline: \"0255 3822 123\"`; muốn để sau thì giữ `draft: true`.",
                "add a line `hotline: \"...\"` with the committee's real number (or `email:`), e.g. `hotline: \"0255 3822 123\"`; to finish later, keep `draft: true`.",
            ),
        );
    }
    if let Some(h) = w.hotline
        && !w.demo
        && text::phone_digits(&h.value).is_some_and(|d| placeholders::is_example_phone(&d))
    {
        diags.error_hint(
            yaml::span(file, h),
            msg!(
                "`hotline` vẫn là số ví dụ {} của `congxa new site`",
                "`hotline` is still the example number {} written by `congxa new site`",
                placeholders::EXAMPLE_PHONE
            ),
            msg!(
                "thay bằng số trực thật của Ủy ban nhân dân, viết như khi bấm gọi; muốn để sau thì giữ `draft: true`.",
                "write the committee's real number as dialled; to finish later, keep `draft: true`.",
            ),
        );
    }
    if let Some(e) = w.email
        && !w.demo
        && e.value
            .trim()
            .eq_ignore_ascii_case(&placeholders::example_email(&commune.short_name))
    {
        diags.error_hint(
            yaml::span(file, e),
            msg!(
                "`email` vẫn là địa chỉ ví dụ `{}` của `congxa new site`",
                "`email` is still the example address `{}` written by `congxa new site`",
                e.value.trim()
            ),
            msg!(
                "thay bằng hộp thư công vụ thật của Ủy ban nhân dân (thường có đuôi .gov.vn), hoặc xóa dòng này nếu đã có `hotline`; muốn để sau thì giữ `draft: true`.",
                "write the committee's real official mailbox (usually ending in .gov.vn), or delete the line if `hotline` is set; to finish later, keep `draft: true`.",
            ),
        );
    }
    if placeholders::is_temporary_base_url(&w.base_url.value, w.folder) {
        diags.error_hint(
            yaml::span(file, w.base_url),
            msg!(
                "`base_url` vẫn là địa chỉ tạm `{}` của `congxa new site`",
                "`base_url` is still the temporary address `{}` written by `congxa new site`",
                w.base_url.value.trim()
            ),
            msg!(
                "thay bằng địa chỉ cán bộ công nghệ thông tin của tỉnh cấp cho trang, ví dụ `base_url: \"https://{}.{}.gov.vn/\"`; muốn để sau thì giữ `draft: true`.",
                "write the address the province's IT staff gave the site, e.g. `base_url: \"https://{}.{}.gov.vn/\"`; to finish later, keep `draft: true`.",
                text::slugify(&commune.short_name).replace('-', ""),
                commune.province_slug.replace('-', ""),
            ),
        );
    }
}

/// The error for a code the official list does not have, naming the right code when the name
/// and province match a unit.
fn unknown_code(
    file: &Path,
    code: &Spanned<String>,
    name: &Spanned<String>,
    province: &Spanned<String>,
    diags: &mut Diagnostics,
) {
    let reg = communes::registry();
    // Suggest the unit whose name matches, if the clerk wrote the right name.
    let by_name: Vec<&Commune> = reg
        .by_code
        .values()
        .filter(|c| same_name(&c.name, &name.value) && province_matches(c, &province.value))
        .collect();
    let hint = match by_name.first() {
        Some(c) => msg!(
            "mã của {} ({}) là `{}`.",
            "the code of {} ({}) is `{}`.",
            c.name,
            c.province_name,
            c.code
        ),
        None => msg!(
            "mã xã gồm 5 chữ số theo Quyết định 19/2025/QĐ-TTg, viết trong ngoặc kép, ví dụ code: \"21025\".",
            "the commune code has 5 digits (Decision 19/2025/QĐ-TTg), quoted, e.g. code: \"21025\"."
        ),
    };
    diags.error_hint(
        yaml::span(file, code),
        msg!(
            "không có đơn vị hành chính mã `{}` trong danh mục 2025",
            "no 2025 administrative unit has code `{}`",
            code.value
        ),
        hint,
    );
}

fn check_identity(
    file: &Path,
    folder: &str,
    code: &Spanned<String>,
    name: &Spanned<String>,
    kind: &Spanned<String>,
    province: &Spanned<String>,
    diags: &mut Diagnostics,
) -> Option<Commune> {
    let reg = communes::registry();
    let Some(c) = reg.get(code.value.trim()) else {
        unknown_code(file, code, name, province, diags);
        return None;
    };
    if !same_name(&c.name, &name.value) {
        diags.error_hint(
            yaml::span(file, name),
            msg!(
                "tên `{}` không khớp với mã {}",
                "name `{}` does not match code {}",
                name.value,
                c.code
            ),
            msg!(
                "theo danh mục, mã {} là \"{}\" ({}).",
                "in the official list, code {} is \"{}\" ({}).",
                c.code,
                c.name,
                c.province_name
            ),
        );
    }
    if kind.value.trim() != c.kind {
        diags.error_hint(
            yaml::span(file, kind),
            msg!(
                "loại đơn vị `{}` không khớp với mã {}",
                "unit type `{}` does not match code {}",
                kind.value,
                c.code
            ),
            msg!(
                "theo danh mục là `{}`.",
                "the official list says `{}`.",
                c.kind
            ),
        );
    }
    if !province_matches(c, &province.value) {
        diags.error_hint(
            yaml::span(file, province),
            msg!(
                "tỉnh `{}` không khớp với mã {}",
                "province `{}` does not match code {}",
                province.value,
                c.code
            ),
            msg!(
                "theo danh mục là \"{}\".",
                "the official list says \"{}\".",
                c.province_short_name
            ),
        );
    }
    let alt = format!("{}-{}", c.slug, c.province_slug);
    if folder != c.slug && folder != alt {
        diags.warning_hint(
            Span::file(file),
            msg!("tên thư mục `{folder}` khác tên chuẩn `{}`", "folder name `{folder}` differs from the official slug `{}`", c.slug),
            msg!(
                "đổi tên thư mục thành `{}` (hoặc `{alt}` nếu trùng) và thêm `{folder}` vào `former_slugs` để giữ đường dẫn cũ.",
                "rename the folder to `{}` (or `{alt}` if taken) and add `{folder}` to `former_slugs` to keep old links.",
                c.slug
            ),
        );
    }
    Some(c.clone())
}

/// Names compare equal after NFC, case folding of the type prefix, and tone-mark placement
/// (hoà/hòa, thuỷ/thủy are both in use) and apostrophe style.
fn same_name(official: &str, written: &str) -> bool {
    let norm = |s: &str| {
        text::normalize_tone_placement(s.trim())
            .replace('’', "'")
            .to_lowercase()
    };
    norm(official) == norm(written)
}

fn province_matches(c: &Commune, written: &str) -> bool {
    let w = written.trim();
    w == c.province_code || same_name(&c.province_name, w) || same_name(&c.province_short_name, w)
}

/// Names at the root of the output that belong to the project (directory page, sitemap
/// index, robots.txt, the theme's assets) or that hosts give a meaning (a root 404 page): no
/// site folder or former slug may take one. Hidden names are never valid slugs.
pub const ROOT_NAMES: &[&str] = &[
    "assets",
    "index.html",
    "sitemap.xml",
    "robots.txt",
    "404.html",
];

/// Whether `name` (a site folder or former slug) would land on a project-level file.
pub fn is_root_name(name: &str) -> bool {
    name.starts_with('.') || ROOT_NAMES.contains(&name)
}

fn phone(file: &Path, s: &Spanned<String>, diags: &mut Diagnostics) -> Option<Phone> {
    contact::phone(yaml::span(file, s), &s.value, diags)
}

fn check_email(file: &Path, s: &Spanned<String>, diags: &mut Diagnostics) -> Option<String> {
    contact::email(yaml::span(file, s), &s.value, diags)
}

fn check_url(
    file: &Path,
    key: &str,
    s: &Spanned<String>,
    diags: &mut Diagnostics,
) -> Option<String> {
    contact::web_url(yaml::span(file, s), key, &s.value, diags)
}

fn check_base_url(file: &Path, s: &Spanned<String>, diags: &mut Diagnostics) -> BaseUrl {
    let v = s.value.trim();
    if !contact::is_web_url(v) || v.contains(['?', '#']) {
        diags.error_hint(
            yaml::span(file, s),
            msg!("`base_url` `{v}` không hợp lệ", "invalid `base_url` `{v}`"),
            msg!(
                "địa chỉ nơi trang được đăng, ví dụ https://camthanh.quangngai.gov.vn/ hoặc https://quangngai.gov.vn/phuong-cam-thanh/",
                "where the site is published, e.g. https://camthanh.quangngai.gov.vn/ or https://quangngai.gov.vn/phuong-cam-thanh/"
            ),
        );
        return BaseUrl {
            url: "https://example.invalid/".into(),
            path: "/".into(),
        };
    }
    let url = if v.ends_with('/') {
        v.to_owned()
    } else {
        format!("{v}/")
    };
    let after_scheme = url.split_once("://").map_or("", |(_, r)| r);
    let path = after_scheme
        .find('/')
        .map_or("/", |i| &after_scheme[i..])
        .to_owned();
    BaseUrl { url, path }
}

fn is_uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12])
        && s.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
}

/// Checks ids are slugs and unique; keeps the valid entries.
fn vocabulary(
    file: &Path,
    key: &str,
    items: Vec<Spanned<VocabFile>>,
    diags: &mut Diagnostics,
) -> Vec<VocabFile> {
    let mut out: Vec<VocabFile> = Vec::new();
    // A set, not a scan of `out`: a list of n ids is checked in n log n.
    let mut seen = std::collections::BTreeSet::new();
    for item in items {
        let span = yaml::span(file, &item);
        let v = item.value;
        // The id is a URL segment (`nhu-cau/<id>/`): bounded like every title-made segment.
        if v.id.is_empty() || v.id != text::slugify(&v.id) || v.id.len() > text::SLUG_MAX {
            let suggestion = text::slugify_bounded(if v.id.is_empty() { &v.name } else { &v.id });
            diags.error_hint(
                span,
                msg!(
                    "mã `{}` trong `{key}` không hợp lệ",
                    "invalid id `{}` in `{key}`",
                    v.id
                ),
                msg!(
                    "dùng chữ thường không dấu và dấu gạch ngang, tối đa {} ký tự, ví dụ `{suggestion}`.",
                    "use lower-case ASCII and dashes, at most {} characters, e.g. `{suggestion}`.",
                    text::SLUG_MAX
                ),
            );
        } else if !seen.insert(v.id.clone()) {
            diags.error(
                span,
                msg!(
                    "mã `{}` bị lặp trong `{key}`",
                    "id `{}` appears twice in `{key}`",
                    v.id
                ),
            );
        } else {
            out.push(v);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_str(folder: &str, yaml_text: &str) -> (Option<SiteConfig>, Diagnostics) {
        let mut d = Diagnostics::new();
        let rel = PathBuf::from("sites").join(folder);
        let raw = match yaml::parse::<SiteFile>(yaml_text, &rel.join("site.yaml"), 1) {
            Ok(r) => r,
            Err(e) => {
                d.push(e);
                return (None, d);
            }
        };
        let c = from_raw(raw, folder.into(), rel.clone(), rel, &mut d);
        (c, d)
    }

    const OK: &str = "code: \"21025\"\nname: Phường Cẩm Thành\ntype: phường\nprovince: Quảng Ngãi\naddress: a\nhotline: 0255 3822 123\nbase_url: https://x.gov.vn/a\n";

    #[test]
    fn valid_site() {
        let (c, d) = load_str("phuong-cam-thanh", OK);
        assert!(d.is_empty(), "{}", d.render(crate::diag::Lang::En));
        let c = c.unwrap();
        assert_eq!(c.base_url.path, "/a/");
        assert_eq!(c.hotline.unwrap().display, "0255 3822 123");
        assert_eq!(c.languages, ["vi"]);
    }

    #[test]
    fn wrong_name_for_code_gets_hint() {
        let (_, d) = load_str(
            "phuong-cam-thanh",
            &OK.replace("Phường Cẩm Thành", "Phường Cẩm Thạnh"),
        );
        let r = d.render(crate::diag::Lang::Vi);
        assert!(r.contains("sites/phuong-cam-thanh/site.yaml:2:7: tên `Phường Cẩm Thạnh` không khớp với mã 21025"), "{r}");
        assert!(r.contains("\"Phường Cẩm Thành\""), "{r}");
    }

    #[test]
    fn old_tone_placement_is_accepted() {
        let y = "code: \"02353\"\nname: Xã Hoà An\ntype: xã\nprovince: \"08\"\naddress: a\nemail: a@b.vn\nbase_url: https://x.gov.vn/\n";
        let (c, d) = load_str("xa-hoa-an", y);
        assert!(c.is_some());
        assert!(!d.has_errors(), "{}", d.render(crate::diag::Lang::En));
    }

    #[test]
    fn unknown_code_suggests_by_name() {
        let (_, d) = load_str("phuong-cam-thanh", &OK.replace("21025", "21026"));
        let r = d.render(crate::diag::Lang::Vi);
        assert!(r.contains("`21025`"), "{r}");
    }

    #[test]
    fn folder_with_province_suffix_is_fine() {
        let (_, d) = load_str("phuong-cam-thanh-quang-ngai", OK);
        assert!(d.is_empty());
    }
}
