//! One behaviour per folder: every `tests/cases/<name>/` is a small project (`in/`), the
//! command line run on it (`args`), and what the clerk must see: the FULL stderr (`stderr`), the
//! exit code (`status`), stdout when there is any (`stdout`) and, when the case has one, every
//! file the command created or changed (`expected/`, by path from the project root, e.g.
//! `expected/public/phuong-ba-dinh/index.html`). An extra, changed or missing message or file
//! fails. `UPDATE_EXPECTED=1` rewrites `stderr`, `status`, `stdout` and an existing `expected/`
//! (review the diff). `CASE=<name>` runs one case. tests/README.md says how to add one.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::harness::{copy_tree, read_tree, repo};

/// `SOURCE_DATE_EPOCH` of every case: the demo clock, 2026-11-23T08:00:00+07:00, for commands
/// whose `args` give no `--now` (`new` dates its files by it).
const EPOCH: &str = "1795395600";

/// What the project holds after a command, minus what is not the command's result to compare:
/// the fingerprint cache (file times and digests of the run's machine).
fn project_files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = read_tree(root);
    files.retain(|k, _| !k.starts_with(".congxa-cache/"));
    files
}

/// Only what varies between runs: the elapsed seconds ending the summary line (a decimal
/// number before a final ` giây.` / ` s.`) and the temporary project folder (`<root>`).
pub fn normalise(text: &str, root: &Path) -> String {
    let mut s = text.to_owned();
    let canonical = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    for r in [canonical, root.to_path_buf()] {
        s = s.replace(&*r.to_string_lossy(), "<root>");
    }
    s.split_inclusive('\n')
        .map(normalise_seconds)
        .collect::<Vec<_>>()
        .concat()
}

fn normalise_seconds(line: &str) -> String {
    let body = line.trim_end_matches('\n');
    for unit in [" giây.", " s."] {
        if let Some(head) = body.strip_suffix(unit)
            && let Some((before, secs)) = head.rsplit_once(' ')
            && secs.contains('.')
            && secs.chars().all(|c| c.is_ascii_digit() || c == '.')
        {
            let nl = if line.ends_with('\n') { "\n" } else { "" };
            return format!("{before} <secs>{unit}{nl}");
        }
    }
    line.to_owned()
}

struct Case {
    name: String,
    dir: PathBuf,
}

fn cases() -> Vec<Case> {
    let only = std::env::var("CASE").ok();
    let mut v: Vec<Case> = fs::read_dir(repo().join("tests/cases"))
        .expect("tests/cases/")
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .map(|dir| Case {
            name: dir.file_name().unwrap().to_string_lossy().into_owned(),
            dir,
        })
        .filter(|c| only.as_deref().is_none_or(|o| o == c.name))
        .collect();
    v.sort_by(|a, b| a.name.cmp(&b.name));
    v
}

/// A fresh copy of the case's `in/`, with the shared minimal theme when it brings none.
fn prepare(case: &Case) -> PathBuf {
    let root =
        std::env::temp_dir().join(format!("congxa-case-{}-{}", std::process::id(), case.name));
    let _ = fs::remove_dir_all(&root);
    let input = case.dir.join("in");
    assert!(input.is_dir(), "{}: no in/ folder", case.name);
    copy_tree(&input, &root, &|_: &Path| false);
    if !root.join("themes").exists() {
        copy_tree(
            &repo().join("tests/fixtures/shared/themes"),
            &root.join("themes"),
            &|_: &Path| false,
        );
    }
    root
}

/// What one run produced, normalised.
struct Got {
    stderr: String,
    stdout: String,
    status: String,
    changed: BTreeMap<String, Vec<u8>>,
}

fn run(case: &Case, root: &Path) -> Got {
    let args = fs::read_to_string(case.dir.join("args"))
        .unwrap_or_else(|_| panic!("{}: no args file", case.name));
    let before = project_files(root);
    let out = Command::new(env!("CARGO_BIN_EXE_congxa"))
        .args(args.split_whitespace())
        .current_dir(root)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env_remove("NO_COLOR")
        .output()
        .expect("run congxa");
    let after = project_files(root);
    let vanished: Vec<&String> = before.keys().filter(|k| !after.contains_key(*k)).collect();
    assert!(
        vanished.is_empty(),
        "{}: the command deleted source files {vanished:?}",
        case.name
    );
    let changed = after
        .into_iter()
        .filter(|(k, v)| before.get(k) != Some(v))
        .collect();
    Got {
        stderr: normalise(&String::from_utf8_lossy(&out.stderr), root),
        stdout: normalise(&String::from_utf8_lossy(&out.stdout), root),
        status: format!("{}\n", out.status.code().unwrap_or(-1)),
        changed,
    }
}

