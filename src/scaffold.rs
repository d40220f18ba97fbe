//! Scaffolding for commune staff: `congxa new site|page|announcement|event|procedure` and
//! `congxa init --province`. Fills templates from the vendored commune list and the build
//! clock's date. Writes only *new* source files under `sites/` (opened with `create_new`, so an
//! existing file is never overwritten: the command stops and names it); the one edit of an
//! existing file is inserting a `local:` entry into a site's `procedures.yaml`, which never
//! removes a line.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use time::Date;

use crate::communes::{self, Commune};
use crate::diag::{Diagnostics, Msg};
use crate::items::{ANNOUNCEMENTS, EVENTS};
use crate::msg;
use crate::placeholders;
use crate::text;

/// Why a scaffolding command did nothing.
#[derive(Debug)]
pub struct ScaffoldError {
    /// What is wrong.
    pub message: Msg,
    /// How to go on.
    pub hint: Option<Msg>,
    /// A usage error (unknown code, site or province: exit code 2) rather than a refusal to
    /// overwrite or an I/O failure (exit code 1).
    pub usage: bool,
}

impl ScaffoldError {
    fn usage(message: Msg, hint: Option<Msg>) -> Self {
        ScaffoldError {
            message,
            hint,
            usage: true,
        }
    }

    fn refused(message: Msg, hint: Option<Msg>) -> Self {
        ScaffoldError {
            message,
            hint,
            usage: false,
        }
    }
}

/// Result of a scaffolding step.
pub type Result<T> = std::result::Result<T, ScaffoldError>;

/// A site created by `new site` or `init`.
#[derive(Debug, Clone)]
pub struct SiteCreated {
    /// Folder under `sites/`.
    pub folder: String,
    /// The commune.
    pub commune: Commune,
    /// Files written, relative to the project root.
    pub files: Vec<PathBuf>,
}

/// What `init` did.
#[derive(Debug, Default)]
pub struct InitReport {
    /// Full name of the province.
    pub province: String,
    /// Sites created.
    pub created: Vec<SiteCreated>,
    /// Communes that already had a site: (code, folder).
    pub existing: Vec<(String, String)>,
}

/// Kind of content file `new` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// An ordinary page at the top of `content/`.
    Page,
    /// `content/thong-bao/<date>-<slug>.md`.
    Announcement,
    /// `content/su-kien/<slug>.md`.
    Event,
}

use crate::dates::iso_date;

/// A YAML double-quoted string.
fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Creates `root/rel` with `text`, refusing to replace anything.
fn create_new(root: &Path, rel: &Path, text: &str) -> Result<()> {
    let path = root.join(rel);
    let shown = rel.display().to_string().replace('\\', "/");
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| {
            ScaffoldError::refused(
                msg!(
                    "không tạo được thư mục cho `{shown}`: {e}",
                    "cannot create the folder of `{shown}`: {e}"
                ),
                None,
            )
        })?;
    }
    let mut f = match fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(ScaffoldError::refused(
                msg!(
                    "tệp `{shown}` đã có, không ghi đè",
                    "`{shown}` already exists; not overwritten"
                ),
                Some(msg!(
                    "sửa tệp đó, hoặc chọn tên (tiêu đề) khác.",
                    "edit that file, or choose another name (title)."
                )),
            ));
        }
        Err(e) => {
            return Err(ScaffoldError::refused(
                msg!(
                    "không ghi được `{shown}`: {e}",
                    "cannot write `{shown}`: {e}"
                ),
                None,
            ));
        }
    };
    f.write_all(text.as_bytes()).map_err(|e| {
        ScaffoldError::refused(
            msg!(
                "không ghi được `{shown}`: {e}",
                "cannot write `{shown}`: {e}"
            ),
            None,
        )
    })
}

#[derive(Deserialize)]
struct CodeOnly {
    code: String,
}

/// Site folders of the project and the commune code each declares (`None`: no readable code).
fn existing_sites(root: &Path) -> BTreeMap<String, Option<String>> {
    let mut out = BTreeMap::new();
    let Ok(rd) = fs::read_dir(root.join("sites")) else {
        return out;
    };
    for e in rd.filter_map(std::result::Result::ok) {
        if !e.path().is_dir() {
            continue;
        }
        let folder = e.file_name().to_string_lossy().into_owned();
        let file = e.path().join("site.yaml");
        let code = crate::fsx::read_text(root, &file, &file)
            .ok()
            .and_then(|t| crate::yaml::parse::<CodeOnly>(&t, &file, 1).ok())
            .map(|c| c.code.trim().to_owned());
        out.insert(folder, code);
    }
    out
}

