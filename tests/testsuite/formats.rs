//! Every writer of a text format, fed arbitrary text (CR, LF, CRLF, U+0085/2028/2029, NUL and
//! other controls, `;` `,` `\` `:` `<` `&`, long Vietnamese lines), read back with a real parser:
//! the parsed value is exactly the input after the normalisation `congxa::textfmt` documents,
//! and no property or element appears that the writer did not write. Then the kept regressions
//! (`tests/regressions/`): hostile front matter and YAML built by the real binary.

use std::fs;

use calcard::icalendar::{ICalendar, ICalendarComponentType, ICalendarProperty, ICalendarValue};
use calcard::vcard::{VCard, VCardProperty, VCardValue};
use congxa::config::Phone;
use congxa::feeds::{self, CalEvent, Entry, Feed};
use congxa::people::{self, Official};
use congxa::textfmt::{self, xml};
use congxa::{render, search};
use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;
use time::macros::datetime;

use crate::harness::{ProjectTest, repo};

/// 256 cases per property (CI); `PROPTEST_CASES=N` runs more locally.
fn config() -> ProptestConfig {
    crate::harness::proptest_config(256)
}

/// What clerks' files may carry through YAML escapes, and what each format treats specially.
const HOSTILE: &[char] = &[
    '\r', '\n', '\u{2028}', '\u{2029}', '\u{85}', '\0', '\u{1}', '\u{b}', '\u{c}', '\u{1b}',
    '\u{7f}', '\u{9f}', '\t', ';', ',', '\\', ':', '"', '\'', '<', '>', '&', '=', '/', '!', '-',
    '\u{feff}', '\u{fffe}', '\u{ffff}', ' ',
];
const VIETNAMESE: &[char] = &[
    'a', 'n', 'h', 'g', 'T', ' ', 'ệ', 'Đ', 'ư', 'ờ', 'ở', 'ỹ', 'ắ', 'ộ', 'ố', 'ủ', 'í',
];

fn hostile() -> impl Strategy<Value = String> {
    let c = prop_oneof![
        4 => prop::sample::select(VIETNAMESE),
        3 => prop::sample::select(HOSTILE),
        1 => any::<char>(),
    ];
    let s = prop::collection::vec(c, 0..200).prop_map(|v| v.into_iter().collect::<String>());
    prop_oneof![
        3 => s.clone(),
        1 => s.prop_map(|s| format!("{s}\r\nATTENDEE:mailto:x@y\r\nEND:VEVENT")),
    ]
}

/// RFC 5545 §3.1 / RFC 6350 §3.2 at the byte level: CRLF line ends, at most 75 octets a line,
/// no line break or control character but tab inside a line.
fn check_content_lines(s: &str) -> Result<(), TestCaseError> {
    prop_assert!(s.ends_with("\r\n"), "{s:?}");
    for line in s[..s.len() - 2].split("\r\n") {
        prop_assert!(line.len() <= 75, "{line:?}");
        prop_assert!(
            !line
                .chars()
                .any(|c| textfmt::is_line_break(c) || (c.is_control() && c != '\t')),
            "{line:?}"
        );
    }
    Ok(())
}

fn event(summary: &str, place: &str, description: &str) -> CalEvent {
    CalEvent {
        uid: "hop-dan@badinh.example.vn".into(),
        summary: summary.into(),
        start: datetime!(2026-11-28 08:00 +7),
        end: None,
        location: Some(place.into()),
        url: "https://badinh.example.vn/su-kien/hop-dan/".into(),
        description: description.into(),
        stamp: datetime!(2026-11-20 00:00 +7),
    }
}

/// The properties of the one VEVENT in `ics`, by two parsers: (name, unescaped value).
fn vevent(ics: &str) -> Result<Vec<(String, String)>, TestCaseError> {
    let unfolded = icalendar::parser::unfold(ics);
    let cal = icalendar::parser::read_calendar(&unfolded).map_err(TestCaseError::fail)?;
    prop_assert_eq!(cal.components.len(), 1);
    let ev = &cal.components[0];
    prop_assert_eq!(ev.name.as_str(), "VEVENT");
    prop_assert!(ev.components.is_empty());
    let props: Vec<(String, String)> = ev
        .properties
        .iter()
        .map(|p| (p.name.as_str().to_owned(), p.val.as_str().to_owned()))
        .collect();
    // The second, lenient reader (a mail server's) must see the same structure.
    let liberal = ICalendar::parse(ics).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
    let events: Vec<_> = liberal
        .components
        .iter()
        .filter(|c| c.component_type == ICalendarComponentType::VEvent)
        .collect();
    prop_assert_eq!(events.len(), 1);
    prop_assert_eq!(events[0].entries.len(), props.len());
    prop_assert!(
        !liberal
            .components
            .iter()
            .flat_map(|c| &c.entries)
            .any(|e| e.name == ICalendarProperty::Attendee)
    );
    Ok(props)
}

