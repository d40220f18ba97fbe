//! Photos from staff phones: every raster image in a site's `static/` is decoded, turned upright
//! (EXIF orientation), resized to a few widths and re-encoded, so no metadata (GPS location
//! above all) and no oversized original ever reaches the output. Results are cached by content
//! hash in `<root>/.congxa-cache/images/` (outside the output folder). HEIC and other formats
//! that cannot be read are clear errors; SVG files with scripts are refused.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::Path;

use image::{DynamicImage, ImageDecoder, ImageReader};
use sha2::{Digest, Sha256};

use crate::diag::{Diagnostics, Span};
use crate::msg;
use crate::render::Output;

/// Widths written for `srcset`; the largest also replaces the original path.
pub const WIDTHS: [u32; 3] = [480, 960, 1600];
/// Largest accepted image file.
pub const MAX_IMAGE_BYTES: u64 = 40 * 1024 * 1024;
/// Originals above this size get a warning (they slow the build and the clerk's upload).
pub const LARGE_IMAGE_BYTES: u64 = 15 * 1024 * 1024;
/// Bump when the processing changes, so caches are rebuilt.
const CACHE_VERSION: &str = "v1-q80";

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

/// Raster formats we resize.
pub fn is_raster(path: &str) -> bool {
    let l = path.to_ascii_lowercase();
    l.ends_with(".jpg") || l.ends_with(".jpeg") || l.ends_with(".png") || l.ends_with(".webp")
}

fn is_unreadable_photo(path: &str) -> bool {
    let l = path.to_ascii_lowercase();
    l.ends_with(".heic")
        || l.ends_with(".heif")
        || l.ends_with(".avif")
        || l.ends_with(".tif")
        || l.ends_with(".tiff")
        || l.ends_with(".dng")
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
        if is_unreadable_photo(f) {
            diags.error_hint(
                Span::file(&shown),
                msg!("không đọc được định dạng ảnh của tệp này (HEIC/HEIF/TIFF)", "this image format cannot be read (HEIC/HEIF/TIFF)"),
                msg!("trên điện thoại, chọn chia sẻ/xuất ảnh dạng JPEG (iPhone: Cài đặt > Camera > Định dạng > Tương thích nhất) rồi thay tệp.", "export the photo as JPEG (iPhone: Settings > Camera > Formats > Most Compatible) and replace the file."),
            );
            continue;
        }
        if f.to_ascii_lowercase().ends_with(".svg") {
            check_svg(&site_dir.join("static").join(f), &shown, diags);
            continue;
        }
        if !is_raster(f) {
            continue;
        }
        let path = site_dir.join("static").join(f);
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        if size > MAX_IMAGE_BYTES {
            diags.error(
                Span::file(&shown),
                msg!(
                    "ảnh quá lớn ({} MB; tối đa 40 MB)",
                    "image too large ({} MB; at most 40 MB)",
                    size / 1_048_576
                ),
            );
            continue;
        }
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
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                diags.error(
                    Span::file(&shown),
                    msg!("không đọc được tệp: {e}", "cannot read the file: {e}"),
                );
                continue;
            }
        };
        match cached_or_processed(root, f, &bytes) {
            Ok((info, files)) => {
                outputs.extend(files);
                infos.insert(f.clone(), info);
            }
            Err(e) => diags.error_hint(
                Span::file(&shown),
                msg!("không đọc được ảnh: {e}", "cannot read the image: {e}"),
                msg!(
                    "mở ảnh bằng phần mềm xem ảnh và lưu lại dạng JPEG hoặc PNG.",
                    "open it in an image viewer and save it as JPEG or PNG."
                ),
            ),
        }
    }
    (infos, outputs)
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

fn check_svg(path: &Path, shown: &Path, diags: &mut Diagnostics) {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    if svg_is_active(&text) {
        diags.error_hint(
            Span::file(shown),
            msg!(
                "tệp SVG có mã lệnh (script, on…=, javascript:) nên bị từ chối",
                "SVG file with scripts (script, on…=, javascript:) refused"
            ),
            msg!(
                "xuất lại hình dạng PNG, hoặc dùng SVG không có mã lệnh.",
                "export it as PNG, or use an SVG without scripts."
            ),
        );
    }
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
) -> Result<(ImageInfo, Vec<Output>), String> {
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
pub fn encode_all(bytes: &[u8]) -> Result<Vec<Encoded>, String> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    img.apply_orientation(orientation);
    let alpha = img.color().has_alpha();
    let (w0, h0) = (img.width(), img.height());
    let mut widths: Vec<u32> = WIDTHS.iter().copied().filter(|w| *w < w0).collect();
    widths.push(w0.min(*WIDTHS.last().unwrap_or(&1600)));
    widths.dedup();
    let mut out = Vec::new();
    for w in widths {
        let h = ((u64::from(h0) * u64::from(w)) / u64::from(w0.max(1))).max(1) as u32;
        let resized = if w == w0 {
            img.clone()
        } else {
            img.resize_exact(w, h, image::imageops::FilterType::CatmullRom)
        };
        let mut buf = Vec::new();
        let ext = if alpha {
            resized
                .write_to(&mut Cursor::new(&mut buf), image::ImageFormat::Png)
                .map_err(|e| e.to_string())?;
            "png"
        } else {
            let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut buf, 80);
            resized
                .to_rgb8()
                .write_with_encoder(enc)
                .map_err(|e| e.to_string())?;
            "jpg"
        };
        out.push((w, h, ext.to_owned(), buf));
    }
    Ok(out)
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
        assert!(is_unreadable_photo("a.HEIC"));
        assert!(is_raster("a.JPG"));
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
