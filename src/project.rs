//! Loading: the project's sites (configs of every site, so folder names, codes and the
//! directory page are checked project-wide), then, per selected site, its pages, static files
//! and procedures. The result is frozen: later stages only read it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use time::OffsetDateTime;
use walkdir::WalkDir;

use crate::config::{self, ROOT_NAMES, SiteConfig, is_root_name};
use crate::content::{self, Page};
use crate::diag::{Diagnostics, Span};
use crate::fsx;
use crate::msg;
use crate::procedures::{self, Catalog, SiteProcedure};
use crate::text;

/// Every site's configuration and the shared catalog.
#[derive(Debug)]
pub struct Project {
    /// Project root.
    pub root: PathBuf,
    /// Shared procedure catalog.
    pub catalog: Catalog,
    /// Sites by folder name, sorted.
    pub sites: BTreeMap<String, SiteConfig>,
    /// Site folders whose `site.yaml` could not be used (their folder names).
    pub broken: Vec<String>,
    /// Problems of the catalog and of `site.yaml` files.
    pub diags: Diagnostics,
}

/// A site with all its content loaded.
#[derive(Debug)]
pub struct Site {
    /// Project root (every read checks it stays inside).
    pub root: PathBuf,
    /// Configuration.
    pub config: SiteConfig,
    /// Published pages (drafts and scheduled ones left out), sorted by source path.
    pub pages: Vec<Page>,
    /// Every content path (published or not), for link checks and "did you mean".
    pub content_paths: Vec<String>,
    /// Content paths of drafts and scheduled pages: links to them are errors.
    pub hidden: Vec<String>,
    /// Content paths of pages that failed to load (already reported): links to them are not
    /// reported again.
    pub failed: Vec<String>,
    /// Files of `static/`, relative paths with `/`, sorted.
    pub static_files: Vec<String>,
    /// Procedures the site lists.
    pub procedures: Vec<SiteProcedure>,
    /// Life events of the catalog, in display order.
    pub life_events: Vec<crate::procedures::schema::LifeEventFile>,
    /// The portal's province UUIDs by province code.
    pub portal_provinces: BTreeMap<String, String>,
    /// Processed images by their path in `static/`.
    pub images: BTreeMap<String, crate::images::ImageInfo>,
    /// Image files to publish (resized, metadata stripped), replacing the originals.
    pub image_outputs: Vec<crate::outfile::Output>,
    /// Officials, organisation and digital team (`can-bo.yaml`, `to-chuc.yaml`,
    /// `to-cong-nghe-so.yaml`).
    pub people: crate::people::People,
    /// The `static/` files published as they are (every one but raster images), read.
    pub static_outputs: Vec<crate::outfile::Output>,
    /// The next moment the output changes without any file changing (a scheduled page
    /// appears, a banner expires, an event becomes past); `None` when nothing is pending.
    pub next_change: Option<OffsetDateTime>,
}

/// Earliest future moment at which the rendered site depends on the clock differently.
fn next_change(
    pages: &[Page],
    scheduled: &[OffsetDateTime],
    now: OffsetDateTime,
) -> Option<OffsetDateTime> {
    let mut times: Vec<OffsetDateTime> = scheduled.to_vec();
    for p in pages {
        match &p.extra {
            crate::items::Extra::Announcement(a) => times.extend(a.expires),
            crate::items::Extra::Event(e) => {
                times.push(e.start);
                times.push(e.end_or_default());
            }
            _ => {}
        }
    }
    times.into_iter().filter(|t| *t > now).min()
}

