//! Photos: the demo photo carries GPS EXIF in `static/`; what is published is resized, upright
//! and has no EXIF at all. HEIC is a clear error. Hostile and broken images (kept in
//! `tests/regressions/`) fail their own site only, with the file named, and are never published.

use std::fs;

use crate::harness::{ProjectTest, build_demo, read_tree, repo};

fn regression(name: &str) -> Vec<u8> {
    fs::read(repo().join("tests/regressions").join(name)).unwrap()
}

#[test]
fn demo_photo_with_gps_is_resized_and_stripped() {
    let src = fs::read(repo().join("sites/phuong-cam-thanh/static/anh/tru-so-ubnd.jpg")).unwrap();
    assert!(
        src.windows(4).any(|w| w == b"Exif"),
        "the demo photo should carry EXIF (GPS) to prove stripping"
    );
    let out = build_demo("img", &["--site", "phuong-cam-thanh"]);
    let dir = out.join("phuong-cam-thanh/anh");
    let mut seen = 0;
    for e in fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        let bytes = fs::read(&p).unwrap();
        assert!(
            !bytes.windows(4).any(|w| w == b"Exif"),
            "{} still has EXIF",
            p.display()
        );
        let img = image::load_from_memory(&bytes).unwrap();
        assert!(
            img.width() <= 1600,
            "{} is {} px wide",
            p.display(),
            img.width()
        );
        seen += 1;
    }
    assert!(seen >= 3, "expected resized variants, got {seen}");
    let page = fs::read_to_string(out.join("phuong-cam-thanh/gioi-thieu/index.html")).unwrap();
    assert!(
        page.contains("srcset=") && page.contains("anh/tru-so-ubnd-480.jpg 480w"),
        "no srcset"
    );
    assert!(
        page.contains("loading=\"lazy\"") && page.contains("width=\"1600\""),
        "lazy, sized"
    );
    let _ = fs::remove_dir_all(&out);
}

#[test]
fn heic_photo_is_a_clear_error() {
    let p = ProjectTest::from_fixture("core/basic");
    p.build().assert_ok();
    p.write_bytes(
        "sites/phuong-ba-dinh/static/anh/IMG_0001.HEIC",
        b"\0\0\0\x18ftypheic",
    );
    p.build().assert_code(1).assert_stderr_contains(
        "sites/phuong-ba-dinh/static/anh/IMG_0001.HEIC: không đọc được định dạng ảnh",
    );
}

#[test]
fn image_without_alt_text_is_an_error() {
    let p = ProjectTest::from_fixture("core/basic");
    p.write(
        "sites/phuong-ba-dinh/content/anh.md",
        "---\ntitle: Ảnh\nupdated: \"2026-11-01\"\n---\n![](/files/qd.pdf)\n",
    );
    p.run(&["check"]).assert_code(1).assert_stderr_contains(
        "sites/phuong-ba-dinh/content/anh.md:5:1: ảnh `../files/qd.pdf` thiếu mô tả (alt)",
    );
}

#[test]
fn svg_with_script_is_refused() {
    let p = ProjectTest::from_fixture("core/basic");
    p.write(
        "sites/phuong-ba-dinh/static/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
    );
    p.run(&["check"])
        .assert_code(1)
        .assert_stderr_contains("sites/phuong-ba-dinh/static/logo.svg: tệp SVG có mã lệnh");
}

#[test]
fn poisoned_image_fails_its_own_site_only() {
    let p = ProjectTest::from_fixture("core/basic");
    p.build().assert_ok();
    let before = read_tree(&p.out().join("phuong-ba-dinh"));
    assert!(!before.is_empty());
    p.write_bytes(
        "sites/phuong-ba-dinh/static/anh/poison.png",
        &regression("img-png-huge-header.png"),
    );
    p.write(
        "sites/phuong-nghia-lo/content/_index.md",
        "---\ntitle: Phường Nghĩa Lộ\n---\nLịch tiếp dân mới.\n",
    );
    let run = p.build();
    run.assert_code(1).assert_stderr_contains(
        "sites/phuong-ba-dinh/static/anh/poison.png: ảnh quá lớn: 65535 × 65535 điểm ảnh",
    );
    assert!(!run.stderr().contains("memory allocation"));
    // The clean sites were built; the poisoned one kept its previous output exactly.
    let home = fs::read_to_string(p.out().join("phuong-nghia-lo/index.html")).unwrap();
    assert!(home.contains("Lịch tiếp dân mới."));
    assert!(p.out().join("phuong-nghia-lo-lao-cai/index.html").is_file());
    assert_eq!(read_tree(&p.out().join("phuong-ba-dinh")), before);
}

