//! The only module that writes to the output folder. A site is written only after all its
//! pages rendered; only files whose bytes changed are rewritten, each atomically (a temp file
//! with a fixed prefix, then rename: a killed build leaves every file old or new, never torn;
//! no fsync, the threat is a killed process, not power loss); nothing outside `<out>/<folder>/`,
//! the site's redirects and the project-level files is touched.
//! A site built for the first time is written into a temp folder renamed into place at the
//! end: it appears whole or not at all, at half the file-system cost.
//!
//! congxa deletes only files it can prove it wrote: each site folder (and the project-level
//! files) has a manifest under `.congxa-cache/manifests/` listing what congxa wrote there.
//! A stale file is removed only if the previous manifest lists it; anything else found in a
//! site folder (a `CNAME`, `.well-known/…`, a hand-placed verification page) is kept and
//! reported. The manifest is written *before* the files, as the union of the old and new sets,
//! so a build that fails half-way still owns every file it created. Writers of one site folder
//! (and of the project-level files) hold an exclusive lock (`.congxa-cache/locks/`), so two
//! builds of the same output wait for each other while shards writing different sites run at
//! once. SIGTERM and SIGINT make writing stop before the next file, with temp files removed.

use std::collections::BTreeSet;
use std::fs;
use std::io::{ErrorKind, Write as _};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use crate::diag::Msg;
use crate::msg;
use crate::outfile::Output;

/// Prefix of temporary files; leftovers from a killed build are removed by the next one.
pub const TMP_PREFIX: &str = ".congxa-tmp-";

/// Name of the manifest and lock of the project-level files (a site folder never starts with
/// a dot).
const ROOT: &str = ".root";

/// First line of a manifest file.
const MANIFEST_HEADER: &str = "congxa-manifest 1";

/// Folders of the project that `--out` may never be, nor be inside.
const SOURCE_FOLDERS: &[&str] = &[
    "sites",
    "content",
    "themes",
    "data",
    "static",
    ".git",
    ".congxa-cache",
    "bench",
    "tests",
    "src",
    "docs",
    "fuzz",
];

/// What a write did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    /// Files created or changed.
    pub written: usize,
    /// Files left as they were (same bytes).
    pub unchanged: usize,
    /// Stale files removed.
    pub removed: usize,
}

impl std::ops::AddAssign for WriteStats {
    fn add_assign(&mut self, o: Self) {
        self.written += o.written;
        self.unchanged += o.unchanged;
        self.removed += o.removed;
    }
}

/// What a write of a site folder (or of the project-level files) did.
#[derive(Debug, Default)]
pub struct SiteWrite {
    /// File counts.
    pub stats: WriteStats,
    /// Files found there that congxa did not write, left in place (relative paths, sorted).
    pub kept: Vec<String>,
}

/// A write failure, with the path it concerns.
#[derive(Debug)]
pub struct WriteError {
    /// The file or folder.
    pub path: PathBuf,
    /// What went wrong.
    pub error: std::io::Error,
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.error)
    }
}

impl WriteError {
    /// Whether writing stopped because SIGTERM or SIGINT arrived.
    pub fn is_stop(&self) -> bool {
        self.error.kind() == ErrorKind::Interrupted && stopping()
    }

    /// The failure in plain words, naming the file.
    pub fn message(&self) -> Msg {
        let p = self.path.display();
        let e = &self.error;
        match e.kind() {
            ErrorKind::StorageFull | ErrorKind::QuotaExceeded | ErrorKind::FileTooLarge => msg!(
                "ổ đĩa đầy (hoặc tệp vượt giới hạn dung lượng cho phép) khi ghi {p}: {e}",
                "the disk is full (or the file is over the allowed size) writing {p}: {e}"
            ),
            ErrorKind::ReadOnlyFilesystem | ErrorKind::PermissionDenied => msg!(
                "không có quyền ghi {p} (ổ đĩa chỉ đọc hoặc tài khoản không được phép ghi): {e}",
                "no permission to write {p} (read-only disk or the account may not write there): {e}"
            ),
            ErrorKind::Interrupted => msg!(
                "dừng giữa chừng theo yêu cầu khi ghi {p}",
                "stopped on request writing {p}"
            ),
            _ => msg!("không ghi được {p}: {e}", "cannot write {p}: {e}"),
        }
    }
}

fn werr(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |error| WriteError {
        path: path.to_path_buf(),
        error,
    }
}

// ---------------------------------------------------------------------------------------------
// Signals

struct Stop {
    flag: Arc<AtomicBool>,
    which: Arc<AtomicUsize>,
}

fn stop() -> &'static Stop {
    static S: OnceLock<Stop> = OnceLock::new();
    S.get_or_init(|| Stop {
        flag: Arc::new(AtomicBool::new(false)),
        which: Arc::new(AtomicUsize::new(0)),
    })
}

/// For `build`: SIGTERM and SIGINT ask writing to stop at the next file (a second one ends
/// the process at once; the next build removes what it left); SIGXFSZ is caught so that going
/// over a file-size limit (`ulimit -f`) makes the write fail with an error congxa reports
/// instead of killing the process.
pub fn install_signal_handlers() -> std::io::Result<()> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let s = stop();
    for sig in [SIGTERM, SIGINT] {
        signal_hook::flag::register_conditional_shutdown(sig, 128 + sig, Arc::clone(&s.flag))?;
        signal_hook::flag::register_usize(sig, Arc::clone(&s.which), sig as usize)?;
        signal_hook::flag::register(sig, Arc::clone(&s.flag))?;
    }
    #[cfg(unix)]
    signal_hook::flag::register(
        signal_hook::consts::SIGXFSZ,
        Arc::new(AtomicBool::new(false)),
    )?;
    Ok(())
}

