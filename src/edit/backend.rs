//! The local backend of the browser editor: Decap CMS's proxy protocol (`POST /api/v1` with
//! `{action, params}`, the actions and answer shapes of `decap-server`'s file-system mode),
//! written for congxa's own rules. Every path is relative to one served site folder and must
//! name a source a clerk edits (`content/**.md`, `static/**`, the site's own YAML files);
//! anything hidden, escaping, symlinked or elsewhere is refused. A save is refused when the file
//! changed on disk since the editor read it, and when `check` finds a new error in the site
//! after it (the previous bytes are put back). Deleted files go to the site's trash folder.
//! The HTTP side (Host, Origin, token) is `serve::edit`'s.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use base64::Engine as _;
use serde::Deserialize;
use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::build::{self, BuildOptions};
use crate::diag::{Lang, Msg, Severity};
use crate::msg;

/// The trash folder of a site (hidden: builds and the editor's listings skip it).
pub const TRASH: &str = ".thung-rac";
/// Largest text file the editor reads or writes.
const MAX_TEXT: u64 = 1024 * 1024;
/// Largest media file (a phone photo).
const MAX_MEDIA: u64 = 25 * 1024 * 1024;
/// The YAML files of a site's root the editor may change.
const SITE_FILES: [&str; 5] = [
    "site.yaml",
    "can-bo.yaml",
    "to-chuc.yaml",
    "to-cong-nghe-so.yaml",
    "procedures.yaml",
];

/// The build clock for the check after a save (`--now`, else the time of the save).
pub type Clock = Box<dyn Fn() -> Result<OffsetDateTime, Msg> + Send + Sync>;

/// An answer: HTTP status and JSON body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// 200, or the refusal's status.
    pub status: u16,
    /// JSON text.
    pub body: String,
}

impl Reply {
    fn ok(v: &Value) -> Self {
        Reply {
            status: 200,
            body: v.to_string(),
        }
    }
}

/// Why a request was refused: status, message (shown by the CMS) and the problems of `check`.
struct Refusal {
    status: u16,
    message: Msg,
    problems: Vec<Msg>,
}

fn refuse(status: u16, message: Msg) -> Refusal {
    Refusal {
        status,
        message,
        problems: Vec::new(),
    }
}

impl Refusal {
    fn reply(&self, lang: Lang) -> Reply {
        let list = |l: Lang| -> String {
            self.problems
                .iter()
                .map(|p| format!(" {}", p.get(l)))
                .collect()
        };
        Reply {
            status: self.status,
            body: json!({
                "error": format!("{}{}", self.message.get(lang), list(lang)),
                "error_vi": format!("{}{}", self.message.vi, list(Lang::Vi)),
                "error_en": format!("{}{}", self.message.en, list(Lang::En)),
            })
            .to_string(),
        }
    }
}

/// Where a path of a request may point.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Area {
    /// Pages and the site's YAML files.
    Entry,
    /// `static/`.
    Media,
}

/// The editor's view of the served sites.
pub struct Backend {
    /// Project root (canonical).
    root: PathBuf,
    /// Site folders served; empty for every folder under `sites/`.
    only: Vec<String>,
    clock: Clock,
    lang: Lang,
    /// SHA-256 of each file as the editor last read or wrote it, by (site, path).
    seen: Mutex<BTreeMap<(String, String), String>>,
    /// One save at a time: a save, its check and a roll-back are one step.
    saving: Mutex<()>,
}

fn sha256_hex(bytes: &[u8]) -> String {
    crate::hash::sha256_hex(bytes)
}

/// Turns a path of a request into a clean relative path with `/`, or `None`: no absolute path,
/// empty segment, `..`, `.`, backslash, colon, percent sign, control character, or hidden segment (the trash,
/// caches, editor temp files).
fn clean(p: &str) -> Option<String> {
    if p.is_empty()
        || p.starts_with('/')
        || p.contains(['\\', ':', '%'])
        || p.chars().any(char::is_control)
    {
        return None;
    }
    let segs: Vec<&str> = p.split('/').collect();
    if segs
        .iter()
        .any(|n| n.is_empty() || n.starts_with('.') || n.ends_with('~'))
    {
        return None;
    }
    (!segs.is_empty()).then(|| segs.join("/"))
}

