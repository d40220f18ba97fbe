//! The SMS of an announcement or event: in the GSM alphabet (Vietnamese without diacritics),
//! the key facts first (what; for an event when and where), then the description when it fits,
//! then the short link unless the clerk leaves it out (`sms_link: false`). It fits in the
//! segments the clerk allows (`sms_segments`, default 1: 160 characters). A clerk's own `sms:`
//! is used as written; its character set is checked where the front matter is read, its length
//! here, once the short link is known.

use time::OffsetDateTime;

use super::Notice;
use super::gsm::{self, Count};
use crate::diag::Diagnostic;
use crate::items::Severity;
use crate::msg;

/// An SMS text and its count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sms {
    /// The text, GSM-7 only.
    pub text: String,
    /// Its length and segments.
    pub count: Count,
}

/// An event's start in SMS form, Vietnam time: "8h00 26/11".
pub fn short_time(t: OffsetDateTime) -> String {
    let t = t.to_offset(crate::dates::VN_OFFSET);
    format!(
        "{}h{:02} {:02}/{:02}",
        t.hour(),
        t.minute(),
        t.day(),
        u8::from(t.month())
    )
}

/// Septets of a GSM-7 text.
fn units(s: &str) -> usize {
    gsm::count(s).units
}

/// `s` cut at a word boundary, with "..." added, so that it takes at most `max` septets.
/// `s` itself when it fits.
pub fn fit(s: &str, max: usize) -> String {
    if units(s) <= max {
        return s.to_owned();
    }
    let mut cut = String::new();
    for w in s.split(' ') {
        let next = if cut.is_empty() {
            w.to_owned()
        } else {
            format!("{cut} {w}")
        };
        if units(&next) + 3 > max {
            break;
        }
        cut = next;
    }
    if cut.is_empty() {
        // One word longer than the room: cut inside it.
        for c in s.chars() {
            if units(&cut) + units(&c.to_string()) + 3 > max {
                break;
            }
            cut.push(c);
        }
    }
    let cut = cut.trim_end_matches([' ', ',', '.', ':', ';', '-']);
    if max < 3 {
        return String::new();
    }
    format!("{cut}...")
}

/// The facts of the notice in SMS form: the title (with `KHAN CAP:` before an emergency),
/// and for an event its start and place (or "truc tuyen").
fn facts(n: &Notice<'_>) -> (String, String) {
    let head = gsm::to_gsm_line(n.title);
    let head = match n.severity {
        Some(Severity::KhanCap) => format!("KHAN CAP: {head}"),
        _ => head,
    };
    let mut when_where = Vec::new();
    if let Some(s) = n.start {
        when_where.push(short_time(s));
    }
    match (n.place, n.online_url) {
        (Some(p), _) => when_where.push(gsm::to_gsm_line(p)),
        (None, Some(_)) => when_where.push("truc tuyen".into()),
        (None, None) => {}
    }
    (head, when_where.join(", "))
}

/// The text congxa writes when the clerk wrote no `sms:`, within `cap` septets including the
/// link part `tail` (" https://…/l/abc234/" or empty). The title is shortened first, so the
/// time and the place are never lost.
pub fn auto_text(n: &Notice<'_>, cap: usize, tail: &str) -> String {
    let (head, when_where) = facts(n);
    let facts_room = cap.saturating_sub(units(tail));
    let body = if when_where.is_empty() {
        fit(&head, facts_room)
    } else {
        // The title keeps at least half the room, so a long place does not swallow it.
        let head_min = units(&head).min(facts_room / 2);
        let ww = fit(&when_where, facts_room.saturating_sub(head_min + 2));
        let head = fit(&head, facts_room.saturating_sub(units(&ww) + 2));
        if head.is_empty() {
            ww
        } else if head.ends_with("...") {
            format!("{head} {ww}")
        } else {
            format!("{head}. {ww}")
        }
    };
    let body = match n.description.map(gsm::to_gsm_line) {
        Some(d) if !d.is_empty() => {
            let longer = format!("{}. {d}", body.trim_end_matches('.'));
            if units(&longer) + units(tail) <= cap {
                longer
            } else {
                body
            }
        }
        _ => body,
    };
    format!("{body}{tail}")
}

/// The SMS of `n`. Errs when the clerk's own `sms:` (with the link, unless left out) is longer
/// than its segments allow.
pub fn compose(n: &Notice<'_>) -> Result<Sms, Diagnostic> {
    let opts = n.sms;
    let cap = gsm::gsm_capacity(opts.segments);
    let tail = if opts.link {
        format!(" {}", n.short_url)
    } else {
        String::new()
    };
    let text = match &opts.text {
        None => auto_text(n, cap, &tail),
        Some(own) => {
            let text = format!("{}{tail}", own.trim_end());
            let c = gsm::count(&text);
            if c.units > cap {
                return Err(too_long(opts, c, cap, &tail));
            }
            text
        }
    };
    let count = gsm::count(&text);
    Ok(Sms { text, count })
}