/// Whether SIGTERM or SIGINT arrived: nothing more is written.
pub fn stopping() -> bool {
    stop().flag.load(Ordering::SeqCst)
}

/// The signal that stopped the build, if one did.
pub fn stop_signal() -> Option<i32> {
    let n = stop().which.load(Ordering::SeqCst);
    (n != 0).then(|| i32::try_from(n).unwrap_or(i32::MAX))
}

fn stopped() -> std::io::Error {
    std::io::Error::new(ErrorKind::Interrupted, "stopped by a signal")
}

// ---------------------------------------------------------------------------------------------
// The writer seam

/// Creates every file written to the output; tests make its Nth write fail as a full disk or a
/// read-only file system would, leaving half the bytes behind.
#[derive(Debug, Default)]
struct Writer {
    #[cfg(test)]
    fail_at: Option<(usize, ErrorKind)>,
    #[cfg(test)]
    count: AtomicUsize,
}

impl Writer {
    fn create(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        if stopping() {
            return Err(stopped());
        }
        #[cfg(test)]
        if let Some((n, kind)) = self.fail_at
            && self.count.fetch_add(1, Ordering::Relaxed) == n
        {
            let _ = fs::write(path, &bytes[..bytes.len() / 2]);
            return Err(std::io::Error::from(kind));
        }
        let mut f = fs::File::create(path)?;
        f.write_all(bytes)
    }
}

// ---------------------------------------------------------------------------------------------
// Where: the output folder and its records

/// An output folder and the project whose records (manifests, locks) describe it.
#[derive(Debug)]
pub struct Dest {
    out: PathBuf,
    cache: PathBuf,
    key: String,
}

impl Dest {
    /// Creates `out` if needed (so its canonical path, hence its records' place, is stable).
    pub fn new(root: &Path, out: &Path) -> Result<Dest, WriteError> {
        fs::create_dir_all(out).map_err(werr(out))?;
        Ok(Dest {
            out: out.to_path_buf(),
            cache: root.join(".congxa-cache"),
            key: crate::fingerprint::out_key(out),
        })
    }

    /// `.congxa-cache/<kind>/<key of out>/<name>`.
    fn record(&self, kind: &str, name: &str) -> PathBuf {
        self.cache.join(kind).join(&self.key).join(name)
    }

    /// Where the manifest of `name` (a site folder, or the project-level files) is kept.
    pub fn manifest_path(&self, name: &str) -> PathBuf {
        self.record("manifests", name)
    }
}

// ---------------------------------------------------------------------------------------------
// `--out` check

/// `path` made absolute and canonical; when it does not exist yet, its nearest existing
/// ancestor is canonicalized and the rest appended (`..` resolved by name).
fn canonical_or_nearest(path: &Path) -> PathBuf {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut base = abs.as_path();
    let mut rest = Vec::new();
    let mut resolved = loop {
        if let Ok(c) = fs::canonicalize(base) {
            break c;
        }
        match (base.parent(), base.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                base = parent;
            }
            // `..` as a last component has no file name: keep it for the lexical pass.
            (Some(parent), None) => {
                rest.push("..".into());
                base = parent;
            }
            (None, _) => break base.to_path_buf(),
        }
    };
    for part in rest.iter().rev() {
        match Path::new(part).components().next() {
            Some(Component::ParentDir) => {
                resolved.pop();
            }
            Some(Component::CurDir) | None => {}
            Some(_) => resolved.push(part),
        }
    }
    resolved
}

