//! Photos from staff phones: every raster image in a site's `static/` is decoded, turned upright
//! (EXIF orientation), resized to a few widths and re-encoded, so no metadata (GPS location
//! above all) and no oversized original ever reaches the output. Results are cached by content
//! hash in `<root>/.congxa-cache/images/` (outside the output folder). Every decode runs under
//! a budget checked from the header first (`MAX_SIDE`, `MAX_PIXELS`, `MAX_DECODED_BYTES`): a
//! failed allocation aborts the whole process and cannot be caught, so an image that would need
//! too much memory must be refused before any is spent. Formats that cannot be re-encoded here
//! (HEIC, GIF, BMP, TIFF, …) are errors, never published as they are; SVG files must be UTF-8
//! and free of scripts.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::Path;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use sha2::{Digest, Sha256};

use crate::diag::{Diagnostic, Diagnostics, Msg, Span};
use crate::msg;
use crate::outfile::Output;

/// Widths written for `srcset`; the largest also replaces the original path.
pub const WIDTHS: [u32; 3] = [480, 960, 1600];
/// Largest accepted image file.
pub const MAX_IMAGE_BYTES: u64 = 40 * 1024 * 1024;
/// Originals above this size get a warning (they slow the build and the clerk's upload).
pub const LARGE_IMAGE_BYTES: u64 = 15 * 1024 * 1024;
/// Most pixels an image may have: a phone photo is 12 to 50 megapixels, and the largest width
/// published is 1600 px, so more is never needed; decoding 50 MP takes about 150 to 200 MB.
pub const MAX_PIXELS: u64 = 50_000_000;
/// Longest side in pixels (a panorama of 20,000 × 2,500 is within `MAX_PIXELS`).
pub const MAX_SIDE: u32 = 20_000;
/// Most memory the decoded pixels may take: 200 MiB, a little more than 50 MP at 4 bytes (RGBA,
/// 8 bits per channel). A 16-bit PNG takes twice as much per pixel, so it may have half as many.
pub const MAX_DECODED_BYTES: u64 = 200 * 1024 * 1024;
/// Budget handed to the decoders for everything they allocate (pixels and their own buffers).
const MAX_ALLOC: u64 = MAX_DECODED_BYTES + 64 * 1024 * 1024;
/// Most memory the resizing filter may use for its intermediate image (see `resize`).
const MAX_FILTER_BYTES: u64 = 128 * 1024 * 1024;
/// Largest accepted SVG file: logos and drawings are a few KB, a detailed map a few hundred.
pub const MAX_SVG_BYTES: u64 = 2 * 1024 * 1024;
/// Bump when the processing changes, so caches are rebuilt (v2: images are checked before
/// decoding; entries written by v1 may come from files v2 refuses).
const CACHE_VERSION: &str = "v2-q80";

/// One written size of an image.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Variant {
    /// Output path relative to the site root.
    pub path: String,
    /// Pixels.
    pub width: u32,
    /// Pixels.
    pub height: u32,
}

/// A processed image: its sizes, smallest first; the last one is also at the original path.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ImageInfo {
    /// Sizes, smallest first.
    pub variants: Vec<Variant>,
}

/// What the build does with a file of `static/`, by its extension (case-insensitive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// JPEG (`.jpg`, `.jpeg`, `.jpe`, `.jfif`, `.pjpeg`, `.pjp`), PNG and WebP: decoded and
    /// re-encoded by [`process`]; the original bytes are never published.
    Raster,
    /// Checked by [`process`] (UTF-8, no scripts) and then published as it is.
    Svg,
    /// An image (or image-like) format this build cannot re-encode: an error from [`process`],
    /// never published.
    Refused,
    /// Not an image: the static-file rules decide.
    NotImage,
}

/// The [`Kind`] of a path found in `static/`.
pub fn kind_of(path: &str) -> Kind {
    let Some(ext) = Path::new(path).extension().and_then(|e| e.to_str()) else {
        return Kind::NotImage;
    };
    match ext.to_ascii_lowercase().as_str() {
        "jpg" | "jpeg" | "jpe" | "jfif" | "pjpeg" | "pjp" | "png" | "webp" => Kind::Raster,
        "svg" => Kind::Svg,
        "heic" | "heif" | "hif" | "avif" | "dng" | "tif" | "tiff" | "gif" | "apng" | "bmp"
        | "dib" | "ico" | "cur" | "jxl" | "jp2" | "j2k" | "jpf" | "jpx" | "psd" | "raw" | "cr2"
        | "cr3" | "nef" | "arw" | "orf" | "rw2" | "raf" | "pef" | "srw" | "tga" | "pcx" | "xcf"
        | "pbm" | "pgm" | "ppm" | "pnm" | "exr" | "hdr" | "qoi" | "wbmp" | "svgz" | "emf"
        | "wmf" => Kind::Refused,
        _ => Kind::NotImage,
    }
}

/// Raster formats we resize (`kind_of(path) == Kind::Raster`).
pub fn is_raster(path: &str) -> bool {
    kind_of(path) == Kind::Raster
}

/// Why an image is refused: what is wrong and what to do, in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// What is wrong.
    pub message: Msg,
    /// What to do.
    pub hint: Msg,
}

impl Refusal {
    fn at(self, shown: &Path) -> Diagnostic {
        Diagnostic::error(Span::file(shown), self.message).hint(self.hint)
    }
}

