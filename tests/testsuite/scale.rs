//! Inputs that once cost quadratic time, built through the real binary: many identical
//! headings, many officials with one name, a document whose file sorts differently as a whole
//! path than in the folder walk. The operation counts themselves are pinned by unit tests
//! (`text::UniqueIds`, `markdown::nesting_depth`, `text::closest`); these check the results.

use crate::harness::ProjectTest;

const SITE: &str = "sites/phuong-ba-dinh";

#[test]
fn many_identical_headings_get_unique_ids_in_order() {
    let p = ProjectTest::from_fixture("news/basic");
    let mut page = String::from("---\ntitle: Nhiều mục\nupdated: \"2026-11-01\"\n---\n## A 2\n\n");
    page.push_str(&"## a\n\n".repeat(3000));
    p.write(&format!("{SITE}/content/nhieu-muc.md"), &page);
    p.build().assert_ok();
    let html =
        std::fs::read_to_string(p.out().join("phuong-ba-dinh/nhieu-muc/index.html")).unwrap();
    let ids: Vec<&str> = html
        .split("<h2 id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    // "A 2" keeps `a-2`; the second `## a` cannot take it and gets the next free suffix.
    let mut want = vec!["a-2".to_owned(), "a".to_owned()];
    want.extend((3..=3001).map(|n| format!("a-{n}")));
    assert_eq!(ids, want);
    let unique: std::collections::BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate heading ids");
}

#[test]
fn many_officials_with_one_name_get_unique_contact_files() {
    let p = ProjectTest::from_fixture("news/basic");
    let one = "  - name: Nguyễn Văn An\n    role: Cán bộ\n    mobile: \"0912 345 678\"\n    public: true\n";
    p.write(
        &format!("{SITE}/can-bo.yaml"),
        &format!("officials:\n{}", one.repeat(300)),
    );
    p.build().assert_ok();
    let dir = p.out().join("phuong-ba-dinh/can-bo");
    assert!(dir.join("nguyen-van-an.vcf").is_file());
    assert!(dir.join("nguyen-van-an-2.vcf").is_file());
    assert!(dir.join("nguyen-van-an-300.vcf").is_file());
    assert!(!dir.join("nguyen-van-an-301.vcf").exists());
}

#[test]
fn a_document_file_found_whatever_the_folder_walk_order() {
    // The walk yields `a/1.pdf`…`a/5.pdf` before `a-b.pdf` (folder by folder), whole-path order the
    // reverse: the lookup by binary search needs the sorted list.
    let p = ProjectTest::from_fixture("news/basic");
    for n in 1..=5 {
        p.write_bytes(&format!("{SITE}/static/a/{n}.pdf"), b"%PDF-1.4\n%%EOF\n");
    }
    p.write_bytes(&format!("{SITE}/static/a-b.pdf"), b"%PDF-1.4\n%%EOF\n");
    let doc = format!("{SITE}/content/van-ban/qd-12.md");
    let text = std::fs::read_to_string(p.root.join(&doc)).unwrap();
    p.write(
        &doc,
        &text.replace("file: van-ban/qd-12.pdf", "file: a-b.pdf"),
    );
    p.build().assert_ok();
}

#[test]
fn audience_pages_from_one_pass_list_a_twice_named_audience_once() {
    // Audience pages are filled in one pass over the announcements (once one scan per
    // audience): an announcement naming its audience twice must still be listed once.
    let p = ProjectTest::from_fixture("news/basic");
    let page = format!("{SITE}/content/thong-bao/cat-dien.md");
    let text = std::fs::read_to_string(p.root.join(&page)).unwrap();
    p.write(
        &page,
        &text.replace("audiences: [to-1]", "audiences: [to-1, to-1]"),
    );
    p.build().assert_ok();
    let rel = "phuong-ba-dinh/thong-bao/doi-tuong/to-1/index.html";
    let got = std::fs::read_to_string(p.out().join(rel)).unwrap();
    let want = std::fs::read_to_string(p.fixture.join("expected").join(rel)).unwrap();
    assert_eq!(got, want);
}
