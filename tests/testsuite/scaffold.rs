//! `congxa new …` and `congxa init`: scaffolded sites and pages are valid as written, and no
//! existing file is ever overwritten.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::harness::{NOW, ProjectTest, Run, copy_tree, repo};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A project with the repository's shared catalog and themes and no site.
pub struct EmptyProject {
    pub root: PathBuf,
}

impl EmptyProject {
    pub fn new(name: &str) -> Self {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let root =
            std::env::temp_dir().join(format!("congxa-test-{}-{n}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(&root).unwrap();
        for d in ["content", "themes"] {
            copy_tree(&repo().join(d), &root.join(d), &|_| false);
        }
        EmptyProject { root }
    }

    /// Runs `congxa <args> --root <root> --now <NOW>`.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(&self.root, args)
    }

    /// Site folders under sites/.
    pub fn sites(&self) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(self.root.join("sites"))
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    }

    /// Turns every draft site into a published one with a hotline (what a clerk does by hand).
    pub fn publish_all(&self) {
        for s in self.sites() {
            let p = self.root.join("sites").join(&s).join("site.yaml");
            let t = fs::read_to_string(&p).unwrap();
            assert!(
                t.contains(congxa::scaffold::HOTLINE_PLACEHOLDER),
                "{s}: {t}"
            );
            let t = t
                .replace("\ndraft: true\n", "\ndraft: false\n")
                .replace(
                    congxa::scaffold::HOTLINE_PLACEHOLDER,
                    "hotline: \"0912 345 678\"",
                )
                .replace("address: \"\"", "address: \"Trụ sở Ủy ban nhân dân\"");
            fs::write(p, t).unwrap();
        }
    }
}

impl Drop for EmptyProject {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = fs::remove_dir_all(&self.root);
        }
    }
}

fn run_in(root: &Path, args: &[&str]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_congxa"));
    cmd.args(args)
        .arg("--root")
        .arg(root)
        .arg("--now")
        .arg(NOW)
        .env_remove("SOURCE_DATE_EPOCH");
    Run(cmd.output().expect("run congxa"))
}

fn stdout(r: &Run) -> String {
    String::from_utf8_lossy(&r.0.stdout).into_owned()
}

#[test]
fn init_province_79_creates_168_sites_that_check() {
    let p = EmptyProject::new("init-79");
    let r = p.run(&["init", "--province", "79"]);
    r.assert_ok();
    assert!(stdout(&r).contains("đã tạo 168 trang"), "{}", stdout(&r));
    let sites = p.sites();
    assert_eq!(sites.len(), 168);
    assert!(sites.contains(&"phuong-sai-gon".to_owned()));
    // Drafts: check validates every site.yaml and reports no error.
    p.run(&["check"])
        .assert_ok()
        .assert_stderr_contains("168 bản nháp")
        .assert_stderr_contains("0 lỗi");
    // Once published (contacts filled in), the starter pages of a few sites check clean too;
    // the whole province is built by serve::one_page_edit_in_168_sites_rebuilds_one_site.
    p.publish_all();
    p.run(&[
        "check",
        "--site",
        "phuong-sai-gon",
        "--site",
        "xa-thanh-an-27676",
        "--site",
        "dac-khu-con-dao",
    ])
    .assert_ok()
    .assert_stderr_contains("3 trang web hợp lệ, 0 có lỗi")
    .assert_stderr_contains("; 0 lỗi");
    // A second init keeps every site as it was.
    let before = fs::read(p.root.join("sites/phuong-sai-gon/site.yaml")).unwrap();
    let r = p.run(&["init", "--province", "ho-chi-minh"]);
    r.assert_ok();
    assert!(
        stdout(&r).contains("đã tạo 0 trang") && stdout(&r).contains("168 xã, phường đã có trang"),
        "{}",
        stdout(&r)
    );
    assert_eq!(
        fs::read(p.root.join("sites/phuong-sai-gon/site.yaml")).unwrap(),
        before
    );
}

