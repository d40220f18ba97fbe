//! Bad input: each case gives a clear message (file:line:column where there is one) and leaves
//! the previously published output byte-for-byte unchanged.

use crate::harness::{ProjectTest, read_tree};

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
    bad_input(
        |p| {
            p.write_bytes(
                PAGE,
                b"---\ntitle: a\nupdated: \"2026-11-01\"\n---\nXin ch\xe0o\n",
            )
        },
        &[&format!("{PAGE}:5:7: tệp không phải UTF-8 hợp lệ")],
    );
}

#[test]
fn tabs_in_yaml_are_explained() {
    bad_input(
        |p| {
            p.write(
                SITE,
                "code: \"00004\"\nname: Phường Ba Đình\naudiences:\n\t- id: a\n",
            )
        },
        &[SITE, "Tab"],
    );
}

#[test]
fn unclosed_front_matter() {
    bad_input(
        |p| p.write(PAGE, "---\ntitle: a\nupdated: \"2026-11-01\"\nNội dung\n"),
        &[&format!(
            "{PAGE}:1:1: phần khai báo đầu trang không được đóng"
        )],
    );
}

#[test]
fn missing_front_matter() {
    bad_input(
        |p| p.write(PAGE, "# Giới thiệu\n"),
        &[&format!("{PAGE}:1:1: trang thiếu phần khai báo đầu trang")],
    );
}

#[test]
fn wrong_type_in_front_matter() {
    bad_input(
        |p| {
            p.write(
                PAGE,
                "---\ntitle: a\nupdated: \"2026-11-01\"\nweight: nhiều\n---\n",
            )
        },
        &[&format!("{PAGE}:4:"), "kiểu giá trị không đúng"],
    );
}

#[test]
fn misspelt_site_key_suggests_the_right_one() {
    bad_input(
        |p| {
            let y = std::fs::read_to_string(p.root.join(SITE))
                .unwrap()
                .replace("hotline:", "hotlin:");
            p.write(SITE, &y);
        },
        &[
            &format!("{SITE}:6:1: khóa `hotlin` không có trong mẫu"),
            "`hotline`",
        ],
    );
}

#[test]
fn duplicate_procedure_code() {
    bad_input(
        |p| {
            let y =
                std::fs::read_to_string(p.root.join("content/procedures/1.001193.yaml")).unwrap();
            p.write("content/procedures/1.001194.yaml", &y);
        },
        &[
            "content/procedures/1.001194.yaml",
            "mã `1.001193` khác tên tệp `1.001194.yaml`",
        ],
    );
}

#[test]
fn duplicate_output_path() {
    bad_input(
        |p| {
            p.write(
                "sites/phuong-ba-dinh/content/Giới thiệu.md",
                "---\ntitle: b\nupdated: \"2026-11-01\"\n---\n",
            )
        },
        &["cùng đường dẫn `gioi-thieu/`"],
    );
}

#[test]
fn page_shadowing_generated_procedures_index() {
    bad_input(
        |p| {
            p.write(
                "sites/phuong-ba-dinh/content/thu-tuc.md",
                "---\ntitle: b\nupdated: \"2026-11-01\"\n---\n",
            )
        },
        &["hai tệp cùng tạo ra `thu-tuc/index.html`"],
    );
}

#[test]
fn override_of_unknown_procedure_suggests_closest() {
    bad_input(
        |p| {
            p.write(
                "sites/phuong-ba-dinh/procedures.yaml",
                "hide: [\"1.001139\"]\n",
            )
        },
        &["không có thủ tục mã `1.001139`", "`1.001193`"],
    );
}

#[test]
fn missing_image_or_file() {
    bad_input(
        |p| {
            p.write(
                PAGE,
                "---\ntitle: a\nupdated: \"2026-11-01\"\n---\n![Ảnh](/anh/khong-co.jpg)\n",
            )
        },
        &[&format!(
            "{PAGE}:5:1: không tìm thấy tệp `/anh/khong-co.jpg`"
        )],
    );
}

