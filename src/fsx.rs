//! Reading source files safely, under one policy for every file kind (pages, YAML data, the
//! catalog, theme files, static files, images): only regular files are read (a FIFO, device or
//! socket is refused before it is opened, so it can neither hang nor stream forever), nothing
//! that resolves outside the project root is read (symlinks inside it are fine), and every read
//! is bounded before it starts. Text is then decoded: UTF-8 with a clear position for the first
//! bad byte, a byte-order mark dropped, CRLF and lone CR turned into LF, NFC-normalised.
//! Walks of source folders apply the same policy to every entry. Writing to the output folder
//! is `output.rs`'s.

use std::fs;
use std::io::Read as _;
use std::path::{Component, Path, PathBuf};

use walkdir::WalkDir;

use crate::diag::{Diagnostic, Diagnostics, Span};
use crate::msg;
use crate::text;

/// Largest source text file accepted (Markdown, YAML): a clerk's page is a few KB; anything this
/// big is a mistake (a pasted binary, a log) and would slow every build.
pub const MAX_TEXT_BYTES: u64 = 2 * 1024 * 1024;

/// Largest file of `static/` published as it is (a scanned PDF, a loudspeaker recording, a
/// short video): residents download these on phone connections, and every site's files are
/// held in memory while the site is written.
pub const MAX_STATIC_BYTES: u64 = 50 * 1024 * 1024;

/// Why a file was not read.
enum Refusal {
    Io(std::io::Error),
    /// Not a regular file: its type, for the message.
    NotRegular(fs::FileType),
    /// Larger than the limit: the size seen (at least limit + 1).
    TooLarge(u64),
}

