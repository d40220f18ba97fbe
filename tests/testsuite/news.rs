//! Announcements, events, documents, officials, organisation, digital team, feedback, former
//! units: expected tree, feeds and calendars that parse, banners that expire, privacy of phones.

use std::fs;

use crate::harness::{NOW, ProjectTest};

const SITE: &str = "phuong-ba-dinh";

#[test]
fn news_fixture_builds_expected_tree() {
    let p = ProjectTest::from_fixture("news/basic");
    p.build()
        .assert_ok()
        .assert_stderr_contains("thông báo khẩn đã hết hạn");
    p.check_tree("expected");
}

#[test]
fn feeds_parse_with_a_feed_parser() {
    let p = ProjectTest::from_fixture("news/basic");
    p.build().assert_ok();
    for dir in [
        "thong-bao",
        "thong-bao/doi-tuong/to-1",
        "thong-bao/doi-tuong/phu-huynh",
    ] {
        let atom = fs::read(p.out().join(SITE).join(dir).join("feed.xml")).unwrap();
        let f = feed_rs::parser::parse(&atom[..]).unwrap_or_else(|e| panic!("{dir}/feed.xml: {e}"));
        assert_eq!(f.feed_type, feed_rs::model::FeedType::Atom);
        assert!(!f.entries.is_empty(), "{dir}: no entries");
        let json = fs::read(p.out().join(SITE).join(dir).join("feed.json")).unwrap();
        let j =
            feed_rs::parser::parse(&json[..]).unwrap_or_else(|e| panic!("{dir}/feed.json: {e}"));
        assert_eq!(j.feed_type, feed_rs::model::FeedType::JSON);
        assert_eq!(j.entries.len(), f.entries.len());
    }
    let all = feed_rs::parser::parse(
        &fs::read(p.out().join(SITE).join("thong-bao/feed.xml")).unwrap()[..],
    )
    .unwrap();
    assert_eq!(all.entries.len(), 3);
    let phu = feed_rs::parser::parse(
        &fs::read(
            p.out()
                .join(SITE)
                .join("thong-bao/doi-tuong/phu-huynh/feed.xml"),
        )
        .unwrap()[..],
    )
    .unwrap();
    assert_eq!(
        phu.entries.len(),
        1,
        "a resident following one audience gets only its items"
    );
}

#[test]
fn ics_files_parse_with_an_icalendar_parser() {
    let p = ProjectTest::from_fixture("news/basic");
    p.build().assert_ok();
    for f in [
        "su-kien/lich.ics",
        "su-kien/hop-dan/su-kien.ics",
        "su-kien/doi-thoai/su-kien.ics",
    ] {
        let text = fs::read_to_string(p.out().join(SITE).join(f)).unwrap();
        let cal: icalendar::Calendar = text.parse().unwrap_or_else(|e| panic!("{f}: {e}"));
        assert!(!cal.components.is_empty(), "{f}");
    }
    let one = fs::read_to_string(p.out().join(SITE).join("su-kien/hop-dan/su-kien.ics")).unwrap();
    assert!(one.contains("DTSTART:20261128T010000Z"), "{one}");
    let list = fs::read_to_string(p.out().join(SITE).join("su-kien/index.html")).unwrap();
    let upcoming = list.split("da-dien-ra").next().unwrap_or_default();
    assert!(
        upcoming.contains("Họp dân tổ 1") && !upcoming.contains("Đối thoại"),
        "upcoming/past split"
    );
}

#[test]
fn urgent_banner_on_every_page_until_it_expires() {
    let p = ProjectTest::from_fixture("news/basic");
    p.build().assert_ok();
    for page in [
        "index.html",
        "gioi-thieu/index.html",
        "thu-tuc/dang-ky-khai-sinh/index.html",
        "can-bo/index.html",
    ] {
        let html = fs::read_to_string(p.out().join(SITE).join(page)).unwrap();
        assert!(
            html.contains("Khẩn cấp – bão số 15"),
            "{page}: banner missing"
        );
        // Expired on 20/11: no banner.
        assert!(
            !html.contains("class=alert>Quan trọng"),
            "{page}: expired banner shown"
        );
    }
    let html =
        fs::read_to_string(p.out().join(SITE).join("thong-bao/bao-so-15/index.html")).unwrap();
    assert!(html.contains("\"@type\":\"SpecialAnnouncement\""));
    // After the storm's expiry the banner is gone everywhere.
    p.run(&["build", "--now", "2026-11-26T08:00:00+07:00"])
        .assert_ok();
    let html = fs::read_to_string(p.out().join(SITE).join("index.html")).unwrap();
    assert!(!html.contains("class=alert"), "banner after expiry");
    let _ = NOW;
}

#[test]
fn private_numbers_need_consent() {
    let p = ProjectTest::from_fixture("news/basic");
    p.build().assert_ok();
    let officials = fs::read_to_string(p.out().join(SITE).join("can-bo/index.html")).unwrap();
    assert!(
        !officials.contains("0912 345 678"),
        "mobile published without consent"
    );
    assert!(officials.contains("024 3823 0001") && officials.contains("0987 654 321"));
    let vcf = fs::read_to_string(p.out().join(SITE).join("can-bo/nguyen-van-an.vcf")).unwrap();
    assert!(
        vcf.starts_with("BEGIN:VCARD\r\nVERSION:4.0\r\n") && !vcf.contains("912345678"),
        "{vcf}"
    );
    let team = fs::read_to_string(p.out().join(SITE).join("to-cong-nghe-so/index.html")).unwrap();
    assert!(team.contains("0901 234 567") && !team.contains("0902 234 567"));
    let en = fs::read_to_string(p.out().join(SITE).join("en/organisation/index.html")).unwrap();
    assert!(
        en.contains("lang=\"en\"") && en.contains("Administers the ward") && en.contains("Office")
    );
}

// Wrong announcement, event, document and people fields, each at its line, are cases with
// their full messages: tests/cases/announcement-fields-wrong-category-audience-and-urgent-without-expires,
// event-start-and-document-fields-wrong, people-files-misspelt-key-and-unknown-hamlet and
// official-phone-number-too-short.

#[test]
fn directory_page_finds_a_commune_by_its_former_name() {
    let p = ProjectTest::from_fixture("core/basic");
    p.build().assert_ok();
    let html = fs::read_to_string(p.out().join("index.html")).unwrap();
    // Phường Trúc Bạch (quận Ba Đình) went into Phường Ba Đình (00004) on 1 July 2025.
    let item = html
        .split("<li")
        .find(|li| li.contains("truc bach"))
        .expect("former name in the directory's search text");
    assert!(item.contains("href=\"phuong-ba-dinh/\""), "{item}");
}