#[test]
fn unknown_province_is_a_usage_error_with_a_hint() {
    let p = EmptyProject::new("init-bad");
    p.run(&["init", "--province", "ho-chi-mihn"])
        .assert_code(2)
        .assert_stderr_contains("ho-chi-minh");
    assert!(p.sites().is_empty());
}

#[test]
fn new_site_fills_identity_and_refuses_to_overwrite() {
    let p = EmptyProject::new("new-site");
    let r = p.run(&["new", "site", "26740"]);
    r.assert_ok();
    assert!(
        stdout(&r).contains("sites/phuong-sai-gon/site.yaml"),
        "{}",
        stdout(&r)
    );
    let yaml = fs::read_to_string(p.root.join("sites/phuong-sai-gon/site.yaml")).unwrap();
    for want in [
        "code: \"26740\"",
        "name: \"Phường Sài Gòn\"",
        "type: \"phường\"",
        "province: \"Hồ Chí Minh\"",
        "draft: true",
        "# hotline:",
        "# email:",
        "base_url: \"https://phuong-sai-gon.example.vn/\"",
    ] {
        assert!(yaml.contains(want), "{want} not in\n{yaml}");
    }
    let home = fs::read_to_string(p.root.join("sites/phuong-sai-gon/content/_index.md")).unwrap();
    assert!(home.contains("updated: \"2026-11-23\""), "{home}");
    assert!(
        p.root
            .join("sites/phuong-sai-gon/content/gioi-thieu.md")
            .is_file()
    );
    assert!(
        p.root
            .join("sites/phuong-sai-gon/content/lien-he.md")
            .is_file()
    );
    assert!(
        p.root
            .join("sites/phuong-sai-gon/procedures.yaml")
            .is_file()
    );
    // The clerk edits; a second `new site` must not touch it.
    let edited = yaml.replace("address: \"\"", "address: \"Số 1\"");
    fs::write(p.root.join("sites/phuong-sai-gon/site.yaml"), &edited).unwrap();
    p.run(&["new", "site", "26740"])
        .assert_code(1)
        .assert_stderr_contains("sites/phuong-sai-gon/site.yaml");
    assert_eq!(
        fs::read_to_string(p.root.join("sites/phuong-sai-gon/site.yaml")).unwrap(),
        edited
    );
    p.run(&["check"]).assert_ok();
    // Unknown codes get a hint; a code without its leading zeros is understood.
    p.run(&["new", "site", "99999"])
        .assert_code(2)
        .assert_stderr_contains("5 chữ số");
    p.run(&["new", "site", "4"]).assert_ok();
    assert!(p.root.join("sites/phuong-ba-dinh/site.yaml").is_file());
}

#[test]
fn same_slug_in_another_province_gets_the_province_suffix() {
    let p = EmptyProject::new("new-site-slug");
    p.run(&["new", "site", "01654"]).assert_ok();
    let r = p.run(&["new", "site", "02353"]);
    r.assert_ok();
    assert!(
        stdout(&r).contains("sites/xa-hoa-an-tuyen-quang/"),
        "{}",
        stdout(&r)
    );
    assert_eq!(p.sites(), ["xa-hoa-an", "xa-hoa-an-tuyen-quang"]);
    p.run(&["check"])
        .assert_ok()
        .assert_stderr_contains("0 lỗi, 0 cảnh báo");
}