/// Processes the images of a site's static folder. Returns the info per static path and the
/// output files (variants and the replaced originals). Non-image files are not handled here.
pub fn process(
    root: &Path,
    site_dir: &Path,
    rel_dir: &Path,
    static_files: &[String],
    diags: &mut Diagnostics,
) -> (BTreeMap<String, ImageInfo>, Vec<Output>) {
    let mut infos = BTreeMap::new();
    let mut outputs = Vec::new();
    for f in static_files {
        let shown = rel_dir.join("static").join(f);
        let path = site_dir.join("static").join(f);
        match kind_of(f) {
            Kind::NotImage => continue,
            Kind::Refused => {
                diags.push(refused_format(f).at(&shown));
                continue;
            }
            Kind::Svg => {
                if let Err(d) = check_svg(root, &path, &shown) {
                    diags.push(d);
                }
                continue;
            }
            Kind::Raster => {}
        }
        let bytes = match read_bounded(root, &path, &shown, MAX_IMAGE_BYTES) {
            Ok(b) => b,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let size = bytes.len() as u64;
        if size > LARGE_IMAGE_BYTES {
            diags.warning(
                Span::file(&shown),
                msg!(
                    "ảnh gốc rất lớn ({} MB); nên chụp hoặc xuất ở kích thước nhỏ hơn",
                    "very large original ({} MB); export a smaller one",
                    size / 1_048_576
                ),
            );
        }
        match cached_or_processed(root, f, &bytes) {
            Ok((info, files)) => {
                outputs.extend(files);
                infos.insert(f.clone(), info);
            }
            Err(r) => diags.push(r.at(&shown)),
        }
    }
    (infos, outputs)
}

/// The error for a file whose extension is [`Kind::Refused`].
fn refused_format(path: &str) -> Refusal {
    let ext = Path::new(path)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let message = msg!(
        "không đọc được định dạng ảnh `.{ext}`: trang web chỉ đăng ảnh JPEG, PNG, WebP hoặc SVG",
        "this image format (`.{ext}`) cannot be read: sites publish JPEG, PNG, WebP or SVG images only"
    );
    let hint = match ext.as_str() {
        "heic" | "heif" | "hif" | "avif" | "dng" => msg!(
            "trên điện thoại, chọn chia sẻ/xuất ảnh dạng JPEG (iPhone: Cài đặt > Camera > Định dạng > Tương thích nhất) rồi thay tệp.",
            "export the photo as JPEG (iPhone: Settings > Camera > Formats > Most Compatible) and replace the file."
        ),
        "svgz" => msg!(
            "giải nén thành tệp `.svg` (hoặc xuất lại dạng PNG) rồi thay tệp.",
            "uncompress it to an `.svg` file (or export it as PNG) and replace the file."
        ),
        "gif" | "apng" => msg!(
            "mở ảnh bằng phần mềm xem ảnh và lưu lại dạng PNG (hình vẽ, biểu tượng) hoặc JPEG (ảnh chụp) rồi thay tệp; ảnh động sẽ thành ảnh tĩnh.",
            "open it in an image viewer and save it as PNG (drawings, icons) or JPEG (photos), then replace the file; an animation becomes a still image."
        ),
        _ => msg!(
            "mở ảnh bằng phần mềm xem ảnh và lưu lại dạng JPEG (ảnh chụp) hoặc PNG (hình vẽ, biểu tượng) rồi thay tệp.",
            "open it in an image viewer and save it as JPEG (photos) or PNG (drawings, icons), then replace the file."
        ),
    };
    Refusal { message, hint }
}

/// Reads an image file through the one read policy ([`crate::fsx::read_bytes`]: inside the
/// project, regular files only, bounded while reading). A file whose size is known to be over
/// `max` gets the image-specific advice first, before a byte is read.
fn read_bounded(root: &Path, path: &Path, shown: &Path, max: u64) -> Result<Vec<u8>, Diagnostic> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() && meta.len() > max => {
            let mb = meta.len() as f64 / 1_048_576.0;
            let limit = max / 1_048_576;
            Err(Diagnostic::error(
                Span::file(shown),
                msg!(
                    "ảnh quá lớn ({mb:.1} MB; tối đa {limit} MB)",
                    "image too large ({mb:.1} MB; at most {limit} MB)"
                ),
            )
            .hint(msg!(
                "giảm kích thước ảnh (ví dụ xuống 2000 điểm ảnh chiều rộng) bằng phần mềm xem ảnh rồi lưu lại.",
                "make the image smaller (for example 2000 pixels wide) in an image viewer and save it again."
            )))
        }
        _ => crate::fsx::read_bytes(root, path, shown, max),
    }
}

/// Whether an SVG text could run code or load something when opened directly: scripts (with
/// any namespace prefix), event handler attributes, `javascript:`/`data:` URLs, entities that
/// could hide them, embedded HTML. Deliberately strict: such an SVG is refused, not cleaned.
pub fn svg_is_active(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    if [
        "script",
        "javascript",
        "data:",
        "foreignobject",
        "&#",
        "<!entity",
        "xlink:href=\"http",
        "href=\"http",
    ]
    .iter()
    .any(|n| lower.contains(n))
    {
        return true;
    }
    // Attribute names: the word before each `=`, whatever the spacing.
    let bytes = lower.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b != b'=' {
            continue;
        }
        let mut j = i;
        while j > 0 && bytes[j - 1].is_ascii_whitespace() {
            j -= 1;
        }
        let end = j;
        while j > 0
            && (bytes[j - 1].is_ascii_alphanumeric()
                || bytes[j - 1] == b'-'
                || bytes[j - 1] == b':')
        {
            j -= 1;
        }
        let name = &lower[j..end];
        let local = name.rsplit(':').next().unwrap_or(name);
        if local.starts_with("on") {
            return true;
        }
    }
    false
}

/// Checks an SVG file before it is published as it is. Fails closed: a file that cannot be
/// read, is too large or is not UTF-8 is an error like a file with scripts, never published.
fn check_svg(root: &Path, path: &Path, shown: &Path) -> Result<(), Diagnostic> {
    let bytes = read_bounded(root, path, shown, MAX_SVG_BYTES)?;
    let text = svg_text(&bytes).map_err(|r| r.at(shown))?;
    if svg_is_active(text) {
        return Err(Refusal {
            message: msg!(
                "tệp SVG có mã lệnh (script, on…=, javascript:) nên bị từ chối",
                "SVG file with scripts (script, on…=, javascript:) refused"
            ),
            hint: msg!(
                "xuất lại hình dạng PNG, hoặc dùng SVG không có mã lệnh.",
                "export it as PNG, or use an SVG without scripts."
            ),
        }
        .at(shown));
    }
    Ok(())
}

