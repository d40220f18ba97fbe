//! The rules for the addresses a clerk writes: e-mail, phone number and web link. Every file
//! that takes one (`site.yaml`, `can-bo.yaml`, `to-chuc.yaml`, `to-cong-nghe-so.yaml`,
//! `procedures.yaml`, the catalog, front matter) checks it here, with one message each, so a
//! value refused in one file is refused in every other.

use crate::diag::{Diagnostics, Span};
use crate::msg;
use crate::text;

/// A phone number a resident can dial.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Phone {
    /// "0912345678".
    pub digits: String,
    /// "0912 345 678".
    pub display: String,
    /// "tel:+84912345678".
    pub tel: String,
}

impl Phone {
    /// Parses a written number.
    pub fn parse(s: &str) -> Option<Phone> {
        let digits = text::phone_digits(s)?;
        Some(Phone {
            display: text::format_phone(&digits),
            tel: text::tel_uri(&digits),
            digits,
        })
    }
}

/// Whether `v` (already trimmed) is an e-mail address a mail program can send to: one `@`,
/// something before it, and a domain with a dot inside it (`ubnd@camthanh` is a typo for a
/// real domain, not an address).
pub fn is_email(v: &str) -> bool {
    v.split_once('@').is_some_and(|(a, d)| {
        !a.is_empty()
            && !d.contains('@')
            && d.contains('.')
            && !d.starts_with('.')
            && !d.ends_with('.')
            && !d.contains("..")
    }) && !v.contains(char::is_whitespace)
        && !v.contains(['"', '<', '>', ','])
}

/// Whether `v` is an absolute `https://` (or `http://`) URL with a host that has a dot.
pub fn is_web_url(v: &str) -> bool {
    let rest = v
        .strip_prefix("https://")
        .or_else(|| v.strip_prefix("http://"));
    rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or_default();
        !host.is_empty()
            && host.contains('.')
            && !v.contains(char::is_whitespace)
            && !v.contains(['"', '<', '>'])
    })
}

/// The e-mail address written at `span`, trimmed; an error there when it is not one.
pub fn email(span: Span, written: &str, diags: &mut Diagnostics) -> Option<String> {
    let v = written.trim();
    if is_email(v) {
        return Some(v.to_owned());
    }
    diags.error_hint(
        span,
        msg!(
            "địa chỉ thư điện tử `{v}` không hợp lệ",
            "invalid e-mail address `{v}`"
        ),
        msg!(
            "viết đầy đủ cả tên miền, ví dụ `ubnd@camthanh.quangngai.gov.vn`.",
            "write the whole address with its domain, e.g. `ubnd@camthanh.quangngai.gov.vn`."
        ),
    );
    None
}

/// The phone number written at `span`; an error there when it is not one.
pub fn phone(span: Span, written: &str, diags: &mut Diagnostics) -> Option<Phone> {
    let p = Phone::parse(written);
    if p.is_none() {
        diags.error_hint(
            span,
            msg!("số điện thoại `{}` không hợp lệ", "invalid phone number `{}`", written),
            msg!(
                "viết số đầy đủ như khi gọi: di động 10 số (0912 345 678), cố định 11 số (0255 3822 123), tổng đài 1900/1800, hoặc số ngắn 113, 114, 115.",
                "write the number as dialled: 10-digit mobile, 11-digit landline, 1900/1800 hotline, or a short number like 113."
            ),
        );
    }
    p
}

/// The web link written at `span` for `key`, trimmed; an error there when it is not one.
pub fn web_url(span: Span, key: &str, written: &str, diags: &mut Diagnostics) -> Option<String> {
    let v = written.trim();
    if is_web_url(v) {
        return Some(v.to_owned());
    }
    diags.error_hint(
        span,
        msg!(
            "đường dẫn `{v}` trong `{key}` không hợp lệ",
            "invalid link `{v}` in `{key}`"
        ),
        msg!(
            "viết đầy đủ, bắt đầu bằng https://, ví dụ `https://zalo.me/123456789`.",
            "write the full address starting with https://, e.g. `https://zalo.me/123456789`."
        ),
    );
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn email_needs_a_domain_with_a_dot() {
        assert!(is_email("ubnd@camthanh.quangngai.gov.vn"));
        for bad in [
            "ubnd@camthanh",
            "ubnd",
            "@x.vn",
            "a@.vn",
            "a@x.",
            "a@b@x.vn",
            "a b@x.vn",
            "a@x..vn",
            "<a@x.vn>",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn web_url_needs_a_scheme_and_a_host_with_a_dot() {
        assert!(is_web_url("https://zalo.me/123"));
        assert!(is_web_url("http://x.vn"));
        for bad in [
            "zalo.me/123",
            "https://",
            "https://localhost/",
            "https://x.vn/a b",
            "ftp://x.vn/",
        ] {
            assert!(!is_web_url(bad), "{bad}");
        }
    }

    #[test]
    fn the_checks_report_at_the_span_and_keep_the_trimmed_value() {
        let mut d = Diagnostics::default();
        let at = || Span::at("sites/a/can-bo.yaml", 3, 12);
        assert_eq!(email(at(), " a@x.vn ", &mut d).as_deref(), Some("a@x.vn"));
        assert_eq!(
            web_url(at(), "zalo_oa", " https://x.vn/ ", &mut d).as_deref(),
            Some("https://x.vn/")
        );
        assert!(phone(at(), "0912 345 678", &mut d).is_some());
        assert!(d.is_empty());
        assert_eq!(email(at(), "ubnd@camthanh", &mut d), None);
        assert_eq!(phone(at(), "12345", &mut d), None);
        assert_eq!(web_url(at(), "zalo_oa", "zalo.me", &mut d), None);
        assert_eq!(d.error_count(), 3);
    }

    proptest! {
        /// What `is_email` takes, a vCard's EMAIL and a `mailto:` carry as written: no space,
        /// quote or angle bracket that would end the value.
        #[test]
        fn accepted_emails_have_one_at_and_no_breaking_characters(s in "\\PC{0,40}") {
            if is_email(&s) {
                prop_assert_eq!(s.matches('@').count(), 1);
                prop_assert!(!s.contains(|c: char| c.is_whitespace() || "\"<>,".contains(c)));
            }
        }
    }
}