impl Project {
    /// Loads the catalog and every `sites/*/site.yaml`.
    pub fn load(root: &Path) -> Project {
        let mut diags = Diagnostics::new();
        let catalog = procedures::load_catalog(root, &mut diags);
        let mut sites = BTreeMap::new();
        let mut broken = Vec::new();
        let sites_dir = root.join("sites");
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(&sites_dir)
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.is_dir())
                    .collect()
            })
            .unwrap_or_default();
        dirs.sort();
        if dirs.is_empty() {
            diags.error_hint(
                Span::file(fsx::rel(root, &sites_dir)),
                msg!(
                    "không có trang xã nào trong thư mục sites/",
                    "no sites in sites/"
                ),
                msg!(
                    "tạo một trang bằng `congxa new site <mã xã>`.",
                    "create one with `congxa new site <commune code>`."
                ),
            );
        }
        for dir in dirs {
            let folder = dir
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            if !fsx::present(&dir.join("site.yaml")) {
                diags.error_hint(
                    Span::file(fsx::rel(root, &dir)),
                    msg!(
                        "thư mục trang `{folder}` không có tệp site.yaml",
                        "site folder `{folder}` has no site.yaml"
                    ),
                    msg!(
                        "tạo site.yaml (xem docs/site-yaml.md) hoặc xóa thư mục.",
                        "create site.yaml (see docs/site-yaml.md) or remove the folder."
                    ),
                );
                broken.push(folder);
                continue;
            }
            if folder != text::slugify(&folder) {
                diags.error_hint(
                    Span::file(fsx::rel(root, &dir)),
                    msg!(
                        "tên thư mục `{folder}` có ký tự không hợp lệ",
                        "folder name `{folder}` has invalid characters"
                    ),
                    msg!(
                        "dùng chữ thường không dấu, số và dấu gạch ngang, ví dụ `{}`.",
                        "use lower-case ASCII, digits and dashes, e.g. `{}`.",
                        text::slugify(&folder)
                    ),
                );
                broken.push(folder);
                continue;
            }
            if is_root_name(&folder) {
                diags.error_hint(
                    Span::file(fsx::rel(root, &dir)),
                    msg!(
                        "tên thư mục `{folder}` trùng với tệp chung của cả dự án",
                        "folder name `{folder}` is the name of a project-wide file"
                    ),
                    msg!(
                        "thư mục gốc của bản đăng có tệp chung ({}); đổi tên thư mục trang, ví dụ theo tên xã.",
                        "the output's root holds project-wide files ({}); rename the site folder, e.g. after the commune.",
                        ROOT_NAMES.join(", ")
                    ),
                );
                broken.push(folder);
                continue;
            }
            let mut site_diags = Diagnostics::new();
            match config::load(root, &dir, &mut site_diags) {
                Some(c) if !site_diags.has_errors() => {
                    sites.insert(folder, c);
                }
                _ => broken.push(folder),
            }
            diags.extend(site_diags);
        }
        check_identities(&mut sites, &mut broken, &mut diags);
        Project {
            root: root.to_path_buf(),
            catalog,
            sites,
            broken,
            diags,
        }
    }

    /// Source file count of a site (for shard balancing): content, static and override files.
    pub fn source_file_count(&self, folder: &str) -> usize {
        let Some(c) = self.sites.get(folder) else {
            return 0;
        };
        WalkDir::new(&c.dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .count()
    }
}