fn too_long(opts: &crate::items::SmsOptions, c: Count, cap: usize, tail: &str) -> Diagnostic {
    let span = opts.at.clone().unwrap_or_default();
    let n = opts.segments;
    let (link_vi, link_en) = if tail.is_empty() {
        (String::new(), String::new())
    } else {
        let k = units(tail);
        (
            format!(" Đường dẫn ngắn thêm vào cuối chiếm {k} ký tự; bỏ nó bằng `sms_link: false`."),
            format!(
                " The short link added at the end takes {k} characters; leave it out with `sms_link: false`."
            ),
        )
    };
    let more = n + 1;
    Diagnostic::error(
        span,
        msg!(
            "tin nhắn `sms` dài {} ký tự, quá {cap} ký tự của {n} tin nhắn",
            "the `sms` text is {} characters long, more than the {cap} of {n} message(s)",
            c.units,
        ),
    )
    .hint(crate::diag::Msg::new(
        format!("viết ngắn lại, hoặc cho phép gửi tin nối bằng `sms_segments: {more}` (mỗi phần 153 ký tự).{link_vi}"),
        format!("shorten it, or allow a concatenated message with `sms_segments: {more}` (153 characters a part).{link_en}"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::items::SmsOptions;

    fn notice<'a>(title: &'a str, place: Option<&'a str>, sms: &'a SmsOptions) -> Notice<'a> {
        Notice {
            path: "su-kien/hop/",
            title,
            description: Some("Mời bà con đến đúng giờ."),
            severity: None,
            start: Some(time::macros::datetime!(2026-11-26 01:00 UTC)),
            end: None,
            place,
            online_url: None,
            audiences: &[],
            sms,
            url: "https://x.gov.vn/su-kien/hop/".into(),
            short_url: "https://x.gov.vn/l/abc234/".into(),
        }
    }

    #[test]
    fn short_time_is_vietnam_time() {
        assert_eq!(
            short_time(time::macros::datetime!(2026-11-26 01:00 UTC)),
            "8h00 26/11"
        );
    }

    #[test]
    fn event_sms_puts_what_when_where_first_then_the_link() {
        let o = SmsOptions::DEFAULT;
        let s = compose(&notice("Họp dân thôn 1", Some("Nhà văn hóa"), &o)).unwrap();
        assert_eq!(
            s.text,
            "Hop dan thon 1. 8h00 26/11, Nha van hoa. Moi ba con den dung gio. https://x.gov.vn/l/abc234/"
        );
        assert_eq!(s.count.segments, 1);
    }

    #[test]
    fn long_title_is_shortened_and_time_and_place_kept() {
        let o = SmsOptions::DEFAULT;
        let title = "Họp dân ".repeat(40);
        let s = compose(&notice(&title, Some("Nhà văn hóa"), &o)).unwrap();
        assert!(
            s.text
                .contains("... 8h00 26/11, Nha van hoa https://x.gov.vn/l/abc234/"),
            "{}",
            s.text
        );
        assert!(s.count.units <= 160);
    }

    #[test]
    fn sms_link_false_leaves_the_link_out_and_more_segments_hold_more() {
        let o = SmsOptions {
            link: false,
            ..SmsOptions::DEFAULT
        };
        let s = compose(&notice("Họp dân thôn 1", Some("Nhà văn hóa"), &o)).unwrap();
        assert_eq!(
            s.text,
            "Hop dan thon 1. 8h00 26/11, Nha van hoa. Moi ba con den dung gio."
        );
        let title = "Họp dân ".repeat(30);
        let one = compose(&notice(&title, None, &SmsOptions::DEFAULT)).unwrap();
        let two = SmsOptions {
            segments: 2,
            ..SmsOptions::DEFAULT
        };
        let two = compose(&notice(&title, None, &two)).unwrap();
        assert_eq!((one.count.segments, two.count.segments), (1, 2));
        assert!(two.text.len() > one.text.len() && two.count.units <= 306);
    }

    #[test]
    fn own_text_is_used_as_written_and_too_long_is_an_error() {
        let o = SmsOptions {
            text: Some("Cat dien thon 1".into()),
            ..SmsOptions::DEFAULT
        };
        let s = compose(&notice("x", None, &o)).unwrap();
        assert_eq!(s.text, "Cat dien thon 1 https://x.gov.vn/l/abc234/");
        let long = SmsOptions {
            text: Some("a".repeat(140)),
            ..SmsOptions::DEFAULT
        };
        let d = compose(&notice("x", None, &long)).unwrap_err();
        assert_eq!(
            d.message.en,
            "the `sms` text is 167 characters long, more than the 160 of 1 message(s)"
        );
    }

    #[test]
    fn fit_cuts_at_a_word_and_marks_it() {
        assert_eq!(fit("mot hai ba bon", 11), "mot hai...");
        assert_eq!(fit("mot", 3), "mot");
        assert_eq!(fit("abcdefgh", 6), "abc...");
    }

    proptest::proptest! {
        #[test]
        fn auto_sms_always_fits_and_is_gsm(title in "\\PC{0,400}", place in "\\PC{0,300}", seg in 1usize..=3) {
            let o = SmsOptions { segments: seg, ..SmsOptions::DEFAULT };
            let s = compose(&notice(&title, Some(&place), &o)).unwrap();
            proptest::prop_assert!(gsm::is_gsm_text(&s.text));
            proptest::prop_assert!(s.count.units <= gsm::gsm_capacity(seg), "{}", s.text);
            proptest::prop_assert!(s.text.ends_with(" https://x.gov.vn/l/abc234/"));
        }
    }
}