#[test]
fn parent_paths_are_refused() {
    bad_input(
        |p| {
            p.write(
                PAGE,
                "---\ntitle: a\nupdated: \"2026-11-01\"\n---\n[x](../../../../etc/passwd)\n",
            )
        },
        &["không hợp lệ (không dùng `..`"],
    );
}

#[test]
fn javascript_and_data_links_are_refused() {
    bad_input(
        |p| {
            p.write(PAGE, "---\ntitle: a\nupdated: \"2026-11-01\"\n---\n[a](javascript:alert(1))\n\n[b](data:text/html,x)\n")
        },
        &["`javascript:` không được phép", "`data:` không được phép"],
    );
}

#[test]
fn yaml_alias_bomb_is_refused() {
    let mut y = String::from(
        "code: \"00004\"\nname: Phường Ba Đình\na: &a [x, x, x, x, x, x, x, x, x, x]\n",
    );
    for i in 0..10 {
        let prev = if i == 0 {
            "a".to_owned()
        } else {
            format!("l{}", i - 1)
        };
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
    bad_input(
        |p| {
            p.write(
                PAGE,
                &format!(
                    "---\ntitle: a\nupdated: \"2026-11-01\"\n---\n{}",
                    "a".repeat(3 * 1024 * 1024)
                ),
            )
        },
        &[&format!("{PAGE}: tệp quá lớn")],
    );
}

#[test]
fn binary_file_with_text_extension() {
    bad_input(
        |p| p.write_bytes(PAGE, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
        &[&format!("{PAGE}: tệp không phải văn bản")],
    );
}

#[cfg(unix)]
#[test]
fn symlink_outside_the_project_is_refused() {
    bad_input(
        |p| {
            std::os::unix::fs::symlink(
                "/etc/hostname",
                p.root.join("sites/phuong-ba-dinh/static/hostname.txt"),
            )
            .unwrap()
        },
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
    p.write(
        "sites/phuong-ba-dinh/content/Tin tức (mới)!.md",
        "---\ntitle: Tin\nupdated: \"2026-11-01\"\n---\nx\n",
    );
    p.build().assert_ok();
    assert!(
        p.out()
            .join("phuong-ba-dinh/tin-tuc-moi/index.html")
            .exists()
    );
}

#[cfg(unix)]
#[test]
fn read_only_output_fails_that_site_and_keeps_previous_files() {
    use std::os::unix::fs::PermissionsExt;
    let p = ProjectTest::from_fixture("core/basic");
    p.build().assert_ok();
    let site = p.out().join("phuong-ba-dinh");
    let before = read_tree(&site);
    p.write(
        PAGE,
        "---\ntitle: Mới\nupdated: \"2026-11-02\"\n---\nNội dung mới.\n",
    );
    let dirs: Vec<std::path::PathBuf> = walkdir::WalkDir::new(&site)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_dir())
        .map(|e| e.into_path())
        .collect();
    for d in &dirs {
        std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o555)).unwrap();
    }
    let r = p.build();
    for d in &dirs {
        std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    // Root ignores permissions; only assert when the folder really was read-only.
    if std::fs::File::create(site.join("probe")).is_err() || r.code() == 1 {
        r.assert_code(1)
            .assert_stderr_contains("không ghi được trang ra thư mục đầu ra");
        assert_eq!(read_tree(&site), before);
    }
    let _ = std::fs::remove_file(site.join("probe"));
}

// ---------------------------------------------------------------------------------------------
// More bad input (issue "Robust against bad input, crashes and hostile content").

/// `site.yaml` of the fixture with its lines ended by CRLF, CR and LF in turn.
fn mixed_endings(text: &str) -> String {
    let eols = ["\r\n", "\r", "\n"];
    text.lines()
        .enumerate()
        .map(|(i, l)| format!("{l}{}", eols[i % 3]))
        .collect()
}

#[test]
fn mixed_line_endings_in_yaml_keep_line_numbers() {
    bad_input(
        |p| {
            let y = std::fs::read_to_string(p.root.join(SITE))
                .unwrap()
                .replace("hotline:", "hotlin:");
            p.write(SITE, &mixed_endings(&y));
        },
        &[
            &format!("{SITE}:6:1: khóa `hotlin` không có trong mẫu"),
            "`hotline`",
        ],
    );
}

#[test]
fn mixed_line_endings_build_the_same_output() {
    let p = ProjectTest::from_fixture("core/basic");
    p.build().assert_ok();
    let before = read_tree(&p.out());
    for f in [
        SITE,
        PAGE,
        "sites/phuong-ba-dinh/procedures.yaml",
        "content/procedures/1.001193.yaml",
    ] {
        let t = std::fs::read_to_string(p.root.join(f)).unwrap();
        p.write(f, &mixed_endings(&t));
    }
    p.build().assert_ok();
    assert_eq!(read_tree(&p.out()), before);
}

/// 10,000 nested `[`: refused with a position, no stack overflow.
#[test]
fn deeply_nested_yaml_is_refused() {
    let y = format!("code: \"00004\"\naudiences: {}\n", "[".repeat(10_000));
    bad_input(|p| p.write(SITE, &y), &[&format!("{SITE}:2:"), "YAML"]);
}

#[test]
fn deeply_nested_front_matter_is_refused() {
    let t = format!(
        "---\ntitle: a\nupdated: \"2026-11-01\"\ndescription: {}\n---\n",
        "{".repeat(10_000)
    );
    bad_input(|p| p.write(PAGE, &t), &[&format!("{PAGE}:4:")]);
}

#[test]
fn deeply_nested_yaml_is_explained() {
    let y = format!("code: \"00004\"\naudiences: {}\n", "[".repeat(10_000));
    bad_input(
        |p| p.write(SITE, &y),
        &[&format!("{SITE}:2:"), "lồng quá sâu"],
    );
}

#[test]
fn alias_to_unknown_anchor_is_not_called_too_large() {
    let p = ProjectTest::from_fixture("core/basic");
    p.build().assert_ok();
    let before = read_tree(&p.out());
    let y = std::fs::read_to_string(p.root.join(SITE))
        .unwrap()
        .replace("hamlets:\n", "hamlets: *to\n");
    let y = y
        .lines()
        .take_while(|l| !l.starts_with("  - id: to-1"))
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    p.write(SITE, &y);
    let r = p.build();
    r.assert_code(1).assert_stderr_contains(&format!("{SITE}:"));
    assert!(
        !r.stderr().contains("quá lớn hoặc lồng quá sâu"),
        "{}",
        r.stderr()
    );
    assert_eq!(read_tree(&p.out()), before, "published output changed");
}

#[test]
fn unknown_key_in_procedures_yaml_suggests_the_right_one() {
    bad_input(
        |p| {
            p.write(
                "sites/phuong-ba-dinh/procedures.yaml",
                "defaults:\n  plase: Quầy 2\n",
            )
        },
        &[
            "sites/phuong-ba-dinh/procedures.yaml:2:3: khóa `plase` không có trong mẫu",
            "`place`",
        ],
    );
}

#[test]
fn duplicate_key_in_site_yaml() {
    bad_input(
        |p| {
            let y = std::fs::read_to_string(p.root.join(SITE)).unwrap();
            p.write(SITE, &format!("{y}hotline: \"113\"\n"));
        },
        &[&format!("{SITE}:15:1: khóa `hotline` bị lặp lại")],
    );
}

#[test]
fn duplicate_key_message_is_plain_vietnamese() {
    let p = ProjectTest::from_fixture("core/basic");
    p.build().assert_ok();
    let before = read_tree(&p.out());
    let y = std::fs::read_to_string(p.root.join(SITE)).unwrap();
    p.write(SITE, &format!("{y}hotline: \"113\"\n"));
    let r = p.build();
    r.assert_code(1)
        .assert_stderr_contains(&format!("{SITE}:15:1: khóa `hotline`"));
    assert!(!r.stderr().contains("DuplicateKeyPolicy"), "{}", r.stderr());
    assert_eq!(read_tree(&p.out()), before, "published output changed");
}

const PROCEDURE: &str = "content/procedures/1.001193.yaml";

fn with_form_url(yaml: &str, url: &str) -> String {
    let form = "        name: Mẫu tờ khai\n";
    assert!(yaml.contains(form));
    yaml.replace(form, &format!("{form}        url: \"{url}\"\n"))
}

#[test]
fn absolute_path_in_form_url_is_refused() {
    bad_input(
        |p| {
            let y = std::fs::read_to_string(p.root.join(PROCEDURE)).unwrap();
            p.write(PROCEDURE, &with_form_url(&y, "/etc/passwd"));
        },
        &[&format!(
            "{PROCEDURE}:22:14: đường dẫn `/etc/passwd` trong `form.url` không hợp lệ"
        )],
    );
}

#[test]
fn parent_path_in_a_site_procedure_form_url_is_refused() {
    let own = "sites/phuong-ba-dinh/procedures/2.000986.yaml";
    bad_input(
        |p| {
            let y = std::fs::read_to_string(p.root.join(PROCEDURE))
                .unwrap()
                .replace("\"1.001193\"", "\"2.000986\"");
            p.write(own, &with_form_url(&y, "../../../etc/passwd"));
        },
        &[&format!(
            "{own}:22:14: đường dẫn `../../../etc/passwd` trong `form.url` không hợp lệ"
        )],
    );
}

#[test]
fn absolute_and_parent_paths_in_page_links() {
    bad_input(
        |p| {
            p.write(
                PAGE,
                "---\ntitle: a\nupdated: \"2026-11-01\"\n---\n[a](/etc/passwd)\n\n[b](../../../../khong-co.md)\n\n[c](%2e%2e/%2e%2e/etc/passwd)\n\n![d](/../../etc/passwd)\n",
            )
        },
        &[
            &format!("{PAGE}:5:1: không tìm thấy tệp `/etc/passwd` trong thư mục static/"),
            &format!("{PAGE}:7:1: liên kết tới trang không tồn tại `../../../../khong-co.md`"),
            &format!("{PAGE}:9:1: đường dẫn `%2e%2e/%2e%2e/etc/passwd` không hợp lệ"),
            &format!("{PAGE}:11:1: đường dẫn `/../../etc/passwd` không hợp lệ"),
        ],
    );
}

#[test]
fn missing_image_with_alt_text_names_its_position() {
    bad_input(
        |p| {
            p.write(PAGE, "---\ntitle: a\nupdated: \"2026-11-01\"\n---\nDòng một.\n\nXem ảnh: ![Ảnh trụ sở UBND phường](anh/tru-so.jpg \"Trụ sở\")\n")
        },
        &[
            &format!("{PAGE}:7:10: không tìm thấy tệp `anh/tru-so.jpg`"),
            "static/anh/tru-so.jpg",
        ],
    );
}

/// `href` values of a (minified) HTML page.
fn hrefs(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in html.split("href=").skip(1) {
        let v = match part.strip_prefix('"') {
            Some(q) => q.split('"').next().unwrap_or_default(),
            None => part.split([' ', '>']).next().unwrap_or_default(),
        };
        out.push(v.replace("&amp;", "&"));
    }
    out
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The output file a relative `href` of the page at `page_dir` (`site/gioi-thieu/`) names, as a
/// browser resolves it: the fragment cut at the first raw `#`, then percent-decoded.
fn href_target(page_dir: &str, href: &str) -> String {
    let path = href.split(['#', '?']).next().unwrap_or_default();
    let mut parts: Vec<String> = page_dir
        .split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(percent_decode(s)),
        }
    }
    parts.join("/")
}