/// A path of a request, relative to the project root as in the generated configuration
/// (`sites/<site>/content/…`; one leading `/`, which Decap writes for field-level media
/// folders, is the project root too), as a clean path relative to the site folder; `None` when
/// it is not under the site.
fn within(site: &str, p: &str) -> Option<String> {
    let p = p.strip_prefix('/').unwrap_or(p);
    clean(p)?
        .strip_prefix(&format!("sites/{site}/"))
        .map(str::to_owned)
}

/// Whether `rel` (clean) is somewhere the editor may list, read or write in `area`.
fn allowed(rel: &str, area: Area, folder: bool) -> bool {
    match area {
        Area::Media => rel == "static" || rel.starts_with("static/"),
        Area::Entry if folder => rel == "content" || rel.starts_with("content/"),
        Area::Entry => {
            (rel.starts_with("content/") && rel.ends_with(".md")) || SITE_FILES.contains(&rel)
        }
    }
}

fn bad_path(p: &str) -> Refusal {
    refuse(
        403,
        msg!(
            "Không được phép: đường dẫn `{p}` nằm ngoài những tệp trình soạn thảo được sửa (content/, static/ và các tệp .yaml của trang).",
            "Refused: the path `{p}` is outside the files the editor may change (content/, static/ and the site's .yaml files).",
        ),
    )
}

fn io_refusal(rel: &str, e: &std::io::Error) -> Refusal {
    refuse(
        500,
        msg!(
            "Không đọc/ghi được `{rel}`: {e}",
            "Cannot read or write `{rel}`: {e}"
        ),
    )
}

