//! Generator core: output trees, selection, sharding, incremental writes, failure isolation.

use std::fs;

use crate::harness::{ProjectTest, mtimes, read_tree};

#[test]
fn basic_project_builds_expected_tree() {
    let p = ProjectTest::from_fixture("core/basic");
    p.build().assert_ok();
    p.check_tree("expected");
}

#[test]
fn second_build_with_no_change_rewrites_nothing() {
    let p = ProjectTest::from_fixture("core/basic");
    p.build().assert_ok();
    let before = mtimes(&p.out());
    let bytes = read_tree(&p.out());
    std::thread::sleep(std::time::Duration::from_millis(20));
    p.build().assert_ok().assert_stderr_contains("ghi 0 tệp");
    assert_eq!(mtimes(&p.out()), before, "a file was rewritten");
    assert_eq!(read_tree(&p.out()), bytes);
}

#[test]
fn two_builds_are_byte_identical() {
    let a = ProjectTest::from_fixture("core/basic");
    let b = ProjectTest::from_fixture("core/basic");
    a.build().assert_ok();
    b.build().assert_ok();
    assert_eq!(read_tree(&a.out()), read_tree(&b.out()));
}

#[test]
fn site_flag_builds_only_that_site() {
    let p = ProjectTest::from_fixture("core/basic");
    p.run(&["build", "--site", "phuong-nghia-lo"]).assert_ok();
    let tree = read_tree(&p.out());
    assert!(
        tree.keys()
            .all(|k| k.starts_with("phuong-nghia-lo/") || k.starts_with("phuong-nghia-lo-cu/")),
        "{:?}",
        tree.keys()
    );
    assert!(tree.contains_key("phuong-nghia-lo/index.html"));
    // Project-level files belong to full builds only.
    assert!(!tree.contains_key("index.html"));
}

#[test]
fn unknown_site_is_a_usage_error() {
    let p = ProjectTest::from_fixture("core/basic");
    p.run(&["build", "--site", "phuong-nghia-loo"])
        .assert_code(2)
        .assert_stderr_contains("phuong-nghia-lo");
    p.run(&["build", "--shard", "3/2"]).assert_code(2);
}

#[test]
fn union_of_shards_equals_full_build() {
    let full = ProjectTest::from_fixture("core/basic");
    full.build().assert_ok();
    let sharded = ProjectTest::from_fixture("core/basic");
    let mut seen = std::collections::BTreeSet::new();
    for i in 1..=3 {
        let r = sharded.run(&["build", "--shard", &format!("{i}/3")]);
        r.assert_ok();
        // Each site is built by exactly one shard.
        let now: std::collections::BTreeSet<String> = read_tree(&sharded.out())
            .keys()
            .filter_map(|k| k.split('/').next().map(str::to_owned))
            .collect();
        seen.extend(now);
    }
    assert_eq!(read_tree(&sharded.out()), read_tree(&full.out()));
    // Shard assignment is deterministic: running shard 2/3 again writes nothing.
    sharded
        .run(&["build", "--shard", "2/3"])
        .assert_ok()
        .assert_stderr_contains("ghi 0 tệp");
    assert!(seen.contains("index.html") || seen.contains("phuong-ba-dinh"));
}

#[test]
fn broken_site_keeps_previous_output_and_others_are_written() {
    let p = ProjectTest::from_fixture("core/basic");
    p.build().assert_ok();
    let before = read_tree(&p.out().join("phuong-ba-dinh"));
    // Break one site (a misspelt key at line 4), change another.
    p.write(
        "sites/phuong-ba-dinh/content/gioi-thieu.md",
        "---\ntitle: Giới thiệu\nupdated: \"2026-11-01\"\nupdatd: x\n---\nMới\n",
    );
    p.write(
        "sites/phuong-nghia-lo-lao-cai/content/gioi-thieu.md",
        "---\ntitle: Giới thiệu mới\nupdated: \"2026-11-20\"\n---\nĐã sửa.\n",
    );
    let r = p.build();
    r.assert_code(1)
        .assert_stderr_contains(
            "lỗi: sites/phuong-ba-dinh/content/gioi-thieu.md:4:1: khóa `updatd` không có trong mẫu",
        )
        .assert_stderr_contains("có phải ý bạn là `updated`?");
    assert_eq!(
        read_tree(&p.out().join("phuong-ba-dinh")),
        before,
        "the broken site's output changed"
    );
    let other = fs::read_to_string(
        p.out()
            .join("phuong-nghia-lo-lao-cai/gioi-thieu/index.html"),
    )
    .unwrap();
    assert!(
        other.contains("Giới thiệu mới"),
        "the healthy site was not rebuilt"
    );
}

#[test]
fn stale_files_are_removed_and_outside_files_kept() {
    let p = ProjectTest::from_fixture("core/basic");
    p.build().assert_ok();
    fs::write(p.out().join("khac.txt"), "not ours").unwrap();
    fs::remove_file(p.root.join("sites/phuong-ba-dinh/content/thon/to-1.md")).unwrap();
    p.write(
        "sites/phuong-ba-dinh/content/gioi-thieu.md",
        "---\ntitle: Giới thiệu\nupdated: \"2026-11-01\"\n---\nNgắn.\n",
    );
    p.build().assert_ok();
    assert!(!p.out().join("phuong-ba-dinh/thon/to-1/index.html").exists());
    assert!(
        p.out().join("khac.txt").exists(),
        "a file outside the sites' folders was touched"
    );
}

