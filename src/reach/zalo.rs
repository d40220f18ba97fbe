//! The Zalo post of an announcement or event, for a hamlet's Zalo group or the commune's
//! Official Account: plain text with line breaks, at most [`MAX_CHARS`] characters, the page's
//! own URL last, so Zalo shows the page's Open Graph preview (title, description, `og:image`)
//! under the post. The canonical URL is used rather than the short link: Zalo's preview reader
//! does not follow the short link's refresh.

use super::Notice;
use crate::items::Severity;

/// Most characters of a Zalo post congxa writes.
pub const MAX_CHARS: usize = 2000;

/// `s` on one line: line breaks and tabs become spaces, other control characters are dropped,
/// runs of spaces collapse.
pub fn one_line(s: &str) -> String {
    let kept: String = s
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .filter(|c| !c.is_control() && !matches!(c, '\u{200B}'..='\u{200F}' | '\u{FEFF}'))
        .collect();
    kept.split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `s` cut to at most `max` characters at a word boundary, "…" added when cut.
fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out = String::new();
    for w in s.split(' ') {
        if out.chars().count() + w.chars().count() + 2 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    if out.is_empty() {
        out = s.chars().take(max.saturating_sub(1)).collect();
    }
    out.push('…');
    out
}

/// The post of `n`. Lines: the title (after the severity of an urgent announcement), the
/// description, the time, the place and the meeting link of an event, then "Xem chi tiết:"
/// and the URL. When it would exceed [`MAX_CHARS`], the description is shortened, then the
/// title; the facts and the link stay whole.
pub fn compose(n: &Notice<'_>) -> String {
    let title = one_line(n.title);
    let title = match n.severity {
        Some(s @ (Severity::KhanCap | Severity::QuanTrong)) => {
            format!("[{}] {title}", s.label().to_uppercase())
        }
        _ => title,
    };
    let mut facts: Vec<String> = Vec::new();
    if let Some(s) = n.start {
        let mut when = format!("Thời gian: {}", crate::dates::format_datetime(s));
        if let Some(e) = n.end {
            let (a, b) = (
                s.to_offset(crate::dates::VN_OFFSET),
                e.to_offset(crate::dates::VN_OFFSET),
            );
            if a.date() == b.date() {
                when.push_str(&format!(" đến {:02}:{:02}", b.hour(), b.minute()));
            } else {
                when.push_str(&format!(" đến {}", crate::dates::format_datetime(e)));
            }
        }
        facts.push(when);
    }
    if let Some(p) = n.place {
        facts.push(format!("Địa điểm: {}", cut(&one_line(p), 300)));
    }
    if let Some(u) = n.online_url {
        facts.push(format!("Họp trực tuyến: {}", one_line(u)));
    }
    let last = format!("Xem chi tiết: {}", n.url);
    let desc = n.description.map(one_line).filter(|d| !d.is_empty());
    let fixed: usize = facts
        .iter()
        .chain([&last])
        .map(|l| l.chars().count() + 1)
        .sum();
    let room = MAX_CHARS.saturating_sub(fixed);
    let title = cut(&title, room.min(500));
    let desc = desc.map(|d| cut(&d, room.saturating_sub(title.chars().count() + 1)));
    let mut lines = vec![title];
    lines.extend(desc.filter(|d| d != "…"));
    lines.extend(facts);
    lines.push(last);
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::items::SmsOptions;

    fn notice<'a>(title: &'a str, desc: &'a str) -> Notice<'a> {
        Notice {
            path: "thong-bao/a/",
            title,
            description: Some(desc),
            severity: Some(Severity::KhanCap),
            start: None,
            end: None,
            place: None,
            online_url: None,
            audiences: &[],
            sms: &SmsOptions::DEFAULT,
            url: "https://x.gov.vn/thong-bao/a/".into(),
            short_url: "https://x.gov.vn/l/abc234/".into(),
        }
    }

    #[test]
    fn post_has_lines_and_ends_with_the_url() {
        let z = compose(&notice("Bão số 12", "Gió mạnh\r\ncấp 10."));
        assert_eq!(
            z,
            "[KHẨN CẤP] Bão số 12\nGió mạnh cấp 10.\nXem chi tiết: https://x.gov.vn/thong-bao/a/"
        );
    }

    proptest::proptest! {
        #[test]
        fn post_is_within_limit_and_ends_with_the_url(t in "\\PC{0,3000}", d in "\\PC{0,3000}") {
            let z = compose(&notice(&t, &d));
            proptest::prop_assert!(z.chars().count() <= MAX_CHARS);
            proptest::prop_assert!(z.ends_with("https://x.gov.vn/thong-bao/a/"));
            proptest::prop_assert!(!z.chars().any(|c| c.is_control() && c != '\n'));
        }
    }
}
