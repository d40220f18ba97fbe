//! Editing one catalog entry rewrites only what shows it, on every site: its page, the lists
//! that show what was edited, the search index when its words changed, and the service worker
//! (whose version follows every output, so a phone's saved copy of the page is refreshed).
//! Every other file of every site is left as it was.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::harness::{copy_tree, mtimes, repo};

const NOW: &str = "2026-11-23T08:00:00+07:00";
const SITES: [&str; 3] = ["phuong-cam-thanh", "phuong-sai-gon", "xa-dong-van"];

/// A copy of the repository's demo project (its three sites, catalog and theme).
fn demo_copy(name: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("congxa-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&root);
    for top in ["sites", "content", "themes"] {
        copy_tree(&repo().join(top), &root.join(top), &|_: &Path| false);
    }
    root
}

fn build(root: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_congxa"))
        .args(["build", "--now", NOW, "--root"])
        .arg(root)
        .arg("--out")
        .arg(root.join("public"))
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run congxa");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Builds, applies `edit` to the file `rel`, builds again, and returns the files rewritten.
fn rewritten_after(name: &str, rel: &str, edit: impl Fn(&str) -> String) -> BTreeSet<String> {
    let root = demo_copy(name);
    build(&root);
    let before = mtimes(&root.join("public"));
    let path = root.join(rel);
    let text = fs::read_to_string(&path).unwrap();
    let edited = edit(&text);
    assert_ne!(edited, text, "the edit of {rel} changed nothing");
    fs::write(&path, edited).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    build(&root);
    let after = mtimes(&root.join("public"));
    let _ = fs::remove_dir_all(&root);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "files appeared or went away"
    );
    after
        .iter()
        .filter(|(p, t)| before.get(*p) != Some(*t))
        .map(|(p, _)| p.clone())
        .collect()
}

fn on_every_site(files: &[&str]) -> BTreeSet<String> {
    SITES
        .iter()
        .flat_map(|s| files.iter().map(move |f| format!("{s}/{f}")))
        .collect()
}

const PAGE: &str = "thu-tuc/dang-ky-khai-sinh/index.html";

#[test]
fn editing_an_entrys_summary_rewrites_its_page_its_lists_and_only_the_search_files_its_words_touch()
{
    let got = rewritten_after(
        "catalog-edit-summary",
        "content/procedures/1.001193.yaml",
        |t| {
            t.replacen(
                "Đăng ký khai sinh để trẻ",
                "Đăng ký khai sinh sớm để trẻ",
                1,
            )
        },
    );
    // The summary is the page's text and description, each group page's line for the entry
    // (its field, its life event), and words of the search index: the table (its snippet),
    // the one shard holding the new word "sớm" (not the 34 others) and the search page, whose
    // link to the table carries the table's version.
    let want = on_every_site(&[
        PAGE,
        "thu-tuc/linh-vuc/ho-tich/index.html",
        "thu-tuc/nhu-cau/sinh-con/index.html",
        "tim-kiem/index.html",
        "tim-kiem/index.json",
        "tim-kiem/w/s.json",
        "sw.js",
    ]);
    assert_eq!(got, want);
}

#[test]
fn editing_an_entrys_official_layer_rewrites_its_page_only() {
    let got = rewritten_after(
        "catalog-edit-official",
        "content/procedures/official/1.001193.yaml",
        |t| t.replacen("Chuẩn bị tờ khai", "Chuẩn bị sẵn tờ khai", 1),
    );
    assert_eq!(got, on_every_site(&[PAGE, "sw.js"]));
}