fn update(case: &Case, got: &Got) {
    fs::write(case.dir.join("stderr"), &got.stderr).unwrap();
    fs::write(case.dir.join("status"), &got.status).unwrap();
    let stdout = case.dir.join("stdout");
    if got.stdout.is_empty() {
        let _ = fs::remove_file(&stdout);
    } else {
        fs::write(&stdout, &got.stdout).unwrap();
    }
    let expected = case.dir.join("expected");
    if expected.exists() {
        fs::remove_dir_all(&expected).unwrap();
        for (rel, bytes) in &got.changed {
            let p = expected.join(rel);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, bytes).unwrap();
        }
    }
}

/// Every difference between what the case expects and what it got, in words.
fn compare(case: &Case, got: &Got) -> Vec<String> {
    let mut problems = Vec::new();
    let read = |name: &str| fs::read_to_string(case.dir.join(name)).unwrap_or_default();
    for (file, want, have) in [
        ("stderr", read("stderr"), &got.stderr),
        ("stdout", read("stdout"), &got.stdout),
        ("status", read("status"), &got.status),
    ] {
        if &want != have {
            problems.push(format!(
                "{file} differs\n--- expected\n{want}--- got\n{have}---"
            ));
        }
    }
    let expected = case.dir.join("expected");
    if expected.exists() {
        let want = read_tree(&expected);
        let missing: Vec<&String> = want
            .keys()
            .filter(|k| !got.changed.contains_key(*k))
            .collect();
        let extra: Vec<&String> = got
            .changed
            .keys()
            .filter(|k| !want.contains_key(*k))
            .collect();
        if !missing.is_empty() || !extra.is_empty() {
            problems.push(format!(
                "missing files: {missing:?}\nextra files: {extra:?}"
            ));
        }
        for (k, w) in &want {
            if let Some(g) = got.changed.get(k)
                && g != w
            {
                problems.push(format!(
                    "{k} differs\n--- expected\n{}\n--- got\n{}",
                    String::from_utf8_lossy(w),
                    String::from_utf8_lossy(g)
                ));
            }
        }
    }
    problems
}

#[test]
fn every_case_folder_gives_its_full_stderr_status_and_tree() {
    let cases = cases();
    assert!(!cases.is_empty(), "no case under tests/cases/ (CASE=?)");
    let updating = std::env::var_os("UPDATE_EXPECTED").is_some();
    let mut failed = Vec::new();
    for case in &cases {
        let root = prepare(case);
        let got = run(case, &root);
        let _ = fs::remove_dir_all(&root);
        if updating {
            update(case, &got);
            continue;
        }
        let problems = compare(case, &got);
        if !problems.is_empty() {
            failed.push(format!("== case {}\n{}", case.name, problems.join("\n")));
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {} cases failed (UPDATE_EXPECTED=1 rewrites them; review the diff):\n{}",
        failed.len(),
        cases.len(),
        failed.join("\n\n")
    );
}

#[test]
fn normalising_hides_only_the_seconds_and_the_temp_root() {
    let root = Path::new("/tmp/congxa-case-1-x");
    let text = "lỗi: /tmp/congxa-case-1-x/sites/a: 0.5 giây\n\
                Xong: 1 trang web dựng; 0 lỗi, 0 cảnh báo; 0.82 giây.\n\
                Done: 0 errors, 1 warnings; 12.5 s.\n\
                Có 3 giây.\n";
    assert_eq!(
        normalise(text, root),
        "lỗi: <root>/sites/a: 0.5 giây\n\
         Xong: 1 trang web dựng; 0 lỗi, 0 cảnh báo; <secs> giây.\n\
         Done: 0 errors, 1 warnings; <secs> s.\n\
         Có 3 giây.\n"
    );
}