/// Reads a regular file of at most `max` bytes. The type is checked before the file is opened
/// (opening a FIFO blocks until a writer comes) and again on the open file; the read itself
/// stops at `max + 1` bytes, since a size from `stat` is 0 for special files and can grow.
fn read_regular_inner(path: &Path, max: u64) -> Result<Vec<u8>, Refusal> {
    let meta = fs::metadata(path).map_err(Refusal::Io)?;
    if !meta.is_file() {
        return Err(Refusal::NotRegular(meta.file_type()));
    }
    if meta.len() > max {
        return Err(Refusal::TooLarge(meta.len()));
    }
    let file = fs::File::open(path).map_err(Refusal::Io)?;
    let meta = file.metadata().map_err(Refusal::Io)?;
    if !meta.is_file() {
        return Err(Refusal::NotRegular(meta.file_type()));
    }
    let mut bytes = Vec::with_capacity(meta.len().min(max) as usize);
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(Refusal::Io)?;
    if bytes.len() as u64 > max {
        return Err(Refusal::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// The bytes of a regular file of at most `max` bytes, without the project check: for hashing
/// (the rebuild check), where a refused file only needs to read as "changed".
pub fn read_regular(path: &Path, max: u64) -> std::io::Result<Vec<u8>> {
    read_regular_inner(path, max).map_err(|r| match r {
        Refusal::Io(e) => e,
        Refusal::NotRegular(_) => std::io::Error::other("not a regular file"),
        Refusal::TooLarge(_) => std::io::Error::other("file too large"),
    })
}

/// Reads a source file under the policy of the module doc: `root` is the project root, `display`
/// the path shown to the user (relative to the root), `max` the size limit in bytes. Every
/// source read goes through here (text through [`read_text`]).
pub fn read_bytes(
    root: &Path,
    path: &Path,
    display: &Path,
    max: u64,
) -> Result<Vec<u8>, Diagnostic> {
    let real = fs::canonicalize(path).map_err(|e| io_error(display, &e))?;
    if !inside_root(root, &real) {
        return Err(outside(display));
    }
    read_regular_inner(&real, max).map_err(|r| match r {
        Refusal::Io(e) => io_error(display, &e),
        Refusal::NotRegular(t) => not_regular(display, t),
        Refusal::TooLarge(n) => too_large(display, n, max),
    })
}

/// Reads a source text file as normalised text (at most [`MAX_TEXT_BYTES`]), or a diagnostic
/// naming the file (and position).
pub fn read_text(root: &Path, path: &Path, display: &Path) -> Result<String, Diagnostic> {
    let bytes = read_bytes(root, path, display, MAX_TEXT_BYTES)?;
    decode(&bytes, display)
}

/// Whether an optional source file is there at all: a dangling symlink, a FIFO or a folder in
/// its place counts, so that reading it reports the problem instead of taking it as absent.
pub fn present(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

fn inside_root(root: &Path, real: &Path) -> bool {
    fs::canonicalize(root).is_ok_and(|r| real.starts_with(r))
}

fn outside(display: &Path) -> Diagnostic {
    Diagnostic::error(
        Span::file(display),
        msg!(
            "liên kết tượng trưng trỏ ra ngoài dự án: congxa chỉ đọc tệp nằm trong thư mục dự án",
            "symbolic link points outside the project: congxa reads only files inside the project folder"
        ),
    )
    .hint(msg!(
        "thay liên kết bằng bản sao của tệp hoặc thư mục.",
        "replace the link with a copy of the file or folder."
    ))
}

/// The kind of a non-regular file, in both languages.
fn kind_name(t: fs::FileType) -> (&'static str, &'static str) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if t.is_fifo() {
            return ("ống dẫn có tên (FIFO)", "named pipe (FIFO)");
        }
        if t.is_socket() {
            return ("socket", "socket");
        }
        if t.is_block_device() || t.is_char_device() {
            return ("thiết bị", "device");
        }
    }
    if t.is_dir() {
        return ("thư mục", "folder");
    }
    ("tệp đặc biệt", "special file")
}

fn not_regular(display: &Path, t: fs::FileType) -> Diagnostic {
    let (vi, en) = kind_name(t);
    Diagnostic::error(
        Span::file(display),
        msg!(
            "không phải tệp thường mà là {vi}: congxa chỉ đọc tệp thường",
            "not a regular file but a {en}: congxa reads regular files only"
        ),
    )
    .hint(msg!(
        "xóa nó và đặt một tệp thật vào chỗ đó.",
        "remove it and put a real file in its place."
    ))
}

fn too_large(display: &Path, size: u64, max: u64) -> Diagnostic {
    let mb = size as f64 / 1_048_576.0;
    let max_mb = max / 1_048_576;
    if max == MAX_TEXT_BYTES {
        return Diagnostic::error(
            Span::file(display),
            msg!(
                "tệp quá lớn ({mb:.1} MB; tối đa {max_mb} MB cho một tệp văn bản)",
                "file too large ({mb:.1} MB; at most {max_mb} MB for a text file)"
            ),
        )
        .hint(msg!(
            "chia nội dung thành nhiều trang; ảnh và tệp PDF đặt trong thư mục static/.",
            "split the content into several pages; put images and PDFs in static/."
        ));
    }
    Diagnostic::error(
        Span::file(display),
        msg!(
            "tệp quá lớn ({mb:.1} MB; tối đa {max_mb} MB)",
            "file too large ({mb:.1} MB; at most {max_mb} MB)"
        ),
    )
    .hint(msg!(
        "người dân tải tệp bằng điện thoại: nén hoặc chia nhỏ tệp (quét PDF ở 150 dpi, ghi âm ở 64 kbit/s), hoặc đăng video lên kênh video của xã và dẫn liên kết.",
        "residents download on phones: compress or split the file (scan PDFs at 150 dpi, record at 64 kbit/s), or put videos on the commune's video channel and link to them."
    ))
}

/// Bytes to normalised text (see module doc).
pub fn decode(bytes: &[u8], display: &Path) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.contains(&0) {
        return Err(Diagnostic::error(
            Span::file(display),
            msg!("tệp không phải văn bản (có byte NUL)", "not a text file (contains a NUL byte)"),
        )
        .hint(msg!(
            "tệp này có thể là ảnh hoặc tệp Word bị đổi đuôi; lưu lại dưới dạng văn bản thuần (UTF-8).",
            "this may be an image or Word file renamed; save it as plain text (UTF-8)."
        )));
    }
    let s = match std::str::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let good = std::str::from_utf8(good).unwrap_or_default();
            let (line, column) = crate::diag::line_col(good, good.len());
            return Err(Diagnostic::error(
                Span::at(display, line, column),
                msg!("tệp không phải UTF-8 hợp lệ", "file is not valid UTF-8"),
            )
            .hint(msg!(
                "mở tệp bằng trình soạn thảo và lưu lại với mã hóa UTF-8 (không dùng Windows-1258 hoặc TCVN3).",
                "open it in an editor and save it as UTF-8 (not Windows-1258 or TCVN3)."
            )));
        }
    };
    let s = if s.contains('\r') {
        s.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        s.to_owned()
    };
    Ok(text::nfc(&s))
}

fn io_error(display: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        Span::file(display),
        msg!("không đọc được tệp: {e}", "cannot read the file: {e}"),
    )
}

/// Writes a cache file (under `.congxa-cache/`, never the output: that is `output.rs`'s) through
/// a temp file renamed into place, so a reader in another process (shards sharing one project
/// folder) or after a killed build sees the old bytes or the new, never half a file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = path.with_file_name(format!(".{name}.tmp-{}-{n}", std::process::id()));
    let result = fs::write(&tmp, bytes).and_then(|()| fs::rename(&tmp, path));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Checks a relative path written in a file (an image, an attachment): no `..`, not absolute,