#[test]
fn new_page_announcement_and_event_build() {
    let p = ProjectTest::from_fixture("core/basic");
    let r = p.run(&[
        "new",
        "page",
        "phuong-ba-dinh",
        "Lịch tiếp công dân: tháng 12",
    ]);
    r.assert_ok();
    let page = fs::read_to_string(
        p.root
            .join("sites/phuong-ba-dinh/content/lich-tiep-cong-dan-thang-12.md"),
    )
    .unwrap();
    assert!(
        page.starts_with("---\ntitle: \"Lịch tiếp công dân: tháng 12\"\n"),
        "{page}"
    );
    assert!(page.contains("updated: \"2026-11-23\""), "{page}");
    p.run(&["new", "announcement", "phuong-ba-dinh", "Lịch tiêm chủng"])
        .assert_ok();
    let ann = fs::read_to_string(
        p.root
            .join("sites/phuong-ba-dinh/content/thong-bao/2026-11-23-lich-tiem-chung.md"),
    )
    .unwrap();
    for want in [
        "title: \"Lịch tiêm chủng\"",
        "date: \"2026-11-23\"",
        "updated: \"2026-11-23\"",
        "category: hanh-chinh",
        "audiences: []",
        "urgent: false",
    ] {
        assert!(ann.contains(want), "{want} not in\n{ann}");
    }
    p.run(&["new", "event", "phuong-ba-dinh", "Họp dân tổ 1"])
        .assert_ok();
    let ev = fs::read_to_string(
        p.root
            .join("sites/phuong-ba-dinh/content/su-kien/hop-dan-to-1.md"),
    )
    .unwrap();
    for want in [
        "start: \"2026-11-23T08:00:00+07:00\"",
        "end: \"2026-11-23T10:00:00+07:00\"",
        "place: \"\"",
        "updated: \"2026-11-23\"",
    ] {
        assert!(ev.contains(want), "{want} not in\n{ev}");
    }
    p.build().assert_ok();
    assert!(
        p.out()
            .join("phuong-ba-dinh/lich-tiep-cong-dan-thang-12/index.html")
            .is_file()
    );
    // Never twice: the second one names the file and leaves it alone.
    fs::write(
        p.root
            .join("sites/phuong-ba-dinh/content/lich-tiep-cong-dan-thang-12.md"),
        page.replace("Viết nội dung", "Đã sửa"),
    )
    .unwrap();
    p.run(&[
        "new",
        "page",
        "phuong-ba-dinh",
        "Lịch tiếp công dân: tháng 12",
    ])
    .assert_code(1)
    .assert_stderr_contains("sites/phuong-ba-dinh/content/lich-tiep-cong-dan-thang-12.md");
    let kept = fs::read_to_string(
        p.root
            .join("sites/phuong-ba-dinh/content/lich-tiep-cong-dan-thang-12.md"),
    )
    .unwrap();
    assert!(kept.contains("Đã sửa"));
    p.run(&["new", "page", "phuong-ba-dnh", "X"])
        .assert_code(2)
        .assert_stderr_contains("phuong-ba-dinh");
}

#[test]
fn new_procedure_adds_a_valid_entry_once() {
    let p = ProjectTest::from_fixture("core/basic");
    let before = fs::read_to_string(p.root.join("sites/phuong-nghia-lo/procedures.yaml"))
        .unwrap_or_default();
    p.run(&["new", "procedure", "phuong-nghia-lo", "1.001193"])
        .assert_ok();
    let after = fs::read_to_string(p.root.join("sites/phuong-nghia-lo/procedures.yaml")).unwrap();
    assert!(after.contains("\"1.001193\":"), "{after}");
    for line in before.lines() {
        assert!(after.contains(line), "line lost: {line}");
    }
    p.run(&["check", "--site", "phuong-nghia-lo"]).assert_ok();
    // Already there (also in a site that wrote its own entry by hand).
    p.run(&["new", "procedure", "phuong-nghia-lo", "1.001193"])
        .assert_code(1)
        .assert_stderr_contains("1.001193");
    p.run(&["new", "procedure", "phuong-ba-dinh", "1.001193"])
        .assert_code(1)
        .assert_stderr_contains("sites/phuong-ba-dinh/procedures.yaml");
    // Unknown code: the closest one is suggested.
    p.run(&["new", "procedure", "phuong-ba-dinh", "1.00119"])
        .assert_code(2)
        .assert_stderr_contains("`1.001193`");
}