/// Builds a page linking `names` (files put in `static/files/`) with `links`, and checks every
/// link to `files/` in the output names a file that exists there.
fn odd_names_are_linked(names: &[&str], links: &str) {
    let p = ProjectTest::from_fixture("core/basic");
    for n in names {
        p.write_bytes(
            &format!("sites/phuong-ba-dinh/static/files/{n}"),
            b"%PDF-1.4\n",
        );
    }
    p.write(
        PAGE,
        &format!("---\ntitle: a\nupdated: \"2026-11-01\"\n---\n{links}\n"),
    );
    p.build().assert_ok();
    let tree = read_tree(&p.out());
    for n in names {
        assert!(
            tree.contains_key(&format!("phuong-ba-dinh/files/{n}")),
            "{n} not published"
        );
    }
    let html = String::from_utf8(tree["phuong-ba-dinh/gioi-thieu/index.html"].clone()).unwrap();
    let file_links: Vec<String> = hrefs(&html)
        .into_iter()
        .filter(|h| h.contains("files/"))
        .collect();
    assert_eq!(file_links.len(), names.len(), "{html}");
    for h in file_links {
        let target = href_target("phuong-ba-dinh/gioi-thieu/", &h);
        assert!(
            tree.contains_key(&target),
            "href `{h}` leads to `{target}`, which is not published"
        );
    }
}