/// The commune of `code` (leading zeros may be left out: `4` is `00004`).
fn commune(code: &str) -> Result<&'static Commune> {
    let reg = communes::registry();
    let c = code.trim();
    let padded = if !c.is_empty() && c.len() < 5 && c.chars().all(|d| d.is_ascii_digit()) {
        format!("{c:0>5}")
    } else {
        c.to_owned()
    };
    if let Some(found) = reg.get(&padded) {
        return Ok(found);
    }
    // The clerk may have typed a name: suggest the code of the unit so named.
    let folded = text::fold(c);
    let by_name: Vec<&Commune> = reg
        .by_code
        .values()
        .filter(|u| {
            text::fold(&u.name) == folded || text::fold(&u.short_name) == folded || u.slug == c
        })
        .take(5)
        .collect();
    let hint = if by_name.is_empty() {
        msg!(
            "mã xã gồm 5 chữ số theo danh mục 2025 (data/vn-communes-2025.csv), ví dụ `congxa new site 21025`.",
            "the commune code has 5 digits (2025 list, data/vn-communes-2025.csv), e.g. `congxa new site 21025`."
        )
    } else {
        let list: Vec<String> = by_name
            .iter()
            .map(|u| format!("{} ({}, {})", u.code, u.name, u.province_name))
            .collect();
        msg!(
            "có phải ý bạn là: {}?",
            "did you mean: {}?",
            list.join("; ")
        )
    };
    Err(ScaffoldError::usage(
        msg!(
            "không có đơn vị hành chính mã `{c}` trong danh mục 2025",
            "no 2025 administrative unit has code `{c}`"
        ),
        Some(hint),
    ))
}

/// Chooses the folder of a new site for `c`: its official slug, or `<slug>-<province slug>` when
/// the slug is taken by another commune. `Err` when the commune already has a site.
fn choose_folder(c: &Commune, sites: &BTreeMap<String, Option<String>>) -> Result<String> {
    if let Some((folder, _)) = sites
        .iter()
        .find(|(_, code)| code.as_deref() == Some(c.code.as_str()))
    {
        return Err(ScaffoldError::refused(
            msg!(
                "{} (mã {}) đã có trang: sites/{folder}/site.yaml",
                "{} (code {}) already has a site: sites/{folder}/site.yaml",
                c.name,
                c.code
            ),
            Some(msg!(
                "không ghi đè; sửa các tệp trong sites/{folder}/.",
                "nothing was overwritten; edit the files in sites/{folder}/."
            )),
        ));
    }
    let candidates = [c.slug.clone(), format!("{}-{}", c.slug, c.province_slug)];
    for f in &candidates {
        if !sites.contains_key(f) {
            return Ok(f.clone());
        }
    }
    Err(ScaffoldError::refused(
        msg!(
            "thư mục sites/{} và sites/{} đều đã có, của đơn vị khác",
            "folders sites/{} and sites/{} both exist, for other communes",
            candidates[0],
            candidates[1]
        ),
        Some(msg!(
            "kiểm tra mã xã trong site.yaml của hai thư mục đó.",
            "check the commune code in the site.yaml of those folders."
        )),
    ))
}

/// `congxa new site <code>`: `sites/<slug>/` with site.yaml (a draft), starter pages and an
/// empty procedures.yaml.
pub fn new_site(root: &Path, code: &str, today: Date) -> Result<SiteCreated> {
    let c = commune(code)?;
    let sites = existing_sites(root);
    let folder = choose_folder(c, &sites)?;
    write_site(root, c, &folder, today)
}

