//! What congxa reads and where each site may write: only regular files inside the project,
//! each read bounded; static files by an allow-list; no site reaching into another site's
//! folder or the project's root files; and every printed error making the run fail.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{NOW, ProjectTest, Run, read_tree};

const SITE_DIR: &str = "sites/phuong-ba-dinh";
const SITE: &str = "sites/phuong-ba-dinh/site.yaml";
const OTHER: &str = "sites/phuong-nghia-lo/site.yaml";

/// Runs `congxa build` like the harness does, but kills it after `secs`: a hang must fail the
/// test, not stall the suite.
fn build_within(p: &ProjectTest, secs: u64) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_congxa"))
        .args(["build", "--now", NOW, "--root"])
        .arg(&p.root)
        .arg("--out")
        .arg(p.out())
        .env_remove("SOURCE_DATE_EPOCH")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run congxa");
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > Duration::from_secs(secs) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("congxa build still running after {secs} s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Run(child.wait_with_output().expect("output"))
}

/// Builds the fixture, applies `mutate`, rebuilds (within 60 s): expects exit 1, every
/// `needles` in the messages, and an unchanged output tree.
fn refused(mutate: impl FnOnce(&ProjectTest), needles: &[&str]) -> ProjectTest {
    let p = ProjectTest::from_fixture("core/basic");
    p.build().assert_ok();
    let before = read_tree(&p.out());
    mutate(&p);
    let r = build_within(&p, 60);
    r.assert_code(1);
    for n in needles {
        r.assert_stderr_contains(n);
    }
    same_tree(&before, &read_tree(&p.out()));
    p
}

/// Fails naming the files that differ (the trees themselves are too big to print).
#[track_caller]
fn same_tree(before: &BTreeMap<String, Vec<u8>>, after: &BTreeMap<String, Vec<u8>>) {
    let changed: Vec<&String> = before
        .keys()
        .chain(after.keys())
        .filter(|k| before.get(*k) != after.get(*k))
        .collect();
    assert!(changed.is_empty(), "published output changed: {changed:?}");
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let st = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(st.success());
}

/// A folder outside the project (next to it in the temp dir), removed by the caller's drop.
struct Outside(std::path::PathBuf);

impl Outside {
    fn new(p: &ProjectTest) -> Self {
        let dir = p.root.with_extension("outside");
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        Outside(dir)
    }
}

