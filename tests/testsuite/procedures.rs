//! Procedures: every element on every demo procedure page, indexes in Vietnamese order, the
//! docs' worked example builds as written, and a missing element names the file and key.

use std::fs;

use crate::harness::{ProjectTest, build_demo, copy_tree, repo};

/// Element markers of `themes/default/templates/procedure.html`: one per element the law
/// requires a published procedure to show, plus the resident's extras.
const ELEMENTS: [&str; 10] = [
    "el-summary",
    "el-where",
    "el-documents",
    "el-steps",
    "el-processing-time",
    "el-fees",
    "el-result",
    "el-who-may-apply",
    "el-ways",
    "el-legal-basis",
];

fn build_repo_demo() -> std::path::PathBuf {
    build_demo("demo", &[])
}

#[test]
fn every_demo_procedure_page_has_every_element_and_indexes_work() {
    let out = build_repo_demo();
    // The hand-written entries (the generated official layer is in its own folder beside them).
    let catalog = fs::read_dir(repo().join("content/procedures"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "yaml"))
        .count();
    assert_eq!(catalog, 12);
    for site in ["phuong-cam-thanh", "xa-dong-van", "phuong-sai-gon"] {
        let dir = out.join(site).join("thu-tuc");
        let json: serde_json::Value =
            serde_json::from_slice(&fs::read(out.join(site).join("procedures.json")).unwrap())
                .unwrap();
        let procs = json["procedures"].as_array().unwrap();
        assert_eq!(procs.len(), 12, "{site} lists every catalog procedure");
        for p in procs {
            let url = p["url"].as_str().unwrap();
            let rel = url.split(&format!("/{site}/")).nth(1).unwrap();
            let html = fs::read_to_string(out.join(site).join(rel).join("index.html")).unwrap();
            for el in ELEMENTS {
                assert!(html.contains(el), "{site}/{rel}: missing {el}");
            }
            assert!(html.contains(p["code"].as_str().unwrap()), "{rel}: code");
            assert!(
                html.contains("\"@type\":\"GovernmentService\""),
                "{rel}: JSON-LD"
            );
            if p["online"] != "khong" {
                assert!(
                    html.contains("https://dichvucong.gov.vn/"),
                    "{rel}: portal link"
                );
            }
        }
        // A–Z index: link texts in Vietnamese alphabetical order.
        let idx = fs::read_to_string(dir.join("index.html")).unwrap();
        let az = idx.split("id=\"a-z\"").nth(1).unwrap_or(&idx);
        let az = az.split("</main>").next().unwrap_or(az);
        let titles: Vec<String> = az
            .split("<li><a href=")
            .skip(1)
            .filter(|s| s.contains("thu-tuc/") || !s.starts_with("\"#"))
            .filter_map(|s| {
                s.split('>')
                    .nth(1)
                    .and_then(|t| t.split('<').next())
                    .map(str::to_owned)
            })
            .filter(|t| t.chars().count() > 2)
            .collect();
        let mut sorted = titles.clone();
        sorted.sort_by(|a, b| congxa::text::collate(a, b));
        assert_eq!(titles, sorted, "{site}: A–Z order");
        assert!(titles.len() >= 12, "{site}: {titles:?}");
        // Field and life-event pages exist and link procedures.
        let fields = fs::read_dir(dir.join("linh-vuc")).unwrap().count();
        let needs = fs::read_dir(dir.join("nhu-cau")).unwrap().count();
        assert!(
            fields >= 3 && needs >= 4,
            "{site}: {fields} fields, {needs} needs"
        );
    }
    let _ = fs::remove_dir_all(&out);
}

/// The worked example in docs/procedure-format.md, copied as a new user would, validates and
/// renders with every element.
#[test]
fn procedure_written_from_the_docs_builds() {
    let doc = fs::read_to_string(repo().join("docs/procedure-format.md")).unwrap();
    let example = doc
        .split("```yaml\n")
        .skip(1)
        .filter_map(|b| b.split("\n```").next())
        .find(|b| b.starts_with("code:"))
        .expect("a complete example starting with `code:` in docs/procedure-format.md");
    let code = example
        .lines()
        .next()
        .unwrap()
        .trim_start_matches("code:")
        .trim()
        .trim_matches('"')
        .to_owned();
    let p = ProjectTest::from_fixture("core/basic");
    // The example may use life events of the real catalog.
    fs::copy(
        repo().join("content/life-events.yaml"),
        p.root.join("content/life-events.yaml"),
    )
    .unwrap();
    p.write(
        &format!("content/procedures/{code}.yaml"),
        &format!("{example}\n"),
    );
    p.run(&["check"]).assert_ok();
    p.build().assert_ok();
    let slug_dir = p.out().join("phuong-ba-dinh/thu-tuc");
    let page = fs::read_dir(&slug_dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path().join("index.html"))
        .find(|f| fs::read_to_string(f).is_ok_and(|h| h.contains(&code)))
        .expect("a page for the docs' procedure");
    let html = fs::read_to_string(page).unwrap();
    for class in [
        "class=\"summary\"",
        "class=\"submit\"",
        "class=\"steps\"",
        "class=\"time\"",
        "class=\"fees\"",
        "class=\"result\"",
        "class=\"who\"",
        "class=\"law\"",
    ] {
        assert!(html.contains(class), "missing {class}");
    }
}

