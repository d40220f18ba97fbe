//! Faults around the output folder: `--out` pointing at the sources is refused before anything
//! is touched; two builds into one output at once end with the clean tree; SIGTERM and SIGINT
//! stop a build leaving no temp file and every file old or new; a full disk (`ulimit -f`)
//! fails the site with a plain message and leaves the previous output whole.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{NOW, ProjectTest, read_tree};

const TMP_PREFIX: &str = ".congxa-tmp-";
const BIG: &str = "phuong-ba-dinh";

type Tree = BTreeMap<String, Vec<u8>>;

fn congxa(root: &Path, out: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_congxa"));
    c.arg("build")
        .arg("--root")
        .arg(root)
        .arg("--out")
        .arg(out)
        .arg("--now")
        .arg(NOW)
        .env_remove("SOURCE_DATE_EPOCH")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

#[track_caller]
fn build_ok(root: &Path, out: &Path) -> Tree {
    let o = congxa(root, out).output().expect("run congxa");
    assert!(
        o.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    read_tree(out)
}

/// Input version `v`: 250 news pages in the big site, each body naming the version.
fn set_version(p: &ProjectTest, v: u32) {
    let dir = p.root.join(format!("sites/{BIG}/content/tin-tuc"));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    for i in 0..250 {
        let body: String = (0..8)
            .map(|k| {
                format!("Đoạn {k} của bản tin {i}, bản {v}: lịch tiếp công dân và thu gom rác.\n\n")
            })
            .collect();
        fs::write(
            dir.join(format!("ban-tin-{i:03}.md")),
            format!(
                "---\ntitle: Bản tin {i} (bản {v})\nupdated: \"2026-11-{:02}\"\n---\n{body}",
                1 + i % 20
            ),
        )
        .unwrap();
    }
}

/// Paths under `dir` (files and folders) with a temp name anywhere in them.
fn temp_entries(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(TMP_PREFIX))
        .map(|e| e.path().display().to_string())
        .collect()
}

/// Every file of `got` is its version in `old` or `new`; the files that were there `before`
/// and that `new` has too are all still there.
#[track_caller]
fn assert_old_or_new(got: &Tree, before: &Tree, old: &Tree, new: &Tree, what: &str) {
    for (rel, bytes) in got {
        assert!(
            old.get(rel) == Some(bytes) || new.get(rel) == Some(bytes),
            "{what}: {rel} is neither its old nor its new version"
        );
    }
    for rel in before.keys().filter(|k| new.contains_key(*k)) {
        assert!(got.contains_key(rel), "{what}: {rel} is missing");
    }
}

fn send(child: &std::process::Child, sig: &str) {
    let _ = Command::new("kill")
        .arg(format!("-{sig}"))
        .arg(child.id().to_string())
        .status();
}

#[test]
fn out_pointing_at_the_sources_is_a_usage_error_and_touches_nothing() {
    let p = ProjectTest::from_fixture("core/basic");
    let before = read_tree(&p.root);
    let parent = p.root.parent().unwrap().to_path_buf();
    let absolute = p.root.join("sites");
    for out in [
        "sites",
        ".",
        "content",
        "themes",
        "sites/phuong-ba-dinh",
        "sites/../content/moi",
        "chua-co/../sites",
        ".git",
        "..",
        absolute.to_str().unwrap(),
    ] {
        let o = Command::new(env!("CARGO_BIN_EXE_congxa"))
            .args(["build", "--root", ".", "--now", NOW, "--out", out])
            .current_dir(&p.root)
            .env_remove("SOURCE_DATE_EPOCH")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "--out {out}: {err}");
        assert!(
            err.contains("--out") && err.contains("public"),
            "--out {out}: {err}"
        );
        assert_eq!(
            read_tree(&p.root),
            before,
            "--out {out}: a file was touched"
        );
        assert!(
            !p.root.join(".congxa-cache").exists(),
            "--out {out}: cache written"
        );
    }
    assert!(parent.exists());
    // A folder of its own inside the project is fine.
    build_ok(&p.root, &p.root.join("public"));
}