/// `congxa init --province <code or slug>`: a site for every commune of the province that has
/// none yet.
pub fn init_province(root: &Path, province: &str, today: Date) -> Result<InitReport> {
    let reg = communes::registry();
    let p = province.trim();
    let mut units = reg.province(p);
    if units.is_empty() {
        let folded = text::fold(p);
        units = reg
            .by_code
            .values()
            .filter(|c| {
                text::fold(&c.province_short_name) == folded
                    || text::fold(&c.province_name) == folded
            })
            .collect();
    }
    if units.is_empty() {
        let mut provinces: Vec<(&str, &str)> = reg
            .by_code
            .values()
            .map(|c| (c.province_slug.as_str(), c.province_code.as_str()))
            .collect();
        provinces.sort();
        provinces.dedup();
        let hint = match text::closest(p, provinces.iter().map(|(s, _)| *s)) {
            Some(s) => {
                let code = provinces
                    .iter()
                    .find(|(x, _)| *x == s)
                    .map_or("", |(_, c)| *c);
                msg!(
                    "có phải ý bạn là `{s}` (mã {code})?",
                    "did you mean `{s}` (code {code})?"
                )
            }
            None => msg!(
                "dùng mã tỉnh 2 chữ số (ví dụ 79) hoặc tên không dấu (ví dụ ho-chi-minh).",
                "use the 2-digit province code (e.g. 79) or its slug (e.g. ho-chi-minh)."
            ),
        };
        return Err(ScaffoldError::usage(
            msg!(
                "không có tỉnh, thành phố `{p}` trong danh mục 2025",
                "no province `{p}` in the 2025 list"
            ),
            Some(hint),
        ));
    }
    let mut report = InitReport {
        province: units[0].province_name.clone(),
        ..InitReport::default()
    };
    let mut sites = existing_sites(root);
    for c in units {
        if let Some((folder, _)) = sites
            .iter()
            .find(|(_, code)| code.as_deref() == Some(c.code.as_str()))
        {
            report.existing.push((c.code.clone(), folder.clone()));
            continue;
        }
        let folder = choose_folder(c, &sites)?;
        let created = write_site(root, c, &folder, today)?;
        sites.insert(folder, Some(c.code.clone()));
        report.created.push(created);
    }
    Ok(report)
}

fn write_site(root: &Path, c: &Commune, folder: &str, today: Date) -> Result<SiteCreated> {
    let dir = PathBuf::from("sites").join(folder);
    let files: Vec<(PathBuf, String)> = vec![
        (dir.join("site.yaml"), site_yaml(c, folder, today)),
        (dir.join("content/_index.md"), home_page(c, today)),
        (dir.join("content/gioi-thieu.md"), about_page(c, today)),
        (dir.join("content/lien-he.md"), contact_page(c, today)),
        (dir.join("procedures.yaml"), procedures_yaml(c, folder)),
    ];
    if root.join(&dir).exists() {
        return Err(ScaffoldError::refused(
            msg!(
                "thư mục `{}` đã có, không ghi đè",
                "`{}` already exists; not overwritten",
                dir.display()
            ),
            None,
        ));
    }
    for (rel, text) in &files {
        create_new(root, rel, text)?;
    }
    Ok(SiteCreated {
        folder: folder.to_owned(),
        commune: c.clone(),
        files: files.into_iter().map(|(p, _)| p).collect(),
    })
}

/// Marker of the hotline placeholder in a new site.yaml (tests and the guide refer to it).
pub const HOTLINE_PLACEHOLDER: &str = "# hotline: \"0912 345 678\"";

fn site_yaml(c: &Commune, folder: &str, today: Date) -> String {
    let kind_short = c.kind.clone();
    format!(
        r#"# Trang thông tin điện tử của {name}, {province}.
# Tạo bằng `congxa new site {code}` ngày {today}. Cách viết tệp này: docs/site-yaml.md
#
# TRANG ĐANG LÀ BẢN NHÁP (draft: true): `congxa build` chưa đăng trang này.
# Khi đã điền địa chỉ và ít nhất một cách liên hệ (hotline hoặc email) bên dưới,
# đổi dòng cuối thành `draft: false` rồi chạy `congxa check --site {folder}`.

# Danh tính đơn vị, theo danh mục đơn vị hành chính năm 2025 (không sửa).
code: "{code}"
name: "{name}"
type: "{kind_short}"
province: "{province_short}"

# Địa chỉ trụ sở Ủy ban nhân dân, viết đầy đủ như trên phong bì (cần điền trước khi đăng).
address: ""

# Giờ làm việc (bỏ dấu # ở đầu các dòng để dùng):
# office_hours:
#   - days: "Thứ Hai – Thứ Sáu"
#     hours: "Sáng 7:00 – 11:30, chiều 13:30 – 17:00"

# Số điện thoại trực, trong ngoặc kép; cần hotline hoặc email (hoặc cả hai) trước khi đăng.
{hotline}
# email: "{email}"

# Địa chỉ nơi trang sẽ được đăng. ĐÂY LÀ ĐỊA CHỈ TẠM: thay bằng địa chỉ cán bộ công nghệ
# thông tin của tỉnh cấp, ví dụ "https://{short_slug}.{province_slug}.gov.vn/".
base_url: "{base_url}"

draft: true
"#,
        name = c.name,
        province = c.province_name,
        province_short = c.province_short_name,
        province_slug = c.province_slug.replace('-', ""),
        code = c.code,
        today = iso_date(today),
        hotline = HOTLINE_PLACEHOLDER,
        short_slug = text::slugify(&c.short_name).replace('-', ""),
        email = placeholders::example_email(&c.short_name),
        base_url = placeholders::temporary_base_url(folder),
    )
}

