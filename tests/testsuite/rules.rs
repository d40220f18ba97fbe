//! One rule, one implementation: each case is a fixture project under `tests/fixtures/rules/`
//! that once behaved differently in two places of the code. Messages are compared in full
//! (only the run's duration is masked), so an extra or changed message fails.

use crate::harness::ProjectTest;

/// `stderr` with the summary's duration ("0.25 s", "0.40 giây") replaced by "…".
fn masked(stderr: &str) -> String {
    stderr
        .lines()
        .map(|l| match l.rsplit_once("; ") {
            Some((head, tail)) if tail.ends_with(" s.") || tail.ends_with(" giây.") => {
                let unit = tail.split_once(' ').map_or("", |(_, u)| u);
                format!("{head}; … {unit}\n")
            }
            _ => format!("{l}\n"),
        })
        .collect()
}

#[test]
fn email_without_a_dot_in_can_bo_yaml_is_an_error_as_in_site_yaml() {
    let p = ProjectTest::from_fixture("rules/email-without-dot");
    let r = p.run(&["--lang", "en", "check"]);
    r.assert_code(1);
    assert_eq!(
        masked(&r.stderr()),
        "1. error: sites/phuong-ba-dinh/can-bo.yaml:4:12: invalid e-mail address `ubnd@badinh`\n   \
         → Fix: write the whole address with its domain, e.g. `ubnd@camthanh.quangngai.gov.vn`.\n\
         Check: 0 sites valid, 1 with errors, 0 drafts; 6 HTML pages; 1 errors, 0 warnings; … s.\n"
    );
    // The same address in site.yaml: the same message, at its own line.
    let site = "sites/phuong-ba-dinh/site.yaml";
    let yaml = std::fs::read_to_string(p.root.join(site)).unwrap();
    p.write(
        site,
        &yaml.replace("ubnd@badinh.hanoi.gov.vn", "ubnd@badinh"),
    );
    let r = p.run(&["--lang", "en", "check"]);
    r.assert_code(1);
    assert_eq!(
        masked(&r.stderr()),
        "1. error: sites/phuong-ba-dinh/site.yaml:7:8: invalid e-mail address `ubnd@badinh`\n   \
         → Fix: write the whole address with its domain, e.g. `ubnd@camthanh.quangngai.gov.vn`.\n\
         Check: 0 sites valid, 1 with errors, 0 drafts; 0 HTML pages; 1 errors, 0 warnings; … s.\n"
    );
}

#[test]
fn announcement_named_lich_index_md_is_an_announcement_not_a_section_index() {
    let p = ProjectTest::from_fixture("rules/lich-index");
    let r = p.run(&["build", "--lang", "en"]);
    r.assert_ok();
    assert_eq!(
        masked(&r.stderr()),
        "Done: 1 sites built (0 unchanged, skipped), 0 failed, 0 drafts skipped; 9 HTML pages; \
         63 files written, 0 unchanged, 0 removed; 0 errors, 0 warnings; … s.\n"
    );
    p.check_tree("expected");
    let page = std::fs::read_to_string(
        p.out()
            .join("phuong-ba-dinh/thong-bao/lich-index/index.html"),
    )
    .unwrap();
    assert!(page.contains("Lịch tiếp công dân tháng 12"), "{page}");
}

#[test]
fn editor_temp_file_4913_in_static_is_not_published() {
    // Next to it: Vim's swap file and Emacs's auto-save file, which serve ignores as well.
    let p = ProjectTest::from_fixture("rules/static-4913");
    let r = p.run(&["build", "--lang", "en"]);
    r.assert_ok();
    assert_eq!(
        masked(&r.stderr()),
        "Done: 1 sites built (0 unchanged, skipped), 0 failed, 0 drafts skipped; 5 HTML pages; \
         57 files written, 0 unchanged, 0 removed; 0 errors, 0 warnings; … s.\n"
    );
    p.check_tree("expected");
    let site = p.root.join("sites/phuong-ba-dinh");
    for name in [
        "static/4913",
        "static/files/.ke-hoach.pdf.swp",
        "static/files/#ghi-chu.txt#",
    ] {
        assert!(
            congxa::serve::watch::is_editor_temp(&site.join(name)),
            "serve ignores {name}, so the build must too"
        );
    }
}
