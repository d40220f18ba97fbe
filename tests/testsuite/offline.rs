//! The site's service worker (`<site>/sw.js`): one per site, versioned by the site's other
//! files, byte-identical between runs, never written for the preview server, and a clerk's own
//! `static/sw.js` is refused (no script in static/) rather than replacing it.

use std::fs;

use crate::harness::{NOW, ProjectTest, read_tree};

const SITE: &str = "phuong-ba-dinh";

fn worker(p: &ProjectTest) -> String {
    fs::read_to_string(p.out().join(SITE).join("sw.js")).expect("sw.js written")
}

fn version(sw: &str) -> String {
    let at = sw.find("V=").expect("version in sw.js") + 3;
    sw[at..at + 8].to_owned()
}

#[test]
fn service_worker_is_stable_between_runs_and_changes_with_the_site() {
    let p = ProjectTest::from_fixture("core/basic");
    p.build().assert_ok();
    let first = worker(&p);
    let v1 = version(&first);
    assert!(v1.bytes().all(|b| b.is_ascii_hexdigit()), "version {v1}");
    // Every file the worker precaches is published.
    let files = read_tree(&p.out().join(SITE));
    let list = &first[first.find("PRE=[").unwrap() + 5..];
    let list = &list[..list.find(']').unwrap()];
    for entry in list.split(',') {
        let rel = entry.trim_matches(|c| c == '"' || c == '`' || c == '\'');
        assert!(
            rel == "./" || files.contains_key(rel),
            "precached {rel} not published"
        );
    }
    fs::remove_dir_all(p.out()).unwrap();
    p.build().assert_ok();
    assert_eq!(worker(&p), first, "the same inputs give the same bytes");
    p.write(
        "sites/phuong-ba-dinh/content/gioi-thieu-moi.md",
        "---\ntitle: Trang mới\nupdated: \"2026-11-01\"\n---\nNội dung mới.\n",
    );
    p.build().assert_ok();
    assert_ne!(version(&worker(&p)), v1, "a changed site has a new version");
}

#[test]
fn preview_builds_write_no_service_worker() {
    let p = ProjectTest::from_fixture("core/basic");
    let opts = congxa::build::BuildOptions {
        root: p.root.clone(),
        out: p.out(),
        sites: Vec::new(),
        shard: None,
        now: congxa::dates::clock(Some(NOW)).unwrap(),
        write: true,
        inject: Some(r#"<script src="/__congxa/live.js"></script>"#.to_owned()),
        weights: false,
        drafts: true,
        prune: false,
    };
    let r = congxa::build::build(&opts, &|_, _| {}).unwrap_or_else(|_| panic!("usage error"));
    assert!(
        r.failed.is_empty(),
        "{}",
        r.diags.render(congxa::diag::Lang::En)
    );
    assert!(p.out().join(SITE).join("index.html").is_file());
    assert!(!p.out().join(SITE).join("sw.js").exists());
}

#[test]
fn site_static_sw_js_is_refused_not_silently_replaced() {
    let p = ProjectTest::from_fixture("core/basic");
    p.write(
        "sites/phuong-ba-dinh/static/sw.js",
        "self.addEventListener('fetch', () => {});\n",
    );
    let r = p.build();
    r.assert_code(1);
    // The rule against scripts in static/ is what keeps the worker congxa's own.
    r.assert_stderr_contains("lỗi: sites/phuong-ba-dinh/static/sw.js: tệp loại `.js` không được đăng: trình duyệt có thể chạy nó như mã lệnh trên tên miền của xã");
    r.assert_stderr_contains("→ Cách sửa: mã lệnh và kiểu trình bày thuộc giao diện (themes/), không thuộc trang xã: xóa tệp này khỏi static/.");
}