fn home_page(c: &Commune, today: Date) -> String {
    format!(
        r#"---
title: {title}
description: {description}
updated: "{today}"
---

Chào mừng bà con đến với trang thông tin của {name}, {province}.

Tại đây, bà con xem được cần chuẩn bị giấy tờ gì cho từng thủ tục hành chính, nộp hồ sơ ở đâu và
gọi ai khi cần. Xem thêm [giới thiệu về {lower}](gioi-thieu.md) và [cách liên hệ](lien-he.md).
"#,
        title = quote(&c.name),
        description = quote(&format!(
            "Trang thông tin của {}, {}: thủ tục hành chính, thông báo và cách liên hệ.",
            c.name, c.province_name
        )),
        today = iso_date(today),
        name = c.name,
        lower = lower_first(&c.name),
        province = c.province_name,
    )
}

fn lower_first(s: &str) -> String {
    let mut ch = s.chars();
    match ch.next() {
        Some(f) => f.to_lowercase().chain(ch).collect(),
        None => String::new(),
    }
}

fn about_page(c: &Commune, today: Date) -> String {
    let formers = communes::registry().formers(&c.code);
    let mut history = String::new();
    if formers.is_empty() {
        let _ = writeln!(
            history,
            "{} là đơn vị hành chính cấp xã từ ngày 1/7/2025.",
            c.name
        );
    } else {
        let _ = writeln!(
            history,
            "{} được thành lập từ ngày 1/7/2025. Theo danh mục đơn vị hành chính, địa bàn {} gồm toàn bộ hoặc một phần các đơn vị cũ sau:\n",
            c.name,
            lower_first(&c.name)
        );
        for f in formers {
            let _ = writeln!(
                history,
                "- {} ({}, {})",
                f.name, f.district_name, f.province_name
            );
        }
    }
    format!(
        r#"---
title: "Giới thiệu"
description: {description}
updated: "{today}"
weight: 1
nav: true
---

## Vị trí

[Cần điền: vị trí, diện tích, dân số, các thôn, tổ dân phố.]

## Quá trình thành lập

{history}
## Nhiệm vụ

[Cần điền: nhiệm vụ, quyền hạn của Ủy ban nhân dân và các bộ phận.]
"#,
        description = quote(&format!(
            "Vị trí, quá trình thành lập và nhiệm vụ của Ủy ban nhân dân {}.",
            c.name
        )),
        today = iso_date(today),
    )
}

fn contact_page(c: &Commune, today: Date) -> String {
    format!(
        r#"---
title: "Liên hệ"
description: {description}
updated: "{today}"
weight: 3
nav: true
# Địa chỉ, đường dây nóng, thư điện tử và giờ làm việc hiện ở đầu trang này, lấy từ
# site.yaml: sửa ở đó, không viết lại số điện thoại ở đây.
---

## Bộ phận một cửa

[Cần điền: nơi nộp hồ sơ, giờ nhận hồ sơ, số điện thoại hỗ trợ.]
"#,
        description = quote(&format!(
            "Địa chỉ, giờ làm việc và số điện thoại của Ủy ban nhân dân {}.",
            c.name
        )),
        today = iso_date(today),
    )
}

fn procedures_yaml(c: &Commune, folder: &str) -> String {
    format!(
        r#"# Thông tin riêng của {name} cho các thủ tục trong danh mục chung (content/procedures/).
# Cách viết tệp này: docs/procedure-overrides.md
#
# Để trống thì trang đăng đủ mọi thủ tục của danh mục chung, chưa kèm thông tin riêng.
# Thêm mức lệ phí của tỉnh, nơi nộp, cán bộ phụ trách cho một thủ tục bằng lệnh:
#   congxa new procedure {folder} <mã thủ tục>
# ví dụ: congxa new procedure {folder} 1.001193
#
# Thông tin dùng chung cho mọi thủ tục (bỏ dấu # ở đầu các dòng để dùng):
# defaults:
#   place: "Bộ phận một cửa, tầng 1, trụ sở Ủy ban nhân dân"
#   fee_basis: "Nghị quyết số .../NQ-HĐND của Hội đồng nhân dân tỉnh"
"#,
        name = c.name,
    )
}

