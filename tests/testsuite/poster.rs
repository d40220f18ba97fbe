//! Notice-board posters (`src/reach/poster.rs`) and the QR codes of printed pages: every demo
//! announcement and event has a poster at `<item>/ap-phich/`, linked from its page, whose QR
//! code decodes (with an independent reader) to exactly the page's URL; posters stay out of the
//! sitemap and the search index. The procedure pages' printed QR code decodes too.

use std::fs;
use std::path::Path;

use crate::harness::{build_demo, repo};

/// Reads back the modules drawn by `qr::svg` (`M{x} {y}h{len}v1H{x}z` runs) and decodes
/// them with `rqrr`.
fn decode_qr_svg(svg: &str) -> String {
    let n: usize = svg
        .split("viewBox=\"0 0 ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|s| s.parse().ok())
        .expect("viewBox");
    let mut dark = vec![false; n * n];
    let path = svg
        .split(" d=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("path");
    for run in path.split('z').filter(|r| !r.is_empty()) {
        let nums: Vec<usize> = run
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().unwrap())
            .collect();
        let (x, y, len) = (nums[0], nums[1], nums[2]);
        for i in x..x + len {
            dark[y * n + i] = true;
        }
    }
    let scale = 4;
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(n * scale, n * scale, |x, y| {
        if dark[(y / scale) * n + x / scale] {
            0
        } else {
            255
        }
    });
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code");
    grids[0].decode().expect("decodes").1
}

/// The inline `<svg …>…</svg>` of an HTML page.
fn svg_of(html: &str) -> &str {
    let start = html.find("<svg").expect("an SVG");
    let end = html[start..].find("</svg>").expect("end of SVG") + start + 6;
    &html[start..end]
}

fn canonical(html: &str) -> &str {
    html.split("<link rel=\"canonical\" href=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("canonical")
}

fn items(site: &str) -> Vec<String> {
    let mut v = Vec::new();
    for kind in ["thong-bao", "su-kien"] {
        let dir = repo().join("sites").join(site).join("content").join(kind);
        for e in fs::read_dir(dir).unwrap() {
            let name = e.unwrap().file_name().into_string().unwrap();
            if let Some(slug) = name.strip_suffix(".md").filter(|s| *s != "_index") {
                v.push(format!("{kind}/{slug}/"));
            }
        }
    }
    v.sort();
    v
}

fn read(dir: &Path, rel: &str) -> String {
    fs::read_to_string(dir.join(rel)).unwrap_or_else(|_| panic!("missing {rel}"))
}

#[test]
fn every_demo_poster_has_a_qr_code_that_decodes_to_its_page_and_stays_out_of_the_sitemap() {
    let out = build_demo("poster", &[]);
    let mut checked = 0;
    for site in ["phuong-cam-thanh", "phuong-sai-gon", "xa-dong-van"] {
        let dir = out.join(site);
        let sitemap = read(&dir, "sitemap.xml");
        let search = read(&dir, "tim-kiem/index.json");
        for item in items(site) {
            let page = read(&dir, &format!("{item}index.html"));
            let url = canonical(&page).to_owned();
            assert!(
                page.contains("<a href=\"ap-phich/\">In áp phích dán bảng tin"),
                "{site}/{item}: no link to the poster"
            );
            let poster = read(&dir, &format!("{item}ap-phich/index.html"));
            assert_eq!(decode_qr_svg(svg_of(&poster)), url, "{site}/{item}");
            assert_eq!(canonical(&poster), url, "{site}/{item}: poster's canonical");
            assert!(poster.contains("<meta name=\"robots\" content=\"noindex\">"));
            assert!(
                !poster.contains("<script"),
                "{site}/{item}: poster has a script"
            );
            // The commune's contact, from site.yaml.
            assert!(poster.contains("<footer><h2>Liên hệ</h2>"), "{site}/{item}");
            assert!(poster.contains("Điện thoại: <strong>"), "{site}/{item}");
            assert!(
                !sitemap.contains("ap-phich"),
                "{site}: a poster in the sitemap"
            );
            assert!(
                !search.contains("ap-phich"),
                "{site}: a poster in the search index"
            );
            checked += 1;
        }
        // The English pages link no poster: there is none in that language.
        if dir.join("en").is_dir() {
            for e in walkdir::WalkDir::new(dir.join("en"))
                .into_iter()
                .filter_map(Result::ok)
            {
                if e.path().extension().is_some_and(|x| x == "html") {
                    let s = fs::read_to_string(e.path()).unwrap();
                    assert!(!s.contains("ap-phich/"), "{}", e.path().display());
                }
            }
        }
    }
    assert!(checked >= 20, "only {checked} posters");
    let _ = fs::remove_dir_all(&out);
}

#[test]
fn qr_code_decodes_to_the_url() {
    for url in [
        "https://phuong-cam-thanh.example.vn/thu-tuc/dang-ky-khai-sinh/",
        "https://xa-dong-van.tuyenquang.gov.vn/thu-tuc/chung-thuc-ban-sao-tu-ban-chinh/",
    ] {
        assert_eq!(decode_qr_svg(&congxa::qr::svg(url)), url);
    }
}

#[test]
fn procedure_page_qr_code_decodes_to_the_page_url() {
    let out = build_demo("poster-proc", &["--site", "xa-dong-van"]);
    let page = read(
        &out.join("xa-dong-van"),
        "thu-tuc/dang-ky-khai-sinh/index.html",
    );
    assert_eq!(decode_qr_svg(svg_of(&page)), canonical(&page));
    let _ = fs::remove_dir_all(&out);
}