#[test]
fn missing_required_element_names_file_and_key() {
    let p = ProjectTest::from_fixture("core/basic");
    let file = "content/procedures/1.001193.yaml";
    let y = fs::read_to_string(p.root.join(file)).unwrap();
    let without_steps: String = {
        let mut out = String::new();
        let mut skip = false;
        for line in y.lines() {
            if line.starts_with("steps:") {
                skip = true;
                continue;
            }
            if skip && line.starts_with("  ") {
                continue;
            }
            skip = false;
            out.push_str(line);
            out.push('\n');
        }
        out
    };
    p.write(file, &without_steps);
    p.run(&["check"])
        .assert_code(1)
        .assert_stderr_contains(&format!("lỗi: {file}:"))
        .assert_stderr_contains("thiếu khóa bắt buộc `steps`");
    p.write(
        file,
        &y.replace("result:\n  - Giấy khai sinh", "result: []"),
    );
    p.run(&["check"])
        .assert_code(1)
        .assert_stderr_contains(&format!("{file}: thủ tục thiếu nội dung bắt buộc `result`"));
}

#[test]
fn unknown_life_event_and_bad_online_level_are_explained() {
    let p = ProjectTest::from_fixture("core/basic");
    let file = "content/procedures/1.001193.yaml";
    let y = fs::read_to_string(p.root.join(file))
        .unwrap()
        .replace("[sinh-con]", "[sinh-con, sinh-em]")
        .replace("online: toan-trinh", "online: toàn trình");
    p.write(file, &y);
    p.run(&["check"])
        .assert_code(1)
        .assert_stderr_contains("không có sự kiện `sinh-em`")
        .assert_stderr_contains("mức trực tuyến `toàn trình` không hợp lệ");
}

#[test]
fn site_own_procedure_is_listed() {
    let p = ProjectTest::from_fixture("core/basic");
    let y = fs::read_to_string(p.root.join("content/procedures/1.001193.yaml"))
        .unwrap()
        .replace("1.001193", "9.000001")
        .replace("Đăng ký khai sinh", "Xác nhận riêng của phường");
    p.write("sites/phuong-ba-dinh/procedures/9.000001.yaml", &y);
    p.build().assert_ok();
    assert!(
        p.out()
            .join("phuong-ba-dinh/thu-tuc/xac-nhan-rieng-cua-phuong/index.html")
            .exists()
    );
    assert!(
        !p.out()
            .join("phuong-nghia-lo/thu-tuc/xac-nhan-rieng-cua-phuong/index.html")
            .exists()
    );
}

#[test]
fn ward_preselected_portal_link_when_ids_are_known() {
    let p = ProjectTest::from_fixture("core/basic");
    let site = "sites/phuong-ba-dinh/site.yaml";
    let y = fs::read_to_string(p.root.join(site)).unwrap()
        + "dvc_ward_id: 019bad30-cd8e-7296-afa5-244e16a5d8d3\n";
    p.write(site, &y);
    p.build().assert_ok();
    let html = fs::read_to_string(
        p.out()
            .join("phuong-ba-dinh/thu-tuc/dang-ky-khai-sinh/index.html"),
    )
    .unwrap();
    let html = html.replace("&amp;", "&");
    assert!(html.contains("tim-kiem-thu-tuc-hanh-chinh?formalityId=019d2bfd-3fe0-70ac-b9d6-5e9e20d6eef7&province=019bad30-cd82-76ed-b1cc-14070f806e01&ministry=&ward=019bad30-cd8e-7296-afa5-244e16a5d8d3"), "{html}");
    assert!(html.contains("provinceCode=01&wardCode=00004"), "{html}");
}