/// Two sites with one code, or a folder or former slug claimed twice, are errors; the site
/// whose `site.yaml` makes the claim is not built (it would redirect or shadow the other's
/// folder), so it moves from `sites` to `broken`.
fn check_identities(
    sites: &mut BTreeMap<String, SiteConfig>,
    broken: &mut Vec<String>,
    diags: &mut Diagnostics,
) {
    let mut refused: Vec<String> = Vec::new();
    let mut by_code: BTreeMap<&str, &SiteConfig> = BTreeMap::new();
    for s in sites.values() {
        if let Some(prev) = by_code.insert(&s.commune.code, s) {
            diags.error_hint(
                s.code_at.clone(),
                msg!(
                    "hai trang cùng mã xã {}: {} và {}",
                    "two sites share commune code {}: {} and {}",
                    s.commune.code,
                    prev.folder,
                    s.folder
                ),
                msg!(
                    "mỗi xã chỉ có một trang; xóa một thư mục.",
                    "each commune has one site; remove one folder."
                ),
            );
            refused.push(s.folder.clone());
        }
    }
    // Folders of broken sites count too: their output is still published.
    let mut slugs: BTreeMap<&str, &str> = sites
        .keys()
        .chain(broken.iter())
        .map(|k| (k.as_str(), k.as_str()))
        .collect();
    for s in sites.values() {
        for (f, at) in s.former_slugs.iter().zip(&s.former_at) {
            if let Some(owner) = slugs.insert(f, &s.folder) {
                diags.error_hint(
                    at.clone(),
                    msg!(
                        "tên cũ `{f}` trùng với trang `{owner}`",
                        "former slug `{f}` is already used by `{owner}`"
                    ),
                    msg!(
                        "một tên cũ chỉ thuộc về một trang, và không được là thư mục của trang khác; xóa tên này khỏi `former_slugs`.",
                        "a former slug belongs to one site and cannot be another site's folder; remove it from `former_slugs`."
                    ),
                );
                // Two former slugs alike: both sites would write the redirect, so neither does.
                // A site's own folder claimed: only the claimant is stopped.
                refused.push(s.folder.clone());
                if owner != f.as_str() {
                    refused.push(owner.to_owned());
                }
            }
        }
    }
    for f in refused {
        if sites.remove(&f).is_some() {
            broken.push(f);
        }
    }
    broken.sort();
}

/// An urgent notice already expired at build time shows no banner and has left the home page:
/// the clerk is told at its `expires` line, since it most often means a forgotten extension or
/// a notice that should no longer be marked urgent.
fn warn_expired_urgent(p: &Page, now: OffsetDateTime, diags: &mut Diagnostics) {
    let crate::items::Extra::Announcement(a) = &p.extra else {
        return;
    };
    let Some(expires) = a
        .expires
        .filter(|_| a.urgent && crate::items::is_expired(a, now))
    else {
        return;
    };
    let at = a.expires_at.clone().unwrap_or_else(|| Span::file(&p.file));
    diags.warning_hint(
        at,
        msg!(
            "thông báo khẩn đã hết hạn lúc {} nên không còn hiện dải cảnh báo, không còn ở trang chủ và mục \"Có gì mới\"",
            "the urgent announcement expired at {}; its banner is no longer shown and it has left the home page",
            text::format_datetime(expires)
        ),
        msg!(
            "đặt `urgent: false` nếu thông báo chỉ còn để tra cứu, hoặc gia hạn `expires` nếu vẫn còn hiệu lực.",
            "set `urgent: false` if it stays only for reference, or extend `expires` if it still applies."
        ),
    );
}

/// Loads a site's pages, static files and procedures. Problems go to `diags`.
pub fn load_site(
    project: &Project,
    config: &SiteConfig,
    now: OffsetDateTime,
    diags: &mut Diagnostics,
) -> Site {
    let root = &project.root;
    let static_files = static_files(root, config, diags);
    let Pages {
        pages,
        content_paths,
        hidden,
        failed,
        scheduled,
    } = load_pages(root, config, &static_files, now, diags);
    check_page_paths(&pages, diags);
    for p in &pages {
        warn_expired_urgent(p, now, diags);
    }
    let (images, image_outputs) =
        crate::images::process(root, &config.dir, &config.rel_dir, &static_files, diags);
    let today = now.to_offset(text::VN_OFFSET).date();
    let procedures = procedures::for_site(root, config, &project.catalog, today, diags);
    let overrides = config.dir.join("procedures.yaml");
    if !config.draft && overrides.is_file() {
        let file = fsx::rel(root, &overrides);
        // Its read errors are reported by `for_site` already.
        if let Ok(text) = fsx::read_text(root, &overrides, &file) {
            crate::placeholders::scan_procedures(&text, &file, diags);
        }
    }
    let people = crate::people::load(root, config, diags);
    let static_outputs = static_outputs(root, config, &static_files, diags);
    let mut site = Site {
        root: root.clone(),
        config: config.clone(),
        pages,
        content_paths,
        hidden,
        failed,
        static_files,
        procedures,
        life_events: project.catalog.life_events.clone(),
        portal_provinces: project.catalog.portal_provinces.clone(),
        images,
        image_outputs,
        people,
        static_outputs,
        next_change: None,
    };
    site.next_change = next_change(&site.pages, &scheduled, now);
    site
}

