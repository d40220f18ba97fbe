//! Bad input: each case gives a clear message (file:line:column where there is one) and leaves
//! the previously published output byte-for-byte unchanged.

use crate::harness::{read_tree, ProjectTest};

/// Builds the fixture, applies `mutate`, rebuilds: expects exit 1, every `needles` in the
/// messages, and an unchanged output tree.
fn bad_input(mutate: impl FnOnce(&ProjectTest), needles: &[&str]) {
    let p = ProjectTest::from_fixture("core/basic");
    p.build().assert_ok();
    let before = read_tree(&p.out());
    mutate(&p);
    let r = p.build();
    r.assert_code(1);
    for n in needles {
        r.assert_stderr_contains(n);
    }
    assert_eq!(read_tree(&p.out()), before, "published output changed");
}

const PAGE: &str = "sites/phuong-ba-dinh/content/gioi-thieu.md";
const SITE: &str = "sites/phuong-ba-dinh/site.yaml";

#[test]
fn invalid_utf8_names_the_position() {
    bad_input(|p| p.write_bytes(PAGE, b"---\ntitle: a\nupdated: \"2026-11-01\"\n---\nXin ch\xe0o\n"), &[&format!("{PAGE}:5:7: tệp không phải UTF-8 hợp lệ")]);
}

#[test]
fn tabs_in_yaml_are_explained() {
    bad_input(|p| p.write(SITE, "code: \"00004\"\nname: Phường Ba Đình\naudiences:\n\t- id: a\n"), &[SITE, "Tab"]);
}

#[test]
fn unclosed_front_matter() {
    bad_input(|p| p.write(PAGE, "---\ntitle: a\nupdated: \"2026-11-01\"\nNội dung\n"), &[&format!("{PAGE}:1:1: phần khai báo đầu trang không được đóng")]);
}

#[test]
fn missing_front_matter() {
    bad_input(|p| p.write(PAGE, "# Giới thiệu\n"), &[&format!("{PAGE}:1:1: trang thiếu phần khai báo đầu trang")]);
}

#[test]
fn wrong_type_in_front_matter() {
    bad_input(|p| p.write(PAGE, "---\ntitle: a\nupdated: \"2026-11-01\"\nweight: nhiều\n---\n"), &[&format!("{PAGE}:4:"), "kiểu giá trị không đúng"]);
}

#[test]
fn misspelt_site_key_suggests_the_right_one() {
    bad_input(
        |p| {
            let y = std::fs::read_to_string(p.root.join(SITE)).unwrap().replace("hotline:", "hotlin:");
            p.write(SITE, &y);
        },
        &[&format!("{SITE}:6:1: khóa `hotlin` không có trong mẫu"), "`hotline`"],
    );
}

#[test]
fn duplicate_procedure_code() {
    bad_input(
        |p| {
            let y = std::fs::read_to_string(p.root.join("content/procedures/1.001193.yaml")).unwrap();
            p.write("content/procedures/1.001194.yaml", &y);
        },
        &["content/procedures/1.001194.yaml", "mã `1.001193` khác tên tệp `1.001194.yaml`"],
    );
}

#[test]
fn duplicate_output_path() {
    bad_input(|p| p.write("sites/phuong-ba-dinh/content/Giới thiệu.md", "---\ntitle: b\nupdated: \"2026-11-01\"\n---\n"), &["cùng đường dẫn `gioi-thieu/`"]);
}

#[test]
fn page_shadowing_generated_procedures_index() {
    bad_input(|p| p.write("sites/phuong-ba-dinh/content/thu-tuc.md", "---\ntitle: b\nupdated: \"2026-11-01\"\n---\n"), &["hai tệp cùng tạo ra `thu-tuc/index.html`"]);
}

#[test]
fn override_of_unknown_procedure_suggests_closest() {
    bad_input(|p| p.write("sites/phuong-ba-dinh/procedures.yaml", "hide: [\"1.001139\"]\n"), &["không có thủ tục mã `1.001139`", "`1.001193`"]);
}

#[test]
fn missing_image_or_file() {
    bad_input(|p| p.write(PAGE, "---\ntitle: a\nupdated: \"2026-11-01\"\n---\n![Ảnh](/anh/khong-co.jpg)\n"), &[&format!("{PAGE}:5:1: không tìm thấy tệp `/anh/khong-co.jpg`")]);
}