#[derive(Deserialize)]
struct Request {
    action: String,
    #[serde(default)]
    params: Value,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FolderParams {
    folder: String,
    #[serde(default)]
    extension: String,
    #[serde(default = "one")]
    depth: u32,
}

fn one() -> u32 {
    1
}

#[derive(Deserialize)]
struct FileRef {
    path: String,
    #[serde(default)]
    label: Option<String>,
}

#[derive(Deserialize)]
struct FilesParams {
    files: Vec<FileRef>,
}

#[derive(Deserialize)]
struct PathParams {
    path: String,
}

#[derive(Deserialize)]
struct PathsParams {
    paths: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MediaFolderParams {
    media_folder: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DataFile {
    path: String,
    raw: String,
    #[serde(default)]
    new_path: Option<String>,
}

#[derive(Deserialize)]
struct Asset {
    path: String,
    content: String,
    #[serde(default)]
    encoding: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PersistParams {
    #[serde(default)]
    entry: Option<DataFile>,
    #[serde(default)]
    data_files: Vec<DataFile>,
    #[serde(default)]
    assets: Vec<Asset>,
}

#[derive(Deserialize)]
struct MediaParams {
    asset: Asset,
}

fn params<T: serde::de::DeserializeOwned>(v: Value) -> Result<T, Refusal> {
    serde_json::from_value(v).map_err(|e| {
        refuse(
            422,
            msg!(
                "Yêu cầu không đúng dạng: {e}",
                "Malformed request parameters: {e}"
            ),
        )
    })
}

/// One file to write in a save: where, the new bytes, and what was there (to put back).
struct Write {
    rel: String,
    abs: PathBuf,
    bytes: Vec<u8>,
    before: Option<Vec<u8>>,
}

impl Backend {
    /// The editor over `root` (canonical), serving `only` (empty: every site).
    pub fn new(root: PathBuf, only: Vec<String>, clock: Clock, lang: Lang) -> Self {
        Backend {
            root,
            only,
            clock,
            lang,
            seen: Mutex::new(BTreeMap::new()),
            saving: Mutex::new(()),
        }
    }

    /// Whether `site` is a site folder this session serves (a plain name of a folder under
    /// `sites/`, not a symlink).
    pub fn serves(&self, site: &str) -> bool {
        let plain = clean(site).is_some_and(|c| c == site && !c.contains('/'));
        plain
            && (self.only.is_empty() || self.only.iter().any(|s| s == site))
            && fs::symlink_metadata(self.root.join("sites").join(site)).is_ok_and(|m| m.is_dir())
    }

    /// A file of the media library's folder of a served `site` (`static/anh/<rest>`, `rest`
    /// already percent-decoded), as the CMS's preview pane asks for it by its public URL: the
    /// clean path and its bytes, under the same rules as the API's reads (no `..`, hidden
    /// segment or symlink on the way).
    pub fn media_file(&self, site: &str, rest: &str) -> Option<(String, Vec<u8>)> {
        if !self.serves(site) {
            return None;
        }
        let path = format!("sites/{site}/{}/{rest}", crate::edit::forms::MEDIA_DIR);
        let (rel, abs) = self.target(site, &path, Area::Media).ok()?;
        let bytes = crate::fsx::read_regular(&abs, MAX_MEDIA).ok()?;
        Some((rel, bytes))
    }

    /// Site folders served, sorted.
    pub fn sites(&self) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(self.root.join("sites"))
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .filter_map(|e| e.file_name().to_str().map(str::to_owned))
                    .filter(|s| self.serves(s))
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    }

    /// The generated Decap CMS configuration of `site`, its API at `proxy_url`, its preview at
    /// `preview`; `Err` with the
    /// problems when its `site.yaml` cannot be read.
    pub fn config_yml(&self, site: &str, proxy_url: &str, preview: &str) -> Result<String, Reply> {
        let mut diags = crate::diag::Diagnostics::new();
        match crate::config::load(&self.root, &self.site_dir(site), &mut diags) {
            Some(cfg) => Ok(crate::edit::forms::decap_config(
                &cfg,
                &crate::edit::forms::EditUrls {
                    api: proxy_url,
                    preview,
                },
            )),
            None => Err(Refusal {
                status: 500,
                message: msg!(
                    "Không mở được trình soạn thảo: site.yaml của trang đang có lỗi (xem cửa sổ lệnh).",
                    "Cannot open the editor: the site's site.yaml has errors (see the terminal).",
                ),
                problems: diags
                    .items()
                    .iter()
                    .map(|d| Msg::new(format!("{}: {}", d.span, d.message.vi), format!("{}: {}", d.span, d.message.en)))
                    .collect(),
            }
            .reply(self.lang)),
        }
    }

    /// Answers one API request for `site` (already checked to be served).
    pub fn handle(&self, site: &str, body: &[u8]) -> Reply {
        let req: Request = match serde_json::from_slice(body) {
            Ok(r) => r,
            Err(e) => {
                return refuse(
                    400,
                    msg!(
                        "Yêu cầu không phải JSON hợp lệ: {e}",
                        "The request is not valid JSON: {e}"
                    ),
                )
                .reply(self.lang);
            }
        };
        match self.action(site, &req.action, req.params) {
            Ok(v) => Reply::ok(&v),
            Err(r) => r.reply(self.lang),
        }
    }

    fn action(&self, site: &str, action: &str, p: Value) -> Result<Value, Refusal> {
        match action {
            "info" => Ok(json!({
                "repo": site,
                "publish_modes": ["simple"],
                "type": "local_fs",
            })),
            "entriesByFolder" => {
                let p: FolderParams = params(p)?;
                let files = self.list(site, &p.folder, Area::Entry, &p.extension, p.depth)?;
                Ok(Value::Array(
                    files.iter().map(|f| self.entry(site, f, None)).collect(),
                ))
            }
            "entriesByFiles" => {
                let p: FilesParams = params(p)?;
                let mut out = Vec::new();
                for f in p.files {
                    let rel = self.target(site, &f.path, Area::Entry)?.0;
                    out.push(self.entry(site, &rel, f.label));
                }
                Ok(Value::Array(out))
            }
            "getEntry" => {
                let p: PathParams = params(p)?;
                let rel = self.target(site, &p.path, Area::Entry)?.0;
                Ok(self.entry(site, &rel, None))
            }
            "unpublishedEntries" => Ok(json!([])),
            "getDeployPreview" => Ok(Value::Null),
            "getMedia" => {
                let p: MediaFolderParams = params(p)?;
                let files = self.list(site, &p.media_folder, Area::Media, "", 1)?;
                files.iter().map(|f| self.media(site, f)).collect()
            }
            "getMediaFile" => {
                let p: PathParams = params(p)?;
                let rel = self.target(site, &p.path, Area::Media)?.0;
                self.media(site, &rel)
            }
            "persistEntry" => self.persist_entry(site, params(p)?),
            "persistMedia" => {
                let p: MediaParams = params(p)?;
                let w = self.asset_write(site, &p.asset)?;
                let rel = w.rel.clone();
                self.save(site, vec![w], false)?;
                self.media(site, &rel)
            }
            "deleteFile" => {
                let p: PathParams = params(p)?;
                self.delete(site, &[p.path])
            }
            "deleteFiles" => {
                let p: PathsParams = params(p)?;
                self.delete(site, &p.paths)
            }
            other => Err(refuse(
                422,
                msg!(
                    "Thao tác `{other}` không có ở trình soạn thảo của congxa (chỉ lưu thẳng, không có quy trình duyệt).",
                    "Unknown action `{other}` (congxa's editor saves directly: there is no editorial workflow).",
                ),
            )),
        }
    }

    fn site_dir(&self, site: &str) -> PathBuf {
        self.root.join("sites").join(site)
    }

    /// The clean relative path and the absolute one for a request's `path`, or a refusal: outside
    /// the editable areas, or through a symlink anywhere below the site folder.
    fn target(&self, site: &str, p: &str, area: Area) -> Result<(String, PathBuf), Refusal> {
        let rel = within(site, p).ok_or_else(|| bad_path(p))?;
        if !allowed(&rel, area, false) {
            return Err(bad_path(p));
        }
        let abs = self.site_dir(site).join(&rel);
        self.no_symlink(site, &rel, p)?;
        Ok((rel, abs))
    }

    /// Refuses a path with a symlink at the site folder or any segment below it: a link could
    /// point out of the site (or into `public/`) and a write would follow it.
    fn no_symlink(&self, site: &str, rel: &str, shown: &str) -> Result<(), Refusal> {
        let mut at = self.site_dir(site);
        let check = |p: &Path| match fs::symlink_metadata(p) {
            Ok(m) if m.file_type().is_symlink() => Err(refuse(
                403,
                msg!(
                    "Không được phép: `{shown}` đi qua một liên kết tượng trưng (symlink); trình soạn thảo chỉ ghi vào tệp và thư mục thật của trang.",
                    "Refused: `{shown}` goes through a symbolic link; the editor writes only real files and folders of the site.",
                ),
            )),
            _ => Ok(()),
        };
        check(&at)?;
        for seg in rel.split('/') {
            at.push(seg);
            check(&at)?;
        }
        Ok(())
    }

    /// Files under `folder` (relative to the site) ending in `extension`, `depth` levels deep,
    /// hidden entries and symlinks left out, sorted.
    fn list(
        &self,
        site: &str,
        folder: &str,
        area: Area,
        extension: &str,
        depth: u32,
    ) -> Result<Vec<String>, Refusal> {
        let rel = within(site, folder.trim_end_matches('/')).ok_or_else(|| bad_path(folder))?;
        if !allowed(&rel, area, true) {
            return Err(bad_path(folder));
        }
        self.no_symlink(site, &rel, folder)?;
        let mut out = Vec::new();
        let mut stack = vec![(rel, depth)];
        while let Some((dir, d)) = stack.pop() {
            if d == 0 {
                continue;
            }
            let Ok(rd) = fs::read_dir(self.site_dir(site).join(&dir)) else {
                continue;
            };
            for e in rd.filter_map(Result::ok) {
                let Some(name) = e.file_name().to_str().map(str::to_owned) else {
                    continue;
                };
                let child = format!("{dir}/{name}");
                let Ok(t) = e.file_type() else { continue };
                if clean(&child).is_none() || t.is_symlink() {
                    continue;
                }
                if t.is_dir() {
                    stack.push((child, d - 1));
                } else if t.is_file()
                    && child.ends_with(extension)
                    && (area == Area::Media || allowed(&child, area, false))
                {
                    out.push(child);
                }
            }
        }
        out.sort();
        Ok(out)
    }

    fn remember(&self, site: &str, rel: &str, hash: Option<String>) {
        let mut seen = self
            .seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let key = (site.to_owned(), rel.to_owned());
        match hash {
            Some(h) => seen.insert(key, h),
            None => seen.remove(&key),
        };
    }

    fn seen(&self, site: &str, rel: &str) -> Option<String> {
        self.seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&(site.to_owned(), rel.to_owned()))
            .cloned()
    }

    /// `{data, file: {path, label, id}}` as decap-server answers; `data: null` for a file that
    /// cannot be read. Records the hash the editor saw.
    fn entry(&self, site: &str, rel: &str, label: Option<String>) -> Value {
        let read = crate::fsx::read_regular(&self.site_dir(site).join(rel), MAX_TEXT)
            .ok()
            .and_then(|b| String::from_utf8(b).ok());
        let id = read.as_ref().map(|t| sha256_hex(t.as_bytes()));
        self.remember(site, rel, id.clone());
        // Maps keyed by an id are lists in the forms (the save turns them back).
        let read = read.and_then(|t| crate::edit::forms::to_cms(rel, &t).ok());
        json!({
            "data": read,
            "file": { "path": format!("sites/{site}/{rel}"), "label": label, "id": id },
        })
    }

    /// `{id, content (base64), encoding, path, name}` of a media file.
    fn media(&self, site: &str, rel: &str) -> Result<Value, Refusal> {
        let bytes = crate::fsx::read_regular(&self.site_dir(site).join(rel), MAX_MEDIA)
            .map_err(|e| io_refusal(rel, &e))?;
        Ok(json!({
            "id": sha256_hex(&bytes),
            "content": base64::engine::general_purpose::STANDARD.encode(&bytes),
            "encoding": "base64",
            "path": format!("sites/{site}/{rel}"),
            "name": rel.rsplit('/').next().unwrap_or(rel),
        }))
    }

    fn asset_write(&self, site: &str, a: &Asset) -> Result<Write, Refusal> {
        let (rel, abs) = self.target(site, &a.path, Area::Media)?;
        if crate::project::static_kind(&rel) == crate::project::StaticKind::Refused {
            return Err(refuse(
                415,
                msg!(
                    "Không nhận tệp `{rel}`: loại tệp này không được đăng trên trang (ảnh JPEG, PNG, WebP; tài liệu PDF, DOCX, XLSX…).",
                    "Refused `{rel}`: this type of file is not published (JPEG, PNG, WebP photos; PDF, DOCX, XLSX documents…).",
                ),
            ));
        }
        let bytes = if a.encoding == "base64" {
            base64::engine::general_purpose::STANDARD
                .decode(a.content.as_bytes())
                .map_err(|e| {
                    refuse(
                        422,
                        msg!(
                            "Tệp `{rel}` gửi lên bị hỏng (base64: {e}).",
                            "The upload of `{rel}` is damaged (base64: {e})."
                        ),
                    )
                })?
        } else {
            a.content.clone().into_bytes()
        };
        if bytes.len() as u64 > MAX_MEDIA {
            return Err(refuse(
                413,
                msg!(
                    "Tệp `{rel}` quá lớn (tối đa 25 MB).",
                    "`{rel}` is too large (25 MB at most)."
                ),
            ));
        }
        let before = crate::fsx::read_regular(&abs, MAX_MEDIA).ok();
        Ok(Write {
            rel,
            abs,
            bytes,
            before,
        })
    }

    fn persist_entry(&self, site: &str, p: PersistParams) -> Result<Value, Refusal> {
        let mut files = p.data_files;
        if files.is_empty() {
            files.extend(p.entry);
        }
        let mut writes = Vec::new();
        let mut draft = true;
        for f in &files {
            if f.new_path.as_deref().is_some_and(|n| n != f.path) {
                return Err(refuse(
                    422,
                    msg!(
                        "Không đổi được tên tệp `{}` từ trình soạn thảo: hãy tạo trang mới rồi xoá trang cũ.",
                        "Renaming `{}` from the editor is not supported: create a new page, then delete the old one.",
                        f.path
                    ),
                ));
            }
            let (rel, abs) = self.target(site, &f.path, Area::Entry)?;
            let before = crate::fsx::read_regular(&abs, MAX_TEXT).ok();
            self.unchanged_since_read(site, &rel, before.as_deref())?;
            let merged = match before.as_deref().map(String::from_utf8_lossy) {
                Some(old) => merged(&rel, &old, &f.raw)?,
                None => f.raw.clone(),
            };
            draft &= rel.ends_with(".md") && is_draft(&merged);
            writes.push(Write {
                rel,
                abs,
                bytes: merged.into_bytes(),
                before,
            });
        }
        for a in &p.assets {
            writes.push(self.asset_write(site, a)?);
        }
        self.save(site, writes, draft)?;
        Ok(json!({ "message": "entry persisted" }))
    }

    /// A conflict when the file on disk is not what the editor last read (someone else, or a
    /// text editor, changed it), or when a new entry's file already exists.
    fn unchanged_since_read(
        &self,
        site: &str,
        rel: &str,
        now: Option<&[u8]>,
    ) -> Result<(), Refusal> {
        let seen = self.seen(site, rel);
        let ok = match (&seen, now) {
            (None, None) => true,
            (Some(h), Some(b)) => *h == sha256_hex(b),
            _ => false,
        };
        if ok {
            return Ok(());
        }
        Err(refuse(
            409,
            if now.is_some() && seen.is_none() {
                msg!(
                    "Chưa lưu: tệp `{rel}` đã có sẵn. Hãy mở trang đó trong danh sách để sửa, hoặc đặt tiêu đề khác cho trang mới.",
                    "Not saved: `{rel}` already exists. Open it from the list to edit it, or give the new page another title.",
                )
            } else {
                msg!(
                    "Chưa lưu: tệp `{rel}` vừa bị thay đổi ở nơi khác từ lúc bạn mở nó. Hãy chép phần vừa sửa ra chỗ khác, tải lại trang soạn thảo (F5) để xem bản mới rồi sửa lại.",
                    "Not saved: `{rel}` was changed elsewhere since you opened it. Copy your changes aside, reload the editor (F5) to see the new version, then edit again.",
                )
            },
        ))
    }

    /// Writes `writes` atomically, runs `check` on the site and, when it finds a new error (one
    /// not there before the save), puts every file back as it was and refuses with the
    /// problems. A draft page is saved with its problems (they are listed in the preview).
    fn save(&self, site: &str, writes: Vec<Write>, draft: bool) -> Result<(), Refusal> {
        let _one = self
            .saving
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let write_all = |writes: &[Write]| -> Result<(), Refusal> {
            for (i, w) in writes.iter().enumerate() {
                if let Err(e) = put(&w.abs, Some(&w.bytes)) {
                    restore(&writes[..i]);
                    return Err(io_refusal(&w.rel, &e));
                }
            }
            Ok(())
        };
        // Another save may have changed a file between reading it and taking the lock.
        if let Some(w) = writes
            .iter()
            .find(|w| crate::fsx::read_regular(&w.abs, MAX_MEDIA).ok() != w.before)
        {
            return Err(refuse(
                409,
                msg!(
                    "Chưa lưu: tệp `{}` vừa được lưu từ cửa sổ khác. Tải lại trang soạn thảo (F5) rồi sửa lại.",
                    "Not saved: `{}` was just saved from another window. Reload the editor (F5) and edit again.",
                    w.rel
                ),
            ));
        }
        write_all(&writes)?;
        let after = self.errors(site).inspect_err(|_| restore(&writes))?;
        // A clean site needs no comparison: one check per save in the usual case. Otherwise the
        // site is checked as it was, and only errors it did not have refuse the save.
        if !after.is_empty() && !draft {
            restore(&writes);
            let before = self.errors(site)?;
            let new: Vec<Msg> = after
                .iter()
                .filter(|(k, _)| !before.contains_key(*k))
                .map(|(_, m)| m.clone())
                .collect();
            if !new.is_empty() {
                return Err(Refusal {
                    status: 422,
                    message: msg!(
                        "Chưa lưu, vì trang sẽ có lỗi:",
                        "Not saved: the site would have errors:"
                    ),
                    problems: new,
                });
            }
            write_all(&writes)?;
        }
        for w in &writes {
            self.remember(site, &w.rel, Some(sha256_hex(&w.bytes)));
        }
        Ok(())
    }

    /// The errors `check` finds in `site` now, keyed by their Vietnamese text (with the place), so
    /// the new ones are those whose key was not there before.
    fn errors(&self, site: &str) -> Result<BTreeMap<String, Msg>, Refusal> {
        let now = (self.clock)().map_err(|m| refuse(500, m))?;
        let opts = BuildOptions {
            root: self.root.clone(),
            out: PathBuf::new(),
            sites: vec![site.to_owned()],
            shard: None,
            now,
            write: false,
            inject: None,
            weights: false,
            drafts: true,
            prune: false,
        };
        let report = build::build(&opts, &|_, _| {}).map_err(|e| refuse(500, e.0))?;
        Ok(report
            .diags
            .items()
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| {
                let hint = |l: Lang| {
                    d.hint
                        .as_ref()
                        .map(|h| format!(" → {}", h.get(l)))
                        .unwrap_or_default()
                };
                let m = Msg::new(
                    format!("{}: {}{}", d.span, d.message.vi, hint(Lang::Vi)),
                    format!("{}: {}{}", d.span, d.message.en, hint(Lang::En)),
                );
                (m.vi.clone(), m)
            })
            .collect())
    }