fn calendar_name(ics: &str) -> Result<String, TestCaseError> {
    let cal = ICalendar::parse(ics).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
    let root = &cal.components[0];
    prop_assert_eq!(&root.component_type, &ICalendarComponentType::VCalendar);
    let entry = root
        .entries
        .iter()
        .find(|e| e.name == ICalendarProperty::Other("X-WR-CALNAME".into()));
    Ok(match entry.map(|e| e.values.as_slice()) {
        Some([ICalendarValue::Text(t)]) => t.clone(),
        Some([]) | None => String::new(),
        Some(v) => return Err(TestCaseError::fail(format!("{v:?}"))),
    })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn ical_values_round_trip_and_add_no_property(
        name in hostile(), summary in hostile(), place in hostile(), description in hostile()
    ) {
        let ics = feeds::ical(&name, &[event(&summary, &place, &description)]);
        check_content_lines(&ics)?;
        let props = vevent(&ics)?;
        let mut expected = vec!["UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "LOCATION", "URL"];
        if !description.is_empty() {
            expected.push("DESCRIPTION");
        }
        let names: Vec<&str> = props.iter().map(|(n, _)| n.as_str()).collect();
        prop_assert_eq!(names, expected);
        let value = |n: &str| props.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
        prop_assert_eq!(value("SUMMARY"), Some(textfmt::normalize_text(&summary)));
        prop_assert_eq!(value("LOCATION"), Some(textfmt::normalize_text(&place)));
        if !description.is_empty() {
            prop_assert_eq!(value("DESCRIPTION"), Some(textfmt::normalize_text(&description)));
        }
        prop_assert_eq!(calendar_name(&ics)?, textfmt::normalize_text(&name));
    }
}

fn official(name: &str, role: &str, email: &str) -> Official {
    Official {
        name: name.into(),
        slug: "nguyen-van-an".into(),
        role: role.into(),
        role_en: None,
        group: None,
        phones: vec![Phone {
            digits: "0912345678".into(),
            display: "0912 345 678".into(),
            tel: "tel:+84912345678".into(),
        }],
        email: Some(email.into()),
        duties: None,
        reception: None,
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn vcard_values_round_trip_and_add_no_property(
        name in hostile(), role in hostile(), org in hostile(), email in hostile()
    ) {
        let vcf = people::vcard(&official(&name, &role, &email), &org, "https://badinh.example.vn/");
        check_content_lines(&vcf)?;
        let card = VCard::parse(&vcf).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        let names: Vec<&VCardProperty> = card.entries.iter().map(|e| &e.name).collect();
        prop_assert_eq!(
            names,
            [
                &VCardProperty::Version,
                &VCardProperty::Fn,
                &VCardProperty::Org,
                &VCardProperty::Title,
                &VCardProperty::Tel,
                &VCardProperty::Email,
                &VCardProperty::Url,
            ]
        );
        // One text value (an empty value may be read as none).
        let text = |p: VCardProperty| -> Result<String, TestCaseError> {
            let values = card.entries.iter().find(|e| e.name == p).map(|e| e.values.as_slice());
            match values {
                Some([VCardValue::Text(t)]) => Ok(t.clone()),
                Some([]) => Ok(String::new()),
                v => Err(TestCaseError::fail(format!("{p:?}: {v:?}"))),
            }
        };
        let one = textfmt::normalize_text;
        prop_assert_eq!(text(VCardProperty::Fn)?, one(&name));
        prop_assert_eq!(text(VCardProperty::Org)?, one(&org));
        prop_assert_eq!(text(VCardProperty::Title)?, one(&role));
        prop_assert_eq!(text(VCardProperty::Email)?, one(&email));
        prop_assert_eq!(text(VCardProperty::Tel)?, "tel:+84912345678");
    }
}

fn feed(title: &str, summary: &str, html: &str, tag: &str) -> Feed {
    Feed {
        title: title.into(),
        home: "https://badinh.example.vn/".into(),
        atom_url: "https://badinh.example.vn/thong-bao/feed.xml".into(),
        json_url: "https://badinh.example.vn/thong-bao/feed.json".into(),
        author: "Ủy ban nhân dân phường Ba Đình".into(),
        lang: "vi".into(),
        entries: vec![Entry {
            url: "https://badinh.example.vn/thong-bao/cat-dien/".into(),
            title: title.into(),
            summary: summary.into(),
            html: html.into(),
            published: datetime!(2026-11-18 00:00 +7),
            updated: datetime!(2026-11-19 00:00 +7),
            tags: vec![tag.into()],
        }],
    }
}

fn element_names<'a>(n: roxmltree::Node<'a, 'a>) -> Vec<&'a str> {
    n.children()
        .filter(|c| c.is_element())
        .map(|c| c.tag_name().name())
        .collect()
}

fn child_text<'a>(n: roxmltree::Node<'a, 'a>, name: &str) -> String {
    n.children()
        .find(|c| c.has_tag_name(name))
        .map(|c| c.text().unwrap_or_default().to_owned())
        .unwrap_or_default()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn atom_is_well_formed_and_text_round_trips(
        title in hostile(), summary in hostile(), html in hostile(), tag in hostile()
    ) {
        let atom = feeds::atom(&feed(&title, &summary, &html, &tag));
        let doc = roxmltree::Document::parse(&atom)
            .map_err(|e| TestCaseError::fail(format!("{e}: {atom:?}")))?;
        let root = doc.root_element();
        prop_assert_eq!(
            element_names(root),
            ["title", "id", "link", "link", "updated", "author", "entry"]
        );
        prop_assert_eq!(child_text(root, "title"), xml::normalize(&title));
        let entry = root.children().find(|c| c.has_tag_name("entry")).unwrap();
        prop_assert_eq!(
            element_names(entry),
            ["title", "id", "link", "published", "updated", "summary", "content", "category"]
        );
        prop_assert_eq!(child_text(entry, "title"), xml::normalize(&title));
        prop_assert_eq!(child_text(entry, "summary"), xml::normalize(&summary));
        prop_assert_eq!(child_text(entry, "content"), xml::normalize(&html));
        let term = entry.children().find(|c| c.has_tag_name("category")).and_then(|c| c.attribute("term"));
        let want = xml::normalize(&tag);
        prop_assert_eq!(term, Some(want.as_str()));
        // A feed reader's parser takes it too, with its one entry.
        let f = feed_rs::parser::parse(atom.as_bytes())
            .map_err(|e| TestCaseError::fail(format!("{e}: {atom:?}")))?;
        prop_assert_eq!(f.entries.len(), 1);
        let got = f.entries[0].title.as_ref().map(|t| t.content.clone()).unwrap_or_default();
        // feed-rs trims the text it shows.
        let want = xml::normalize(&title);
        prop_assert_eq!(got.as_str(), want.trim());
    }

    #[test]
    fn json_feed_round_trips_every_string(
        title in hostile(), summary in hostile(), html in hostile(), tag in hostile()
    ) {
        let json = feeds::json_feed(&feed(&title, &summary, &html, &tag));
        let v: serde_json::Value = serde_json::from_str(&json)
            .map_err(|e| TestCaseError::fail(format!("{e}: {json:?}")))?;
        prop_assert_eq!(v["title"].as_str(), Some(title.as_str()));
        let item = &v["items"][0];
        prop_assert_eq!(item["title"].as_str(), Some(title.as_str()));
        prop_assert_eq!(item["summary"].as_str(), Some(summary.as_str()));
        prop_assert_eq!(item["content_html"].as_str(), Some(html.as_str()));
        prop_assert_eq!(item["tags"][0].as_str(), Some(tag.as_str()));
        let f = feed_rs::parser::parse(json.as_bytes())
            .map_err(|e| TestCaseError::fail(format!("{e}: {json:?}")))?;
        prop_assert_eq!(f.entries.len(), 1);
        let got = f.entries[0].title.as_ref().map(|t| t.content.clone()).unwrap_or_default();
        prop_assert_eq!(got.as_str(), title.trim());
    }

    #[test]
    fn json_ld_cannot_end_its_script_and_round_trips(name in hostile(), tail in "(</script>|<!--|</SCRIPT |-->|<\\?|]]>){0,3}") {
        let name = format!("{name}{tail}");
        let ld = render::json_ld(&serde_json::json!({ "@type": "GovernmentOffice", "name": name }));
        prop_assert!(!ld.contains(['<', '>', '&', '\u{2028}', '\u{2029}']), "{ld}");
        let v: serde_json::Value = serde_json::from_str(&ld).map_err(|e| TestCaseError::fail(format!("{e}: {ld}")))?;
        prop_assert_eq!(v["name"].as_str(), Some(name.as_str()));
    }

    #[test]
    fn search_index_round_trips_every_string(t in hostile(), s in hostile()) {
        let item = search::Item { t: t.clone(), u: "thong-bao/a/".into(), k: "Thông báo".into(), s: s.clone(), w: "ab".into(), b: "cd".into(), c: "1.001193".into(), r: search::RANK_NEWS, l: Some("en".into()) };
        let files = search::shards::files(&[item]);
        let (path, json) = &files.files[0];
        prop_assert_eq!(path, "tim-kiem/index.json");
        let v: serde_json::Value = serde_json::from_slice(json).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(v["i"][0]["t"].as_str(), Some(t.as_str()));
        // An empty snippet is left out of the row.
        prop_assert_eq!(v["i"][0]["s"].as_str().unwrap_or_default(), s.as_str());
    }

    #[test]
    fn sitemaps_are_well_formed_and_locations_round_trip(path in hostile(), base in hostile()) {
        let map = render::sitemap(&base, &[path.clone(), "gioi-thieu/".into()]);
        let doc = roxmltree::Document::parse(&map).map_err(|e| TestCaseError::fail(format!("{e}: {map:?}")))?;
        prop_assert_eq!(element_names(doc.root_element()), ["url", "url"]);
        let first = doc.root_element().first_element_child().unwrap();
        prop_assert_eq!(element_names(first), ["loc"]);
        prop_assert_eq!(child_text(first, "loc"), xml::normalize(&format!("{base}{path}")));
        let index = render::sitemap_index(&[format!("{base}sitemap.xml")]);
        let doc = roxmltree::Document::parse(&index).map_err(|e| TestCaseError::fail(format!("{e}: {index:?}")))?;
        prop_assert_eq!(element_names(doc.root_element()), ["sitemap"]);
        let first = doc.root_element().first_element_child().unwrap();
        prop_assert_eq!(child_text(first, "loc"), xml::normalize(&format!("{base}sitemap.xml")));
    }
}

const SITE: &str = "phuong-ba-dinh";

/// The news fixture with one kept regression input copied to `dest` in its site.
fn with_regression(input: &str, dest: &str) -> ProjectTest {
    let p = ProjectTest::from_fixture("news/basic");
    let bytes = fs::read(repo().join("tests/regressions").join(input)).unwrap();
    p.write_bytes(&format!("sites/{SITE}/{dest}"), &bytes);
    p
}

fn no_line_starts_with(text: &str, file: &str, names: &[&str]) {
    for line in text.split("\r\n") {
        for n in names {
            assert!(!line.starts_with(n), "{file}: injected line {line:?}");
        }
    }
}

#[test]
fn crlf_in_event_title_cannot_inject_an_attendee() {
    let p = with_regression(
        "event-title-crlf-attendee.md",
        "content/su-kien/hop-dan-to-2.md",
    );
    p.build().assert_ok().assert_stderr_contains(
        "su-kien/hop-dan-to-2.md:2:1: `title` có ký tự xuống dòng hoặc ký tự điều khiển (U+000D)",
    ).assert_stderr_contains(
        "su-kien/hop-dan-to-2.md:5:1: `place` có ký tự xuống dòng hoặc ký tự điều khiển (U+0085)",
    );
    for f in ["su-kien/hop-dan-to-2/su-kien.ics", "su-kien/lich.ics"] {
        let ics = fs::read_to_string(p.out().join(SITE).join(f)).unwrap();
        check_content_lines(&ics).unwrap_or_else(|e| panic!("{f}: {e}"));
        no_line_starts_with(
            &ics,
            f,
            &["ATTENDEE", "END:VEVENT\r\nEND", "DESCRIPTION:giả"],
        );
        let liberal = ICalendar::parse(&ics).unwrap_or_else(|e| panic!("{f}: {e:?}"));
        assert!(
            !liberal
                .components
                .iter()
                .flat_map(|c| &c.entries)
                .any(|e| e.name == ICalendarProperty::Attendee),
            "{f}: an ATTENDEE was read"
        );
        let unfolded = icalendar::parser::unfold(&ics);
        let cal = icalendar::parser::read_calendar(&unfolded).unwrap();
        let ev = cal
            .components
            .iter()
            .find(|c| {
                c.properties.iter().any(|p| {
                    p.name.as_str() == "SUMMARY" && p.val.as_str().starts_with("Họp dân tổ 2")
                })
            })
            .unwrap_or_else(|| panic!("{f}: event missing"));
        let value = |n: &str| {
            let found: Vec<&str> = ev
                .properties
                .iter()
                .filter(|p| p.name.as_str() == n)
                .map(|p| p.val.as_str())
                .collect();
            assert_eq!(found.len(), 1, "{f}: {n} {found:?}");
            found[0].to_owned()
        };
        assert_eq!(
            value("SUMMARY"),
            "Họp dân tổ 2\nATTENDEE;CN=Kẻ gian:mailto:x@y\nEND:VEVENT"
        );
        assert_eq!(value("LOCATION"), "Nhà văn hóa\ntổ 2; cổng, sau");
        assert_eq!(
            value("DESCRIPTION"),
            "Bàn việc chỉnh trang ngõ\nLOCATION:nơi khác\nDESCRIPTION:giả"
        );
    }
}

#[test]
fn line_separator_in_official_name_cannot_inject_a_vcard_property() {
    let p = with_regression("can-bo-name-line-separator.yaml", "can-bo.yaml");
    p.build()
        .assert_ok()
        .assert_stderr_contains(
            "can-bo.yaml:2:11: `name` có ký tự xuống dòng hoặc ký tự điều khiển (U+2028)",
        )
        .assert_stderr_contains(
            "can-bo.yaml:3:11: `role` có ký tự xuống dòng hoặc ký tự điều khiển (U+000D)",
        );
    let dir = p.out().join(SITE).join("can-bo");
    let cards: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "vcf"))
        .collect();
    assert_eq!(cards.len(), 1, "{cards:?}");
    let vcf = fs::read_to_string(&cards[0]).unwrap();
    check_content_lines(&vcf).unwrap();
    no_line_starts_with(
        &vcf,
        "vcf",
        &["TEL:+8499", "EMAIL:ke-gian", "URL:https://lua-dao"],
    );
    let card = VCard::parse(&vcf).unwrap_or_else(|e| panic!("{e:?}"));
    let all = |n: VCardProperty| -> Vec<&VCardValue> {
        card.entries
            .iter()
            .filter(|e| e.name == n)
            .flat_map(|e| &e.values)
            .collect()
    };
    assert_eq!(
        all(VCardProperty::Fn),
        [&VCardValue::Text(
            "Lê Văn Cường\nTEL:+84999999999\nEMAIL:ke-gian@x.y".into()
        )]
    );
    assert_eq!(
        all(VCardProperty::Title),
        [&VCardValue::Text(
            "Phó Chủ tịch\nURL:https://lua-dao.example/".into()
        )]
    );
    assert_eq!(
        all(VCardProperty::Tel),
        [&VCardValue::Text("tel:+842438230002".into())]
    );
    assert_eq!(
        all(VCardProperty::Email),
        [&VCardValue::Text("cuong@badinh.example.vn".into())]
    );
    assert_eq!(all(VCardProperty::Url).len(), 1);
}