#[test]
fn parent_paths_are_refused() {
    bad_input(|p| p.write(PAGE, "---\ntitle: a\nupdated: \"2026-11-01\"\n---\n[x](../../../../etc/passwd)\n"), &["không hợp lệ (không dùng `..`"]);
}

#[test]
fn javascript_and_data_links_are_refused() {
    bad_input(
        |p| p.write(PAGE, "---\ntitle: a\nupdated: \"2026-11-01\"\n---\n[a](javascript:alert(1))\n\n[b](data:text/html,x)\n"),
        &["`javascript:` không được phép", "`data:` không được phép"],
    );
}

#[test]
fn yaml_alias_bomb_is_refused() {
    let mut y = String::from("code: \"00004\"\nname: Phường Ba Đình\na: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 0..10 {
        let prev = if i == 0 { "a".to_owned() } else { format!("l{}", i - 1) };
        y.push_str(&format!("l{i}: &l{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
    }
    bad_input(|p| p.write(SITE, &y), &[SITE]);
}

#[test]
fn empty_site_yaml_names_missing_keys() {
    bad_input(|p| p.write(SITE, ""), &[SITE, "thiếu khóa bắt buộc `code`"]);
}

#[test]
fn huge_file_has_a_size_limit() {
    bad_input(|p| p.write(PAGE, &format!("---\ntitle: a\nupdated: \"2026-11-01\"\n---\n{}", "a".repeat(3 * 1024 * 1024))), &[&format!("{PAGE}: tệp quá lớn")]);
}

#[test]
fn binary_file_with_text_extension() {
    bad_input(|p| p.write_bytes(PAGE, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), &[&format!("{PAGE}: tệp không phải văn bản")]);
}

#[cfg(unix)]
#[test]
fn symlink_outside_the_project_is_refused() {
    bad_input(
        |p| std::os::unix::fs::symlink("/etc/hostname", p.root.join("sites/phuong-ba-dinh/static/hostname.txt")).unwrap(),
        &["sites/phuong-ba-dinh/static/hostname.txt: liên kết tượng trưng trỏ ra ngoài dự án"],
    );
}

#[test]
fn bom_and_crlf_build_the_same_output() {
    let p = ProjectTest::from_fixture("core/basic");
    p.build().assert_ok();
    let before = read_tree(&p.out());
    let text = std::fs::read_to_string(p.root.join(PAGE)).unwrap();
    let crlf = format!("\u{feff}{}", text.replace('\n', "\r\n"));
    p.write(PAGE, &crlf);
    p.build().assert_ok();
    assert_eq!(read_tree(&p.out()), before);
}

#[test]
fn odd_file_names_get_clean_urls() {
    let p = ProjectTest::from_fixture("core/basic");
    p.write("sites/phuong-ba-dinh/content/Tin tức (mới)!.md", "---\ntitle: Tin\nupdated: \"2026-11-01\"\n---\nx\n");
    p.build().assert_ok();
    assert!(p.out().join("phuong-ba-dinh/tin-tuc-moi/index.html").exists());
}

#[cfg(unix)]
#[test]
fn read_only_output_fails_that_site_and_keeps_previous_files() {
    use std::os::unix::fs::PermissionsExt;
    let p = ProjectTest::from_fixture("core/basic");
    p.build().assert_ok();
    let site = p.out().join("phuong-ba-dinh");
    let before = read_tree(&site);
    p.write(PAGE, "---\ntitle: Mới\nupdated: \"2026-11-02\"\n---\nNội dung mới.\n");
    let dirs: Vec<std::path::PathBuf> = walkdir::WalkDir::new(&site).into_iter().filter_map(Result::ok).filter(|e| e.file_type().is_dir()).map(|e| e.into_path()).collect();
    for d in &dirs {
        std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o555)).unwrap();
    }
    let r = p.build();
    for d in &dirs {
        std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    // Root ignores permissions; only assert when the folder really was read-only.
    if std::fs::File::create(site.join("probe")).is_err() || r.code() == 1 {
        r.assert_code(1).assert_stderr_contains("không ghi được trang ra thư mục đầu ra");
        assert_eq!(read_tree(&site), before);
    }
    let _ = std::fs::remove_file(site.join("probe"));
}