/// no backslashes or drive letters. Returns the cleaned relative path.
pub fn safe_relative(p: &str) -> Option<PathBuf> {
    if p.is_empty() || p.contains('\\') || p.contains('\0') || p.contains(':') {
        return None;
    }
    let path = Path::new(p.trim_start_matches('/'));
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::Normal(n) => out.push(n),
            Component::CurDir => {}
            _ => return None,
        }
    }
    (!out.as_os_str().is_empty()).then_some(out)
}

/// `path` relative to `root`, for messages; the path itself if it is not under `root`.
pub fn rel(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// Whether `path` resolves inside `root` (both canonicalised): the one test of "inside the
/// project" for reads and walks.
pub fn stays_inside(root: &Path, path: &Path) -> bool {
    fs::canonicalize(path).is_ok_and(|p| inside_root(root, &p))
}

/// Whether a file or folder called `name` is never a source: hidden files and folders (`.git`,
/// `.nhap`, macOS's `.DS_Store`, Emacs's `.#x` locks, Vim's `.x.swp`, the build's own
/// `.congxa-tmp-…`), editors' temp and backup files (Vim's `4913` write test and `x.swp`,
/// `x~`, Emacs's `#x#`, Office's `~$x.docx`) and Windows' folder files (`Thumbs.db`,
/// `desktop.ini`). The build's walks skip them and the preview's watcher ignores their
/// changes: one list, so what serve ignores is never published.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.starts_with("~$")
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swo", ".swx"].iter().any(|x| name.ends_with(x))
        || name == "4913"
        || name.eq_ignore_ascii_case("thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
}

/// Whether `rel` (a path below the project root) is, or lies inside, an ignored file or
/// folder ([`is_ignored_name`]).
pub fn is_ignored(rel: &Path) -> bool {
    rel.components().any(|c| match c {
        std::path::Component::Normal(n) => is_ignored_name(&n.to_string_lossy()),
        _ => false,
    })
}

/// Every entry under `dir` that is not a folder, in a fixed order, with its path relative to
/// `dir` (ignored names included: for fingerprints, which must see any change). Symlinked
/// folders inside the project are followed, as the build follows them (a change in one must
/// show); links leading outside are not (the build refuses them; walking one could mean the
/// whole disk).
pub fn every_file<'a>(
    root: &'a Path,
    dir: &'a Path,
) -> impl Iterator<Item = (String, PathBuf)> + 'a {
    WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(move |e| !e.path_is_symlink() || stays_inside(root, e.path()))
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(move |e| {
            let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
            (rel.to_string_lossy().into_owned(), e.into_path())
        })
}

/// Every regular file under `dir` (no link followed), with its `/`-separated path relative to
/// `dir` and its metadata, unsorted: the state of a published folder.
pub fn regular_files_unfollowed(dir: &Path) -> Vec<(String, fs::Metadata)> {
    WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| {
            let meta = e.metadata().ok().filter(fs::Metadata::is_file)?;
            let rel = e
                .path()
                .strip_prefix(dir)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            Some((rel, meta))
        })
        .collect()
}