/// Refuses an output folder that is the project, holds the project, or lies inside one of its
/// source folders (`--out sites` would take every site's sources for its old output).
pub fn check_out(root: &Path, out: &Path) -> Result<(), Msg> {
    let r = canonical_or_nearest(root);
    let o = canonical_or_nearest(out);
    let shown = out.display();
    if o == r || r.starts_with(&o) {
        return Err(msg!(
            "--out `{shown}` là thư mục dự án hoặc chứa thư mục dự án: congxa sẽ ghi đè lên tệp nguồn. Chọn một thư mục riêng, ví dụ `--out public`",
            "--out `{shown}` is the project folder or contains it: congxa would write over source files. Choose a folder of its own, e.g. `--out public`"
        ));
    }
    for f in SOURCE_FOLDERS {
        if o.starts_with(r.join(f)) {
            return Err(msg!(
                "--out `{shown}` nằm trong thư mục nguồn `{f}/` của dự án: congxa sẽ coi tệp nguồn là bản đăng cũ và xóa chúng. Chọn một thư mục riêng, ví dụ `--out public`",
                "--out `{shown}` is inside the project's source folder `{f}/`: congxa would take source files for old output and delete them. Choose a folder of its own, e.g. `--out public`"
            ));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Manifests

fn escape_path(p: &str) -> String {
    p.replace('%', "%25")
        .replace('\n', "%0A")
        .replace('\r', "%0D")
}

fn unescape_path(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    let mut rest = p;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let code = rest.get(i + 1..i + 3);
        match code {
            Some("25") => out.push('%'),
            Some("0A") => out.push('\n'),
            Some("0D") => out.push('\r'),
            _ => {
                out.push('%');
                rest = &rest[i + 1..];
                continue;
            }
        }
        rest = &rest[i + 3..];
    }
    out.push_str(rest);
    out
}

/// A manifest: its header, then one path per line (sorted; `%`, CR and LF escaped).
fn manifest_text(paths: &BTreeSet<String>) -> String {
    let mut s = format!("{MANIFEST_HEADER}\n");
    for p in paths {
        s.push_str(&escape_path(p));
        s.push('\n');
    }
    s
}

/// The paths of a manifest; `None` when the text is not one.
fn parse_manifest(text: &str) -> Option<BTreeSet<String>> {
    let mut lines = text.split('\n');
    if lines.next() != Some(MANIFEST_HEADER) {
        return None;
    }
    Some(lines.filter(|l| !l.is_empty()).map(unescape_path).collect())
}

/// The manifest of `name`; `None` when there is none (never built here, or by an older congxa).
/// Paths that could leave the folder are dropped: a manifest is not trusted to point outside.
fn read_manifest(dest: &Dest, name: &str) -> Option<BTreeSet<String>> {
    let text = fs::read_to_string(dest.manifest_path(name)).ok()?;
    let paths = parse_manifest(&text)?;
    Some(
        paths
            .into_iter()
            .filter(|p| {
                crate::fsx::safe_relative(p).is_some_and(|c| c.to_string_lossy() == p.as_str())
            })
            .collect(),
    )
}

fn write_manifest(
    dest: &Dest,
    name: &str,
    paths: &BTreeSet<String>,
    w: &Writer,
) -> Result<(), WriteError> {
    let path = dest.manifest_path(name);
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(werr(dir))?;
    let tmp = dir.join(format!("{TMP_PREFIX}{}-{name}", std::process::id()));
    let result = w
        .create(&tmp, manifest_text(paths).as_bytes())
        .and_then(|()| fs::rename(&tmp, &path));
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(WriteError { path, error: e });
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Locks

/// An exclusive lock on writing one site folder (or the project-level files) of an output,
/// released when dropped (or when the process ends, however it ends).
#[derive(Debug)]
struct Lock {
    _file: fs::File,
}

fn lock(dest: &Dest, name: &str) -> Result<Lock, WriteError> {
    let path = dest.record("locks", name);
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(werr(dir))?;
    let file = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(werr(&path))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => {
            let holder = fs::read_to_string(&path).unwrap_or_default();
            let what = if name == ROOT {
                dest.out.clone()
            } else {
                dest.out.join(name)
            };
            let (holder, what) = (holder.trim(), what.display());
            eprintln!(
                "congxa: một lệnh build khác (pid {holder}) đang ghi vào {what}; chờ lệnh đó xong rồi ghi tiếp…\ncongxa: another build (pid {holder}) is writing to {what}; waiting for it to finish…"
            );
            loop {
                if stopping() {
                    return Err(WriteError {
                        path,
                        error: stopped(),
                    });
                }
                std::thread::sleep(std::time::Duration::from_millis(50));
                match file.try_lock() {
                    Ok(()) => break,
                    Err(fs::TryLockError::WouldBlock) => {}
                    Err(fs::TryLockError::Error(e)) => return Err(WriteError { path, error: e }),
                }
            }
        }
        Err(fs::TryLockError::Error(e)) => return Err(WriteError { path, error: e }),
    }
    // Only for the message of a build that waits.
    let _ = file.set_len(0);
    let _ = (&file).write_all(std::process::id().to_string().as_bytes());
    Ok(Lock { _file: file })
}

// ---------------------------------------------------------------------------------------------
// Files

/// Writes `bytes` to `path` unless it already holds exactly them. Returns whether it wrote.
/// A folder in the way is cleared of the files `owned` lists (stale output); if anything else
/// remains in it, the write fails rather than delete what congxa did not write.
fn write_file(
    path: &Path,
    bytes: &[u8],
    dirs: &mut BTreeSet<PathBuf>,
    w: &Writer,
    owned: (&Path, &BTreeSet<String>),
) -> Result<bool, WriteError> {
    if let Ok(meta) = fs::metadata(path) {
        if meta.is_file()
            && meta.len() == bytes.len() as u64
            && fs::read(path).is_ok_and(|old| old == bytes)
        {
            return Ok(false);
        }
        if meta.is_dir() {
            clear_owned_folder(path, owned)?;
        }
    }
    let parent = path.parent().unwrap_or(Path::new("."));
    make_parent(path, dirs)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = parent.join(format!("{TMP_PREFIX}{}-{name}", std::process::id()));
    let result = w.create(&tmp, bytes).and_then(|()| fs::rename(&tmp, path));
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(WriteError {
            path: path.to_path_buf(),
            error: e,
        });
    }
    Ok(true)
}

/// Removes from the folder `dir` (in the way of a file) the files `owned` lists, then the
/// folder; fails if it still holds anything.
fn clear_owned_folder(
    dir: &Path,
    (base, owned): (&Path, &BTreeSet<String>),
) -> Result<(), WriteError> {
    for e in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        if e.file_type().is_dir() {
            continue;
        }
        if owned.contains(&rel_of(base, e.path())) {
            fs::remove_file(e.path()).map_err(werr(e.path()))?;
        }
    }
    // Empty folders hold nothing of anyone's: they go too, the folder itself last.
    for e in walkdir::WalkDir::new(dir)
        .contents_first(true)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_dir())
    {
        let _ = fs::remove_dir(e.path());
    }
    if dir.exists() {
        return Err(WriteError {
            path: dir.to_path_buf(),
            error: std::io::Error::other(
                "a folder that congxa did not write is where a file must go / một thư mục không do congxa tạo nằm đúng chỗ của một tệp",
            ),
        });
    }
    Ok(())
}

fn rel_of(base: &Path, path: &Path) -> String {
    path.strip_prefix(base)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default()
}