/// The folder of an existing site, or a usage error suggesting the closest one.
fn site_dir(root: &Path, site: &str) -> Result<PathBuf> {
    let rel = PathBuf::from("sites").join(site);
    let ok = !site.is_empty()
        && site == text::slugify(site)
        && root.join(&rel).join("site.yaml").is_file();
    if ok {
        return Ok(rel);
    }
    let sites = existing_sites(root);
    let hint = match text::closest(site, sites.keys().map(String::as_str)) {
        Some(s) => msg!("có phải ý bạn là `{s}`?", "did you mean `{s}`?"),
        None => msg!(
            "tên trang là tên thư mục trong sites/; tạo trang mới bằng `congxa new site <mã xã>`.",
            "the site is a folder name in sites/; create one with `congxa new site <commune code>`."
        ),
    };
    Err(ScaffoldError::usage(
        msg!(
            "không có trang `{site}` trong sites/",
            "no site `{site}` in sites/"
        ),
        Some(hint),
    ))
}

/// Slug of a title for a file name, at most 80 characters (cut at a dash).
fn title_slug(title: &str) -> Result<String> {
    let mut slug = text::slugify(title);
    if slug.len() > 80 {
        let cut = slug[..80].rfind('-').unwrap_or(80);
        slug.truncate(cut);
    }
    if slug.is_empty() {
        return Err(ScaffoldError::usage(
            msg!(
                "tiêu đề `{title}` không có chữ hoặc số để đặt tên tệp",
                "title `{title}` has no letters or digits to name the file"
            ),
            Some(msg!(
                "viết tiêu đề trong ngoặc kép, ví dụ \"Lịch tiếp công dân\".",
                "quote the title, e.g. \"Lịch tiếp công dân\"."
            )),
        ));
    }
    Ok(slug)
}

/// `congxa new page|announcement|event <site> "<title>"`: writes the file, returns its path
/// relative to the root.
pub fn new_page(
    root: &Path,
    site: &str,
    title: &str,
    kind: PageKind,
    today: Date,
) -> Result<PathBuf> {
    let dir = site_dir(root, site)?;
    let title = title.trim();
    let slug = title_slug(title)?;
    let day = iso_date(today);
    let (rel, text) = match kind {
        PageKind::Page => (
            dir.join("content").join(format!("{slug}.md")),
            format!(
                "---\ntitle: {t}\n# Một câu tóm tắt trang (hiện trên kết quả tìm kiếm, khi chia sẻ qua Zalo):\n# description: \"\"\nupdated: \"{day}\"\n---\n\nViết nội dung trang ở đây (cách viết: docs/page-format.md).\n",
                t = quote(title)
            ),
        ),
        PageKind::Announcement => {
            let cats: Vec<&str> = crate::items::CATEGORIES.iter().map(|(id, _)| *id).collect();
            (
                dir.join("content")
                    .join(ANNOUNCEMENTS)
                    .join(format!("{day}-{slug}.md")),
                format!(
                    "---\ntitle: {t}\ndate: \"{day}\"\nupdated: \"{day}\"\n# Loại thông báo: {cats}\ncategory: hanh-chinh\n# Đối tượng (mã trong audiences hoặc hamlets của site.yaml), ví dụ [nguoi-cao-tuoi]:\naudiences: []\n# Thông báo khẩn hiện dải cảnh báo trên mọi trang; khi đặt true, thêm expires: \"{day}T17:00:00+07:00\"\nurgent: false\n---\n\nViết nội dung thông báo ở đây: việc gì, ai cần làm gì, trước ngày nào, hỏi ai.\n",
                    t = quote(title),
                    cats = cats.join(", ")
                ),
            )
        }
        PageKind::Event => (
            dir.join("content").join(EVENTS).join(format!("{slug}.md")),
            format!(
                "---\ntitle: {t}\n# Giờ bắt đầu và kết thúc, giờ Việt Nam:\nstart: \"{day}T08:00:00+07:00\"\nend: \"{day}T10:00:00+07:00\"\n# Nơi tổ chức: đang ghi trụ sở Ủy ban nhân dân, sửa nếu tổ chức ở nơi khác\n# (họp trực tuyến thì thay dòng này bằng online_url: \"https://...\"):\nplace: {p}\nupdated: \"{day}\"\n---\n\nViết nội dung sự kiện ở đây: ai nên đến, cần mang gì.\n",
                t = quote(title),
                p = quote(&office_place(root, &dir)),
            ),
        ),
    };
    create_new(root, &rel, &text)?;
    Ok(rel)
}