/// The pages of a site's `content/`, loaded and sorted by kind of outcome.
struct Pages {
    pages: Vec<Page>,
    content_paths: Vec<String>,
    hidden: Vec<String>,
    failed: Vec<String>,
    /// When scheduled pages appear.
    scheduled: Vec<OffsetDateTime>,
}

fn load_pages(
    root: &Path,
    config: &SiteConfig,
    static_files: &[String],
    now: OffsetDateTime,
    diags: &mut Diagnostics,
) -> Pages {
    let content_dir = config.dir.join("content");
    let mut audience_ids: Vec<String> = config
        .audiences
        .iter()
        .chain(config.hamlets.iter())
        .map(|v| v.id.clone())
        .collect();
    audience_ids.sort();
    // The walk's order (folder by folder) is not sorted as whole paths are.
    let mut sorted_static = static_files.to_vec();
    sorted_static.sort();
    let vocab = crate::items::Vocab {
        audiences: &audience_ids,
        static_files: &sorted_static,
    };
    let mut pages = Vec::new();
    let mut content_paths = Vec::new();
    let mut hidden = Vec::new();
    let (found, refused) = fsx::walk_files_and_refused(root, &content_dir, diags);
    // Refused pages (outside links, FIFOs) are reported once, as failed pages are.
    let mut failed: Vec<String> = refused.into_iter().filter(|r| r.ends_with(".md")).collect();
    let mut scheduled: Vec<OffsetDateTime> = Vec::new();
    for (path, rel) in found {
        let file = fsx::rel(root, &path);
        if !rel.ends_with(".md") {
            diags.warning_hint(
                Span::file(&file),
                msg!(
                    "tệp `{rel}` trong content/ không phải trang Markdown nên bị bỏ qua",
                    "`{rel}` in content/ is not a Markdown page and is ignored"
                ),
                msg!(
                    "ảnh và tệp đính kèm đặt trong thư mục static/.",
                    "put images and attachments in static/."
                ),
            );
            continue;
        }
        content_paths.push(rel.clone());
        let text = match fsx::read_text(root, &path, &file) {
            Ok(t) => t,
            Err(d) => {
                diags.push(d);
                failed.push(rel);
                continue;
            }
        };
        let loaded = content::load_page(&text, &file, &rel, now, &vocab, diags);
        // A published or scheduled page of a published site reaches residents: no placeholder.
        let public = !matches!(loaded, content::Loaded::Hidden(None));
        if public && !config.draft {
            crate::placeholders::scan(&text, &file, false, diags);
        }
        match loaded {
            content::Loaded::Page(p) => pages.push(*p),
            content::Loaded::Hidden(at) => {
                hidden.push(rel);
                scheduled.extend(at);
            }
            content::Loaded::Failed => failed.push(rel),
        }
    }
    Pages {
        pages,
        content_paths,
        hidden,
        failed,
        scheduled,
    }
}

