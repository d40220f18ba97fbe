//! Dates at the edges of the calendar: every date a clerk can write (front matter `date`,
//! `start`, `end`, `expires`, `publish_at`) with any build clock (`--now`, `SOURCE_DATE_EPOCH`)
//! is taken, or refused with "ngày quá xa" at its line, or a usage error for the clock; never a
//! panic. The regression inputs are in `tests/regressions/date-*.md`.

use std::process::Command;

use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;

use crate::harness::{ProjectTest, repo};

const SITE: &str = "sites/phuong-ba-dinh";

fn regression(name: &str) -> String {
    std::fs::read_to_string(repo().join("tests/regressions").join(name)).unwrap()
}

/// Builds the news fixture with `page` written at `rel` under the site's content folder and
/// checks the build ends with exit 1 (a site failed), a "too far" error at `file:line`, and no
/// panic.
#[track_caller]
fn refused_at(rel: &str, page: &str, line: u32) {
    let p = ProjectTest::from_fixture("news/basic");
    p.write(&format!("{SITE}/content/{rel}"), page);
    let r = p.run(&["--lang", "en", "build"]);
    let err = r.stderr();
    assert!(!err.contains("panicked"), "{err}");
    r.assert_code(1);
    r.assert_stderr_contains(&format!("{SITE}/content/{rel}:{line}:"));
    r.assert_stderr_contains("date too far away");
    let vi = p.run(&["build"]);
    vi.assert_stderr_contains("ngày quá xa");
}

#[test]
fn event_without_end_near_year_9999_is_an_error_not_a_panic() {
    refused_at(
        "su-kien/cuoi-nam.md",
        &regression("date-event-no-end-year-9999.md"),
        3,
    );
}

#[test]
fn expires_near_year_9999_is_an_error_not_a_panic() {
    refused_at(
        "thong-bao/mai-mai.md",
        &regression("date-expires-year-9999-utc.md"),
        7,
    );
}

#[test]
fn publish_at_near_year_9999_is_an_error_not_a_panic() {
    refused_at(
        "hen-dang.md",
        &regression("date-publish-at-year-9999-utc.md"),
        4,
    );
}

#[test]
fn page_date_in_year_9999_is_an_error_not_a_panic() {
    refused_at(
        "trang-xa.md",
        "---\ntitle: Trang\nupdated: \"9999-12-31\"\n---\nx\n",
        3,
    );
}

#[test]
fn now_near_year_9999_is_a_usage_error() {
    let p = ProjectTest::from_fixture("news/basic");
    for now in ["9999-12-31T23:59:59Z", "0000-01-01T00:00:00+07:00"] {
        let r = p.run(&["--lang", "en", "build", "--now", now]);
        assert!(!r.stderr().contains("panicked"), "{}", r.stderr());
        r.assert_code(2);
        r.assert_stderr_contains("the build clock (--now) is too far away");
        assert!(!p.out().join("phuong-ba-dinh").exists(), "nothing built");
    }
    let r = p.run(&["build", "--now", "9999-12-31T23:59:59Z"]);
    r.assert_code(2).assert_stderr_contains("quá xa");
}

