//! The catalog from the portal's records: import of the hand-written fixture records
//! (tests/fixtures/records/, in the portal's format, with the importer's traps), and the
//! loss-free rule: every document name, step, legal-basis number and fee of a record is on the
//! built page, each in its own list item.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::harness::{ProjectTest, copy_tree, repo};

fn records() -> PathBuf {
    repo().join("tests/fixtures/records")
}

/// The fixture project with the real default theme (the official layer is its template).
fn project() -> ProjectTest {
    let t = ProjectTest::from_fixture("catalog/loss-free");
    let _ = fs::remove_dir_all(t.root.join("themes"));
    copy_tree(
        &repo().join("themes"),
        &t.root.join("themes"),
        &|_: &Path| false,
    );
    t
}

fn import(t: &ProjectTest) -> (i32, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_congxa"))
        .args(["catalog", "import"])
        .arg(records())
        .arg("--root")
        .arg(&t.root)
        .output()
        .expect("run congxa");
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// What Tera escapes, back to text.
fn decode(html: &str) -> String {
    html.replace("&#x2F;", "/")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// A record text as lines without bullet markers, whitespace collapsed.
fn lines(s: &str) -> Vec<String> {
    s.lines()
        .map(|l| {
            let l = l.split_whitespace().collect::<Vec<_>>().join(" ");
            ["- ", "+ ", "* "]
                .iter()
                .find_map(|m| l.strip_prefix(m))
                .unwrap_or(&l)
                .trim()
                .to_owned()
        })
        .filter(|l| !l.is_empty())
        .collect()
}

fn page(out: &Path, site: &str, code: &str) -> Option<String> {
    let dir = out.join(site).join("thu-tuc");
    let suffix = code.replace('.', "-");
    let entry = fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().ends_with(&suffix))?;
    Some(decode(
        &fs::read_to_string(entry.path().join("index.html")).unwrap(),
    ))
}

fn money(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    format!("{out} đồng")
}

/// Every fact of `rec` that must be on its page, each as the start of a list item.
fn expected_items(rec: &serde_json::Value) -> Vec<String> {
    let mut want = Vec::new();
    let str_of = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_owned();
    for s in rec["executionSteps"].as_array().into_iter().flatten() {
        want.extend(lines(&str_of(&s["name"])));
        want.extend(lines(&str_of(&s["description"])));
    }
    for c in rec["executionCases"].as_array().into_iter().flatten() {
        for p in c["profileComponents"].as_array().into_iter().flatten() {
            want.extend(lines(&str_of(&p["name"])));
        }
    }
    for m in rec["executionMethods"].as_array().into_iter().flatten() {
        for f in m["fees"].as_array().into_iter().flatten() {
            want.extend(lines(&str_of(&f["description"])));
        }
    }
    want
}

#[test]
fn every_document_step_legal_number_and_fee_of_a_record_is_on_its_page_in_a_list() {
    let t = project();
    let (code, stdout, stderr) = import(&t);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        "Nhập danh mục: 4 thủ tục mới, 0 cập nhật, 0 không đổi; 0 lỗi.\n\
         Thủ tục đã bãi bỏ, thủ tục thay thế đề xuất theo cùng tên (cần kiểm tra lại; sửa bằng \
         `successor:` trong lớp lời dễ hiểu):\n  \
         9.000003 → 9.000004\n\
         Trường chưa có chỗ trong định dạng (giữ trong `unmapped`), số bản ghi có trường:\n  \
         futureField: 1\n"
    );
    t.build().assert_ok();
    for entry in fs::read_dir(records()).unwrap().filter_map(Result::ok) {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let v: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        let rec = if v["data"].is_object() {
            &v["data"]
        } else {
            &v
        };
        let code = rec["code"].as_str().unwrap();
        let html =
            page(&t.out(), "phuong-doan-ket", code).unwrap_or_else(|| panic!("no page for {code}"));
        for item in expected_items(rec) {
            assert!(
                html.contains(&format!("<li>{item}")),
                "{code}: «{item}» is not a list item"
            );
        }
        for l in rec["legalBasisesDetails"].as_array().into_iter().flatten() {
            let n = congxa::catalog::normalise::legal_number(l["code"].as_str().unwrap());
            assert!(
                html.contains(&format!("<li><span class=\"legal-number\">{n}</span>")),
                "{code}: legal basis {n} is not a list item"
            );
        }
        for m in rec["executionMethods"].as_array().into_iter().flatten() {
            for f in m["fees"].as_array().into_iter().flatten() {
                if let Some(a) = f["value"].as_u64().filter(|a| *a > 0) {
                    assert!(
                        html.contains(&format!(": {}<ul>", money(a))),
                        "{code}: fee {a}"
                    );
                }
            }
        }
        assert!(
            html.contains("Theo Cổng Dịch vụ công quốc gia, cập nhật "),
            "{code}"
        );
    }
}

