//! Dates and moments: the one module that parses, formats and reads the clock through the `time`
//! crate. Other modules hold `Date`/`OffsetDateTime` values and do arithmetic on them, but every
//! conversion from or to text, and every read of the system clock, is here, so the supported
//! years, Vietnam's offset and the written forms are one rule each.

use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime, UtcOffset, Weekday};

use crate::diag::Msg;
use crate::msg;

/// Asia/Ho_Chi_Minh has been UTC+7 without daylight saving since 1975.
pub const VN_OFFSET: UtcOffset = match UtcOffset::from_hms(7, 0, 0) {
    Ok(o) => o,
    Err(_) => panic!("UTC+7 is a valid offset"),
};

/// Earliest and latest year a date may have, in the source files and on the build clock. The
/// `time` crate stops at the end of 9999; a year of margin at both ends keeps every later step
/// (Vietnam time, UTC for calendars, an event's default length) in range without a check of
/// its own, so no date written by a clerk can make the build panic.
pub const FIRST_YEAR: i32 = 1;
/// See [`FIRST_YEAR`].
pub const LAST_YEAR: i32 = 9998;

/// Why a written date was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadDate {
    /// Not a date in the expected form.
    Invalid,
    /// A date, but outside [`FIRST_YEAR`]..=[`LAST_YEAR`].
    TooFar,
}

/// Whether `t` lies within the supported years, both in UTC and in Vietnam time.
pub fn in_range(t: OffsetDateTime) -> bool {
    [UtcOffset::UTC, VN_OFFSET].into_iter().all(|o| {
        t.checked_to_offset(o)
            .is_some_and(|v| (FIRST_YEAR..=LAST_YEAR).contains(&v.year()))
    })
}

/// Parses a date written as "YYYY-MM-DD".
pub fn parse_date(s: &str) -> Result<Date, BadDate> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    let d = Date::parse(s.trim(), &fmt).map_err(|_| BadDate::Invalid)?;
    if (FIRST_YEAR..=LAST_YEAR).contains(&d.year()) {
        Ok(d)
    } else {
        Err(BadDate::TooFar)
    }
}

/// Parses a moment: RFC 3339, or a date (midnight, Vietnam time).
pub fn parse_moment(s: &str) -> Result<OffsetDateTime, BadDate> {
    let s = s.trim();
    let t = match OffsetDateTime::parse(s, &Rfc3339) {
        Ok(t) => t,
        Err(_) => midnight(parse_date(s)?),
    };
    if in_range(t) {
        Ok(t)
    } else {
        Err(BadDate::TooFar)
    }
}

/// The first moment of `d` in Vietnam.
pub fn midnight(d: Date) -> OffsetDateTime {
    d.midnight().assume_offset(VN_OFFSET)
}

/// The day `t` falls on in Vietnam.
pub fn vn_date(t: OffsetDateTime) -> Date {
    t.to_offset(VN_OFFSET).date()
}

/// RFC 3339 ("2026-11-23T08:00:00+07:00"), as feeds and JSON carry moments; `None` only for a
/// moment the format cannot write (a year beyond 9999, which [`in_range`] keeps out).
pub fn rfc3339(t: OffsetDateTime) -> Option<String> {
    t.format(&Rfc3339).ok()
}

/// RFC 3339 of a moment as written in feeds and JSON-LD: in the moment's own offset, empty
/// when it cannot be written (years outside 0–9999 never reach here: see `in_range`).
pub fn rfc3339_text(t: OffsetDateTime) -> String {
    rfc3339(t).unwrap_or_default()
}

/// RFC 3339 of a moment in Vietnam time (`…+07:00`), as the broadcast lists write it.
pub fn rfc3339_vn(t: OffsetDateTime) -> String {
    rfc3339_text(t.to_offset(VN_OFFSET))
}

/// Milliseconds since 1970 (the portal's timestamps) as the Vietnam-time day, `YYYY-MM-DD`.
pub fn unix_ms_vn_date(ms: i64) -> Option<String> {
    let t = OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000)).ok()?;
    let d = vn_date(t);
    Some(format!(
        "{:04}-{:02}-{:02}",
        d.year(),
        u8::from(d.month()),
        d.day()
    ))
}

