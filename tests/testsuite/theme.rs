//! The residents' theme, measured from Rust: every demo page within the weight budget
//! (HTML ≤ 14 KB and HTML + CSS + JS ≤ 50 KB, gzip), and the search index covers the site.

use crate::harness::{NOW, repo};

fn demo_report() -> congxa::build::BuildReport {
    let opts = congxa::build::BuildOptions {
        root: repo(),
        out: std::path::PathBuf::new(),
        sites: Vec::new(),
        shard: None,
        now: congxa::dates::clock(Some(NOW)).unwrap(),
        write: false,
        inject: None,
        weights: true,
        drafts: false,
        prune: false,
    };
    congxa::build::build(&opts, &|_, _| {}).unwrap_or_else(|_| panic!("usage error"))
}

#[test]
fn every_demo_page_is_within_the_weight_budget() {
    let r = demo_report();
    assert!(
        r.failed.is_empty(),
        "{}",
        r.diags.render(congxa::diag::Lang::En)
    );
    assert!(
        r.weights.len() >= 100,
        "only {} pages measured",
        r.weights.len()
    );
    let over: Vec<String> = r
        .weights
        .iter()
        .filter(|w| !w.within_budget())
        .map(|w| {
            format!(
                "{}/{}: html {} B, total {} B",
                w.site, w.path, w.html_gz, w.total_gz
            )
        })
        .collect();
    let max = r.weights.iter().map(|w| w.total_gz).max().unwrap_or(0);
    let max_html = r.weights.iter().map(|w| w.html_gz).max().unwrap_or(0);
    println!(
        "{} pages; heaviest HTML {max_html} B gzip, heaviest HTML+CSS+JS {max} B gzip",
        r.weights.len()
    );
    assert!(over.is_empty(), "pages over budget:\n{}", over.join("\n"));
}

/// The rows of a built site's search table, each with its URL as the script resolves it.
fn index_of(out: &std::path::Path, site: &str) -> Vec<serde_json::Value> {
    let bytes = std::fs::read(out.join(site).join("tim-kiem/index.json")).unwrap();
    let table: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let mut rows = table["i"].as_array().unwrap().clone();
    for r in &mut rows {
        if r.get("u").is_none() {
            let t = r["t"].as_str().unwrap().to_owned();
            r["u"] = congxa::search::shards::derived_url(&t).unwrap().into();
        }
    }
    rows
}

/// The URLs of the items holding the folded `word`, read from its shard as the script reads it.
fn found(out: &std::path::Path, site: &str, word: &str) -> Vec<String> {
    let rows = index_of(out, site);
    let key = word.chars().next().unwrap();
    let path = out.join(site).join(format!("tim-kiem/w/{key}.json"));
    let shard: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let mut urls = Vec::new();
    for field in shard["w"][word].as_array().into_iter().flatten() {
        let mut id = 0;
        for d in field.as_array().unwrap() {
            id += d.as_u64().unwrap() as usize;
            urls.push(rows[id]["u"].as_str().unwrap().to_owned());
        }
    }
    urls
}

#[test]
fn search_index_holds_codes_former_units_and_hamlets_and_stays_small() {
    let out = crate::harness::build_demo("search-index", &[]);
    let cam = index_of(&out, "phuong-cam-thanh");
    let birth = cam
        .iter()
        .find(|i| i["t"] == "Đăng ký khai sinh")
        .expect("a procedure");
    assert_eq!(birth["u"], "thu-tuc/dang-ky-khai-sinh/");
    assert_eq!(birth["r"], congxa::search::RANK_PROCEDURE);
    assert!(
        cam.iter().any(|i| i["u"] == "" && i["k"] == "Trang chủ"),
        "the home page"
    );
    for word in ["1.001193", "001193"] {
        assert_eq!(
            found(&out, "phuong-cam-thanh", word),
            ["thu-tuc/dang-ky-khai-sinh/"]
        );
    }
    for w in ["chanh", "lo", "nguien", "nghiem", "tran", "hung", "dao"] {
        let urls = found(&out, "phuong-cam-thanh", w);
        assert!(
            urls.iter().any(|u| u.is_empty()),
            "former unit word {w} finds the home page: {urls:?}"
        );
    }
    let team = cam
        .iter()
        .find(|i| i["u"] == "to-cong-nghe-so/#thon-to-dan-pho-11")
        .expect("a hamlet's digital team");
    assert!(team["t"].as_str().unwrap().ends_with("Tổ dân phố 11"));
    let team_page =
        std::fs::read_to_string(out.join("phuong-cam-thanh/to-cong-nghe-so/index.html")).unwrap();
    assert!(
        team_page.contains("id=\"thon-to-dan-pho-11\"")
            || team_page.contains("id=thon-to-dan-pho-11")
    );
    for w in ["nguien", "thai", "binh"] {
        assert!(
            found(&out, "phuong-sai-gon", w)
                .iter()
                .any(|u| u.is_empty()),
            "{w}"
        );
    }
    for site in ["phuong-cam-thanh", "phuong-sai-gon", "xa-dong-van"] {
        let mut total = 0;
        for entry in std::fs::read_dir(out.join(site).join("tim-kiem/w")).unwrap() {
            total += congxa::weight::gzip_len(&std::fs::read(entry.unwrap().path()).unwrap());
        }
        let table = std::fs::read(out.join(site).join("tim-kiem/index.json")).unwrap();
        let gz = congxa::weight::gzip_len(&table);
        assert!(
            gz < 8 * 1024 && total < 16 * 1024,
            "{site}: table {gz} B, shards {total} B gzip"
        );
    }
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn english_pages_have_english_dates_marked_vietnamese_and_stay_out_of_the_a_z() {
    let out = crate::harness::build_demo("english-pages", &["--site", "phuong-cam-thanh"]);
    let site = out.join("phuong-cam-thanh");
    let about = std::fs::read_to_string(site.join("en/about/index.html")).unwrap();
    assert!(about.contains(">Monday, 5 October 2026</time>"), "{about}");
    assert!(
        !about.contains("Thứ Hai, 05/10/2026"),
        "no Vietnamese date on an English page"
    );
    assert!(
        about.contains("<span lang=\"vi\">Phường Cẩm Thành</span>")
            || about.contains("<span lang=vi>Phường Cẩm Thành</span>")
    );
    let section = std::fs::read_to_string(site.join("en/index.html")).unwrap();
    assert!(
        section.contains(">Home</a>"),
        "English breadcrumbs on the English section"
    );
    let index = index_of(&out, "phuong-cam-thanh");
    let en = index
        .iter()
        .find(|i| i["u"] == "en/about/")
        .expect("English page searchable");
    assert_eq!(en["l"], "en");
    let az = std::fs::read_to_string(site.join("tim-kiem/index.html")).unwrap();
    assert!(
        !az.contains("en/about/"),
        "the Vietnamese A–Z lists no English page"
    );
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn favicon_ico_is_written_at_each_site_root_and_the_project_root() {
    let out = crate::harness::build_demo("favicon", &[]);
    for p in ["favicon.ico", "xa-dong-van/favicon.ico"] {
        let ico = std::fs::read(out.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
        assert_eq!(
            &ico[..6],
            &[0, 0, 1, 0, 1, 0],
            "{p} is an ICO with one image"
        );
        assert_eq!(ico, congxa::images::favicon_ico());
    }
    let home = std::fs::read_to_string(out.join("xa-dong-van/index.html")).unwrap();
    assert!(
        home.contains("rel=\"icon\"") || home.contains("rel=icon"),
        "the page links its icon"
    );
    let _ = std::fs::remove_dir_all(&out);
}