/// The bytes of the `static/` files published as they are: raster images are published only as
/// processed, since their originals keep their metadata.
fn static_outputs(
    root: &Path,
    config: &SiteConfig,
    files: &[String],
    diags: &mut Diagnostics,
) -> Vec<crate::outfile::Output> {
    let mut out = Vec::new();
    for f in files.iter().filter(|f| !crate::images::is_raster(f)) {
        let shown = config.rel_dir.join("static").join(f);
        let max = fsx::MAX_STATIC_BYTES;
        match fsx::read_bytes(root, &config.dir.join("static").join(f), &shown, max) {
            Ok(bytes) => out.push(crate::outfile::Output {
                path: f.clone(),
                bytes,
            }),
            Err(d) => diags.push(d),
        }
    }
    out
}

/// The files of the site's `static/` it may publish (images included); the others are errors.
fn static_files(root: &Path, config: &SiteConfig, diags: &mut Diagnostics) -> Vec<String> {
    let mut files = Vec::new();
    for (_, rel) in fsx::walk_files(root, &config.dir.join("static"), diags) {
        if static_kind(&rel) == StaticKind::Refused {
            diags.push(refused_static(
                &config.rel_dir.join("static").join(&rel),
                &rel,
            ));
        } else {
            files.push(rel);
        }
    }
    files
}

fn check_page_paths(pages: &[Page], diags: &mut Diagnostics) {
    let mut seen: BTreeMap<&str, &Page> = BTreeMap::new();
    for p in pages {
        if let Some(prev) = seen.insert(&p.path, p) {
            diags.error_hint(
                Span::file(&p.file),
                msg!(
                    "trang này và {} có cùng đường dẫn `{}`",
                    "this page and {} have the same URL `{}`",
                    prev.file.display(),
                    p.path
                ),
                msg!("đổi tên một trong hai tệp.", "rename one of the files."),
            );
        }
    }
}

/// What becomes of a file of a site's `static/` folder, by its extension (any case).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaticKind {
    /// A photo or drawing: `images.rs` checks it, re-encodes it or refuses it.
    Image,
    /// Published byte for byte; hosts should send it with this MIME type (docs/deploy.md).
    Published(&'static str),
    /// Not published: a browser could run it from the commune's own origin (HTML, scripts,
    /// XML, …), or its type is not on the list.
    Refused,
}

/// The types of `static/` published as they are, with their MIME types: documents, plain text,
/// recordings and archives, which a browser shows or downloads but never runs. This is the one
/// list; SECURITY.md ("Static files"), docs/deploy.md and the clerks' docs repeat it.
pub const PUBLISHED_TYPES: &[(&str, &str)] = &[
    ("pdf", "application/pdf"),
    ("doc", "application/msword"),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ("xls", "application/vnd.ms-excel"),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ("ppt", "application/vnd.ms-powerpoint"),
    (
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    ("odt", "application/vnd.oasis.opendocument.text"),
    ("ods", "application/vnd.oasis.opendocument.spreadsheet"),
    ("odp", "application/vnd.oasis.opendocument.presentation"),
    ("txt", "text/plain; charset=utf-8"),
    ("csv", "text/csv; charset=utf-8"),
    ("mp3", "audio/mpeg"),
    ("m4a", "audio/mp4"),
    ("ogg", "audio/ogg"),
    ("opus", "audio/ogg"),
    ("wav", "audio/wav"),
    ("mp4", "video/mp4"),
    ("webm", "video/webm"),
    ("zip", "application/zip"),
];

/// Types a browser runs or renders as a page when opened from the site (named in the message;
/// every type off [`PUBLISHED_TYPES`] is refused anyway).
const ACTIVE_TYPES: &[&str] = &[
    "html", "htm", "shtml", "xhtml", "xht", "php", "asp", "aspx", "jsp", "js", "mjs", "cjs", "css",
    "wasm", "xml", "xsl", "xslt", "rss", "atom", "swf", "hta", "svgz", "mht", "mhtml",
];

/// The extension of the last component of `name`, lower-case; empty when there is none.
fn extension(name: &str) -> String {
    let last = name.rsplit('/').next().unwrap_or(name);
    match last.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_ascii_lowercase(),
        _ => String::new(),
    }
}