    /// Moves each file to `sites/<site>/.thung-rac/<UTC time>/<path>`: a clerk's mistake is
    /// undone by moving it back.
    fn delete(&self, site: &str, paths: &[String]) -> Result<Value, Refusal> {
        let mut targets = Vec::new();
        for p in paths {
            let (rel, abs) = match self.target(site, p, Area::Entry) {
                Ok(t) => t,
                Err(_) => self.target(site, p, Area::Media)?,
            };
            targets.push((rel, abs));
        }
        let _one = self
            .saving
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let stamp = OffsetDateTime::now_utc();
        let folder = format!(
            "{:04}{:02}{:02}-{:02}{:02}{:02}-{:03}",
            stamp.year(),
            u8::from(stamp.month()),
            stamp.day(),
            stamp.hour(),
            stamp.minute(),
            stamp.second(),
            stamp.millisecond()
        );
        for (rel, abs) in &targets {
            if !abs.is_file() {
                continue;
            }
            let to = self.site_dir(site).join(TRASH).join(&folder).join(rel);
            if let Some(parent) = to.parent() {
                fs::create_dir_all(parent).map_err(|e| io_refusal(rel, &e))?;
            }
            fs::rename(abs, &to).map_err(|e| io_refusal(rel, &e))?;
            self.remember(site, rel, None);
        }
        Ok(json!({ "message": format!("deleted files {}", paths.join(", ")) }))
    }
}

/// The form's text merged into the file's current text, so values the clerk did not change keep
/// their bytes (layout, quoting, comments).
fn merged(rel: &str, old: &str, new: &str) -> Result<String, Refusal> {
    let r = crate::edit::forms::from_cms(rel, old, new);
    r.map_err(|e| {
        refuse(
            422,
            Msg::new(
                format!("Chưa lưu `{rel}` (dòng {}): {}", e.line, e.message.vi),
                format!("`{rel}` not saved (line {}): {}", e.line, e.message.en),
            ),
        )
    })
}

/// Whether a Markdown file's front matter says `draft: true`.
fn is_draft(text: &str) -> bool {
    let Some(rest) = text.strip_prefix("---") else {
        return false;
    };
    let end = rest.find("\n---").unwrap_or(rest.len());
    rest[..end]
        .lines()
        .any(|l| l.trim_end() == "draft: true" || l.trim_end() == "draft: yes")
}

/// Writes `bytes` to `path` through a temp file renamed into place (folders created), or
/// removes the file for `None`.
fn put(path: &Path, bytes: Option<&[u8]>) -> std::io::Result<()> {
    match bytes {
        Some(b) => {
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)?;
            }
            crate::fsx::write_atomic(path, b)
        }
        None => match fs::remove_file(path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        },
    }
}