/// The fixture's birth registration with its one fee replaced by `fee` (YAML lines of the item).
fn with_fee(p: &ProjectTest, fee: &str) -> &'static str {
    let file = "content/procedures/1.001193.yaml";
    let y = fs::read_to_string(p.root.join(file)).unwrap();
    let old =
        "    - id: le-phi\n      name: Lệ phí đăng ký khai sinh\n      set_by_province: true\n";
    assert!(y.contains(old), "fixture fee changed");
    p.write(file, &y.replace(old, fee));
    file
}

#[test]
fn fee_with_neither_amount_nor_province_is_an_error_at_its_line() {
    let p = ProjectTest::from_fixture("core/basic");
    let file = with_fee(
        &p,
        "    - id: le-phi\n      name: Lệ phí đăng ký khai sinh\n",
    );
    let line = fee_line(&p, file);
    p.run(&["check"]).assert_code(1).assert_stderr_contains(&format!(
        "lỗi: {file}:{line}:11: khoản phí `le-phi` chưa có `amount` (số tiền) hoặc `set_by_province: true`\n   → Cách sửa: ghi `amount: 8000` nếu mức thu như nhau cả nước (`amount: 0` nếu không thu), hoặc `set_by_province: true` nếu Nghị quyết của HĐND tỉnh quyết định mức thu."
    ));
}

#[test]
fn fee_with_both_amount_and_province_is_an_error_at_its_line() {
    let p = ProjectTest::from_fixture("core/basic");
    let file = with_fee(
        &p,
        "    - id: le-phi\n      name: Lệ phí đăng ký khai sinh\n      amount: 8000\n      set_by_province: true\n",
    );
    let line = fee_line(&p, file);
    p.run(&["check"]).assert_code(1).assert_stderr_contains(&format!(
        "lỗi: {file}:{line}:11: khoản phí `le-phi` có cả `amount: 8000` và `set_by_province: true`\n   → Cách sửa: giữ một trong hai: bỏ `amount` nếu tỉnh quyết định mức thu (trang của xã ghi số tiền trong procedures.yaml), hoặc bỏ `set_by_province` nếu mức thu như nhau cả nước."
    ));
}

#[test]
fn site_amount_for_a_nationwide_fee_is_an_error_at_its_line() {
    let p = ProjectTest::from_fixture("core/basic");
    with_fee(
        &p,
        "    - id: le-phi\n      name: Lệ phí đăng ký khai sinh\n      amount: 0\n",
    );
    let site = "sites/phuong-ba-dinh/procedures.yaml";
    let line = fs::read_to_string(p.root.join(site))
        .unwrap()
        .lines()
        .position(|l| l.contains("le-phi: 8000"))
        .unwrap()
        + 1;
    p.run(&["check"]).assert_code(1).assert_stderr_contains(&format!(
        "lỗi: {site}:{line}:15: khoản phí `le-phi` của thủ tục 1.001193 có mức thu chung cả nước (Miễn phí), xã, phường không đặt mức riêng\n   → Cách sửa: bỏ `le-phi:` khỏi `fees:` của mã 1.001193; chỉ khoản phí có `set_by_province: true` mới nhận mức thu của tỉnh. Nếu mức trong danh mục chung sai, báo người quản lý content/procedures/1.001193.yaml."
    ));
}

#[test]
fn free_when_is_said_before_the_amount_and_kept_in_procedures_json() {
    let p = ProjectTest::from_fixture("core/basic");
    default_theme(&p);
    with_fee(
        &p,
        "    - id: le-phi\n      name: Lệ phí đăng ký khai sinh\n      set_by_province: true\n      free_when: đăng ký trong 60 ngày kể từ ngày trẻ sinh ra\n",
    );
    p.build().assert_ok();
    let site = p.out().join("phuong-ba-dinh");
    let html = fs::read_to_string(site.join("thu-tuc/dang-ky-khai-sinh/index.html")).unwrap();
    let free = html
        .find("Miễn phí nếu đăng ký trong 60 ngày kể từ ngày trẻ sinh ra.")
        .expect("the exemption is on the page");
    let amount = html.find("8.000 đồng").expect("the site's amount");
    assert!(free < amount, "the exemption comes before the amount");
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(site.join("procedures.json")).unwrap()).unwrap();
    let fee = &json["procedures"][0]["fees"][0];
    assert_eq!(
        fee["free_when"],
        "đăng ký trong 60 ngày kể từ ngày trẻ sinh ra"
    );
    assert_eq!(fee["provincial"], true);
}