/// Removes the folders of `removed` files that are now empty, up to (not including) `top`.
fn remove_empty_parents(removed: &[PathBuf], top: &Path) {
    let mut dirs: BTreeSet<PathBuf> = BTreeSet::new();
    for f in removed {
        let mut d = f.parent();
        while let Some(p) = d.filter(|p| p.starts_with(top) && *p != top) {
            dirs.insert(p.to_path_buf());
            d = p.parent();
        }
    }
    // Deepest first, so parents empty out after their children.
    let mut dirs: Vec<PathBuf> = dirs.into_iter().collect();
    dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    for d in dirs {
        if fs::read_dir(&d).is_ok_and(|mut r| r.next().is_none()) {
            let _ = fs::remove_dir(&d);
        }
    }
}

/// Creates the folder of `path` unless `dirs` says it exists.
fn make_parent(path: &Path, dirs: &mut BTreeSet<PathBuf>) -> Result<(), WriteError> {
    let parent = path.parent().unwrap_or(Path::new("."));
    if !dirs.contains(parent) {
        fs::create_dir_all(parent).map_err(werr(parent))?;
        dirs.insert(parent.to_path_buf());
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Sites

/// Replaces the content of `<out>/<folder>/` with `outputs` (changing only what differs,
/// removing only stale files congxa wrote), then writes `redirects` (pages at former slugs,
/// relative to `<out>`), all under the folder's lock.
pub fn write_site(
    dest: &Dest,
    folder: &str,
    outputs: &[Output],
    redirects: &[Output],
) -> Result<SiteWrite, WriteError> {
    write_site_with(dest, folder, outputs, redirects, &Writer::default())
}

fn write_site_with(
    dest: &Dest,
    folder: &str,
    outputs: &[Output],
    redirects: &[Output],
    w: &Writer,
) -> Result<SiteWrite, WriteError> {
    let _lock = lock(dest, folder)?;
    remove_temp_folders(&dest.out, folder)?;
    let mut r = if dest.out.join(folder).exists() {
        update_site(dest, folder, outputs, w)?
    } else {
        write_new_site(dest, folder, outputs, w)?
    };
    let none = BTreeSet::new();
    for o in redirects {
        let path = dest.out.join(&o.path);
        if write_file(&path, &o.bytes, &mut BTreeSet::new(), w, (&dest.out, &none))? {
            r.stats.written += 1;
        } else {
            r.stats.unchanged += 1;
        }
        if let Some(d) = path.parent() {
            remove_temp_files(d)?;
        }
    }
    Ok(r)
}

/// Removes the temp leftovers in the folders of a site's redirects (a skipped site's build).
pub fn clean_redirects(dest: &Dest, folder: &str, formers: &[String]) -> Result<(), WriteError> {
    let _lock = lock(dest, folder)?;
    for f in formers {
        remove_temp_files(&dest.out.join(f))?;
    }
    Ok(())
}

/// An existing site folder: the manifest first takes the union of the old and new files (a
/// failure from here on leaves every file congxa created owned), then the files, then the
/// stale ones go and the manifest takes the new set. With no manifest (written by an older
/// congxa) nothing is removed but the theme assets an older congxa wrote (`hashed_assets`):
/// the new files are written over the old, the rest is kept.
fn update_site(
    dest: &Dest,
    folder: &str,
    outputs: &[Output],
    w: &Writer,
) -> Result<SiteWrite, WriteError> {
    let dir = dest.out.join(folder);
    let old = read_manifest(dest, folder);
    let owned = old.clone().unwrap_or_else(|| hashed_assets(&dir));
    let wanted: BTreeSet<String> = outputs.iter().map(|o| o.path.clone()).collect();
    let intent: BTreeSet<String> = owned.union(&wanted).cloned().collect();
    if old.as_ref() != Some(&intent) {
        write_manifest(dest, folder, &intent, w)?;
    }
    let mut dirs = BTreeSet::from([dir.clone()]);
    let mut r = SiteWrite::default();
    for o in outputs {
        let path = dir.join(&o.path);
        if write_file(&path, &o.bytes, &mut dirs, w, (&dir, &owned))? {
            r.stats.written += 1;
        } else {
            r.stats.unchanged += 1;
        }
    }
    let (removed, kept) = remove_stale(&dir, &wanted, &owned)?;
    r.stats.removed = removed;
    r.kept = kept;
    if intent != wanted {
        write_manifest(dest, folder, &wanted, w)?;
    }
    Ok(r)
}

/// The files of `<dir>/assets/` named as congxa names theme assets, `<name>.<8 hex>.<ext>`
/// (`style.8d013753.css`): what an older congxa wrote there without a manifest, and no one
/// else names a file so.
fn hashed_assets(dir: &Path) -> BTreeSet<String> {
    let hashed = |name: &str| {
        let parts: Vec<&str> = name.split('.').collect();
        parts.len() == 3
            && !parts[0].is_empty()
            && !parts[2].is_empty()
            && parts[1].len() == 8
            && parts[1]
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    };
    fs::read_dir(dir.join("assets"))
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| hashed(n))
        .map(|n| format!("assets/{n}"))
        .collect()
}

/// A site's first build: every file written straight into a temp folder beside it (named
/// after the process, so two builds never share one), which is then renamed into place, so
/// the site appears whole or not at all. Half the file-system operations of a temp file per
/// page (nothing to compare with, nothing stale), which is most of a cold build's system time.
fn write_new_site(
    dest: &Dest,
    folder: &str,
    outputs: &[Output],
    w: &Writer,
) -> Result<SiteWrite, WriteError> {
    let dir = dest.out.join(folder);
    let tmp = dest
        .out
        .join(format!("{TMP_PREFIX}{folder}.{}", std::process::id()));
    fs::create_dir_all(&tmp).map_err(werr(&tmp))?;
    let wanted: BTreeSet<String> = outputs.iter().map(|o| o.path.clone()).collect();
    let result = (|| {
        let mut dirs = BTreeSet::from([tmp.clone()]);
        for o in outputs {
            let path = tmp.join(&o.path);
            make_parent(&path, &mut dirs)?;
            w.create(&path, &o.bytes)
                .map_err(werr(&dir.join(&o.path)))?;
        }
        write_manifest(dest, folder, &wanted, w)?;
        fs::rename(&tmp, &dir).map_err(werr(&dir))
    })();
    if let Err(e) = result {
        let _ = fs::remove_dir_all(&tmp);
        let _ = fs::remove_file(dest.manifest_path(folder));
        return Err(e);
    }
    Ok(SiteWrite {
        stats: WriteStats {
            written: outputs.len(),
            ..WriteStats::default()
        },
        kept: Vec::new(),
    })
}

/// Removes the temp folders of killed first builds of `folder` (the caller holds its lock, so
/// no live build owns them).
fn remove_temp_folders(out: &Path, folder: &str) -> Result<(), WriteError> {
    let Ok(rd) = fs::read_dir(out) else {
        return Ok(());
    };
    let exact = format!("{TMP_PREFIX}{folder}");
    let numbered = format!("{exact}.");
    for e in rd.filter_map(Result::ok) {
        let name = e.file_name().to_string_lossy().into_owned();
        if (name == exact || name.starts_with(&numbered)) && e.path().is_dir() {
            fs::remove_dir_all(e.path()).map_err(werr(&e.path()))?;
        }
    }
    Ok(())
}

/// Removes the files under `dir` that `owned` lists and `wanted` does not, and temp leftovers;
/// then the folders this emptied. Returns the count removed and the files kept because congxa
/// did not write them.
fn remove_stale(
    dir: &Path,
    wanted: &BTreeSet<String>,
    owned: &BTreeSet<String>,
) -> Result<(usize, Vec<String>), WriteError> {
    let (mut removed, mut gone, mut kept) = (0, Vec::new(), Vec::new());
    for e in walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
    {
        if e.file_type().is_dir() {
            continue;
        }
        let rel = rel_of(dir, e.path());
        let is_tmp = e.file_name().to_string_lossy().starts_with(TMP_PREFIX);
        if wanted.contains(&rel) && !is_tmp {
            continue;
        }
        if is_tmp || owned.contains(&rel) {
            fs::remove_file(e.path()).map_err(werr(e.path()))?;
            removed += usize::from(!is_tmp);
            gone.push(e.path().to_path_buf());
        } else {
            kept.push(rel);
        }
    }
    remove_empty_parents(&gone, dir);
    kept.sort();
    Ok((removed, kept))
}

/// Removes the output of a retired site (`build --prune`): the files its manifest lists, then
/// the folders this emptied. `None` when it has no manifest (nothing is removed: congxa cannot
/// prove it wrote those files).
pub fn remove_site(dest: &Dest, folder: &str) -> Result<Option<SiteWrite>, WriteError> {
    let _lock = lock(dest, folder)?;
    remove_temp_folders(&dest.out, folder)?;
    let Some(owned) = read_manifest(dest, folder) else {
        return Ok(None);
    };
    let dir = dest.out.join(folder);
    let (removed, kept) = remove_stale(&dir, &BTreeSet::new(), &owned)?;
    if fs::read_dir(&dir).is_ok_and(|mut r| r.next().is_none()) {
        let _ = fs::remove_dir(&dir);
    }
    let path = dest.manifest_path(folder);
    match fs::remove_file(&path) {
        Err(e) if e.kind() != ErrorKind::NotFound => return Err(WriteError { path, error: e }),
        _ => {}
    }
    Ok(Some(SiteWrite {
        stats: WriteStats {
            removed,
            ..WriteStats::default()
        },
        kept,
    }))
}

// ---------------------------------------------------------------------------------------------
// Project-level files

/// Writes the project-level files at the root of `<out>` (directory page, sitemap index,
/// robots, theme assets), each only if changed, removes temp leftovers in the folders it
/// writes to, and the theme assets in `<out>/assets/` it wrote before and no longer has
/// (named by content hash, so each theme change would otherwise leave the old ones behind;
/// none when `files` has no assets: a theme that failed to load). Never removes anything else.
pub fn write_project_files(dest: &Dest, files: &[Output]) -> Result<SiteWrite, WriteError> {
    write_project_files_with(dest, files, &Writer::default())
}

fn write_project_files_with(
    dest: &Dest,
    files: &[Output],
    w: &Writer,
) -> Result<SiteWrite, WriteError> {
    let _lock = lock(dest, ROOT)?;
    let out = &dest.out;
    let old = read_manifest(dest, ROOT);
    let owned = old.clone().unwrap_or_else(|| hashed_assets(out));
    let wanted: BTreeSet<String> = files.iter().map(|f| f.path.clone()).collect();
    let intent: BTreeSet<String> = owned.union(&wanted).cloned().collect();
    if old.as_ref() != Some(&intent) {
        write_manifest(dest, ROOT, &intent, w)?;
    }
    let mut r = SiteWrite::default();
    let mut dirs: BTreeSet<PathBuf> = BTreeSet::from([out.clone()]);
    let none = BTreeSet::new();
    for f in files {
        let path = out.join(&f.path);
        if write_file(&path, &f.bytes, &mut BTreeSet::new(), w, (out, &none))? {
            r.stats.written += 1;
        } else {
            r.stats.unchanged += 1;
        }
        if let Some(d) = path.parent() {
            dirs.insert(d.to_path_buf());
        }
    }
    for d in &dirs {
        remove_temp_files(d)?;
    }
    let mut still = wanted.clone();
    if wanted.iter().any(|p| p.starts_with("assets/")) {
        let dir = out.join("assets");
        for e in fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
        {
            let rel = format!("assets/{}", e.file_name().to_string_lossy());
            if !e.file_type().is_ok_and(|t| t.is_file()) || wanted.contains(&rel) {
                continue;
            }
            if owned.contains(&rel) {
                fs::remove_file(e.path()).map_err(werr(&e.path()))?;
                r.stats.removed += 1;
            } else {
                r.kept.push(rel);
            }
        }
    }
    // Files written before and not removed (a directory page while the theme fails) stay owned.
    still.extend(owned.into_iter().filter(|p| out.join(p).is_file()));
    if still != intent {
        write_manifest(dest, ROOT, &still, w)?;
    }
    Ok(r)
}

/// Removes temp leftovers of a killed build directly inside `dir`.
pub fn remove_temp_files(dir: &Path) -> Result<(), WriteError> {
    let Ok(rd) = fs::read_dir(dir) else {
        return Ok(());
    };
    for e in rd.filter_map(Result::ok) {
        if e.file_name().to_string_lossy().starts_with(TMP_PREFIX) && e.path().is_file() {
            fs::remove_file(e.path()).map_err(werr(&e.path()))?;
        }
    }
    Ok(())
}
#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// A project root and its output folder `out`, fresh.
    fn tmpdir(name: &str) -> (PathBuf, PathBuf, Dest) {
        let d = std::env::temp_dir().join(format!("congxa-output-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        let out = d.join("public");
        let dest = Dest::new(&d, &out).unwrap();
        (d, out, dest)
    }

    fn outputs(files: &[(&str, &str)]) -> Vec<Output> {
        files
            .iter()
            .map(|(p, b)| Output {
                path: (*p).into(),
                bytes: b.as_bytes().to_vec(),
            })
            .collect()
    }

    fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| (rel_of(dir, e.path()), fs::read(e.path()).unwrap()))
            .collect()
    }

    fn as_tree(o: &[Output]) -> BTreeMap<String, Vec<u8>> {
        o.iter()
            .map(|o| (o.path.clone(), o.bytes.clone()))
            .collect()
    }

    fn failing(n: usize, kind: ErrorKind) -> Writer {
        Writer {
            fail_at: Some((n, kind)),
            count: AtomicUsize::new(0),
        }
    }

    #[test]
    fn unchanged_files_are_not_rewritten_and_stale_removed() {
        let (d, out, dest) = tmpdir("stale");
        let a = outputs(&[("index.html", "a"), ("x/index.html", "x")]);
        let s = write_site(&dest, "s", &a, &[]).unwrap().stats;
        assert_eq!(s.written, 2);
        let s = write_site(&dest, "s", &a, &[]).unwrap().stats;
        assert_eq!((s.written, s.unchanged), (0, 2));
        fs::write(
            out.join("s").join(format!("{TMP_PREFIX}1-index.html")),
            b"torn",
        )
        .unwrap();
        let b = outputs(&[("index.html", "b")]);
        let s = write_site(&dest, "s", &b, &[]).unwrap().stats;
        assert_eq!((s.written, s.removed), (1, 1));
        assert!(!out.join("s/x").exists());
        assert_eq!(fs::read_dir(out.join("s")).unwrap().count(), 1);
        let _ = fs::remove_dir_all(&d);
    }

    #[test]
    fn first_build_leftover_of_a_killed_build_is_replaced_whole() {
        let (d, out, dest) = tmpdir("fresh");
        for leftover in [format!("{TMP_PREFIX}s"), format!("{TMP_PREFIX}s.4242")] {
            let leftover = out.join(leftover);
            fs::create_dir_all(leftover.join("old")).unwrap();
            fs::write(leftover.join("old/index.html"), b"half").unwrap();
        }
        // Another site's temp folder is not this one's to remove.
        fs::create_dir_all(out.join(format!("{TMP_PREFIX}s-b.4242"))).unwrap();
        let a = outputs(&[("a/b/index.html", "new")]);
        let s = write_site(&dest, "s", &a, &[]).unwrap().stats;
        assert_eq!(s.written, 1);
        let names: BTreeSet<String> = fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            BTreeSet::from(["s".into(), format!("{TMP_PREFIX}s-b.4242")])
        );
        assert_eq!(fs::read(out.join("s/a/b/index.html")).unwrap(), b"new");
        let _ = fs::remove_dir_all(&d);
    }

    #[test]
    fn files_congxa_did_not_write_are_kept_and_reported() {
        let (d, out, dest) = tmpdir("foreign");
        write_site(
            &dest,
            "s",
            &outputs(&[("index.html", "a"), ("cu/index.html", "c")]),
            &[],
        )
        .unwrap();
        for f in ["CNAME", ".well-known/acme-challenge/x", "google123.html"] {
            let p = out.join("s").join(f);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, "mine").unwrap();
        }
        let w = write_site(&dest, "s", &outputs(&[("index.html", "b")]), &[]).unwrap();
        assert_eq!(w.stats.removed, 1, "the stale page congxa wrote goes");
        assert_eq!(
            w.kept,
            vec![".well-known/acme-challenge/x", "CNAME", "google123.html"]
        );
        assert!(!out.join("s/cu").exists());
        for f in ["CNAME", ".well-known/acme-challenge/x", "google123.html"] {
            assert_eq!(fs::read(out.join("s").join(f)).unwrap(), b"mine", "{f}");
        }
        let _ = fs::remove_dir_all(&d);
    }

    #[test]
    fn output_of_an_older_congxa_is_adopted_without_deleting_anything() {
        let (d, out, dest) = tmpdir("adopt");
        // An older congxa wrote this folder and no manifest.
        for (f, b) in [
            ("index.html", "old"),
            ("cu/index.html", "old"),
            ("CNAME", "x"),
            ("assets/style.0123abcd.css", "old theme"),
            ("assets/logo.png", "x"),
        ] {
            let p = out.join("s").join(f);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, b).unwrap();
        }
        let w = write_site(&dest, "s", &outputs(&[("index.html", "new")]), &[]).unwrap();
        // Only the old theme asset, named by its hash as congxa names them, is taken as its own.
        assert_eq!((w.stats.written, w.stats.removed), (1, 1));
        assert_eq!(w.kept, vec!["CNAME", "assets/logo.png", "cu/index.html"]);
        assert!(!out.join("s/assets/style.0123abcd.css").exists());
        assert_eq!(fs::read(out.join("s/index.html")).unwrap(), b"new");
        assert!(out.join("s/cu/index.html").exists());
        // From now on the manifest proves what congxa wrote.
        let w = write_site(&dest, "s", &outputs(&[("moi/index.html", "n")]), &[]).unwrap();
        assert_eq!(w.stats.removed, 1);
        assert!(!out.join("s/index.html").exists());
        let _ = fs::remove_dir_all(&d);
    }

    #[test]
    fn a_folder_not_written_by_congxa_in_the_way_of_a_file_is_not_deleted() {
        let (d, out, dest) = tmpdir("in-the-way");
        write_site(
            &dest,
            "s",
            &outputs(&[("index.html", "a"), ("x/index.html", "x")]),
            &[],
        )
        .unwrap();
        fs::write(out.join("s/x/mine.txt"), "mine").unwrap();
        let e = write_site(
            &dest,
            "s",
            &outputs(&[("index.html", "a"), ("x", "file")]),
            &[],
        )
        .unwrap_err();
        assert_eq!(e.path, out.join("s/x"));
        assert_eq!(fs::read(out.join("s/x/mine.txt")).unwrap(), b"mine");
        fs::remove_file(out.join("s/x/mine.txt")).unwrap();
        write_site(
            &dest,
            "s",
            &outputs(&[("index.html", "a"), ("x", "file")]),
            &[],
        )
        .unwrap();
        assert_eq!(fs::read(out.join("s/x")).unwrap(), b"file");
        let _ = fs::remove_dir_all(&d);
    }

    /// A full disk or a read-only file system at any write of a rebuild: each file is its old
    /// or its new version (never torn), no file of the previous build is missing, no temp file
    /// remains, the error names the file in plain words; the next build gives exactly its tree,
    /// the files the failed one added included.
    #[test]
    fn a_failed_write_at_any_point_leaves_the_previous_output_whole() {
        let old = outputs(&[
            ("index.html", "old home"),
            ("a/index.html", "old a"),
            ("b/index.html", "b"),
            ("gone/index.html", "gone"),
        ]);
        let new = outputs(&[
            ("index.html", "new home!"),
            ("a/index.html", "new a"),
            ("b/index.html", "b"),
            ("c/index.html", "new c"),
            ("d/e/index.html", "new e"),
        ]);
        let (old_t, new_t) = (as_tree(&old), as_tree(&new));
        for (kind, words) in [
            (ErrorKind::StorageFull, "ổ đĩa đầy"),
            (ErrorKind::ReadOnlyFilesystem, "không có quyền ghi"),
        ] {
            let mut failures = 0;
            for n in 0.. {
                let (d, out, dest) = tmpdir(&format!("fault-{n}"));
                write_site(&dest, "s", &old, &[]).unwrap();
                let r = write_site_with(&dest, "s", &new, &[], &failing(n, kind));
                let got = tree(&out.join("s"));
                if r.is_ok() {
                    assert_eq!(got, new_t);
                    let _ = fs::remove_dir_all(&d);
                    break;
                }
                failures += 1;
                let e = r.unwrap_err();
                let m = e.message();
                assert!(
                    m.vi.contains(words) && m.vi.contains(&e.path.display().to_string()),
                    "{}",
                    m.vi
                );
                for (p, b) in &got {
                    assert!(
                        old_t.get(p) == Some(b) || new_t.get(p) == Some(b),
                        "write {n}: {p} torn or foreign: {b:?}"
                    );
                }
                // Only the last manifest write can fail once stale files are gone: the site is
                // then whole-new (its manifest still the union, which is safe).
                for p in old_t.keys().filter(|_| got != new_t) {
                    assert!(
                        got.contains_key(p),
                        "write {n}: {p} of the previous build is missing"
                    );
                }
                // The next build, back to the old input, removes what the failed one added.
                write_site(&dest, "s", &old, &[]).unwrap();
                assert_eq!(tree(&out.join("s")), old_t, "write {n}: recovery");
                assert!(tree(&out).keys().all(|k| !k.contains(TMP_PREFIX)));
                let _ = fs::remove_dir_all(&d);
            }
            assert!(failures >= new.len(), "only {failures} failure points");
        }
    }

    #[test]
    fn a_failed_first_build_leaves_no_folder_no_temp_and_no_manifest() {
        let new = outputs(&[
            ("index.html", "home"),
            ("a/index.html", "a"),
            ("b/c/index.html", "c"),
        ]);
        for n in 0..=new.len() {
            let (d, out, dest) = tmpdir(&format!("fault-new-{n}"));
            let e = write_site_with(&dest, "s", &new, &[], &failing(n, ErrorKind::StorageFull))
                .unwrap_err();
            assert!(e.message().vi.contains("ổ đĩa đầy"));
            assert!(tree(&out).is_empty(), "write {n}: {:?}", tree(&out));
            assert!(!dest.manifest_path("s").exists());
            write_site(&dest, "s", &new, &[]).unwrap();
            assert_eq!(tree(&out.join("s")), as_tree(&new));
            let _ = fs::remove_dir_all(&d);
        }
    }

    #[test]
    fn project_files_prune_only_assets_congxa_wrote() {
        let (d, out, dest) = tmpdir("root");
        let v1 = outputs(&[("index.html", "i"), ("assets/style.1.css", "1")]);
        write_project_files(&dest, &v1).unwrap();
        fs::write(out.join("assets/logo-tinh.png"), "mine").unwrap();
        fs::write(out.join("CNAME"), "mine").unwrap();
        let v2 = outputs(&[("index.html", "i"), ("assets/style.2.css", "2")]);
        let w = write_project_files(&dest, &v2).unwrap();
        assert_eq!(w.stats.removed, 1);
        assert_eq!(w.kept, vec!["assets/logo-tinh.png"]);
        assert!(!out.join("assets/style.1.css").exists());
        assert!(out.join("CNAME").exists() && out.join("assets/logo-tinh.png").exists());
        let _ = fs::remove_dir_all(&d);
    }

    #[test]
    fn prune_removes_only_manifest_listed_files() {
        let (d, out, dest) = tmpdir("prune");
        write_site(
            &dest,
            "s",
            &outputs(&[("index.html", "a"), ("x/index.html", "x")]),
            &[],
        )
        .unwrap();
        fs::write(out.join("s/CNAME"), "mine").unwrap();
        let w = remove_site(&dest, "s").unwrap().unwrap();
        assert_eq!(
            (w.stats.removed, w.kept.clone()),
            (2, vec!["CNAME".to_owned()])
        );
        assert_eq!(
            tree(&out),
            BTreeMap::from([("s/CNAME".to_owned(), b"mine".to_vec())])
        );
        // No manifest: nothing is removed.
        assert!(remove_site(&dest, "s").unwrap().is_none());
        assert!(out.join("s/CNAME").exists());
        fs::remove_file(out.join("s/CNAME")).unwrap();
        write_site(&dest, "t", &outputs(&[("index.html", "a")]), &[]).unwrap();
        remove_site(&dest, "t").unwrap().unwrap();
        assert!(!out.join("t").exists(), "an emptied folder goes too");
        let _ = fs::remove_dir_all(&d);
    }

    /// Two writers of one site folder at once (threads here; processes take the same lock):
    /// the second waits, so the folder ends as one of them wrote it, whole.
    #[test]
    fn two_writers_of_one_site_folder_wait_for_each_other() {
        let (d, out, dest) = tmpdir("lock");
        let many = |tag: &str| -> Vec<Output> {
            (0..300)
                .map(|i| Output {
                    path: format!("p{i}/index.html"),
                    bytes: format!("{tag} {i}").into_bytes(),
                })
                .collect()
        };
        let (a, b) = (many("a"), many("b"));
        std::thread::scope(|s| {
            let h1 = s.spawn(|| write_site(&dest, "s", &a, &[]));
            let h2 = s.spawn(|| write_site(&dest, "s", &b, &[]));
            h1.join().unwrap().unwrap();
            h2.join().unwrap().unwrap();
        });
        let got = tree(&out.join("s"));
        assert!(
            got == as_tree(&a) || got == as_tree(&b),
            "a mix of two builds"
        );
        assert!(tree(&out).keys().all(|k| !k.contains(TMP_PREFIX)));
        let _ = fs::remove_dir_all(&d);
    }

    #[test]
    fn out_inside_the_sources_is_refused() {
        let (d, _, _) = tmpdir("out-check");
        let root = d.join("proj");
        fs::create_dir_all(root.join("sites/xa-a")).unwrap();
        fs::create_dir_all(root.join("content")).unwrap();
        for bad in [
            root.clone(),
            root.join("."),
            root.join("sites"),
            root.join("sites/xa-a"),
            root.join("content/moi/chua-co"),
            root.join("chua-co/../sites"),
            root.join(".git"),
            root.join("themes"),
            d.clone(),
        ] {
            assert!(
                check_out(&root, &bad).is_err(),
                "{} accepted",
                bad.display()
            );
        }
        for good in [
            root.join("public"),
            root.join("target/congxa-preview"),
            d.join("public"),
        ] {
            assert!(
                check_out(&root, &good).is_ok(),
                "{} refused",
                good.display()
            );
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("sites"), d.join("link")).unwrap();
            assert!(
                check_out(&root, &d.join("link/new")).is_err(),
                "through a symlink"
            );
        }
        let _ = fs::remove_dir_all(&d);
    }

    proptest::proptest! {
        #[test]
        fn manifest_round_trips_any_paths(paths in proptest::collection::btree_set(".*", 0..8)) {
            let text = manifest_text(&paths);
            let back = parse_manifest(&text).unwrap();
            let want: BTreeSet<String> = paths.into_iter().filter(|p| !p.is_empty()).collect();
            proptest::prop_assert_eq!(back, want);
        }
    }
}
