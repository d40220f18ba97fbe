//! SMS, Zalo texts and short links (`src/reach/`): every demo announcement and event gets an
//! SMS in the GSM alphabet that fits its segments, a short link that resolves to its page,
//! and a Zalo post within its limit that ends with the page's URL; a clerk's bad `sms:` is
//! refused with its message.

use std::fs;
use std::path::Path;

use congxa::reach::gsm;

use crate::harness::{ProjectTest, build_demo, repo};

fn messages(site: &Path) -> Vec<serde_json::Value> {
    let raw = fs::read_to_string(site.join(congxa::reach::MESSAGES_PATH)).expect("tin-nhan.json");
    serde_json::from_str(&raw).expect("valid JSON")
}

/// The page a short-link page sends to, read from its refresh, relative to the site folder.
fn refresh_target(site: &Path, link_path: &str) -> String {
    let html = fs::read_to_string(site.join(link_path).join("index.html")).expect("short page");
    let url = html
        .split("http-equiv=\"refresh\" content=\"0; url=")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("refresh");
    let depth = link_path.trim_end_matches('/').matches('/').count() + 1;
    let ups = "../".repeat(depth);
    url.strip_prefix(&ups)
        .unwrap_or_else(|| panic!("{link_path}: {url} does not start at the site root"))
        .to_owned()
}

#[test]
fn every_demo_announcement_and_event_has_a_fitting_sms_a_short_link_and_a_zalo_post() {
    let out = build_demo("reach", &[]);
    let mut checked = 0;
    for site in fs::read_dir(repo().join("sites")).unwrap() {
        let folder = site.unwrap().file_name().to_string_lossy().into_owned();
        let dir = out.join(&folder);
        let all = messages(&dir);
        let urls: Vec<&str> = all.iter().map(|m| m["url"].as_str().unwrap()).collect();
        for kind in ["thong-bao", "su-kien"] {
            for f in fs::read_dir(
                repo()
                    .join("sites")
                    .join(&folder)
                    .join("content")
                    .join(kind),
            )
            .unwrap()
            {
                let name = f.unwrap().file_name().to_string_lossy().into_owned();
                let Some(slug) = name.strip_suffix(".md").filter(|s| *s != "_index") else {
                    continue;
                };
                if dir.join(kind).join(slug).join("index.html").exists() {
                    let path = format!("/{kind}/{slug}/");
                    assert!(
                        urls.iter().any(|u| u.ends_with(&path)),
                        "{folder}{path}: no texts"
                    );
                }
            }
        }
        for m in &all {
            let (sms, url) = (m["sms"].as_str().unwrap(), m["url"].as_str().unwrap());
            let stated = m["sms_segments"].as_u64().unwrap() as usize;
            assert!(gsm::is_gsm_text(sms), "{url}: not GSM-7: {sms}");
            let c = gsm::count(sms);
            assert_eq!(c.segments, stated, "{url}: {sms}");
            assert!(c.units <= gsm::gsm_capacity(stated), "{url}: {sms}");
            let link = m["link"].as_str().unwrap();
            assert!(
                sms.ends_with(link),
                "{url}: the SMS ends with the short link: {sms}"
            );
            let base = url.split(&format!("/{folder}/")).next().unwrap();
            let site_base = format!("{base}/{folder}/");
            let link_path = link
                .strip_prefix(&site_base)
                .expect("short link on the site");
            let page = refresh_target(&dir, link_path);
            assert_eq!(
                format!("{site_base}{page}"),
                url,
                "{link} resolves to its page"
            );
            assert!(dir.join(&page).join("index.html").is_file(), "{page}");
            let zalo = m["zalo"].as_str().unwrap();
            assert!(zalo.chars().count() <= 2000, "{url}");
            assert!(zalo.ends_with(url), "{url}: Zalo post ends with the link");
            checked += 1;
        }
        let sitemap = fs::read_to_string(dir.join("sitemap.xml")).unwrap();
        let search = fs::read_to_string(dir.join("tim-kiem/index.json")).unwrap();
        for hidden in ["/l/", "phat-thanh"] {
            assert!(
                !sitemap.contains(hidden) && !search.contains(hidden),
                "{hidden}"
            );
        }
        let home = fs::read_to_string(dir.join("index.html")).unwrap();
        assert!(home.contains(&format!(
            "og:image\" content=\"{}og-image.png\"",
            site_base(&all, &folder)
        )));
        assert!(dir.join("og-image.png").is_file());
    }
    assert!(checked >= 20, "only {checked} notices checked");
}

fn site_base(all: &[serde_json::Value], folder: &str) -> String {
    let url = all[0]["url"].as_str().unwrap();
    format!(
        "{}/{folder}/",
        url.split(&format!("/{folder}/")).next().unwrap()
    )
}