#[test]
fn an_abolished_procedure_keeps_its_page_links_its_successor_and_leaves_the_lists() {
    let t = project();
    assert_eq!(import(&t).0, 0);
    t.build().assert_ok();
    let abolished = page(&t.out(), "phuong-doan-ket", "9.000003").unwrap();
    assert!(
        abolished.contains(
            "<strong>Thủ tục này đã bãi bỏ.</strong> Thủ tục thay thế: <a href=\"../../thu-tuc/thu-nghiem-cap-giay-chung-nhan-9-000004/\">"
        ),
        "{abolished}"
    );
    assert!(!abolished.contains("class=\"online-box\""));
    let index =
        decode(&fs::read_to_string(t.out().join("phuong-doan-ket/thu-tuc/index.html")).unwrap());
    let (lists, rest) = index.split_once("id=\"bai-bo\"").expect("abolished list");
    assert!(!lists.contains("9-000003/"), "{lists}");
    assert!(lists.contains("9-000004/"));
    assert!(rest.contains("thu-nghiem-cap-giay-chung-nhan-9-000003/"));
}

#[test]
fn a_document_offering_a_choice_is_listed_whole_then_as_one_of_its_parts() {
    let t = project();
    assert_eq!(import(&t).0, 0);
    t.build().assert_ok();
    let html = page(&t.out(), "phuong-doan-ket", "9.000004").unwrap();
    assert!(html.contains(
        "<li>Giấy khai sinh hoặc giấy chứng sinh hoặc văn bản xác nhận nơi sinh <span class=\"small\">(bản chính: 1, bản sao: 0)</span>\
         <p class=\"one-of\">Một trong các giấy tờ sau:</p><ul class=\"one-of\"><li>Giấy khai sinh</li>\
         <li>Giấy chứng sinh</li><li>Văn bản xác nhận nơi sinh</li></ul></li>"
    ), "{html}");
    // One document in two forms, and a list of bodies, are not choices between documents.
    assert!(html.contains(
        "<li>Bản sao hoặc bản chụp giấy tờ tùy thân <span class=\"small\">(bản chính: 0, bản sao: 1)</span></li>"
    ));
    assert_eq!(html.matches("class=\"one-of\">Một trong").count(), 2);
}

#[test]
fn re_import_is_byte_identical_and_reports_unchanged() {
    let t = project();
    assert_eq!(import(&t).0, 0);
    let dir = t.root.join("content/procedures/official");
    let before: Vec<Vec<u8>> = ["9.000001", "9.000002", "9.000003", "9.000004"]
        .iter()
        .map(|c| fs::read(dir.join(format!("{c}.yaml"))).unwrap())
        .collect();
    let (code, stdout, _) = import(&t);
    assert_eq!(code, 0);
    assert!(
        stdout.starts_with("Nhập danh mục: 0 thủ tục mới, 0 cập nhật, 4 không đổi; 0 lỗi.\n"),
        "{stdout}"
    );
    let after: Vec<Vec<u8>> = ["9.000001", "9.000002", "9.000003", "9.000004"]
        .iter()
        .map(|c| fs::read(dir.join(format!("{c}.yaml"))).unwrap())
        .collect();
    assert_eq!(before, after);
    assert!(
        String::from_utf8_lossy(&after[0])
            .starts_with("# Tệp sinh tự động bởi `congxa catalog import`")
    );
}

#[test]
fn a_province_procedure_appears_only_on_that_provinces_sites() {
    let t = project();
    assert_eq!(import(&t).0, 0);
    copy_tree(
        &t.root.join("sites/phuong-doan-ket"),
        &t.root.join("sites/phuong-ba-dinh"),
        &|_: &Path| false,
    );
    t.write(
        "sites/phuong-ba-dinh/site.yaml",
        "code: \"00004\"\nname: Phường Ba Đình\ntype: phường\nprovince: Hà Nội\naddress: Số 1 phố Mẫu\nhotline: \"024 3823 0000\"\nbase_url: https://badinh.example.vn/\n",
    );
    t.build().assert_ok();
    assert!(page(&t.out(), "phuong-doan-ket", "9.000002").is_some());
    assert!(page(&t.out(), "phuong-ba-dinh", "9.000002").is_none());
    assert!(page(&t.out(), "phuong-ba-dinh", "9.000001").is_some());
}

#[test]
fn a_broken_record_is_reported_at_its_line_and_column() {
    let t = project();
    let broken = t.root.join("broken.json");
    fs::copy(records().join("broken.json.txt"), &broken).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_congxa"))
        .args(["catalog", "import", "--dry-run"])
        .arg(&broken)
        .arg("--root")
        .arg(&t.root)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("broken.json:3:3"), "{stderr}");
}