/// The text of an SVG file exactly as a browser reads it, so that [`svg_is_active`] sees what
/// will run. Only UTF-8 (with or without a byte-order mark) is accepted: UTF-16 and UTF-32 are
/// refused (with a BOM or without one, which shows as NUL bytes), and so is an XML declaration
/// naming another encoding, since a browser would then decode the bytes differently.
pub fn svg_text(bytes: &[u8]) -> Result<&str, Refusal> {
    let not_utf8 = |what: Msg| Refusal {
        message: what,
        hint: msg!(
            "mở tệp bằng trình soạn thảo (hoặc Inkscape) và lưu lại với mã hóa UTF-8, hoặc xuất hình dạng PNG.",
            "open it in an editor (or Inkscape) and save it as UTF-8, or export the drawing as PNG."
        ),
    };
    if bytes.starts_with(b"\xFE\xFF") || bytes.starts_with(b"\xFF\xFE") {
        return Err(not_utf8(msg!(
            "tệp SVG lưu ở mã UTF-16; chỉ nhận SVG mã UTF-8",
            "SVG file saved as UTF-16; only UTF-8 SVG files are accepted"
        )));
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let Ok(text) = std::str::from_utf8(body) else {
        return Err(not_utf8(msg!(
            "tệp SVG không phải văn bản UTF-8 hợp lệ",
            "SVG file is not valid UTF-8 text"
        )));
    };
    if text.contains('\0') {
        return Err(not_utf8(msg!(
            "tệp SVG có byte NUL (mã UTF-16 hoặc UTF-32, hoặc không phải văn bản)",
            "SVG file contains NUL bytes (UTF-16 or UTF-32, or not text)"
        )));
    }
    if let Some(enc) = declared_encoding(text)
        && !enc.eq_ignore_ascii_case("utf-8")
        && !enc.eq_ignore_ascii_case("utf8")
    {
        return Err(not_utf8(msg!(
            "tệp SVG khai báo mã `{enc}`; chỉ nhận SVG mã UTF-8",
            "SVG file declares the encoding `{enc}`; only UTF-8 SVG files are accepted"
        )));
    }
    Ok(text)
}

/// The `encoding` of the XML declaration (`<?xml version="1.0" encoding="…"?>`), if any.
fn declared_encoding(text: &str) -> Option<&str> {
    let decl = text.strip_prefix("<?xml")?;
    let decl = &decl[..decl.find("?>")?];
    let at = decl.find("encoding")?;
    let rest = decl[at + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?;
    let rest = rest.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &rest[1..];
    Some(&value[..value.find(quote)?])
}

fn cache_key(bytes: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(CACHE_VERSION.as_bytes());
    h.update(bytes);
    format!("{:x}", h.finalize())
}

fn variant_path(src: &str, width: u32, largest: bool, ext: &str) -> String {
    if largest {
        return src.to_owned();
    }
    let stem = src.rsplit_once('.').map_or(src, |(s, _)| s);
    format!("{stem}-{width}.{ext}")
}

fn cached_or_processed(
    root: &Path,
    src: &str,
    bytes: &[u8],
) -> Result<(ImageInfo, Vec<Output>), Refusal> {
    let key = cache_key(bytes);
    let dir = root
        .join(".congxa-cache")
        .join("images")
        .join(&key[..2])
        .join(&key);
    let meta = dir.join("meta.json");
    if let Ok(text) = std::fs::read(&meta)
        && let Ok(cached) = serde_json::from_slice::<Vec<(u32, u32, String)>>(&text)
    {
        {
            let mut files = Vec::new();
            let mut variants = Vec::new();
            let n = cached.len();
            for (i, (w, h, ext)) in cached.iter().enumerate() {
                let Ok(b) = std::fs::read(dir.join(format!("{w}.{ext}"))) else {
                    break;
                };
                let path = variant_path(src, *w, i + 1 == n, ext);
                variants.push(Variant {
                    path: path.clone(),
                    width: *w,
                    height: *h,
                });
                files.push(Output { path, bytes: b });
            }
            if variants.len() == n && n > 0 {
                return Ok((ImageInfo { variants }, files));
            }
        }
    }
    let encoded = encode_all(bytes)?;
    // The cache is an optimisation: failing to write it must not fail the build.
    if std::fs::create_dir_all(&dir).is_ok() {
        let mut ok = true;
        for (w, _, ext, b) in &encoded {
            ok &= crate::fsx::write_atomic(&dir.join(format!("{w}.{ext}")), b).is_ok();
        }
        if ok {
            let m: Vec<(u32, u32, String)> = encoded
                .iter()
                .map(|(w, h, e, _)| (*w, *h, e.clone()))
                .collect();
            let _ = crate::fsx::write_atomic(&meta, &serde_json::to_vec(&m).unwrap_or_default());
        }
    }
    let n = encoded.len();
    let mut variants = Vec::new();
    let mut files = Vec::new();
    for (i, (w, h, ext, b)) in encoded.into_iter().enumerate() {
        let path = variant_path(src, w, i + 1 == n, &ext);
        variants.push(Variant {
            path: path.clone(),
            width: w,
            height: h,
        });
        files.push(Output { path, bytes: b });
    }
    Ok((ImageInfo { variants }, files))
}

/// One encoded size: width, height, file extension, bytes.
pub type Encoded = (u32, u32, String, Vec<u8>);

/// Decodes, applies the EXIF orientation, and encodes each width (smallest first): JPEG for
/// photos, PNG for images with transparency. Re-encoding drops every metadata block.
pub fn encode_all(bytes: &[u8]) -> Result<Vec<Encoded>, Refusal> {
    let mut img = decode(bytes)?;
    let alpha = img.color().has_alpha();
    let (w0, h0) = (img.width(), img.height());
    let mut widths: Vec<u32> = WIDTHS.iter().copied().filter(|w| *w < w0).collect();
    widths.push(w0.min(*WIDTHS.last().unwrap_or(&1600)));
    widths.dedup();
    let mut out = Vec::new();
    for w in widths {
        let h = ((u64::from(h0) * u64::from(w)) / u64::from(w0.max(1))).max(1) as u32;
        let resized = if w == w0 {
            // The last use of the full image: no copy of it is needed.
            std::mem::replace(&mut img, DynamicImage::new_luma8(1, 1))
        } else {
            resize(&img, w, h)
        };
        let mut buf = Vec::new();
        let written = if alpha {
            resized.write_to(&mut Cursor::new(&mut buf), ImageFormat::Png)
        } else {
            let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut buf, 80);
            resized.to_rgb8().write_with_encoder(enc)
        };
        written.map_err(|e| undecodable(&e))?;
        let ext = if alpha { "png" } else { "jpg" };
        out.push((w, h, ext.to_owned(), buf));
    }
    Ok(out)
}

/// Resizes with a Catmull-Rom filter, whose intermediate image (old width × new height, 16
/// bytes a pixel) is bounded by `MAX_FILTER_BYTES`; past it (very large or very tall images) a
/// plain area average is used, which needs memory for the result only.
fn resize(img: &DynamicImage, width: u32, height: u32) -> DynamicImage {
    if filter_bytes(img.width(), height) > MAX_FILTER_BYTES {
        img.thumbnail_exact(width, height)
    } else {
        img.resize_exact(width, height, image::imageops::FilterType::CatmullRom)
    }
}

fn filter_bytes(old_width: u32, new_height: u32) -> u64 {
    u64::from(old_width) * u64::from(new_height) * 16
}

/// The limits every decode runs under.
fn limits() -> Limits {
    let mut l = Limits::default();
    l.max_image_width = Some(MAX_SIDE);
    l.max_image_height = Some(MAX_SIDE);
    l.max_alloc = Some(MAX_ALLOC);
    l
}

/// Decodes an image after checking, from its header alone, that it fits the budget; a JPEG
/// must also be whole (the `image` crate's JPEG decoder accepts a cut file without an error and
/// makes up the missing part).
pub fn decode(bytes: &[u8]) -> Result<DynamicImage, Refusal> {
    let format = match image::guess_format(bytes) {
        Ok(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => f,
        Ok(other) => return Err(wrong_format(Some(other))),
        Err(_) => return Err(wrong_format(None)),
    };
    let reader = || ImageReader::with_format(Cursor::new(bytes), format);
    // The header alone, with no size limit, so an oversized image gets the clear message below.
    let mut probe = reader();
    let mut probe_limits = limits();
    probe_limits.max_image_width = None;
    probe_limits.max_image_height = None;
    probe.limits(probe_limits);
    let (width, height) = probe.into_dimensions().map_err(|e| undecodable(&e))?;
    check_dimensions(width, height)?;
    if format == ImageFormat::Jpeg && !jpeg_is_complete(bytes) {
        return Err(Refusal {
            message: msg!(
                "ảnh JPEG bị cắt cụt (thiếu phần cuối tệp), thường do chép hoặc tải về chưa xong",
                "truncated JPEG (the end of the file is missing), usually an unfinished copy or download"
            ),
            hint: msg!(
                "chép lại ảnh từ máy gốc (hoặc tải về lại), mở thử bằng phần mềm xem ảnh, rồi thay tệp.",
                "copy the photo again from the original device (or download it again), check it opens in an image viewer, then replace the file."
            ),
        });
    }
    let mut r = reader();
    r.limits(limits());
    let mut decoder = r.into_decoder().map_err(|e| undecodable(&e))?;
    let needed = decoder.total_bytes();
    if needed > MAX_DECODED_BYTES {
        let (mb, max) = (needed / 1_048_576, MAX_DECODED_BYTES / 1_048_576);
        return Err(Refusal {
            message: msg!(
                "ảnh {width} × {height} điểm ảnh cần {mb} MB bộ nhớ để giải nén (tối đa {max} MB; ảnh 16 bit mỗi màu tốn gấp đôi)",
                "the {width} × {height} pixel image needs {mb} MB of memory to decode (at most {max} MB; 16 bits per channel takes twice as much)"
            ),
            hint: msg!(
                "lưu lại ảnh dạng JPEG, hoặc PNG 8 bit, và giảm kích thước ảnh xuống dưới 25 megapixel rồi lưu lại.",
                "save it as JPEG, or as an 8-bit PNG, and make it smaller than 25 megapixels, then save it again."
            ),
        });
    }
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| undecodable(&e))?;
    img.apply_orientation(orientation);
    Ok(img)
}

/// Refuses sizes over `MAX_SIDE` or `MAX_PIXELS` (the header is read, nothing decoded yet).
fn check_dimensions(width: u32, height: u32) -> Result<(), Refusal> {
    let pixels = u64::from(width) * u64::from(height);
    if pixels <= MAX_PIXELS && width <= MAX_SIDE && height <= MAX_SIDE {
        return Ok(());
    }
    let mp = pixels as f64 / 1e6;
    let (max_mp, side) = (MAX_PIXELS / 1_000_000, MAX_SIDE);
    Err(Refusal {
        message: msg!(
            "ảnh quá lớn: {width} × {height} điểm ảnh ({mp:.1} megapixel; tối đa {max_mp} megapixel, mỗi cạnh tối đa {side} điểm ảnh)",
            "image too large: {width} × {height} pixels ({mp:.1} megapixels; at most {max_mp} megapixels and {side} pixels a side)"
        ),
        hint: msg!(
            "giảm kích thước ảnh xuống dưới {max_mp} megapixel (ví dụ 4000 × 3000 điểm ảnh) bằng phần mềm xem ảnh rồi lưu lại; trang web chỉ đăng ảnh rộng tối đa 1600 điểm ảnh.",
            "resize the image below {max_mp} megapixels (for example 4000 × 3000 pixels) in an image viewer and save it again; sites publish images at most 1600 pixels wide."
        ),
    })
}

/// Whether a JPEG stream reaches its end marker (EOI) after its first scan. Markers are walked
/// by their lengths up to the first scan (SOS), so an EOI inside an embedded EXIF thumbnail
/// does not count; inside scan data a 0xFF byte is always followed by 0x00 or a restart
/// marker, so the next `FF D9` is the real end. Bytes after it (a phone's "motion photo"
/// video) are allowed.
pub fn jpeg_is_complete(bytes: &[u8]) -> bool {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return false;
    }
    let mut i = 2;
    while i + 1 < bytes.len() {
        if bytes[i] != 0xFF {
            return false;
        }
        let marker = bytes[i + 1];
        match marker {
            0xFF => i += 1,
            0xD9 => return false,
            0x01 | 0xD0..=0xD7 => i += 2,
            _ => {
                let Some(len) = bytes.get(i + 2..i + 4) else {
                    return false;
                };
                let len = usize::from(u16::from_be_bytes([len[0], len[1]]));
                if len < 2 {
                    return false;
                }
                let next = i + 2 + len;
                if marker == 0xDA {
                    return bytes
                        .get(next..)
                        .is_some_and(|scan| scan.windows(2).any(|w| w == [0xFF, 0xD9]));
                }
                i = next;
            }
        }
    }
    false
}