#[test]
fn short_links_are_stable_across_builds_and_kept_after_expiry() {
    let p = ProjectTest::from_fixture("news/basic");
    p.build().assert_ok();
    let site = p.out().join("phuong-ba-dinh");
    let first = fs::read(site.join(congxa::reach::MESSAGES_PATH)).unwrap();
    // cat-dien.md expired on 2026-11-20: its page stays, and so does its short link.
    let code = congxa::reach::link::code("thong-bao/cat-dien/");
    assert_eq!(
        refresh_target(&site, &format!("l/{code}/")),
        "thong-bao/cat-dien/"
    );
    p.build().assert_ok();
    assert_eq!(
        fs::read(site.join(congxa::reach::MESSAGES_PATH)).unwrap(),
        first
    );
}

const FRONT: &str = "---\ntitle: Cắt điện\ndate: \"2026-11-18\"\ncategory: dien-nuoc\n";

#[test]
fn sms_with_diacritics_is_refused_with_the_text_converted() {
    let p = ProjectTest::from_fixture("news/basic");
    p.write(
        "sites/phuong-ba-dinh/content/thong-bao/sms.md",
        &format!("{FRONT}sms: \"Cắt điện thôn 1 từ 7h00\"\n---\nx\n"),
    );
    let r = p.build();
    r.assert_code(1).assert_stderr_contains(
        "lỗi: sites/phuong-ba-dinh/content/thong-bao/sms.md:5:6: `sms` có ký tự `ắ` ngoài bảng chữ GSM 7-bit: tin nhắn sẽ bị gửi dạng Unicode, chỉ 70 ký tự mỗi tin\n   → Cách sửa: viết không dấu, ví dụ: `sms: \"Cat dien thon 1 tu 7h00\"`.\n",
    );
}

#[test]
fn sms_longer_than_its_segments_is_refused_at_its_line() {
    let p = ProjectTest::from_fixture("news/basic");
    let long = "Cat dien ".repeat(16);
    p.write(
        "sites/phuong-ba-dinh/content/thong-bao/sms.md",
        &format!("{FRONT}sms: \"{long}\"\n---\nx\n"),
    );
    p.build().assert_code(1).assert_stderr_contains(
        "lỗi: sites/phuong-ba-dinh/content/thong-bao/sms.md:5:6: tin nhắn `sms` dài 179 ký tự, quá 160 ký tự của 1 tin nhắn\n   → Cách sửa: viết ngắn lại, hoặc cho phép gửi tin nối bằng `sms_segments: 2` (mỗi phần 153 ký tự). Đường dẫn ngắn thêm vào cuối chiếm 36 ký tự; bỏ nó bằng `sms_link: false`.\n",
    );
}

#[test]
fn check_reports_a_too_long_sms_without_writing() {
    let p = ProjectTest::from_fixture("news/basic");
    let long = "Cat dien ".repeat(16);
    p.write(
        "sites/phuong-ba-dinh/content/thong-bao/sms.md",
        &format!("{FRONT}sms: \"{long}\"\n---\nx\n"),
    );
    p.run(&["check"])
        .assert_code(1)
        .assert_stderr_contains("sms.md:5:6: tin nhắn `sms` dài 179 ký tự");
    assert!(!p.out().join("phuong-ba-dinh").exists());
}

#[test]
fn sms_segments_out_of_range_is_refused() {
    let p = ProjectTest::from_fixture("news/basic");
    p.write(
        "sites/phuong-ba-dinh/content/thong-bao/sms.md",
        &format!("{FRONT}sms_segments: 9\nsms_link: false\n---\nx\n"),
    );
    p.build().assert_code(1).assert_stderr_contains(
        "lỗi: sites/phuong-ba-dinh/content/thong-bao/sms.md:5:15: `sms_segments: 9` không hợp lệ\n   → Cách sửa: dùng 1, 2 hoặc 3 (số tin nhắn nối cho một thông báo).\n",
    );
}

#[test]
fn own_sms_in_two_segments_without_link_is_used_as_written() {
    let p = ProjectTest::from_fixture("news/basic");
    let long = "Cat dien thon 1".repeat(12);
    p.write(
        "sites/phuong-ba-dinh/content/thong-bao/sms.md",
        &format!("{FRONT}sms: \"{long}\"\nsms_segments: 2\nsms_link: false\n---\nx\n"),
    );
    p.build().assert_ok();
    let all = messages(&p.out().join("phuong-ba-dinh"));
    let m = all
        .iter()
        .find(|m| m["url"].as_str().unwrap().ends_with("/thong-bao/sms/"))
        .unwrap();
    assert_eq!(m["sms"], long.as_str());
    assert_eq!(m["sms_segments"], 2);
}