/// The directory page's theme assets are named by content hash: after a theme change the old
/// ones were left in `<out>/assets/` forever. Only those congxa wrote go: a file placed there
/// by hand is kept (and reported).
#[test]
fn stale_root_assets_are_pruned() {
    let p = ProjectTest::from_fixture("core/basic");
    p.build().assert_ok();
    let assets = p.out().join("assets");
    let names = || -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(&assets)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    let current = names();
    assert!(!current.is_empty());
    fs::write(assets.join("logo-tinh.png"), "mine").unwrap();
    let css = p.root.join("themes/minimal/static/style.css");
    let mut text = fs::read_to_string(&css).unwrap();
    text.push_str("\nbody { margin: 0 }\n");
    fs::write(&css, text).unwrap();
    p.build()
        .assert_ok()
        .assert_stderr_contains("không do congxa tạo, được giữ nguyên: assets/logo-tinh.png");
    let after = names();
    let gone: Vec<&String> = current.iter().filter(|n| !after.contains(n)).collect();
    assert_eq!(
        gone.len(),
        1,
        "the old style sheet goes: {current:?} → {after:?}"
    );
    assert_eq!(after.len(), current.len() + 1, "{after:?}");
    assert!(after.contains(&"logo-tinh.png".to_owned()));
}

/// A commune folder deleted from sites/ kept being published with no word about it.
#[test]
fn deleted_site_is_reported_then_pruned_on_request() {
    let p = ProjectTest::from_fixture("core/basic");
    p.build().assert_ok();
    let gone = "phuong-nghia-lo-lao-cai";
    assert!(p.out().join(gone).join("index.html").exists());
    fs::remove_dir_all(p.root.join("sites").join(gone)).unwrap();
    p.build()
        .assert_ok()
        .assert_stderr_contains("không còn trong sites/")
        .assert_stderr_contains("--prune");
    assert!(
        p.out().join(gone).join("index.html").exists(),
        "kept without --prune"
    );
    p.run(&["build", "--prune"]).assert_ok();
    assert!(!p.out().join(gone).exists(), "removed with --prune");
    assert!(p.out().join("phuong-ba-dinh/index.html").exists());
    let again = p.build();
    again.assert_ok();
    assert!(
        !again.stderr().contains("không còn trong sites/"),
        "{}",
        again.stderr()
    );
}

#[test]
fn check_writes_nothing_and_reports_errors() {
    let p = ProjectTest::from_fixture("core/basic");
    p.run(&["check"]).assert_ok();
    assert!(!p.out().exists());
    p.write(
        "sites/phuong-ba-dinh/content/thon/to-1.md",
        "---\ntitle: Tổ 1\nupdated: \"2026-10-02\"\n---\nXem [trang](../gioi-thieu-cu.md).\n",
    );
    p.run(&["check"])
        .assert_code(1)
        .assert_stderr_contains("sites/phuong-ba-dinh/content/thon/to-1.md:5:5: liên kết tới trang không tồn tại `../gioi-thieu-cu.md`")
        .assert_stderr_contains("có phải ý bạn là `gioi-thieu.md`?");
    assert!(!p.out().exists());
}

#[test]
fn strict_check_fails_on_warnings() {
    let p = ProjectTest::from_fixture("core/basic");
    p.run(&["check", "--strict"])
        .assert_code(1)
        .assert_stderr_contains("chưa có mức lệ phí của tỉnh");
}

#[test]
fn english_messages_on_request() {
    let p = ProjectTest::from_fixture("core/basic");
    p.write(
        "sites/phuong-ba-dinh/site.yaml",
        &fs::read_to_string(p.root.join("sites/phuong-ba-dinh/site.yaml"))
            .unwrap()
            .replace("Phường Ba Đình", "Phường Ba Dinh"),
    );
    p.run(&["check", "--lang", "en"])
        .assert_code(1)
        .assert_stderr_contains("error: sites/phuong-ba-dinh/site.yaml:2:7: name `Phường Ba Dinh` does not match code 00004");
}

#[test]
fn same_code_twice_is_an_error() {
    let p = ProjectTest::from_fixture("core/basic");
    let yaml = fs::read_to_string(p.root.join("sites/phuong-ba-dinh/site.yaml")).unwrap();
    p.write("sites/phuong-ba-dinh-2/site.yaml", &yaml);
    p.run(&["check"])
        .assert_code(1)
        .assert_stderr_contains("hai trang cùng mã xã 00004");
}

#[test]
fn drafts_are_not_published() {
    let p = ProjectTest::from_fixture("core/basic");
    p.build().assert_ok();
    assert!(!p.out().join("phuong-ba-dinh/thon/nhap/index.html").exists());
    let html = fs::read_to_string(p.out().join("phuong-ba-dinh/thon/index.html")).unwrap();
    assert!(!html.contains("Bản nháp"));
}

#[test]
fn scheduled_page_appears_when_its_time_comes() {
    let p = ProjectTest::from_fixture("core/basic");
    p.write("sites/phuong-ba-dinh/content/tin.md", "---\ntitle: Tin hẹn giờ\nupdated: \"2026-11-20\"\npublish_at: \"2026-12-01T07:00:00+07:00\"\n---\nSắp có.\n");
    p.build().assert_ok();
    assert!(!p.out().join("phuong-ba-dinh/tin/index.html").exists());
    p.run(&["build", "--now", "2026-12-01T07:00:00+07:00"])
        .assert_ok();
    assert!(p.out().join("phuong-ba-dinh/tin/index.html").exists());
}
