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