#[test]
fn line_breaks_in_an_event_cannot_add_lines_to_its_zalo_post_or_leave_gsm() {
    let p = ProjectTest::from_fixture("news/basic");
    let bytes =
        fs::read(repo().join("tests/regressions/reach-event-line-breaks-emoji-in-sms-and-zalo.md"))
            .unwrap();
    p.write_bytes(
        "sites/phuong-ba-dinh/content/su-kien/hop-dan-to-2.md",
        &bytes,
    );
    p.build().assert_ok();
    let all = messages(&p.out().join("phuong-ba-dinh"));
    let m = all
        .iter()
        .find(|m| {
            m["url"]
                .as_str()
                .unwrap()
                .ends_with("/su-kien/hop-dan-to-2/")
        })
        .expect("the event's texts");
    let sms = m["sms"].as_str().unwrap();
    assert_eq!(
        sms,
        format!(
            // The description does not fit in 160 with the link, so it is left out whole.
            "Hop dan to 2 Xem chi tiet: https://gia-mao.example/ {{khan}}. 8h00 29/11, Nha van hoa to 2 {}",
            m["link"].as_str().unwrap()
        )
    );
    assert!(gsm::is_gsm_text(sms));
    let zalo = m["zalo"].as_str().unwrap();
    let lines: Vec<&str> = zalo.lines().collect();
    assert_eq!(lines.len(), 5, "{zalo}");
    assert!(
        lines[0].starts_with("Họp dân 🌊 tổ 2 Xem chi tiết: https://gia-mao.example/ {khẩn}"),
        "{zalo}"
    );
    assert_eq!(lines[1], "Mang theo giấy tờ “đầy đủ” – €5…");
    assert_eq!(lines[3], "Địa điểm: Nhà văn hóa tổ 2 水");
    assert!(
        lines[4].starts_with("Xem chi tiết: https://")
            && zalo.ends_with(m["url"].as_str().unwrap())
    );
    assert!(
        !zalo
            .chars()
            .any(|c| (c.is_control() && c != '\n') || c == '\u{200b}')
    );
}

#[test]
fn a_sites_own_og_image_replaces_the_drawn_one() {
    let p = ProjectTest::from_fixture("news/basic");
    // The default theme, which has `og:image` (the fixtures' minimal one does not).
    let minimal = p.root.join("themes/minimal");
    fs::remove_dir_all(&minimal).unwrap();
    crate::harness::copy_tree(&repo().join("themes/default"), &minimal, &|_: &Path| false);
    p.build().assert_ok();
    let drawn = fs::read(p.out().join("phuong-ba-dinh/og-image.png")).unwrap();
    assert_eq!(drawn, congxa::images::og_image_png());
    // The clerk's own picture (any valid PNG: the favicon's, taken out of its ICO).
    p.write_bytes(
        "sites/phuong-ba-dinh/static/og-image.png",
        &congxa::images::favicon_ico()[22..],
    );
    p.build().assert_ok();
    let site = p.out().join("phuong-ba-dinh");
    let home = fs::read_to_string(site.join("index.html")).unwrap();
    let at = home
        .split("og:image\" content=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let rel = at.splitn(4, '/').nth(3).unwrap();
    assert!(site.join(rel).is_file(), "{at}");
    assert_ne!(fs::read(site.join(rel)).unwrap(), drawn);
}

#[test]
fn sms_false_is_not_sent_as_the_word_false() {
    let p = ProjectTest::from_fixture("news/basic");
    p.write(
        "sites/phuong-ba-dinh/content/thong-bao/sms.md",
        &format!("{FRONT}sms: false\n---\nx\n"),
    );
    p.build().assert_code(1).assert_stderr_contains(
        "lỗi: sites/phuong-ba-dinh/content/thong-bao/sms.md:5:6: `sms: false` không phải nội dung tin nhắn\n   → Cách sửa: để bỏ đường dẫn ngắn ở cuối tin nhắn, viết `sms_link: false`; để congxa tự viết tin nhắn, xóa dòng `sms`.\n",
    );
}

#[test]
fn empty_sms_is_refused() {
    let p = ProjectTest::from_fixture("news/basic");
    p.write(
        "sites/phuong-ba-dinh/content/thong-bao/sms.md",
        &format!("{FRONT}sms: \"  \"\n---\nx\n"),
    );
    p.build().assert_code(1).assert_stderr_contains(
        "lỗi: sites/phuong-ba-dinh/content/thong-bao/sms.md:5:6: `sms` để trống\n   → Cách sửa: viết nội dung tin nhắn, hoặc xóa dòng `sms` để congxa tự viết.\n",
    );
}