fn wrong_format(found: Option<ImageFormat>) -> Refusal {
    let message = match found {
        Some(f) => {
            let name = format!("{f:?}").to_uppercase();
            msg!(
                "nội dung tệp là ảnh {name}, không phải JPEG, PNG hay WebP như đuôi tệp",
                "the file holds a {name} image, not JPEG, PNG or WebP as its extension says"
            )
        }
        None => msg!(
            "tệp không phải ảnh JPEG, PNG hay WebP (nội dung không khớp đuôi tệp)",
            "not a JPEG, PNG or WebP image (the content does not match the extension)"
        ),
    };
    Refusal {
        message,
        hint: msg!(
            "mở ảnh bằng phần mềm xem ảnh và lưu lại dạng JPEG hoặc PNG.",
            "open it in an image viewer and save it as JPEG or PNG."
        ),
    }
}

fn undecodable(e: &image::ImageError) -> Refusal {
    Refusal {
        message: msg!(
            "không đọc được ảnh (tệp hỏng hoặc không đầy đủ): {e}",
            "cannot read the image (damaged or incomplete file): {e}"
        ),
        hint: msg!(
            "mở ảnh bằng phần mềm xem ảnh và lưu lại dạng JPEG hoặc PNG.",
            "open it in an image viewer and save it as JPEG or PNG."
        ),
    }
}