#[test]
fn source_date_epoch_out_of_range_is_a_usage_error() {
    let p = ProjectTest::from_fixture("news/basic");
    // The last second the `time` crate holds (year 10000 in Vietnam), past it, i64's limits,
    // and a number no i64 holds.
    for (epoch, says) in [
        ("253402300799", "too far away"),
        ("253402300800", "too far away"),
        ("9223372036854775807", "too far away"),
        ("-9223372036854775808", "too far away"),
        ("99999999999999999999999", "is not a number"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_congxa"))
            .args(["--lang", "en", "build", "--root"])
            .arg(&p.root)
            .arg("--out")
            .arg(p.out())
            .env("SOURCE_DATE_EPOCH", epoch)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{epoch}: {err}");
        assert_eq!(out.status.code(), Some(2), "{epoch}: {err}");
        assert!(
            err.contains("SOURCE_DATE_EPOCH") && err.contains(says),
            "{epoch}: {err}"
        );
    }
}

#[test]
fn event_end_is_checked_at_the_end_of_the_calendar() {
    use time::macros::datetime;
    let last = time::PrimitiveDateTime::MAX.assume_utc();
    assert_eq!(congxa::items::event_end(last, None), last, "clamped");
    let t = datetime!(2026-11-28 08:00 +7);
    assert_eq!(
        congxa::items::event_end(t, None),
        t + congxa::items::DEFAULT_EVENT_LENGTH
    );
}

/// A year biased to the two ends of what the `time` crate parses.
fn year() -> impl Strategy<Value = i32> {
    prop_oneof![
        3 => prop::sample::select(vec![0, 1, 2, 1969, 1970, 9997, 9998, 9999]),
        1 => 0..=9999i32,
    ]
}

/// A date as written in `date` and `updated`; often the first or last day of a year.
fn day() -> impl Strategy<Value = String> {
    let (first, last) = ((Just(1u8), Just(1u8)), (Just(12u8), Just(31u8)));
    let month_day = prop_oneof![
        2 => (1..=12u8, 1..=28u8),
        1 => first,
        1 => last,
    ];
    (year(), month_day).prop_map(|(y, (m, d))| format!("{y:04}-{m:02}-{d:02}"))
}

/// A moment in RFC 3339 with any offset.
fn rfc3339() -> impl Strategy<Value = String> {
    let offset = prop_oneof![
        Just("Z".to_owned()),
        (any::<bool>(), 0..=23u8, 0..=59u8)
            .prop_map(|(neg, h, m)| format!("{}{h:02}:{m:02}", if neg { '-' } else { '+' })),
    ];
    let hour = prop_oneof![1 => Just(0u8), 1 => Just(23u8), 2 => 0..=23u8];
    (day(), (hour, 0..=59u8, 0..=59u8), offset)
        .prop_map(|(d, (h, mi, s), off)| format!("{d}T{h:02}:{mi:02}:{s:02}{off}"))
}

/// A moment as a clerk might write it: RFC 3339, or a bare date (midnight, Vietnam time).
fn moment() -> impl Strategy<Value = String> {
    prop_oneof![3 => rfc3339(), 1 => day()]
}

/// Whole builds: 64 cases unless `PROPTEST_CASES` asks for more.
fn config() -> ProptestConfig {
    crate::harness::proptest_config(64)
}

proptest! {
    #![proptest_config(config())]

    /// Any date in every date field, with any clock: through `dates::clock` and `build::build`
    /// (loading, rendering, calendars, feeds, the next clock-dependent change, writing), the
    /// clock is taken or refused, the site builds or fails with a date error, and nothing
    /// panics.
    #[test]
    fn any_date_with_any_clock_never_panics(
        start in moment(),
        end in proptest::option::of(moment()),
        expires in moment(),
        date in day(),
        publish_at in moment(),
        now in rfc3339(),
    ) {
        let p = ProjectTest::from_fixture("news/basic");
        // An `end` before `start` is refused before anything is rendered: keep the cases that
        // reach the calendars and lists.
        let before = |e: &str| {
            matches!((congxa::dates::parse_moment(e), congxa::dates::parse_moment(&start)),
                (Ok(e), Ok(s)) if e < s)
        };
        let end = end
            .filter(|e| !before(e))
            .map(|e| format!("end: \"{e}\"\n"))
            .unwrap_or_default();
        p.write(
            &format!("{SITE}/content/su-kien/bien.md"),
            &format!("---\ntitle: Sự kiện\nplace: Nhà văn hóa\nstart: \"{start}\"\n{end}updated: \"{date}\"\n---\nx\n"),
        );
        p.write(
            &format!("{SITE}/content/thong-bao/bien.md"),
            &format!(
                "---\ntitle: Thông báo\ndate: \"{date}\"\ncategory: thien-tai\nurgent: true\nseverity: khan-cap\nexpires: \"{expires}\"\n---\nx\n"
            ),
        );
        p.write(
            &format!("{SITE}/content/hen.md"),
            &format!("---\ntitle: Hẹn\nupdated: \"{date}\"\npublish_at: \"{publish_at}\"\n---\nx\n"),
        );
        let Ok(now) = congxa::dates::clock(Some(&now)) else {
            // Refused with a message: the usage error the binary exits 2 with.
            return Ok(());
        };
        let opts = congxa::build::BuildOptions {
            root: p.root.clone(),
            out: p.out(),
            sites: Vec::new(),
            shard: None,
            now,
            write: true,
            inject: None,
            weights: false,
            drafts: false,
            prune: false,
        };
        let report = congxa::build::build(&opts, &|_, _| {})
            .unwrap_or_else(|_| panic!("usage error"));
        let text = report.diags.render(congxa::diag::Lang::En);
        prop_assert!(!text.contains("panic"), "{}", text);
        if !report.failed.is_empty() {
            prop_assert!(
                ["date too far away", "invalid", "is before `start`", "is before `date`"]
                    .iter()
                    .any(|m| text.contains(m)),
                "a site failed without a date error:\n{}",
                text
            );
        }
    }
}
