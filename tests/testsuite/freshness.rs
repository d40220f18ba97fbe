//! Nothing stale is shown as new: an announcement past its `expires` leaves the home page's
//! "Có gì mới" and the current lists for the "Đã hết hiệu lực" archive while keeping its URL;
//! upcoming events show their own date and place on the home page, past ones leave it; the
//! clock rules enter the fingerprint's next change, so a no-change rebuild after an expiry
//! still updates the home page. Built with the real default theme (the fixtures' minimal theme
//! draws no "Có gì mới").

use std::fs;

use crate::harness::{NOW, ProjectTest, copy_tree, repo};

const SITE: &str = "sites/phuong-ba-dinh";

/// The news fixture, drawn with the repository's default theme.
fn news_with_default_theme() -> ProjectTest {
    let p = ProjectTest::from_fixture("news/basic");
    let theme = p.root.join("themes/minimal");
    fs::remove_dir_all(&theme).unwrap();
    copy_tree(&repo().join("themes/default"), &theme, &|_| false);
    p
}

fn read(p: &ProjectTest, rel: &str) -> String {
    fs::read_to_string(p.out().join("phuong-ba-dinh").join(rel))
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The home page's "Có gì mới" panel.
fn whats_new(p: &ProjectTest) -> String {
    let home = read(p, "index.html");
    let start = home.find("id=\"h-new\"").expect("a \"Có gì mới\" panel");
    let end = home[start..].find("</section>").unwrap() + start;
    home[start..end].to_owned()
}

const NOTICE: &str = "sites/phuong-ba-dinh/content/thong-bao/ngung-cap-nuoc.md";

/// A plain (not urgent) notice in force from 23/11 until noon on 24/11.
const NOTICE_TEXT: &str = "---\ntitle: Ngừng cấp nước tổ 1 sáng 24/11\ndate: \"2026-11-23\"\ncategory: dien-nuoc\naudiences: [to-1]\nseverity: quan-trong\nexpires: \"2026-11-24T12:00:00+07:00\"\n---\nBà con trữ nước.\n";

#[test]
fn no_change_rebuild_after_an_expiry_updates_the_home_page() {
    let p = news_with_default_theme();
    p.write(NOTICE, NOTICE_TEXT);
    p.build().assert_ok();
    assert!(
        whats_new(&p).contains("Ngừng cấp nước tổ 1"),
        "in force at {NOW}"
    );
    // An hour later nothing has changed: once the fingerprint holds the sources' bytes (the
    // first build records none, its files being just written), the site is skipped.
    let later = ["build", "--now", "2026-11-23T09:00:00+07:00"];
    p.run(&later).assert_ok();
    p.run(&later)
        .assert_ok()
        .assert_stderr_contains("(1 không đổi, bỏ qua)");
    // Two days later, with no source change, the expiry alone must re-render the site.
    p.run(&["build", "--now", "2026-11-25T08:00:00+07:00"])
        .assert_ok()
        .assert_stderr_contains("(0 không đổi, bỏ qua)");
    assert!(
        !whats_new(&p).contains("Ngừng cấp nước tổ 1"),
        "expired item still on the home page:\n{}",
        whats_new(&p)
    );
    // Its link keeps working, marked as no longer in force.
    let page = read(&p, "thong-bao/ngung-cap-nuoc/index.html");
    assert!(
        page.contains("Đã hết hiệu lực lúc 12:00, 24/11/2026"),
        "{page}"
    );
    // The current lists drop it; the archive below keeps it.
    for list in [
        "thong-bao/index.html",
        "thong-bao/doi-tuong/to-1/index.html",
    ] {
        let html = read(&p, list);
        let (current, archive) = html
            .split_once("id=\"het-hieu-luc\"")
            .unwrap_or_else(|| panic!("{list}: no archive group"));
        assert!(!current.contains("Ngừng cấp nước tổ 1"), "{list}: current");
        assert!(
            archive.contains("Ngừng cấp nước tổ 1") && archive.contains("Đã hết hiệu lực"),
            "{list}: archive"
        );
    }
}

#[test]
fn expired_announcements_are_not_new_and_stay_archived() {
    let p = news_with_default_theme();
    p.build().assert_ok();
    let new = whats_new(&p);
    // `cat-dien` expired on 20/11 though it was updated after `tiem-chung` was posted.
    assert!(!new.contains("Lịch cắt điện"), "{new}");
    assert!(
        new.contains("Tiêm chủng mở rộng") && new.contains("bão số 15"),
        "{new}"
    );
    let list = read(&p, "thong-bao/index.html");
    let (current, archive) = list.split_once("id=\"het-hieu-luc\"").unwrap();
    assert!(current.contains("bão số 15") && !current.contains("Lịch cắt điện"));
    assert!(archive.contains("Lịch cắt điện"), "{archive}");
    // A category whose only item has expired says so rather than "nothing yet".
    let cat = read(&p, "thong-bao/loai/dien-nuoc/index.html");
    assert!(
        cat.contains("Hiện không có thông báo nào còn hiệu lực."),
        "{cat}"
    );
}

#[test]
fn home_page_lists_upcoming_events_with_their_date_and_place() {
    let p = news_with_default_theme();
    p.build().assert_ok();
    let new = whats_new(&p);
    let (_, events) = new
        .split_once("id=\"h-events\"")
        .expect("an upcoming-events list");
    assert!(
        events.contains("Họp dân tổ 1")
            && events.contains("datetime=\"2026-11-28T08:00:00+07:00\"")
            && events.contains("08:00, Thứ Bảy, 28/11/2026")
            && events.contains("Nhà văn hóa tổ 1"),
        "{events}"
    );
    // Over since 10/10: not new.
    assert!(!new.contains("Đối thoại trực tuyến"), "{new}");
    // After its end (28/11 10:00) the meeting leaves the home page and moves to the past list.
    p.run(&["build", "--now", "2026-11-28T10:00:00+07:00"])
        .assert_ok();
    assert!(!whats_new(&p).contains("Họp dân tổ 1"));
    let list = read(&p, "su-kien/index.html");
    let past = list.split_once("id=\"da-dien-ra\"").unwrap().1;
    assert!(past.contains("Họp dân tổ 1"), "{list}");
}

#[test]
fn expires_before_date_is_an_error_at_its_line() {
    let p = ProjectTest::from_fixture("news/basic");
    let text =
        fs::read_to_string(repo().join("tests/regressions/announcement-expires-before-date.md"))
            .unwrap();
    p.write(&format!("{SITE}/content/thong-bao/cat-dien-2-12.md"), &text);
    p.run(&["check"])
        .assert_code(1)
        .assert_stderr_contains(
            "lỗi: sites/phuong-ba-dinh/content/thong-bao/cat-dien-2-12.md:6:10: `expires` (2026-11-02T17:00:00+07:00) sớm hơn ngày đăng `date` (2026-11-20): thông báo sẽ không bao giờ có hiệu lực\n   → Cách sửa: sửa `expires` thành lúc thông báo hết hiệu lực (sau ngày đăng), hoặc sửa `date`.",
        );
    p.run(&["--lang", "en", "build"])
        .assert_code(1)
        .assert_stderr_contains(
            "sites/phuong-ba-dinh/content/thong-bao/cat-dien-2-12.md:6:10: `expires` (2026-11-02T17:00:00+07:00) is before `date` (2026-11-20): the announcement would never be in force",
        );
}

#[test]
fn urgent_notice_expired_at_build_time_warns_at_its_expires_line() {
    let p = ProjectTest::from_fixture("news/basic");
    p.run(&["check"])
        .assert_ok()
        .assert_stderr_contains(
            "cảnh báo: sites/phuong-ba-dinh/content/thong-bao/cat-dien.md:9:10: thông báo khẩn đã hết hạn lúc 17:00, 20/11/2026 nên không còn hiện dải cảnh báo, không còn ở trang chủ và mục \"Có gì mới\"\n   → Cách sửa: đặt `urgent: false` nếu thông báo chỉ còn để tra cứu, hoặc gia hạn `expires` nếu vẫn còn hiệu lực.",
        );
    // The storm warning still in force is not warned about.
    let r = p.run(&["check"]);
    assert!(!r.stderr().contains("bao-so-15.md"), "{}", r.stderr());
}

#[test]
fn demo_at_its_clock_shows_current_items_upcoming_events_and_an_archive() {
    let out = crate::harness::build_demo("freshness", &[]);
    for site in ["phuong-cam-thanh", "phuong-sai-gon", "xa-dong-van"] {
        let home = fs::read_to_string(out.join(site).join("index.html")).unwrap();
        let panel = home.split_once("id=\"h-new\"").expect("Có gì mới").1;
        let (news, events) = panel
            .split_once("id=\"h-events\"")
            .unwrap_or_else(|| panic!("{site}: no upcoming events at {NOW}"));
        assert!(news.contains("thong-bao/"), "{site}: no current notice");
        assert!(events.contains("su-kien/"), "{site}: no event");
        let list = fs::read_to_string(out.join(site).join("thong-bao/index.html")).unwrap();
        let archive = list
            .split_once("id=\"het-hieu-luc\"")
            .unwrap_or_else(|| panic!("{site}: no expired notice for the archive at {NOW}"))
            .1;
        // Nothing in the archive is on the home page.
        for href in archive.split("href=\"../").skip(1) {
            let url = href.split('"').next().unwrap();
            if url.starts_with("thong-bao/") && url.matches('/').count() == 2 {
                assert!(!news.contains(url), "{site}: {url} expired but new");
            }
        }
    }
}

#[test]
fn demo_check_at_its_clock_has_no_expired_urgent_notice() {
    let r = std::process::Command::new(env!("CARGO_BIN_EXE_congxa"))
        .args(["check", "--now", NOW, "--root"])
        .arg(repo())
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(r.status.success(), "{err}");
    assert!(!err.contains("thông báo khẩn đã hết hạn"), "{err}");
    assert!(!err.contains("sớm hơn ngày đăng"), "{err}");
}

#[test]
fn build_at_an_earlier_clock_is_not_skipped_as_unchanged() {
    // As when the demo is built at its clock into a public/ last built at today's date.
    let p = news_with_default_theme();
    p.write(NOTICE, NOTICE_TEXT);
    let later = ["build", "--now", "2026-11-25T08:00:00+07:00"];
    p.run(&later).assert_ok();
    p.run(&later).assert_ok();
    p.run(&later)
        .assert_ok()
        .assert_stderr_contains("(1 không đổi, bỏ qua)");
    assert!(!whats_new(&p).contains("Ngừng cấp nước tổ 1"));
    // Back at the demo clock, with no source change, the notice is in force again.
    p.build()
        .assert_ok()
        .assert_stderr_contains("(0 không đổi, bỏ qua)");
    assert!(
        whats_new(&p).contains("Ngừng cấp nước tổ 1"),
        "an output of a later clock was kept for an earlier one"
    );
    p.build()
        .assert_ok()
        .assert_stderr_contains("(1 không đổi, bỏ qua)");
}