#[test]
fn static_file_with_spaces_and_vietnamese_in_its_name() {
    odd_names_are_linked(
        &["Biên bản họp.pdf", "Quyết định số 12.pdf"],
        "[Biên bản](</files/Biên bản họp.pdf>) và [QĐ](/files/Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh%20s%E1%BB%91%2012.pdf)",
    );
}

#[test]
fn static_file_with_hash_and_percent_in_its_name() {
    odd_names_are_linked(
        &["Quyết định #2 giảm 100%.pdf"],
        "[QĐ](/files/Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh%20%232%20gi%E1%BA%A3m%20100%25.pdf)",
    );
}

/// A raw `#` starts the fragment, so the link names a file that does not exist: an error at the
/// link's position, not a broken link.
#[test]
fn unencoded_hash_in_a_static_link_is_reported() {
    bad_input(
        |p| {
            p.write_bytes(
                "sites/phuong-ba-dinh/static/files/Quyết định #2.pdf",
                b"%PDF-1.4\n",
            );
            p.write(
                PAGE,
                "---\ntitle: a\nupdated: \"2026-11-01\"\n---\n[QĐ](</files/Quyết định #2.pdf>)\n",
            );
        },
        &[&format!(
            "{PAGE}:5:1: không tìm thấy tệp `/files/Quyết định #2.pdf`"
        )],
    );
}