/// An iCalendar DATE-TIME in UTC (`20261126T010000Z`), so no VTIMEZONE is needed.
pub fn ical_utc(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

const WEEKDAYS: [&str; 7] = [
    "Thứ Hai",
    "Thứ Ba",
    "Thứ Tư",
    "Thứ Năm",
    "Thứ Sáu",
    "Thứ Bảy",
    "Chủ Nhật",
];

/// "Thứ Hai, 23/11/2026".
pub fn format_date_long(d: Date) -> String {
    let wd = WEEKDAYS[d.weekday().number_days_from_monday() as usize];
    format!("{wd}, {}", format_date(d))
}

/// "23/11/2026".
pub fn format_date(d: Date) -> String {
    format!("{:02}/{:02}/{}", d.day(), u8::from(d.month()), d.year())
}

/// "Monday, 23 November 2026" style for English pages.
pub fn format_date_long_en(d: Date) -> String {
    let wd = match d.weekday() {
        Weekday::Monday => "Monday",
        Weekday::Tuesday => "Tuesday",
        Weekday::Wednesday => "Wednesday",
        Weekday::Thursday => "Thursday",
        Weekday::Friday => "Friday",
        Weekday::Saturday => "Saturday",
        Weekday::Sunday => "Sunday",
    };
    format!("{wd}, {} {} {}", d.day(), d.month(), d.year())
}

/// "14:30, 23/11/2026" in Vietnam time.
pub fn format_datetime(t: OffsetDateTime) -> String {
    let t = t.to_offset(VN_OFFSET);
    format!(
        "{:02}:{:02}, {}",
        t.hour(),
        t.minute(),
        format_date(t.date())
    )
}

/// `YYYY-MM-DD`, the form [`parse_date`] reads.
pub fn iso_date(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// The system clock. Only the build clock ([`clock`]), the fingerprint's wall time and the
/// preview's log lines read it.
pub fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

/// "14:30:05", the time of day in Vietnam now, for the preview's log lines.
pub fn time_of_day_now() -> String {
    let now = now();
    let t = now.checked_to_offset(VN_OFFSET).unwrap_or(now);
    format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second())
}

/// The build clock: `--now`, else `SOURCE_DATE_EPOCH`, else the system clock. A value that is
/// not a moment, or one outside the years a date may have ([`FIRST_YEAR`]..=[`LAST_YEAR`]), is
/// a usage error, so no later conversion (Vietnam time, a day's end) can overflow.
pub fn clock(now_arg: Option<&str>) -> Result<OffsetDateTime, Msg> {
    let (first, last) = (FIRST_YEAR, LAST_YEAR);
    let t = if let Some(s) = now_arg {
        OffsetDateTime::parse(s, &Rfc3339).map_err(|_| {
            msg!(
                "--now `{s}` không phải một thời điểm RFC 3339; viết ví dụ 2026-11-23T08:00:00+07:00",
                "--now `{s}`: expected RFC 3339, e.g. 2026-11-23T08:00:00+07:00"
            )
        })?
    } else if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        let secs: i64 = epoch.trim().parse().map_err(|_| {
            msg!(
                "SOURCE_DATE_EPOCH `{epoch}` không phải một số giây",
                "SOURCE_DATE_EPOCH `{epoch}` is not a number of seconds"
            )
        })?;
        OffsetDateTime::from_unix_timestamp(secs).map_err(|_| {
            msg!(
                "SOURCE_DATE_EPOCH `{epoch}` quá xa: phải rơi vào các năm {first}–{last}",
                "SOURCE_DATE_EPOCH `{epoch}` is too far away: it must fall within the years {first}–{last}"
            )
        })?
    } else {
        now()
    };
    if !in_range(t) {
        let which = now_arg.map_or("SOURCE_DATE_EPOCH", |_| "--now");
        return Err(msg!(
            "đồng hồ dựng ({which}) quá xa: phải rơi vào các năm {first}–{last}",
            "the build clock ({which}) is too far away: it must fall within the years {first}–{last}"
        ));
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::{date, datetime};

    #[test]
    fn long_dates_name_the_weekday() {
        assert_eq!(
            format_date_long(date!(2026 - 11 - 23)),
            "Thứ Hai, 23/11/2026"
        );
        assert_eq!(
            format_date_long(date!(2026 - 11 - 29)),
            "Chủ Nhật, 29/11/2026"
        );
        assert_eq!(
            format_date_long_en(date!(2026 - 11 - 23)),
            "Monday, 23 November 2026"
        );
    }

    #[test]
    fn moments_are_written_in_vietnam_time() {
        let t = datetime!(2026-11-23 01:30 UTC);
        assert_eq!(format_datetime(t), "08:30, 23/11/2026");
        assert_eq!(
            vn_date(datetime!(2026-11-23 18:00 UTC)),
            date!(2026 - 11 - 24)
        );
        assert_eq!(
            rfc3339(midnight(date!(2026 - 11 - 23))).as_deref(),
            Some("2026-11-23T00:00:00+07:00")
        );
    }

    #[test]
    fn a_date_alone_is_midnight_in_vietnam() {
        assert_eq!(
            parse_moment("2026-11-23"),
            Ok(datetime!(2026-11-23 00:00 +07:00))
        );
        assert_eq!(parse_moment("9999-12-31"), Err(BadDate::TooFar));
        assert_eq!(parse_date("23/11/2026"), Err(BadDate::Invalid));
        assert_eq!(parse_date("0000-01-01"), Err(BadDate::TooFar));
    }

    #[test]
    fn a_clock_outside_the_years_is_refused() {
        assert!(clock(Some("2026-11-23T08:00:00+07:00")).is_ok());
        assert!(clock(Some("9999-12-31T23:00:00Z")).is_err());
        assert!(clock(Some("tomorrow")).is_err());
    }

    proptest! {
        #[test]
        fn iso_dates_read_back(days in 0i32..3_650_000) {
            let d = Date::from_julian_day(Date::MIN.to_julian_day().max(1_721_426) + days).unwrap();
            prop_assume!((FIRST_YEAR..=LAST_YEAR).contains(&d.year()));
            prop_assert_eq!(parse_date(&iso_date(d)), Ok(d));
        }

        #[test]
        fn rfc3339_reads_back(secs in -62_135_596_800i64 + 86_400..253_370_764_800i64 - 86_400) {
            let t = OffsetDateTime::from_unix_timestamp(secs).unwrap();
            let s = rfc3339(t).unwrap();
            prop_assert_eq!(parse_moment(&s), Ok(t));
        }
    }
}
