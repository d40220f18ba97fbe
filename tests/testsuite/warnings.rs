//! Warnings a clerk can act on: the demo checks without one at the demo clock, and warnings
//! about the shared catalog go to whoever maintains it, once, not into every site's check.

use std::process::Command;

use crate::harness::{NOW, repo};

fn check_demo(extra: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_congxa"))
        .args(["check", "--now", NOW, "--root"])
        .arg(repo())
        .args(extra)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run congxa");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The numbered problems of a report (`1. cảnh báo: …` and their hint lines).
fn problems(report: &str) -> Vec<&str> {
    report
        .lines()
        .filter(|l| {
            l.split_once(". ")
                .is_some_and(|(n, _)| n.parse::<u32>().is_ok())
        })
        .collect()
}

#[test]
fn demo_check_shows_no_warning_at_the_demo_clock() {
    let (code, report) = check_demo(&[]);
    let listed = problems(&report);
    assert!(
        code == 0 && listed.is_empty() && report.contains("; 0 lỗi, 0 cảnh báo;"),
        "the demo must check with 0 errors and 0 warnings at {NOW}; fix the demo content (or move a catalog warning to `check --catalog`), do not silence the check. It printed {} problems:\n{report}",
        listed.len()
    );
}

#[test]
fn catalog_warnings_are_listed_once_by_check_catalog_not_in_each_site() {
    let (code, site_view) = check_demo(&[]);
    assert_eq!(code, 0, "{site_view}");
    assert!(!site_view.contains(": content/"), "{site_view}");
    let (code, maintainer) = check_demo(&["--catalog"]);
    assert_eq!(code, 0, "{maintainer}");
    let catalog: Vec<&str> = problems(&maintainer)
        .into_iter()
        .filter(|l| l.contains("cảnh báo: content/"))
        .collect();
    let n = catalog.len();
    if n == 0 {
        assert!(!site_view.contains("Ghi chú: danh mục"), "{site_view}");
        return;
    }
    // Three demo sites use each catalog file; each warning is listed once, with a fix.
    let mut unique = catalog.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), n, "{maintainer}");
    assert!(
        site_view.contains(&format!("Ghi chú: danh mục thủ tục dùng chung (content/) có {n} cảnh báo cho người duy trì danh mục, không phải việc của trang xã; người duy trì xem bằng `congxa check --catalog`.")),
        "{site_view}"
    );
    let with_hint = maintainer
        .split('\n')
        .collect::<Vec<_>>()
        .windows(2)
        .filter(|w| w[0].contains("cảnh báo: content/") && w[1].starts_with("   → Cách sửa: "))
        .count();
    assert_eq!(
        with_hint, n,
        "every catalog warning says how to fix it:\n{maintainer}"
    );
    // `--strict` promotes what a site's check shows, not the maintainer's list.
    let (code, strict) = check_demo(&["--strict"]);
    assert_eq!(code, 0, "{strict}");
    let (code, _) = check_demo(&["--strict", "--catalog"]);
    assert_eq!(code, 1);
}
