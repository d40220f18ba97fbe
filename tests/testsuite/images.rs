//! Photos: the demo photo carries GPS EXIF in `static/`; what is published is resized, upright
//! and has no EXIF at all. HEIC is a clear error.

use std::fs;

use crate::harness::{ProjectTest, build_demo, repo};

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