/// Where a new event takes place until the clerk says otherwise: the office address from
/// site.yaml, else the committee's name (a draft site may have no address yet). Never empty:
/// an event without a place fails `check`.
fn office_place(root: &Path, dir: &Path) -> String {
    let mut ignored = Diagnostics::new();
    let Some(cfg) = crate::config::load(root, &root.join(dir), &mut ignored) else {
        return "Trụ sở Ủy ban nhân dân".to_owned();
    };
    let address = cfg.address.trim();
    let committee = format!("Trụ sở Ủy ban nhân dân {}", cfg.commune.name);
    if address.is_empty() || address.contains(placeholders::MARK) {
        committee
    } else {
        format!("{committee}, {address}")
    }
}

/// The codes `congxa new procedure` takes: the catalog's, with their short names and fees, and
/// the site's own procedures (`sites/<site>/procedures/<code>.yaml`).
fn known_procedures(root: &Path, dir: &Path) -> BTreeMap<String, (String, Vec<Fee>)> {
    let mut diags = Diagnostics::new();
    let catalog = crate::procedures::load_catalog(root, &mut diags);
    let mut known: BTreeMap<String, (String, Vec<Fee>)> = catalog
        .procedures
        .values()
        .map(|p| {
            let fees = p
                .raw
                .fees
                .iter()
                .map(|f| (f.id.clone(), f.name.clone(), f.set_by_province))
                .collect();
            (p.code.clone(), (p.raw.short_name.clone(), fees))
        })
        .collect();
    // The site's own procedures (sites/<site>/procedures/<code>.yaml) take local entries too.
    if let Ok(rd) = fs::read_dir(root.join(dir).join("procedures")) {
        for e in rd.filter_map(std::result::Result::ok) {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "yaml") {
                let c = p
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                known
                    .entry(c)
                    .or_insert_with(|| (String::new(), Vec::new()));
            }
        }
    }
    known
}

/// The text of `procedures.yaml`, empty when there is none.
fn existing_text(root: &Path, path: &Path, rel: &Path) -> Result<String> {
    if !crate::fsx::present(path) {
        return Ok(String::new());
    }
    // Bytes, not `read_text`: the file is written back, and its line ends must stay.
    let bytes =
        crate::fsx::read_bytes(root, path, rel, crate::fsx::MAX_TEXT_BYTES).map_err(|d| {
            let (vi, en) = (&d.message.vi, &d.message.en);
            let shown = rel.display();
            ScaffoldError::refused(msg!("`{shown}`: {vi}", "`{shown}`: {en}"), d.hint)
        })?;
    String::from_utf8(bytes).map_err(|e| {
        ScaffoldError::refused(
            msg!(
                "không đọc được `{}`: {e}",
                "cannot read `{}`: {e}",
                rel.display()
            ),
            None,
        )
    })
}

/// `congxa new procedure <site> <code>`: adds a commented `local:` entry for a catalog
/// procedure to the site's procedures.yaml (created when missing). Returns its path.
pub fn new_procedure(root: &Path, site: &str, code: &str) -> Result<PathBuf> {
    let dir = site_dir(root, site)?;
    let code = code.trim().trim_matches('"');
    let known = known_procedures(root, &dir);
    let Some((short_name, fees)) = known.get(code) else {
        let hint = match text::closest(code, known.keys().map(String::as_str)) {
            Some(c) => msg!(
                "có phải ý bạn là `{c}` ({})?",
                "did you mean `{c}` ({})?",
                known[c].0
            ),
            None => msg!(
                "xem các mã trong content/procedures/.",
                "see the codes in content/procedures/."
            ),
        };
        return Err(ScaffoldError::usage(
            msg!(
                "không có thủ tục mã `{code}` trong danh mục",
                "no procedure with code `{code}` in the catalog"
            ),
            Some(hint),
        ));
    };
    let rel = dir.join("procedures.yaml");
    let path = root.join(&rel);
    let existing = existing_text(root, &path, &rel)?;
    let updated = insert_local(&existing, code, short_name, fees).map_err(|(line, m)| {
        let shown = rel.display().to_string().replace('\\', "/");
        ScaffoldError::refused(
            Msg::new(
                format!("{shown}:{line}: {}", m.vi),
                format!("{shown}:{line}: {}", m.en),
            ),
            Some(msg!(
                "sửa trực tiếp tệp đó (docs/procedure-overrides.md).",
                "edit that file by hand (docs/procedure-overrides.md)."
            )),
        )
    })?;
    // Written in place: the file is the clerk's own source, and the change only adds lines.
    fs::write(&path, updated).map_err(|e| {
        ScaffoldError::refused(
            msg!(
                "không ghi được `{}`: {e}",
                "cannot write `{}`: {e}",
                rel.display()
            ),
            None,
        )
    })?;
    Ok(rel)
}

