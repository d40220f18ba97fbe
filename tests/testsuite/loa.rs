//! The loudspeaker scripts of the demo sites: hand-written expected scripts for a few notices,
//! no digit left in any, one script per announcement and event, and none of them reachable
//! from the pages, the sitemap or the search index.

use std::collections::BTreeSet;

use crate::harness::{build_demo, read_tree, repo};

/// Expected scripts: `tests/fixtures/loa/<site>--<folder>--<slug>.txt`, written as a commune
/// reader would read the notice, with LF line ends and no byte-order mark.
fn fixtures() -> Vec<(String, String)> {
    let dir = repo().join("tests/fixtures/loa");
    let mut v: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| {
            let stem = p.file_stem().unwrap().to_str().unwrap().to_owned();
            let parts: Vec<&str> = stem.split("--").collect();
            let out = format!("{}/phat-thanh/loa/{}/{}.txt", parts[0], parts[1], parts[2]);
            (out, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    v.sort();
    v
}

/// The text of a script file, checked to be UTF-8 with a BOM and CRLF line ends.
fn script_text(path: &str, bytes: &[u8]) -> String {
    let s = std::str::from_utf8(bytes).unwrap_or_else(|_| panic!("{path} is not UTF-8"));
    let s = s
        .strip_prefix('\u{feff}')
        .unwrap_or_else(|| panic!("{path} lacks the byte-order mark"));
    assert!(
        !s.replace("\r\n", "").contains('\n'),
        "{path} has a bare LF line end"
    );
    s.replace("\r\n", "\n")
}

#[test]
fn loudspeaker_scripts_match_the_hand_written_ones_and_hold_no_digit() {
    let out = build_demo("loa", &[]);
    let tree = read_tree(&out);
    let fixtures = fixtures();
    assert!(
        fixtures.len() >= 3,
        "expected scripts for at least three notices"
    );
    for (path, want) in &fixtures {
        let got = tree
            .get(path)
            .unwrap_or_else(|| panic!("no script at {path}"));
        assert_eq!(&script_text(path, got), want, "{path}");
    }
    let scripts: Vec<(&String, &Vec<u8>)> = tree
        .iter()
        .filter(|(p, _)| p.contains("/phat-thanh/loa/"))
        .collect();
    for (path, bytes) in &scripts {
        assert!(path.ends_with(".txt"), "{path}");
        let text = script_text(path, bytes);
        // Any digit: ASCII, subscript (CO₂), superscript (m²) or of another script.
        if let Some(line) = text.lines().find(|l| l.chars().any(char::is_numeric)) {
            panic!("{path} keeps a digit: {line}");
        }
        assert!(text.starts_with("Loa truyền thanh "), "{path}");
        assert!(text.contains("\nXin nhắc lại: "), "{path}");
    }
    // One script for each announcement and event of the demo, in the main language.
    let mut want = BTreeSet::new();
    for site in ["phuong-cam-thanh", "phuong-sai-gon", "xa-dong-van"] {
        for folder in ["thong-bao", "su-kien"] {
            let dir = repo().join("sites").join(site).join("content").join(folder);
            for e in std::fs::read_dir(dir).unwrap() {
                let name = e.unwrap().file_name().into_string().unwrap();
                if let Some(slug) = name.strip_suffix(".md").filter(|s| *s != "_index") {
                    want.insert(format!("{site}/phat-thanh/loa/{folder}/{slug}.txt"));
                }
            }
        }
    }
    let got: BTreeSet<String> = scripts.iter().map(|(p, _)| (*p).clone()).collect();
    assert_eq!(got, want);
    // Not reachable from the pages, the sitemap or the search index.
    for (path, bytes) in &tree {
        let is_page = [".html", ".xml", ".json", ".js"]
            .iter()
            .any(|x| path.ends_with(x));
        if is_page {
            let s = String::from_utf8_lossy(bytes);
            assert!(!s.contains("phat-thanh"), "{path} refers to the scripts");
        }
    }
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn static_file_at_a_loudspeaker_script_path_is_refused() {
    let p = crate::harness::ProjectTest::from_fixture("news/basic");
    p.build().assert_ok();
    let before = read_tree(&p.out());
    p.write(
        "sites/phuong-ba-dinh/static/phat-thanh/loa/thong-bao/cat-dien.txt",
        "bản đọc tự viết\n",
    );
    let r = p.build();
    r.assert_code(1);
    r.assert_stderr_contains(
        "sites/phuong-ba-dinh/static/phat-thanh/loa/thong-bao/cat-dien.txt: hai tệp cùng tạo ra \
         `phat-thanh/loa/thong-bao/cat-dien.txt`",
    );
    r.assert_stderr_contains(
        "các đường dẫn thu-tuc/, assets/, l/, phat-thanh/, 404.html, sitemap.xml được dành cho \
         trang tự tạo.",
    );
    assert_eq!(read_tree(&p.out()), before, "published output changed");
}