/// Puts files back as they were before a refused save.
fn restore(writes: &[Write]) {
    for w in writes.iter().rev() {
        let _ = put(&w.abs, w.before.as_deref());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_are_clean_and_relative_or_refused() {
        assert_eq!(
            clean("content/thong-bao/a.md").as_deref(),
            Some("content/thong-bao/a.md")
        );
        for bad in [
            "",
            "/etc/passwd",
            "../x.md",
            "content/../../x.md",
            "content/./a.md",
            "content\\a.md",
            "C:/a.md",
            "content/%2e%2e/a.md",
            ".thung-rac/a.md",
            "content/.a.md",
            "content/a.md~",
            "content/a\n.md",
            "content//a.md",
        ] {
            assert_eq!(clean(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn request_paths_are_the_project_roots_and_must_be_under_the_site() {
        assert_eq!(
            within("xa-a", "sites/xa-a/content/a.md").as_deref(),
            Some("content/a.md")
        );
        assert_eq!(
            within("xa-a", "/sites/xa-a/static/van-ban/a.pdf").as_deref(),
            Some("static/van-ban/a.pdf")
        );
        for bad in [
            "sites/xa-b/content/a.md",
            "sites/xa-a",
            "sites/xa-a/../xa-b/site.yaml",
            "//sites/xa-a/content/a.md",
            "content/a.md",
        ] {
            assert_eq!(within("xa-a", bad), None, "{bad}");
        }
    }

    #[test]
    fn only_sources_a_clerk_edits_are_reachable() {
        assert!(allowed("content/a.md", Area::Entry, false));
        assert!(allowed("can-bo.yaml", Area::Entry, false));
        assert!(!allowed("content/a.html", Area::Entry, false));
        assert!(!allowed("static/a.md", Area::Entry, false));
        assert!(!allowed("public/a.md", Area::Entry, false));
        assert!(allowed("static/anh/a.jpg", Area::Media, false));
        assert!(!allowed("content/a.jpg", Area::Media, false));
        assert!(allowed("content", Area::Entry, true));
    }

    #[test]
    fn draft_flag_is_read_from_the_front_matter_only() {
        assert!(is_draft("---\ntitle: a\ndraft: true\n---\nx\n"));
        assert!(!is_draft("---\ntitle: a\n---\ndraft: true\n"));
        assert!(!is_draft("title: a\ndraft: true\n"));
    }
}