/// The `local:` entry of a procedure: every key commented out except an empty `fees` map, so
/// the file stays valid until the clerk fills it in.
/// A catalog fee: id, name, whether the province sets its amount.
type Fee = (String, String, bool);

fn local_entry(code: &str, short_name: &str, fees: &[Fee]) -> String {
    let mut e = String::new();
    let name = if short_name.is_empty() {
        String::new()
    } else {
        format!("  # {short_name}")
    };
    let _ = writeln!(e, "  \"{code}\":{name}");
    let _ = writeln!(
        e,
        "    # Bỏ dấu # ở đầu dòng nào cần dùng; xem docs/procedure-overrides.md, mục 3."
    );
    let provincial: Vec<&Fee> = fees.iter().filter(|f| f.2).collect();
    if provincial.is_empty() {
        let _ = writeln!(
            e,
            "    # Thủ tục này không có khoản phí do tỉnh quyết định."
        );
    } else {
        // A flow map, so the entry stays a valid mapping until the clerk writes the amounts (an
        // entry whose keys are all commented out would be null, which is an error).
        let example: Vec<String> = provincial
            .iter()
            .map(|(id, _, _)| format!("{id}: 8000"))
            .collect();
        let _ = writeln!(
            e,
            "    # Mức thu do HĐND tỉnh quyết định, bằng đồng, viết liền (8000, không viết 8.000),"
        );
        let _ = writeln!(
            e,
            "    # ghi vào giữa hai dấu ngoặc, ví dụ: fees: {{ {} }}",
            example.join(", ")
        );
        for (id, fname, _) in &provincial {
            let _ = writeln!(e, "    #   {id}: {fname}");
        }
    }
    let _ = writeln!(e, "    fees: {{}}");
    for line in [
        "# fee_basis: \"Nghị quyết số .../NQ-HĐND của Hội đồng nhân dân tỉnh\"",
        "# place: \"Quầy số ..., Bộ phận một cửa\"",
        "# hours: \"Chỉ ghi khi khác giờ làm việc chung\"",
        "# online: \"toan-trinh\"  # hoặc \"mot-phan\", \"khong\": theo danh mục tỉnh đã công bố",
        "# official:",
        "#   name: \"Họ và tên cán bộ\"",
        "#   role: \"Chức danh, ví dụ Công chức Tư pháp – Hộ tịch\"",
        "#   phone: \"0912 345 678\"",
        "# note: \"Ghi chú ngắn hiện ở đầu trang thủ tục\"",
    ] {
        let _ = writeln!(e, "    {line}");
    }
    e
}