#[test]
fn provincial_wording_only_for_a_provincial_fee() {
    let p = ProjectTest::from_fixture("core/basic");
    default_theme(&p);
    with_fee(
        &p,
        "    - id: le-phi\n      name: Lệ phí đăng ký khai sinh\n      amount: 8000\n",
    );
    // The site's amount for it is now an error: drop it, as the message says.
    let site = "sites/phuong-ba-dinh/procedures.yaml";
    let y = fs::read_to_string(p.root.join(site)).unwrap();
    p.write(site, &y.replace("    fees:\n      le-phi: 8000\n", ""));
    p.build().assert_ok();
    let html = fs::read_to_string(
        p.out()
            .join("phuong-ba-dinh/thu-tuc/dang-ky-khai-sinh/index.html"),
    )
    .unwrap();
    assert!(!html.contains("Theo Nghị quyết của HĐND tỉnh"));
    assert!(html.contains("<strong>8.000 đồng</strong>"));
}

#[test]
fn related_outside_the_catalog_shows_its_name_or_is_left_out_never_a_bare_code() {
    let p = ProjectTest::from_fixture("core/basic");
    default_theme(&p);
    let file = "content/procedures/1.001193.yaml";
    let y = fs::read_to_string(p.root.join(file)).unwrap();
    let y = match y.find("\nrelated:") {
        Some(i) => {
            let rest = &y[i + 1..];
            let end = rest
                .find("\nportal:")
                .or_else(|| rest.find("\nfacts:"))
                .unwrap();
            format!("{}{}", &y[..=i], &rest[end + 1..])
        }
        None => y,
    };
    let y = y.replace(
        "\nfacts:",
        "\nrelated:\n  - \"2.000528\"\n  - { code: \"1.000689\", name: \"Đăng ký khai sinh kết hợp nhận cha, mẹ, con\" }\nfacts:",
    );
    p.write(file, &y);
    p.build().assert_ok();
    // A catalog warning is the catalog maintainer's: listed by `check --catalog`.
    p.run(&["check", "--catalog"]).assert_stderr_contains(
        "cảnh báo: content/procedures/1.001193.yaml: thủ tục liên quan 2.000528 không có trong danh mục và không có tên, nên không hiện trên trang",
    );
    let html = fs::read_to_string(
        p.out()
            .join("phuong-ba-dinh/thu-tuc/dang-ky-khai-sinh/index.html"),
    )
    .unwrap();
    assert!(html.contains(">Đăng ký khai sinh kết hợp nhận cha, mẹ, con</a>"));
    assert!(!html.contains("2.000528"), "a bare code is left out");
}

/// The fixture's sites name the test theme; give them the real default theme under that name.
fn default_theme(p: &ProjectTest) {
    copy_tree(
        &repo().join("themes/default"),
        &p.root.join("themes/minimal"),
        &|_: &std::path::Path| false,
    );
}

/// Line (1-based) of `- id: le-phi` in a procedure file.
fn fee_line(p: &ProjectTest, file: &str) -> usize {
    fs::read_to_string(p.root.join(file))
        .unwrap()
        .lines()
        .position(|l| l.trim_start() == "- id: le-phi")
        .unwrap()
        + 1
}

#[test]
fn related_entry_with_a_misspelt_key_or_an_empty_name_is_explained_at_its_line() {
    let p = ProjectTest::from_fixture("core/basic");
    let file = "content/procedures/1.001193.yaml";
    let y = fs::read_to_string(p.root.join(file)).unwrap();
    let old = "related: [\"2.000986\"]\n";
    assert!(y.contains(old), "fixture related changed");
    let line = y.lines().position(|l| l == old.trim_end()).unwrap() + 2;
    p.write(
        file,
        &y.replace(
            old,
            "related:\n  - { code: \"2.000528\", nam: \"Khai sinh có yếu tố nước ngoài\" }\n",
        ),
    );
    p.run(&["check"]).assert_code(1).assert_stderr_contains(&format!(
        "lỗi: {file}:{line}:25: khóa `nam` không có trong mẫu\n   → Cách sửa: có phải ý bạn là `name`? Các khóa được dùng ở đây: code, name."
    ));
    p.write(
        file,
        &y.replace(old, "related:\n  - { code: \"2.000528\", name: \" \" }\n"),
    );
    p.run(&["check"]).assert_code(1).assert_stderr_contains(&format!(
        "lỗi: {file}:{line}:5: tên của thủ tục liên quan 2.000528 để trống\n   → Cách sửa: ghi tên thủ tục như trên Cổng Dịch vụ công quốc gia, hoặc bỏ mục này."
    ));
}