#[test]
fn hidden_and_editor_files_are_not_published() {
    let p = ProjectTest::from_fixture("core/basic");
    p.write("sites/phuong-ba-dinh/static/.env", "SECRET=1\n");
    p.write(
        "sites/phuong-ba-dinh/static/files/~$bien-ban.docx",
        "lock\n",
    );
    p.write("sites/phuong-ba-dinh/static/files/qd.pdf~", "backup\n");
    p.write("sites/phuong-ba-dinh/content/.gioi-thieu.md.swp", "swap\n");
    p.build().assert_ok();
    let leaked: Vec<String> = read_tree(&p.out())
        .into_keys()
        .filter(|k| k.contains(".env") || k.contains('~') || k.contains(".swp"))
        .collect();
    assert!(leaked.is_empty(), "published: {leaked:?}");
}

#[test]
fn files_in_hidden_folders_are_not_published() {
    let p = ProjectTest::from_fixture("core/basic");
    p.write(
        "sites/phuong-ba-dinh/static/.git/config",
        "[remote \"origin\"]\nurl = https://token@example.invalid/x.git\n",
    );
    p.write(
        "sites/phuong-ba-dinh/content/.nhap/bi-mat.md",
        "---\ntitle: Bí mật\nupdated: \"2026-11-01\"\n---\nx\n",
    );
    p.build().assert_ok();
    let leaked: Vec<String> = read_tree(&p.out())
        .into_keys()
        .filter(|k| k.contains(".git/") || k.contains("bi-mat"))
        .collect();
    assert!(leaked.is_empty(), "published: {leaked:?}");
}

const SVG: &str = "sites/phuong-ba-dinh/static/anh/so-do.svg";

#[test]
fn svg_with_script_is_refused() {
    bad_input(
        |p| {
            p.write(
                SVG,
                "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
            )
        },
        &[&format!("{SVG}: tệp SVG có mã lệnh")],
    );
}

