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

    /// Turns every draft site into a published one: what a clerk does by hand (address, a real
    /// hotline, the province's address for the site, the starter pages' `[Cần điền…]` written).
    pub fn publish_all(&self) {
        for s in self.sites() {
            let dir = self.root.join("sites").join(&s);
            let t = fs::read_to_string(dir.join("site.yaml")).unwrap();
            assert!(
                t.contains(congxa::scaffold::HOTLINE_PLACEHOLDER),
                "{s}: {t}"
            );
            let t = t
                .replace("\ndraft: true\n", "\ndraft: false\n")
                .replace(
                    congxa::scaffold::HOTLINE_PLACEHOLDER,
                    "hotline: \"028 3829 6104\"",
                )
                .replace("address: \"\"", "address: \"Trụ sở Ủy ban nhân dân\"")
                .replace(".example.vn/", ".hochiminhcity.gov.vn/");
            fs::write(dir.join("site.yaml"), t).unwrap();
            for page in ["gioi-thieu.md", "lien-he.md"] {
                let p = dir.join("content").join(page);
                fs::write(&p, fill_placeholders(&fs::read_to_string(&p).unwrap())).unwrap();
            }
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

/// Every `[Cần điền…]` replaced by a sentence, as the clerk writes the page.
fn fill_placeholders(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("[Cần điền") {
        out.push_str(&rest[..i]);
        let end = rest[i..].find(']').map_or(rest.len(), |j| i + j + 1);
        out.push_str("Ủy ban nhân dân đã viết phần này.");
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
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
        "place: \"Trụ sở Ủy ban nhân dân Phường Ba Đình, Số 1 phố Mẫu, phường Ba Đình\"",
        "updated: \"2026-11-23\"",
    ] {
        assert!(ev.contains(want), "{want} not in\n{ev}");
    }
    // What `new` writes passes `check` as it is.
    p.run(&["check", "--site", "phuong-ba-dinh"])
        .assert_ok()
        .assert_stderr_contains("; 0 lỗi, 0 cảnh báo");
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

/// The placeholders `congxa new site` writes, one error each at its line, with what to write.
const NEW_SITE_PLACEHOLDERS: [&str; 6] = [
    "sites/phuong-sai-gon/content/gioi-thieu.md:11:1: còn chỗ chưa điền `[Cần điền: vị trí, diện tích, dân số, các thôn, tổ dân phố.]`: trang đã bỏ bản nháp nên chỗ này sẽ hiện cho người dân\n   → Cách sửa: thay cả đoạn trong ngoặc vuông bằng nội dung thật (điều trong ngoặc cho biết cần viết gì), hoặc xóa dòng đó; muốn để sau thì giữ `draft: true` trong site.yaml.\n",
    "sites/phuong-sai-gon/content/gioi-thieu.md:23:1: còn chỗ chưa điền `[Cần điền: nhiệm vụ, quyền hạn của Ủy ban nhân dân và các bộ phận.]`: trang đã bỏ bản nháp nên chỗ này sẽ hiện cho người dân\n",
    "sites/phuong-sai-gon/content/lien-he.md:13:1: còn chỗ chưa điền `[Cần điền: nơi nộp hồ sơ, giờ nhận hồ sơ, số điện thoại hỗ trợ.]`: trang đã bỏ bản nháp nên chỗ này sẽ hiện cho người dân\n",
    "sites/phuong-sai-gon/site.yaml:15:10: chưa có địa chỉ trụ sở (`address`)\n   → Cách sửa: viết địa chỉ Ủy ban nhân dân đầy đủ như trên phong bì, ví dụ `address: \"<số nhà, đường hoặc thôn>, Phường Sài Gòn, Thành phố Hồ Chí Minh\"`; muốn để sau thì giữ `draft: true`.\n",
    "sites/phuong-sai-gon/site.yaml:28:11: `base_url` vẫn là địa chỉ tạm `https://phuong-sai-gon.example.vn/` của `congxa new site`\n   → Cách sửa: thay bằng địa chỉ cán bộ công nghệ thông tin của tỉnh cấp cho trang, ví dụ `base_url: \"https://saigon.hochiminh.gov.vn/\"`; muốn để sau thì giữ `draft: true`.\n",
    "sites/phuong-sai-gon/site.yaml:30:8: trang chưa có số điện thoại (`hotline`) hoặc thư điện tử (`email`)\n   → Cách sửa: thêm dòng `hotline: \"...\"` với số trực thật của Ủy ban nhân dân (hoặc `email:`), như khi bấm gọi, ví dụ `hotline: \"0255 3822 123\"`; muốn để sau thì giữ `draft: true`.\n",
];

#[test]
fn new_site_cannot_leave_draft_while_a_placeholder_is_left() {
    let p = EmptyProject::new("placeholders");
    p.run(&["new", "site", "26740"]).assert_ok();
    let site = p.root.join("sites/phuong-sai-gon/site.yaml");
    let yaml = fs::read_to_string(&site).unwrap();
    // As a draft every placeholder is fine.
    p.run(&["check"])
        .assert_ok()
        .assert_stderr_contains("1 bản nháp; 0 trang HTML; 0 lỗi, 0 cảnh báo");
    // Draft flag removed, nothing else done: one error per placeholder, pages included.
    fs::write(&site, yaml.replace("\ndraft: true\n", "\ndraft: false\n")).unwrap();
    let out = p.root.join("public");
    let out_arg = out.to_str().unwrap();
    for r in [p.run(&["check"]), p.run(&["build", "--out", out_arg])] {
        r.assert_code(1);
        for want in NEW_SITE_PLACEHOLDERS {
            r.assert_stderr_contains(&format!("lỗi: {want}"));
        }
        r.assert_stderr_contains("; 6 lỗi,");
    }
    assert!(!out.join("phuong-sai-gon/index.html").exists());
    // The commented examples uncommented as they are: still placeholders.
    let examples = yaml
        .replace("\ndraft: true\n", "\ndraft: false\n")
        .replace(
            "address: \"\"",
            "address: \"Số 45 Lê Duẩn, phường Sài Gòn\"",
        )
        .replace("# hotline:", "hotline:")
        .replace("# email:", "email:");
    fs::write(&site, &examples).unwrap();
    p.run(&["check"])
        .assert_code(1)
        .assert_stderr_contains("lỗi: sites/phuong-sai-gon/site.yaml:23:10: `hotline` vẫn là số ví dụ 0912 345 678 của `congxa new site`\n   → Cách sửa: thay bằng số trực thật của Ủy ban nhân dân, viết như khi bấm gọi; muốn để sau thì giữ `draft: true`.\n")
        .assert_stderr_contains("lỗi: sites/phuong-sai-gon/site.yaml:24:8: `email` vẫn là địa chỉ ví dụ `ubnd.saigon@example.vn` của `congxa new site`\n   → Cách sửa: thay bằng hộp thư công vụ thật của Ủy ban nhân dân (thường có đuôi .gov.vn), hoặc xóa dòng này nếu đã có `hotline`; muốn để sau thì giữ `draft: true`.\n")
        .assert_stderr_contains("; 6 lỗi,");
    // A placeholder typed into site.yaml itself is one too; a comment is not.
    let marked = examples.replace(
        "address: \"Số 45 Lê Duẩn, phường Sài Gòn\"",
        "address: \"[Cần điền số nhà]\"\n# [Cần điền] trong chú thích thì không sao",
    );
    fs::write(&site, &marked).unwrap();
    p.run(&["check", "--lang", "en"])
        .assert_code(1)
        .assert_stderr_contains("error: sites/phuong-sai-gon/site.yaml:15:11: placeholder `[Cần điền số nhà]` is still there; the site is no longer a draft, so residents would read it\n");
    // Everything written: the site checks, builds, and its contact page shows site.yaml's hotline.
    fs::write(&site, &yaml).unwrap();
    p.publish_all();
    p.run(&["check"])
        .assert_ok()
        .assert_stderr_contains("; 0 lỗi,");
    p.run(&["build", "--out", out_arg]).assert_ok();
    let contact = fs::read_to_string(out.join("phuong-sai-gon/lien-he/index.html")).unwrap();
    let main = &contact[contact.find("<main").unwrap()..contact.find("</main>").unwrap()];
    assert!(
        main.contains("<a href=\"tel:+842838296104\">028 3829 6104</a>"),
        "{main}"
    );
}

#[test]
fn new_event_in_a_draft_site_has_a_place_and_no_placeholder_is_needed_to_draft() {
    let p = EmptyProject::new("event-draft");
    p.run(&["new", "site", "26740"]).assert_ok();
    p.run(&["new", "event", "phuong-sai-gon", "Họp dân khu phố 1"])
        .assert_ok();
    let ev = fs::read_to_string(
        p.root
            .join("sites/phuong-sai-gon/content/su-kien/hop-dan-khu-pho-1.md"),
    )
    .unwrap();
    assert!(
        ev.contains("\nplace: \"Trụ sở Ủy ban nhân dân Phường Sài Gòn\"\n"),
        "{ev}"
    );
    p.publish_all();
    p.run(&["check"])
        .assert_ok()
        .assert_stderr_contains("; 0 lỗi,");
}

#[test]
fn event_with_an_empty_place_or_online_url_is_missing_one() {
    let p = ProjectTest::from_fixture("core/basic");
    let ev = "sites/phuong-ba-dinh/content/su-kien/hop-dan.md";
    let front = |lines: &str| {
        format!(
            "---\ntitle: Họp dân\nstart: \"2026-12-01T08:00:00+07:00\"\n{lines}updated: \"2026-11-23\"\n---\nx\n"
        )
    };
    let hint = "\n   → Cách sửa: ghi nơi tổ chức, ví dụ `place: \"Hội trường UBND, tầng 2\"`, hoặc đường dẫn họp trực tuyến `online_url: \"https://...\"` (Zoom, Teams, Zalo); chưa biết thì đặt `draft: true` cho sự kiện này.\n";
    // What `congxa new event` once wrote (tests/regressions/).
    let old =
        fs::read_to_string(repo().join("tests/regressions/event-place-empty-string.md")).unwrap();
    p.write(ev, &old);
    p.run(&["check", "--site", "phuong-ba-dinh"])
        .assert_code(1)
        .assert_stderr_contains(&format!("lỗi: {ev}:7:1: `place` của sự kiện đang để trống và sự kiện không có `online_url`{hint}"))
        .assert_stderr_contains("; 1 lỗi,");
    p.write(ev, &front("place: \"\"\n"));
    p.run(&["check", "--site", "phuong-ba-dinh"])
        .assert_code(1)
        .assert_stderr_contains(&format!("lỗi: {ev}:4:1: `place` của sự kiện đang để trống và sự kiện không có `online_url`{hint}"));
    p.write(ev, &front("place: \"  \"\nonline_url: \"\"\n"));
    p.run(&["check", "--site", "phuong-ba-dinh"])
        .assert_code(1)
        .assert_stderr_contains(&format!("lỗi: {ev}:4:1: `place` của sự kiện đang để trống và sự kiện không có `online_url`{hint}"))
        .assert_stderr_contains("; 1 lỗi,");
    p.write(ev, &front("online_url: \"\"\n"));
    p.run(&["check", "--site", "phuong-ba-dinh"])
        .assert_code(1)
        .assert_stderr_contains(&format!("lỗi: {ev}:4:13: `online_url` của sự kiện đang để trống và sự kiện không có `place`{hint}"))
        .assert_stderr_contains("; 1 lỗi,");
    p.write(ev, &front(""));
    p.run(&["check", "--site", "phuong-ba-dinh"])
        .assert_code(1)
        .assert_stderr_contains(&format!("lỗi: {ev}:1:1: sự kiện chưa có địa điểm (`place`) hoặc đường dẫn họp trực tuyến (`online_url`){hint}"));
    // One of the two is enough; an empty other one is not an error.
    p.write(
        ev,
        &front("place: \"\"\nonline_url: \"https://zoom.example.vn/j/1\"\n"),
    );
    p.run(&["check", "--site", "phuong-ba-dinh"]).assert_ok();
}

#[test]
fn new_procedure_examples_uncommented_as_they_are_cannot_be_published() {
    let p = ProjectTest::from_fixture("core/basic");
    p.run(&["new", "procedure", "phuong-nghia-lo", "1.001193"])
        .assert_ok();
    let file = "sites/phuong-nghia-lo/procedures.yaml";
    let written = fs::read_to_string(p.root.join(file)).unwrap();
    let mut uncommented = String::new();
    for line in written.lines() {
        let keep = [
            "fee_basis",
            "place",
            "hours",
            "official",
            "  name",
            "  role",
            "  phone",
            "note",
        ]
        .iter()
        .any(|k| {
            line.trim_start().starts_with(&format!("# {k}"))
                || line.starts_with(&format!("    #{k}"))
        });
        uncommented.push_str(&if keep {
            line.replacen("# ", "", 1)
        } else {
            line.to_owned()
        });
        uncommented.push('\n');
    }
    p.write(file, &uncommented.replace("hide: [\"1.001193\"]\n", ""));
    let r = p.run(&["check", "--site", "phuong-nghia-lo"]);
    r.assert_code(1).assert_stderr_contains("; 7 lỗi,");
    for (line, col, example, fix) in [
        (
            10,
            17,
            "Nghị quyết số .../NQ-HĐND",
            "số và ngày của Nghị quyết thật của HĐND tỉnh về lệ phí",
        ),
        (11, 13, "Quầy số ...", "số quầy thật ở Bộ phận một cửa"),
        (
            12,
            13,
            "Chỉ ghi khi khác giờ làm việc chung",
            "giờ nhận hồ sơ thật, hoặc xóa dòng `hours`",
        ),
        (
            15,
            14,
            "Họ và tên cán bộ",
            "họ tên thật của cán bộ phụ trách",
        ),
        (
            16,
            14,
            "Chức danh, ví dụ",
            "chức danh thật, ví dụ Công chức Tư pháp – Hộ tịch",
        ),
        (
            17,
            15,
            "0912 345 678",
            "số điện thoại thật của cán bộ, hoặc xóa dòng `phone`",
        ),
        (
            18,
            12,
            "Ghi chú ngắn hiện ở đầu trang thủ tục",
            "một ghi chú thật cho người dân, hoặc xóa dòng `note`",
        ),
    ] {
        r.assert_stderr_contains(&format!(
            "lỗi: {file}:{line}:{col}: còn chữ mẫu `{example}` của `congxa new procedure`: trang đã bỏ bản nháp nên chữ này sẽ hiện cho người dân\n   → Cách sửa: thay bằng {fix}.\n"
        ));
    }
}