#[test]
fn control_character_in_announcement_title_keeps_atom_well_formed() {
    let p = with_regression(
        "announcement-title-control-char.md",
        "content/thong-bao/cat-nuoc.md",
    );
    p.build().assert_ok().assert_stderr_contains(
        "thong-bao/cat-nuoc.md:2:1: `title` có ký tự xuống dòng hoặc ký tự điều khiển (U+0001)",
    );
    for dir in ["thong-bao", "thong-bao/doi-tuong/to-1"] {
        let path = p.out().join(SITE).join(dir).join("feed.xml");
        let atom = fs::read_to_string(&path).unwrap();
        let doc = roxmltree::Document::parse(&atom).unwrap_or_else(|e| panic!("{dir}: {e}"));
        let titles: Vec<String> = doc
            .root_element()
            .children()
            .filter(|c| c.has_tag_name("entry"))
            .map(|e| child_text(e, "title"))
            .collect();
        assert!(
            titles.contains(&"Lịch cắt nước ngày 25/11[31m".to_owned()),
            "{dir}: {titles:?}"
        );
        let f = feed_rs::parser::parse(atom.as_bytes()).unwrap_or_else(|e| panic!("{dir}: {e}"));
        assert_eq!(f.entries.len(), titles.len(), "{dir}");
        let json = fs::read(p.out().join(SITE).join(dir).join("feed.json")).unwrap();
        let j = feed_rs::parser::parse(&json[..]).unwrap_or_else(|e| panic!("{dir}: {e}"));
        assert_eq!(j.entries.len(), titles.len(), "{dir}");
    }
}
