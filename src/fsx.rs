//! Reading source files safely: a size limit, UTF-8 with a clear position for the first bad
//! byte, a byte-order mark dropped, CRLF and lone CR turned into LF, text NFC-normalised.
//! Also refuses symlinks that leave the project. Writing to the output folder is `output.rs`'s.

use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::diag::{Diagnostic, Span};
use crate::msg;
use crate::text;

/// Largest source text file accepted (Markdown, YAML): a clerk's page is a few KB; anything this
/// big is a mistake (a pasted binary, a log) and would slow every build.
pub const MAX_TEXT_BYTES: u64 = 2 * 1024 * 1024;

/// Reads a source text file as normalised text, or a diagnostic naming the file (and position).
/// `display` is the path shown to the user (relative to the project root).
pub fn read_text(path: &Path, display: &Path) -> Result<String, Diagnostic> {
    use std::io::Read as _;
    // One open and one stat per file: a province build reads tens of thousands of them.
    let mut file = fs::File::open(path).map_err(|e| io_error(display, &e))?;
    let meta = file.metadata().map_err(|e| io_error(display, &e))?;
    if meta.len() > MAX_TEXT_BYTES {
        let mb = meta.len() as f64 / 1_048_576.0;
        let max = MAX_TEXT_BYTES / 1_048_576;
        return Err(Diagnostic::error(
            Span::file(display),
            msg!(
                "tệp quá lớn ({mb:.1} MB; tối đa {max} MB cho một tệp văn bản)",
                "file too large ({mb:.1} MB; at most {max} MB for a text file)"
            ),
        )
        .hint(msg!(
            "chia nội dung thành nhiều trang; ảnh và tệp PDF đặt trong thư mục static/.",
            "split the content into several pages; put images and PDFs in static/."
        )));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.read_to_end(&mut bytes)
        .map_err(|e| io_error(display, &e))?;
    decode(&bytes, display)
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

/// Whether `path` (found while walking `root`) resolves inside `root`: symlinks pointing outside
/// the project are refused so a site cannot publish `/etc/passwd`.
pub fn stays_inside(root: &Path, path: &Path) -> bool {
    match (fs::canonicalize(root), fs::canonicalize(path)) {
        (Ok(r), Ok(p)) => p.starts_with(r),
        _ => false,
    }
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
