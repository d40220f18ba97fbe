//! Broadcast lists (`src/reach/broadcast.rs`) and `congxa broadcast`: the demo's list files read
//! back with a CSV parser and serde_json to the channel texts with no formula cell, are linked
//! from no page and left out of the sitemap; the command prints the full expected text, CSV and
//! JSON for a hamlet since a date, and refuses a bad date or an unknown audience as a usage error
//! (exit 2) in both languages.

use std::fs;
use std::path::Path;

use crate::harness::{ProjectTest, build_demo, repo};

const SITE: &str = "phuong-ba-dinh";

fn expected(name: &str, got: &[u8]) {
    let path = repo().join("tests/fixtures/broadcast").join(name);
    if std::env::var_os("UPDATE_EXPECTED").is_some() {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, got).unwrap();
    }
    let want = fs::read(&path).unwrap_or_else(|_| panic!("missing {}", path.display()));
    assert_eq!(
        String::from_utf8_lossy(got),
        String::from_utf8_lossy(&want),
        "{name} (UPDATE_EXPECTED=1 rewrites it; review the diff)"
    );
}

fn broadcast(p: &ProjectTest, args: &[&str]) -> crate::harness::Run {
    let mut all = vec!["broadcast", "--site", SITE];
    all.extend_from_slice(args);
    p.run(&all)
}

#[test]
fn broadcast_prints_a_hamlets_items_since_a_date_as_text_csv_and_json() {
    let p = ProjectTest::from_fixture("news/basic");
    for (format, file) in [
        ("text", "to-1-since-2026-11-20.txt"),
        ("csv", "to-1-since-2026-11-20.csv"),
        ("json", "to-1-since-2026-11-20.json"),
    ] {
        let r = broadcast(
            &p,
            &[
                "--since",
                "2026-11-20",
                "--hamlet",
                "to-1",
                "--format",
                format,
            ],
        );
        r.assert_ok();
        assert_eq!(r.stderr(), "", "{format}");
        expected(file, &r.0.stdout);
    }
    // Everyone's list since an earlier day: the vaccination notice too, newest first; the
    // power cut expired on 20/11 and is no longer sent.
    let r = broadcast(&p, &["--since", "2026-11-01"]);
    r.assert_ok();
    expected("all-since-2026-11-01.txt", &r.0.stdout);
    let r = broadcast(&p, &["--since", "2026-12-01", "--lang", "en"]);
    r.assert_ok();
    assert_eq!(String::from_utf8_lossy(&r.0.stdout), "No items.\n");
}

#[test]
fn broadcast_with_a_bad_date_or_an_unknown_audience_is_a_usage_error_in_both_languages() {
    let p = ProjectTest::from_fixture("news/basic");
    let cases: [(&[&str], &str, &str); 3] = [
        (
            &["--since", "20/11/2026"],
            "--since `20/11/2026` không phải một ngày; viết dạng năm-tháng-ngày, ví dụ 2026-11-20\n",
            "--since `20/11/2026` is not a date; write YYYY-MM-DD, e.g. 2026-11-20\n",
        ),
        (
            &["--since", "2026-11-20", "--audience", "nguoi-cao-tuo"],
            "--audience `nguoi-cao-tuo` không có trong `audiences` của site.yaml; có phải ý bạn là `nguoi-cao-tuoi`? Các mã có: nguoi-cao-tuoi, phu-huynh\n",
            "--audience `nguoi-cao-tuo` is not in `audiences` of site.yaml; did you mean `nguoi-cao-tuoi`? Known ids: nguoi-cao-tuoi, phu-huynh\n",
        ),
        (
            &["--since", "2026-11-20", "--hamlet", "nguoi-cao-tuoi"],
            "--hamlet `nguoi-cao-tuoi` không có trong `hamlets` của site.yaml. Các mã có: to-1\n",
            "--hamlet `nguoi-cao-tuoi` is not in `hamlets` of site.yaml. Known ids: to-1\n",
        ),
    ];
    for (args, vi, en) in &cases {
        let r = broadcast(&p, args);
        r.assert_code(2);
        assert_eq!(r.stderr(), *vi);
        assert!(r.0.stdout.is_empty());
        let mut with_en = args.to_vec();
        with_en.extend(["--lang", "en"]);
        let r = broadcast(&p, &with_en);
        r.assert_code(2);
        assert_eq!(r.stderr(), *en);
    }
    let r = p.run(&[
        "broadcast",
        "--site",
        "phuong-ba-dih",
        "--since",
        "2026-11-20",
    ]);
    r.assert_code(2);
    assert_eq!(
        r.stderr(),
        "không có trang `phuong-ba-dih` trong sites/; có phải ý bạn là `phuong-ba-dinh`?\n"
    );
}

fn lists(site: &Path) -> Vec<(String, Vec<u8>)> {
    let dir = site.join(congxa::reach::broadcast::DIR);
    let mut v: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(&dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, fs::read(e.path()).unwrap())
        })
        .collect();
    v.sort();
    v
}

#[test]
fn demo_broadcast_lists_read_back_as_csv_and_json_with_no_formula_cell_and_are_linked_nowhere() {
    let out = build_demo("broadcast", &[]);
    for site in ["phuong-cam-thanh", "phuong-sai-gon", "xa-dong-van"] {
        let dir = out.join(site);
        let files = lists(&dir);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert!(
            names.contains(&"tat-ca.csv") && names.contains(&"tat-ca.json"),
            "{site}: {names:?}"
        );
        assert!(
            names.iter().any(|n| n.starts_with("thon/")),
            "{site}: no hamlet list"
        );
        for (name, bytes) in &files {
            if let Some(stem) = name.strip_suffix(".csv") {
                assert!(
                    bytes.starts_with("\u{feff}".as_bytes()),
                    "{site}/{name}: no BOM"
                );
                let (header, rows) = congxa::textfmt::csv::read(bytes).unwrap();
                assert_eq!(header, congxa::reach::broadcast::COLUMNS);
                let json: serde_json::Value = serde_json::from_slice(
                    &files
                        .iter()
                        .find(|(n, _)| *n == format!("{stem}.json"))
                        .unwrap()
                        .1,
                )
                .unwrap();
                let items = json["items"].as_array().unwrap();
                assert_eq!(rows.len(), items.len(), "{site}/{name}");
                for (row, item) in rows.iter().zip(items) {
                    for (cell, col) in row.iter().zip(congxa::reach::broadcast::COLUMNS) {
                        assert!(
                            !congxa::textfmt::csv::starts_formula(cell),
                            "{site}/{name}: {cell:?}"
                        );
                        if let Some(s) = item[col].as_str() {
                            assert_eq!(
                                *cell,
                                congxa::textfmt::csv::neutralise(s),
                                "{site}/{name} {col}"
                            );
                        }
                    }
                    assert!(
                        !item["loa"]
                            .as_str()
                            .unwrap()
                            .bytes()
                            .any(|b| b.is_ascii_digit())
                    );
                }
            }
        }
        // Linked from no page and left out of the sitemap and the search index.
        for e in walkdir::WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
        {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "html" || x == "xml")
                || p.ends_with("tim-kiem/index.json")
            {
                let s = fs::read_to_string(p).unwrap();
                assert!(
                    !s.contains("phat-thanh/danh-sach"),
                    "{} refers to the lists",
                    p.display()
                );
            }
        }
    }
    let _ = fs::remove_dir_all(&out);
}