#[test]
fn concurrent_first_builds_into_one_output_end_with_the_clean_tree() {
    let p = ProjectTest::from_fixture("core/basic");
    set_version(&p, 1);
    let clean = build_ok(&p.root, &p.root.join("clean"));
    let out = p.root.join("public");
    for round in 0..3 {
        let _ = fs::remove_dir_all(&out);
        let a = congxa(&p.root, &out).spawn().unwrap();
        let b = congxa(&p.root, &out).spawn().unwrap();
        for (name, c) in [("a", a), ("b", b)] {
            let o = c.wait_with_output().unwrap();
            assert!(
                o.status.success(),
                "round {round}, build {name}:\n{}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
        assert_eq!(read_tree(&out), clean, "round {round}: not the clean tree");
        assert!(temp_entries(&out).is_empty());
    }
    // Shards write different site folders into one output at once.
    let _ = fs::remove_dir_all(&out);
    let shards: Vec<_> = ["1/2", "2/2"]
        .iter()
        .map(|s| congxa(&p.root, &out).args(["--shard", s]).spawn().unwrap())
        .collect();
    for c in shards {
        assert!(c.wait_with_output().unwrap().status.success());
    }
    assert_eq!(read_tree(&out), clean, "shards: not the clean tree");
}

/// SIGTERM and SIGINT at several moments of a rebuild and of a first build: the build exits
/// 143 or 130 (0 if it had finished), leaves no temp file, each file old or new (a first build:
/// each site folder absent or whole), and the next build gives the clean tree.
#[test]
fn sigterm_and_sigint_leave_no_temp_files_and_the_next_build_is_clean() {
    let p = ProjectTest::from_fixture("core/basic");
    let work = p.root.join("work");
    set_version(&p, 1);
    let t0 = Instant::now();
    let v1 = build_ok(&p.root, &work.join("v1"));
    let full = t0.elapsed().max(Duration::from_millis(20));
    set_version(&p, 2);
    let v2 = build_ok(&p.root, &work.join("v2"));
    let out = work.join("out");
    let mut interrupted = 0;
    for (k, tenth) in [1u32, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 3, 5, 7]
        .into_iter()
        .enumerate()
    {
        let first = k >= 10;
        let v = if k % 2 == 0 { 2 } else { 1 };
        set_version(&p, v);
        let (old, new) = if v == 2 { (&v1, &v2) } else { (&v2, &v1) };
        if first {
            let _ = fs::remove_dir_all(&out);
        }
        let before = read_tree(&out);
        let sig = if k % 3 == 0 { "INT" } else { "TERM" };
        let mut child = congxa(&p.root, &out).stderr(Stdio::null()).spawn().unwrap();
        std::thread::sleep(full * tenth / 10);
        send(&child, sig);
        let status = child.wait().unwrap();
        let what = format!("run {k} (SIG{sig} after {tenth}/10 of a build)");
        let code = status.code();
        let want = if sig == "INT" { 130 } else { 143 };
        assert!(
            code == Some(0) || code == Some(want) || code.is_none(),
            "{what}: exit {status:?}"
        );
        interrupted += usize::from(code == Some(want));
        assert_eq!(
            temp_entries(&out),
            Vec::<String>::new(),
            "{what}: temp left"
        );
        assert_eq!(
            temp_entries(&p.root.join(".congxa-cache")),
            Vec::<String>::new()
        );
        let got = read_tree(&out);
        if first {
            for site in [
                "phuong-ba-dinh",
                "phuong-nghia-lo",
                "phuong-nghia-lo-lao-cai",
            ] {
                let prefix = format!("{site}/");
                let part = |t: &Tree| -> Tree {
                    t.iter()
                        .filter(|(k, _)| k.starts_with(&prefix))
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect()
                };
                let have = part(&got);
                assert!(
                    have.is_empty() || have == part(new),
                    "{what}: {site}/ half-written"
                );
            }
        } else if !before.is_empty() {
            assert_old_or_new(&got, &before, old, new, &what);
        }
    }
    assert!(
        interrupted > 0,
        "no run was stopped by its signal mid-build"
    );
    set_version(&p, 2);
    assert_eq!(
        build_ok(&p.root, &out),
        v2,
        "after the signals: not the clean tree"
    );
    eprintln!("signals: {interrupted} of 14 builds stopped mid-way; full build {full:?}");
}

/// A file over the size limit (`ulimit -f`, as a full disk: the write fails) fails the site
/// with the file named and "ổ đĩa đầy", leaves every file of the previous output whole and the
/// project files unchanged; the next build with room gives the clean tree.
#[test]
fn a_full_disk_keeps_the_previous_output_and_names_the_file() {
    let p = ProjectTest::from_fixture("core/basic");
    let out = p.root.join("public");
    let old = build_ok(&p.root, &out);
    p.write(
        &format!("sites/{BIG}/content/gioi-thieu.md"),
        "---\ntitle: Giới thiệu mới\nupdated: \"2026-11-01\"\n---\nNội dung mới.\n",
    );
    let big: Vec<u8> = (0..400 * 1024u32).map(|i| (i * 7) as u8).collect();
    p.write_bytes(&format!("sites/{BIG}/static/tai-lieu/ban-do-lon.pdf"), &big);
    let new = build_ok(&p.root, &p.root.join("clean"));
    let o = Command::new("bash")
        .arg("-c")
        .arg("ulimit -f 200; exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_congxa"))
        .args(["build", "--now", NOW, "--root"])
        .arg(&p.root)
        .arg("--out")
        .arg(&out)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("ổ đĩa đầy") && err.contains("ban-do-lon.pdf"),
        "{err}"
    );
    let got = read_tree(&out);
    assert_old_or_new(&got, &old, &old, &new, "full disk");
    for rel in old.keys() {
        assert!(
            got.contains_key(rel),
            "{rel} of the previous output is gone"
        );
    }
    for root_file in ["index.html", "sitemap.xml", "robots.txt"] {
        assert_eq!(
            got.get(root_file),
            old.get(root_file),
            "{root_file} changed"
        );
    }
    assert!(temp_entries(&out).is_empty(), "{:?}", temp_entries(&out));
    assert_eq!(build_ok(&p.root, &out), new, "after the disk has room");
}