/// Side of the generated `favicon.ico`, in pixels.
pub const FAVICON_SIZE: u32 = 32;

/// The icon browsers, bookmarks and crawlers ask for at `/favicon.ico` even when pages link
/// the theme's SVG icon: a yellow star on red, the same drawing as the default theme's
/// `favicon.svg`, 32×32, as an ICO file holding one PNG (every browser since 2010 reads that).
/// Drawn here rather than shipped as a binary so it is reviewable and byte-identical per build.
pub fn favicon_ico() -> Vec<u8> {
    const RED: [f32; 3] = [218.0, 37.0, 29.0];
    const YELLOW: [f32; 3] = [255.0, 255.0, 0.0];
    let star = star_points(16.0, 16.8, 12.5, 12.5 * 0.382);
    let img = image::RgbaImage::from_fn(FAVICON_SIZE, FAVICON_SIZE, |x, y| {
        // 4×4 samples per pixel give smooth edges.
        let mut hits = 0u8;
        for sy in 0..4u8 {
            for sx in 0..4u8 {
                let px = x as f32 + (f32::from(sx) + 0.5) / 4.0;
                let py = y as f32 + (f32::from(sy) + 0.5) / 4.0;
                hits += u8::from(inside(&star, px, py));
            }
        }
        let k = f32::from(hits) / 16.0;
        let mix = |i: usize| (RED[i] + (YELLOW[i] - RED[i]) * k).round() as u8;
        image::Rgba([mix(0), mix(1), mix(2), 255])
    });
    let mut png = Vec::new();
    if img
        .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
        .is_err()
    {
        return Vec::new();
    }
    let size = u8::try_from(FAVICON_SIZE).unwrap_or(0);
    let mut ico = Vec::with_capacity(22 + png.len());
    // ICONDIR: reserved, type 1 (icon), one image.
    ico.extend_from_slice(&[0, 0, 1, 0, 1, 0]);
    // ICONDIRENTRY: width, height, no palette, reserved, 1 plane, 32 bits, size, offset 22.
    ico.extend_from_slice(&[size, size, 0, 0, 1, 0, 32, 0]);
    ico.extend_from_slice(&u32::try_from(png.len()).unwrap_or(0).to_le_bytes());
    ico.extend_from_slice(&22u32.to_le_bytes());
    ico.extend_from_slice(&png);
    ico
}

/// Size of the generated preview picture: 1.91:1, what Zalo and Facebook crop previews to.
pub const OG_IMAGE_SIZE: (u32, u32) = (600, 314);

/// The picture link previews (`og:image`) show when the site has none of its own: the yellow
/// star on red of the favicon, centred on a wide red field. Drawn, one sample per pixel (a
/// preview is shown small), so it is byte-identical per build and costs a few milliseconds.
pub fn og_image_png() -> Vec<u8> {
    let (w, h) = OG_IMAGE_SIZE;
    let star = star_points(w as f32 / 2.0, h as f32 / 2.0 + 8.0, 110.0, 110.0 * 0.382);
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        if inside(&star, x as f32 + 0.5, y as f32 + 0.5) {
            image::Rgb([255, 255, 0])
        } else {
            image::Rgb([218, 37, 29])
        }
    });
    let mut png = Vec::new();
    if img
        .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
        .is_err()
    {
        return Vec::new();
    }
    png
}

/// The ten corners of a five-pointed star pointing up.
fn star_points(cx: f32, cy: f32, outer: f32, inner: f32) -> Vec<(f32, f32)> {
    (0..10u8)
        .map(|i| {
            let a = -std::f32::consts::FRAC_PI_2 + f32::from(i) * std::f32::consts::PI / 5.0;
            let r = if i % 2 == 0 { outer } else { inner };
            (cx + r * a.cos(), cy + r * a.sin())
        })
        .collect()
}

