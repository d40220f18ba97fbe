//! Loading: the project's sites (configs of every site, so folder names, codes and the
//! directory page are checked project-wide), then, per selected site, its pages, static files
//! and procedures. The result is frozen: later stages only read it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use time::OffsetDateTime;
use walkdir::WalkDir;

use crate::config::{self, SiteConfig};
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
    pub image_outputs: Vec<crate::render::Output>,
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
            if !dir.join("site.yaml").exists() {
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
            let mut site_diags = Diagnostics::new();
            match config::load(root, &dir, &mut site_diags) {
                Some(c) if !site_diags.has_errors() => {
                    sites.insert(folder, c);
                }
                _ => broken.push(folder),
            }
            diags.extend(site_diags);
        }
        check_identities(&sites, &mut diags);
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

/// Two sites with one code, or a folder/former slug used twice, are errors.
fn check_identities(sites: &BTreeMap<String, SiteConfig>, diags: &mut Diagnostics) {
    let mut by_code: BTreeMap<&str, &SiteConfig> = BTreeMap::new();
    for s in sites.values() {
        if let Some(prev) = by_code.insert(&s.commune.code, s) {
            diags.error_hint(
                Span::file(s.rel_dir.join("site.yaml")),
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
        }
    }
    let mut slugs: BTreeMap<&str, &str> = sites.keys().map(|k| (k.as_str(), k.as_str())).collect();
    for s in sites.values() {
        for f in &s.former_slugs {
            if let Some(owner) = slugs.insert(f, &s.folder) {
                diags.error(
                    Span::file(s.rel_dir.join("site.yaml")),
                    msg!(
                        "tên cũ `{f}` trùng với trang `{owner}`",
                        "former slug `{f}` is already used by `{owner}`"
                    ),
                );
            }
        }
    }
}

/// Loads a site's pages, static files and procedures. Problems go to `diags`.
pub fn load_site(
    project: &Project,
    config: &SiteConfig,
    now: OffsetDateTime,
    diags: &mut Diagnostics,
) -> Site {
    let root = &project.root;
    let content_dir = config.dir.join("content");
    let static_files: Vec<String> = walk_files(root, &config.dir.join("static"), diags)
        .into_iter()
        .map(|(_, r)| r)
        .collect();
    let mut audience_ids: Vec<String> = config
        .audiences
        .iter()
        .chain(config.hamlets.iter())
        .map(|v| v.id.clone())
        .collect();
    audience_ids.sort();
    // The walk's order (folder by folder) is not sorted as whole paths are.
    let mut sorted_static = static_files.clone();
    sorted_static.sort();
    let vocab = crate::items::Vocab {
        audiences: &audience_ids,
        static_files: &sorted_static,
    };
    let mut pages = Vec::new();
    let mut content_paths = Vec::new();
    let mut hidden = Vec::new();
    let mut failed = Vec::new();
    let mut scheduled: Vec<OffsetDateTime> = Vec::new();
    for (path, rel) in walk_files(root, &content_dir, diags) {
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
        let text = match fsx::read_text(&path, &file) {
            Ok(t) => t,
            Err(d) => {
                diags.push(d);
                failed.push(rel);
                continue;
            }
        };
        match content::load_page(&text, &file, &rel, now, &vocab, diags) {
            content::Loaded::Page(p) => pages.push(*p),
            content::Loaded::Hidden(at) => {
                hidden.push(rel);
                scheduled.extend(at);
            }
            content::Loaded::Failed => failed.push(rel),
        }
    }
    check_page_paths(&pages, diags);
    for p in &pages {
        if let crate::items::Extra::Announcement(a) = &p.extra
            && a.urgent
            && a.expires.is_some_and(|e| e <= now)
        {
            {
                diags.warning_hint(
                    Span::file(&p.file),
                    msg!(
                        "thông báo khẩn đã hết hạn nên không còn hiện dải cảnh báo",
                        "the urgent announcement has expired; its banner is no longer shown"
                    ),
                    msg!(
                        "đặt `urgent: false` hoặc gia hạn `expires` nếu vẫn còn hiệu lực.",
                        "set `urgent: false`, or extend `expires` if it still applies."
                    ),
                );
            }
        }
    }
    let (images, image_outputs) =
        crate::images::process(root, &config.dir, &config.rel_dir, &static_files, diags);
    let today = now.to_offset(text::VN_OFFSET).date();
    let procedures = procedures::for_site(root, config, &project.catalog, today, diags);
    let mut site = Site {
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
        next_change: None,
    };
    site.next_change = next_change(&site.pages, &scheduled, now);
    site
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

/// Regular files under `dir` (sorted), with paths relative to `dir` using `/`, NFC. Symlinks
/// are followed only when they stay inside the project; others are errors.
fn walk_files(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    if !dir.exists() {
        return out;
    }
    // Hidden folders (.git, .nhap) and their content are never published.
    let visible =
        |e: &walkdir::DirEntry| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.');
    for entry in WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(visible)
    {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let p = e.path().map(|p| fsx::rel(root, p)).unwrap_or_default();
                diags.error(
                    Span::file(p),
                    msg!("không đọc được: {e}", "cannot read: {e}"),
                );
                continue;
            }
        };
        let path = entry.path();
        let name = entry.file_name().to_string_lossy();
        if name.starts_with('.') || name.ends_with('~') || name.starts_with("~$") {
            // Editor temp and hidden files (".x.swp", "x~", "~$x.docx") are never content.
            continue;
        }
        if entry.path_is_symlink() {
            if !fsx::stays_inside(root, path) {
                diags.error_hint(
                    Span::file(fsx::rel(root, path)),
                    msg!(
                        "liên kết tượng trưng trỏ ra ngoài dự án",
                        "symbolic link points outside the project"
                    ),
                    msg!(
                        "thay liên kết bằng bản sao của tệp.",
                        "replace the link with a copy of the file."
                    ),
                );
                continue;
            }
            if !path.is_file() {
                continue;
            }
        } else if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = path.strip_prefix(dir) else {
            continue;
        };
        let rel = text::nfc(&rel.to_string_lossy().replace('\\', "/"));
        out.push((path.to_path_buf(), rel));
    }
    out
}