/// The kind of a `static/` file by its name (see [`StaticKind`]).
pub fn static_kind(name: &str) -> StaticKind {
    // Images (and image types refused for their format) are the image pipeline's to judge.
    if crate::images::kind_of(name) != crate::images::Kind::NotImage {
        return StaticKind::Image;
    }
    let ext = extension(name);
    PUBLISHED_TYPES
        .iter()
        .find(|(e, _)| *e == ext)
        .map_or(StaticKind::Refused, |(_, mime)| StaticKind::Published(mime))
}

/// The error for a refused `static/` file `rel`, shown at `shown`, with what to do instead.
fn refused_static(shown: &Path, rel: &str) -> crate::diag::Diagnostic {
    let ext = extension(rel);
    let message = if ext.is_empty() {
        msg!(
            "tệp loại không rõ (không có đuôi tệp) không được đăng",
            "files of unknown type (no extension) are not published"
        )
    } else if ACTIVE_TYPES.contains(&ext.as_str()) {
        msg!(
            "tệp loại `.{ext}` không được đăng: trình duyệt có thể chạy nó như mã lệnh trên tên miền của xã",
            "files of type `.{ext}` are not published: a browser could run it as code on the commune's own domain"
        )
    } else {
        msg!(
            "tệp loại `.{ext}` không được đăng: loại này không có trong danh sách tệp được đăng nguyên bản",
            "files of type `.{ext}` are not published: the type is not on the list of files published as they are"
        )
    };
    let hint = match ext.as_str() {
        "html" | "htm" | "shtml" | "xhtml" | "xht" | "php" | "asp" | "aspx" | "jsp" => {
            let stem = rel.rsplit_once('.').map_or(rel, |(s, _)| s);
            msg!(
                "nội dung trang web viết thành trang Markdown: content/{stem}.md (xem docs/page-format.md), rồi xóa tệp này.",
                "make it a content page, content/{stem}.md (see docs/page-format.md), and remove this file."
            )
        }
        "js" | "mjs" | "cjs" | "css" | "wasm" => msg!(
            "mã lệnh và kiểu trình bày thuộc giao diện (themes/), không thuộc trang xã: xóa tệp này khỏi static/.",
            "scripts and styles belong to the theme (themes/), not to a site: remove this file from static/."
        ),
        _ => {
            let list = PUBLISHED_TYPES
                .iter()
                .map(|(e, _)| *e)
                .collect::<Vec<_>>()
                .join(", ");
            msg!(
                "các loại được đăng nguyên bản: {list}; ảnh: jpg, png, webp. Văn bản khác lưu lại dạng PDF.",
                "types published as they are: {list}; images: jpg, png, webp. Save other documents as PDF."
            )
        }
    };
    crate::diag::Diagnostic::error(Span::file(shown), message).hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_types_by_allow_list() {
        assert_eq!(
            static_kind("van-ban/QD.PDF"),
            StaticKind::Published("application/pdf")
        );
        assert_eq!(
            static_kind("ghi-am/ban-tin.mp3"),
            StaticKind::Published("audio/mpeg")
        );
        assert_eq!(static_kind("anh/a.JPG"), StaticKind::Image);
        assert_eq!(static_kind("anh/a.svg"), StaticKind::Image);
        for active in [
            "x.html",
            "x.HTM",
            "a/b.js",
            "s.css",
            "f.xml",
            "x.shtml",
            "x.pdf.html",
        ] {
            assert_eq!(static_kind(active), StaticKind::Refused, "{active}");
        }
        // No extension, or only a leading dot: unknown, refused.
        assert_eq!(static_kind("README"), StaticKind::Refused);
        assert_eq!(static_kind("a/.pdf"), StaticKind::Refused);
    }

    #[test]
    fn root_names_are_reserved() {
        assert!(is_root_name("assets"));
        assert!(is_root_name(".git"));
        assert!(!is_root_name("phuong-ba-dinh"));
    }
}