/// Regular files under `dir` (sorted), with paths relative to `dir` using `/`, NFC, under the
/// read policy: symlinks, to files or to folders, are followed when they stay inside the
/// project and refused otherwise (also when `dir` itself is one); FIFOs, devices and sockets
/// are refused with their names; hidden and editor temp files are skipped. No `dir`, no files.
pub fn walk_files(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Vec<(PathBuf, String)> {
    walk_files_and_refused(root, dir, diags).0
}

/// [`walk_files`], plus the paths (relative to `dir`) of the entries it refused, already
/// reported: a page refused here is one that failed to load, so links to it are not reported
/// a second time as links to a missing page.
pub fn walk_files_and_refused(
    root: &Path,
    dir: &Path,
    diags: &mut Diagnostics,
) -> (Vec<(PathBuf, String)>, Vec<String>) {
    let mut out = Vec::new();
    let mut refused_rels = Vec::new();
    if !present(dir) {
        return (out, refused_rels);
    }
    match fs::canonicalize(dir) {
        Ok(real) if inside_root(root, &real) => {}
        Ok(_) => {
            diags.push(outside(&rel(root, dir)));
            return (out, refused_rels);
        }
        Err(e) => {
            diags.push(io_error(&rel(root, dir), &e));
            return (out, refused_rels);
        }
    }
    let relative = |p: &Path| {
        let r = p.strip_prefix(dir).unwrap_or(p);
        text::nfc(&r.to_string_lossy().replace('\\', "/"))
    };
    let mut refused = Vec::new();
    let mut keep = |e: &walkdir::DirEntry| {
        if e.depth() == 0 {
            return true;
        }
        if is_ignored_name(&e.file_name().to_string_lossy()) {
            return false;
        }
        if e.path_is_symlink() && !stays_inside(root, e.path()) {
            refused.push((outside(&rel(root, e.path())), relative(e.path())));
            return false;
        }
        true
    };
    // Following links: walkdir then reports loops (a link to its own parent) as errors.
    let walk = WalkDir::new(dir).follow_links(true).sort_by_file_name();
    for entry in walk.into_iter().filter_entry(|e| keep(e)) {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let p = e.path().map(|p| rel(root, p)).unwrap_or_default();
                diags.error(
                    Span::file(p),
                    msg!("không đọc được: {e}", "cannot read: {e}"),
                );
                continue;
            }
        };
        let t = entry.file_type();
        if t.is_dir() {
            continue;
        }
        if !t.is_file() {
            diags.push(not_regular(&rel(root, entry.path()), t));
            refused_rels.push(relative(entry.path()));
            continue;
        }
        if entry.path().strip_prefix(dir).is_err() {
            continue;
        }
        out.push((entry.path().to_path_buf(), relative(entry.path())));
    }
    for (d, r) in refused {
        diags.push(d);
        refused_rels.push(r);
    }
    (out, refused_rels)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf_are_normalised() {
        let t = decode(b"\xEF\xBB\xBFa\r\nb\rc", Path::new("x")).unwrap();
        assert_eq!(t, "a\nb\nc");
    }

    #[test]
    fn invalid_utf8_names_line_and_column() {
        let e = decode(b"ok\nab\xFFcd", Path::new("p.md")).unwrap_err();
        assert_eq!(e.span.to_string(), "p.md:2:3");
    }

    #[test]
    fn nul_byte_is_binary() {
        assert!(decode(b"PNG\0\0", Path::new("p.md")).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_refused_before_any_byte_is_read() {
        // Root `/` so the device is inside the "project": only the type check can refuse it.
        let e = read_bytes(Path::new("/"), Path::new("/dev/zero"), Path::new("z"), 10).unwrap_err();
        assert!(
            e.message.en.contains("not a regular file but a device"),
            "{e:?}"
        );
    }

    #[test]
    fn reads_are_bounded_and_stay_in_the_root() {
        let dir = std::env::temp_dir().join(format!("congxa-fsx-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("p")).unwrap();
        fs::write(dir.join("p/a.txt"), b"12345").unwrap();
        fs::write(dir.join("b.txt"), b"x").unwrap();
        let root = dir.join("p");
        assert_eq!(
            read_bytes(&root, &root.join("a.txt"), Path::new("a"), 5).unwrap(),
            b"12345"
        );
        let e = read_bytes(&root, &root.join("a.txt"), Path::new("a"), 4).unwrap_err();
        assert!(e.message.en.contains("file too large"), "{e:?}");
        let e = read_bytes(&root, &root.join("../b.txt"), Path::new("b"), 4).unwrap_err();
        assert!(e.message.en.contains("outside the project"), "{e:?}");
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn editor_and_system_files_are_ignored_and_sources_are_not() {
        for name in [
            ".git",
            ".DS_Store",
            ".#a.md",
            ".a.md.swp",
            "a.md.swp",
            "4913",
            "a.md~",
            "#a.md#",
            "~$don.docx",
            "Thumbs.db",
            "desktop.ini",
            ".congxa-tmp-1-a",
        ] {
            assert!(is_ignored_name(name), "{name}");
        }
        for name in [
            "a.md",
            "49130",
            "site.yaml",
            "#",
            "ban-do.png",
            "so-4913.pdf",
        ] {
            assert!(!is_ignored_name(name), "{name}");
        }
        assert!(is_ignored(Path::new("sites/a/.git/HEAD")));
        assert!(is_ignored(Path::new("sites/a/static/4913")));
        assert!(!is_ignored(Path::new("sites/a/static/logo.png")));
    }

    #[test]
    fn relative_paths_cannot_escape() {
        assert_eq!(safe_relative("anh/a.jpg"), Some(PathBuf::from("anh/a.jpg")));
        assert_eq!(
            safe_relative("/anh/a.jpg"),
            Some(PathBuf::from("anh/a.jpg"))
        );
        assert_eq!(safe_relative("../secret"), None);
        assert_eq!(safe_relative("a/../../b"), None);
        assert_eq!(safe_relative("C:\\x"), None);
        assert_eq!(safe_relative(""), None);
    }
}