/// Inserts the entry of `code` into the `local:` block of `text` (or appends a block).
/// `Err((line, why))` when the file already has that code or a `local` the tool cannot extend.
fn insert_local(
    text: &str,
    code: &str,
    short_name: &str,
    fees: &[Fee],
) -> std::result::Result<String, (usize, Msg)> {
    let entry = local_entry(code, short_name, fees);
    let lines: Vec<&str> = text.lines().collect();
    let mut local_at = None;
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let key = trimmed
            .split(':')
            .next()
            .unwrap_or_default()
            .trim()
            .trim_matches(['"', '\'']);
        if !trimmed.starts_with('#')
            && line.starts_with(' ')
            && key == code
            && trimmed.contains(':')
        {
            return Err((
                i + 1,
                msg!(
                    "đã có mục cho thủ tục {code}",
                    "there is already an entry for procedure {code}"
                ),
            ));
        }
        if let Some(rest) = line.strip_prefix("local:") {
            let rest = rest.trim();
            if !(rest.is_empty() || rest.starts_with('#')) {
                return Err((
                    i + 1,
                    msg!(
                        "không tự thêm được vào `local` viết trên một dòng",
                        "cannot add to a one-line `local`"
                    ),
                ));
            }
            local_at = Some(i);
        }
    }
    let mut out = String::new();
    match local_at {
        Some(at) => {
            for (i, line) in lines.iter().enumerate() {
                out.push_str(line);
                out.push('\n');
                if i == at {
                    out.push_str(&entry);
                }
            }
        }
        None => {
            out.push_str(text);
            if !out.is_empty() && !out.ends_with('\n') {
                out.push('\n');
            }
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str("# Thông tin riêng theo từng mã thủ tục.\nlocal:\n");
            out.push_str(&entry);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::procedures::schema::OverridesFile;

    fn parse(t: &str) -> std::result::Result<OverridesFile, String> {
        crate::yaml::parse::<OverridesFile>(t, Path::new("p.yaml"), 1).map_err(|d| d.message.en)
    }

    #[test]
    fn new_procedures_yaml_is_valid_and_empty() {
        let c = communes::registry()
            .get("26734")
            .cloned()
            .unwrap_or_else(|| {
                communes::registry()
                    .by_code
                    .values()
                    .next()
                    .cloned()
                    .unwrap()
            });
        let t = procedures_yaml(&c, "x");
        let o = parse(&t).unwrap();
        assert!(o.only.is_none() && o.hide.is_empty() && o.local.is_empty());
    }

    #[test]
    fn local_entries_are_inserted_valid_and_never_twice() {
        let fees = vec![
            ("le-phi".to_owned(), "Lệ phí".to_owned(), true),
            ("phi".to_owned(), "Phí".to_owned(), false),
        ];
        let c = communes::registry()
            .by_code
            .values()
            .next()
            .cloned()
            .unwrap();
        let t = insert_local(&procedures_yaml(&c, "x"), "1.001193", "Khai sinh", &fees).unwrap();
        let o = parse(&t).unwrap();
        assert!(o.local["1.001193"].value.fees.is_empty());
        assert!(t.contains("fees: { le-phi: 8000 }"), "{t}");
        let filled = t.replace("    fees: {}", "    fees: { le-phi: 8000 }");
        assert_eq!(
            parse(&filled).unwrap().local["1.001193"].value.fees["le-phi"].value,
            8000
        );
        let t = insert_local(&t, "2.000815", "Chứng thực", &[]).unwrap();
        let o = parse(&t).unwrap();
        assert_eq!(o.local.len(), 2);
        assert!(o.local["2.000815"].value.fees.is_empty());
        let (line, m) = insert_local(&t, "1.001193", "", &[]).unwrap_err();
        assert!(line > 0 && m.en.contains("already"), "{line} {}", m.en);
        // An existing `local:` block gets the entry inside it.
        let t = insert_local(
            "hide:\n  - \"1.1\"\nlocal:\n  \"1.2\":\n    place: \"a\"\n",
            "1.001193",
            "",
            &[],
        )
        .unwrap();
        let o = parse(&t).unwrap();
        assert_eq!(o.local.len(), 2);
        assert!(insert_local("local: {}\n", "1.001193", "", &[]).is_err());
    }

    #[test]
    fn titles_become_short_slugs() {
        assert_eq!(
            title_slug("Lịch tiếp công dân tháng 12").unwrap(),
            "lich-tiep-cong-dan-thang-12"
        );
        assert!(title_slug("!!!").is_err());
        assert!(title_slug(&"dài ".repeat(50)).unwrap().len() <= 80);
        assert_eq!(quote("a \"b\" \\ c"), r#""a \"b\" \\ c""#);
    }

    #[derive(serde::Deserialize)]
    struct Place {
        place: String,
    }

    proptest::proptest! {
        /// Whatever site.yaml's address holds, the `place:` that `new event` writes from it reads
        /// back (with a YAML parser) as the same text on one line.
        #[test]
        fn new_event_place_reads_back_as_written(address in ".*") {
            let text = format!("place: {}\n", quote(&address));
            let back: Place = crate::yaml::parse(&text, Path::new("e.md"), 2)
                .map_err(|d| proptest::test_runner::TestCaseError::fail(d.message.en))?;
            let want: String = address
                .chars()
                .filter_map(|c| match c {
                    '\n' | '\r' | '\t' => Some(' '),
                    c if c.is_control() => None,
                    c => Some(c),
                })
                .collect();
            proptest::prop_assert_eq!(back.place, want);
        }
    }
}
