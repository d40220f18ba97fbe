//! Crash safety: a build killed with SIGKILL at a random moment leaves every output file either
//! its old or its new version (never torn, never missing when both versions have it); only
//! temp files (`.congxa-tmp-…`) may be left over, and the next normal build removes them and
//! gives exactly the tree of a clean build.
//!
//! The kill moments come from a seeded generator (`CONGXA_CRASH_SEED`, default fixed) and the
//! number of kills from `CONGXA_CRASH_KILLS` (default 15); nothing asserts on wall-clock time.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{NOW, ProjectTest, read_tree};

const TMP_PREFIX: &str = ".congxa-tmp-";
const BIG: &str = "phuong-ba-dinh";
const OTHER: &str = "phuong-nghia-lo";

/// xorshift64*: small, seeded, good enough to spread kill moments.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform-ish in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }
}

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn congxa(root: &Path, out: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_congxa"));
    c.arg("build")
        .arg("--root")
        .arg(root)
        .arg("--out")
        .arg(out)
        .arg("--now")
        .arg(NOW);
    c.env_remove("SOURCE_DATE_EPOCH")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

#[track_caller]
fn build_ok(root: &Path, out: &Path) {
    let o = congxa(root, out).output().expect("run congxa");
    assert!(
        o.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Writes input version `v` (1 or 2) of the project: ~300 news pages in one site and 60 in
/// another (version 2 drops the first 20 and adds 20 new ones, and changes every body), a
/// hotline that appears on every page, and 24 static files of 128 KiB whose bytes change.
fn set_version(p: &ProjectTest, v: u32) {
    let range = if v == 1 { 0..300 } else { 20..320 };
    for (site, n) in [(BIG, range.end), (OTHER, 60)] {
        let dir = p.root.join(format!("sites/{site}/content/tin-tuc"));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let link = if site == BIG {
            "[Giới thiệu](../gioi-thieu.md)"
        } else {
            ""
        };
        for i in range.start..n {
            let body: String = (0..12)
                .map(|k| format!("Đoạn {k} của bản tin số {i}, phiên bản {v}: Ủy ban nhân dân phường thông báo lịch tiếp công dân, thu gom rác và tiêm chủng.\n\n"))
                .collect();
            fs::write(
                dir.join(format!("ban-tin-{i:03}.md")),
                format!("---\ntitle: Bản tin số {i} (bản {v})\nupdated: \"2026-11-{:02}\"\n---\n# Tin {i}\n\n{body}{link}\n", 1 + i % 20),
            )
            .unwrap();
        }
    }
    let site = p.root.join(format!("sites/{BIG}/site.yaml"));
    let hotline = if v == 1 {
        "hotline: \"024 3823 0000\""
    } else {
        "hotline: \"024 3823 0001\""
    };
    let y: String = fs::read_to_string(&site)
        .unwrap()
        .lines()
        .map(|l| {
            if l.starts_with("hotline:") {
                format!("{hotline}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    fs::write(&site, y).unwrap();
    let st = p.root.join(format!("sites/{BIG}/static/tai-lieu"));
    fs::create_dir_all(&st).unwrap();
    // `.pdf`: a type `static/` publishes as it is (an unknown `.bin` would be refused).
    for i in 0..24u32 {
        let bytes: Vec<u8> = (0..128 * 1024u32)
            .map(|k| (k.wrapping_mul(31).wrapping_add(i * 7 + v)) as u8)
            .collect();
        fs::write(st.join(format!("tep-{i:02}.pdf")), bytes).unwrap();
    }
}

fn is_tmp(rel: &str) -> bool {
    rel.rsplit('/')
        .next()
        .is_some_and(|n| n.starts_with(TMP_PREFIX))
}

/// Checks every file of `got` is its version in `old` or `new`; files both versions have must
/// be there. Returns (files of each version seen, temp files).
fn check_old_or_new(
    got: &BTreeMap<String, Vec<u8>>,
    old: &BTreeMap<String, Vec<u8>>,
    new: &BTreeMap<String, Vec<u8>>,
    kill: usize,
) -> (usize, usize, Vec<String>) {
    let (mut n_old, mut n_new, mut tmps) = (0, 0, Vec::new());
    for (rel, bytes) in got {
        if is_tmp(rel) {
            tmps.push(rel.clone());
            continue;
        }
        let is_old = old.get(rel) == Some(bytes);
        let is_new = new.get(rel) == Some(bytes);
        assert!(
            is_old || is_new,
            "kill {kill}: {rel} is neither its old nor its new version ({} bytes; old {:?}, new {:?})",
            bytes.len(),
            old.get(rel).map(Vec::len),
            new.get(rel).map(Vec::len)
        );
        if is_old && !is_new {
            n_old += 1;
        }
        if is_new && !is_old {
            n_new += 1;
        }
    }
    for rel in old.keys().filter(|k| new.contains_key(*k)) {
        assert!(
            got.contains_key(rel),
            "kill {kill}: {rel} disappeared (both versions have it)"
        );
    }
    (n_old, n_new, tmps)
}

#[test]
fn killed_builds_leave_every_file_old_or_new() {
    let p = ProjectTest::from_fixture("core/basic");
    let work = p.root.join("crash");
    let (out_v1, out_v2, out) = (work.join("v1"), work.join("v2"), work.join("killed"));

    set_version(&p, 1);
    build_ok(&p.root, &out_v1);
    let tree_v1 = read_tree(&out_v1);
    set_version(&p, 2);
    build_ok(&p.root, &out_v2);
    let tree_v2 = read_tree(&out_v2);
    let changed = tree_v1
        .iter()
        .filter(|(k, v)| tree_v2.get(*k).is_some_and(|w| w != *v))
        .count();
    let only_v1 = tree_v1.keys().filter(|k| !tree_v2.contains_key(*k)).count();
    let only_v2 = tree_v2.keys().filter(|k| !tree_v1.contains_key(*k)).count();
    assert!(
        changed > 300 && only_v1 >= 20 && only_v2 >= 20,
        "versions differ too little: {changed} changed, {only_v1} removed, {only_v2} added"
    );

    // Calibration (only to spread kill moments over a whole build, never asserted on). The
    // starting tree is built, not copied: congxa removes only the stale files it wrote.
    set_version(&p, 1);
    build_ok(&p.root, &out);
    set_version(&p, 2);
    let t0 = Instant::now();
    build_ok(&p.root, &out);
    let full = t0.elapsed().max(Duration::from_millis(20));
    set_version(&p, 1);
    build_ok(&p.root, &out);
    assert_eq!(read_tree(&out), tree_v1);

    let seed = env_num("CONGXA_CRASH_SEED", 0x00C0_4C5A_2026_1123);
    let kills = env_num("CONGXA_CRASH_KILLS", 15) as usize;
    let mut rng = Rng(seed | 1);
    let (mut survived, mut mixed, mut finished) = (0, 0, 0);
    let mut tmp_seen = std::collections::BTreeSet::new();
    // The input alternates 2, 1, 2, …, so every build rewrites files, starting from whatever
    // mix the previous killed build left.
    for kill in 0..kills {
        let v = if kill % 2 == 0 { 2 } else { 1 };
        set_version(&p, v);
        let delay = Duration::from_micros(rng.below(full.as_micros() as u64 * 11 / 10));
        let before = read_tree(&out);
        let mut child = congxa(&p.root, &out)
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn congxa");
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL on Unix
        let status = child.wait().expect("wait congxa");
        if status.success() {
            finished += 1;
        }
        let got = read_tree(&out);
        let (n_old, n_new, tmps) = check_old_or_new(&got, &tree_v1, &tree_v2, kill);
        let target = if v == 2 { &tree_v2 } else { &tree_v1 };
        let settled: BTreeMap<&String, &Vec<u8>> = got.iter().filter(|(k, _)| !is_tmp(k)).collect();
        let complete =
            settled.len() == target.len() && target.iter().all(|(k, b)| settled.get(k) == Some(&b));
        if got != before && !complete && n_old > 0 && n_new > 0 {
            mixed += 1;
        }
        if !tmps.is_empty() {
            eprintln!("kill {kill} (after {delay:?}): temp files left: {tmps:?}");
        }
        tmp_seen.extend(tmps);
        survived += 1;
    }

    set_version(&p, 2);
    build_ok(&p.root, &out);
    let after = read_tree(&out);
    let leftovers: Vec<&String> = after.keys().filter(|k| is_tmp(k)).collect();
    assert!(
        leftovers.is_empty(),
        "temp files not removed by the next build: {leftovers:?}"
    );
    let missing: Vec<&String> = tree_v2.keys().filter(|k| !after.contains_key(*k)).collect();
    let extra: Vec<&String> = after.keys().filter(|k| !tree_v2.contains_key(*k)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "after recovery: missing {missing:?}, extra {extra:?}"
    );
    for (k, v) in &tree_v2 {
        assert!(
            after[k] == *v,
            "after recovery {k} differs from a clean build"
        );
    }
    eprintln!(
        "crash safety: {survived}/{kills} kills survived ({mixed} mid-write: some files rewritten, others not yet, {finished} finished before the kill, {} distinct temp files left over, all removed by the next build); full build {full:?}; {} files per tree",
        tmp_seen.len(),
        tree_v2.len()
    );
}

/// Temp files a killed build leaves next to project-level files (directory page, sitemap index,
/// theme assets at the root) and redirect pages at former slugs are removed by the next build,
/// as they are inside site folders.
#[test]
fn temp_leftovers_outside_site_folders_are_removed() {
    let p = ProjectTest::from_fixture("core/basic");
    p.build().assert_ok();
    let out = p.out();
    let planted: Vec<PathBuf> = [
        format!("{TMP_PREFIX}99999-index.html"),
        format!("assets/{TMP_PREFIX}99999-style.css"),
        format!("phuong-nghia-lo-cu/{TMP_PREFIX}99999-index.html"),
        format!("{BIG}/{TMP_PREFIX}99999-index.html"),
    ]
    .iter()
    .map(|r| out.join(r))
    .collect();
    for f in &planted {
        if f.parent().is_some_and(Path::is_dir) {
            fs::write(f, b"torn").unwrap();
        }
    }
    p.build().assert_ok();
    let left: Vec<String> = read_tree(&out).into_keys().filter(|k| is_tmp(k)).collect();
    assert!(
        left.is_empty(),
        "temp files left after a normal build: {left:?}"
    );
}

/// A site's first build is written into a temp folder renamed into place: a build killed while
/// creating the output leaves each site folder absent or complete, never half-written, and the
/// next build removes the temp folders and gives the clean tree.
#[test]
fn killed_first_builds_leave_each_site_whole_or_absent() {
    let p = ProjectTest::from_fixture("core/basic");
    set_version(&p, 2);
    let work = p.root.join("crash");
    let (clean, out) = (work.join("clean"), work.join("killed"));
    build_ok(&p.root, &clean);
    let tree = read_tree(&clean);
    let sites: Vec<String> = fs::read_dir(p.root.join("sites"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    // Calibration only (spreads the kill moments over a whole first build).
    let t0 = Instant::now();
    build_ok(&p.root, &out);
    let full = t0.elapsed().max(Duration::from_millis(20));

    let kills = env_num("CONGXA_CRASH_KILLS", 15) as usize;
    let mut rng = Rng(env_num("CONGXA_CRASH_SEED", 0x00C0_4C5A_2026_1124) | 1);
    let mut partial = 0;
    for kill in 0..kills {
        let _ = fs::remove_dir_all(&out);
        let delay = Duration::from_micros(rng.below(full.as_micros() as u64 * 11 / 10));
        let mut child = congxa(&p.root, &out)
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn congxa");
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        let got = read_tree(&out);
        let mut present = 0;
        for site in &sites {
            let prefix = format!("{site}/");
            let want: BTreeMap<&String, &Vec<u8>> = tree
                .iter()
                .filter(|(k, _)| k.starts_with(&prefix))
                .collect();
            let have: BTreeMap<&String, &Vec<u8>> =
                got.iter().filter(|(k, _)| k.starts_with(&prefix)).collect();
            assert!(
                have.is_empty() || have == want,
                "kill {kill} (after {delay:?}): {site}/ is half-written ({} of {} files)",
                have.len(),
                want.len()
            );
            present += usize::from(!have.is_empty());
        }
        if present > 0 && present < sites.len() {
            partial += 1;
        }
    }
    build_ok(&p.root, &out);
    assert_eq!(
        read_tree(&out).keys().collect::<Vec<_>>(),
        tree.keys().collect::<Vec<_>>(),
        "after recovery: not the clean tree (temp folders left?)"
    );
    assert_eq!(read_tree(&out), tree, "after recovery: bytes differ");
    eprintln!("first-build kills: {kills}, {partial} left some sites written and others absent");
}