/// Even-odd point-in-polygon test.
fn inside(poly: &[(f32, f32)], x: f32, y: f32) -> bool {
    let mut odd = false;
    let mut j = poly.len() - 1;
    for i in 0..poly.len() {
        let ((xi, yi), (xj, yj)) = (poly[i], poly[j]);
        if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
            odd = !odd;
        }
        j = i;
    }
    odd
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_photo_is_resized_upright_and_stripped() {
        // A 2000x1000 JPEG with an EXIF block (orientation 6 = rotate 90°).
        let img = DynamicImage::new_rgb8(2000, 1000);
        let mut jpeg = Vec::new();
        img.to_rgb8()
            .write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
                &mut jpeg, 90,
            ))
            .unwrap();
        // Insert an APP1 Exif segment after SOI: II*\0, IFD with one entry: 0x0112 SHORT 1 = 6.
        let tiff: Vec<u8> = vec![
            b'I', b'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0,
            0,
        ];
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend(&tiff);
        let len = (app1.len() + 2) as u16;
        let mut with_exif = vec![0xFF, 0xD8, 0xFF, 0xE1, (len >> 8) as u8, len as u8];
        with_exif.extend(&app1);
        with_exif.extend(&jpeg[2..]);
        let out = encode_all(&with_exif).unwrap();
        let (w, h, ext, bytes) = out.last().unwrap();
        assert_eq!(
            (*w, *h),
            (1000, 2000),
            "rotated upright, not wider than 1600"
        );
        assert_eq!(ext, "jpg");
        assert!(!bytes.windows(4).any(|x| x == b"Exif"), "EXIF kept");
        assert_eq!(out.first().unwrap().0, 480);
    }

    #[test]
    fn active_svg_is_detected() {
        assert!(svg_is_active("<svg onload =\"x\">"));
        assert!(svg_is_active("<svg><s:script>x</s:script></svg>"));
        assert!(svg_is_active(
            "<svg><a href=\"&#106;avascript:x\">a</a></svg>"
        ));
        assert!(svg_is_active(
            "<svg><image href=\"data:image/svg+xml,x\"/></svg>"
        ));
        assert!(!svg_is_active(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><path d=\"M0 0h10\" stroke=\"red\"/></svg>"
        ));
    }

    #[test]
    fn heic_is_not_raster() {
        assert!(!is_raster("a.HEIC"));
        assert_eq!(kind_of("a.HEIC"), Kind::Refused);
        assert!(is_raster("a.JPG"));
    }

    /// A small photo-like JPEG with detail everywhere, so a cut removes real picture data.
    fn noisy_jpeg(w: u32, h: u32) -> Vec<u8> {
        let mut img = image::RgbImage::new(w, h);
        for (x, y, p) in img.enumerate_pixels_mut() {
            *p = image::Rgb([
                (x * 7 % 256) as u8,
                (y * 13 % 256) as u8,
                ((x ^ y) % 256) as u8,
            ]);
        }
        let mut jpeg = Vec::new();
        img.write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
            &mut jpeg, 90,
        ))
        .unwrap();
        jpeg
    }

    #[test]
    fn png_header_declaring_a_huge_size_is_refused_before_decoding() {
        // 65535 × 65535 RGBA 16-bit: decoding would allocate 34,358,689,800 bytes and abort.
        let bytes = include_bytes!("../tests/regressions/img-png-huge-header.png");
        let r = encode_all(bytes).unwrap_err();
        assert!(
            r.message
                .vi
                .contains("65535 × 65535 điểm ảnh (4294.8 megapixel; tối đa 50"),
            "{}",
            r.message.vi
        );
        assert!(
            r.message
                .en
                .contains("image too large: 65535 × 65535 pixels")
        );
        assert!(
            r.hint
                .vi
                .contains("giảm kích thước ảnh xuống dưới 50 megapixel")
        );
    }

    #[test]
    fn decompression_bomb_is_refused_before_memory_is_spent() {
        // 48 KB on disk, 20000 × 20000 px: 400 MB as 8-bit grey, 1.2 GB as RGB.
        let bytes = include_bytes!("../tests/regressions/img-png-bomb-20000x20000.png");
        assert!(bytes.len() < 64 * 1024);
        let start = std::time::Instant::now();
        let r = encode_all(bytes).unwrap_err();
        assert!(
            r.message.en.contains("20000 × 20000 pixels"),
            "{}",
            r.message.en
        );
        // Only the header was read (decoding it takes seconds even in release builds).
        assert!(start.elapsed() < std::time::Duration::from_secs(2));
    }

    #[test]
    fn sixteen_bit_image_over_the_memory_budget_is_refused() {
        // 40 MP (within MAX_PIXELS) but RGBA 16-bit: 320 MB of pixels, over MAX_DECODED_BYTES.
        let png = png_header(8000, 5000, 16, 6);
        let r = decode(&png).unwrap_err();
        assert!(
            r.message
                .en
                .contains("needs 305 MB of memory to decode (at most 200 MB"),
            "{}",
            r.message.en
        );
    }

    /// A PNG with the given header, an empty image data stream and an end.
    fn png_header(width: u32, height: u32, depth: u8, color: u8) -> Vec<u8> {
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut ihdr = Vec::new();
        ihdr.extend(width.to_be_bytes());
        ihdr.extend(height.to_be_bytes());
        ihdr.extend([depth, color, 0, 0, 0]);
        // zlib stream of nothing.
        let idat = [
            0x78, 0x01, 0x01, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x01,
        ];
        for (kind, data) in [(&b"IHDR"[..], &ihdr[..]), (b"IDAT", &idat), (b"IEND", &[])] {
            png.extend((data.len() as u32).to_be_bytes());
            let mut body = kind.to_vec();
            body.extend(data);
            png.extend(&body);
            png.extend(crc32(&body).to_be_bytes());
        }
        png
    }

    /// CRC-32 (ISO-HDLC, as PNG chunks use), bit by bit: test inputs are a few bytes.
    fn crc32(data: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn crc32_matches_the_committed_png() {
        let png = include_bytes!("../tests/regressions/img-png-huge-header.png");
        let ihdr = &png[12..29];
        assert_eq!(crc32(ihdr).to_be_bytes(), png[29..33]);
        assert_eq!(png_header(65535, 65535, 16, 6)[..33], png[..33]);
    }

    #[test]
    fn truncated_jpeg_is_an_error_not_a_made_up_photo() {
        let jpeg = noisy_jpeg(64, 48);
        assert!(jpeg_is_complete(&jpeg));
        assert!(encode_all(&jpeg).is_ok());
        // The decoder alone accepts the cut file: the check is what refuses it.
        let cut = &jpeg[..jpeg.len() * 6 / 10];
        assert!(image::load_from_memory(cut).is_ok());
        let r = encode_all(cut).unwrap_err();
        assert!(r.message.en.contains("truncated JPEG"), "{}", r.message.en);
        let committed = include_bytes!("../tests/regressions/img-jpeg-truncated.jpg");
        assert!(encode_all(committed).is_err());
        // Only the end marker missing is a cut file too.
        assert!(!jpeg_is_complete(&jpeg[..jpeg.len() - 2]));
    }

    #[test]
    fn jpeg_end_marker_in_an_exif_thumbnail_does_not_count() {
        let jpeg = noisy_jpeg(64, 48);
        // An APP1 segment holding `FF D9` (as an embedded thumbnail's end does), then the photo cut.
        let mut app1 = b"Exif\0\0thumb\xFF\xD8..\xFF\xD9".to_vec();
        app1.splice(0..0, ((app1.len() + 2) as u16).to_be_bytes());
        let mut with_thumb = vec![0xFF, 0xD8, 0xFF, 0xE1];
        with_thumb.extend(&app1);
        with_thumb.extend(&jpeg[2..]);
        assert!(jpeg_is_complete(&with_thumb));
        assert!(!jpeg_is_complete(&with_thumb[..with_thumb.len() - 100]));
        // A video appended after the end (a phone's motion photo) is allowed.
        let mut motion = jpeg.clone();
        motion.extend(b"\0\0\0\x18ftypmp42");
        assert!(jpeg_is_complete(&motion));
        assert!(!jpeg_is_complete(b"\xFF\xD8"));
        assert!(!jpeg_is_complete(b"not a jpeg"));
    }

    #[test]
    fn truncated_png_and_webp_are_errors() {
        let img = DynamicImage::ImageRgb8(
            image::load_from_memory(&noisy_jpeg(64, 48))
                .unwrap()
                .to_rgb8(),
        );
        for format in [ImageFormat::Png, ImageFormat::WebP] {
            let mut bytes = Vec::new();
            img.write_to(&mut Cursor::new(&mut bytes), format).unwrap();
            assert!(encode_all(&bytes).is_ok());
            let r = encode_all(&bytes[..bytes.len() * 6 / 10]).unwrap_err();
            assert!(
                r.message.en.starts_with("cannot read the image"),
                "{format:?}: {}",
                r.message.en
            );
        }
    }

    #[test]
    fn content_not_matching_a_raster_format_is_refused() {
        let r = encode_all(b"GIF89a\x01\0\x01\0\0\0\0;").unwrap_err();
        assert!(
            r.message.en.contains("holds a GIF image"),
            "{}",
            r.message.en
        );
        let r = encode_all(b"%PDF-1.7 renamed to .jpg").unwrap_err();
        assert!(r.message.en.starts_with("not a JPEG, PNG or WebP image"));
    }

    #[test]
    fn gif_bmp_and_jfif_do_not_bypass_the_pipeline() {
        for p in [
            "a.jfif", "a.JPE", "a.pjpeg", "b/c.pjp", "a.jpg", "a.png", "a.webp",
        ] {
            assert_eq!(kind_of(p), Kind::Raster, "{p}");
        }
        for p in [
            "a.gif",
            "a.BMP",
            "a.tif",
            "a.tiff",
            "favicon.ico",
            "a.heic",
            "a.svgz",
            "a.psd",
        ] {
            assert_eq!(kind_of(p), Kind::Refused, "{p}");
        }
        assert_eq!(kind_of("logo.SVG"), Kind::Svg);
        for p in ["qd.pdf", "README", "anh.jpg/x", ".jpg", "a.jpg.txt"] {
            assert_eq!(kind_of(p), Kind::NotImage, "{p}");
        }
        assert!(
            refused_format("x.gif")
                .hint
                .vi
                .contains("ảnh động sẽ thành ảnh tĩnh")
        );
    }

    #[test]
    fn utf16_svg_with_script_is_refused_not_read_as_empty() {
        let committed = include_bytes!("../tests/regressions/svg-utf16-with-script.svg");
        let r = svg_text(committed).unwrap_err();
        assert!(r.message.en.contains("UTF-16"), "{}", r.message.en);
        // Without a BOM (big-endian here): NUL bytes.
        let be: Vec<u8> = "<svg><script>alert(1)</script></svg>"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert!(svg_text(&be).unwrap_err().message.en.contains("NUL"));
        assert!(svg_text(b"<svg>\xFF</svg>").is_err());
        let latin = b"<?xml version='1.0' encoding = 'ISO-8859-1'?><svg/>";
        assert!(
            svg_text(latin)
                .unwrap_err()
                .message
                .en
                .contains("`ISO-8859-1`")
        );
        // UTF-8 with a BOM is read, and the check then sees the script.
        let bom = b"\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?><svg><script/></svg>";
        assert!(svg_is_active(svg_text(bom).unwrap()));
        assert!(!svg_is_active(
            svg_text(b"<svg viewBox=\"0 0 1 1\"/>").unwrap()
        ));
    }

    #[test]
    fn unreadable_or_oversized_svg_is_an_error_not_published() {
        let dir = std::env::temp_dir().join(format!("congxa-svg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let shown = Path::new("sites/x/static/a.svg");
        assert!(check_svg(&dir, &dir.join("missing.svg"), shown).is_err());
        // A folder and a named pipe named like an SVG: refused at once, not read (a pipe would
        // block the build forever).
        std::fs::create_dir_all(dir.join("folder.svg")).unwrap();
        assert!(check_svg(&dir, &dir.join("folder.svg"), shown).is_err());
        #[cfg(unix)]
        {
            let fifo = dir.join("pipe.svg");
            let made = std::process::Command::new("mkfifo").arg(&fifo).status();
            assert!(made.is_ok_and(|s| s.success()), "mkfifo");
            let d = check_svg(&dir, &fifo, shown).unwrap_err();
            assert!(
                d.message.en.contains("not a regular file"),
                "{}",
                d.message.en
            );
            let d = read_bounded(&dir, &fifo, shown, MAX_IMAGE_BYTES).unwrap_err();
            assert!(d.message.en.contains("not a regular file"));
        }
        let big = dir.join("big.svg");
        let mut text = b"<svg>".to_vec();
        text.resize(MAX_SVG_BYTES as usize + 1, b' ');
        std::fs::write(&big, &text).unwrap();
        let d = check_svg(&dir, &big, shown).unwrap_err();
        assert!(d.message.en.contains("too large"), "{}", d.message.en);
        text.truncate(MAX_SVG_BYTES as usize);
        std::fs::write(&big, &text).unwrap();
        assert!(check_svg(&dir, &big, shown).is_ok());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn tall_image_within_the_pixel_limit_is_resized_within_a_memory_budget() {
        // 2500 × 20000 (50 MP): its 1600 px variant is 12800 px high; filtering it would take an
        // intermediate of 2500 × 12800 × 16 bytes = 512 MB. A 12 MP photo keeps the filter.
        assert!(filter_bytes(2500, 12800) > MAX_FILTER_BYTES);
        assert!(filter_bytes(4000, 1200) <= MAX_FILTER_BYTES);
        let tall = DynamicImage::new_luma8(100, 8000);
        let small = resize(&tall, 64, 5120);
        assert_eq!((small.width(), small.height()), (64, 5120));
    }

    #[test]
    fn oversized_image_file_is_refused_before_it_is_read() {
        let dir = std::env::temp_dir().join(format!("congxa-big-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("a.jpg");
        // Sparse: 41 MiB declared, nothing written.
        let f = std::fs::File::create(&path).unwrap();
        f.set_len(MAX_IMAGE_BYTES + 1024 * 1024).unwrap();
        let d = read_bounded(
            &dir,
            &path,
            Path::new("sites/x/static/a.jpg"),
            MAX_IMAGE_BYTES,
        )
        .unwrap_err();
        assert!(
            d.message.vi.contains("ảnh quá lớn (41.0 MB; tối đa 40 MB)"),
            "{}",
            d.message.vi
        );
        assert!(d.hint.is_some());
        let _ = std::fs::remove_dir_all(&dir);
    }

    mod props {
        use super::super::*;
        use super::{noisy_jpeg, png_header};
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

            /// Whatever a PNG header declares, the decode either refuses it or stays in budget;
            /// nothing panics or aborts.
            #[test]
            fn any_png_header_is_refused_or_within_budget(
                width in 1u32..70_000,
                height in 1u32..70_000,
                (depth, color) in prop::sample::select(vec![(1u8, 0u8), (8, 0), (16, 0), (8, 2), (16, 2), (8, 3), (8, 4), (8, 6), (16, 6), (3, 6)]),
            ) {
                let over = u64::from(width) * u64::from(height) > MAX_PIXELS
                    || width > MAX_SIDE
                    || height > MAX_SIDE;
                let result = decode(&png_header(width, height, depth, color));
                // (3, 6) is no valid PNG header: an error of its own, whatever the size.
                if over && (depth, color) != (3, 6) {
                    prop_assert!(result.unwrap_err().message.en.starts_with("image too large"));
                }
                // The image data is empty: never a picture, whatever the header.
                prop_assert!(decode(&png_header(width, height, depth, color)).is_err());
            }

            /// Every proper prefix of a JPEG is refused, however it was cut.
            #[test]
            fn every_cut_jpeg_is_refused(cut in 0.0f64..1.0) {
                let jpeg = noisy_jpeg(40, 30);
                let at = ((jpeg.len() as f64) * cut) as usize;
                prop_assert!(encode_all(&jpeg[..at]).is_err());
            }

            /// Arbitrary bytes never make the checks panic.
            #[test]
            fn checks_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
                let _ = jpeg_is_complete(&bytes);
                let _ = svg_text(&bytes).map(svg_is_active);
                let mut jpeg = vec![0xFF, 0xD8];
                jpeg.extend(&bytes);
                let _ = jpeg_is_complete(&jpeg);
                let _ = encode_all(&jpeg);
            }
        }
    }

    #[test]
    fn favicon_ico_is_one_png_icon_with_a_yellow_star_on_red() {
        let ico = favicon_ico();
        assert_eq!(
            &ico[..6],
            &[0, 0, 1, 0, 1, 0],
            "an ICO header with one image"
        );
        assert_eq!((ico[6], ico[7]), (32, 32));
        let len = u32::from_le_bytes([ico[14], ico[15], ico[16], ico[17]]) as usize;
        let offset = u32::from_le_bytes([ico[18], ico[19], ico[20], ico[21]]) as usize;
        assert_eq!((offset, offset + len), (22, ico.len()));
        let png = image::load_from_memory_with_format(&ico[offset..], image::ImageFormat::Png)
            .expect("the embedded PNG decodes")
            .to_rgba8();
        assert_eq!(png.dimensions(), (FAVICON_SIZE, FAVICON_SIZE));
        assert_eq!(png.get_pixel(1, 1).0, [218, 37, 29, 255], "red corner");
        assert_eq!(png.get_pixel(16, 16).0, [255, 255, 0, 255], "yellow centre");
        assert!(ico.len() < 1024, "tiny: {} bytes", ico.len());
        assert_eq!(ico, favicon_ico(), "byte-identical between calls");
    }
}