/// Files of the host's own in a site folder (a `CNAME`, an ACME challenge, a verification
/// page) survive rebuilds and the removal of stale pages, and are reported.
#[test]
fn files_congxa_did_not_write_are_kept_and_reported() {
    let p = ProjectTest::from_fixture("core/basic");
    p.build().assert_ok();
    let site = p.out().join(BIG);
    for f in ["CNAME", ".well-known/acme-challenge/x", "google123.html"] {
        let path = site.join(f);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, "mine").unwrap();
    }
    fs::remove_file(p.root.join(format!("sites/{BIG}/content/thon/to-1.md"))).unwrap();
    p.write(
        &format!("sites/{BIG}/content/gioi-thieu.md"),
        "---\ntitle: Giới thiệu\nupdated: \"2026-11-01\"\n---\nNgắn.\n",
    );
    p.build()
        .assert_ok()
        .assert_stderr_contains("3 tệp này không do congxa tạo, được giữ nguyên: .well-known/acme-challenge/x, CNAME, google123.html");
    assert!(
        !site.join("thon/to-1/index.html").exists(),
        "the stale page stays"
    );
    for f in ["CNAME", ".well-known/acme-challenge/x", "google123.html"] {
        assert_eq!(fs::read(site.join(f)).unwrap(), b"mine", "{f}");
    }
    // Nothing changed since: the site is skipped (the kept files do not defeat it).
    let again = p.build();
    again.assert_ok();
    again.assert_stderr_contains("3 trang web dựng (3 không đổi, bỏ qua)");
}