impl Drop for Outside {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

#[cfg(unix)]
#[test]
fn fifo_named_can_bo_yaml_is_refused_not_a_hang() {
    refused(
        |p| mkfifo(&p.root.join(SITE_DIR).join("can-bo.yaml")),
        &["sites/phuong-ba-dinh/can-bo.yaml: không phải tệp thường mà là ống dẫn có tên (FIFO)"],
    );
}

#[cfg(unix)]
#[test]
fn fifo_in_the_catalog_is_refused_not_a_hang() {
    // The catalog is read (and hashed for the rebuild check) before any site.
    refused(
        |p| mkfifo(&p.root.join("content/procedures/9.999999.yaml")),
        &["content/procedures/9.999999.yaml: không phải tệp thường"],
    );
}

#[cfg(unix)]
#[test]
fn fifo_and_socket_in_static_are_refused_with_their_names() {
    refused(
        |p| {
            mkfifo(&p.root.join(SITE_DIR).join("static/files/ong.pdf"));
            let _l = std::os::unix::net::UnixListener::bind(
                p.root.join(SITE_DIR).join("static/files/sock.pdf"),
            )
            .unwrap();
        },
        &[
            "sites/phuong-ba-dinh/static/files/ong.pdf: không phải tệp thường mà là ống dẫn có tên (FIFO)",
            "sites/phuong-ba-dinh/static/files/sock.pdf: không phải tệp thường mà là socket",
        ],
    );
}

#[cfg(unix)]
#[test]
fn site_yaml_symlinked_to_dev_zero_is_refused_at_once() {
    // Refused by its place before a byte is read (`refused` kills a build that hangs); that no
    // device is read at all is `fsx::tests::devices_are_refused_before_any_byte_is_read`.
    refused(
        |p| {
            fs::remove_file(p.root.join(SITE)).unwrap();
            std::os::unix::fs::symlink("/dev/zero", p.root.join(SITE)).unwrap();
        },
        &[&format!("{SITE}: liên kết tượng trưng trỏ ra ngoài dự án")],
    );
}

/// Moves `rel` (a file or folder of the fixture) outside the project and leaves a symlink to
/// it in its place: the data exists and is valid, only its place is wrong.
#[cfg(unix)]
fn move_outside(p: &ProjectTest, out: &Outside, rel: &str) {
    let from = p.root.join(rel);
    let to = out.0.join(rel.replace('/', "_"));
    fs::rename(&from, &to).unwrap();
    std::os::unix::fs::symlink(&to, &from).unwrap();
}

#[cfg(unix)]
#[test]
fn data_files_symlinked_outside_the_project_are_refused() {
    let cases: &[(&str, &str)] = &[
        (SITE, "sites/phuong-ba-dinh/site.yaml"),
        // The whole site folder: its site.yaml is then outside too.
        (SITE_DIR, "sites/phuong-ba-dinh/site.yaml"),
        (
            "sites/phuong-ba-dinh/procedures.yaml",
            "sites/phuong-ba-dinh/procedures.yaml",
        ),
        (
            "sites/phuong-ba-dinh/content",
            "sites/phuong-ba-dinh/content",
        ),
        ("sites/phuong-ba-dinh/static", "sites/phuong-ba-dinh/static"),
        ("content/procedures", "content/procedures/1.001193.yaml"),
        ("content/life-events.yaml", "content/life-events.yaml"),
        (
            "themes/minimal/templates/base.html",
            "themes/minimal/templates/base.html",
        ),
        ("themes/minimal/static", "themes/minimal/static"),
    ];
    for (what, shown) in cases {
        let p = ProjectTest::from_fixture("core/basic");
        p.build().assert_ok();
        let before = read_tree(&p.out());
        let out = Outside::new(&p);
        move_outside(&p, &out, what);
        let r = build_within(&p, 60);
        r.assert_code(1)
            .assert_stderr_contains(&format!("{shown}: liên kết tượng trưng trỏ ra ngoài dự án"));
        same_tree(&before, &read_tree(&p.out()));
    }
}

#[cfg(unix)]
#[test]
fn people_files_symlinked_outside_the_project_are_refused() {
    for name in ["can-bo.yaml", "to-chuc.yaml", "to-cong-nghe-so.yaml"] {
        let p = ProjectTest::from_fixture("core/basic");
        p.build().assert_ok();
        let out = Outside::new(&p);
        let target = out.0.join(name);
        fs::copy(
            crate::harness::repo()
                .join("sites/phuong-cam-thanh")
                .join(name),
            &target,
        )
        .unwrap();
        std::os::unix::fs::symlink(&target, p.root.join(SITE_DIR).join(name)).unwrap();
        build_within(&p, 60)
            .assert_code(1)
            .assert_stderr_contains(&format!(
                "{SITE_DIR}/{name}: liên kết tượng trưng trỏ ra ngoài dự án"
            ));
    }
}

#[cfg(unix)]
#[test]
fn symlinked_folder_inside_the_project_is_followed() {
    let p = ProjectTest::from_fixture("core/basic");
    fs::create_dir_all(p.root.join("shared/files")).unwrap();
    fs::write(p.root.join("shared/files/chung.pdf"), b"%PDF-1.4 shared").unwrap();
    std::os::unix::fs::symlink(
        p.root.join("shared/files"),
        p.root.join(SITE_DIR).join("static/chung"),
    )
    .unwrap();
    build_within(&p, 60).assert_code(0);
    assert_eq!(
        fs::read(p.out().join("phuong-ba-dinh/chung/chung.pdf")).unwrap(),
        b"%PDF-1.4 shared"
    );
    // The rebuild check sees through the link too: a changed file is published (a second
    // build first, so that a content digest is on record).
    build_within(&p, 60).assert_code(0);
    fs::write(p.root.join("shared/files/chung.pdf"), b"%PDF-1.4 changed").unwrap();
    build_within(&p, 60).assert_code(0);
    assert_eq!(
        fs::read(p.out().join("phuong-ba-dinh/chung/chung.pdf")).unwrap(),
        b"%PDF-1.4 changed"
    );
}

#[cfg(unix)]
#[test]
fn symlink_loop_in_content_is_reported_not_walked_forever() {
    refused(
        |p| {
            std::os::unix::fs::symlink(
                p.root.join(SITE_DIR).join("content"),
                p.root.join(SITE_DIR).join("content/thon/vong"),
            )
            .unwrap()
        },
        &["sites/phuong-ba-dinh/content/thon/vong: không đọc được"],
    );
}

#[test]
fn static_html_is_refused_with_a_content_page_hint() {
    refused(
        |p| {
            p.write(
                &format!("{SITE_DIR}/static/x.html"),
                "<script>alert(1)</script>",
            )
        },
        &[
            "sites/phuong-ba-dinh/static/x.html: tệp loại `.html` không được đăng",
            "content/x.md",
        ],
    );
}

#[test]
fn static_scripts_and_styles_are_refused_with_a_theme_hint() {
    for name in ["a.js", "b.css", "c.mjs"] {
        refused(
            |p| p.write(&format!("{SITE_DIR}/static/{name}"), "alert(1)"),
            &[
                &format!("sites/phuong-ba-dinh/static/{name}: tệp loại"),
                "giao diện",
            ],
        );
    }
}

#[test]
fn static_active_types_are_refused() {
    for name in [
        "feed.xml",
        "x.shtml",
        "x.xhtml",
        "x.php",
        "x.swf",
        "UPPER.HTM",
        "x.pdf.html",
        "khong-duoi",
    ] {
        refused(
            |p| p.write(&format!("{SITE_DIR}/static/{name}"), "<x/>"),
            &[&format!("sites/phuong-ba-dinh/static/{name}: tệp loại")],
        );
    }
}

#[test]
fn static_passive_types_are_published_as_they_are() {
    let p = ProjectTest::from_fixture("core/basic");
    let names = [
        "a.pdf", "b.DOCX", "c.xlsx", "d.odt", "e.txt", "f.csv", "g.mp3", "h.m4a", "i.ogg", "j.wav",
        "k.opus", "l.mp4", "m.webm", "n.zip", "o.doc", "p.xls", "q.ppt", "r.pptx", "s.ods",
        "t.odp",
    ];
    for n in names {
        p.write(&format!("{SITE_DIR}/static/tep/{n}"), n);
    }
    p.build().assert_ok();
    for n in names {
        assert_eq!(
            fs::read_to_string(p.out().join("phuong-ba-dinh/tep").join(n)).unwrap(),
            n
        );
    }
}

#[test]
fn static_file_over_the_size_limit_is_refused() {
    refused(
        |p| {
            let f = fs::File::create(p.root.join(SITE_DIR).join("static/files/lon.pdf")).unwrap();
            // Sparse: 50 MB + 1 byte without writing them.
            f.set_len(50 * 1024 * 1024 + 1).unwrap();
        },
        &["sites/phuong-ba-dinh/static/files/lon.pdf: tệp quá lớn"],
    );
}

#[test]
fn former_slug_claiming_another_sites_folder_fails_and_leaves_it_alone() {
    let p = refused(
        |p| {
            let yaml = fs::read_to_string(p.root.join(OTHER)).unwrap();
            p.write(
                OTHER,
                &yaml.replace(
                    "former_slugs: [phuong-nghia-lo-cu]",
                    "former_slugs: [phuong-nghia-lo-cu, phuong-ba-dinh]",
                ),
            );
        },
        &[&format!(
            "{OTHER}:9:36: tên cũ `phuong-ba-dinh` trùng với trang `phuong-ba-dinh`"
        )],
    );
    let home = fs::read_to_string(p.out().join("phuong-ba-dinh/index.html")).unwrap();
    assert!(!home.contains("http-equiv=\"refresh\""));
}

#[test]
fn former_slug_used_by_two_sites_is_an_error_at_its_line() {
    refused(
        |p| {
            let yaml = fs::read_to_string(p.root.join(SITE)).unwrap();
            p.write(
                SITE,
                &format!("{yaml}former_slugs:\n  - phuong-nghia-lo-cu\n"),
            );
        },
        &[&format!(
            "{OTHER}:9:16: tên cũ `phuong-nghia-lo-cu` trùng với trang `phuong-ba-dinh`"
        )],
    );
}

#[test]
fn former_slug_or_folder_named_like_a_root_file_is_refused() {
    refused(
        |p| {
            let yaml = fs::read_to_string(p.root.join(SITE)).unwrap();
            p.write(SITE, &format!("{yaml}former_slugs: [assets]\n"));
        },
        &[&format!(
            "{SITE}:15:16: tên cũ `assets` trùng với tệp chung"
        )],
    );
    refused(
        |p| {
            let yaml = fs::read_to_string(p.root.join(SITE)).unwrap();
            p.write("sites/assets/site.yaml", &yaml.replace("00004", "00008"));
        },
        &["sites/assets: tên thư mục `assets` trùng với tệp chung"],
    );
}

#[test]
fn duplicate_commune_code_fails_and_keeps_project_files() {
    let p = refused(
        |p| {
            let yaml = fs::read_to_string(p.root.join(SITE)).unwrap();
            p.write("sites/phuong-ba-dinh-2/site.yaml", &yaml);
        },
        &["sites/phuong-ba-dinh-2/site.yaml:1:7: hai trang cùng mã xã 00004"],
    );
    assert!(!p.out().join("phuong-ba-dinh-2").exists());
}

#[test]
fn root_without_sites_folder_is_a_usage_error() {
    let p = ProjectTest::from_fixture("core/basic");
    let nowhere = p.root.join("khong-co");
    for cmd in ["build", "check"] {
        let r = Command::new(env!("CARGO_BIN_EXE_congxa"))
            .args([cmd, "--now", NOW, "--root"])
            .arg(&nowhere)
            .args(if cmd == "build" {
                vec!["--out".to_owned(), p.out().display().to_string()]
            } else {
                vec![]
            })
            .output()
            .unwrap();
        let r = Run(r);
        r.assert_code(2)
            .assert_stderr_contains("không có thư mục sites/");
    }
    assert!(!p.out().exists(), "nothing may be written");
}

#[test]
fn theme_error_with_every_site_buildable_exits_1() {
    let p = ProjectTest::from_fixture("core/basic");
    p.build().assert_ok();
    let root_before = fs::read(p.out().join("index.html")).unwrap();
    let en = fs::read_to_string(p.root.join("themes/minimal/i18n/en.yaml")).unwrap();
    // vi.yaml has a key en.yaml lacks: en.yaml is incomplete, but no page is in English.
    p.write(
        "themes/minimal/i18n/vi.yaml",
        &format!("{en}chuoi_moi: Chuỗi mới\n"),
    );
    p.build()
        .assert_code(1)
        .assert_stderr_contains("themes/minimal/i18n/en.yaml: thiếu chuỗi giao diện `chuoi_moi`");
    assert_eq!(
        fs::read(p.out().join("index.html")).unwrap(),
        root_before,
        "project files rewritten despite an error"
    );
}

#[test]
fn another_sites_error_fails_full_builds_but_not_a_build_of_one_site() {
    let p = ProjectTest::from_fixture("core/basic");
    p.build().assert_ok();
    let root_before = fs::read(p.out().join("sitemap.xml")).unwrap();
    let yaml = fs::read_to_string(p.root.join(SITE)).unwrap();
    p.write(SITE, &yaml.replace("hotline:", "hotlin:"));
    // Building only another site: that error is not this run's.
    p.run(&["build", "--site", "phuong-nghia-lo"]).assert_ok();
    // A full build, or the part that writes the project-level files, reports it and fails.
    p.build().assert_code(1).assert_stderr_contains(SITE);
    p.run(&["build", "--shard", "1/2"])
        .assert_code(1)
        .assert_stderr_contains(SITE);
    assert_eq!(fs::read(p.out().join("sitemap.xml")).unwrap(), root_before);
}

/// A page refused for its place (or its kind) is one that failed to load: the pages linking to
/// it must not each get a second error calling it missing (found on the 168-site poisoned run:
/// one outside link gave 40 "link to a missing page" errors).
#[cfg(unix)]
#[test]
fn page_refused_by_the_read_policy_is_not_reported_again_as_a_missing_link() {
    for fifo in [false, true] {
        let p = ProjectTest::from_fixture("core/basic");
        let page = "sites/phuong-ba-dinh/content/gioi-thieu.md";
        let out = Outside::new(&p);
        if fifo {
            fs::remove_file(p.root.join(page)).unwrap();
            mkfifo(&p.root.join(page));
        } else {
            move_outside(&p, &out, page);
        }
        let r = build_within(&p, 60);
        r.assert_code(1)
            .assert_stderr_contains(&format!("{page}: "));
        let err = r.stderr();
        assert!(
            !err.contains("liên kết tới trang không tồn tại"),
            "links to the refused page reported again:\n{err}"
        );
    }
}