/// An SVG opened directly (a link to it, not `<img>`) runs its scripts in the site's origin,
/// where only an HTTP CSP header would stop them.
#[test]
fn disguised_svg_scripts_are_refused() {
    let vectors = [
        "<svg xmlns=\"http://www.w3.org/2000/svg\" onload =\"alert(1)\"/>",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:s=\"http://www.w3.org/2000/svg\"><s:script>alert(1)</s:script></svg>",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"><a xlink:href=\"&#106;avascript:alert(1)\"><text y=\"20\">x</text></a></svg>",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><a href=\"data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;\"><text y=\"20\">x</text></a></svg>",
    ];
    let mut missed = Vec::new();
    for v in vectors {
        let p = ProjectTest::from_fixture("core/basic");
        p.write(SVG, v);
        let r = p.build();
        if r.code() != 1 || !r.stderr().contains("SVG") {
            missed.push(v);
        }
    }
    assert!(missed.is_empty(), "published scripted SVGs: {missed:#?}");
}

/// Deep nesting in a page body (quotes, raw HTML elements, emphasis markers) must be a clear
/// error for that page, not a crash of the whole build: minify-html recurses once per level
/// and overflows a 2 MiB worker stack at about 3,000 levels (a 3 KB page).
#[test]
fn deeply_nested_markdown_is_refused_not_a_crash() {
    let bodies = [
        format!("{} x", ">".repeat(3_000)),
        format!("{}y{}", "<div>".repeat(3_000), "</div>".repeat(3_000)),
        format!("{}z{}", "*".repeat(10_000), "*".repeat(10_000)),
    ];
    for body in bodies {
        bad_input(
            |p| {
                p.write(
                    PAGE,
                    &format!("---\ntitle: a\nupdated: \"2026-11-01\"\n---\n{body}\n"),
                )
            },
            &[&format!("{PAGE}:5:")],
        );
    }
}

/// HTML lets `</li>`, `</p>`, `</td>`, `</tr>` be left out: a long flat list or table written
/// that way is not deep, and must not be refused by the nesting limit.
#[test]
fn flat_html_with_omitted_end_tags_is_not_too_deep() {
    let p = ProjectTest::from_fixture("core/basic");
    let list: String = (1..=120).map(|i| format!("<li>Mục {i}\n")).collect();
    let table: String = (1..=60)
        .map(|i| format!("<tr><td>Tổ {i}<td>{i}0 hộ\n"))
        .collect();
    let paras: String = (1..=110).map(|i| format!("<p>Đoạn {i}\n")).collect();
    p.write(PAGE, &format!("---\ntitle: a\nupdated: \"2026-11-01\"\n---\n<ul>\n{list}</ul>\n\n<table>\n{table}</table>\n\n<div>\n{paras}</div>\n"));
    p.build().assert_ok();
    let html =
        String::from_utf8(read_tree(&p.out())["phuong-ba-dinh/gioi-thieu/index.html"].clone())
            .unwrap();
    assert_eq!(html.matches("<li>").count(), 120, "{html}");
}

/// An end tag that matches no open element is ignored by the HTML parser, so `<div></x>`
/// repeated nests `<div>`s as deep as `<div>` alone: the nesting limit must see that.
#[test]
fn unmatched_end_tags_do_not_hide_deep_nesting() {
    for body in ["<div></x>".repeat(3_000), "<blockquote></p>".repeat(3_000)] {
        bad_input(
            |p| {
                p.write(
                    PAGE,
                    &format!("---\ntitle: a\nupdated: \"2026-11-01\"\n---\n{body}\n"),
                )
            },
            &[&format!("{PAGE}:5:"), "lồng quá sâu"],
        );
    }
}

/// The HTML parser ignores `</span>` when a `<div>` was opened inside the `<span>` (a generic end
/// tag never closes across a "special" element), so `<span><div></span>` repeated nests ever
/// deeper; the nesting limit must count it as the parser builds it.
#[test]
fn end_tags_do_not_close_across_block_elements() {
    for body in [
        "<span><div></span>".repeat(2_000),
        "<abbr><ul></abbr>".repeat(2_000),
    ] {
        bad_input(
            |p| {
                p.write(
                    PAGE,
                    &format!("---\ntitle: a\nupdated: \"2026-11-01\"\n---\n{body}\n"),
                )
            },
            &[&format!("{PAGE}:5:"), "lồng quá sâu"],
        );
    }
}
