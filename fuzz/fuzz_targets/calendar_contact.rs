//! Bytes → four strings (split at 0xFF, which UTF-8 never holds) → an `.ics` (`feeds::ical`) and
//! a `.vcf` (`people::vcard`). Every line ends in CRLF, holds at most 75 octets and no line break
//! or control character; an iCalendar and a vCard parser read back exactly the properties
//! written, with the values `textfmt::normalize_text` gives.
#![no_main]

use calcard::vcard::{VCard, VCardProperty, VCardValue};
use congxa::config::Phone;
use congxa::feeds::{self, CalEvent};
use congxa::people::{self, Official};
use congxa::textfmt;
use libfuzzer_sys::fuzz_target;
use time::macros::datetime;

fn check_lines(s: &str) {
    assert!(s.ends_with("\r\n"), "{s:?}");
    for line in s[..s.len() - 2].split("\r\n") {
        assert!(line.len() <= 75, "{line:?}");
        assert!(
            !line.chars().any(|c| textfmt::is_line_break(c) || (c.is_control() && c != '\t')),
            "{line:?}"
        );
    }
}

fn calendar(name: &str, summary: &str, place: &str, description: &str) {
    let e = CalEvent {
        uid: "a@x.vn".into(),
        summary: summary.into(),
        start: datetime!(2026-11-28 08:00 +7),
        end: None,
        location: Some(place.into()),
        url: "https://x.vn/su-kien/a/".into(),
        description: description.into(),
        stamp: datetime!(2026-11-20 00:00 +7),
    };
    let ics = feeds::ical(name, &[e]);
    check_lines(&ics);
    let unfolded = icalendar::parser::unfold(&ics);
    let cal = icalendar::parser::read_calendar(&unfolded).expect("parses");
    assert_eq!(cal.components.len(), 1);
    let props: Vec<(&str, &str)> =
        cal.components[0].properties.iter().map(|p| (p.name.as_str(), p.val.as_str())).collect();
    let mut names = vec!["UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "LOCATION", "URL"];
    if !description.is_empty() {
        names.push("DESCRIPTION");
    }
    assert_eq!(props.iter().map(|p| p.0).collect::<Vec<_>>(), names);
    assert_eq!(props[4].1, textfmt::normalize_text(summary));
    assert_eq!(props[5].1, textfmt::normalize_text(place));
}

fn contact(name: &str, role: &str, org: &str, email: &str) {
    let o = Official {
        name: name.into(),
        slug: "a".into(),
        role: role.into(),
        role_en: None,
        group: None,
        phones: vec![Phone { digits: "0912345678".into(), display: "0912 345 678".into(), tel: "tel:+84912345678".into() }],
        email: Some(email.into()),
        duties: None,
        reception: None,
    };
    let vcf = people::vcard(&o, org, "https://x.vn/");
    check_lines(&vcf);
    let card = VCard::parse(&vcf).expect("parses");
    let names: Vec<&VCardProperty> = card.entries.iter().map(|e| &e.name).collect();
    use VCardProperty::*;
    assert_eq!(names, [&Version, &Fn, &Org, &Title, &Tel, &Email, &Url]);
    match card.entries[1].values.as_slice() {
        [VCardValue::Text(t)] => assert_eq!(*t, textfmt::normalize_text(name)),
        [] => assert!(textfmt::normalize_text(name).is_empty()),
        v => panic!("{v:?}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let parts: Vec<String> =
        data.splitn(4, |&b| b == 0xFF).map(|p| String::from_utf8_lossy(p).into_owned()).collect();
    let get = |i: usize| parts.get(i).map_or("", String::as_str);
    calendar(get(0), get(1), get(2), get(3));
    contact(get(0), get(1), get(2), get(3));
});