#[test]
fn decompression_bomb_is_refused_and_not_published() {
    let p = ProjectTest::from_fixture("core/basic");
    p.write_bytes(
        "sites/phuong-ba-dinh/static/anh/bomb.png",
        &regression("img-png-bomb-20000x20000.png"),
    );
    p.build().assert_code(1).assert_stderr_contains(
        "sites/phuong-ba-dinh/static/anh/bomb.png: ảnh quá lớn: 20000 × 20000 điểm ảnh",
    );
    assert!(!p.out().join("phuong-ba-dinh").exists());
    assert!(p.out().join("phuong-nghia-lo/index.html").is_file());
}

#[test]
fn truncated_jpeg_is_an_error_naming_the_file() {
    let p = ProjectTest::from_fixture("core/basic");
    p.write_bytes(
        "sites/phuong-ba-dinh/static/anh/cat-do.jpg",
        &regression("img-jpeg-truncated.jpg"),
    );
    p.build()
        .assert_code(1)
        .assert_stderr_contains("sites/phuong-ba-dinh/static/anh/cat-do.jpg: ảnh JPEG bị cắt cụt");
    assert!(!p.out().join("phuong-ba-dinh").exists());
}

#[test]
fn gif_and_bmp_are_refused_not_published_verbatim() {
    let p = ProjectTest::from_fixture("core/basic");
    p.build().assert_ok();
    p.write_bytes(
        "sites/phuong-ba-dinh/static/anh/dong.gif",
        b"GIF89a\x01\0\x01\0\0\0\0;",
    );
    p.write_bytes(
        "sites/phuong-ba-dinh/static/anh/so-do.bmp",
        b"BM\x1e\0\0\0\0\0\0\0",
    );
    let run = p.build();
    run.assert_code(1)
        .assert_stderr_contains(
            "sites/phuong-ba-dinh/static/anh/dong.gif: không đọc được định dạng ảnh `.gif`",
        )
        .assert_stderr_contains(
            "sites/phuong-ba-dinh/static/anh/so-do.bmp: không đọc được định dạng ảnh `.bmp`",
        );
    assert!(!p.out().join("phuong-ba-dinh/anh").exists());
}

#[test]
fn jfif_photo_goes_through_the_jpeg_pipeline() {
    let p = ProjectTest::from_fixture("core/basic");
    let src = fs::read(repo().join("sites/phuong-cam-thanh/static/anh/tru-so-ubnd.jpg")).unwrap();
    assert!(src.windows(4).any(|w| w == b"Exif"));
    p.write_bytes("sites/phuong-ba-dinh/static/anh/tru-so.jfif", &src);
    p.build().assert_ok();
    let dir = p.out().join("phuong-ba-dinh/anh");
    let published = fs::read(dir.join("tru-so.jfif")).unwrap();
    assert_ne!(published, src);
    assert!(
        !published.windows(4).any(|w| w == b"Exif"),
        "EXIF published"
    );
    assert!(image::load_from_memory(&published).unwrap().width() <= 1600);
    assert!(dir.join("tru-so-480.jpg").is_file());
}

#[test]
fn utf16_svg_with_script_is_refused() {
    let p = ProjectTest::from_fixture("core/basic");
    p.write_bytes(
        "sites/phuong-ba-dinh/static/logo.svg",
        &regression("svg-utf16-with-script.svg"),
    );
    p.build()
        .assert_code(1)
        .assert_stderr_contains("sites/phuong-ba-dinh/static/logo.svg: tệp SVG lưu ở mã UTF-16");
    assert!(!p.out().join("phuong-ba-dinh").exists());
}
