//! Fixture harness: copies `tests/fixtures/<feature>/<case>/` (minus `expected/`) into a fresh
//! temporary project, runs the real `congxa` binary on it, and compares output trees with
//! `expected/` (extra or missing files fail). `UPDATE_EXPECTED=1` rewrites `expected/`. The
//! minimal theme all fixtures share is `tests/fixtures/shared/themes/`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The fixed build clock of every test.
pub const NOW: &str = "2026-11-23T08:00:00+07:00";

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary copy of a fixture project.
pub struct ProjectTest {
    pub fixture: PathBuf,
    pub root: PathBuf,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

impl ProjectTest {
    pub fn from_fixture(name: &str) -> Self {
        let fixture = repo().join("tests/fixtures").join(name);
        assert!(fixture.is_dir(), "missing fixture {}", fixture.display());
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let root = std::env::temp_dir().join(format!(
            "congxa-test-{}-{n}-{}",
            std::process::id(),
            name.replace('/', "-")
        ));
        let _ = fs::remove_dir_all(&root);
        copy_tree(&fixture, &root, &|p: &Path| {
            p.starts_with(fixture.join("expected"))
        });
        // Every fixture uses the one minimal theme unless it brings its own.
        if !root.join("themes").exists() {
            copy_tree(
                &repo().join("tests/fixtures/shared/themes"),
                &root.join("themes"),
                &|_: &Path| false,
            );
        }
        ProjectTest { fixture, root }
    }

    pub fn out(&self) -> PathBuf {
        self.root.join("public")
    }

    /// Runs `congxa <args> --root <root>` (and `--out` for build) with the fixed clock.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_congxa"));
        cmd.args(args).arg("--root").arg(&self.root);
        if !args.contains(&"--now") {
            cmd.arg("--now").arg(NOW);
        }
        if args.first() == Some(&"build") {
            cmd.arg("--out").arg(self.out());
        }
        cmd.env_remove("SOURCE_DATE_EPOCH");
        Run(cmd.output().expect("run congxa"))
    }

    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.root.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let p = self.root.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, bytes).unwrap();
    }

    /// Compares the output tree with `expected/` of the fixture (or rewrites it).
    pub fn check_tree(&self, expected: &str) {
        let want_dir = self.fixture.join(expected);
        let got = read_tree(&self.out());
        if std::env::var_os("UPDATE_EXPECTED").is_some() {
            let _ = fs::remove_dir_all(&want_dir);
            for (rel, bytes) in &got {
                let p = want_dir.join(rel);
                fs::create_dir_all(p.parent().unwrap()).unwrap();
                fs::write(p, bytes).unwrap();
            }
            return;
        }
        let want = read_tree(&want_dir);
        let missing: Vec<&String> = want.keys().filter(|k| !got.contains_key(*k)).collect();
        let extra: Vec<&String> = got.keys().filter(|k| !want.contains_key(*k)).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "missing files: {missing:?}\nextra files: {extra:?}\n(UPDATE_EXPECTED=1 rewrites expected/; review the diff)"
        );
        for (k, w) in &want {
            let g = &got[k];
            if g != w {
                panic!(
                    "{k} differs from expected\n--- expected\n{}\n--- got\n{}",
                    String::from_utf8_lossy(w),
                    String::from_utf8_lossy(g)
                );
            }
        }
    }
}

impl Drop for ProjectTest {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = fs::remove_dir_all(&self.root);
        }
    }
}

/// A finished command.
pub struct Run(pub Output);

impl Run {
    pub fn code(&self) -> i32 {
        self.0.status.code().unwrap_or(-1)
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.0.stderr).into_owned()
    }
    #[track_caller]
    pub fn assert_ok(&self) -> &Self {
        assert_eq!(
            self.code(),
            0,
            "expected success, stderr:\n{}",
            self.stderr()
        );
        self
    }
    #[track_caller]
    pub fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(self.code(), code, "stderr:\n{}", self.stderr());
        self
    }
    #[track_caller]
    pub fn assert_stderr_contains(&self, needle: &str) -> &Self {
        let s = self.stderr();
        assert!(s.contains(needle), "stderr lacks {needle:?}:\n{s}");
        self
    }
}

/// Builds the repository's own demo sites (with `extra` arguments) into a fresh temp folder
/// named after `name`; fails the test with congxa's report if the build fails.
pub fn build_demo(name: &str, extra: &[&str]) -> PathBuf {
    let out = std::env::temp_dir().join(format!("congxa-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&out);
    let st = Command::new(env!("CARGO_BIN_EXE_congxa"))
        .args(["build", "--now", NOW, "--root"])
        .arg(repo())
        .arg("--out")
        .arg(&out)
        .args(extra)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run congxa");
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    out
}

pub fn copy_tree(from: &Path, to: &Path, skip: &dyn Fn(&Path) -> bool) {
    for e in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        if skip(e.path()) {
            continue;
        }
        let rel = e.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// Every file under `dir` by relative path.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut m = BTreeMap::new();
    if !dir.exists() {
        return m;
    }
    for e in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            m.insert(rel, fs::read(e.path()).unwrap());
        }
    }
    m
}

/// Modification times of every file under `dir`.
pub fn mtimes(dir: &Path) -> BTreeMap<String, std::time::SystemTime> {
    let mut m = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            m.insert(rel, e.metadata().unwrap().modified().unwrap());
        }
    }
    m
}

/// Proptest settings of every property test: `default_cases` cases (what CI runs), or
/// `PROPTEST_CASES=N` to hunt for bugs locally; no failure files written into the tree (kept
/// inputs live in `tests/regressions/`).
pub fn proptest_config(default_cases: u32) -> proptest::test_runner::Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default_cases);
    proptest::test_runner::Config {
        cases,
        failure_persistence: None,
        ..proptest::test_runner::Config::default()
    }
}
